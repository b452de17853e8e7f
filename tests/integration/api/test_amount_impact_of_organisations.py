"""Setting an amount the source lost prices organisations' claims too (issue 17's confirmation,
issue 19's claims), through HTTP: an enterprise's roster whose kind states no amount (Huzhou 004
三 7 HZ-XT, Lanzhou's award levels) and an organisation's project (004 三 6 HZ-XM) wait for
their entry like a person's claim; the administrator is told they are held up, how many the new
amount prices and their total; a confirmation given before another roster was filed is refused;
and acceptance then fixes exactly the total shown. On SQLite and PostgreSQL (the app fixture).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select

from tests.integration.api.test_claims_api import _decide
from tests.integration.api.test_enterprise_claims import as_enterprise
from tests.integration.api.test_enterprise_rosters_of_packs import (
    HZ,
    LZ,
    _reviewer,
    apprentice,
    roster,
    winner,
)
from tests.integration.api.test_institution_special_ability import as_institution
from tests.integration.api.test_organisation_projects import _file as file_project
from tests.integration.api.test_organisation_projects import project
from tests.integration.api.test_pack_claims_api import ALL
from tests.integration.pages.conftest import browser  # noqa: F401 - fixture
from web.db import sessions
from workflow.persistence.models import PolicyAmount

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
AMOUNTS = "/api/v1/admin/policy/amounts"


def _huzhou(app) -> None:
    app.config["POLICY_PACKS"] = ALL
    app.extensions["test.clock"][0] = NOW


def _ask(client, admin, code: str, fen: int, pack: str = "huzhou", **more: Any) -> Any:
    return client.post(AMOUNTS, headers=admin, json={
        "pack": pack, "entry_code": code, "amount_fen": fen, "note": "区县操作办法", **more})


def _roster(client, headers, *rows: dict[str, str], kind: str = HZ) -> int:
    filed = client.post("/api/v1/enterprise/claims", headers=headers, json=roster(kind, *rows))
    assert filed.status_code == 201, filed.json
    return int(filed.json["id"])


def _set(app) -> int:
    with sessions(app)() as s:
        return s.scalar(select(func.count()).select_from(PolicyAmount)) or 0


def test_a_roster_and_a_project_are_held_up_and_priced_by_their_entries(app, client, login,
                                                                        browser):  # noqa: F811
    _huzhou(app)
    _roster(client, as_enterprise(client), apprentice(0), apprentice(1))
    assert file_project(client, as_institution(client, org_type="other_entity"),
                        project()).status_code == 201
    admin = login("admin")
    held = client.get(AMOUNTS, headers=admin, query_string={"pack": "huzhou"}).json["entries"]
    assert {e["entry_code"]: e["count"] for e in held} == {"HZ-XT": 1, "HZ-XM": 1}
    page = browser("admin").get("/admin/policy?pack=huzhou").get_data(as_text=True)
    assert re.search(r'id="blocked-HZ-XT" data-count="1"', page)
    assert re.search(r'id="blocked-HZ-XM" data-count="1"', page)
    # 8,000 yuan a worker is above 三 7's 6,000: acceptance would pay 2 x 6,000.
    roster_impact = _ask(client, admin, "HZ-XT", 800_000)
    assert roster_impact.status_code == 409
    assert (roster_impact.json["impact"]["count"], roster_impact.json["impact"]["total_fen"]) \
        == (1, 1_200_000)
    # 60,000 yuan is above 三 6's ceiling; the 40,000 asked is less: 40,000.
    project_impact = _ask(client, admin, "HZ-XM", 6_000_000).json["impact"]
    assert (project_impact["count"], project_impact["total_fen"]) == (1, 4_000_000)
    assert _set(app) == 0


def test_a_struck_worker_is_neither_counted_nor_in_the_total(app, client, login):
    """Lanzhou's unit reward: each winner's row is priced by its award's entry; a row the
    reviewer struck out is not paid, so its entry holds nothing and the total leaves it out."""
    app.config["POLICY_PACKS"] = ALL
    claim_id = _roster(client, as_enterprise(client), winner(0), winner(1), winner(2, award="银牌"),
                       kind=LZ)
    assert _decide(client, login("hr_department"), claim_id, "approve",
                   strikes=[{"row": 4, "reason": "非本单位选手"}]).status_code == 200
    admin = login("admin")
    held = client.get(AMOUNTS, headers=admin, query_string={"pack": "lanzhou"}).json["entries"]
    assert {e["entry_code"]: e["count"] for e in held} == {"UNIT-GOLD": 1}
    gold = _ask(client, admin, "UNIT-GOLD", 2_000_000, pack="lanzhou").json["impact"]
    assert (gold["count"], gold["total_fen"]) == (1, 4_000_000)
    assert _ask(client, admin, "UNIT-SILVER", 1_000_000, pack="lanzhou").json["impact"][
        "count"] == 0


def test_a_confirmation_given_before_another_roster_was_filed_is_refused(app, client, login):
    _huzhou(app)
    _roster(client, as_enterprise(client), apprentice(0))
    admin = login("admin")
    seen = _ask(client, admin, "HZ-XT", 500_000).json["impact"]
    assert (seen["count"], seen["total_fen"]) == (1, 500_000)
    _roster(client, as_enterprise(client, 1), apprentice(1), apprentice(2))  # meanwhile
    late = _ask(client, admin, "HZ-XT", 500_000, confirm=seen["confirm"])
    assert late.status_code == 409 and late.json["error"] == "impact_changed"
    assert (late.json["impact"]["count"], late.json["impact"]["total_fen"]) == (2, 1_500_000)
    assert _set(app) == 0
    done = _ask(client, admin, "HZ-XT", 500_000, confirm=late.json["impact"]["confirm"])
    assert done.status_code == 200, done.json
    assert (done.json["priced"]["count"], done.json["priced"]["total_fen"]) == (2, 1_500_000)


def test_acceptance_fixes_exactly_the_total_confirmed(app, client, login):
    _huzhou(app)
    _reviewer(app, "economy", "hz_economy")
    _reviewer(app, "civil", "hz_civil_affairs")
    rosters = [_roster(client, as_enterprise(client), apprentice(0), apprentice(1)),
               _roster(client, as_enterprise(client, 1), apprentice(2))]
    organisation = as_institution(client, org_type="other_entity")
    projects = [file_project(client, organisation, project()).json["id"],
                file_project(client, organisation, project(
                    project_name="电工职业技能等级认定题库开发", industry="elderly_care",
                    requested_fen=1_000_000)).json["id"]]
    admin = login("admin")
    priced = {}
    for code, fen in (("HZ-XT", 550_000), ("HZ-XM", 2_500_000)):
        seen = _ask(client, admin, code, fen).json["impact"]
        done = _ask(client, admin, code, fen, confirm=seen["confirm"])
        assert done.status_code == 200, done.json
        priced[code] = done.json["priced"]["total_fen"]
    assert priced == {"HZ-XT": 3 * 550_000, "HZ-XM": 2_500_000 + 1_000_000}
    bureau, fixed = login("bureau"), {}
    for code, reviewer, ids in (("HZ-XT", "economy", rosters), ("HZ-XM", "civil", projects)):
        for claim_id in ids:
            assert _decide(client, login(reviewer), claim_id, "approve").status_code == 200
            accepted = _decide(client, bureau, claim_id, "approve")
            assert accepted.status_code == 200, accepted.json
            fixed[code] = fixed.get(code, 0) + accepted.json["amount_fen"]
    assert fixed == priced


def test_a_confirmation_given_before_a_worker_was_struck_is_refused(app, client, login):
    """The same claim, fewer workers paid: the total confirmed is no longer what acceptance
    would fix, so the confirmation (its token covers the total) is refused."""
    _huzhou(app)
    _reviewer(app, "economy", "hz_economy")
    claim_id = _roster(client, as_enterprise(client), apprentice(0), apprentice(1))
    admin = login("admin")
    seen = _ask(client, admin, "HZ-XT", 500_000).json["impact"]
    assert (seen["count"], seen["total_fen"]) == (1, 1_000_000)
    assert _decide(client, login("economy"), claim_id, "approve",
                   strikes=[{"row": 3, "reason": "非本企业学徒"}]).status_code == 200
    late = _ask(client, admin, "HZ-XT", 500_000, confirm=seen["confirm"])
    assert late.status_code == 409 and late.json["error"] == "impact_changed"
    assert (late.json["impact"]["count"], late.json["impact"]["total_fen"]) == (1, 500_000)
    assert _set(app) == 0
