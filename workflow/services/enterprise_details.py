"""An enterprise changes its details and the account it is paid to (issue 19 item 3).

Money safety, as for a person's account (README "Direct payment"): a payment batch copies each
payee's account into its lines when it is made, and the bank file is written from those lines
only, so a change here never reaches a batch already made; the claims not yet paid take the new
account (a batch made later pays it, also after a failed line). Changing the account asks for
the current password again (a stolen session must not redirect the money), is audited with the
account masked, and every claim it reaches says so on its timeline and in its automatic checks
(`checks`: `account_unchanged`), so a reviewer looks at it before approving. The credit code is
the enterprise's identity (GB 32100-2015) and never changes; an account on another payee's claim
is flagged by the checks, as at filing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.domain.access import Actor
from workflow.domain.claims import Status
from workflow.domain.identity import mask_account, normalise_account
from workflow.domain.phrases import Said, phrase
from workflow.domain.rosters import normalise_credit_code
from workflow.domain.workdays import COUNTY_TIME
from workflow.persistence.models import Claim, Enterprise, PaymentBatch, PaymentLine
from workflow.services import enterprise_accounts, instances, notifications
from workflow.services.errors import InvalidInputError
from workflow.services.roster_rows import ENTERPRISE as PAYEE

ACCOUNT_CHANGED = "payee_account_changed"  # on each claim the change reached
DETAILS_CHANGED = "enterprise_changed"  # on the enterprise (no claim)
ACCOUNT_FIELDS = ("bank_name", "account_number", "account_holder")


@dataclass(frozen=True)
class DetailsChange:
    name: str
    phone: str
    bank_name: str
    account_holder: str
    account_number: str = ""  # empty: the account stays as it is
    township: str = ""  # asked only where a pack in force has a township step
    credit_code: str = ""  # empty or the enterprise's own: it cannot be changed


def _problems(enterprise: Enterprise, data: DetailsChange, township_needed: bool
              ) -> tuple[dict[str, str], str]:
    errors: dict[str, str] = {}
    account = enterprise.account_number
    if data.credit_code.strip():
        try:
            same = normalise_credit_code(data.credit_code) == enterprise.credit_code
        except ValueError:
            same = False
        if not same:
            errors["credit_code"] = Said(phrase(
                "the credit code cannot be changed: it is the enterprise's identity"))
    if data.account_number.strip():
        try:
            account = normalise_account(data.account_number)
        except ValueError as exc:
            errors["account_number"] = str(exc)
    errors.update(enterprise_accounts.details_problems(
        data.name, data.account_holder, data.township, township_needed))
    if not data.bank_name.strip():
        errors["bank_name"] = Said(phrase("the bank is required"))
    return errors, account


def change(session: Session, actor: Actor, data: DetailsChange, now: datetime,
           reauthenticated: bool, township_needed: bool) -> list[Claim]:
    """Change the enterprise's details, or refuse with every problem and change nothing; a
    change of the account needs `reauthenticated` (the caller checked the current password).
    The claims the new account reaches are returned."""
    enterprise = enterprise_accounts.of_actor(session, actor)
    session.refresh(enterprise, with_for_update=True)  # two changes at once: one after the other
    errors, account = _problems(enterprise, data, township_needed)
    new = {"name": data.name.strip(), "phone": data.phone.strip(),
           "bank_name": data.bank_name.strip(), "account_number": account,
           "account_holder": data.account_holder.strip(),
           "township": data.township if township_needed else enterprise.township}
    old = {k: getattr(enterprise, k) for k in new}
    account_changed = any(old[k] != new[k] for k in ACCOUNT_FIELDS)
    if account_changed and not reauthenticated:
        errors["current_password"] = Said(phrase(
            "enter your current password to change the account the subsidy is paid to"))
    if errors:
        raise InvalidInputError(errors)
    changed = {k: {"from": _shown(k, old[k]), "to": _shown(k, new[k])}
               for k in new if old[k] != new[k]}
    if not changed:
        return []
    for key, value in new.items():
        setattr(enterprise, key, value)
    instances.audit(session, None, actor, DETAILS_CHANGED, now,
                    comment=enterprise.credit_code, changes=changed)
    if not account_changed:
        return []
    # The enterprise hears of it by message and SMS: a change it did not make is noticed.
    notifications.tell(session, enterprise.user_id, None, ACCOUNT_CHANGED,
                       f"贵单位的补贴收款账户已于 {_minute(now)} 变更为 {enterprise.bank_name} "
                       f"{mask_account(enterprise.account_number)}（原账户 "
                       f"{mask_account(old['account_number'])}），尚未发放的申请将发放到新账户。"
                       "如非本单位操作，请立即联系县人力资源和社会保障局。", now)
    return _repoint(session, actor, enterprise, old, now)


def _minute(now: datetime) -> str:
    return now.astimezone(COUNTY_TIME).strftime("%Y-%m-%d %H:%M")


def _shown(key: str, value: str) -> str:
    return mask_account(value) if key == "account_number" else value


def _repoint(session: Session, actor: Actor, enterprise: Enterprise, old: dict[str, str],
             now: datetime) -> list[Claim]:
    """The enterprise's claims not yet paid take the new account, locked in id order (as a
    batch locks them), so a batch being made at this moment either copied the old account
    before (its lines keep it) or copies the new one after. A line already made is never
    touched: the timeline says which batch still pays the old account."""
    claims = list(session.scalars(select(Claim).where(
        Claim.applicant_id == enterprise.user_id, Claim.payee_kind == PAYEE,
        Claim.status == Status.IN_PROGRESS).order_by(Claim.id).with_for_update()))
    batches = {row.claim_id: row.number for row in session.execute(select(
        PaymentLine.claim_id, PaymentBatch.number).join(
        PaymentBatch, PaymentBatch.id == PaymentLine.batch_id).where(
        PaymentLine.is_open, PaymentLine.claim_id.in_([c.id for c in claims])))}
    for claim in claims:
        claim.bank_name = enterprise.bank_name
        claim.account_number = enterprise.account_number
        claim.account_holder = enterprise.account_holder
        held = batches.get(claim.id)
        note = Said(phrase(
            "payment batch %(batch)s keeps the account it was made with; a later batch pays "
            "the new account", batch=held)) if held else None
        instances.audit(session, claim, actor, ACCOUNT_CHANGED, now, stage=claim.stage,
                        comment=note, changes={
                            key: {"from": _shown(key, old[key]),
                                  "to": _shown(key, getattr(enterprise, key))}
                            for key in ACCOUNT_FIELDS if old[key] != getattr(enterprise, key)})
    return claims
