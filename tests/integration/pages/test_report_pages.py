"""Dashboard, targets, exports and the public disclosure list through the pages."""

from __future__ import annotations

import io
import json
import re
from datetime import timedelta
from urllib.parse import unquote

from openpyxl import load_workbook

from tests.conftest import NOW
from tests.integration.helpers import actors_of, decide, due_claims
from tests.integration.pages.conftest import post
from web.db import runtime, sessions
from workflow.persistence.models import Claim
from workflow.services import exports

CHARTS = re.compile(r'<script type="application/json" id="dashboard-charts">(.*?)</script>',
                    re.S)


def _charts(page: str) -> dict:
    found = CHARTS.search(page)
    assert found, "no chart data on the page"
    return {c["id"]: c for c in json.loads(found.group(1))}


def _paid(app, n=3):
    """n claims accepted on NOW; the first paid by hand 20 days later."""
    f, rt = sessions(app), runtime(app)
    people = actors_of(f)
    ids = due_claims(f, rt, people, n, "TZ-P")
    app.extensions["test.clock"][0] = NOW + timedelta(days=20)
    decide(f, rt, people["finance"], ids[0], "paid")
    return ids


def _run(app):
    return exports.run_pending(sessions(app), runtime(app).clock)


def _sheet(answer):
    assert answer.status_code == 200
    return [[c.value for c in row] for row in load_workbook(io.BytesIO(answer.data)).active
            .iter_rows()]


def test_dashboard_per_role(app, browser):
    _paid(app)
    bureau = browser("bureau").get("/dashboard?year=2026").get_data(as_text=True)
    charts = _charts(bureau)
    # 3 claims: 1 paid, 2 due for payment.
    assert charts["stages"]["data"] == [2, 1]
    assert charts["stages"]["labels"] == ["资金发放", "已发放"]
    # accepted 3 x 1400 yuan; paid 1400; due 2800, on an axis to 5000; no budget: no chart.
    assert charts["money"]["data"] == [4200, 1400, 2800]
    assert (charts["money"]["min"], charts["money"]["max"]) == (0, 5000)
    assert "budget" not in charts
    assert (charts["targets"]["min"], charts["targets"]["max"]) == (0, 100)  # the whole target
    assert "4,200.00" in bureau and "未配置" in bureau
    assert "年度培训任务合计" in bureau and "2,050" in bureau  # the 附件2 total, flagged
    assert 'id="table-targets"' in bureau and 'id="table-timing"' in bureau
    township = browser("township").get("/dashboard").get_data(as_text=True)
    assert "白阳镇" in township and 'id="table-money"' not in township
    assert "table-targets" not in township
    other = browser("other_township").get("/dashboard").get_data(as_text=True)
    assert _charts(other)["stages"]["data"] == []  # 王洼镇 has no claims
    finance = browser("finance").get("/dashboard").get_data(as_text=True)
    assert 'id="table-money"' in finance and 'id="table-stages"' not in finance
    assert browser("applicant").get("/dashboard").status_code == 403
    assert "/login" in browser(None).get("/dashboard").headers["Location"]
    bad = browser("bureau").get("/dashboard?year=abc&pack=nope")
    assert bad.status_code == 200 and "Not a valid integer." not in bad.get_data(as_text=True)


def test_admin_sets_a_target_and_a_budget(app, browser):
    _paid(app)
    admin = browser("admin")
    page = admin.get("/admin/targets?pack=pengyang&year=2026").get_data(as_text=True)
    assert "各行相加" in page or "rows add up" in page or "2,050" in page
    refused = post(admin, "/admin/targets", {"pack": "pengyang", "year": "2026",
                                            "code": "high-skill-share", "first_year": "2026",
                                            "value": "120", "note": "印发稿"},
                   form_page="/admin/targets")
    assert refused.status_code == 422 and 'value="120"' in refused.get_data(as_text=True)
    done = post(admin, "/admin/targets", {"pack": "pengyang", "year": "2026", "code": "task-01",
                                         "first_year": "2026", "value": "3", "note": "调整"},
                form_page="/admin/targets")
    assert done.status_code == 302
    budget = post(admin, "/admin/budgets", {"pack": "pengyang", "year": "2026",
                                           "amount": "10,000", "note": "县财政"},
                  form_page="/admin/targets")
    assert budget.status_code == 302
    board = browser("bureau").get("/dashboard?year=2026").get_data(as_text=True)
    # The budget is the end of its own axis, not a bar beside the amounts (issue 18 item 12).
    assert _charts(board)["budget"]["data"] == [42.0, 14.0]
    assert (_charts(board)["budget"]["min"], _charts(board)["budget"]["max"]) == (0, 100)
    assert "42.0%" in board  # 4200 of 10,000 yuan accepted
    assert "100.0%" in board  # task-01: 3 of 3


def test_training_ledger_export_job(app, browser):
    _paid(app)
    bureau = browser("bureau")
    started = post(bureau, "/exports", {"kind": "training", "year": "2026"},
                   form_page="/dashboard")
    assert started.status_code == 303
    job_url = started.headers["Location"]
    waiting = bureau.get(job_url).get_data(as_text=True)
    assert 'http-equiv="refresh"' in waiting and 'hx-trigger="every 1s"' in waiting
    assert browser("finance").get(job_url).status_code == 404  # not theirs
    assert len(_run(app)) == 1
    done = bureau.get(job_url).get_data(as_text=True)
    assert "http-equiv" not in done and "3" in done
    answer = bureau.get(job_url + "/file")
    assert "培训补贴台账-2026.xlsx" in unquote(answer.headers["Content-Disposition"])
    rows = _sheet(answer)
    assert rows[0] == ["职业技能培训补贴台账"] + [None] * 25
    assert rows[1][:4] == ["序号", "姓名（企业名称）", "性别", "身份证号码（统一社会信用代码）"]
    assert rows[1][24:] == ["收款对象", "涉及人数"] and len(rows[1]) == 26
    first = rows[2]
    assert first[:4] == [1, "张三", "女", "110105********002X"]  # masked for the bureau
    assert first[24:] == ["个人", 1]  # a person's own claim: one person
    assert first[17] == 1400 and first[19] == "已发放"
    assert [r[19] for r in rows[2:]] == ["已发放", "待发放", "待发放"]
    # Finance needs the whole account of the claims waiting for payment, not of the one paid,
    # and never the whole ID number (workflow.domain.need_to_know).
    post(browser("finance"), "/exports", {"kind": "training"}, form_page="/dashboard")
    _run(app)
    with sessions(app)() as s:
        job = exports.recent(s, actors_of(sessions(app))["finance"])[0]
    finance_rows = _sheet(browser("finance").get(f"/exports/{job.id}/file"))
    assert [(r[3][6:10], r[19], r[22][:4]) for r in finance_rows[2:]] == [
        ("****", "已发放", "****"), ("****", "待发放", "6228"), ("****", "待发放", "6228")]


def test_employment_ledger_says_it_has_no_data(app, browser):
    _paid(app, 2)
    bureau = browser("bureau")
    job_url = post(bureau, "/exports", {"kind": "employment"},
                   form_page="/dashboard").headers["Location"]
    _run(app)
    rows = _sheet(bureau.get(job_url + "/file"))
    assert "不采集培训后就业情况" in rows[1][0]
    assert rows[2][12:15] == ["是否就业", "就业形式", "就业单位"]
    assert [r[12] for r in rows[3:]] == ["未采集", "未采集"]


def test_every_list_page_offers_its_export(app, browser):
    _paid(app)
    pages = {"township": ["/queue"], "applicant": ["/claims"], "finance": ["/finance/batches"],
             "admin": ["/admin/users", "/admin/processes", "/admin/targets"]}
    for user, paths in pages.items():
        client = browser(user)
        for path in paths:
            assert 'action="/exports"' in client.get(path).get_data(as_text=True), path
    kinds = {"applicant": "my_claims", "finance": "batches", "admin": "users"}
    for user, kind in kinds.items():
        client = browser(user)
        url = post(client, "/exports", {"kind": kind}, form_page="/dashboard"
                   if user != "applicant" else "/claims").headers["Location"]
        _run(app)
        rows = _sheet(client.get(url + "/file"))
        assert rows[1][0] == "序号", kind
    assert len(rows) == 2 + 11  # the 10 fixture users and the third claim's applicant
    refused = post(browser("applicant"), "/exports", {"kind": "users"}, form_page="/claims")
    assert refused.status_code == 403
    unknown = post(browser("admin"), "/exports", {"kind": "everything"},
                   form_page="/admin/users")
    assert unknown.status_code == 422


def test_targets_export_flags_the_total(app, browser):
    admin = browser("admin")
    url = post(admin, "/exports", {"kind": "targets", "pack": "pengyang", "year": "2026"},
               form_page="/admin/targets").headers["Location"]
    _run(app)
    rows = _sheet(admin.get(url + "/file"))
    assert rows[1][0].startswith("请核对原文：年度培训任务合计 写明 2,000，但各行相加为 2,050")
    total = next(r for r in rows if r[2] == "年度培训任务合计")
    assert total[4:6] == [2000, 2000]


def test_public_disclosure_of_paid_subsidies(app, browser):
    _paid(app)
    anyone = browser(None)
    page = anyone.get("/disclosure?period=2026-11")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "110105********002X" in text
    assert "11010519491231002X" not in text and "1,400.00" in text
    assert "1 " in text or "1项" in text
    rows = _sheet(anyone.get("/disclosure.xlsx?period=2026-11"))
    assert rows[2][:3] == [1, "张三", "110105********002X"] and rows[2][5:7] == [1400, 1400]
    assert len(rows) == 3
    empty = anyone.get("/disclosure?period=2026-10").get_data(as_text=True)
    assert "110105" not in empty
    bad = anyone.get("/disclosure?period=2026-13")
    assert bad.status_code == 422
    assert anyone.get("/notices.xlsx").status_code == 200


def test_queue_export_keeps_the_filters_and_marks_overdue(app, browser):
    f, rt = sessions(app), runtime(app)
    people = actors_of(f)
    from tests.conftest import claim_input
    from tests.integration.helpers import file

    file(f, rt, people["applicant"], claim_input(certificate_number="Q-1"))
    app.extensions["test.clock"][0] = NOW + timedelta(days=6)  # past 5 days: overdue
    file(f, rt, people["applicant"], claim_input(certificate_number="Q-2"))
    township = browser("township")
    page = township.get("/queue?sort=newest").get_data(as_text=True)
    assert 'name="sort" value="newest"' in page  # the export keeps the queue's filters
    url = post(township, "/exports", {"kind": "queue", "sort": "newest"},
               form_page="/queue").headers["Location"]
    _run(app)
    rows = _sheet(township.get(url + "/file"))
    assert [r[1] for r in rows[1:]][0] == "申请编号"
    assert [(r[3], r[9]) for r in rows[2:]] == [("11010519491231002X", None),
                                                ("11010519491231002X", "超期")]
    assert [r[6] for r in rows[2:]] == ["乡镇身份审核", "乡镇身份审核"]
    dashboard = browser("finance").get("/dashboard").get_data(as_text=True)
    assert 'name="kind" value="training"' in dashboard


def test_queue_export_with_a_search_lists_only_what_the_search_finds(app, browser):
    """The queue's search (a claim number or a name) carries into its export, as it does for
    any other filter. It used to fail the export job."""
    f, rt = sessions(app), runtime(app)
    people = actors_of(f)
    from tests.conftest import claim_input
    from tests.integration.helpers import file

    first = file(f, rt, people["applicant"], claim_input(certificate_number="S-1"))
    file(f, rt, people["applicant"], claim_input(certificate_number="S-2"))
    with f() as s:
        reference = s.get(Claim, first).reference
    township = browser("township")
    for term, expected in ((reference, [reference]), ("张", None), ("李", [])):
        url = post(township, "/exports", {"kind": "queue", "q": term},
                   form_page="/queue").headers["Location"]
        _run(app)
        rows = _sheet(township.get(url + "/file"))
        found = [r[1] for r in rows[2:]]
        assert found == expected if expected is not None else len(found) == 2, (term, found)
