"""Quotes: a claim evaluated under its policy pack without filing it, and at acceptance.

The person's earlier subsidies are counted from the database: claims accepted (amount fixed)
or paid, never those filed, rejected or withdrawn (issue: caps count what was accepted or paid).
The pack version that answers is the one in force on the day a quote is asked, and for a claim
on the day it was filed (`workflow.domain.versions`), so acceptance applies what was quoted.

Through the API (`quote_asked`) whose subsidies are counted depends on who asks
(`workflow.domain.access.HISTORY_ROLES`): otherwise a quote for any ID number would tell that
person's count, and a masked notice row could be unmasked by trying its hidden digits.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from workflow.domain import installments as split
from workflow.domain import policy
from workflow.domain.access import HISTORY_ROLES, Actor, Role
from workflow.domain.claims import Status
from workflow.domain.identity import InvalidIdNumberError, mask_id_number, normalise_id_number
from workflow.domain.limits import Limit
from workflow.domain.policy import (
    DEFAULT_PACK,
    EarlierSubsidy,
    FiledFacts,
    PolicyPack,
    Quote,
    QuoteRequest,
)
from workflow.domain.versions import carried_forward
from workflow.domain.workdays import COUNTY_TIME
from workflow.persistence.crypto import hash_matches
from workflow.persistence.expressions import filter_only
from workflow.persistence.models import Claim, PolicyAmount, User
from workflow.services import instances, limits, pack_versions
from workflow.services.errors import InvalidInputError


def _same_person(session: Session, id_number: str) -> Any:
    """Claims filed with this ID number, found by its keyed hash (the column is encrypted)."""
    return hash_matches(session, Claim.id_number_hash, id_number)


def accepted_before(session: Session, id_number: str, except_claim: int | None = None,
                    pack_id: str = DEFAULT_PACK) -> int:
    """Claims of this person that were accepted or paid under the pack (its cap counts these
    only: another authority's subsidies are not this one's)."""
    if not id_number:
        return 0
    return session.scalar(select(func.count()).select_from(Claim).where(
        _same_person(session, id_number), Claim.id != (except_claim or 0),
        Claim.policy_pack == pack_id,
        Claim.accepted_at.is_not(None),
        filter_only(Claim.status).in_([Status.IN_PROGRESS, Status.PAID]))) or 0


def history(session: Session, id_number: str, pack_id: str,
            except_claim: int | None = None) -> tuple[EarlierSubsidy, ...]:
    """This person's accepted or paid subsidies under the pack, for caps by year and occupation
    (Lanzhou 附件2 备注4). A Pengyang claim carries no subsidy kind: it is a certificate. A later
    installment confirmed or paid (an apprenticeship's next year, 每人每年) is a subsidy of the
    year it was confirmed in."""
    return _earlier(session, id_number, pack_id, except_claim)[0]


def _earlier(session: Session, id_number: str, pack_id: str, except_claim: int | None
             ) -> tuple[tuple[EarlierSubsidy, ...], int]:
    """`history`, and how many claims it comes from (what a count cap counts)."""
    if not id_number:
        return (), 0
    rows = session.execute(select(Claim.accepted_at, Claim.certificate_name,
                                  Claim.certificate_level, Claim.subsidy_kind,
                                  Claim.installments).where(
        _same_person(session, id_number), Claim.id != (except_claim or 0),
        Claim.policy_pack == pack_id, Claim.accepted_at.is_not(None),
        filter_only(Claim.status).in_([Status.IN_PROGRESS, Status.PAID]))
        .order_by(Claim.accepted_at)).all()
    found: list[EarlierSubsidy] = []
    for at, name, level, kind, records in rows:
        years = [at.astimezone(COUNTY_TIME).year, *split.later_years(records)]
        found += [EarlierSubsidy(year, kind or "certificate", name, level or "")
                  for year in years]
    return tuple(found), len(rows)


def _normalised(id_number: str) -> str:
    try:
        return normalise_id_number(id_number) if id_number else ""
    except InvalidIdNumberError:
        return id_number


def quote_for(session: Session, *, today: date, pack_id: str = DEFAULT_PACK,
              id_number: str = "", except_claim: int | None = None,
              priced_on: date | None = None, count_history: bool = True,
              with_amount: tuple[str, int] | None = None, **facts: Any) -> Quote:
    """The pack's answer for these facts (QuoteRequest's fields), with the person's accepted
    subsidies counted (unless `count_history` is false: the ID number is then checked for its
    form only and no stored claim is read) and the amounts administrators set, under the
    version in force on `priced_on` (default: `today`, county time); `with_amount`: one
    entry's amount as if an administrator had set it (what setting it would do)."""
    number = _normalised(id_number)
    for name in ("township", "target_group", "certificate_code", "certificate_level"):
        facts.setdefault(name, "")
    facts.setdefault("certificate_issued_on", today)
    pack = pack_versions.pack_on(session, pack_id, priced_on or today)
    # The history comes from exactly the claims `accepted_before` counts: one query, not two.
    earlier, claims = (_earlier(session, number, pack_id, except_claim) if count_history
                       else ((), 0))
    return pack.quote(QuoteRequest(**facts, today=today, id_number=number,
                                   accepted_before=claims,
                                   set_amounts=_with(set_amounts(session, pack_id,
                                                                 pack.version), with_amount),
                                   history=earlier))


def _with(amounts: tuple[tuple[str, int], ...], extra: tuple[str, int] | None
          ) -> tuple[tuple[str, int], ...]:
    if extra is None:
        return amounts
    return tuple(sorted({**dict(amounts), extra[0]: extra[1]}.items()))


NOT_ON_FILE = ("an applicant's quote counts the subsidies of the ID number on file only: leave "
               "id_number out or send that number")
TOO_MANY_QUOTES = "too many quotes with an ID number; try again later"


def quote_asked(session: Session, actor: Actor, now: datetime, today: date, limit: Limit,
                id_number: str = "", **facts: Any) -> tuple[Quote, str | None]:
    """A quote asked through the API, and the masked ID number whose accepted subsidies it
    counted (None: nobody's). An applicant's counts their own, by the number on file (another
    number is refused); a reviewer's or the bureau's counts the number given, audited and within
    `limit` per user; anyone else's counts nobody's (the number is checked for its form)."""
    if actor.role == Role.APPLICANT:
        id_number = _own_number(session, actor, id_number)
    elif actor.role in HISTORY_ROLES and id_number:
        limits.take(session, limits.HISTORY_QUOTE, f"user:{actor.user_id}", now, limit,
                    TOO_MANY_QUOTES)
    else:
        return quote_for(session, today=today, id_number=id_number, count_history=False,
                         **facts), None
    if not id_number:
        return quote_for(session, today=today, count_history=False, **facts), None
    masked = mask_id_number(_normalised(id_number))
    if actor.role != Role.APPLICANT:  # who counted whose subsidies, and when
        instances.audit(session, None, actor, "quote_with_id_number", now,
                        changes={"id_number": masked,
                                 "pack": facts.get("pack_id", DEFAULT_PACK)})
    return quote_for(session, today=today, id_number=id_number, **facts), masked


def _own_number(session: Session, actor: Actor, given: str) -> str:
    """The applicant's number on file ("" without one); a different number given is refused."""
    user = session.get(User, actor.user_id)
    on_file = (user.id_number if user is not None else None) or ""
    if given and _normalised(given.strip().upper()) != on_file:
        raise InvalidInputError({"id_number": NOT_ON_FILE})
    return on_file


def quote_filing(session: Session, actor: Actor, today: date, pack_id: str,
                 facts: FiledFacts) -> Quote:
    """What a claim being filed would get (the form shows it before it is sent), under the
    pack version in force today, the applicant's own accepted subsidies counted (the ID number
    on file, as their API quote)."""
    pack = pack_versions.pack_on(session, pack_id, today)
    return quote_for(session, today=today, pack_id=pack_id,
                     id_number=_own_number(session, actor, ""), township=facts.township,
                     target_group=facts.target_group, certificate_code=facts.certificate_code,
                     certificate_level=facts.certificate_level or "",
                     certificate_issued_on=facts.certificate_issued_on,
                     **pack.filing.quote_facts(facts))


# Built once: every acceptance reads it, and building it costs ~0.2 ms.
_SET_AMOUNTS = select(PolicyAmount.entry_code, PolicyAmount.pack_version,
                      PolicyAmount.amount_fen).where(PolicyAmount.pack_id == bindparam("pack_id"))


def set_amounts(session: Session, pack_id: str, version: int) -> tuple[tuple[str, int], ...]:
    """Amounts administrators set for entries the source lost, as they stand for `version`:
    carried forward from earlier versions (`versions.carried_forward`)."""
    rows = session.execute(_SET_AMOUNTS, {"pack_id": pack_id})
    return tuple(sorted(carried_forward(((code, v, fen) for code, v, fen in rows),
                                        version).items()))


def claim_facts(claim: FiledFacts, pack_id: str | None) -> dict[str, Any]:
    """The facts of a claim (filed, or being filed) beyond the common ones, as its pack's quote
    asks for them (the pack's Filing.quote_facts)."""
    return policy.pack(pack_id).filing.quote_facts(claim)


def quote_claim(session: Session, claim: Claim, today: date,
                with_amount: tuple[str, int] | None = None) -> Quote:
    """The claim's quote under the version in force on the day it was filed (`with_amount`:
    as `quote_for`)."""
    return quote_for(session, today=today, pack_id=policy.pack(claim.policy_pack).pack_id,
                     priced_on=pack_versions.county_date(claim.submitted_at),
                     id_number=claim.id_number, except_claim=claim.id,
                     township=claim.township, target_group=claim.target_group,
                     certificate_code=claim.certificate_code,
                     certificate_level=claim.certificate_level,
                     certificate_issued_on=claim.certificate_issued_on,
                     with_amount=with_amount, **claim_facts(claim, claim.policy_pack))


def quote_claim_with(claim: Claim, today: date, accepted: int,
                     amounts: tuple[tuple[str, int], ...], pack: PolicyPack) -> Quote:
    """`quote_claim` with what it reads already read: the person's accepted count, the pack
    as in force on the filing day and its set amounts (a page of claims is quoted from a few
    queries). The person's history is not read: the default pack's cap is a count."""
    return pack.quote(QuoteRequest(claim.township, claim.target_group, claim.certificate_code,
                                   claim.certificate_level, claim.certificate_issued_on, today,
                                   id_number=claim.id_number, accepted_before=accepted,
                                   set_amounts=amounts, **claim_facts(claim, pack.pack_id)))
