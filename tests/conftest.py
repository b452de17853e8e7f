"""Shared fixtures: a fresh, migrated database per test, on SQLite and on PostgreSQL.

Each test gets its own database copied from a migrated template (a file copy on SQLite,
CREATE DATABASE ... TEMPLATE on PostgreSQL), so tests commit for real: the concurrency and
restart tests need real commits, which a rolled-back outer transaction would hide.
"""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session, sessionmaker

from tests.keys import KEYRING
from tests.pg import postgres_server, server_binaries
from workflow.domain.access import Actor
from workflow.persistence.db import make_engine, make_session_factory
from workflow.persistence.migrate import upgrade
from workflow.services import claims, definitions, users
from workflow.services.runtime import Runtime, build_runtime

ROOT = Path(__file__).resolve().parents[1]
BPMN_DIR = ROOT / "bpmn"
NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
BACKENDS = ["sqlite"] + (["postgresql"] if server_binaries() else [])
_counter = itertools.count()


@pytest.fixture(autouse=True)
def fast_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """scrypt takes ~0.2 s a hash here; tests create many users."""
    monkeypatch.setattr(users, "HASH_METHOD", "pbkdf2:sha256:1000")


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """A throwaway PostgreSQL server for the session; tests that need it are skipped where its
    binaries are not installed (`.ci/run` installs them)."""
    if server_binaries() is None:
        pytest.skip("PostgreSQL's server is not installed (apt-get install postgresql)")
    with postgres_server() as url:
        admin = create_engine(f"{url}/postgres", isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text("CREATE DATABASE butie_template"))
        admin.dispose()
        upgrade(f"{url}/butie_template")
        yield url


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """URL of a fresh migrated database of each backend."""
    if request.param == "sqlite":
        path = tmp_path / "butie.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    with template_copy(request.getfixturevalue("pg_server"), f"test_{next(_counter)}") as url:
        yield url


@contextmanager
def template_copy(server: str, name: str) -> Iterator[str]:
    """A PostgreSQL database `name` copied from the migrated template, dropped afterwards."""
    admin = create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name} TEMPLATE butie_template"))
    try:
        yield f"{server}/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


@pytest.fixture
def session_factory(db_url: str) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(db_url, KEYRING)
    yield make_session_factory(engine)
    engine.dispose()


@pytest.fixture
def clock() -> list[datetime]:
    """A settable clock: tests move `clock[0]` forward."""
    return [NOW]


@pytest.fixture
def runtime(clock: list[datetime]) -> Runtime:
    return build_runtime(clock=lambda: clock[0])


@pytest.fixture
def deployed(session_factory: sessionmaker[Session]) -> int:
    """Deploy bpmn/ and return the definition id."""
    with session_factory.begin() as session:
        row, _ = definitions.deploy(session, definitions.PROCESS_ID,
                                    definitions.read_directory(BPMN_DIR), "test", "test", NOW)
        return row.id


PASSWORD = "correct horse"
# username, role, scope, name, ID number: one user per role; the township and department
# match `claim_input()`, the "other_" ones are outside its scope.
USERS = [
    ("applicant", "applicant", None, "张三", "11010519491231002X"),
    ("other_applicant", "applicant", None, "李四", "642226198505050022"),
    ("township", "township_reviewer", "baiyang", "白阳镇审核员", None),
    ("other_township", "township_reviewer", "wangwa", "王洼镇审核员", None),
    ("department", "department_reviewer", "market", "市场监管审核员", None),
    ("other_department", "department_reviewer", "transport", "交通运输审核员", None),
    ("hr_department", "department_reviewer", "hr_bureau", "人社局证书审核员", None),
    ("bureau", "bureau_officer", None, "人社局验收", None),
    ("finance", "finance_officer", None, "财务", None),
    ("admin", "administrator", None, "管理员", None),
]


def create_users(session: Session) -> dict[str, Actor]:
    """Create `USERS` with `PASSWORD`; returns their actors by username."""
    found: dict[str, Actor] = {}
    for username, role, scope, name, id_number in USERS:
        user = users.create_user(session, username, PASSWORD, role, name, NOW, scope=scope,
                                 id_number=id_number)
        found[username] = users.actor_of(user)
    return found


@pytest.fixture
def actors(session_factory: sessionmaker[Session], deployed: int) -> dict[str, Actor]:
    """One user per role (see `USERS`)."""
    with session_factory.begin() as session:
        return create_users(session)


def claim_input(**overrides: object) -> claims.ClaimInput:
    """A valid claim for the `applicant` fixture user: 叉车司机 (附件1 row 22, 1400 yuan)."""
    values: dict[str, object] = dict(
        full_name="张三", id_number="11010519491231002X", phone="13800000000",
        township="baiyang", target_group="rural_migrant", certificate_code="PY-22",
        certificate_name="叉车司机", certificate_number="TZ-2026-0001", certificate_level="",
        certificate_issued_on=date(2026, 5, 1), certificate_issuer="固原市市场监管局",
        bank_name="中国农业银行彭阳支行", account_number="6228480000000000000",
        account_holder="张三")
    values.update(overrides)
    return claims.ClaimInput(**values)  # type: ignore[arg-type]
