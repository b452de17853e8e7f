"""An applicant who forgot their password: a code by SMS, or in person at their township.

By SMS (OWASP Forgot Password Cheat Sheet): the applicant gives their username or mobile
number; the answer is the same whether or not an account matches (as registration's is), and
requests are limited per address and per name or number asked for (`workflow.services.limits`).
A matching applicant account with a mobile number gets a 6-digit code, kept only as a keyed
hash (HMAC under the data key), valid for 10 minutes and 5 wrong tries, one live code per
account. Texts to one number beyond its hourly budget are silently not sent, so the number
cannot be flooded by alternating its username and its number, and nothing tells the asker
(who would otherwise learn that the name and the number belong together). The right code and
a new password end every session of the account.

In person: a township reviewer, with the applicant's ID card in front of them, resets the
password of an applicant of their township (one who filed a claim there) to a one-time password
the next login must change; audited, every session ended, the applicant told.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from workflow.domain import sms as sms_rules
from workflow.domain.access import Actor, Role
from workflow.domain.identity import mask_id_number, normalise_id_number
from workflow.domain.limits import Limit
from workflow.domain.passwords import password_problem
from workflow.domain.townships import township_name
from workflow.domain.workdays import COUNTY_TIME
from workflow.persistence.crypto import hash_matches, session_keyring
from workflow.persistence.models import Claim, PasswordReset, User
from workflow.services import instances, limits, notifications, sms, users
from workflow.services.errors import ForbiddenError, InvalidInputError, RateLimitedError

MAX_TRIES = 5
# Requests per address and per name or number typed (refused with 429, whatever matches), and
# texts per mobile number (past it, silently no text: the asker cannot tell).
BY_ADDRESS, BY_ACCOUNT = "password_reset_address", "password_reset_account"
TEXTS_TO = "password_reset_texts"
TOO_MANY = "too many password reset requests; try again later"
WRONG_CODE = "the code is wrong or has expired: check it, or ask for a new one"
NOT_OF_TOWNSHIP = "no applicant of your township has this ID number and name"
NOT_CHECKED = "confirm that you checked the applicant's ID card in person"
# Easy to read aloud and type: no 0/o, 1/l/i.
ONE_TIME_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


@dataclass(frozen=True)
class ResetLimits:
    per_address: Limit  # requests from one address an hour
    per_account: Limit  # requests naming one username or number, and texts to one number


def _applicants(session: Session, identifier: str) -> list[User]:
    """The active applicant accounts the username or mobile number names."""
    query = select(User).where(User.role == str(Role.APPLICANT), User.active.is_(True))
    if sms_rules.is_mobile(identifier):
        return list(session.scalars(query.where(User.phone == identifier).order_by(User.id)))
    return list(session.scalars(query.where(User.username == identifier)))


def _digest(session: Session, user_id: int, nonce: str, code: str) -> list[str]:
    """The code's keyed hash under every configured key (the current one first)."""
    return session_keyring(session).lookup_hashes(f"password-reset:{user_id}:{nonce}:{code}")


def request_code(session: Session, identifier: str, address: str, now: datetime,
                 limit: ResetLimits) -> None:
    """Send a reset code to the mobile number of the account named, if there is one; the
    answer (None) is the same either way. RateLimitedError past either budget."""
    identifier = identifier.strip()
    limits.take(session, BY_ADDRESS, address, now, limit.per_address, TOO_MANY)
    limits.take(session, BY_ACCOUNT, identifier, now, limit.per_account, TOO_MANY)
    found = _applicants(session, identifier)
    if len(found) > 1:  # a number several accounts give: its holder learns to use a username
        sms.queue(session, found[0].id, identifier, "您的手机号登记了多个补贴申请账户，请在登录页"
                  "“忘记密码”处输入用户名获取验证码。", now, sms_rules.CODE_LIFETIME)
        return
    if not found or not sms_rules.is_mobile(found[0].phone):
        return
    user, phone = found[0], str(found[0].phone)
    try:  # asked by username or by number: one budget of texts per number
        limits.take(session, TEXTS_TO, phone, now, limit.per_account, TOO_MANY)
    except RateLimitedError:
        return  # silently: the asker must not learn that the name and the number are linked
    code, nonce = f"{secrets.randbelow(10**6):06d}", secrets.token_hex(8)
    session.execute(delete(PasswordReset).where(PasswordReset.user_id == user.id))
    session.add(PasswordReset(user_id=user.id, nonce=nonce,
                              code_hash=_digest(session, user.id, nonce, code)[0], attempts=0,
                              created_at=now, expires_at=now + sms_rules.CODE_LIFETIME))
    sms.queue(session, user.id, phone, f"补贴申请账户 {user.username} 的密码重置验证码：{code}，"
              "10 分钟内有效。请勿告诉他人；如非本人操作，请忽略本短信。", now,
              sms_rules.CODE_LIFETIME, secret=True)
    instances.audit(session, None, Actor(None, Role.PUBLIC), "password_reset_requested", now,
                    comment=address[:64], changes={"user_id": user.id})


def reset_with_code(session: Session, identifier: str, code: str, password: str,
                    now: datetime) -> User:
    """Set a new password with the code sent by SMS. A wrong code counts one of its 5 tries
    (the caller keeps that count even though it answers with an error); a right one with a
    password too easy to guess is refused without spending it."""
    found = _applicants(session, identifier.strip())
    user = found[0] if len(found) == 1 else None
    row = session.scalar(select(PasswordReset).where(PasswordReset.user_id == user.id)
                         .with_for_update()) if user is not None else None
    if user is None or row is None or row.expires_at <= now or row.attempts >= MAX_TRIES:
        raise InvalidInputError({"code": WRONG_CODE})
    given = _digest(session, user.id, row.nonce, code.strip())
    if not any(hmac.compare_digest(row.code_hash, digest) for digest in given):
        row.attempts += 1
        raise InvalidInputError({"code": WRONG_CODE})
    problem = password_problem(password, False, (user.username, user.full_name,
                                                 user.id_number, user.phone))
    if problem:
        raise InvalidInputError({"password": problem})
    user.password_hash = users.hash_password(password)
    user.must_change_password = False
    session.delete(row)
    users.end_sessions(session, user.id)
    instances.audit(session, None, users.actor_of(user), "password_reset_by_code", now,
                    changes={"user_id": user.id})
    notifications.tell(session, user.id, None, "password_reset",
                       f"您的账户密码已于 {_minute(now)} 通过短信验证码重置，此前登录的设备"
                       "均已退出。如非本人操作，请立即联系县人力资源和社会保障局。", now)
    return user


def _minute(now: datetime) -> str:
    return now.astimezone(COUNTY_TIME).strftime("%Y-%m-%d %H:%M")


def one_time_password() -> str:
    """10 characters of 31: about 50 bits, read out or written down once."""
    return "".join(secrets.choice(ONE_TIME_ALPHABET) for _ in range(10))


def reset_in_person(session: Session, actor: Actor, id_number: str, full_name: str,
                    checked: bool, now: datetime) -> tuple[User, str]:
    """A township reviewer resets an applicant's password after checking their ID card: the
    account of that ID number and name, of an applicant who filed a claim in the reviewer's
    township. Returns the account and the one-time password to hand over."""
    if actor.role != Role.TOWNSHIP or not actor.scope or actor.user_id is None:
        raise ForbiddenError("only township reviewers reset passwords in person")
    errors: dict[str, str] = {} if checked else {"checked": NOT_CHECKED}
    try:
        number = normalise_id_number(id_number)
    except ValueError as exc:
        raise InvalidInputError({**errors, "id_number": str(exc)}) from exc
    user = session.scalar(select(User).where(
        User.role == str(Role.APPLICANT), User.active.is_(True),
        hash_matches(session, User.id_number_hash, number)).limit(1))
    ours = user is not None and session.scalar(select(Claim.id).where(
        Claim.applicant_id == user.id, Claim.township == actor.scope).limit(1)) is not None
    if user is None or not ours or user.full_name.strip() != full_name.strip():
        errors["id_number"] = NOT_OF_TOWNSHIP
    if errors:
        raise InvalidInputError(errors)
    assert user is not None
    password = one_time_password()
    user.password_hash = users.hash_password(password)
    user.must_change_password = True
    session.execute(delete(PasswordReset).where(PasswordReset.user_id == user.id))
    users.end_sessions(session, user.id)
    township = township_name(actor.scope)
    instances.audit(session, None, actor, "password_reset_in_person", now, comment=township,
                    changes={"user_id": user.id, "username": user.username,
                             "id_number": mask_id_number(number)})
    notifications.tell(session, user.id, None, "password_reset",
                       f"您的账户密码已于 {_minute(now)} 由{township}工作人员核验身份证后当面重置，"
                       "登录后须设置新密码。如非本人办理，请立即联系县人力资源和社会保障局。", now)
    return user, password
