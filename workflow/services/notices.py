"""Public notice (公示) batches: publish accepted claims, take objections, keep the archive.

Pengyang 003_6bc740e2a48a5116.txt 组织保障 (三): "经公示无异议的，资金直补个人" — money moves only
after a notice without a sustained objection. Lanzhou 000_52f3d35499bfb498.txt 四(四): the list
shows names, ID numbers with digits hidden, the standard and the amount. The window is N working
days on the statutory calendar (`workflow.domain.workdays`), N configurable (default 5), read
once per publication from the tables an administrator keeps (`holiday_calendar`). A window that
runs into a year nobody entered is refused with a message that says where to enter it.

How short a window may be is a setting too (`min_working_days`, default 5): none of the five
source documents gives the length of a 公示 period (Pengyang 组织保障 (三) says only
"经公示无异议的"), so 5 working days is our choice, refused below it here, for the pages and the
API alike, never only in a form.

Publishing is final: the batch's rows and its PDF (with its sha256) are written once and never
updated; a correction is a new batch that names the one it corrects. Each claim of a batch gets
the window's closing time through the `notice_published` message, so when the window closes each
claim's own timer moves it on, exactly once, unless an objection holds it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workflow.domain import installments as split
from workflow.domain.access import Actor, Role
from workflow.domain.claims import Stage
from workflow.domain.identity import mask_id_number
from workflow.domain.limits import Limit
from workflow.domain.phrases import Said, phrase
from workflow.domain.townships import TOWNSHIPS
from workflow.domain.workdays import (
    COUNTY_TIME,
    CalendarNotCoveredError,
    StatutoryCalendar,
    add_working_days,
)
from workflow.engine.runner import NotWaitingError
from workflow.notices.render import NoticeDocument, NoticeRow, render_notice
from workflow.persistence.models import Claim, NoticeBatch, NoticeEntry, Objection
from workflow.services import holiday_calendar, instances, limits, roster_rows
from workflow.services.errors import (
    ConflictError,
    ForbiddenError,
    InvalidInputError,
    NotFoundError,
)
from workflow.services.runtime import Runtime

MAX_BATCH = 5000
OBJECTIONS = Limit(5)  # per source address an hour, unless the caller passes the setting's
TOO_MANY_OBJECTIONS = "too many objections from this address; try again later"


@dataclass(frozen=True)
class NoticeSettings:
    authority: str
    number_pattern: str  # e.g. "彭人社公示〔{year}〕{sequence}号"
    working_days: int = 5
    title: str = "职业技能培训补贴公示"
    min_working_days: int = 5  # the documents give no 公示 period: a setting, not a rule


MAX_WORKING_DAYS = 30


# The defaults of the web settings too (NOTICE_AUTHORITY, NOTICE_NUMBER_PATTERN).
PENGYANG_NOTICES = NoticeSettings("彭阳县人力资源和社会保障局", "彭人社公示〔{year}〕{sequence}号")


@dataclass(frozen=True)
class BatchInput:
    starts_on: date
    working_days: int
    contact_office: str
    contact_phone: str
    contact_address: str
    title: str = ""
    claim_ids: tuple[int, ...] | None = None  # None: every claim awaiting notice
    corrects: str | None = None  # the number of the batch this one corrects


def window(calendar: StatutoryCalendar, starts_on: date,
           working_days: int) -> tuple[date, datetime]:
    """The last day of the window and the moment it closes (end of that day, county time)."""
    ends_on = add_working_days(calendar, starts_on, working_days)
    closes = datetime.combine(ends_on + timedelta(days=1), time.min, tzinfo=COUNTY_TIME)
    return ends_on, closes.astimezone(UTC)


def window_on(session: Session, starts_on: date, working_days: int) -> tuple[date, datetime]:
    """The window on the statutory calendar as stored (read once); CalendarNotCoveredError
    when it runs into a year nobody entered."""
    return window(holiday_calendar.load(session, starts_on.year), starts_on, working_days)


def awaiting(session: Session, limit: int = MAX_BATCH) -> list[Claim]:
    """Accepted claims not yet published, in the order a notice lists them."""
    return list(session.scalars(select(Claim).where(Claim.stage == Stage.AWAITING_NOTICE)
                                .order_by(Claim.township, Claim.accepted_at, Claim.reference)
                                .limit(limit)))


def window_problem(working_days: int, settings: NoticeSettings) -> str | None:
    """Why a window of `working_days` is refused (None: it is not)."""
    if settings.min_working_days <= working_days <= MAX_WORKING_DAYS:
        return None
    return Said(phrase("a notice runs at least %(minimum)s working days (the setting "
                       "BUTIE_NOTICE_MIN_WORKING_DAYS) and at most %(maximum)s",
                       minimum=settings.min_working_days, maximum=MAX_WORKING_DAYS))


@dataclass(frozen=True)
class WindowPreview:
    ends_on: date | None  # None: refused, see errors
    closes_at: datetime | None
    errors: dict[str, str]
    missing_year: int | None = None  # the statutory calendar lacks this year


def preview(session: Session, settings: NoticeSettings, starts_on: date, working_days: int,
            today: date) -> WindowPreview:
    """The window a notice starting on `starts_on` would have, or why it would be refused,
    with the same rules as `publish` (nothing else of the notice is needed)."""
    errors = _window_errors(starts_on, working_days, settings, today)
    if "working_days" in errors:
        return WindowPreview(None, None, errors)
    try:
        ends_on, closes_at = window_on(session, starts_on, working_days)
    except CalendarNotCoveredError as exc:
        return WindowPreview(None, None, {
            **errors, "starts_on": holiday_calendar.not_configured(exc.year)}, exc.year)
    return WindowPreview(ends_on, closes_at, errors)


def _window_errors(starts_on: date, working_days: int, settings: NoticeSettings,
                   today: date) -> dict[str, str]:
    errors: dict[str, str] = {}
    problem = window_problem(working_days, settings)
    if problem:
        errors["working_days"] = problem
    if starts_on < today:
        errors["starts_on"] = "a notice cannot start in the past"
    return errors


def _contact_errors(data: BatchInput) -> dict[str, str]:
    errors: dict[str, str] = {}
    for name in ("contact_office", "contact_phone", "contact_address"):
        if not getattr(data, name).strip():
            errors[name] = "the objection contact must be given (not configured)"
    return errors


def publish(session: Session, runtime: Runtime, actor: Actor, settings: NoticeSettings,
            data: BatchInput) -> NoticeBatch:
    """Publish the claims awaiting notice (or the chosen ones) as one numbered batch."""
    if actor.role != Role.BUREAU or actor.user_id is None:
        raise ForbiddenError("only the HR bureau publishes notices")
    now = runtime.clock()
    window = preview(session, settings, data.starts_on, data.working_days,
                     now.astimezone(COUNTY_TIME).date())
    errors = {**_contact_errors(data), **window.errors}
    corrected = None
    if data.corrects:
        corrected = session.scalar(select(NoticeBatch).where(NoticeBatch.number == data.corrects))
        if corrected is None:
            errors["corrects"] = "no published batch has this number"
    claims = [c for c in awaiting(session) if data.claim_ids is None or c.id in data.claim_ids]
    if not claims:
        errors["claim_ids"] = "no accepted claim is waiting for a notice"
    if errors:
        raise InvalidInputError(errors)
    assert window.ends_on is not None and window.closes_at is not None
    ends_on, closes_at = window.ends_on, window.closes_at
    year = data.starts_on.year
    sequence = (session.scalar(select(func.max(NoticeBatch.sequence))
                               .where(NoticeBatch.year == year)) or 0) + 1
    listed = [(c, line) for c in claims for line in roster_rows.notice_lines(session, c) or [
        (c.full_name, mask_id_number(c.id_number), _certificate(c), c.amount_due_fen)]]
    rows = tuple(NoticeRow(i, name, masked, TOWNSHIPS.get(c.township, c.township), what, fen)
                 for i, (c, (name, masked, what, fen)) in enumerate(listed, start=1))
    document = NoticeDocument(data.title or settings.title, settings.authority,
                              settings.number_pattern.format(year=year, sequence=sequence),
                              data.starts_on, ends_on, data.contact_office, data.contact_phone,
                              data.contact_address, rows)
    pdf = render_notice(document)
    batch = NoticeBatch(
        number=document.batch_number, year=year, sequence=sequence, title=document.title,
        authority=document.authority, starts_on=data.starts_on, ends_on=ends_on,
        closes_at=closes_at, working_days=data.working_days,
        contact_office=data.contact_office, contact_phone=data.contact_phone,
        contact_address=data.contact_address, corrects_id=corrected.id if corrected else None,
        row_count=len(rows), total_fen=document.total_fen, published_by=actor.user_id,
        published_at=now, pdf=pdf, pdf_sha256=hashlib.sha256(pdf).hexdigest())
    session.add(batch)
    session.flush()
    session.add_all(NoticeEntry(batch_id=batch.id, row_number=r.number, claim_id=c.id,
                                name=r.name, masked_id=r.masked_id, township=r.township,
                                certificate=r.certificate, amount_fen=r.amount_fen,
                                installment=split.number_in_flight(c.installments))
                    for r, (c, _) in zip(rows, listed, strict=True))
    for claim in claims:
        instance = instances.load(session, runtime, claim)
        with instances.advancing(claim.reference):
            runtime.engine.send_message(instance, "notice_published", closes_at.isoformat())
        claim.notice_ends_at, claim.notice_batch_id = closes_at, batch.id
        instances.save(session, runtime, claim, instance, now)
        instances.audit(session, claim, actor, "published", now, stage=Stage.NOTICE,
                        comment=batch.number)
    return batch


def _certificate(claim: Claim) -> str:
    """The row's certificate, with the installment it publishes when the claim has several:
    the public sees that a second half is a second half, not a second subsidy."""
    if not claim.installments:
        return claim.certificate_name
    return (f"{claim.certificate_name[:110]}（第{split.number_in_flight(claim.installments)}期，"
            f"共{len(claim.installments)}期）")


def batches(session: Session, number: str | None = None, on: date | None = None,
            limit: int = 20, offset: int = 0) -> tuple[list[NoticeBatch], int]:
    """The archive, newest first; search by (part of) the number and by a day in the window."""
    query = select(NoticeBatch)
    if number:
        query = query.where(NoticeBatch.number.contains(number.strip(), autoescape=True))
    if on:
        query = query.where(NoticeBatch.starts_on <= on, NoticeBatch.ends_on >= on)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(NoticeBatch.published_at.desc(), NoticeBatch.id.desc())
                           .limit(max(1, min(limit, 100))).offset(max(0, offset)))
    return list(rows), total


def batch(session: Session, batch_id: int) -> NoticeBatch:
    found = session.get(NoticeBatch, batch_id)
    if found is None:
        raise NotFoundError("no such notice")
    return found


def entries(session: Session, batch_id: int) -> list[NoticeEntry]:
    return list(session.scalars(select(NoticeEntry).where(NoticeEntry.batch_id == batch_id)
                                .order_by(NoticeEntry.row_number)))


@dataclass(frozen=True)
class ObjectionInput:
    reason: str
    contact: str = ""
    name: str = ""
    address: str = ""  # the objector's network address, for rate limiting only


def object_to_entry(session: Session, runtime: Runtime, batch_id: int, row_number: int,
                    data: ObjectionInput, limit: Limit = OBJECTIONS) -> Objection:
    """An objection to one row of a published notice: holds that claim, and only that one."""
    entry = session.scalar(select(NoticeEntry).where(NoticeEntry.batch_id == batch_id,
                                                     NoticeEntry.row_number == row_number))
    if entry is None:
        raise InvalidInputError({"row_number": "this notice has no such row"})
    _admit(session, data, runtime.clock(), limit)
    claim = session.get(Claim, entry.claim_id)
    assert claim is not None
    return record_objection(session, runtime, claim, data)


def object_by_reference(session: Session, runtime: Runtime, reference: str,
                        data: ObjectionInput, limit: Limit = OBJECTIONS) -> Objection:
    """An objection by claim number (the API), answered alike whether the number is of a claim
    on notice, of one not on notice or of none, so it tells nobody which numbers exist. Only a
    claim published on a notice is held (or, its window closed, gets a late objection); any
    other is kept without a claim, with the number as sent, and shown to the HR bureau, so an
    objector who mistyped is not lost."""
    now = runtime.clock()
    _admit(session, data, now, limit)
    number = reference.strip().upper()
    claim = session.scalar(select(Claim).where(Claim.reference == number))
    if claim is not None and claim.notice_batch_id is not None:
        objection = record_objection(session, runtime, claim, data)
        objection.reference = reference[:32]
        return objection
    objection = Objection(claim_id=None, reference=reference[:32], received_at=now,
                          reason=data.reason, contact=data.contact, objector_name=data.name,
                          source_address=data.address, late=False)
    session.add(objection)
    session.flush()
    instances.audit(session, None, Actor(None, Role.PUBLIC), "unmatched_objection", now,
                    comment=data.reason, changes={"reference": reference[:32]})
    return objection


def unmatched_objections(session: Session, since: datetime
                         ) -> list[tuple[Objection, int | None]]:
    """Objections received since `since` that hold no claim, newest first, each with the
    claim its number names if there is one (published later, or never on notice)."""
    rows = session.execute(select(Objection, Claim.id).outerjoin(
        Claim, Claim.reference == func.upper(func.trim(Objection.reference)))
        .where(Objection.claim_id.is_(None), Objection.received_at >= since)
        .order_by(Objection.received_at.desc(), Objection.id.desc()).limit(100))
    return [(objection, claim_id) for objection, claim_id in rows]


def _admit(session: Session, data: ObjectionInput, now: datetime, limit: Limit) -> None:
    """A reason is given and the address has objections left (the notice page and the API
    count against one budget per address)."""
    if not data.reason.strip():
        raise InvalidInputError({"reason": "say what the objection is"})
    limits.take(session, limits.OBJECTION, data.address, now, limit, TOO_MANY_OBJECTIONS)


def record_objection(session: Session, runtime: Runtime, claim: Claim,
                     data: ObjectionInput) -> Objection:
    """Hold the claim for the bureau while its window is open; afterwards only record it."""
    if not data.reason.strip():
        raise InvalidInputError({"reason": "say what the objection is"})
    now = runtime.clock()
    if claim.notice_batch_id is None:
        raise ConflictError("this claim is not under public notice")
    objection = Objection(claim_id=claim.id, received_at=now, reason=data.reason,
                          contact=data.contact, objector_name=data.name,
                          source_address=data.address, late=False)
    public = Actor(None, Role.PUBLIC)
    if claim.stage == Stage.NOTICE:
        instance = instances.load(session, runtime, claim)
        try:
            with instances.advancing(claim.reference):
                runtime.engine.send_message(instance, "objection", {"reason": data.reason})
        except NotWaitingError:
            objection.late = True
        else:
            instances.save(session, runtime, claim, instance, now)
    elif claim.stage != Stage.OBJECTION_REVIEW:
        objection.late = True  # the window has closed: shown to the bureau, nothing held
    session.add(objection)
    session.flush()
    instances.audit(session, claim, public, "late_objection" if objection.late else "objection",
                    now, stage=claim.stage, comment=data.reason)
    return objection


def decide_objection(session: Session, claim: Claim, decision: str, now: datetime) -> None:
    for objection in session.scalars(select(Objection).where(
            Objection.claim_id == claim.id, Objection.decision.is_(None),
            Objection.late.is_(False))):
        objection.decision, objection.decided_at = decision, now


def file_objection(session: Session, runtime: Runtime, reference: str, reason: str,
                   contact: str, name: str = "", address: str = "",
                   limit: Limit = OBJECTIONS) -> Objection:
    """Anyone may object to a claim on a published public notice (公示), by claim number; the
    answer does not say whether the number exists (`object_by_reference`)."""
    return object_by_reference(session, runtime, reference,
                               ObjectionInput(reason, contact, name, address), limit)
