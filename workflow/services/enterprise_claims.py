"""An enterprise's claim for a roster of workers (issue 19 item 3): filed from a sheet, each
row checked by the roster kind its pack declares (workflow.domain.rosters), run through the same
process as every claim (township → department → bureau acceptance → public notice → payment)
and paid once, to the enterprise's account.

A worker is counted once per subsidy (the row's `slot`): the pre-check names the rows already
counted elsewhere; the unique constraint on (slot, worker) settles two claims filed at the same
moment (the second refused with the same per-row message, nothing of it saved).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from workflow.domain import policy
from workflow.domain.access import Actor, Role
from workflow.domain.claims import Stage, Status
from workflow.domain.organisations import LABELS as ORG_LABELS
from workflow.domain.organisations import may_file
from workflow.domain.phrases import Fen, Phrase, Said, joined, phrase, reason_text, to_record
from workflow.domain.rosters import (
    RosterError,
    RosterKind,
    RowError,
    check_rows,
    numbered_rows,
    roster_price,
    row_numbers,
    template_rows,
)
from workflow.persistence.crypto import session_keyring
from workflow.persistence.models import Claim, Enterprise, RosterRow
from workflow.services import (
    certificate_slots,
    definitions,
    enterprise_accounts,
    instances,
    pack_versions,
    payee_overlap,
    quotes,
    roster_follow_ups,
)
from workflow.services.claims import new_reference
from workflow.services.errors import ForbiddenError, InvalidInputError
from workflow.services.roster_rows import ENTERPRISE as PAYEE
from workflow.services.roster_rows import row_facts, rows_of
from workflow.services.runtime import Runtime
from workflow.spreadsheets import Xlsx, read_rows

TARGET_GROUP = "enterprise"  # the claim's group: the enterprise files, not a worker
COUNTED = reason_text("this worker is already counted in another claim for this subsidy")


class RosterRefusedError(InvalidInputError):
    """The roster cannot be filed: `rows` holds every problem by sheet row and column."""

    def __init__(self, rows: Sequence[RowError]) -> None:
        super().__init__({"roster": Said(phrase("%(count)s problem(s) in the roster",
                                                count=len(rows)))})
        self.rows = tuple(rows)


@dataclass(frozen=True)
class RosterFiling:
    kind: str  # the roster kind (a pack's, by the claim's subsidy_kind)
    rows: tuple[Mapping[str, str], ...]  # by column name (workflow.domain.rosters)
    attested: bool  # the enterprise judges each worker's skill meets its job (企业认定)
    # The packs the deployment offers (POLICY_PACKS); None: every pack (services' tests).
    offered: tuple[str, ...] | None = None
    # Each row's number in the sheet sent (blank lines skipped); None: 2, 3, ... (JSON rows).
    numbers: tuple[int, ...] | None = None
    # The enterprise's paid claim a follow-up kind follows (roster_follow_ups), by its id.
    follows: int | None = None


def kinds_offered(offered: Sequence[str] | None, org_type: str | None = None
                  ) -> list[RosterKind]:
    """The roster kinds of the packs a deployment offers (those an organisation of `org_type`
    may file, where given)."""
    return [k for k in policy.ROSTER_KINDS.values()
            if (offered is None or k.pack_id in offered)
            and (org_type is None or may_file(org_type, k.filers))]


def kind_of(kind: str, offered: Sequence[str] | None = None) -> RosterKind:
    found = policy.ROSTER_KINDS.get(kind)
    if found is None or (offered is not None and found.pack_id not in offered):
        raise InvalidInputError({"roster_kind": Said(phrase("no such kind of roster"))})
    return found


def _claim(enterprise: Enterprise, kind: RosterKind, reference: str, definition_id: int,
           now: datetime, filed_on: date, township: str) -> Claim:
    """The claim as every claim is kept: the enterprise in the person's place (its credit
    code in the ID number's), the roster kind as the certificate, the enterprise's account."""
    return Claim(reference=reference, applicant_id=enterprise.user_id,
                 definition_id=definition_id, status=Status.IN_PROGRESS,
                 stage=Stage.TOWNSHIP_REVIEW, submitted_at=now, full_name=enterprise.name,
                 id_number=enterprise.credit_code, phone=enterprise.phone,
                 township=township, target_group=TARGET_GROUP,
                 certificate_code="", certificate_name=kind.title[:128],
                 certificate_number=reference, certificate_level="",
                 certificate_issued_on=filed_on, certificate_issuer=enterprise.name[:128],
                 bank_name=enterprise.bank_name, account_number=enterprise.account_number,
                 account_holder=enterprise.account_holder, policy_pack=kind.pack_id,
                 subsidy_kind=kind.kind, payee_kind=PAYEE)


def release_lapsed(session: Session) -> None:
    """Workers of claims rejected or withdrawn may be filed again: their slots are freed."""
    closed = select(Claim.id).where(Claim.payee_kind == PAYEE,
                                    Claim.status.in_([Status.REJECTED, Status.WITHDRAWN]))
    session.execute(update(RosterRow).where(RosterRow.slot.is_not(None),
                                            RosterRow.claim_id.in_(closed)).values(slot=None))


def counted(session: Session, kind: RosterKind, rows: Sequence[Mapping[str, Any]],
            numbers: Sequence[int] | None = None, claim_id: int | None = None) -> list[RowError]:
    """The rows whose worker another claim counts for the same subsidy (under any hash key);
    `claim_id`'s own rows do not count (its roster being corrected). `numbers`: the rows'
    numbers in the sheet (rosters.row_numbers)."""
    numbers = row_numbers(rows, numbers)
    keyring = session_keyring(session)
    by_hash = {h: (n, kind.slot(r)) for n, r in zip(numbers, rows, strict=True)
               for h in keyring.lookup_hashes(str(r["id_number"]))}
    taken = session.execute(select(RosterRow.id_number_hash, RosterRow.slot).where(
        RosterRow.id_number_hash.in_(list(by_hash)),
        RosterRow.claim_id != (claim_id or 0))).all()
    rows_taken = {by_hash[h][0] for h, slot in taken if by_hash[h][1] == slot}
    # A person's own claim of the same subsidy counts them too (payee_overlap; not named).
    rows_taken |= {by_hash[h][0] for h in payee_overlap.persons_claiming(session, kind, by_hash)}
    return [RowError(n, "id_number", Said(phrase(COUNTED))) for n in sorted(rows_taken)]


def _may_file(enterprise: Enterprise, kind: RosterKind) -> None:
    """What the organisation is decides what it may file (workflow.domain.organisations)."""
    if not may_file(enterprise.org_type, kind.filers):
        raise InvalidInputError({"roster_kind": Said(phrase(
            "%(kind)s is filed by: %(filers)s (%(clause)s)", kind=Phrase(kind.title),
            filers=joined([Phrase(ORG_LABELS[f]) for f in kind.filers]),
            clause=kind.clause))})


def _certificates_taken(session: Session, kind: RosterKind, rows: Sequence[Mapping[str, Any]],
                        numbers: Sequence[int] | None = None,
                        claim_id: int | None = None) -> list[RowError]:
    """The rows whose certificate a live claim (the person's or another roster's) other than
    `claim_id` holds."""
    if kind.certificate_slot is None:
        return []
    slots = [kind.certificate_slot(r) for r in rows]
    held = certificate_slots.taken(session, slots, claim_id)
    return [RowError(n, "certificate_number", Said(phrase(certificate_slots.TAKEN)))
            for n, slot in zip(row_numbers(rows, numbers), slots, strict=True) if slot in held]


def _row(claim_id: int, number: int, kind: RosterKind, row: Mapping[str, Any],
         amount_fen: int | None) -> RosterRow:
    facts = {k: v.isoformat() if isinstance(v, date) else v for k, v in row.items()
             if k not in ("full_name", "id_number")}
    return RosterRow(claim_id=claim_id, row_number=number, full_name=str(row["full_name"]),
                     id_number=str(row["id_number"]), slot=kind.slot(row), facts=facts,
                     amount_fen=amount_fen)


def file_roster(session: Session, runtime: Runtime, actor: Actor,
                filing: RosterFiling) -> Claim:
    """File the enterprise's claim for the roster, or refuse it whole (RosterRefusedError with
    every row's problems, InvalidInputError for the form's own fields)."""
    if actor.role != Role.ENTERPRISE:
        raise ForbiddenError(reason_text("only enterprises file roster claims"))
    enterprise = enterprise_accounts.of_actor(session, actor)
    kind = kind_of(filing.kind, filing.offered)
    kind, first = roster_follow_ups.bound(session, enterprise, kind, filing.follows)
    _may_file(enterprise, kind)
    if not filing.attested:  # each kind's own statement, citing its own clause
        raise InvalidInputError({"attested": Said(phrase(
            "the enterprise must confirm its statement to file this roster: %(statement)s",
            statement=Phrase(kind.attestation)))})
    if policy.pack(kind.pack_id).filing.township_review and not enterprise.township:
        # Registered where no pack offered had a township step; this pack's claims go to one.
        raise InvalidInputError({"township": Said(phrase(
            "give the enterprise's township in its details first: the township reviews "
            "claims of this kind"))})
    now = runtime.clock()
    filed_on = pack_versions.county_date(now)
    numbers = row_numbers(filing.rows, filing.numbers)
    try:
        rows = check_rows(kind, filing.rows, filed_on, numbers)
    except RosterError as exc:
        raise RosterRefusedError(exc.errors) from None
    if first is not None:  # each row names the claim it follows (kept in its facts)
        rows = [{**r, roster_follow_ups.FOLLOWS: first.reference} for r in rows]
    release_lapsed(session)
    taken = counted(session, kind, rows, numbers) + _certificates_taken(
        session, kind, rows, numbers)
    if taken:
        raise RosterRefusedError(taken)
    definition = definitions.current(session)
    spec = definitions.parsed(session, runtime, definition.id)
    reference = new_reference(now)
    # Who reviews is the pack's to say: its township step (or none) and the kind's department.
    township = enterprise.township if policy.pack(kind.pack_id).filing.township_review else ""
    with instances.advancing(reference):
        instance = runtime.engine.start(spec, {
            "township": township, "certificate_code": "", "certificate_level": "",
            policy.filing.LISTED_DEPARTMENT: kind.department(rows)})
    claim = _claim(enterprise, kind, reference, definition.id, now, filed_on, township)
    session.add(claim)
    instances.save(session, runtime, claim, instance, now)
    store_rows(session, claim, kind, rows, numbers)
    instances.audit(session, claim, actor, "submitted", now, stage=claim.stage,
                    changes={"workers": len(rows), "roster_kind": kind.kind,
                             **({"follows": first.reference} if first else {})})
    return claim


def store_rows(session: Session, claim: Claim, kind: RosterKind,
               rows: Sequence[Mapping[str, Any]], numbers: Sequence[int] | None = None) -> None:
    """The claim's roster is these rows (those it held before deleted first, their workers
    freed), each taking its worker's slot; refused whole, nothing of it kept, when another claim
    took a worker meanwhile: the unique constraint settles two claims at the same moment."""
    numbers = row_numbers(rows, numbers)
    try:
        with session.begin_nested():
            # Deleted before the new rows go in: a worker kept on a corrected roster takes
            # the slot its old row frees (a flush would insert before it deletes).
            session.execute(delete(RosterRow).where(RosterRow.claim_id == claim.id))
            session.add_all(_row(claim.id, n, kind, r, fen) for n, r, fen in zip(
                numbers, rows, kind.amounts(rows), strict=True))
            if kind.certificate_slot is not None:  # exactly these rows' certificates
                certificate_slots.hold(session, claim.id, map(kind.certificate_slot, rows))
            session.flush()
    except IntegrityError:
        raise RosterRefusedError(counted(session, kind, rows, numbers, claim.id) + (
            _certificates_taken(session, kind, rows, numbers, claim.id)) or [
            RowError(0, "id_number", Said(phrase(COUNTED)))]) from None


def fix_amount(session: Session, claim: Claim, now: datetime) -> None:
    """Bureau acceptance fixes the amount: what each worker's row pays, summed (003 二(四):
    每人1500元 给予企业). The money goes to the enterprise's account on the claim, once. A
    kind whose source states no amount waits here, refused with why, until an administrator
    sets its entry; the row pays that, at most the kind's cap (Huzhou 004 三 7 最高6000元)."""
    kind = kind_of(claim.subsidy_kind or "")
    # A worker a reviewer struck out is not paid (workflow.domain.roster_strikes).
    rows = [r for r in rows_of(session, claim) if r.struck_at is None]
    version = pack_versions.pack_on(session, kind.pack_id,
                                    pack_versions.county_date(now)).version
    set_fen = dict(quotes.set_amounts(session, kind.pack_id, version))
    price = roster_price(kind, [(r.amount_fen, row_facts(r.facts, r.full_name)) for r in rows],
                         set_fen)
    if price.total_fen is None:
        raise InvalidInputError({"decision": Said(phrase(
            "the amount of %(kind)s is not configured: %(clause)s states no amount per worker "
            "(an administrator sets it as entry %(entry)s)", kind=kind.title,
            clause=kind.clause, entry="、".join(price.missing)))})
    for row, paid in zip(rows, price.prices, strict=True):
        row.amount_fen = paid.amount_fen
    total = price.total_fen
    rule = phrase("%(kind)s: %(count)s worker(s), %(total)s fen to the enterprise (%(clause)s)",
                  kind=kind.title, count=len(rows), total=Fen(total), clause=kind.clause)
    if price.capped:
        rule = phrase("%(rule)s; the amount set is above the cap: %(cap)s fen per worker",
                      rule=rule, cap=Fen(kind.cap_fen or 0))
    claim.amount_fen = total
    claim.amount_rule, claim.amount_rule_phrase = str(rule), to_record(rule)
    claim.policy_version = version
    claim.accepted_at = now


def sheet_rows(kind_id: str, data: bytes, filename: str
               ) -> tuple[tuple[Mapping[str, str], ...], tuple[int, ...]]:
    """The rows of an uploaded roster (xlsx or CSV, read formula-safe: cached values only) and
    each one's row number in the sheet (blank lines skipped, never renumbered)."""
    kind = kind_of(kind_id)
    try:
        table = read_rows(data, filename)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise InvalidInputError({"sheet": Said(phrase(
            "this file cannot be read as a roster: upload the template as xlsx"))}) from None
    rows, numbers = numbered_rows(kind, table)
    return tuple(rows), tuple(numbers)


def template(kind_id: str) -> bytes:
    """The roster's template to download: the headers and an example row."""
    kind = kind_of(kind_id)
    sheet = Xlsx(kind.title, widths=[16] * len(kind.columns), freeze="A2")
    for row in template_rows(kind):
        sheet.append(row)
    return sheet.to_bytes()


def claims_of(session: Session, actor: Actor, limit: int = 50) -> list[Claim]:
    """The enterprise's own claims, newest first."""
    if actor.role != Role.ENTERPRISE:
        raise ForbiddenError(reason_text("only enterprises have roster claims"))
    return list(session.scalars(select(Claim).where(Claim.applicant_id == actor.user_id)
                                .order_by(Claim.submitted_at.desc(), Claim.id.desc())
                                .limit(limit)))
