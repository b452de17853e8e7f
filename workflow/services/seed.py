"""`butie seed`: many realistic claims at every stage, by bulk inserts, for load tests.

Claims are written with SQLAlchemy Core's executemany (`exec_driver_sql`, plain tuples: the
typed path costs more than the database here; COPY on PostgreSQL), so the generator encrypts
ID numbers and accounts and computes the lookup hash itself (workflow.persistence.crypto),
in batches of one transaction each, never through the workflow engine: applicants, claims
with every projection column the queues and pages read, and the human-task rows of the open
stages. Seeded claims carry no workflow state and no audit events (their `rev` is SEEDED):
pages show them with a "generated data, read-only" note and deciding one is refused with that
reason. Run it on a database of its own with the service stopped (it writes explicit ids).
"""

from __future__ import annotations

import random
import time
import uuid
from bisect import bisect
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate
from typing import Any

from sqlalchemy import Connection, Engine, func, select, text
from werkzeug.security import generate_password_hash

from workflow.domain.access import task_scope
from workflow.domain.claims import SEEDED_REV, Stage, Status
from workflow.domain.policy.pengyang.catalogue import CATALOGUE
from workflow.domain.policy.pengyang.pricing import price_claim
from workflow.domain.townships import TOWNSHIPS
from workflow.persistence.crypto import Keyring, keyring_of
from workflow.persistence.models import Claim, ProcessDefinition, User

SEEDED = SEEDED_REV
PASSWORD = "seeded applicant 2026"
# 彭阳县's division code (GB/T 2260) in ID numbers: 642226 under 固原地区 until 2001 (the county
# was formed in 1983: births from 1984 on), 640425 under 固原市 since.
PENGYANG, PENGYANG_BEFORE_2001 = "640425", "642226"
# (stage, status, share of all claims): a year of the programme, most claims paid.
MIX: tuple[tuple[str, str, float], ...] = (
    (Stage.TOWNSHIP_REVIEW, Status.IN_PROGRESS, 0.08),
    (Stage.DEPARTMENT_REVIEW, Status.IN_PROGRESS, 0.06),
    (Stage.CORRECTION, Status.IN_PROGRESS, 0.03),
    (Stage.BUREAU_ACCEPTANCE, Status.IN_PROGRESS, 0.04),
    (Stage.AWAITING_NOTICE, Status.IN_PROGRESS, 0.02),
    (Stage.NOTICE, Status.IN_PROGRESS, 0.03),
    (Stage.OBJECTION_REVIEW, Status.IN_PROGRESS, 0.003),
    (Stage.PAYMENT, Status.IN_PROGRESS, 0.03),
    (Stage.ACCOUNT_CORRECTION, Status.IN_PROGRESS, 0.007),
    (Stage.CLOSED, Status.PAID, 0.60),
    (Stage.CLOSED, Status.REJECTED, 0.06),
    (Stage.CLOSED, Status.WITHDRAWN, 0.04),
)
# The open task of each stage, as the process (bpmn/subsidy_claim.bpmn) creates it.
TASKS: dict[str, tuple[str, str, str, str]] = {
    Stage.TOWNSHIP_REVIEW: ("Task_township_review", "Township identity review", "Township",
                            "review"),
    Stage.DEPARTMENT_REVIEW: ("Task_department_review", "Department certificate review",
                              "Department", "review"),
    Stage.CORRECTION: ("Task_correct_claim", "Correct and resubmit the claim", "Applicant",
                       "claim_correction"),
    Stage.BUREAU_ACCEPTANCE: ("Task_bureau_acceptance", "Bureau acceptance", "Bureau",
                              "acceptance"),
    Stage.OBJECTION_REVIEW: ("Task_objection_review", "Decide on the objection", "Bureau",
                             "objection_review"),
    Stage.PAYMENT: ("Task_record_payment", "Record the payment result", "Finance",
                    "payment_result"),
    Stage.ACCOUNT_CORRECTION: ("Task_correct_account", "Correct the bank account", "Applicant",
                               "account_correction"),
}
ACCEPTED = {Stage.AWAITING_NOTICE, Stage.NOTICE, Stage.OBJECTION_REVIEW, Stage.PAYMENT,
            Stage.ACCOUNT_CORRECTION}
# Routed to a department once the township approved (the decision table runs then).
ROUTED = ACCEPTED | {Stage.DEPARTMENT_REVIEW, Stage.BUREAU_ACCEPTANCE}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰萍红建国建华文斌海燕志强"
BANKS = ("中国农业银行彭阳支行", "宁夏黄河农村商业银行彭阳支行", "中国邮政储蓄银行彭阳县支行",
         "中国工商银行彭阳支行")
PRICED = [e for e in CATALOGUE.values() if e.amount_fen is not None]
# The rule text acceptance records, from the pricing rule itself (computed once, not per claim).
RULES = {e.code: price_claim(e.code).rule for e in PRICED}


@dataclass(frozen=True)
class SeedResult:
    claims: int
    applicants: int
    tasks: int
    seconds: float


class SeedError(Exception):
    """Seeding refused: real claims present, or no process deployed."""


_ID_WEIGHTS = [pow(2, 17 - i, 11) for i in range(17)]


def _id_number(serial: int) -> str:
    """A valid, distinct ID number per serial: birth day from a permutation, then a sequence
    (GB 11643 check digit, ISO 7064 MOD 11-2)."""
    days = len(_BIRTH_DAYS)
    born = _BIRTH_DAYS[(serial * 7919) % days]
    region = PENGYANG if born >= "2001" else PENGYANG_BEFORE_2001
    body = f"{region}{born}{serial // days % 1000:03d}"
    check = (12 - sum(int(d) * w for d, w in zip(body, _ID_WEIGHTS, strict=True)) % 11) % 11
    return body + ("X" if check == 10 else str(check))


_BIRTH_DAYS = [f"{datetime(1984, 1, 1) + timedelta(days=n):%Y%m%d}" for n in range(8400)]
CLAIM_COLUMNS = ("id", "definition_id", "reference", "applicant_id", "state", "version", "rev",
                 "status", "stage", "township", "department", "full_name", "id_number",
                 "id_number_hash", "phone",
                 "target_group", "certificate_code", "certificate_name", "certificate_number",
                 "certificate_level", "certificate_issued_on", "certificate_issuer",
                 "bank_name", "account_number", "account_number_hash", "account_holder",
                 "amount_fen", "amount_rule",
                 "notice_ends_at", "next_timer_at", "closed_stage", "closed_reason",
                 "submitted_at", "updated_at", "closed_at", "accepted_at", "policy_pack",
                 "policy_version", "notice_batch_id")
USER_COLUMNS = ("id", "username", "password_hash", "role", "scope", "full_name", "id_number",
                "id_number_hash", "phone", "active", "created_at")
TASK_COLUMNS = ("claim_id", "task_id", "name", "title", "lane", "scope", "form", "stage",
                "created_at")
GROUPS = ("rural_migrant",) * 6 + ("graduate", "registered_unemployed", "hard_to_employ")


class _Generator:
    """Rows as tuples in column order, from a few random numbers each (about 1 µs apiece)."""

    def __init__(self, rng: random.Random, now: datetime, definition_id: int,
                 sqlite: bool, keyring: Keyring) -> None:
        self.rng, self.now, self.definition_id = rng, now, definition_id
        # The plain SQL below bypasses the column types: it encrypts and hashes itself.
        self.keyring = keyring
        # SQLite gets times as text in SQLAlchemy's own format (naive UTC); PostgreSQL objects.
        self.time: Callable[[datetime], object] = (
            (lambda t: t.isoformat(" ", "microseconds")) if sqlite else (lambda t: t))
        self.day: Callable[[date], object] = (lambda d: d.isoformat()) if sqlite else \
            (lambda d: d)
        self.true: object = 1 if sqlite else True
        self.naive_now = now.astimezone(UTC).replace(tzinfo=None) if sqlite else now
        self.cumulative = list(accumulate(share for _, _, share in MIX))
        self.townships = list(TOWNSHIPS)
        self.names = [rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(
            rng.choice((1, 2)))) for _ in range(4000)]

    def person(self, serial: int, password_hash: str) -> tuple[object, ...]:
        name = self.names[serial % len(self.names)]
        number = _id_number(serial)
        # Hashed once a person: their claims carry the same hash (and the same sealed value).
        return (serial, f"seed{serial:08d}", password_hash, "applicant", None, name,
                self.keyring.encrypt(number), self.keyring.lookup_hash(number),
                f"1{3 + serial % 7}{serial:09d}"[:11], self.true, self.time(self.naive_now))

    def claim(self, claim_id: int, person: tuple[object, ...]) -> tuple[tuple, tuple | None]:
        rnd = self.rng.random
        stage, status, _ = MIX[min(bisect(self.cumulative, rnd() * self.cumulative[-1]),
                                   len(MIX) - 1)]
        open_stage, paid = stage != Stage.CLOSED, status == Status.PAID
        accepted = stage in ACCEPTED or paid
        # Open claims are recent; closed ones spread over the year.
        submitted = self.naive_now - timedelta(minutes=rnd() * 1440 * (45 if open_stage
                                                                        else 365))
        updated = submitted + (self.naive_now - submitted) * rnd()
        entry = PRICED[int(rnd() * len(PRICED))] if accepted or rnd() < 0.9 else \
            CATALOGUE[f"PY-{1 + int(rnd() * 19):02d}"]
        township = self.townships[int(rnd() * len(self.townships))]
        department = entry.department if stage in ROUTED or not open_stage and not \
            status == Status.WITHDRAWN else None
        rejected = status == Status.REJECTED
        t, account = self.time, f"62284800{claim_id:011d}"  # an account of each claim's own
        row = (claim_id, self.definition_id, f"BT{submitted.year}-{claim_id:08X}", person[0],
               "", 1, SEEDED, str(status), str(stage), township, department, person[5],
               person[6], person[7], person[8], GROUPS[int(rnd() * len(GROUPS))],
               entry.code, entry.name,
               f"TZ-{submitted.year}-{claim_id:07d}", "",
               self.day((submitted - timedelta(days=20 + int(rnd() * 180))).date()),
               "固原市发证机关", BANKS[claim_id % len(BANKS)],
               self.keyring.encrypt(account), self.keyring.lookup_hash(account), person[5],
               entry.amount_fen if accepted else None,
               RULES[entry.code] if accepted
               else None, t(updated + timedelta(days=7)) if stage == Stage.NOTICE else None,
               None,  # no timer fires for a claim without workflow state
               str(Stage.DEPARTMENT_REVIEW) if rejected else None,
               "证书信息与发证机关记录不符" if rejected else None, t(submitted), t(updated),
               None if open_stage else t(updated), t(updated) if accepted else None,
               "pengyang" if accepted else None, 1 if accepted else None, None)
        if stage not in TASKS:
            return row, None
        name, title, lane, form = TASKS[stage]
        task = (claim_id, str(uuid.UUID(int=self.rng.getrandbits(128), version=4)), name,
                title, lane, task_scope(lane, township, department, int(person[0])), form,  # type: ignore[call-overload]
                str(stage), t(updated))
        return row, task


def _insert_sql(engine: Engine, table: str, columns: tuple[str, ...]) -> str:
    marker = "?" if engine.dialect.paramstyle == "qmark" else "%s"
    return (f"INSERT INTO {table} ({', '.join(columns)}) "
            f"VALUES ({', '.join([marker] * len(columns))})")


def _write(connection: Connection, table: str, columns: tuple[str, ...], sql: dict[str, str],
           rows: list[tuple[object, ...]]) -> None:
    """executemany; on PostgreSQL its COPY, in the same transaction (several times faster)."""
    if not rows:
        return
    if connection.dialect.name != "postgresql":
        connection.exec_driver_sql(sql[table], rows)  # type: ignore[arg-type]
        return
    raw: Any = connection.connection.driver_connection
    with raw.cursor() as cursor, cursor.copy(
            f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _next_id(connection: Connection, column: Any) -> int:
    return int(connection.scalar(select(func.coalesce(func.max(column), 0))) or 0) + 1


def _start(engine: Engine) -> tuple[int, int, int]:
    with engine.begin() as connection:
        real = connection.scalar(select(func.count()).select_from(Claim)
                                 .where(Claim.rev != SEEDED))
        if real:
            raise SeedError(f"the database holds {real} real claim(s); seed an empty one")
        definition = connection.scalar(select(func.max(ProcessDefinition.id)))
        if definition is None:
            raise SeedError("no process is deployed; run `butie deploy` first")
        return _next_id(connection, User.id), _next_id(connection, Claim.id), definition


def seed(engine: Engine, claims: int, now: datetime, batch: int = 20_000, rng_seed: int = 1,
         progress: Callable[[int], None] | None = None) -> SeedResult:
    """Insert `claims` generated claims (and their applicants) in batches of `batch`."""
    started = time.perf_counter()
    serial, claim_id, definition = _start(engine)
    rng = random.Random(f"{rng_seed}:{claim_id}")  # the same data again on an empty database
    generator = _Generator(rng, now, definition, engine.dialect.name == "sqlite",
                           keyring_of(engine.dialect))
    password_hash = generate_password_hash(PASSWORD)  # one hash: hashing 10^6 would take hours
    sql = {name: _insert_sql(engine, name, columns) for name, columns in (
        ("users", USER_COLUMNS), ("claims", CLAIM_COLUMNS), ("human_tasks", TASK_COLUMNS))}
    done = applicants = tasks = 0
    while done < claims:
        people: list[tuple[object, ...]] = []
        rows: list[tuple[object, ...]] = []
        task_rows: list[tuple[object, ...]] = []
        while len(rows) < min(batch, claims - done):
            person = generator.person(serial, password_hash)
            people.append(person)
            wanted = min(1 if rng.random() < 0.8 else 2, claims - done - len(rows))
            for _ in range(wanted):  # at most 2 subsidies a person
                row, task = generator.claim(claim_id, person)
                rows.append(row)
                if task is not None:
                    task_rows.append(task)
                claim_id += 1
            serial += 1
        with engine.begin() as connection:
            if engine.dialect.name == "sqlite":  # index pages stay in memory: ~25% faster
                connection.exec_driver_sql("PRAGMA cache_size=-262144")
            _write(connection, "users", USER_COLUMNS, sql, people)
            _write(connection, "claims", CLAIM_COLUMNS, sql, rows)
            _write(connection, "human_tasks", TASK_COLUMNS, sql, task_rows)
        done, applicants, tasks = done + len(rows), applicants + len(people), \
            tasks + len(task_rows)
        if progress is not None:
            progress(done)
    _move_sequences(engine)
    return SeedResult(done, applicants, tasks, time.perf_counter() - started)


def _move_sequences(engine: Engine) -> None:
    """PostgreSQL's id sequences past the explicit ids written here."""
    if engine.dialect.name != "postgresql":
        return
    with engine.begin() as connection:
        for table in ("users", "claims"):
            connection.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                    f"(SELECT max(id) FROM {table}))"))


def stages_of(engine: Engine) -> dict[tuple[str, str], int]:
    """Claims per (stage, status): what a seeded database holds."""
    with engine.connect() as connection:
        return {(stage, status): count for stage, status, count in connection.execute(
            select(Claim.stage, Claim.status, func.count()).group_by(Claim.stage, Claim.status))}
