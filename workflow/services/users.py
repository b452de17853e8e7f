"""Accounts, passwords and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value
from werkzeug.security import check_password_hash, generate_password_hash

from workflow.domain.access import SCOPED_ROLES, Actor, Role
from workflow.domain.departments import DEPARTMENTS
from workflow.domain.identity import mask_id_number, normalise_id_number
from workflow.domain.limits import Limit
from workflow.domain.need_to_know import EXPORT_WITHDRAWN, export_still_theirs
from workflow.domain.passwords import password_problem
from workflow.domain.townships import TOWNSHIPS
from workflow.domain.workdays import COUNTY_TIME
from workflow.persistence.crypto import hash_matches
from workflow.persistence.models import (
    ApiToken,
    ExportJob,
    ReservedUsername,
    User,
)
from workflow.services import instances, limits, notifications
from workflow.services.errors import ForbiddenError, InvalidInputError, NotFoundError

# werkzeug's default (scrypt). Tests lower it: hashing dominates their fixtures otherwise.
HASH_METHOD = "scrypt"
TOKEN_LIFETIME = timedelta(hours=12)
# A hash to check against when the user does not exist, so timing does not reveal names.
_DUMMY_HASH = generate_password_hash("not a real password")


def hash_password(password: str) -> str:
    """A password as stored (HASH_METHOD, read at each call so tests may lower it)."""
    return generate_password_hash(password, HASH_METHOD)


def get_user(session: Session, user_id: int | None) -> User | None:
    """The account with this id, or None (also for no id: an actor with no account)."""
    return session.get(User, user_id) if user_id is not None else None


def full_names(session: Session, user_ids: list[int]) -> dict[int, str]:
    """Account id → full name, for the accounts that exist among these."""
    if not user_ids:
        return {}
    return {u.id: u.full_name for u in session.scalars(select(User).where(User.id.in_(user_ids)))}


def actor_of(user: User) -> Actor:
    return Actor(user.id, Role(user.role), user.scope, user.full_name)


def _account_errors(session: Session, username: str, password: str, role: str,
                    full_name: str, scope: str | None, id_number: str | None,
                    phone: str | None) -> tuple[Role | None, str | None, dict[str, str]]:
    """The role, the ID number normalised, and every problem of a new account but one: an ID
    number another applicant account holds (the caller decides what to say about that)."""
    errors: dict[str, str] = {}
    try:
        role_value: Role | None = Role(role)
    except ValueError:
        errors["role"] = f"unknown role; one of {', '.join(r.value for r in Role)}"
        role_value = None
    errors.update(_scope_errors(role_value, scope))
    problem = password_problem(password, role_value != Role.APPLICANT,
                               (username, full_name, id_number, phone))
    if problem:
        errors["password"] = problem
    if _username_taken(session, username):
        errors["username"] = "already taken"
    if id_number:
        try:
            id_number = normalise_id_number(id_number)
        except ValueError as exc:
            errors["id_number"] = str(exc)
    if role_value == Role.APPLICANT and "id_number" not in errors and not id_number:
        errors["id_number"] = "an applicant account needs the holder's ID number"
    return role_value, id_number, errors


def _username_taken(session: Session, username: str) -> bool:
    """Held by an account, or asked for by a registration refused for its ID number."""
    return (session.scalar(select(User.id).where(User.username == username)) is not None or
            session.get(ReservedUsername, username) is not None)


SELF_REGISTERED = ("an enterprise registers itself with its unified social credit code "
                   "(/enterprise/register); an administrator does not give this role")
KEEPS_ROLE = "an enterprise account keeps its role: its record and claims are the enterprise's"


def create_user(session: Session, username: str, password: str, role: str, full_name: str,
                now: datetime, scope: str | None = None, id_number: str | None = None,
                phone: str | None = None, assigned: bool = False) -> User:
    """Create an account; scoped roles need a known township or department, and an applicant
    an ID number no other applicant account holds. `assigned`: an administrator gives the role
    (the users page, `butie create-user`), never an enterprise's (ASSIGNED_ROLES); an enterprise's
    account is created by its registration (services.enterprise_accounts)."""
    role_value, id_number, errors = _account_errors(session, username, password, role,
                                                    full_name, scope, id_number, phone)
    if assigned and role_value == Role.ENTERPRISE:
        errors["role"] = SELF_REGISTERED
    if role_value == Role.APPLICANT:
        errors.update(_applicant_id_errors(session, id_number, errors))
    if errors:
        raise InvalidInputError(errors)
    return _add_user(session, username, generate_password_hash(password, HASH_METHOD),
                     role_value, full_name, now, scope, id_number, phone)


def _add_user(session: Session, username: str, password_hash: str, role: Role | None,
              full_name: str, now: datetime, scope: str | None, id_number: str | None,
              phone: str | None) -> User:
    user = User(username=username, password_hash=password_hash, role=str(role),
                scope=scope if role in SCOPED_ROLES else None, full_name=full_name,
                id_number=id_number, phone=phone, active=True, created_at=now)
    session.add(user)
    session.flush()
    return user


REGISTERED = ("registration received: unless another account already holds this ID number, "
              "the account is ready and you log in with this username and password; if one "
              "does, no account is made and its holder is told")
TOO_MANY_REGISTRATIONS = "too many registrations from this address; try again later"
ATTEMPT_MESSAGE = ("{at}，有人试图用您的身份证号注册新的申请人账户，系统未予注册。"
                   "如果不是您本人所为，请联系县人力资源和社会保障局。")


def register(session: Session, username: str, password: str, full_name: str, id_number: str,
             phone: str, now: datetime, address: str, limit: Limit) -> None:
    """An applicant registers themself. Whether the ID number already has an account does not
    change the answer (None, or the input's own errors) nor the costly work (the password is
    hashed either way, a row or two written, one audit event): then no account is made, the
    username is reserved, the holder is told and the attempt is audited with its address.
    So registration is not an oracle of who has an account; logging in afterwards still tells
    the registrant (a residual leak, behind this limit per address and the login throttle)."""
    limits.take(session, limits.REGISTRATION, address, now, limit, TOO_MANY_REGISTRATIONS)
    role, number, errors = _account_errors(session, username, password, Role.APPLICANT,
                                           full_name, None, id_number, phone)
    if errors:
        raise InvalidInputError(errors)
    assert number is not None
    password_hash = generate_password_hash(password, HASH_METHOD)
    public = Actor(None, Role.PUBLIC)
    holder = _applicant_holding(session, number)
    if holder is None:
        user = _add_user(session, username, password_hash, role, full_name, now, None, number,
                         phone)
        instances.audit(session, None, public, "registered", now, comment=address[:64],
                        changes={"username": username, "user_id": user.id})
        return
    session.add(ReservedUsername(username=username, reserved_at=now))
    notifications.tell(session, holder, None, "registration_attempt",
                       ATTEMPT_MESSAGE.format(at=_county_minute(now)), now)
    instances.audit(session, None, public, "registration_refused", now, comment=address[:64],
                    changes={"username": username, "id_number": mask_id_number(number),
                             "holder": holder})


def registration_problems(session: Session, username: str, password: str, full_name: str,
                          id_number: str, phone: str) -> dict[str, str]:
    """What `register` would refuse in these fields, found without writing or counting
    anything: a form whose other fields are invalid still hears about its password and
    username in the same answer, not in a second round. A username held already says so as
    `register` does; an ID number another account holds is never said (see `register`)."""
    return _account_errors(session, username, password, Role.APPLICANT, full_name, None,
                           id_number or None, phone)[2]


def _county_minute(now: datetime) -> str:
    return now.astimezone(COUNTY_TIME).strftime("%Y-%m-%d %H:%M")


def _applicant_holding(session: Session, id_number: str) -> int | None:
    """The applicant account that holds this ID number, found by its keyed hash."""
    return session.scalar(select(User.id).where(
        User.role == str(Role.APPLICANT),
        hash_matches(session, User.id_number_hash, id_number)).limit(1))


def _applicant_id_errors(session: Session, id_number: str | None,
                         errors: dict[str, str]) -> dict[str, str]:
    """An applicant files claims under the ID number on file: one is required, one account each."""
    if "id_number" in errors:
        return {}
    if not id_number:
        return {"id_number": "an applicant account needs the holder's ID number"}
    # The column is encrypted: the account is found by the number's keyed hash.
    taken = _applicant_holding(session, id_number)
    return {"id_number": "another account already holds this ID number"} if taken else {}


def _new_id_number(session: Session, user: User, role: Role | None, given: str | None,
                   errors: dict[str, str]) -> str | None:
    """The account's ID number after an update; problems go into `errors`."""
    if user.id_number:
        if given and given.strip().upper() != user.id_number:
            errors["id_number"] = "the ID number on file cannot be changed"
        return user.id_number
    if given:
        try:
            given = normalise_id_number(given)
        except ValueError as exc:
            errors["id_number"] = str(exc)
            return None
    if role == Role.APPLICANT:
        errors.update(_applicant_id_errors(session, given, errors))
    return given or None


def _scope_errors(role: Role | None, scope: str | None) -> dict[str, str]:
    if role == Role.TOWNSHIP and scope not in TOWNSHIPS:
        return {"scope": "a township reviewer needs a known township code"}
    if role == Role.DEPARTMENT and scope not in DEPARTMENTS:
        return {"scope": "a department reviewer needs a known department code"}
    return {}


def update_user(session: Session, admin: Actor, user_id: int, role: str, scope: str | None,
                active: bool, password: str | None = None, id_number: str | None = None) -> User:
    """Change an account's role, scope or status, set a new password, or record the ID number
    of an account that has none (administrators). An ID number on file never changes: the
    account's claims were filed under it."""
    if admin.role != Role.ADMIN:
        raise ForbiddenError("only administrators manage users")
    user = session.get(User, user_id)
    if user is None:
        raise NotFoundError("no such user")
    try:
        role_value: Role | None = Role(role)
    except ValueError:
        role_value = None
    errors = _role_errors(user, role_value)
    errors.update(_scope_errors(role_value, scope))
    if user.id == admin.user_id and (not active or role_value != Role.ADMIN):
        errors["active"] = "you cannot lock yourself out"
    problem = password is not None and password_problem(
        password, role_value != Role.APPLICANT,
        (user.username, user.full_name, user.id_number, user.phone))
    if problem:
        errors["password"] = problem
    id_number = _new_id_number(session, user, role_value, id_number, errors)
    if errors:
        raise InvalidInputError(errors)
    scope = scope if role_value in SCOPED_ROLES else None
    # What a session was trusted with changes: whoever holds one must log in again.
    revoke = (password is not None or active != user.active or str(role_value) != user.role
              or scope != user.scope)
    user.id_number = id_number
    user.role = str(role_value)
    user.scope = scope
    user.active = active
    if password is not None:
        user.password_hash = generate_password_hash(password, HASH_METHOD)
    if revoke:
        end_sessions(session, user.id)
    _withdraw_exports(session, user)
    return user


def _role_errors(user: User, role: Role | None) -> dict[str, str]:
    """A role an administrator may give this account: not an enterprise's to another account
    (it registers itself), and an enterprise's account keeps its own."""
    if role in (None, Role.PUBLIC):
        return {"role": "unknown role"}
    if role == Role.ENTERPRISE and user.role != Role.ENTERPRISE:
        return {"role": SELF_REGISTERED}
    if user.role == Role.ENTERPRISE and role != Role.ENTERPRISE:
        return {"role": KEEPS_ROLE}
    return {}


def end_sessions(session: Session, user_id: int) -> int:
    """End every session cookie and bearer token of the user; the new epoch.

    Flask's session lives in a signed cookie the server cannot take back, so each cookie
    carries the user's epoch and is refused once it differs. The increment is done by the
    database, so two revocations at once never write the same value; tokens are deleted, and
    a token issued by a login that read the old epoch is refused by its own epoch."""
    epoch: int = session.execute(
        update(User).where(User.id == user_id).values(session_epoch=User.session_epoch + 1)
        .returning(User.session_epoch).execution_options(synchronize_session=False)
    ).scalar_one()
    session.execute(delete(ApiToken).where(ApiToken.user_id == user_id))
    user = session.get(User, user_id)
    if user is not None:  # the loaded row learns the value without writing it again
        set_committed_value(user, "session_epoch", epoch)
    return epoch


def _withdraw_exports(session: Session, user: User) -> None:
    """Drop the files of exports built for a role or scope the account no longer holds (all of
    them once it is deactivated): they hold what that role saw (whole accounts for finance, a
    township's claims). The jobs stay listed, saying why."""
    for job in session.scalars(select(ExportJob).where(
            ExportJob.requested_by == user.id,
            ExportJob.status.in_(("queued", "running", "done")))):
        if not export_still_theirs(job.role, job.scope, user.role, user.scope, user.active):
            job.status, job.content, job.size, job.error = (
                "withdrawn", None, None, EXPORT_WITHDRAWN)


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The active user with these credentials, or None."""
    user = session.scalar(select(User).where(User.username == username))
    if user is None or not user.active:
        check_password_hash(_DUMMY_HASH, password)
        return None
    return user if check_password_hash(user.password_hash, password) else None


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(session: Session, user: User, now: datetime) -> str:
    """A bearer token for API clients; only its hash is stored."""
    token = secrets.token_urlsafe(32)
    session.add(ApiToken(user_id=user.id, token_hash=_digest(token), created_at=now,
                         expires_at=now + TOKEN_LIFETIME, session_epoch=user.session_epoch))
    return token


def user_for_token(session: Session, token: str, now: datetime) -> User | None:
    """The user a live token belongs to, or None."""
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(token)))
    if row is None or row.expires_at <= now:
        return None
    return live_user(session, row.user_id, row.session_epoch)


def live_user(session: Session, user_id: int, epoch: object) -> User | None:
    """The active user whose sessions issued at `epoch` are still valid, or None."""
    user = session.get(User, user_id)
    if user is None or not user.active or epoch != user.session_epoch:
        return None
    return user


def change_own_password(session: Session, user: User, password: str, now: datetime) -> int:
    """The user sets a new password (the caller checked the current one under the login
    throttle): a one-time password from the township no longer needs changing, and every
    session of the account ends; the new epoch, for the caller to keep its own session."""
    problem = password_problem(password, user.role != Role.APPLICANT,
                               (user.username, user.full_name, user.id_number, user.phone))
    if problem:
        raise InvalidInputError({"password": problem})
    user.password_hash = generate_password_hash(password, HASH_METHOD)
    user.must_change_password = False
    instances.audit(session, None, actor_of(user), "password_changed", now,
                    changes={"user_id": user.id})
    return end_sessions(session, user.id)
