"""`butie seed`: generated claims at every stage, with the queue rows the real process makes,
valid ID numbers, read-only pages; real claims still work on a seeded database."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import func, select, text

from tests.conftest import NOW, claim_input
from tests.integration.helpers import decide, file, publish
from tests.keys import KEYRING
from workflow.domain.claims import Stage
from workflow.domain.identity import normalise_id_number
from workflow.persistence.db import make_engine
from workflow.persistence.models import Claim, HumanTask, User
from workflow.services import decisions, notices, quotes, seed, timers
from workflow.services.errors import ConflictError


@pytest.fixture
def seeded(db_url, deployed):
    engine = make_engine(db_url, KEYRING)
    result = seed.seed(engine, 3000, NOW, batch=700)
    yield engine, result
    engine.dispose()


def test_every_stage_is_there_with_its_open_task(seeded, session_factory):
    engine, result = seeded
    assert result.claims == 3000
    stages = seed.stages_of(engine)
    # Seeded claims are Pengyang's, which are paid in one go: none waits for an installment.
    assert {stage for stage, _ in stages} == {str(s) for s in Stage} - {
        Stage.INSTALLMENT_CONDITION}
    assert {status for _, status in stages} == {"in_progress", "paid", "rejected", "withdrawn"}
    with session_factory() as s:
        tasks = Counter(s.scalars(select(HumanTask.stage)))
        assert sum(tasks.values()) == result.tasks
        for stage in seed.TASKS:
            assert tasks[stage] == stages[(stage, "in_progress")]
        # Scopes as the queues read them: township, department, the applicant.
        row = s.execute(select(HumanTask, Claim).join(Claim).where(
            HumanTask.stage == "department_review").limit(1)).one()
        assert row.HumanTask.scope == row.Claim.department is not None
        row = s.execute(select(HumanTask, Claim).join(Claim).where(
            HumanTask.stage == "correction").limit(1)).one()
        assert row.HumanTask.scope == f"user:{row.Claim.applicant_id}"
        people = Counter(s.scalars(select(Claim.applicant_id)))
        assert max(people.values()) <= 2  # at most 2 subsidies a person
        numbers = list(s.scalars(select(User.id_number).where(User.role == "applicant")))
        assert all(normalise_id_number(n) == n for n in numbers)
        assert len(set(numbers)) == len(numbers)
        assert s.scalar(select(func.count(func.distinct(Claim.reference)))) == 3000
        # Encrypted like the claims the app writes, and found again through the hash.
        raw = s.execute(text("SELECT id_number, account_number FROM claims LIMIT 50")).all()
        assert all(v.startswith("enc1:") for row in raw for v in row)
        twice = s.execute(select(Claim.applicant_id).group_by(Claim.applicant_id)
                          .having(func.count() == 2).limit(1)).scalar_one()
        number = s.scalar(select(User.id_number).where(User.id == twice))
        assert len(s.scalars(select(Claim.id).where(Claim.id_number_hash.in_(
            KEYRING.lookup_hashes(number)))).all()) == 2
        accepted = s.scalar(select(func.count()).where(
            Claim.applicant_id == twice, Claim.accepted_at.is_not(None),
            Claim.status.in_(["in_progress", "paid"])))
        assert quotes.accepted_before(s, number) == accepted


def test_seeded_tasks_look_like_the_ones_the_process_makes(session_factory, runtime, actors,
                                                           clock):
    """Walk real claims through the stages and compare their task rows with the seed's."""
    f, real = session_factory, {}

    def remember(claim_id):
        with f() as s:
            for t in s.scalars(select(HumanTask).where(HumanTask.claim_id == claim_id)):
                real[t.stage] = (t.name, t.title, t.lane, t.form)

    claim = file(f, runtime, actors["applicant"], claim_input())
    remember(claim)
    decide(f, runtime, actors["township"], claim, "return", "请补充")
    remember(claim)
    decide(f, runtime, actors["applicant"], claim, "resubmit")
    decide(f, runtime, actors["township"], claim, "approve")
    remember(claim)
    decide(f, runtime, actors["department"], claim, "approve")
    remember(claim)
    decide(f, runtime, actors["bureau"], claim, "approve")
    publish(f, runtime, actors["bureau"])
    with f.begin() as s:
        notices.record_objection(s, runtime, s.get(Claim, claim),
                                 notices.ObjectionInput("非本人证书"))
    remember(claim)
    decide(f, runtime, actors["bureau"], claim, "dismiss", "查无实据")
    with f() as s:
        ends = s.get(Claim, claim).notice_ends_at
    timers.fire_due(f, runtime, ends + timedelta(seconds=1))
    remember(claim)
    decide(f, runtime, actors["finance"], claim, "failed", "账户已销户")
    remember(claim)
    assert real == seed.TASKS


def test_a_seeded_claim_opens_read_only_and_real_claims_still_work(seeded, session_factory,
                                                                   runtime, actors, db_url):
    from web import create_app

    with session_factory() as s:
        row = s.execute(select(HumanTask, Claim).join(Claim).where(
            HumanTask.stage == "township_review").limit(1)).one()
        task, claim = row.HumanTask, row.Claim
        reviewer = s.scalar(select(User).where(User.role == "township_reviewer",
                                               User.scope == claim.township))
    if reviewer is None:
        with session_factory.begin() as s:
            from workflow.services import users
            reviewer = users.create_user(s, "seedreviewer", "river stone lantern 42",
                                         "township_reviewer", "审核", NOW, scope=claim.township)
    app = create_app({"DATABASE_URL": db_url, "TESTING": True, "SECRET_KEY": "t"})
    try:
        client = app.test_client()
        with client.session_transaction() as session:
            session["user_id"], session["epoch"] = reviewer.id, 0
        page = client.get(f"/claims/{claim.id}")
        assert page.status_code == 200
        html = page.get_data(as_text=True)
        assert claim.reference in html and "butie seed" in html
        found = client.get(f"/queue?q={claim.reference}").get_data(as_text=True)
        assert claim.reference in found
    finally:
        app.extensions["butie.engine"].dispose()
    with pytest.raises(ConflictError, match="butie seed"):
        with session_factory.begin() as s:
            decisions.complete_task(s, runtime, actors["township"] if claim.township == "baiyang"
                                    else _actor(reviewer), claim.id, task.task_id, "approve")
    # A real claim filed afterwards gets a fresh id (PostgreSQL's sequences moved on).
    real = file(session_factory, runtime, actors["applicant"], claim_input())
    assert real > 3000


def _actor(user):
    from workflow.services import users

    return users.actor_of(user)


def test_seeding_refuses_a_database_with_real_claims(session_factory, runtime, actors, db_url):
    file(session_factory, runtime, actors["applicant"], claim_input())
    engine = make_engine(db_url, KEYRING)
    try:
        with pytest.raises(seed.SeedError, match="real claim"):
            seed.seed(engine, 10, NOW)
    finally:
        engine.dispose()


def test_the_cli_deploys_and_seeds(db_url):
    from click.testing import CliRunner
    from flask.cli import ScriptInfo

    from web import create_app
    from web.cli import cli

    app = create_app({"DATABASE_URL": db_url})
    try:
        answer = CliRunner().invoke(cli, ["seed", "--claims", "300", "--batch", "100"],
                                    obj=ScriptInfo(create_app=lambda: app))
        again = CliRunner().invoke(cli, ["seed", "--claims", "10"],
                                   obj=ScriptInfo(create_app=lambda: app))
    finally:
        app.extensions["butie.engine"].dispose()
    assert answer.exit_code == 0, answer.output
    assert "seeded 300 claims" in answer.output
    assert again.exit_code == 0 and "seeded 10 claims" in again.output  # seeded ones may grow
