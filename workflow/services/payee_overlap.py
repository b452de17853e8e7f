"""One subsidy, two ways to claim it: a person's own claim and an employer's roster (Huzhou 004
二 4: a trainee's directed_training claim and the employer's class roster pay the same 800
yuan). Whichever comes first holds the worker; the other is refused until it is rejected or
withdrawn (RosterKind.person_kinds). Checked by the keyed hashes of the ID number under every
key, so a rotated key still finds them; nothing says which claim holds the worker."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.domain import policy
from workflow.domain.claims import Status
from workflow.domain.rosters import RosterKind
from workflow.persistence.crypto import session_keyring
from workflow.persistence.models import Claim, RosterRow, User

LIVE = (Status.IN_PROGRESS, Status.PAID)


def persons_claiming(session: Session, kind: RosterKind, hashes: Collection[str]) -> set[str]:
    """The hashes among `hashes` of persons whose own live claim of a kind `kind` also pays."""
    if not kind.person_kinds or not hashes:
        return set()
    return set(session.scalars(select(User.id_number_hash).join(
        Claim, Claim.applicant_id == User.id).where(
        User.id_number_hash.in_(list(hashes)), Claim.subsidy_kind.in_(kind.person_kinds),
        Claim.policy_pack == kind.pack_id, Claim.status.in_(LIVE))))


def on_a_roster(session: Session, pack_id: str, subsidy_kind: str | None,
                id_number: str) -> bool:
    """Whether a live roster that pays what a person's claim of `subsidy_kind` pays counts this
    person (by the keyed hashes of `id_number` under every key), a struck row not counted."""
    kinds = [k.kind for k in policy.ROSTER_KINDS.values()
             if k.pack_id == pack_id and subsidy_kind in k.person_kinds]
    if not kinds:
        return False
    hashes = session_keyring(session).lookup_hashes(id_number)
    return session.scalar(select(RosterRow.id).join(Claim, Claim.id == RosterRow.claim_id).where(
        RosterRow.id_number_hash.in_(list(hashes)), RosterRow.struck_at.is_(None),
        Claim.subsidy_kind.in_(kinds), Claim.status.in_(LIVE)).limit(1)) is not None
