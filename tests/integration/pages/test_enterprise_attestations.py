"""Each roster kind's statement cites its own clause (issue 19 item 3): the enterprise ticks
the statement of the kind it files, and a roster filed under another kind's tick is refused
with the kind's own statement. Pengyang 003 二(四) / 二(五), Huzhou 004 三 7 / 二 4, Lanzhou
001 四."""

from __future__ import annotations

import io
import re

from tests.integration.api.test_enterprise_claims import apprentice, as_enterprise
from tests.integration.pages.conftest import post
from tests.integration.pages.test_enterprise_pages import good, registered, sheet
from workflow.domain import policy

CLAUSES = {"work_for_training": "003 二(四)", "apprenticeship": "003 二(五)",
           "hz_enterprise_apprenticeship": "004 三 7", "hz_directed_training_class": "004 二 4",
           "lz_competition_unit_reward": "001 四", "hz_directed_training_second": "004 二 4",
           "hz_special_ability_institution": "004 一 2"}
# The kinds an enterprise files (a training institution files 004 一 2's: organisations.py).
FILED_BY_ENTERPRISES = {k: c for k, c in CLAUSES.items()
                        if "enterprise" in policy.ROSTER_KINDS[k].filers}


def test_every_kind_declares_its_own_statement_citing_its_clause():
    assert set(policy.ROSTER_KINDS) == set(CLAUSES)
    for kind in policy.ROSTER_KINDS.values():
        others = [c for k, c in CLAUSES.items() if k != kind.kind and c != CLAUSES[kind.kind]]
        assert CLAUSES[kind.kind] in kind.attestation, kind.kind
        assert not any(c in kind.attestation for c in others), kind.kind


def test_the_page_offers_each_kinds_statement_with_its_clause(app, browser):
    user = registered(browser)
    app.config["POLICY_PACKS"] = "pengyang,lanzhou,huzhou"
    page = user.get("/enterprise/claims", headers={"Accept-Language": "zh"}).get_data(
        as_text=True)
    for kind, clause in FILED_BY_ENTERPRISES.items():
        label = re.search(rf'id="f-attested-{kind}">(.*?)</label>', page, re.S)
        assert label is not None and clause in label.group(1), kind
    assert page.count('name="attested"') == len(FILED_BY_ENTERPRISES)


def test_another_kinds_tick_does_not_attest_the_roster(app, browser):
    user = registered(browser)
    answer = post(user, "/enterprise/claims", {
        "roster_kind": "apprenticeship", "attested": "work_for_training",
        "sheet": (io.BytesIO(sheet(good(0))), "花名册.xlsx")}, form_page="/enterprise/claims",
        headers={"Accept-Language": "zh"})
    assert answer.status_code == 422
    error = re.search(r'id="e-attested">(.*?)</p>', answer.get_data(as_text=True), re.S)
    assert error is not None and "003 二(五)" in error.group(1)
    assert "二(四)" not in error.group(1)


def test_the_api_refusal_cites_the_kinds_own_clause(app, client):
    headers = as_enterprise(client)
    answer = client.post("/api/v1/enterprise/claims", headers=headers, json={
        "roster_kind": "apprenticeship", "attested": False, "rows": [apprentice(0, "高级工")]})
    assert answer.status_code == 422
    assert "003 二(五)" in answer.json["fields"]["attested"]
    assert "二(四)" not in answer.json["fields"]["attested"]
