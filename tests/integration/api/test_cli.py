"""The `butie` command on a real SQLite file, as an operator would run it."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from tests.keys import KEYRING
from web.cli import cli
from workflow.persistence.db import make_engine, make_session_factory
from workflow.persistence.models import (
    Budget,
    Claim,
    Enterprise,
    ExportJob,
    NoticeBatch,
    ProcessDefinition,
    RosterRow,
    StageVisit,
    User,
)
from workflow.services import exports, users


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"BUTIE_DATABASE_URL": f"sqlite:///{tmp_path}/cli.db"}


def _demo_day(monkeypatch: pytest.MonkeyPatch, moment: datetime) -> None:
    """Run the CLI's app on a fixed clock: what the demo can publish depends on the day (a
    notice cannot be counted into a year whose statutory calendar is not configured)."""
    import web.db
    from workflow.services.runtime import build_runtime

    monkeypatch.setattr(web.db, "build_runtime",
                        lambda **kw: build_runtime(**{**kw, "clock": lambda: moment}))


def test_demo_creates_every_role_and_claims_at_several_stages(env, monkeypatch):
    _demo_day(monkeypatch, datetime(2026, 12, 3, 1, tzinfo=UTC))
    runner = CliRunner()
    result = runner.invoke(cli, ["demo"], env=env)
    assert result.exit_code == 0, result.output
    for role in ("applicant", "township_reviewer", "department_reviewer", "bureau_officer",
                 "finance_officer", "administrator"):
        assert role in result.output
    factory = make_session_factory(make_engine(env["BUTIE_DATABASE_URL"], KEYRING))
    with factory() as session:
        stages = dict(session.execute(select(Claim.stage, func.count())
                                      .group_by(Claim.stage)).all())
        assert stages == {"township_review": 10 + 1, "correction": 4, "department_review": 8,
                          "bureau_acceptance": 7, "awaiting_notice": 3, "notice": 6,
                          "objection_review": 2,
                          "payment": 5, "account_correction": 2, "closed": 8}
        statuses = dict(session.execute(select(Claim.status, func.count())
                                        .group_by(Claim.status)).all())
        assert statuses == {"in_progress": 47 + 1, "paid": 4, "rejected": 2, "withdrawn": 2}
        batches = session.execute(select(NoticeBatch.number, NoticeBatch.row_count)
                                  .order_by(NoticeBatch.id)).all()
        assert [count for _, count in batches] == [11, 8]
        assert session.scalar(select(func.count()).select_from(Claim).where(
            Claim.stage == "bureau_acceptance", Claim.certificate_code == "PY-01")) == 1
        assert session.scalar(select(func.count()).select_from(User)) == 16 + 55 + 1
        # The dashboard's days per stage: every claim entered at least its first stage.
        assert session.scalar(select(func.count(func.distinct(StageVisit.claim_id)))) == 55 + 1
        # The demo enterprise's 以工代训 roster (003 二(四)) waits at its township, 3 workers.
        roster = session.scalar(select(Claim).where(Claim.payee_kind == "enterprise"))
        assert (roster.township, roster.stage, roster.subsidy_kind) == (
            "baiyang", "township_review", "work_for_training")
        assert session.scalar(select(func.count()).select_from(RosterRow)) == 3
        budget = session.scalar(select(Budget))
        assert budget.amount_fen == 500_000_00 and "演示" in budget.note
    again = runner.invoke(cli, ["demo"], env=env)  # a second run changes nothing
    assert again.exit_code == 0
    with factory() as session:
        assert session.scalar(select(func.count()).select_from(Claim)) == 55 + 1


def test_the_demo_in_late_december_says_the_next_year_is_not_configured(env, monkeypatch):
    """On 2026-12-28 today's notice would run into 2027, which nobody entered: the demo does
    not invent it. The notice is not published, its claims wait for one, and the demo says
    where the year is entered. The notice of three weeks ago (in 2026) is published as usual."""
    _demo_day(monkeypatch, datetime(2026, 12, 28, 1, tzinfo=UTC))
    result = CliRunner().invoke(cli, ["demo"], env=env)
    assert result.exit_code == 0, result.output
    assert ("note: a notice of 2026-12-28 was not published: the statutory holiday calendar "
            "for 2027 is not configured") in result.output and "/admin/calendar" in result.output
    factory = make_session_factory(make_engine(env["BUTIE_DATABASE_URL"], KEYRING))
    with factory() as session:
        stages = dict(session.execute(select(Claim.stage, func.count())
                                      .group_by(Claim.stage)).all())
        assert stages["awaiting_notice"] == 3 + 8 and "notice" not in stages
        assert (stages["payment"], stages["closed"]) == (5, 8)
        assert session.scalar(select(func.count()).select_from(NoticeBatch)) == 1


def test_deploy_is_idempotent_and_tick_reports(env, tmp_path):
    runner = CliRunner()
    assert runner.invoke(cli, ["init"], env=env).exit_code == 0
    first = runner.invoke(cli, ["deploy"], env=env)
    assert "version 1 (new" in first.output
    assert "version 1 (unchanged" in runner.invoke(cli, ["deploy"], env=env).output
    changed = tmp_path / "bpmn"
    changed.mkdir()
    source = Path(__file__).resolve().parents[3] / "bpmn"
    for path in source.iterdir():
        text = path.read_text(encoding="utf-8")
        (changed / path.name).write_text(text.replace("Bureau acceptance", "Bureau check"),
                                         encoding="utf-8")
    assert "version 2 (new" in runner.invoke(cli, ["deploy", "--dir", str(changed)],
                                             env=env).output
    factory = make_session_factory(make_engine(env["BUTIE_DATABASE_URL"], KEYRING))
    with factory() as session:
        assert session.scalar(select(func.max(ProcessDefinition.version))) == 2
    assert "fired 0 timer(s)" in runner.invoke(cli, ["tick"], env=env).output
    created = runner.invoke(cli, ["create-user", "admin", "--role", "administrator", "--name",
                                  "管理员", "--password", "river stone lantern 42"], env=env)
    assert created.exit_code == 0, created.output
    with factory.begin() as session:
        admin = users.actor_of(session.scalar(select(User)))
        job = exports.request_export(session, admin, "processes", {},
                                     datetime.now(UTC)).id
    assert "built 1 export(s)" in runner.invoke(cli, ["tick"], env=env).output
    with factory() as session:
        assert session.get(ExportJob, job).status == "done"


def test_create_user_validates_the_scope(env):
    runner = CliRunner()
    runner.invoke(cli, ["init"], env=env)
    bad = runner.invoke(cli, ["create-user", "x", "--role", "township_reviewer", "--name", "X",
                              "--scope", "nowhere", "--password", "long enough"], env=env)
    assert bad.exit_code != 0 and "township" in bad.output
    good = runner.invoke(cli, ["create-user", "x", "--role", "township_reviewer", "--name", "X",
                               "--scope", "wangwa", "--password", "river stone lantern"], env=env)
    assert good.exit_code == 0 and "created x (township_reviewer)" in good.output


def test_a_refused_deploy_names_the_element_and_migrate_claims_moves_running_ones(env, tmp_path):
    runner = CliRunner()
    runner.invoke(cli, ["demo"], env=env)
    source = Path(__file__).resolve().parents[3] / "bpmn"
    for label, target in (("Treasury", "bad"), ("Paid out", "good")):
        folder = tmp_path / target
        folder.mkdir()
        for path in source.iterdir():
            text = path.read_text(encoding="utf-8")
            text = text.replace('name="Finance"', 'name="Treasury"') if target == "bad" \
                else text.replace('name="Paid"', f'name="{label}"')
            (folder / path.name).write_text(text, encoding="utf-8")
    bad = runner.invoke(cli, ["deploy", "--dir", str(tmp_path / "bad")], env=env)
    assert bad.exit_code != 0 and "Lane_finance" in bad.output
    assert "version 2 (new" in runner.invoke(cli, ["deploy", "--dir", str(tmp_path / "good")],
                                             env=env).output
    dry = runner.invoke(cli, ["migrate-claims", "--dry-run"], env=env)
    assert dry.exit_code == 0 and "48 claims can move to version 2" in dry.output
    done = runner.invoke(cli, ["migrate-claims"], env=env)
    assert "48 claims moved to version 2" in done.output
    assert "0 claims can move" in runner.invoke(cli, ["migrate-claims", "--dry-run"],
                                                env=env).output


def test_a_key_rotation_from_the_command_line(env):
    """generate-data-key, then rekey with the old key kept readable: afterwards the new key
    alone reads everything and finds people by their hash."""
    from workflow.persistence.crypto import DataKeyError, keyring_from

    runner = CliRunner()
    assert runner.invoke(cli, ["demo"], env=env).exit_code == 0
    new = runner.invoke(cli, ["generate-data-key"], env=env).output.strip()
    old = KEYRING.current
    rotated = {**env, "BUTIE_DATA_KEY": new,
               "BUTIE_DATA_KEYS_OLD": base64.b64encode(old.secret).decode()}
    result = runner.invoke(cli, ["rekey"], env=rotated)
    assert result.exit_code == 0, result.output
    assert f"under data key {keyring_from(new).current.key_id.hex()}" in result.output
    only_new = make_engine(env["BUTIE_DATABASE_URL"], keyring_from(new))
    with make_session_factory(only_new)() as session:
        numbers = list(session.scalars(select(Claim.id_number)))
        assert len(numbers) == 56 and all(len(n) == 18 for n in numbers)
        assert all(session.scalars(select(Claim.state)))
        # The enterprise's account and its roster's ID numbers too (the demo's enterprise).
        assert session.scalar(select(Enterprise.account_number)) == "6228480000000009900"
        assert all(len(n) == 18 for n in session.scalars(select(RosterRow.id_number)))
    only_new.dispose()
    old_only = make_engine(env["BUTIE_DATABASE_URL"], KEYRING)
    with make_session_factory(old_only)() as session, pytest.raises(DataKeyError):
        session.scalars(select(Claim.account_number)).first()
    old_only.dispose()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_command_on_a_database_never_initialised_says_to_run_init(tmp_path, request, backend):
    """An operator who forgot `butie init` is told so, in one line, on either backend."""
    from sqlalchemy import create_engine, text

    if backend == "sqlite":
        url = f"sqlite:///{tmp_path}/never.db"
    else:
        server = request.getfixturevalue("pg_server")
        admin = create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text("CREATE DATABASE never_initialised"))
        url = f"{server}/never_initialised"
    try:
        result = CliRunner().invoke(cli, ["tick"], env={"BUTIE_DATABASE_URL": url})
        assert result.exit_code == 1
        assert "no butie tables yet: run `butie init` first" in result.output
        assert "Traceback" not in result.output and result.exception is not None
        assert CliRunner().invoke(cli, ["init"], env={"BUTIE_DATABASE_URL": url}).exit_code == 0
        assert CliRunner().invoke(cli, ["tick"], env={"BUTIE_DATABASE_URL": url}).exit_code == 0
    finally:
        if backend == "postgresql":
            with admin.connect() as conn:
                conn.execute(text("DROP DATABASE IF EXISTS never_initialised WITH (FORCE)"))
            admin.dispose()


def test_a_missing_or_malformed_data_key_is_one_line_not_a_traceback(env):
    for settings, said in (({"BUTIE_DATA_KEY": "", "BUTIE_DATA_KEY_FILE": ""},
                            "refusing to start without the key"),
                           ({"BUTIE_DATA_KEY": "not a key"}, "BUTIE_DATA_KEY")):
        result = CliRunner().invoke(cli, ["tick"], env={**env, **settings})
        assert result.exit_code == 1 and result.output.startswith("Error: data key: ")
        assert said in result.output and "Traceback" not in result.output
