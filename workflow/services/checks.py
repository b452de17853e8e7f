"""Automatic checks a reviewer sees beside a claim, and bulk approval that respects them.

The checks restate what the policy asks reviewers to confirm (Pengyang 003_6bc740e2a48a5116.txt,
二(三): 彭阳户籍, 五类人员; 三(三): each certificate subsidised once, money to the worker's own
account). A claim with any failing check is never approved in bulk: a person looks at it.

One bank account on the live claims of two people blocks: the money goes to the worker's own
account (003 二(三) 补贴资金直补个人, 组织保障(三) 资金直补个人), so one of the two is not
paid to their own, and Gansu 002_bb54aa0badca5692.txt 二(十三) asks that fake claims that
obtain training funds by fraud (弄虚作假骗取套取培训资金) be stopped for fund safety. Only the
other claim's reference is shown, never its account or ID number.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from stdnum.cn import uscc

from workflow.domain import policy
from workflow.domain.access import Actor, may_complete
from workflow.domain.claims import Status
from workflow.domain.identity import (
    InvalidIdNumberError,
    account_passes_luhn,
    normalise_id_number,
    region_warning,
)
from workflow.domain.phrases import Said, phrase
from workflow.domain.policy import PolicyPack
from workflow.domain.policy.model import because
from workflow.persistence.crypto import session_keyring
from workflow.persistence.expressions import filter_only
from workflow.persistence.models import AuditEvent, Claim, HumanTask, RosterRow
from workflow.services import claims, decisions, pack_versions, quotes
from workflow.services.enterprise_details import ACCOUNT_CHANGED
from workflow.services.errors import ServiceError
from workflow.services.roster_rows import ENTERPRISE
from workflow.services.runtime import Runtime

LIVE = (Status.IN_PROGRESS, Status.PAID)


@dataclass(frozen=True)
class Check:
    name: str  # id_valid, id_region, household_in_county, earlier_claims, certificate_unique,
    # account_shared, cap, account_luhn (pack_facts instead of household_in_county elsewhere)
    # (an enterprise's claim: credit_code_valid, workers_valid, account_shared,
    # account_unchanged, account_luhn)
    passed: bool
    detail: str  # references of the claims involved, or the reason; never a full ID number
    blocking: bool = True  # a failing blocking check keeps the claim out of bulk approval


def run_checks(session: Session, claim: Claim) -> list[Check]:
    """Every automatic check on `claim`, in the order a reviewer reads them."""
    return run_checks_many(session, [claim])[claim.id]


def run_checks_many(session: Session, claims: Sequence[Claim]) -> dict[int, list[Check]]:
    """The checks of several claims (a queue page) from a few queries, not a few per claim."""
    rosters = [c for c in claims if c.payee_kind == ENTERPRISE]
    persons = [c for c in claims if c.payee_kind != ENTERPRISE]
    return {**(_enterprise_checks(session, rosters) if rosters else {}),
            **(_person_checks(session, persons) if persons else {})}


def _person_checks(session: Session, claims: Sequence[Claim]) -> dict[int, list[Check]]:
    people: dict[str, list[Any]] = defaultdict(list)
    # Earlier claims of the same people, by the keyed hash of their ID numbers (under every
    # configured key), grouped by the decrypted number.
    keyring = session_keyring(session)
    hashes = {h for c in claims for h in keyring.lookup_hashes(c.id_number)}
    for row in session.execute(select(Claim.id, Claim.id_number, Claim.reference, Claim.status,
                                      Claim.accepted_at, Claim.policy_pack).where(
            Claim.id_number_hash.in_(hashes), filter_only(Claim.status).in_(LIVE))
            .order_by(Claim.submitted_at, Claim.id)):
        people[row.id_number].append(row)
    certificates: dict[str, list[Any]] = defaultdict(list)
    for same in session.execute(select(Claim.id, Claim.certificate_number, Claim.reference).where(
            Claim.certificate_number.in_({c.certificate_number for c in claims}),
            filter_only(Claim.status).in_(LIVE))):
        certificates[same.certificate_number].append(same)
    # Each claim is quoted under the pack as in force on its filing day (versions are cached
    # per session; amounts read once per pack version).
    packs: dict[tuple[str, Any], PolicyPack] = {}
    amounts: dict[tuple[str, int], tuple[tuple[str, int], ...]] = {}
    priced: dict[int, tuple[PolicyPack, tuple[tuple[str, int], ...]]] = {}
    for c in claims:
        key = (policy.pack(c.policy_pack).pack_id, pack_versions.county_date(c.submitted_at))
        if key not in packs:
            packs[key] = pack_versions.pack_on(session, *key)
        pack = packs[key]
        if (key[0], pack.version) not in amounts:
            amounts[(key[0], pack.version)] = quotes.set_amounts(session, key[0], pack.version)
        priced[c.id] = (pack, amounts[(key[0], pack.version)])
    shared = _shared_accounts(session, claims)
    return {c.id: _checks(c, [r for r in people[c.id_number] if r.id != c.id],
                          [r.reference for r in certificates[c.certificate_number]
                           if r.id != c.id], shared[c.id], *priced[c.id])
            for c in claims}


def _enterprise_checks(session: Session, claims: Sequence[Claim]) -> dict[int, list[Check]]:
    """An enterprise's roster claim (issue 19 item 3): its credit code and every worker's ID
    number valid, its account on no person's claim. A person's checks (household, earlier
    claims, the catalogue's cap) do not apply: the roster's pack rules checked each row when
    it was filed, and a worker holds each subsidy once by constraint."""
    workers: dict[int, list[str]] = defaultdict(list)
    for row in session.execute(select(RosterRow.claim_id, RosterRow.row_number,
                                      RosterRow.id_number).where(
            RosterRow.claim_id.in_([c.id for c in claims]),
            RosterRow.struck_at.is_(None))):  # a struck worker is not on the claim any more
        try:
            normalise_id_number(row.id_number)
        except InvalidIdNumberError:
            workers[row.claim_id].append(str(row.row_number))
    shared = _shared_accounts(session, claims)
    changed = _accounts_changed(session, claims)
    return {c.id: [
        Check("credit_code_valid", uscc.is_valid(c.id_number), ""),
        Check("workers_valid", not workers[c.id], ", ".join(workers[c.id])),
        Check("account_shared", not shared[c.id], ", ".join(shared[c.id])),
        Check("account_unchanged", c.id not in changed, changed.get(c.id, "")),
        Check("account_luhn", account_passes_luhn(c.account_number), "", blocking=False),
    ] for c in claims}


def _accounts_changed(session: Session, claims: Sequence[Claim]) -> dict[int, str]:
    """The claims whose payee account the enterprise changed after filing, with the last
    change (masked). It blocks bulk approval: a session taken over could redirect the money
    (Gansu 002 二(十三) 确保资金使用安全), so a reviewer looks at the claim and may call the
    enterprise before approving it."""
    found: dict[int, str] = {}
    for event in session.scalars(select(AuditEvent).where(
            AuditEvent.claim_id.in_([c.id for c in claims]),
            AuditEvent.action == ACCOUNT_CHANGED).order_by(AuditEvent.id)):
        account = (event.changes or {}).get("account_number") or {}
        found[event.claim_id or 0] = Said(phrase(
            "the enterprise changed the account after filing, on %(day)s: %(old)s → %(new)s",
            day=pack_versions.county_date(event.at).isoformat(),
            old=account.get("from", "-"), new=account.get("to", "-")))
    return found


def _shared_accounts(session: Session, claims: Sequence[Claim]) -> dict[int, list[str]]:
    """Each claim's account on live claims of other people (another ID number), as those
    claims' references: found by the keyed hashes of the account and of the ID number (under
    every configured key), one query, nothing decrypted."""
    keyring = session_keyring(session)
    accounts = {c.id: set(keyring.lookup_hashes(c.account_number)) for c in claims}
    people = {c.id: set(keyring.lookup_hashes(c.id_number)) for c in claims}
    rows = session.execute(select(
        Claim.id, Claim.reference, Claim.status, Claim.account_number_hash,
        Claim.id_number_hash).where(
            Claim.account_number_hash.in_(set().union(*accounts.values())),
            filter_only(Claim.status).in_(LIVE)).order_by(Claim.submitted_at, Claim.id)).all()
    return {c.id: [f"{r.reference} ({r.status})" for r in rows
                   if r.account_number_hash in accounts[c.id]
                   and r.id_number_hash not in people[c.id]] for c in claims}


def _identity(claim: Claim) -> list[Check]:
    """The number is valid (refused otherwise at filing); its region code is a warning only:
    a number keeps the code of the county that assigned it (workflow.domain.identity)."""
    try:
        normalise_id_number(claim.id_number)
    except InvalidIdNumberError as exc:
        return [Check("id_valid", False, str(exc))]
    region = region_warning(claim.id_number)
    return [Check("id_valid", True, ""),
            Check("id_region", region is None, Said(region) if region else "", blocking=False)]


def _checks(claim: Claim, earlier: list[Any], same_cert: list[str], shared: list[str],
            pack: PolicyPack, amounts: tuple[tuple[str, int], ...]) -> list[Check]:
    # The cap counts what was accepted or paid (quotes.accepted_before), from the same rows.
    accepted = sum(1 for r in earlier if r.accepted_at is not None
                   and r.policy_pack == pack.pack_id)
    filed_on = pack_versions.county_date(claim.submitted_at)
    verdict = quotes.quote_claim_with(claim, filed_on, accepted, amounts, pack)
    cap = next((r for r in verdict.reasons if r.rule == "cap"), None)
    if cap is None:  # Huzhou's document sets no cap per person
        cap = because("cap", verdict.pack_id, "no cap per person in this pack")
    where = pack.screen(claim, verdict)  # Pengyang's household, another pack's facts
    return [
        *_identity(claim),
        Check(where.name, where.passed, where.detail),
        Check("earlier_claims", not earlier,
              ", ".join(f"{r.reference} ({r.status})" for r in earlier)),
        Check("certificate_unique", not same_cert, ", ".join(same_cert)),
        Check("account_shared", not shared, ", ".join(shared)),
        Check("cap", cap.passed, Said(cap.said)),
        # Not every bank card is Luhn-valid: shown as a warning, it does not block.
        Check("account_luhn", account_passes_luhn(claim.account_number), "", blocking=False),
    ]


def all_pass(checks: list[Check]) -> bool:
    return all(c.passed for c in checks if c.blocking)


@dataclass(frozen=True)
class BulkOutcome:
    claim_id: int
    reference: str
    approved: bool
    reason: str  # why it was skipped; empty when approved


def bulk_approve(session: Session, runtime: Runtime, actor: Actor,
                 claim_ids: list[int]) -> list[BulkOutcome]:
    """Approve each selected claim's open review task on its own, skipping any that fails.

    Each approval runs in its own savepoint and writes its own audit event, exactly as if the
    reviewer had approved it alone; one failure never undoes the others.
    """
    outcomes: list[BulkOutcome] = []
    for claim_id in dict.fromkeys(claim_ids):
        outcomes.append(_approve_one(session, runtime, actor, claim_id))
    return outcomes


def _approve_one(session: Session, runtime: Runtime, actor: Actor, claim_id: int) -> BulkOutcome:
    try:
        claim = claims.visible_claim(session, actor, claim_id)
    except ServiceError:
        return BulkOutcome(claim_id, "", False, "not found")
    task = _review_task(session, actor, claim)
    if task is None:
        return BulkOutcome(claim_id, claim.reference, False, "no open review task of yours")
    failing = [c.name for c in run_checks(session, claim) if c.blocking and not c.passed]
    if failing:
        return BulkOutcome(claim_id, claim.reference, False, "checks failed: " + ", ".join(failing))
    try:
        with session.begin_nested():
            decisions.complete_task(session, runtime, actor, claim.id, task.task_id, "approve")
    except ServiceError as exc:
        return BulkOutcome(claim_id, claim.reference, False, exc.message)
    return BulkOutcome(claim_id, claim.reference, True, "")


def _review_task(session: Session, actor: Actor, claim: Claim) -> HumanTask | None:
    rows = session.scalars(select(HumanTask).where(HumanTask.claim_id == claim.id,
                                                   HumanTask.form == "review"))
    return next((t for t in rows if may_complete(actor, t.lane, t.scope)), None)


def summary(outcomes: list[BulkOutcome]) -> dict[str, Any]:
    return {"approved": sum(o.approved for o in outcomes),
            "skipped": [o for o in outcomes if not o.approved]}
