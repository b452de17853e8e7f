"""Which waiting claims an amount the source lost holds up, and how many a new amount prices.

A claim is priced when the bureau accepts it, so every claim still waiting (township or
department review, correction, bureau acceptance: in progress and not accepted) is priced by
the amount an administrator sets for its entry, and one that needs an entry still "not
configured" cannot be accepted until it is set. Before an amount is set, the administrator is
told how many claims it will price (and confirms that number: `set_amount_confirmed` refuses
when it changed meanwhile).

Which entry prices a claim is each pack's rule (`PolicyPack.priced_by`, from the kind, code
and occupation name filed, in the tables of the claim's version): Pengyang's certificate row
(003 附件1), Huzhou's national occupation code (004 1), Lanzhou's occupation category A–D
(000 附件2). Other kinds are priced by amounts the documents give. Organisations' claims
(issue 19: a roster whose kind states no amount, a project of 004 三 6) are priced by the
entries their kinds name, as the amounts stand on the day of acceptance
(`workflow.services.organisation_impact`). The version is the one in
force on the day the claim was filed (`workflow.domain.versions`); an amount set now reaches
the claims of the versions `carried_forward` gives it to. tests/integration/test_amount_impact.py
checks these keys against the packs' own quotes.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import case, func, literal, or_, select
from sqlalchemy.orm import Session

from workflow.domain.access import Actor
from workflow.domain.claims import Stage, Status
from workflow.domain.policy import DEFAULT_PACK, PACKS, PolicyPack
from workflow.domain.versions import PackVersion, carried_forward, chain_to
from workflow.domain.workdays import COUNTY_TIME
from workflow.persistence.models import Claim, PolicyAmount
from workflow.services import organisation_impact, pack_versions, policy, quotes
from workflow.services.errors import ConflictError
from workflow.services.roster_rows import ENTERPRISE

WAITING = (Stage.TOWNSHIP_REVIEW, Stage.DEPARTMENT_REVIEW, Stage.CORRECTION,
           Stage.BUREAU_ACCEPTANCE)


@dataclass(frozen=True)
class Impact:
    """Waiting claims an entry's amount prices: how many per pack version, which (ids), and
    the total they would be accepted with at the new amount (`total_fen`; None where no amount
    is given, as for the entries the page lists)."""

    by_version: dict[int, int]
    claim_ids: tuple[int, ...] = ()
    total_fen: int | None = None
    amount_fen: int | None = None
    standing_fen: int | None = None  # the amount it replaces (None: not configured)

    @property
    def count(self) -> int:
        return sum(self.by_version.values())

    @property
    def token(self) -> str:
        """What the administrator saw, to confirm with: the count, then a digest of the very
        claims, the amount, the one it replaces and the total (a claim filed and another
        withdrawn meanwhile, another amount, one another administrator set meanwhile, or a
        roster's workers changed meanwhile, give another token)."""
        seen = (f"{self.amount_fen}|{self.standing_fen}|{self.total_fen}|"
                f"{','.join(map(str, sorted(self.claim_ids)))}")
        return f"{self.count}-{hashlib.sha256(seen.encode()).hexdigest()[:24]}"


class ImpactChangedError(ConflictError):
    """The claims the amount would price changed since the administrator confirmed them."""

    def __init__(self, seen: str, impact: Impact) -> None:
        super().__init__("the number of waiting claims this amount prices changed since you "
                         "confirmed it: check the new number and confirm again")
        self.seen, self.impact = seen, impact


def _version_of_filing(versions: Sequence[PackVersion]) -> Any:
    """The version in force on each claim's filing day (county midnight), as a column: the
    highest-numbered version whose date has come (`versions.in_force`)."""
    later = sorted(versions[1:], key=lambda v: -v.number)
    if not later:
        return literal(versions[0].number)
    return case(*((Claim.submitted_at >= datetime.combine(v.effective_from, time.min,
                                                          COUNTY_TIME), v.number)
                  for v in later), else_=min(v.number for v in versions))


def _pack(pack_id: str) -> Any:
    if pack_id == DEFAULT_PACK:  # claims filed before packs were recorded are Pengyang's
        return or_(Claim.policy_pack == pack_id, Claim.policy_pack.is_(None))
    return Claim.policy_pack == pack_id


def _as_of(pack: PolicyPack, versions: Sequence[PackVersion], number: int) -> PolicyPack:
    """The pack as in force in version `number` (its tables; the pack itself if it has no
    versions of its own)."""
    return pack.revise(chain_to(versions, number)) if pack.revise else pack


def _waiting_where(pack_id: str) -> tuple[Any, ...]:
    return (_pack(pack_id), Claim.status == Status.IN_PROGRESS, Claim.stage.in_(WAITING),
            Claim.accepted_at.is_(None))


def _persons(session: Session, pack_id: str) -> dict[str, dict[int, list[int]]]:
    versions = pack_versions.versions(session, pack_id)
    version = _version_of_filing(versions).label("v")
    rows = session.execute(select(Claim.id, version, Claim.subsidy_kind, Claim.certificate_code,
                                  Claim.certificate_name).where(
        *_waiting_where(pack_id), Claim.payee_kind != ENTERPRISE).order_by(Claim.id)).all()
    packs = {v.number: _as_of(PACKS[pack_id], versions, v.number) for v in versions}
    found: dict[str, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for claim_id, v, kind, code, name in rows:
        key = packs[int(v)].priced_by(kind, code or "", name or "")
        if key is not None:
            found[key][int(v)].append(int(claim_id))
    return found


def _waiting(session: Session, pack_id: str, version: int,
             organisations: Sequence[organisation_impact.Waiting]
             ) -> dict[str, dict[int, list[int]]]:
    found = _persons(session, pack_id)
    for claim in organisations:  # priced as the amounts stand at acceptance: this version's
        for key in claim.entries:
            found[key][version].append(claim.claim_id)
    return {key: dict(ids) for key, ids in found.items()}


def waiting(session: Session, pack_id: str, today: date) -> dict[str, dict[int, list[int]]]:
    """Waiting claims of the pack (their ids) by the entry that prices them and their version:
    a person's claim by the version of its filing day; an organisation's (a roster, a project)
    by the version in force `today`, whose amounts acceptance would price it with."""
    version = pack_versions.pack_on(session, pack_id, today).version
    return _waiting(session, pack_id, version, organisation_impact.waiting_claims(
        session, pack_id, _waiting_where(pack_id)))


def _set_rows(session: Session, pack_id: str, code: str) -> list[tuple[str, int, object]]:
    return [(code, v, v) for v in session.scalars(select(PolicyAmount.pack_version).where(
        PolicyAmount.pack_id == pack_id, PolicyAmount.entry_code == code))]


def blocked(session: Session, pack_id: str, today: date) -> dict[str, Impact]:
    """Per entry with no amount (the source's or one set), the waiting claims it holds up
    (they cannot be accepted until it is set)."""
    pack = PACKS[pack_id]
    found: dict[str, Impact] = {}
    for code, counts in waiting(session, pack_id, today).items():
        given = next((e for e in pack.entries if e.code == code and e.amount_fen is not None),
                     None)
        if given is not None or pack.settable(code) is None:
            continue  # priced by the source's own amount, or not an entry an admin sets
        rows = _set_rows(session, pack_id, code)
        held = {v: ids for v, ids in counts.items() if code not in carried_forward(rows, v)}
        if held:
            found[code] = Impact({v: len(ids) for v, ids in held.items()},
                                 tuple(sorted(i for ids in held.values() for i in ids)))
    return found


def impact(session: Session, pack_id: str, code: str, now: datetime,
           amount_fen: int | None = None) -> Impact:
    """The waiting claims an amount set now for `code` would price: those of every version
    the new setting reaches (`versions.carried_forward`), whether or not one is set now, and
    every organisation's it prices; with `amount_fen`, the total they would be accepted with
    (each priced as acceptance prices it; one refused for another reason counts nothing)."""
    version = pack_versions.pack_on(session, pack_id, pack_versions.county_date(now)).version
    new = object()
    rows: list[tuple[str, int, object]] = [
        row for row in _set_rows(session, pack_id, code) if row[1] != version]
    rows.append((code, version, new))
    organisations = organisation_impact.waiting_claims(session, pack_id,
                                                       _waiting_where(pack_id))
    reached = {v: ids for v, ids in _waiting(session, pack_id, version, organisations)
               .get(code, {}).items() if carried_forward(rows, v).get(code) is new}
    ids = tuple(sorted(i for found in reached.values() for i in found))
    total = None
    if amount_fen is not None:
        theirs = [c for c in organisations if c.claim_id in ids]
        persons = set(ids) - {c.claim_id for c in theirs}
        total = _total(session, sorted(persons), code, amount_fen, now) + _organisations_total(
            session, pack_id, version, theirs, code, amount_fen)
    standing = policy.amounts(session, pack_id, version).get(code)
    return Impact({v: len(found) for v, found in reached.items()}, ids, total, amount_fen,
                  standing.amount_fen if standing else None)


def _total(session: Session, ids: Sequence[int], code: str, amount_fen: int,
           now: datetime) -> int:
    today = pack_versions.county_date(now)
    total = 0
    for claim in session.scalars(select(Claim).where(Claim.id.in_(ids))):
        quote = quotes.quote_claim(session, claim, today, with_amount=(code, amount_fen))
        if quote.amount_fen is not None and not quote.problems():
            total += quote.amount_fen
    return total


def _organisations_total(session: Session, pack_id: str, version: int,
                         claims: Sequence[organisation_impact.Waiting], code: str,
                         amount_fen: int) -> int:
    """What acceptance would fix for the organisations' claims once `code` is set: the amounts
    set as they stand for the version in force, with this one (enterprise_claims.fix_amount,
    organisation_projects.fix_amount)."""
    set_fen = {**dict(quotes.set_amounts(session, pack_id, version)), code: amount_fen}
    return sum(claim.price(set_fen) or 0 for claim in claims)


def _one_at_a_time(session: Session, pack_id: str, code: str) -> None:
    """Two administrators confirming the same entry at once: the second waits for the first
    to commit, then reads its amount (READ COMMITTED: each statement sees what committed
    before it), so its token no longer matches and it is refused. On SQLite every writer is
    already serialized (BEGIN IMMEDIATE). A claim filed while this transaction runs is a claim
    filed after the amount was set: priced by it at acceptance like any later claim."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(
            func.hashtext(f"butie.policy_amount:{pack_id}:{code}"))))


def set_amount_confirmed(session: Session, admin: Actor, entry_code: str, amount_fen: int,
                         note: str, now: datetime, pack_id: str, seen: str
                         ) -> tuple[PolicyAmount, Impact]:
    """`policy.set_amount`, once the administrator has confirmed how many waiting claims it
    prices (`seen`: the Impact's token shown to them); refused if that changed meanwhile.
    Returns the row and the impact applied (the one confirmed)."""
    policy.check_amount(admin, entry_code, amount_fen, note, pack_id)
    _one_at_a_time(session, pack_id, entry_code)
    now_impact = impact(session, pack_id, entry_code, now, amount_fen)
    if now_impact.token != seen:
        raise ImpactChangedError(seen, now_impact)
    return policy.set_amount(session, admin, entry_code, amount_fen, note, now, pack_id,
                             priced=now_impact.by_version,
                             total_fen=now_impact.total_fen), now_impact
