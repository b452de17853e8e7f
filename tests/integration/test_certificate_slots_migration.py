"""Upgrading to 0042 (issue 19 item 3, Huzhou 004 一 2 给予个人或培训机构): a person's live claim
of a special-ability certificate filed before certificate slots existed takes its certificate's
key, so a training institution cannot be paid for the same certificate afterwards. On SQLite
and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime

from alembic import command
from sqlalchemy import select

from tests.conftest import claim_input, create_users
from workflow.persistence.migrate import alembic_config
from workflow.persistence.models import CertificateSlot
from workflow.services import claims


def test_a_live_special_ability_claim_takes_its_certificate_on_upgrade(
        db_url, session_factory, runtime, clock, deployed):
    clock[0] = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
    special = claim_input(policy_pack="huzhou", subsidy_kind="special_ability_training",
                          target_group="graduate", industry="nev", certificate_code="",
                          certificate_name="新能源汽车动力电池装配专项职业能力",
                          certificate_number="hz-zx-0007", certificate_issued_on=date(2026, 2, 20),
                          certificate_issuer="湖州市某职业技能培训学校")
    with session_factory.begin() as s:
        actors = create_users(s)
    with session_factory.begin() as s:
        claim_id = claims.submit_claim(s, runtime, actors["applicant"], special,
                                       offered=("huzhou",)).id
    session_factory.kw["bind"].dispose()
    config = alembic_config(db_url)
    command.downgrade(config, "0040")  # as deployed before 0042: no slots
    command.upgrade(config, "head")
    with session_factory() as s:
        assert [(c.slot, c.claim_id) for c in s.scalars(select(CertificateSlot))] == [
            ("hz_zx:HZ-ZX-0007", claim_id)]
