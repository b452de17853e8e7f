"""Filing, deciding, withdrawing and objecting to claims."""

from __future__ import annotations

import secrets
from collections.abc import Collection, Mapping
from dataclasses import asdict, dataclass, fields, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from workflow.domain import installments as split
from workflow.domain import policy
from workflow.domain.access import Actor, Role, may_complete, may_view
from workflow.domain.claims import (
    HOLDING_DECISIONS,
    NEEDS_REASON,
    Stage,
    Status,
    decisions_of,
    identity_changes,
)
from workflow.domain.identity import (
    mask_account,
    mask_id_number,
    normalise_account,
    normalise_id_number,
)
from workflow.domain.limits import Limit
from workflow.domain.numerals import plain_yuan
from workflow.domain.outbox import OutboxResult
from workflow.domain.phrases import Fen, Said, phrase, reason_text, to_record
from workflow.domain.policy import DEFAULT_PACK, PolicyPack
from workflow.domain.policy import scans as scan_rules
from workflow.domain.policy.model import refusal
from workflow.engine.runner import NotWaitingError, TaskNotReadyError
from workflow.persistence.expressions import filter_only
from workflow.persistence.models import (
    Claim,
    HumanTask,
    Notification,
    Objection,
    OutboxEntry,
    PaymentBatch,
    PaymentLine,
    User,
)
from workflow.services import (
    corrections,
    definitions,
    instances,
    notices,
    pack_versions,
    quotes,
    task_claims,
)
from workflow.services.errors import (
    ConflictError,
    ForbiddenError,
    InvalidInputError,
    NotFoundError,
)
from workflow.services.runtime import Runtime

ACCOUNT_FIELDS = ("bank_name", "account_number", "account_holder")
MASKED_FIELDS = {"id_number": mask_id_number, "account_number": mask_account}


@dataclass(frozen=True)
class ClaimInput:
    full_name: str
    id_number: str
    phone: str
    township: str
    target_group: str
    certificate_code: str
    certificate_name: str
    certificate_number: str
    certificate_level: str
    certificate_issued_on: date
    certificate_issuer: str
    bank_name: str
    account_number: str
    account_holder: str
    # The pack it is filed under; where the pack pays kinds of subsidy, the kind and the facts
    # that kind needs (the pack's Filing says which).
    policy_pack: str = DEFAULT_PACK
    subsidy_kind: str | None = None
    class_hours: int | None = None
    course: str | None = None
    fee_fen: int | None = None
    years: int | None = None


# What a correction may change: everything but the pack the claim was filed under.
CLAIM_FIELDS = tuple(f.name for f in fields(ClaimInput) if f.name != "policy_pack")


def _normalised(data: ClaimInput) -> ClaimInput:
    errors: dict[str, str] = {}
    id_number, account = data.id_number, data.account_number
    try:
        id_number = normalise_id_number(data.id_number)
    except ValueError as exc:
        errors["id_number"] = str(exc)
    try:
        account = normalise_account(data.account_number)
    except ValueError as exc:
        errors["account_number"] = str(exc)
    if errors:
        raise InvalidInputError(errors)
    return replace(data, id_number=id_number, account_number=account,
                   certificate_number=data.certificate_number.strip().upper())


NO_ID_ON_FILE = ("your account has no ID number on file; ask the HR bureau to record it "
                 "before filing")


CLAIMED_BY_ANOTHER = "this certificate is already claimed in another person's application"


def _check(session: Session, in_force: PolicyPack, data: ClaimInput, today: date,
           applicant: User, filed_on: date, claim_id: int | None = None,
           missing: Mapping[str, str] | None = None) -> None:
    """Checked under the pack as in force on `filed_on`, the day it is (or was) filed (the
    pack's rules; its quote, when they ask for it), and by the rules of every claim; refused
    with every problem at once, `missing` scans among them."""
    errors = dict(missing or {})
    errors |= in_force.filing.problems(data, today, filed_on, lambda: quotes.quote_for(
        session, today=today, pack_id=in_force.pack_id, priced_on=filed_on,
        id_number=data.id_number, target_group=data.target_group,
        certificate_level=data.certificate_level,
        certificate_issued_on=data.certificate_issued_on, **in_force.filing.quote_facts(data)))
    if not applicant.id_number:
        # Without an ID number on file nothing ties the claim to the person filing it.
        errors["id_number"] = NO_ID_ON_FILE
    elif data.id_number != applicant.id_number:
        errors["id_number"] = "a claim is filed with the applicant's own ID number"
    if data.account_holder.strip() != data.full_name.strip():
        # 资金直补个人 (Pengyang 三(三)): the money goes to the worker's own account.
        errors["account_holder"] = "the account must be held by the applicant (直补个人)"
    duplicate = session.execute(select(Claim.reference, Claim.applicant_id).where(
        Claim.certificate_number == data.certificate_number,
        filter_only(Claim.status).in_([Status.IN_PROGRESS, Status.PAID]),
        Claim.id != (claim_id or 0)).limit(1)).first()
    if duplicate is not None:
        # Another person's claim number is not theirs to learn (it names a claim to object to).
        errors["certificate_number"] = (
            f"this certificate is already claimed in {duplicate.reference}"
            if duplicate.applicant_id == applicant.id else CLAIMED_BY_ANOTHER)
    if errors:
        raise InvalidInputError(errors)


def new_reference(now: datetime) -> str:
    """A claim number that reveals nothing and needs no extra write: BT2026-3F9A1C2E."""
    return f"BT{now.year}-{secrets.token_hex(4).upper()}"


def submit_claim(session: Session, runtime: Runtime, actor: Actor, data: ClaimInput,
                 offered: tuple[str, ...] = (DEFAULT_PACK,),
                 scans: Collection[str] | None = None) -> Claim:
    """File a claim under one of the packs the deployment offers and start its process on the
    current definition. `scans` are the kinds of scan it carries: each the pack requires for
    its kind of certificate must be among them (pages and the API always pass them; None only
    where no applicant hands anything in: the demo and process tests)."""
    if actor.role != Role.APPLICANT or actor.user_id is None:
        raise ForbiddenError("only applicants file claims")
    applicant = session.get(User, actor.user_id)
    if applicant is None:
        raise NotFoundError("no such applicant")
    if data.policy_pack not in offered:
        raise InvalidInputError({"policy_pack": "this policy pack is not offered here"})
    now = runtime.clock()
    filed_on = pack_versions.county_date(now)
    in_force = pack_versions.pack_on(session, data.policy_pack, filed_on)
    data = _normalised(data)
    data = replace(data, **in_force.filing.recorded(data))
    _check(session, in_force, data, filed_on, applicant, filed_on, missing=scan_rules.missing(
        in_force.filing.required_scans(data.subsidy_kind), scans) if scans is not None else {})
    definition = definitions.current(session)
    spec = definitions.parsed(session, runtime, definition.id)
    reference = new_reference(now)
    with instances.advancing(reference):
        instance = runtime.engine.start(spec, in_force.filing.workflow_data(data))
    claim = Claim(reference=reference, applicant_id=applicant.id,
                  definition_id=definition.id, status=Status.IN_PROGRESS,
                  stage=Stage.TOWNSHIP_REVIEW, submitted_at=now, **asdict(data))
    session.add(claim)
    instances.save(session, runtime, claim, instance, now)
    instances.audit(session, claim, actor, "submitted", now, stage=claim.stage)
    return claim


def visible_claim(session: Session, actor: Actor, claim_id: int) -> Claim:
    """The claim if the actor may see it; NotFoundError otherwise (never say which)."""
    claim = session.get(Claim, claim_id)
    if claim is None or not may_view(actor, claim.applicant_id, claim.township,
                                     claim.department):
        raise NotFoundError(f"claim {claim_id} not found")
    return claim


def _check_decision(form: str, decision: str, comment: str) -> None:
    allowed = decisions_of(form)
    if decision not in allowed:
        raise InvalidInputError({"decision": f"must be one of {', '.join(allowed)}"})
    if decision in NEEDS_REASON and not comment.strip():
        raise InvalidInputError({"comment": "a reason is required for this decision"})


# Built once: deciding a task is the hot path, and building the query costs ~0.2 ms.
_OPEN_TASK = select(HumanTask).where(HumanTask.claim_id == bindparam("claim_id"),
                                     HumanTask.task_id == bindparam("task_id"))


def complete_task(session: Session, runtime: Runtime, actor: Actor, claim_id: int, task_id: str,
                  decision: str, comment: str = "", expected_version: int | None = None,
                  changes: dict[str, Any] | None = None,
                  started_on: date | None = None, payment_line: int | None = None) -> Claim:
    """Complete one human task of a claim; the decision moves the process on. `started_on`
    confirms a later installment's condition (the day employment or apprenticeship began);
    `payment_line` is the batch line whose bank result this applies (payments.apply_results),
    without it a payment result is one recorded by hand."""
    task_claims.before_decision(session, actor, claim_id, task_id, runtime.clock())
    claim = visible_claim(session, actor, claim_id)
    task = session.scalar(_OPEN_TASK, {"claim_id": claim.id, "task_id": task_id})
    if task is None:
        raise ConflictError("this task is no longer open; reload the claim")
    if not may_complete(actor, task.lane, task.scope):
        raise ForbiddenError("this task belongs to another role or scope")
    if expected_version is not None and expected_version != claim.version:
        raise ConflictError("the claim was changed by someone else; reload it")
    _check_decision(task.form, decision, comment)
    now = runtime.clock()
    if decision in HOLDING_DECISIONS.get(task.form, ()):  # recorded; the task stays open
        changed = _schedule_installment(session, claim, started_on, now)
        claim.updated_at = now  # the version moves too: a form still open elsewhere is stale
        instances.audit(session, claim, actor, "decided", now, stage=task.stage,
                        task_name=task.name, decision=decision, comment=comment or None,
                        changes=changed)
        return claim
    instance = instances.load(session, runtime, claim)
    data: dict[str, Any] = {"decision": decision}
    changed = _apply_form(session, runtime, claim, task, decision, comment, changes or {},
                          data, now, started_on, payment_line)
    try:
        returned_by = runtime.engine.task_data(instance, task_id).get("returned_by") \
            if task.form == "claim_correction" else None
        with instances.advancing(claim.reference):
            runtime.engine.complete(instance, task_id, data)
    except TaskNotReadyError as exc:
        raise ConflictError("this task is no longer open; reload the claim") from exc
    instances.save(session, runtime, claim, instance, now)
    instances.audit(session, claim, actor, "decided", now, stage=task.stage, task_name=task.name,
                    decision=decision, comment=comment or None, changes=changed or None)
    note = corrections.route_note(claim, returned_by, bool(data.get("identity_changed")))
    if note is not None:  # the timeline says why the correction went where it went
        instances.audit(session, claim, actor, "routed", now, stage=claim.stage, comment=note)
    return claim


def decision_data(stage: str, decision: str) -> dict[str, Any]:
    """What a decision hands the process: the decision, who returned a returned claim (the
    diagram sends the correction back to that stage), whether a correction changed an identity
    detail (none, unless the correction says so: then it goes back to the township after any
    return), for the installment gateways whether an installment was paid before (none, unless
    the claim's records say so) and, at payment, how many wait (none, unless they say so).
    Every decision hands them over, so a claim that started on an older version reads them too
    once it moves to this one."""
    data: dict[str, Any] = {"decision": decision, "paid_before": False}
    if decision == "return":
        data["returned_by"] = stage
    if stage == Stage.CORRECTION:  # the claim service says when it is so (_correct)
        data["identity_changed"] = False
    if stage == Stage.PAYMENT:
        data["installments_left"] = 0
    return data


def _apply_form(session: Session, runtime: Runtime, claim: Claim, task: HumanTask,
                decision: str, comment: str, changes: dict[str, Any],
                data: dict[str, Any], now: datetime, started_on: date | None = None,
                payment_line: int | None = None) -> dict[str, Any]:
    """Form-specific effects on the claim and the data handed to the process."""
    data.update(decision_data(task.stage, decision))
    data["paid_before"] = split.any_paid(claim.installments)
    if decision in {"reject", "uphold"} and not data["paid_before"]:
        claim.closed_stage, claim.closed_reason = task.stage, comment
    if task.form == "acceptance" and decision == "approve":
        _fix_amount(session, claim, now)
    if task.form == "payment_result":
        _record_payment(session, claim, decision, comment, now, payment_line)
        data["installments_left"] = split.waiting(claim.installments)
    if task.form == "objection_review":
        _decide_objection(session, claim, decision, now)
        if decision == "uphold" and claim.installments:  # this installment and later ones
            lapsed = split.lapse(claim.installments, now.isoformat(), comment)
            if data["paid_before"]:  # ends paid: its amount is what was paid
                _set_installments(claim, lapsed)
            else:  # rejected, its amount kept as accepted, like a claim paid in one go
                claim.installments = lapsed
    if task.form == "installment_condition":
        return _decide_installment(session, claim, decision, comment, started_on, now)
    if task.form == "claim_correction":
        changed = _correct(session, runtime, claim, changes, data, CLAIM_FIELDS)
        data["identity_changed"] = bool(identity_changes(changed))
        return changed
    if task.form == "account_correction":
        return _correct(session, runtime, claim, changes, data, ACCOUNT_FIELDS)
    return {}


# Claims accepted before the pack was the only price may have recorded this rule (the diagram
# had priced them otherwise); their pages still translate it.
EARLIER_DISAGREEMENT = reason_text("%(rule)s (the process had computed %(computed)s fen)")


def _fix_amount(session: Session, claim: Claim, now: datetime) -> None:
    """Acceptance fixes the amount under the claim's policy pack: the same quote applicants
    and reviewers see, with any amount an administrator set meanwhile, and the cap counted
    over accepted or paid claims. It is the only place a claim is priced (the process
    computes no amount)."""
    if claim.payee_kind == "enterprise":  # priced by its roster (issue 19 item 3)
        from workflow.services import enterprise_claims

        enterprise_claims.fix_amount(session, claim, now)
        return
    verdict = quotes.quote_claim(session, claim, pack_versions.county_date(now))
    refused = verdict.problems()
    if refused:
        raise InvalidInputError({"decision": refusal(refused)})
    assert verdict.amount_fen is not None  # an unconfigured amount is a problem above
    amount = next(r for r in verdict.reasons if r.rule == "amount")
    rule = policy.pack(verdict.pack_id).accepted_rule(amount)
    claim.amount_fen = verdict.amount_fen
    records = split.accepted(verdict.installments, now.isoformat())
    if records is not None:  # paid in installments: this acceptance pays the first
        claim.installments, claim.amount_fen = records, records[0]["amount_fen"]
        rule = phrase("%(rule)s; installment 1 of %(count)s: %(first)s fen now, the rest when "
                      "its condition is met", rule=rule, count=len(records),
                      first=Fen(records[0]["amount_fen"]))
    claim.amount_rule, claim.amount_rule_phrase = str(rule), to_record(rule)
    claim.policy_pack, claim.policy_version = verdict.pack_id, verdict.pack_version
    claim.accepted_at = now


def _tell(session: Session, claim: Claim, now: datetime, kind: str, message: str) -> None:
    """A message on the applicant's claim page, as payments leave one (no SMS gateway here)."""
    session.add(Notification(user_id=claim.applicant_id, claim_id=claim.id, kind=kind,
                             message=message, created_at=now))


def _set_installments(claim: Claim, records: list[dict[str, Any]]) -> None:
    """New records, and the claim's amount as what they commit (the budget counts it)."""
    claim.installments, claim.amount_fen = records, split.committed_fen(records)


def _decide_installment(session: Session, claim: Claim, decision: str, comment: str,
                        started_on: date | None, now: datetime) -> dict[str, Any]:
    """Confirm the next installment's condition (it goes to notice and payment), or lapse it
    and every later one (the claim ends paid with what was paid)."""
    records, waiting = _next_waiting(claim)
    if decision == "lapse":
        _set_installments(claim, split.lapse(records, now.isoformat(), comment))
        _tell(session, claim, now, "installment_lapsed",
              f"您的职业培训补贴第{waiting['number']}期起不再发放：{comment}")
        return {f"installment {waiting['number']}": {"from": split.AWAITING,
                                                     "to": split.LAPSED}}
    if started_on is None and waiting.get("started_on"):  # recorded earlier (schedule)
        started_on = date.fromisoformat(waiting["started_on"])
    started_on = _given(started_on)
    today = pack_versions.county_date(now)
    try:
        confirmed = split.confirm(records, started_on, today, now.isoformat())
    except split.ConditionNotMet as exc:
        raise InvalidInputError({"started_on": exc.args[0]}) from exc  # a Said, if one
    claim_pack = policy.pack(claim.policy_pack)
    if claim_pack.confirmation is not None:  # e.g. a later year is that year's subsidy
        found = claim_pack.confirmation(
            quotes.history(session, claim.id_number, claim_pack.pack_id, claim.id), today)
        if not found.passed:
            raise InvalidInputError({"decision": Said(phrase("cannot confirm: %(reason)s",
                                                             reason=found.cited()))})
    _set_installments(claim, confirmed)
    _tell(session, claim, now, "installment_confirmed",
          f"您的职业培训补贴第{waiting['number']}期（{plain_yuan(waiting['amount_fen'])} 元）"
          "发放条件已确认，经公示无异议后发放。")
    return {f"installment {waiting['number']}": {"from": split.AWAITING, "to": split.CONFIRMED},
            "started_on": {"from": "", "to": started_on.isoformat()}}


def _schedule_installment(session: Session, claim: Claim, started_on: date | None,
                          now: datetime) -> dict[str, Any]:
    """Record the start of the next installment's condition before it can be confirmed: the
    claim then shows, in the queue too, the first day it can be (Huzhou 004 4 其余50%: six
    months after employment began)."""
    records, waiting = _next_waiting(claim)
    started_on = _given(started_on)
    try:
        claim.installments = split.schedule(records, started_on,
                                            pack_versions.county_date(now), now.isoformat())
    except split.ConditionNotMet as exc:
        raise InvalidInputError({"started_on": exc.args[0]}) from exc  # a Said, if one
    confirm_from = split.earliest_confirmation(waiting, started_on).isoformat()
    _tell(session, claim, now, "installment_scheduled",
          f"您的职业培训补贴第{waiting['number']}期：已记录开始日期 {started_on.isoformat()}，"
          f"自 {confirm_from} 起可确认发放条件。")
    return {"started_on": {"from": waiting.get("started_on", ""), "to": started_on.isoformat()},
            f"installment {waiting['number']} confirm_from": {
                "from": waiting.get("confirm_from", ""), "to": confirm_from}}


def _next_waiting(claim: Claim) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The claim's installments and the next one waiting for its condition."""
    records = claim.installments or []
    waiting = split.next_waiting(records)
    if waiting is None:
        raise ConflictError("no installment of this claim waits for its condition")
    return records, waiting


def _given(started_on: date | None) -> date:
    """The start of employment or apprenticeship, which confirming and recording both need."""
    if started_on is None:
        raise InvalidInputError({"started_on": "give the day employment or the apprenticeship "
                                               "started"})
    return started_on


_OPEN_BATCH = select(PaymentBatch.number).join(
    PaymentLine, PaymentLine.batch_id == PaymentBatch.id).where(
    PaymentLine.claim_id == bindparam("claim_id"), PaymentLine.is_open)
_OPEN_REQUEST = select(OutboxEntry).where(
    OutboxEntry.claim_id == bindparam("claim_id"), OutboxEntry.kind == "payment_request",
    OutboxEntry.processed_at.is_(None)).order_by(OutboxEntry.id.desc()).limit(1)


def lock_claim(session: Session, claim_id: int) -> None:
    """Hold the claim's row until the transaction ends. Every path that pays a claim (a batch
    taking it, an officer recording a payment by hand) takes this lock and then reads afresh,
    so on PostgreSQL (READ COMMITTED) the second waits for the first and sees what it did;
    SQLite has one writer at a time (BEGIN IMMEDIATE) and ignores FOR UPDATE."""
    session.execute(select(Claim.id).where(Claim.id == claim_id).with_for_update())


def _record_payment(session: Session, claim: Claim, decision: str, comment: str,
                    now: datetime, payment_line: int | None) -> None:
    """The payment's result: from the bank's file (its batch line is already written), or
    recorded by hand from the claim page, which writes a line without a batch. One partial
    unique index refuses a second live payment of the installment, however it is written."""
    if payment_line is None:
        lock_claim(session, claim.id)
        batch = session.scalar(_OPEN_BATCH, {"claim_id": claim.id})
        if batch is not None:  # its result comes from the bank's file, never by hand as well
            raise ConflictError(f"this claim is in payment batch {batch}: import the bank's "
                                "result")
        _record_by_hand(session, claim, decision, comment, now)
    entry = session.scalar(_OPEN_REQUEST, {"claim_id": claim.id})
    if entry is not None:
        entry.processed_at, entry.result = now, OutboxResult(decision)
    if decision == "paid" and claim.installments:
        _set_installments(claim, split.paid(claim.installments, now.isoformat()))


def _record_by_hand(session: Session, claim: Claim, decision: str, comment: str,
                    now: datetime) -> None:
    line = PaymentLine(batch_id=None, claim_id=claim.id, row_number=0,
                       reference=claim.reference, payee_name=claim.account_holder,
                       bank_name=claim.bank_name, account_number=claim.account_number,
                       amount_fen=claim.amount_due_fen,
                       installment=split.number_in_flight(claim.installments), is_open=False,
                       result=decision, reason=comment[:256] or None, result_at=now)
    try:
        with session.begin_nested():
            session.add(line)
            session.flush()
    except IntegrityError as exc:  # paid already, or taken into a batch meanwhile
        raise ConflictError("this claim's payment is already recorded or in a batch; reload "
                            "the claim") from exc


def _decide_objection(session: Session, claim: Claim, decision: str, now: datetime) -> None:
    for objection in session.scalars(select(Objection).where(
            Objection.claim_id == claim.id, Objection.decision.is_(None),
            Objection.late.is_(False))):
        objection.decision, objection.decided_at = decision, now


def _correct(session: Session, runtime: Runtime, claim: Claim, changes: dict[str, Any],
             data: dict[str, Any], allowed: tuple[str, ...]) -> dict[str, Any]:
    unknown = sorted(set(changes) - set(allowed))
    if unknown:
        raise InvalidInputError({k: "this field cannot be changed here" for k in unknown})
    current = ClaimInput(**{k: getattr(claim, k) for k in CLAIM_FIELDS},
                         policy_pack=policy.pack(claim.policy_pack).pack_id)
    updated = _normalised(replace(current, **changes))
    applicant = session.get(User, claim.applicant_id)
    assert applicant is not None
    # A claim stays under the version it was filed under, corrections included.
    filed_on = pack_versions.county_date(claim.submitted_at)
    in_force = pack_versions.pack_on(session, updated.policy_pack, filed_on)
    updated = replace(updated, **in_force.filing.recorded(updated))
    _check(session, in_force, updated, pack_versions.county_date(runtime.clock()), applicant,
           filed_on, claim.id)
    changed: dict[str, Any] = {}
    for name in CLAIM_FIELDS:
        old, new = getattr(current, name), getattr(updated, name)
        if old != new:
            mask = MASKED_FIELDS.get(name, str)
            changed[name] = {"from": mask(str(old)), "to": mask(str(new))}
            setattr(claim, name, new)
    data.update(in_force.filing.workflow_data(updated))
    return changed


def withdraw_claim(session: Session, runtime: Runtime, actor: Actor, claim_id: int,
                   reason: str = "") -> Claim:
    """The applicant withdraws; only possible before bureau acceptance."""
    claim = visible_claim(session, actor, claim_id)
    if actor.role != Role.APPLICANT:
        raise ForbiddenError("only the applicant may withdraw a claim")
    now = runtime.clock()
    instance = instances.load(session, runtime, claim)
    stage = claim.stage
    try:
        with instances.advancing(claim.reference):
            runtime.engine.send_message(instance, "withdraw", {"reason": reason})
    except NotWaitingError as exc:
        raise ConflictError("a claim can be withdrawn only before bureau acceptance") from exc
    claim.closed_stage, claim.closed_reason = stage, reason or None
    instances.save(session, runtime, claim, instance, now)
    instances.audit(session, claim, actor, "withdrawn", now, stage=stage, comment=reason or None)
    return claim


def file_objection(session: Session, runtime: Runtime, reference: str, reason: str,
                   contact: str, name: str = "", address: str = "",
                   limit: Limit = notices.OBJECTIONS) -> Objection:
    """Anyone may object to a claim on a published public notice (公示), by claim number; the
    answer does not say whether the number exists (`notices.object_by_reference`)."""
    return notices.object_by_reference(session, runtime, reference,
                                       notices.ObjectionInput(reason, contact, name, address),
                                       limit)
