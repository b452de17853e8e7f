"""All settings in one place, overridable by BUTIE_* environment variables."""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass, fields
from typing import Any

from workflow.domain import time_limits
from workflow.domain.overdue import parse_limits
from workflow.domain.policy import PACKS
from workflow.domain.task_holds import MAX_MINUTES as MAX_HOLD_MINUTES
from workflow.payments.bank_files import TEMPLATES, check_template
from workflow.services.notices import MAX_WORKING_DAYS

PREFIX = "BUTIE_"


@dataclass
class Settings:
    DATABASE_URL: str = "sqlite:///instance/butie.db"
    SECRET_KEY: str = ""
    # The data key that encrypts ID numbers, bank accounts and workflow states at rest: base64
    # of 32 random bytes (`butie generate-data-key`). Unset: the key in DATA_KEY_FILE, made on
    # first start (development); set DATA_KEY_FILE empty to refuse to start without DATA_KEY.
    # DATA_KEYS_OLD: earlier keys, comma-separated, still read until `butie rekey` is done.
    DATA_KEY: str = ""
    DATA_KEYS_OLD: str = ""
    DATA_KEY_FILE: str = "instance/data.key"
    # Public notice (公示): the window in working days on the statutory calendar, who issues it,
    # how batches are numbered, and whom to call with an objection. The documents give no
    # contact: until it is set here, the bureau fills it in on each batch ("not configured").
    NOTICE_WORKING_DAYS: int = 5
    # The shortest window the bureau may publish (pages and API alike). None of the source
    # documents gives a 公示 period (Pengyang 003 组织保障 (三) says only "经公示无异议的"), so 5
    # working days is our choice, kept here as a setting; NOTICE_WORKING_DAYS may not be below it.
    NOTICE_MIN_WORKING_DAYS: int = 5
    NOTICE_AUTHORITY: str = "彭阳县人力资源和社会保障局"
    NOTICE_NUMBER_PATTERN: str = "彭人社公示〔{year}〕{sequence}号"
    NOTICE_CONTACT_OFFICE: str = ""
    NOTICE_CONTACT_PHONE: str = ""
    NOTICE_CONTACT_ADDRESS: str = ""
    TICKER: bool = False  # the development server fires timers in a background thread
    TICK_SECONDS: float = 5.0
    # Session cookies are always HttpOnly and SameSite=Lax, and Secure on every HTTPS request;
    # set this to mark them Secure even when TLS ends at a proxy that does not say so.
    SESSION_COOKIE_SECURE: bool = False
    # Proxies in front of the app that set X-Forwarded-For/-Proto (0: none). Needed for the
    # login throttle to see the client's address and for Secure cookies behind TLS.
    PROXY_HOPS: int = 0
    # Login throttle (workflow.domain.login_throttle), per account AND address so nobody can
    # lock an owner out from elsewhere: LOGIN_FREE_FAILURES failures in a row are answered at
    # once, then each attempt waits LOGIN_FIRST_DELAY_SECONDS doubled per failure, at most
    # LOGIN_MAX_DELAY_MINUTES; a success starts over. One address failing
    # LOGIN_MAX_FAILURES_PER_ADDRESS times on any accounts within LOGIN_WINDOW_MINUTES waits
    # out the window. An account failing LOGIN_ACCOUNT_ALARM times within the window from all
    # addresses is under attack: each address then gets one free failure.
    LOGIN_FREE_FAILURES: int = 3
    LOGIN_FIRST_DELAY_SECONDS: int = 2
    LOGIN_MAX_DELAY_MINUTES: int = 15
    LOGIN_MAX_FAILURES_PER_ADDRESS: int = 20
    LOGIN_WINDOW_MINUTES: int = 15
    LOGIN_ACCOUNT_ALARM: int = 100
    # Rate limits, counted in the database so every web process shares them (429 with
    # Retry-After past them), each over the last hour: objections per address (the notice page
    # and the API share one budget); registrations per address (raise it for a service hall
    # whose computers share one address); quotes that count a person's earlier subsidies by
    # ID number, per reviewer or bureau officer (each one audited).
    OBJECTIONS_PER_HOUR: int = 5
    REGISTRATIONS_PER_HOUR: int = 10
    QUOTES_WITH_ID_NUMBER_PER_HOUR: int = 30
    # SMS through an HTTP gateway (README "SMS gateway": a JSON POST {phone, text, reference}
    # with `Authorization: Bearer SMS_TOKEN`). Empty URL: SMS is off and applicants read their
    # messages on the site only (the pages say so); no other address is ever contacted.
    SMS_URL: str = ""
    SMS_TOKEN: str = ""
    SMS_TIMEOUT_SECONDS: float = 5.0
    # Password reset codes by SMS, each over the last hour: requests per address, and requests
    # naming one username or number (texts to one number count against the same budget).
    PASSWORD_RESETS_PER_HOUR: int = 10
    PASSWORD_RESETS_PER_ACCOUNT_PER_HOUR: int = 3
    MAX_CONTENT_LENGTH: int = 12 * 1024 * 1024  # two scans and the form
    UPLOAD_FOLDER: str = "instance/uploads"  # outside static/: served only through checks
    UPLOAD_MAX_BYTES: int = 5 * 1024 * 1024
    # Days a task may wait before the queue marks it overdue, per stage (an office setting,
    # not a policy number): "stage=days,stage=days".
    OVERDUE_DAYS: str = ("township_review=5,department_review=5,bureau_acceptance=5,"
                         "objection_review=3,payment=10,correction=15,account_correction=15")
    # Minutes a reviewer holds a claim they claimed in the workbench (the next claim after a
    # decision is claimed for them), 1 to 480; their decision or release ends it sooner. Until
    # then another reviewer may only take it over explicitly (recorded on the claim).
    TASK_HOLD_MINUTES: int = 30
    # Each stage's time limit in working days, shown to the applicant with the expected date of
    # the next step and printed on the receipt: "township_review=10,payment=15". The seed
    # documents set none (workflow.domain.time_limits), so none is assumed: a stage not listed
    # is "not configured". Stages: township_review, department_review, bureau_acceptance,
    # awaiting_notice, payment (the notice's own length is NOTICE_WORKING_DAYS).
    STAGE_WORKING_DAYS: str = ""
    # The bank file's columns: "default", "yikatong" (惠民惠农一卡通), or a JSON list of
    # [heading, field] pairs (fields: row_number, payee_name, account_number, bank_name,
    # amount_yuan, purpose, reference; one reference and one amount column). A malformed
    # template stops start-up.
    PAYMENT_TEMPLATE: str = "default"
    # The policy packs applicants may file claims under, first the default: "pengyang",
    # or e.g. "lanzhou" for a Lanzhou New Area deployment, or "pengyang,lanzhou,huzhou" to offer
    # several (the applicant then chooses on the claim form). Quotes are open for every pack.
    POLICY_PACKS: str = "pengyang"
    # What diagram code may spend in one call into the engine (workflow/engine/budget.py):
    # bytecode instructions plus 10,000 per engine step, and wall-clock seconds. The shipped
    # process needs ~50,000 steps; a condition or script over either is stopped with a 409 that
    # names its element, and nothing of the request is saved.
    DIAGRAM_STEPS: int = 1_000_000
    DIAGRAM_SECONDS: float = 2.0
    # Where pg_dump / pg_restore live (`butie backup`/`restore` on PostgreSQL); empty: PATH.
    PG_TOOLS: str = ""
    TESTING: bool = False


def _convert(raw: str, kind: Any) -> Any:
    if kind in (bool, "bool"):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if kind in (int, "int"):
        return int(raw)
    if kind in (float, "float"):
        return float(raw)
    return raw


def load(overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Defaults, then BUTIE_* environment variables, then explicit overrides."""
    values: dict[str, Any] = {}
    for field in fields(Settings):
        raw = os.environ.get(PREFIX + field.name)
        values[field.name] = field.default if raw is None else _convert(raw, field.type)
    values.update(overrides or {})
    if not values["SECRET_KEY"]:
        # A per-process key: sessions do not survive a restart. Set BUTIE_SECRET_KEY in prod.
        values["SECRET_KEY"] = secrets.token_hex(32)
    return values


def policy_packs(setting: str) -> tuple[str, ...]:
    """Parse POLICY_PACKS; an unknown pack is an error, never silently dropped."""
    packs = tuple(dict.fromkeys(p.strip() for p in setting.split(",") if p.strip()))
    unknown = [p for p in packs if p not in PACKS]
    if unknown or not packs:
        raise ValueError(f"POLICY_PACKS: unknown or no pack {unknown} (known: {', '.join(PACKS)})")
    return packs


def hold_minutes(setting: int) -> int:
    """Check TASK_HOLD_MINUTES at start-up: a hold that ends at once or lasts past a working
    day is a mistake, not a default."""
    if not 1 <= int(setting) <= MAX_HOLD_MINUTES:
        raise ValueError(f"TASK_HOLD_MINUTES: 1 to {MAX_HOLD_MINUTES}, not {setting}")
    return int(setting)


def stage_working_days(setting: str) -> dict[str, int]:
    """Parse STAGE_WORKING_DAYS; a malformed entry is an error at start-up."""
    return time_limits.parse_limits(setting)


def payment_template(setting: str) -> tuple[tuple[str, str], ...]:
    """Parse PAYMENT_TEMPLATE: a named template or a JSON list of [heading, field] pairs."""
    try:
        template = (tuple((str(h), str(f)) for h, f in json.loads(setting))
                    if setting.strip().startswith("[") else TEMPLATES[setting.strip()])
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"PAYMENT_TEMPLATE: {', '.join(TEMPLATES)} or a JSON list of "
                         f"[heading, field] pairs, not {setting!r}") from exc
    check_template(template)
    return template


def notice_days(default: int, minimum: int) -> None:
    """NOTICE_WORKING_DAYS and NOTICE_MIN_WORKING_DAYS: a default below the minimum, or a
    minimum outside 1..30, stops start-up (every notice would be refused)."""
    if not 1 <= minimum <= MAX_WORKING_DAYS or not minimum <= default <= MAX_WORKING_DAYS:
        raise ValueError(f"NOTICE_MIN_WORKING_DAYS ({minimum}) must be 1 to {MAX_WORKING_DAYS} "
                         f"and NOTICE_WORKING_DAYS ({default}) from it to {MAX_WORKING_DAYS}")


def overdue_days(setting: str) -> dict[str, int]:
    """Parse OVERDUE_DAYS; a malformed entry is an error at start-up, not a silent default."""
    return parse_limits(setting)
