"""Policy packs end to end: an administrator sets an amount a source lost, in any pack; quotes
through the API and the CLI use it; caps read the person's accepted claims from the database."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from click.testing import CliRunner
from sqlalchemy import update

from tests.integration.pages.conftest import post, set_amount
from web.cli import cli
from web.db import runtime, sessions
from workflow.persistence.models import AuditEvent, Claim, PolicyAmount, User
from workflow.services import users

LANZHOU = {"pack": "lanzhou", "kind": "employment_skills", "target_group": "rural_migrant",
           "occupation_name": "养老护理员", "class_hours": 100,
           "training_certificate_number": "194700", "certificate_issued_on": "2026-05-01",
           "id_number": "11010519491231002X", "skill_certificate": "skill_level",
           "employed": True}


def _quote(client, headers, **changes):
    answer = client.post("/api/v1/quote", headers=headers, json={**LANZHOU, **changes})
    assert answer.status_code == 200, answer.json
    return answer.json


def test_lanzhou_category_amount_set_by_an_administrator_prices_quotes(app, browser, client,
                                                                       login):
    headers = login("applicant")
    before = _quote(client, headers)
    assert (before["configured"], before["amount_fen"], before["department"]) == (
        False, None, "centre_2")
    assert any("category B is not configured" in r["detail"] for r in before["reasons"])

    admin = browser("admin")
    page = admin.get("/admin/policy?pack=lanzhou").get_data(as_text=True)
    # A, B, C, D; technician training's two levels, four awards, the living allowance, and
    # the four awards' rewards to the winner's unit (001 四, an enterprise's roster).
    assert page.count("badge overdue\">未配置") == 15 and "附件2 B类" in page
    assert "国家技能大赛金牌获奖选手奖励（比照省级标准）" in page
    assert "B类职业（工种）129个，培训总课时不少于100课时" in page  # 000 四(一), in its words
    assert "occupations" not in page and "class hours" not in page
    wrong = post(admin, "/admin/policy/amounts", {"pack": "lanzhou", "entry_code": "PY-01",
                                                  "amount": "1500", "note": "x"},
                 form_page="/admin/policy?pack=lanzhou")
    assert wrong.status_code == 422 and "本政策包中没有该条目" in wrong.get_data(as_text=True)
    done = set_amount(admin, {"pack": "lanzhou", "entry_code": "B", "amount": "1500",
                              "note": "印发附件2 B类"}, form_page="/admin/policy?pack=lanzhou")
    assert done.status_code == 302 and done.location.endswith("pack=lanzhou")

    after = _quote(client, headers)
    # 附件3 第3行 养老护理员 is on the shortage list: 1500 + 20% (附件2 备注1).
    assert (after["eligible"], after["amount_fen"]) == (True, 180000)
    assert _quote(client, headers, occupation_name="美容师")["amount_fen"] == 150000
    with sessions(app)() as s:
        row = s.query(PolicyAmount).filter_by(pack_id="lanzhou", entry_code="B").one()
        assert (row.amount_fen, row.pack_version) == (150000, 1)
        event = s.query(AuditEvent).filter_by(action="policy_amount_set").one()
        assert event.changes == {"lanzhou:B": {"from": None, "to": 150000}, "version": 1,
                                 "waiting_claims_priced": {},
                                 "waiting_claims_total_fen": 0}
    # Setting Lanzhou's B never prices Pengyang: its rows 1–19 stay unconfigured.
    assert "未配置" in admin.get("/admin/policy").get_data(as_text=True)


def test_a_huzhou_base_for_an_occupation_off_the_list(app, browser, client, login):
    admin = browser("admin")
    bad = post(admin, "/admin/policy/amounts", {"pack": "huzhou", "entry_code": "4-10",
                                                "amount": "1000", "note": "浙江基准"},
               form_page="/admin/policy?pack=huzhou")
    assert bad.status_code == 422
    done = set_amount(admin, {"pack": "huzhou", "entry_code": "6-99-00-01", "amount": "1000",
                              "note": "浙江基准"}, form_page="/admin/policy?pack=huzhou")
    assert done.status_code == 302
    assert "6-99-00-01" in admin.get("/admin/policy?pack=huzhou").get_data(as_text=True)
    answer = client.post("/api/v1/quote", headers=login("applicant"), json={
        "pack": "huzhou", "kind": "certificate", "occupation_code": "6-99-00-01",
        "target_group": "graduate", "certificate_issued_on": "2026-03-01"}).json
    assert answer["amount_fen"] == 100000  # not on the shortage list: no uplift


def test_lanzhou_caps_count_the_persons_accepted_claims(app, client, login):
    from tests.conftest import claim_input
    from tests.integration.helpers import decide, file

    headers = login("applicant")
    caps = {"cap", "cap_year", "cap_same"}
    assert not caps & {r["rule"] for r in _quote(client, headers)["reasons"] if not r["passed"]}
    f, rt = sessions(app), runtime(app)
    with f() as s:
        actors = {u.username: users.actor_of(u) for u in s.query(User)}
    # A claim of this person accepted under the Lanzhou pack this year, for 养老护理员.
    claim_id = file(f, rt, actors["applicant"], claim_input(certificate_name="养老护理员"))
    for who in ("township", "department", "bureau"):
        decide(f, rt, actors[who], claim_id, "approve")
    with f.begin() as s:
        s.execute(update(Claim).where(Claim.id == claim_id).values(
            policy_pack="lanzhou", accepted_at=datetime(2026, 3, 1, 2, tzinfo=UTC)))
    answer = _quote(client, headers)
    failed = {r["rule"] for r in answer["reasons"] if not r["passed"]}
    assert {"cap_year", "cap_same"} <= failed and "cap" not in failed
    assert not answer["eligible"]
    other = _quote(app.test_client(), {})  # not logged in: nobody's claims are counted
    assert not caps & {r["rule"] for r in other["reasons"] if not r["passed"]}


def test_quote_from_the_command_line(tmp_path):
    env = {"BUTIE_DATABASE_URL": f"sqlite:///{tmp_path}/cli.db"}
    assert CliRunner().invoke(cli, ["init"], env=env).exit_code == 0
    source = tmp_path / "claim.json"
    source.write_text(json.dumps({**LANZHOU, "kind": "technician_reward",
                                  "certificate_level": "senior_technician"}), encoding="utf-8")
    result = CliRunner().invoke(cli, ["quote", str(source)], env=env)
    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)
    assert (answer["pack_id"], answer["amount_fen"]) == ("lanzhou", 500000)  # 001 七
    source.write_text(json.dumps({**LANZHOU, "kind": "nothing"}), encoding="utf-8")
    bad = CliRunner().invoke(cli, ["quote", str(source)], env=env)
    assert bad.exit_code != 0 and "kind" in bad.output
