"""Enterprise accounts (issue 19 item 3): an organisation (an enterprise, a training
institution or another entity: workflow.domain.organisations) registers with its name, its 统一社会
信用代码 (checked with python-stdnum), its township, a contact phone and the bank account its
subsidies are paid to. The account is sealed and hashed as an applicant's is on a claim; the
holder must be the enterprise itself (003 二(四) 给予企业技能培训补贴: the enterprise is paid)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.domain import policy
from workflow.domain.access import Actor, Role
from workflow.domain.identity import mask_account, normalise_account
from workflow.domain.limits import Limit
from workflow.domain.organisations import ENTERPRISE, ORG_TYPES
from workflow.domain.phrases import Said, phrase, reason_text
from workflow.domain.rosters import normalise_credit_code
from workflow.domain.townships import TOWNSHIPS
from workflow.persistence.models import Enterprise
from workflow.services import instances, limits, users
from workflow.services.errors import InvalidInputError, NotFoundError

TOO_MANY = "too many registrations from this address; try again later"


@dataclass(frozen=True)
class EnterpriseInput:
    username: str
    password: str
    name: str
    credit_code: str
    township: str  # "" where no pack offered has a township step
    phone: str
    bank_name: str
    account_number: str
    account_holder: str
    # What the organisation is (workflow.domain.organisations): what it may file.
    org_type: str = ENTERPRISE


def township_needed(offered: Sequence[str] | None) -> bool:
    """Whether the enterprise is asked its township: only where a pack the deployment offers
    has a township step (Pengyang 003 三(三)); Huzhou's and Lanzhou's documents name none, so
    their HR bureau reviews an enterprise's claim and no township is asked."""
    packs = policy.PACKS if offered is None else offered
    return any(policy.pack(p).filing.township_review for p in packs)


def _problems(session: Session, data: EnterpriseInput,
              needs_township: bool) -> tuple[dict[str, str], str, str]:
    """Every problem of the enterprise's own fields, the credit code and account normalised."""
    errors: dict[str, str] = {}
    code, account = data.credit_code.strip(), data.account_number
    try:
        code = normalise_credit_code(data.credit_code)
    except ValueError as exc:
        errors["credit_code"] = str(exc.args[0])
    else:
        if session.scalar(select(Enterprise.id).where(Enterprise.credit_code == code)):
            # A credit code is public (printed on the business licence): saying it is taken
            # tells nobody anything about a person.
            errors["credit_code"] = Said(phrase("an enterprise with this credit code is "
                                                "already registered"))
    try:
        account = normalise_account(data.account_number)
    except ValueError as exc:
        errors["account_number"] = str(exc)
    if data.org_type not in ORG_TYPES:
        errors["org_type"] = Said(phrase("choose what the organisation is: %(types)s",
                                         types="、".join(ORG_TYPES)))
    errors.update(details_problems(data.name, data.account_holder, data.township,
                                   needs_township))
    return errors, code, account


def details_problems(name: str, holder: str, township: str,
                     needs_township: bool) -> dict[str, str]:
    """The problems of the details an enterprise gives at registration and may change later."""
    errors: dict[str, str] = {}
    if needs_township and township not in TOWNSHIPS:
        errors["township"] = Said(phrase("choose the township the enterprise is in"))
    if not name.strip():
        errors["name"] = Said(phrase("the enterprise's name is required"))
    elif holder.strip() != name.strip():
        errors["account_holder"] = Said(phrase(
            "the account must be held by the enterprise itself (003 二(四) 给予企业)"))
    return errors


def register(session: Session, data: EnterpriseInput, now: datetime, address: str,
             limit: Limit, offered: Sequence[str] | None = None) -> Enterprise:
    """Create the enterprise's login (role `enterprise`) and its details, or refuse with every
    problem at once. The township is asked and kept only where a pack `offered` has a township
    step (`township_needed`; None: every pack)."""
    limits.take(session, limits.REGISTRATION, address, now, limit, TOO_MANY)
    needs_township = township_needed(offered)
    errors, code, account = _problems(session, data, needs_township)
    try:
        with session.begin_nested():
            user = users.create_user(session, data.username, data.password, Role.ENTERPRISE,
                                     data.name.strip(), now, phone=data.phone.strip())
            if errors:
                raise InvalidInputError(errors)
    except InvalidInputError as exc:
        raise InvalidInputError({**exc.errors, **errors}) from None
    enterprise = Enterprise(user_id=user.id, name=data.name.strip(), credit_code=code,
                            org_type=data.org_type,
                            township=data.township if needs_township else "",
                            phone=data.phone.strip(),
                            bank_name=data.bank_name.strip(), account_number=account,
                            account_holder=data.account_holder.strip(), created_at=now)
    session.add(enterprise)
    session.flush()
    instances.audit(session, None, Actor(None, Role.PUBLIC), "enterprise_registered", now,
                    comment=address[:64], changes={"username": data.username,
                                                   "credit_code": code, "user_id": user.id,
                                                   "org_type": data.org_type})
    return enterprise


def of_actor(session: Session, actor: Actor) -> Enterprise:
    """The enterprise the actor logs in for."""
    found = session.scalar(select(Enterprise).where(Enterprise.user_id == actor.user_id))
    if actor.role != Role.ENTERPRISE or found is None:
        raise NotFoundError(reason_text("no enterprise account"))
    return found


def shown(enterprise: Enterprise) -> dict[str, str]:
    """The enterprise as its own pages show it: the account masked."""
    return {"name": enterprise.name, "credit_code": enterprise.credit_code,
            "org_type": enterprise.org_type,
            "township": enterprise.township, "phone": enterprise.phone,
            "bank_name": enterprise.bank_name,
            "account_number": mask_account(enterprise.account_number),
            "account_holder": enterprise.account_holder}
