"""The bureau confirms a later installment's condition on the claim page: the installment, its
condition and clause, a date field; a date too early is refused in the user's language and
nothing is lost; the right date sends the installment to its own public notice."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from tests.integration.helpers import actors_of, decide, publish
from tests.integration.pages.conftest import post
from web.db import runtime, sessions
from workflow.domain.sources import cite
from workflow.persistence.models import Claim
from workflow.services import claims, definitions, timers


def first_half_paid(app, clock: list[datetime]) -> int:
    """A Huzhou employer-directed claim whose first half is paid: the second waits for the
    bureau (also used by the browser test)."""
    f, rt = sessions(app), runtime(app)
    a = actors_of(f)
    clock[0] = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
    data = claims.ClaimInput(
        "张三", "11010519491231002X", "13800000000", "", "rural_migrant", "", "养老护理员定向培训",
        "HZ-DX-2026-0002", "", date(2026, 2, 20), "湖州市某职业技能培训学校", "中国农业银行",
        "6228480000000000000", "张三", policy_pack="huzhou", subsidy_kind="directed_training")
    with f.begin() as s:
        claim_id = claims.submit_claim(s, rt, a["applicant"], data, ("pengyang", "huzhou")).id
    decide(f, rt, a["hr_department"], claim_id, "approve")
    decide(f, rt, a["bureau"], claim_id, "approve")
    timers.fire_due(f, rt, publish(f, rt, a["bureau"]).closes_at)
    decide(f, rt, a["finance"], claim_id, "paid")
    return claim_id


def _form(page: str) -> tuple[str, str]:
    action = re.search(r'action="(/claims/\d+/tasks/[^"]+)"', page)
    version = re.search(r'name="version" value="(\d+)"', page)
    assert action and version
    return action.group(1), version.group(1)


def test_the_bureau_confirms_the_second_half_on_the_claim_page(app, browser):
    claim_id = first_half_paid(app, app.extensions["test.clock"])
    bureau = browser("bureau")
    page = bureau.get(f"/claims/{claim_id}").get_data(as_text=True)
    assert "下一期发放条件确认" in page and "第 2 期（共 2 期）：¥400.00" in page
    assert "其余50%" in page and 'name="started_on"' in page and 'type="date"' in page
    assert "实现就业后6个月仍在湖就业" in page  # the condition in the source's own words
    action, version = _form(page)

    app.extensions["test.clock"][0] = datetime(2026, 9, 4, 2, 0, tzinfo=UTC)
    early = post(bureau, action, {"form": "installment_condition", "decision": "confirm",
                                  "version": version, "started_on": "2026-03-05",
                                  "comment": "社保缴费记录"}, form_page=f"/claims/{claim_id}")
    assert early.status_code == 422
    text = early.get_data(as_text=True)
    assert "第 2 期自 2026-09-05 起方可确认" in text
    assert 'value="2026-03-05"' in text and "社保缴费记录" in text  # what was typed stays

    app.extensions["test.clock"][0] = datetime(2026, 9, 7, 2, 0, tzinfo=UTC)
    done = post(bureau, action, {"form": "installment_condition", "decision": "confirm",
                                 "version": version, "started_on": "2026-03-05"},
                form_page=f"/claims/{claim_id}")
    assert done.status_code == 302
    with sessions(app)() as s:
        claim = s.get(Claim, claim_id)
        assert claim is not None
        assert (claim.stage, claim.amount_fen) == ("awaiting_notice", 80000)
        assert [i["state"] for i in claim.installments] == ["paid", "confirmed"]
    # The publishing page lists and totals what this notice pays: the second half, not 800.
    publishing = bureau.get("/bureau/notices/new").get_data(as_text=True)
    assert "400.00" in publishing and "800.00" not in publishing
    shown = browser("applicant").get(f"/claims/{claim_id}").get_data(as_text=True)
    assert "已发放" in shown and "条件已确认，公示发放中" in shown


def test_the_amount_rule_reads_in_the_pages_language_and_stays_english_in_the_api(app, browser):
    """The rule beside the amount is kept with its phrase (Huzhou 004 4: 800 yuan in halves),
    so a Chinese page says it in Chinese while the API keeps the English it always gave; so
    are the timeline's entries."""
    claim_id = first_half_paid(app, app.extensions["test.clock"])
    english = ("800 yuan per trainee, in two halves (004_7b2ca6ac373157b2.txt 4); "
               "installment 1 of 2: 40000 fen now, the rest when its condition is met")
    applicant = browser("applicant")
    assert applicant.get(f"/api/v1/claims/{claim_id}").get_json()["amount_rule"] == english
    zh = applicant.get(f"/claims/{claim_id}").get_data(as_text=True)
    assert ("每人800元，分两次拨付（《湖州市关于进一步加强我市重点产业领域技能人才培养的"
            "十条措施》 4）；分2期发放：本次发放第1期 400 元，"
            "其余各期待条件满足后发放") in zh
    assert "installment 1 of" not in zh and "per trainee" not in zh
    assert "首期发放后即结束" not in zh  # the current process carries the second half
    # The timeline's actions and the system's own notes read in Chinese too.
    assert "列入公示" in zh and "公示期满，无成立的异议" in zh
    assert "<strong>published</strong>" not in zh and "sustained objection" not in zh
    en = applicant.get(f"/claims/{claim_id}?lang=en").get_data(as_text=True)
    assert cite(english) in en and "Listed on a public notice" in en


def test_the_bureau_records_the_start_and_the_queue_says_when_the_half_is_due(app, browser):
    """Months before the second half is due the bureau records when employment began; the
    queue then shows the day, marks it due when it comes, and the form keeps the date."""
    clock = app.extensions["test.clock"]
    claim_id = first_half_paid(app, clock)
    bureau = browser("bureau")
    assert "尚未记录开始日期" in bureau.get("/queue").get_data(as_text=True)
    page = bureau.get(f"/claims/{claim_id}").get_data(as_text=True)
    assert 'value="schedule"' in page and "尚未到期：先记录开始日期，到期后再确认" in page
    action, version = _form(page)

    clock[0] = datetime(2026, 4, 1, 2, 0, tzinfo=UTC)
    recorded = post(bureau, action, {"form": "installment_condition", "decision": "schedule",
                                     "version": version, "started_on": "2026-03-05"},
                    form_page=f"/claims/{claim_id}")
    assert recorded.status_code == 302
    queue = bureau.get("/queue").get_data(as_text=True)
    assert "2026-09-05 起可确认" in queue and "已到期" not in queue
    page = bureau.get(f"/claims/{claim_id}").get_data(as_text=True)
    assert "已记录开始日期 2026-03-05，自 2026-09-05 起可确认。" in page
    # The timeline says what was recorded in words, not field codes.
    assert "尚未到期：先记录开始日期，到期后再确认" in page
    assert "就业（学徒培训）开始日期 ( → 2026-03-05)" in page
    assert "第2期可确认日期 ( → 2026-09-05)" in page and "confirm_from" not in page
    assert 'name="started_on"' in page and 'value="2026-03-05"' in page  # kept for the day

    mine = browser("applicant").get(f"/claims/{claim_id}").get_data(as_text=True)
    assert "待条件满足后拨付 · 2026-09-05 起可确认" in mine  # the applicant sees the day too
    assert "已记录开始日期 2026-03-05，自 2026-09-05 起可确认发放条件" in mine

    clock[0] = datetime(2026, 9, 6, 2, 0, tzinfo=UTC)
    assert "已到期" in bureau.get("/queue").get_data(as_text=True)
    action, version = _form(page)
    done = post(bureau, action, {"form": "installment_condition", "decision": "confirm",
                                 "version": version}, form_page=f"/claims/{claim_id}")
    assert done.status_code == 302
    with sessions(app)() as s:
        claim = s.get(Claim, claim_id)
        assert claim is not None and claim.stage == "awaiting_notice"
        assert claim.installments[1]["started_on"] == "2026-03-05"
    shown = bureau.get(f"/claims/{claim_id}").get_data(as_text=True)
    assert "第2期 (待条件满足后拨付 → 条件已确认，公示发放中)" in shown


def test_a_claim_that_ended_on_a_version_without_installments_says_so(app, browser):
    """A deployment that ran Huzhou claims before later installments existed: such a claim ends
    paid after its first half. Its page says the second cannot be confirmed here and whom to
    ask, instead of showing it waiting for ever."""
    from tests.integration.test_installment_migration import BEFORE

    with sessions(app).begin() as s:
        definitions.deploy(s, "subsidy_claim", BEFORE, "admin", "before installments",
                           app.extensions["test.clock"][0])
    claim_id = first_half_paid(app, app.extensions["test.clock"])
    with sessions(app)() as s:
        claim = s.get(Claim, claim_id)
        assert claim is not None and (claim.status, claim.stage) == ("paid", "closed")
        assert [i["state"] for i in claim.installments] == ["paid", "awaiting_condition"]
    shown = browser("applicant").get(f"/claims/{claim_id}").get_data(as_text=True)
    assert "本申请运行的流程版本在首期发放后即结束，后续各期无法在系统中确认发放" in shown
