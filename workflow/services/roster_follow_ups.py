"""A roster filing that follows an earlier paid claim of the same enterprise (issue 19 item 3,
Huzhou 004 二 4 其余50%: the rest of a class's directed training, per trainee still employed in
Huzhou 6 months after starting work). The kind says which kind of claim it follows
(RosterKind.follows); this module finds that claim among the enterprise's own and binds the
kind to its rows, so that each row is checked against the worker the first claim counted.

The first claim must be paid, not only accepted: until it is paid an objection upheld on its
notice can still reject it (README "Public notice"), and then there is no first half whose rest
could be paid. A paid claim is final (Status.PAID is never left).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.domain import policy
from workflow.domain.claims import Status
from workflow.domain.phrases import Phrase, Said, phrase
from workflow.domain.rosters import RosterKind
from workflow.persistence.models import Claim, Enterprise
from workflow.services.errors import InvalidInputError
from workflow.services.roster_rows import ENTERPRISE as PAYEE
from workflow.services.roster_rows import rows_of

FOLLOWS = "follows"  # the fact naming, on each row, the claim the filing follows


def _refused(message: Phrase) -> InvalidInputError:
    return InvalidInputError({FOLLOWS: Said(message)})


def bound(session: Session, enterprise: Enterprise, kind: RosterKind,
          follows: int | None) -> tuple[RosterKind, Claim | None]:
    """The kind checked against the claim it follows (and that claim), or the kind as it is
    when it follows none (a claim named for such a kind is not read). InvalidInputError on
    `follows` when the claim is missing, not the enterprise's own (told as missing: another
    enterprise's claims are not disclosed), of another kind or not paid."""
    if kind.follows is None or kind.following is None:
        return kind, None
    first = session.get(Claim, follows) if follows is not None else None
    if first is None or first.applicant_id != enterprise.user_id or first.payee_kind != PAYEE:
        raise _refused(phrase("choose the paid claim of yours that this filing follows "
                              "(%(clause)s)", clause=kind.clause))
    if first.subsidy_kind != kind.follows:
        raise _refused(phrase("claim %(reference)s is of another kind of subsidy: this filing "
                              "follows a claim of %(kind)s", reference=first.reference,
                              kind=Phrase(policy.ROSTER_KINDS[kind.follows].title)))
    if first.status != Status.PAID:
        raise _refused(phrase("claim %(reference)s is not paid: the rest is filed after the "
                              "first claim is paid (%(clause)s)", reference=first.reference,
                              clause=kind.clause))
    rows = [{**r.facts, "full_name": r.full_name, "id_number": r.id_number}
            for r in rows_of(session, first)]
    return kind.following(kind, first.reference, rows), first


def followed(session: Session, enterprise: Enterprise,
             kinds: Sequence[RosterKind]) -> list[Claim]:
    """The enterprise's paid claims a follow-up filing of `kinds` may name, newest first."""
    followed_kinds = sorted({k.follows for k in kinds if k.follows is not None})
    if not followed_kinds:
        return []
    return list(session.scalars(select(Claim).where(
        Claim.applicant_id == enterprise.user_id, Claim.payee_kind == PAYEE,
        Claim.status == Status.PAID, Claim.subsidy_kind.in_(followed_kinds))
        .order_by(Claim.submitted_at.desc(), Claim.id.desc()).limit(100)))
