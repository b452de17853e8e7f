"""Whole ID numbers and bank accounts only while the viewer's task needs them.

Pengyang 003_6bc740e2a48a5116.txt 三(三): 职业资格培训补贴由个人提出申请，所在乡镇和相关部门
（单位）对人员身份进行审核，相关行业主管部门对取证情况进行审核，县人力资源社会保障局组织验收，
对符合条件且经公示无异议的，资金直补个人. Each office's task, and what it needs whole:

- Township reviewer: verifies identity, so the whole ID number while the claim waits at
  township identity review and that task is theirs (their township). After they decide, the
  claim is past their task: masked again, on every page, list and export. The account stays
  masked: identity is the person, and the holder's name is what the account is compared with.
- Department reviewer: verifies the certificate: masked. Except where the department review is
  also the identity review: a claim that names no township (the packs of Lanzhou New Area and
  Huzhou, `policy.filing`: the HR bureau's reviewers check identity and certificate together)
  shows the whole ID number at department review, to the reviewer whose task it is.
- Bureau: accepts the claim and fixes the amount: masked. The cap and the earlier claims of the
  same person are found by the number's keyed hash and shown as automatic checks, objections
  name the masked row of the notice: no bureau task reads the number itself.
- Finance: pays the worker's own account (资金直补个人): the whole account while the claim
  waits at payment (its payment task is open, paid by hand or in a batch). The ID number stays
  masked: the bank pays a name and an account.
- Applicant: their own numbers, masked on their pages and in the API like everywhere else (a
  shared screen, a phone passed round); only their own correction form, while that task is
  open, is filled in with them whole, since it edits them (web/pages/claims.py). The files
  they uploaded stay theirs to read.
- Administrators and the public: masked.

Scans show the same numbers: an ID card scan is served only to whoever sees the ID number whole
at that moment. A certificate also carries its holder's ID number, but judging it is the
department's task, and the township and the bureau look back at it (a return, an objection):
the claim's reviewers read certificate scans at every stage; finance and administrators do not.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Protocol

from workflow.domain.access import Actor, Role, may_complete
from workflow.domain.claims import Stage
from workflow.domain.identity import mask_account, mask_id_number

SOURCE = "003_6bc740e2a48a5116.txt 三(三)"


class Number(StrEnum):
    ID = "id_number"
    ACCOUNT = "account_number"


Whole = frozenset[Number]
NONE: Whole = frozenset()
BOTH: Whole = frozenset(Number)


class OpenTask(Protocol):
    """What the rule reads of an open task (a `HumanTask` row, a queue item)."""

    @property
    def lane(self) -> str: ...

    @property
    def scope(self) -> str | None: ...

    @property
    def stage(self) -> str: ...


# (lane, stage) of an open task → the numbers whoever completes it needs whole.
TASK_NEEDS: dict[tuple[str, str], Whole] = {
    ("Township", Stage.TOWNSHIP_REVIEW): frozenset({Number.ID}),
    ("Finance", Stage.PAYMENT): frozenset({Number.ACCOUNT}),
}
# The department review of a claim no township reviews is its identity review too.
IDENTITY_AT_DEPARTMENT = ("Department", Stage.DEPARTMENT_REVIEW)


def task_needs(lane: str, stage: str, township: str | None) -> Whole:
    """The numbers an open task of `lane` at `stage` needs whole, on a claim of `township`."""
    if (lane, stage) == IDENTITY_AT_DEPARTMENT and not township:
        return frozenset({Number.ID})
    return TASK_NEEDS.get((lane, stage), NONE)


def stages_needing(lane: str | None, number: Number) -> tuple[tuple[str, bool], ...]:
    """Where a task of `lane` needs `number` whole: (stage, only on a claim without township)
    pairs, for queries that decide row by row (ledgers)."""
    found = [(stage, False) for (task_lane, stage), needs in TASK_NEEDS.items()
             if task_lane == lane and number in needs]
    if lane == IDENTITY_AT_DEPARTMENT[0] and number == Number.ID:
        found.append((IDENTITY_AT_DEPARTMENT[1], True))
    return tuple(found)


def whole_numbers(actor: Actor, township: str | None, tasks: Iterable[OpenTask]) -> Whole:
    """The numbers of a claim of `township` the actor sees whole now: those the open tasks
    they may complete need; none when they have no task on it."""
    shown: set[Number] = set()
    for task in tasks:
        if may_complete(actor, task.lane, task.scope):
            shown |= task_needs(task.lane, task.stage, township)
    return frozenset(shown)


def shown(number: Number, value: str, whole: Whole) -> str:
    """`value` as the viewer may see it: whole, or masked (ID: first 6 and last 4; account:
    last 4)."""
    if number in whole:
        return value
    return mask_id_number(value) if number == Number.ID else mask_account(value)


# The numbers a scan of each kind shows. Supporting papers ("other": household register,
# unemployment registration) carry the ID number; a kind not listed may show anything.
SCAN_SHOWS: dict[str, Whole] = {
    "certificate_scan": NONE,  # judged by the reviewers: CERTIFICATE_READERS
    "id_card": frozenset({Number.ID}),
    "other": frozenset({Number.ID}),
}
CERTIFICATE_READERS = frozenset({Role.TOWNSHIP, Role.DEPARTMENT, Role.BUREAU})


def may_read_scan(actor: Actor, kind: str, uploaded_by: int, whole: Whole) -> bool:
    """Whether the actor, who sees `whole` of the claim now, may open a scan of `kind`.

    Call it only for an actor who may see the claim at all (`access.may_view`)."""
    if actor.role == Role.APPLICANT:
        return actor.user_id == uploaded_by  # their own file
    if kind == "certificate_scan":
        return actor.role in CERTIFICATE_READERS
    return SCAN_SHOWS.get(kind, BOTH) <= whole


EXPORT_WITHDRAWN = ("this export was built for a role or scope your account no longer holds, or "
                    "the account is deactivated: it is withdrawn; ask for a new one")


def export_still_theirs(built_role: str | None, built_scope: str | None, role: str,
                        scope: str | None, active: bool) -> bool:
    """An export holds what its role and scope saw when it was built (whole numbers for
    finance, a township's claims): it is theirs only while the account is active and still
    holds that role and scope."""
    return active and built_role == role and (built_scope or None) == (scope or None)
