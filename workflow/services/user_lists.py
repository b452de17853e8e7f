"""The administrator's list of accounts: search, filters and bounded pages with a total, and
the same rows for the users export, so the file holds what the page lists.

Search: a username or a name by how it starts (a username in any case), or an ID number by the
whole number only. Administrators see ID numbers masked (first 6 and last 4 characters), and
the column is encrypted with a keyed hash beside it: a search by the first digits would need
the plain numbers, and would unmask any account's number digit by digit (ten tries a digit),
so only a whole, valid number is looked up, through its keyed hash, and each such lookup is
audited with the number masked. The export carries that search as the keyed hashes, never the
number.

Pages are bounded as the reviewers' queue is (workflow.services.queries): at most MAX_PAGE rows
from at most MAX_OFFSET in, and a total exact up to COUNT_LIMIT, "at least" beyond it (counting
ten thousand account ids is cheap; a county has tens of thousands of applicants at most).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from workflow.domain.access import Actor, Role
from workflow.domain.identity import InvalidIdNumberError, mask_id_number, normalise_id_number
from workflow.persistence.crypto import session_keyring
from workflow.persistence.models import User
from workflow.services import instances
from workflow.services.errors import ForbiddenError, InvalidInputError

PAGE = 50
MAX_PAGE = 100
MAX_OFFSET = 10_000  # deeper than anyone pages; narrow the filters instead
COUNT_LIMIT = MAX_OFFSET  # totals are exact up to here and shown as "at least" beyond
ROLES = tuple(r.value for r in Role if r != Role.PUBLIC)
ACTIVE = {"yes": True, "no": False}
ID_HASHES = "id_hashes"  # the export's parameter for a search by ID number
EXPORT_PARAMS = ("q", "role", "scope", "active")
# Digits typed as if an ID number were searched by its start (a whole one is looked up).
_ID_START = re.compile(r"^\d{6,17}[0-9Xx]?$")


@dataclass(frozen=True)
class UserFilter:
    search: str = ""
    role: str | None = None
    scope: str | None = None
    active: bool | None = None
    limit: int = PAGE
    offset: int = 0


@dataclass(frozen=True)
class UserPage:
    users: list[User]
    total: int  # up to COUNT_LIMIT
    by_id_number: str | None  # the masked number searched for, if the search was one
    id_start: bool  # the search looked like the start of an ID number: found by name only


def whole_id_number(term: str) -> str | None:
    """The search as a whole, valid ID number, or None."""
    try:
        return normalise_id_number(term) if len(term.strip()) >= 15 else None
    except InvalidIdNumberError:
        return None


def _conditions(f: UserFilter, id_hashes: Sequence[str] | None) -> list[Any]:
    found: list[Any] = []
    if f.role:
        found.append(User.role == f.role)
    if f.scope:
        found.append(User.scope == f.scope)
    if f.active is not None:
        found.append(User.active == f.active)
    term = f.search.strip()
    if id_hashes is not None:
        found.append(User.id_number_hash.in_(id_hashes))
    elif term:
        found.append(or_(func.lower(User.username).startswith(term.lower(), autoescape=True),
                         User.full_name.startswith(term, autoescape=True)))
    return found


def _admin(actor: Actor) -> None:
    if actor.role != Role.ADMIN:
        raise ForbiddenError("only administrators manage users")


def page(session: Session, admin: Actor, f: UserFilter, now: datetime) -> UserPage:
    """One bounded page of the accounts the filter finds, ordered by role and username, and
    how many there are (up to COUNT_LIMIT)."""
    _admin(admin)
    number = whole_id_number(f.search)
    hashes = session_keyring(session).lookup_hashes(number) if number else None
    ids = select(User.id).where(*_conditions(f, hashes))
    total = session.scalar(select(func.count()).select_from(
        ids.limit(COUNT_LIMIT).subquery())) or 0
    rows = list(session.scalars(
        select(User).where(*_conditions(f, hashes)).order_by(User.role, User.username, User.id)
        .limit(max(1, min(f.limit, MAX_PAGE))).offset(min(max(0, f.offset), MAX_OFFSET))))
    masked = mask_id_number(number) if number else None
    if masked is not None:  # who looked up which person's account, and when
        instances.audit(session, None, admin, "users_searched_by_id_number", now,
                        changes={"id_number": masked, "found": total})
    return UserPage(rows, total, masked,
                    number is None and _ID_START.match(f.search.strip()) is not None)


def filter_of(params: Mapping[str, str]) -> UserFilter:
    """The filter an export was asked with (the page's own names); bad values refused."""
    errors: dict[str, str] = {}
    role = params.get("role") or None
    if role is not None and role not in ROLES:
        errors["role"] = "unknown role"
    active = params.get("active") or None
    if active is not None and active not in ACTIVE:
        errors["active"] = "yes or no"
    if errors:
        raise InvalidInputError(errors)
    return UserFilter(params.get("q", "")[:64], role, params.get("scope") or None,
                      None if active is None else ACTIVE[active])


def sealed(session: Session, params: Mapping[str, str]) -> dict[str, str]:
    """An export's parameters as stored: a search by ID number becomes its keyed hashes (the
    job's row keeps no whole number)."""
    clean = {k: v for k, v in params.items() if k in EXPORT_PARAMS}
    filter_of(clean)  # refused now, not when the job runs
    number = whole_id_number(clean.get("q", ""))
    if number is not None:
        del clean["q"]
        clean[ID_HASHES] = ",".join(session_keyring(session).lookup_hashes(number))
    return clean


def export_query(params: Mapping[str, str], columns: Sequence[Any]) -> Select[Any]:
    """The export's rows (`columns` of each account), as the page lists them, every page."""
    hashes = params[ID_HASHES].split(",") if params.get(ID_HASHES) else None
    return select(*columns).where(*_conditions(filter_of(params), hashes)).order_by(
        User.role, User.username, User.id)
