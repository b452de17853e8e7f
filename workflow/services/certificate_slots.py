"""A certificate paid once whoever claims it (Huzhou 004 一 2: 可按照有关规定给予个人或培训机构):
the person's own claim of the kind and the training institution's roster row for the same
certificate take one key (the pack's certificate_slot, the roster kind's). The check names the
problem before anything is saved; the unique key settles two claims filed at the same moment
(the caller's savepoint turns the IntegrityError into the same refusal). A claim rejected or
withdrawn gives its keys back."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from workflow.domain.claims import Status
from workflow.domain.phrases import reason_text
from workflow.persistence.models import CertificateSlot, Claim

TAKEN = reason_text("this certificate is already claimed, by the person or by a training "
                    "institution: it is paid once (004 一 2 给予个人或培训机构)")


def release_lapsed(session: Session) -> None:
    """Keys of claims rejected or withdrawn are free again (their claims paid nobody)."""
    closed = select(Claim.id).where(Claim.status.in_([Status.REJECTED, Status.WITHDRAWN]))
    session.execute(delete(CertificateSlot).where(CertificateSlot.claim_id.in_(closed)))


def taken(session: Session, slots: Iterable[str], claim_id: int | None = None) -> set[str]:
    """The keys among `slots` that a live claim other than `claim_id` holds."""
    wanted = list(dict.fromkeys(slots))
    if not wanted:
        return set()
    release_lapsed(session)
    return set(session.scalars(select(CertificateSlot.slot).where(
        CertificateSlot.slot.in_(wanted), CertificateSlot.claim_id != (claim_id or 0))))


def hold(session: Session, claim_id: int, slots: Iterable[str]) -> None:
    """The claim holds exactly these keys (filing, or a correction of its certificate); the
    caller flushes inside a savepoint and refuses on IntegrityError."""
    wanted = set(slots)
    held = {s.slot: s for s in session.scalars(select(CertificateSlot).where(
        CertificateSlot.claim_id == claim_id))}
    for slot, row in held.items():
        if slot not in wanted:
            session.delete(row)
    session.flush()
    session.add_all(CertificateSlot(slot=s, claim_id=claim_id) for s in wanted - set(held))
