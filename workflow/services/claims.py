"""Filing claims: what a claim carries, its checks, filing, correcting and withdrawing it."""

from __future__ import annotations

import secrets
from collections.abc import Collection, Mapping
from dataclasses import asdict, dataclass, fields, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from workflow.domain import policy
from workflow.domain.access import Actor, Role, may_view
from workflow.domain.claims import Stage, Status
from workflow.domain.identity import (
    mask_account,
    mask_id_number,
    normalise_account,
    normalise_id_number,
)
from workflow.domain.phrases import reason_text, said
from workflow.domain.policy import DEFAULT_PACK, PolicyPack
from workflow.domain.policy import scans as scan_rules
from workflow.engine.runner import NotWaitingError
from workflow.persistence.expressions import filter_only
from workflow.persistence.models import Claim, User
from workflow.services import (
    certificate_slots,
    definitions,
    instances,
    pack_versions,
    payee_overlap,
    quotes,
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
    # Lanzhou New Area's facts of some kinds (Claim's columns of the same names).
    front_line_post: bool | None = None
    declaration_met: bool | None = None
    by_training: bool | None = None
    skill_certificate: str | None = None
    employed: bool | None = None
    project_based: bool | None = None
    award_level: str | None = None
    industry: str | None = None  # Huzhou 一 2, 一 3, 二 5: where the person works
    employer: str | None = None
    employed_on: date | None = None


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


# The employer's roster already counts the person for this subsidy (payee_overlap): paid once.
ON_A_ROSTER = reason_text("an employer's roster already counts you for this subsidy: it is paid "
                          "once, to one of you (004 二 4)")
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
            said("this certificate is already claimed in %(reference)s",
                 reference=duplicate.reference)
            if duplicate.applicant_id == applicant.id else CLAIMED_BY_ANOTHER)
    if payee_overlap.on_a_roster(session, in_force.pack_id, getattr(data, "subsidy_kind", None),
                                 data.id_number):
        errors["subsidy_kind"] = ON_A_ROSTER
    slot = in_force.certificate_slot(data.subsidy_kind, data.certificate_number)
    if slot and "certificate_number" not in errors and certificate_slots.taken(
            session, [slot], claim_id):
        errors["certificate_number"] = certificate_slots.TAKEN
    if errors:
        raise InvalidInputError(errors)


def _hold_certificate(session: Session, in_force: PolicyPack, claim: Claim,
                      data: ClaimInput) -> None:
    """The claim takes its certificate's key where the person or an organisation may claim the
    certificate (Huzhou 004 一 2): two claims filed at one moment, one refused."""
    slot = in_force.certificate_slot(data.subsidy_kind, data.certificate_number)
    try:
        with session.begin_nested():
            certificate_slots.hold(session, claim.id, [slot] if slot else [])
            session.flush()
    except IntegrityError:
        raise InvalidInputError({"certificate_number": certificate_slots.TAKEN}) from None


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
    _hold_certificate(session, in_force, claim, data)
    instances.audit(session, claim, actor, "submitted", now, stage=claim.stage)
    return claim


def visible_claim(session: Session, actor: Actor, claim_id: int) -> Claim:
    """The claim if the actor may see it; NotFoundError otherwise (never say which)."""
    claim = session.get(Claim, claim_id)
    if claim is None or not may_view(actor, claim.applicant_id, claim.township,
                                     claim.department):
        raise NotFoundError(said("claim %(reference)s not found", reference=claim_id))
    return claim



def correct(session: Session, runtime: Runtime, claim: Claim, changes: dict[str, Any],
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
    _hold_certificate(session, in_force, claim, updated)
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
    """The applicant (or the enterprise, of its roster claim) withdraws; only possible before
    bureau acceptance. A withdrawn roster frees its workers (enterprise_claims.release_lapsed)."""
    claim = visible_claim(session, actor, claim_id)  # another's claim: not found
    if actor.role not in (Role.APPLICANT, Role.ENTERPRISE):
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

