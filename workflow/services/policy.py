"""Administering a policy pack: set an amount the source document lost, audited.

Never a number in code: rows 1–19 of Pengyang's 附件1 (003_6bc740e2a48a5116.txt), Lanzhou's
category amounts (000_52f3d35499bfb498.txt 附件2) and Huzhou's Zhejiang bases stay "not
configured" until an administrator sets each one from the printed document. Which entries may
be set is the pack's own rule (PolicyPack.settable). A claim accepted earlier keeps the amount
it was accepted with. An amount is recorded against the pack version in force when it is set
and carries forward to later versions (`versions.carried_forward`).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.domain.access import Actor, Role
from workflow.domain.policy import DEFAULT_PACK, PACKS
from workflow.domain.versions import carried_forward
from workflow.persistence.models import PolicyAmount
from workflow.services import instances, pack_versions
from workflow.services.errors import ForbiddenError, InvalidInputError

MAX_AMOUNT_FEN = 100_000_00  # a sanity bound: no training subsidy comes near 100,000 yuan


def check_amount(admin: Actor, entry_code: str, amount_fen: int, note: str,
                 pack_id: str = DEFAULT_PACK) -> None:
    """Whether this amount may be set (raises as `set_amount` would), without setting it: the
    page asks the administrator to confirm only what can be saved."""
    if admin.role != Role.ADMIN or admin.user_id is None:
        raise ForbiddenError("only administrators change policy tables")
    pack = PACKS.get(pack_id)
    if pack is None:
        raise InvalidInputError({"pack": "no such policy pack"})
    if pack.settable(entry_code) is None:
        given = any(e.code == entry_code and e.amount_fen is not None for e in pack.entries)
        raise InvalidInputError({"entry_code": "the source gives this amount; it is not edited"
                                 if given else "no such entry in this pack"})
    if not 0 < amount_fen <= MAX_AMOUNT_FEN:
        raise InvalidInputError({"amount": "between 0.01 and 100000.00 yuan"})
    if not note.strip():
        raise InvalidInputError({"note": "say where the amount comes from"})


def set_amount(session: Session, admin: Actor, entry_code: str, amount_fen: int, note: str,
               now: datetime, pack_id: str = DEFAULT_PACK,
               priced: dict[int, int] | None = None,
               total_fen: int | None = None) -> PolicyAmount:
    """Set (or correct) the amount of a catalogue entry whose amount the source lost;
    `priced`, `total_fen`: the waiting claims per version it prices and the total they come
    to, as confirmed (kept in the audit)."""
    check_amount(admin, entry_code, amount_fen, note, pack_id)
    assert admin.user_id is not None
    version = pack_versions.pack_on(session, pack_id, pack_versions.county_date(now)).version
    row = session.scalar(select(PolicyAmount).where(
        PolicyAmount.pack_id == pack_id, PolicyAmount.pack_version == version,
        PolicyAmount.entry_code == entry_code))
    standing = amounts(session, pack_id, version).get(entry_code)  # perhaps carried forward
    before = standing.amount_fen if standing else None
    if row is None:
        row = PolicyAmount(pack_id=pack_id, pack_version=version, entry_code=entry_code,
                           amount_fen=amount_fen, note=note, set_by=admin.user_id, set_at=now)
        session.add(row)
    else:
        row.amount_fen, row.note, row.set_by, row.set_at = amount_fen, note, admin.user_id, now
    session.flush()
    instances.audit(session, None, admin, "policy_amount_set", now, comment=note,
                    changes={f"{pack_id}:{entry_code}": {"from": before, "to": amount_fen},
                             "version": version,
                             **({} if priced is None else {"waiting_claims_priced": {
                                 str(v): n for v, n in sorted(priced.items())},
                                 "waiting_claims_total_fen": total_fen})})
    return row


def amounts(session: Session, pack_id: str, version: int) -> dict[str, PolicyAmount]:
    """The amounts set for entries the source lost, as they stand for `version`."""
    rows = session.scalars(select(PolicyAmount).where(PolicyAmount.pack_id == pack_id))
    return carried_forward(((row.entry_code, row.pack_version, row) for row in rows), version)
