"""Roles, scopes and who may see or act on what.

A reviewer sees and completes only tasks in their scope (issue 2): township reviewers their
township, department reviewers their department, applicants their own claims.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    APPLICANT = "applicant"
    TOWNSHIP = "township_reviewer"
    DEPARTMENT = "department_reviewer"
    BUREAU = "bureau_officer"
    FINANCE = "finance_officer"
    ADMIN = "administrator"
    PUBLIC = "public"  # anyone, not logged in: reads notices, files objections
    # An enterprise files claims for a roster of its workers and is paid for them (Pengyang
    # 003 二(四) 给予企业技能培训补贴); like an applicant it sees only its own claims.
    ENTERPRISE = "enterprise"


SCOPED_ROLES = frozenset({Role.TOWNSHIP, Role.DEPARTMENT})
# The roles an administrator gives an account (the users page, `butie create-user`). An
# enterprise registers itself with its unified social credit code, which makes its enterprise
# record with the account: an account given the role without one would have no pages.
ASSIGNED_ROLES = tuple(r for r in Role if r not in (Role.PUBLIC, Role.ENTERPRISE))
# Who files claims and sees only their own: a worker, or an enterprise for its workers.
FILING_ROLES = frozenset({Role.APPLICANT, Role.ENTERPRISE})
# Whose quote may count another person's accepted subsidies by the ID number given: the offices
# that review claims (a worker asks at the counter), audited and rate-limited. Applicants count
# only their own (the number on file); anyone else's quote counts nobody's (issue 17 item 4: a
# quote for any ID number unmasked a notice row digit by digit).
HISTORY_ROLES = frozenset({Role.TOWNSHIP, Role.DEPARTMENT, Role.BUREAU})

LANE_ROLE: dict[str, Role] = {
    "Applicant": Role.APPLICANT,
    "Township": Role.TOWNSHIP,
    "Department": Role.DEPARTMENT,
    "Bureau": Role.BUREAU,
    "Finance": Role.FINANCE,
}


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    role: Role
    scope: str | None = None
    name: str = ""


def task_scope(lane: str, township: str, department: str | None, applicant_id: int) -> str | None:
    """The scope a human task row carries, so a queue is one indexed lookup."""
    if lane == "Township":
        return township
    if lane == "Department":
        return department
    if lane == "Applicant":
        return f"user:{applicant_id}"
    return None


def actor_scope(actor: Actor) -> str | None:
    """The task scope an actor's queue reads."""
    if actor.role in FILING_ROLES:
        return f"user:{actor.user_id}"
    return actor.scope if actor.role in SCOPED_ROLES else None


def lane_for(role: Role) -> str | None:
    """The lane whose tasks this role completes; None for administrators."""
    return next((lane for lane, r in LANE_ROLE.items() if r == role), None)


def may_complete(actor: Actor, lane: str | None, scope: str | None) -> bool:
    """True if the actor may complete a task in `lane` with `scope`."""
    role = Role.APPLICANT if actor.role == Role.ENTERPRISE else actor.role  # the filer's lane
    return lane is not None and LANE_ROLE.get(lane) == role and actor_scope(actor) == scope


def may_view(actor: Actor, applicant_id: int, township: str, department: str | None) -> bool:
    """Applicants and enterprises see their own claims, scoped reviewers the claims of their
    scope."""
    if actor.role in FILING_ROLES:
        return actor.user_id == applicant_id
    if actor.role == Role.TOWNSHIP:
        return actor.scope == township
    if actor.role == Role.DEPARTMENT:
        return department is not None and actor.scope == department
    return True

