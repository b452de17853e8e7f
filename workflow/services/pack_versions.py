"""Versions of a policy pack: which is in force on a day, and an administrator's drafts.

Version 1 is the code's table. An administrator drafts the next version (entries added from a
new document, entries retired), then schedules it from a date; a scheduled version is never
changed, a draft may be discarded. Every change is audited. Which day decides is in
`workflow.domain.versions`: a quote by the day it is asked, a claim by the day it was filed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import bindparam, delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from workflow.domain.access import Actor, Role
from workflow.domain.policy import DEFAULT_PACK, PACKS, PolicyPack
from workflow.domain.policy.tables import Row, retirement
from workflow.domain.versions import (
    RETIRE,
    EntryChange,
    PackVersion,
    chain_to,
    in_force,
    schedule_problems,
)
from workflow.domain.workdays import COUNTY_TIME
from workflow.persistence.models import PolicyChange, PolicyVersion
from workflow.services import instances
from workflow.services.errors import ConflictError, ForbiddenError, InvalidInputError

DRAFT, SCHEDULED = "draft", "scheduled"
_CACHE = "butie.pack_versions"  # per session: a request reads a pack's versions once


def county_date(moment: datetime) -> date:
    """The county's calendar day at `moment` (versions start at midnight, county time)."""
    return moment.astimezone(COUNTY_TIME).date()


def _change(row: PolicyChange) -> EntryChange:
    return EntryChange(row.kind, row.entry_code, row.clause, row.name, row.group_name,
                       row.amount_fen, row.department)


def _changes(session: Session, version_ids: list[int]) -> dict[int, list[PolicyChange]]:
    found: dict[int, list[PolicyChange]] = {i: [] for i in version_ids}
    if version_ids:
        for row in session.scalars(select(PolicyChange).where(
                PolicyChange.version_id.in_(version_ids)).order_by(PolicyChange.id)):
            found[row.version_id].append(row)
    return found


# Built once: every filing and acceptance reads it, and building it costs ~0.2 ms.
_SCHEDULED = (select(PolicyVersion).where(PolicyVersion.pack_id == bindparam("pack_id"),
                                          PolicyVersion.status == SCHEDULED)
              .order_by(PolicyVersion.version))


def versions(session: Session, pack_id: str = DEFAULT_PACK) -> tuple[PackVersion, ...]:
    """Version 1 and every scheduled version of the pack, in order."""
    cache = session.info.setdefault(_CACHE, {})
    if pack_id not in cache:
        rows = list(session.scalars(_SCHEDULED, {"pack_id": pack_id}))
        changes = _changes(session, [r.id for r in rows])
        first = PackVersion(1, PACKS[pack_id].valid_from, (), PACKS[pack_id].source)
        cache[pack_id] = (first, *(PackVersion(
            r.version, r.effective_from or first.effective_from,
            tuple(_change(c) for c in changes[r.id]), r.note) for r in rows))
    return cache[pack_id]  # type: ignore[no-any-return]


def _forget(session: Session) -> None:
    session.info.pop(_CACHE, None)


def pack_on(session: Session, pack_id: str, day: date) -> PolicyPack:
    """The pack as in force on `day` (its version 1 when it is not revised by version)."""
    pack = PACKS[pack_id]
    chain = versions(session, pack_id)
    if pack.revise is None or len(chain) == 1:
        return pack
    return pack.revise(chain_to(chain, in_force(chain, day).number))


def certificate_names(session: Session) -> dict[str, str]:
    """Every certificate code any pack ever listed (in force or retired) with its name: what
    pages name a claim's certificate by."""
    names: dict[str, str] = {}
    for pack_id, pack in PACKS.items():
        if pack.certificates is not None:
            names.update(pack.certificates.ever(versions(session, pack_id)))
    return names


def certificates_on(session: Session, day: date, pack_id: str = DEFAULT_PACK) -> dict[str, str]:
    """The certificates a claim under the pack filed on `day` may name (that version's list);
    empty where the pack's claims name their certificate in words."""
    pack = PACKS[pack_id]
    if pack.certificates is None:
        return {}
    chain = versions(session, pack_id)
    return dict(pack.certificates.in_force(chain_to(chain, in_force(chain, day).number)))


@dataclass(frozen=True)
class VersionRow:
    """A version as the administrator's page lists it."""

    number: int
    status: str  # in_force, scheduled, earlier, draft
    effective_from: date | None
    note: str
    changes: tuple[PolicyChange, ...]
    scheduled_at: datetime | None = None


def history(session: Session, pack_id: str, today: date) -> list[VersionRow]:
    """Every version of the pack, newest first, with its state on `today` and its changes."""
    rows = list(session.scalars(select(PolicyVersion).where(
        PolicyVersion.pack_id == pack_id).order_by(PolicyVersion.version.desc())))
    changes = _changes(session, [r.id for r in rows])
    chain = versions(session, pack_id)
    current = in_force(chain, today).number
    listed = []
    for row in rows:
        status = DRAFT if row.status == DRAFT else (
            "in_force" if row.version == current else
            "scheduled" if row.version > current else "earlier")
        listed.append(VersionRow(row.version, status, row.effective_from, row.note,
                                 tuple(changes[row.id]), row.scheduled_at))
    listed.append(VersionRow(1, "in_force" if current == 1 else "earlier", chain[0].effective_from,
                             chain[0].note, ()))
    return listed


def _admin(actor: Actor, pack_id: str) -> PolicyPack:
    if actor.role != Role.ADMIN or actor.user_id is None:
        raise ForbiddenError("only administrators change policy tables")
    pack = PACKS.get(pack_id)
    if pack is None:
        raise InvalidInputError({"pack": "no such policy pack"})
    if pack.revise is None or pack.table is None:
        raise InvalidInputError({"pack": "this pack's tables are not revised by version"})
    return pack


def draft_of(session: Session, pack_id: str) -> PolicyVersion | None:
    return session.scalar(select(PolicyVersion).where(
        PolicyVersion.pack_id == pack_id, PolicyVersion.status == DRAFT))


def draft_changes(session: Session, draft: PolicyVersion | None) -> list[PolicyChange]:
    return _changes(session, [draft.id])[draft.id] if draft is not None else []


def _open_draft(session: Session, admin: Actor, pack_id: str, now: datetime) -> PolicyVersion:
    draft = draft_of(session, pack_id)
    if draft is None:
        latest = session.scalar(select(func.max(PolicyVersion.version)).where(
            PolicyVersion.pack_id == pack_id)) or 1
        draft = PolicyVersion(pack_id=pack_id, version=latest + 1, status=DRAFT, note="",
                              created_by=admin.user_id, created_at=now)
        try:
            with session.begin_nested():  # another administrator may open it at the same time
                session.add(draft)
        except IntegrityError as exc:
            raise ConflictError("another administrator changed the draft; reload the page") \
                from exc
    return draft


def _record(session: Session, admin: Actor, action: str, now: datetime, pack_id: str,
            version: int, comment: str | None = None, **details: object) -> None:
    instances.audit(session, None, admin, action, now, comment=comment,
                    changes={"pack": pack_id, "version": version, **details})


def add_entry(session: Session, admin: Actor, pack_id: str, change: EntryChange,
              now: datetime) -> PolicyChange:
    """Add an entry to the pack's draft (opened if there is none); audited. The pack may give
    the entry its code (Lanzhou numbers its lists)."""
    table = _admin(admin, pack_id).table
    assert table is not None  # _admin refuses a pack without one
    draft = draft_of(session, pack_id)
    change, errors = table.prepare(versions(session, pack_id),
                                   [_change(c) for c in draft_changes(session, draft)], change)
    if errors:
        raise InvalidInputError(errors)
    return _store(session, admin, pack_id, change, now, "policy_entry_added")


def retire_entry(session: Session, admin: Actor, pack_id: str, code: str, clause: str,
                 now: datetime) -> PolicyChange:
    """Retire an entry in force, in the pack's draft (opened if there is none); audited."""
    table = _admin(admin, pack_id).table
    assert table is not None  # _admin refuses a pack without one
    draft = draft_of(session, pack_id)
    change, errors = retirement(table, versions(session, pack_id),
                                [_change(c) for c in draft_changes(session, draft)],
                                EntryChange(RETIRE, code.strip().upper(), clause.strip()))
    if errors:
        raise InvalidInputError(errors)
    return _store(session, admin, pack_id, change, now, "policy_entry_retired")


def table_rows(session: Session, pack_id: str) -> dict[str, Row]:
    """The pack's table after its last scheduled version: a draft builds on it."""
    table = PACKS[pack_id].table
    return dict(table.rows(versions(session, pack_id))) if table is not None else {}


def table_groups(session: Session, pack_id: str) -> list[str]:
    table = PACKS[pack_id].table
    return table.groups(versions(session, pack_id)) if table is not None else []


def _store(session: Session, admin: Actor, pack_id: str, change: EntryChange, now: datetime,
           action: str) -> PolicyChange:
    draft = _open_draft(session, admin, pack_id, now)
    row = PolicyChange(version_id=draft.id, kind=change.kind, entry_code=change.code,
                       name=change.name, group_name=change.group, amount_fen=change.amount_fen,
                       department=change.department, clause=change.clause,
                       created_by=admin.user_id, created_at=now)
    session.add(row)
    session.flush()
    _record(session, admin, action, now, pack_id, draft.version, code=change.code,
            name=change.name, group=change.group, amount_fen=change.amount_fen,
            department=change.department or None, clause=change.clause)
    return row


def remove_change(session: Session, admin: Actor, pack_id: str, change_id: int,
                  now: datetime) -> None:
    """Take one change out of the draft (a scheduled version's changes never move)."""
    _admin(admin, pack_id)
    draft = draft_of(session, pack_id)
    row = session.get(PolicyChange, change_id)
    if draft is None or row is None or row.version_id != draft.id:
        raise InvalidInputError({"_form": "no such change in the draft"})
    session.delete(row)
    session.flush()
    _record(session, admin, "policy_change_removed", now, pack_id, draft.version,
            code=row.entry_code, kind=row.kind)


def discard_draft(session: Session, admin: Actor, pack_id: str, now: datetime) -> None:
    """Throw the draft away; the audit event keeps what it held."""
    _admin(admin, pack_id)
    draft = draft_of(session, pack_id)
    if draft is None:
        raise InvalidInputError({"_form": "there is no draft"})
    held = [f"{c.kind} {c.entry_code}" for c in draft_changes(session, draft)]
    session.execute(delete(PolicyChange).where(PolicyChange.version_id == draft.id))
    session.delete(draft)
    session.flush()
    _record(session, admin, "policy_draft_discarded", now, pack_id, draft.version,
            changes=held)


def schedule_draft(session: Session, admin: Actor, pack_id: str, effective_from: date,
                   note: str, now: datetime) -> PolicyVersion:
    """Fix the draft as the next version, in force from `effective_from` (county time)."""
    pack = _admin(admin, pack_id)
    draft = draft_of(session, pack_id)
    held = draft_changes(session, draft)
    previous = versions(session, pack_id)[-1]
    errors = schedule_problems(effective_from, county_date(now), previous.effective_from,
                               note, len(held), pack.valid_to)
    if errors:
        raise InvalidInputError(errors)
    assert draft is not None  # a draft without changes is refused above
    draft.status, draft.effective_from, draft.note = SCHEDULED, effective_from, note.strip()
    draft.scheduled_by, draft.scheduled_at = admin.user_id, now
    session.flush()
    _forget(session)
    _record(session, admin, "policy_version_scheduled", now, pack_id, draft.version,
            comment=draft.note, effective_from=effective_from.isoformat(),
            changes=[f"{c.kind} {c.entry_code}" for c in held])
    return draft
