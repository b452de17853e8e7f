"""Migration 0034: a claim accepted before it kept each installment's condition as English; after
it the condition is the phrase's record, the claim page says it in Chinese, the API gives the
same English as before, and downgrading writes the English back."""

from __future__ import annotations

import importlib

from alembic import command
from sqlalchemy import select, update

from tests.integration.helpers import load
from tests.integration.pages.test_installment_pages import first_half_paid
from tests.keys import KEYRING
from web.db import sessions
from workflow.domain import installments as split
from workflow.persistence.migrate import alembic_config
from workflow.persistence.models import Claim

MIGRATION = importlib.import_module(
    "workflow.persistence.migrations.versions.0034_installment_condition_phrase")
DIRECTED = "employed in Huzhou within 6 months after the training (the whole class when its " \
    "employment rate reaches 80%)"
LATER = "still employed in Huzhou 6 months after starting work"


def _stored(f, claim_id: int) -> list:
    """The column alone: at 0033 the claims table lacks the columns later migrations add."""
    with f() as s:
        return s.execute(select(Claim.installments).where(Claim.id == claim_id)).scalar_one()


def test_conditions_stored_as_english_become_phrases(app, browser, client, login, db_url):
    claim_id = first_half_paid(app, app.extensions["test.clock"])
    f = sessions(app)
    now = load(f, claim_id).installments
    assert [r["condition"] for r in now] == [{"t": DIRECTED, "v": []}, {"t": LATER, "v": []}]
    old = [{**r, "condition": text} for r, text in zip(now, (DIRECTED, LATER), strict=True)]
    config = alembic_config(db_url, KEYRING)
    command.downgrade(config, "0033")
    assert _stored(f, claim_id) == old  # the downgrade writes the English back
    with f.begin() as s:  # exactly as a claim accepted before 0034 keeps it
        s.execute(update(Claim).where(Claim.id == claim_id).values(installments=old))
    command.upgrade(config, "head")

    assert load(f, claim_id).installments == now
    page = browser("bureau").get(f"/claims/{claim_id}").get_data(as_text=True)
    assert "实现就业后6个月仍在湖就业" in page and LATER not in page
    api = client.get(f"/api/v1/claims/{claim_id}", headers=login("bureau")).get_json()
    assert [i["condition"] for i in api["installments"]] == [DIRECTED, LATER]


def test_a_condition_with_its_year_keeps_the_year_as_a_value():
    for text, template in (
            ("year 2: at most 6000 yuan, labour contract of 1 year or more",
             "year %(year)s: at most 6000 yuan, labour contract of 1 year or more"),
            ("year 3 of the apprenticeship (one subsidy a year, 附件2 备注4)",
             "year %(year)s of the apprenticeship (one subsidy a year, 附件2 备注4)")):
        record = MIGRATION._record(text)
        assert record == {"t": template, "v": [["year", int(text.split()[1].rstrip(":"))]]}
        assert MIGRATION._text(record) == text
        [said] = split.said([{"condition": record}])  # as the packs write it now
        assert said["condition"] == text and said["condition"].phrase.template == template
