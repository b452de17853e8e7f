"""The migrations build exactly the schema the models describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from workflow.persistence.migrate import upgrade
from workflow.persistence.models import Base


def test_migrations_match_the_models(tmp_path):
    url = f"sqlite:///{tmp_path}/m.db"
    upgrade(url)
    engine = create_engine(url)
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    assert diff == []


def test_payments_recorded_by_hand_before_0017_get_their_line(session_factory, runtime, actors,
                                                               db_url):
    """Migration 0017 gives every payment recorded by hand before it a line, so the one rule
    (at most one live payment of a claim's installment) covers them too."""
    from alembic import command
    from sqlalchemy import delete, select

    from tests.integration.helpers import decide, due_claims, load
    from tests.keys import KEYRING
    from workflow.persistence.migrate import alembic_config
    from workflow.persistence.models import PaymentLine

    [claim_id] = due_claims(session_factory, runtime, actors, 1, "TZ-MIG")
    decide(session_factory, runtime, actors["finance"], claim_id, "paid")
    with session_factory.begin() as s:  # as it was before 0017: paid, without a line
        s.execute(delete(PaymentLine))
    session_factory.kw["bind"].dispose()
    command.downgrade(alembic_config(db_url, KEYRING), "0016")
    command.upgrade(alembic_config(db_url, KEYRING), "head")
    claim = load(session_factory, claim_id)
    with session_factory() as s:
        [line] = s.scalars(select(PaymentLine)).all()
    assert (line.batch_id, line.claim_id, line.installment, line.result, line.is_open) == (
        None, claim_id, 1, "paid", False)
    assert (line.amount_fen, line.account_number) == (claim.amount_fen, claim.account_number)
