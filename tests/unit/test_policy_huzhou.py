"""The Huzhou pack: validity dates, the +30% shortage uplift, the 50/50 split, apprenticeship."""

from __future__ import annotations

from datetime import date

import pytest

from workflow.domain.policy import QuoteRequest, quote
from workflow.domain.policy.huzhou import SHORTAGE, uplift_30


def ask(**overrides: object) -> QuoteRequest:
    values: dict[str, object] = dict(
        township="", target_group="rural_migrant", certificate_code="", certificate_level="",
        certificate_issued_on=date(2026, 3, 1), today=date(2026, 3, 2), kind="certificate",
        occupation_code="4-10-01-02")
    values.update(overrides)
    return QuoteRequest(**values)  # type: ignore[arg-type]


def test_the_shortage_list_is_transcribed_whole():
    # 004_7b2ca6ac373157b2.txt 附件: 73 rows; row 4 育婴员 4-10-01-02.
    assert len(SHORTAGE) == 73 and SHORTAGE["4-10-01-02"] == (4, "育婴员")


@pytest.mark.parametrize(("day", "eligible"), [(date(2025, 3, 31), False),
                                               (date(2025, 4, 1), True),
                                               (date(2026, 8, 1), True),
                                               (date(2026, 8, 2), False)])
def test_in_force_from_2025_04_01_to_2026_08_01_only(day, eligible):
    # 五: 本文件自2025年4月1日起施行，有效期至2026年8月1日.
    answer = quote(ask(kind="directed_training", certificate_issued_on=day), "huzhou")
    assert answer.eligible is eligible


def test_the_shortage_uplift_is_30_percent_rounded_half_up_to_the_fen():
    # 1: 紧缺职业（工种）标准在同类型职业（工种）补贴基准上上浮30%.
    assert uplift_30(100000) == 130000 and uplift_30(1005) == 1307  # 1306.5 -> 1307
    answer = quote(ask(set_amounts=(("4-10-01-02", 150000),)), "huzhou")
    assert answer.amount_fen == 195000
    assert "附件 第4行 育婴员" in next(r.clause for r in answer.reasons if r.rule == "amount")
    plain = quote(ask(occupation_code="9-99-99-99", set_amounts=(("9-99-99-99", 150000),)),
                  "huzhou")
    assert plain.amount_fen == 150000  # not on the list: no uplift


def test_the_base_is_not_configured_until_set():
    answer = quote(ask(), "huzhou")
    assert (answer.amount_fen, answer.configured) == (None, False)
    assert "not configured" in next(r.detail for r in answer.reasons if r.rule == "amount")


def test_directed_training_is_800_in_two_halves_with_their_conditions():
    # 4: 首期50% ... 其余50% ... 补贴标准统一为每人800元.
    answer = quote(ask(kind="directed_training"), "huzhou")
    assert answer.amount_fen == 80000
    assert [i.amount_fen for i in answer.installments] == [40000, 40000]
    first = str(answer.installments[0].condition)
    assert "6 months" in first and "80%" in first


@pytest.mark.parametrize(("years", "fen", "eligible"), [(1, 600000, True), (2, 1200000, True),
                                                        (3, 1200000, False)])
def test_apprenticeship_at_most_6000_a_year_for_two_years(years, fen, eligible):
    # 7: 按每人每年最高6000元 ... 补贴期限最长不超过2年.
    answer = quote(ask(kind="apprenticeship", years=years), "huzhou")
    assert (answer.amount_fen, answer.eligible, len(answer.installments)) == \
        (fen, eligible, min(years, 2))


def test_the_six_groups_are_named_but_others_are_covered_too():
    named = quote(ask(target_group="poverty_watch", kind="directed_training"), "huzhou")
    other = quote(ask(target_group="enterprise_employee", kind="directed_training"), "huzhou")
    assert "返贫监测对象" in next(r.detail for r in named.reasons if r.rule == "group")
    assert other.eligible


def test_the_filing_deadline_is_not_configured_and_says_why():
    # 五 bounds the day the certificate is obtained; 一 3 files by the city's rules (not in 004).
    answer = quote(ask(kind="directed_training", today=date(2026, 11, 2)), "huzhou")
    deadline = next(r for r in answer.reasons if r.rule == "filing_deadline")
    assert deadline.passed and answer.eligible
    assert deadline.clause.endswith("五 / 一 3") and "not configured" in deadline.detail


def test_a_special_ability_certificate_is_not_configured_until_set_and_paid_to_the_person():
    # 一 2: 可按照有关规定给予个人或培训机构一定标准的职业培训补贴: 一定标准 is not in 004.
    waiting = quote(ask(kind="special_ability_training", target_group="other",
                        industry="robots_cnc"), "huzhou")
    amount = next(r for r in waiting.reasons if r.rule == "amount")
    assert (waiting.amount_fen, waiting.awaits_amount) == (None, True)
    assert amount.clause.endswith("一 2") and "HZ-ZX" in amount.detail
    assert "individual" in next(r.detail for r in waiting.reasons if r.rule == "payee")
    priced = quote(ask(kind="special_ability_training", set_amounts=(("HZ-ZX", 50000),),
                       industry="childcare"), "huzhou")
    assert (priced.amount_fen, priced.eligible) == (50000, True)
    # 一 2: a project of the listed industries only.
    elsewhere = quote(ask(kind="special_ability_training", industry="textiles"), "huzhou")
    assert not elsewhere.eligible and "一 2" in next(
        r.clause for r in elsewhere.problems() if r.rule == "industry")


def post(**overrides: object) -> QuoteRequest:
    """一 3: an elderly-care certificate of 2026-03-01, in a Huzhou elderly-care post."""
    values: dict[str, object] = dict(kind="care_post", occupation_code="4-10-01-05",
                                     industry="elderly_care", employer="湖州市某养老院",
                                     employed_on=date(2027, 3, 1), today=date(2027, 3, 5))
    values.update(overrides)
    return ask(**values)


def _reason(answer, rule):
    return next(r for r in answer.reasons if r.rule == rule)


@pytest.mark.parametrize(("employed_on", "passed", "words"), [
    (date(2027, 3, 1), True, "within 12 months"),  # 自证书核发之日起12个月内: the last day
    (date(2027, 3, 2), False, "more than 12 months"),
    (date(2024, 5, 1), True, "already"),  # 含证书核发时已在岗
    (date(2027, 3, 6), False, "not started yet"),  # after today
])
def test_a_post_within_12_months_of_the_certificate_or_already_held(employed_on, passed, words):
    answer = quote(post(employed_on=employed_on), "huzhou")
    employment = _reason(answer, "employment")
    assert (employment.passed, answer.eligible) == (passed, passed)
    assert words in employment.detail and employment.clause.endswith("一 3")


def test_the_post_allowance_is_not_configured_until_set_per_trade():
    # 一 3: 养老护理员特殊岗位津贴等政策待遇，具体规则按照...实施办法执行 (not in 004).
    waiting = quote(post(), "huzhou")
    assert (waiting.eligible, waiting.amount_fen, waiting.awaits_amount) == (True, None, True)
    assert "HZ-GW-YL" in _reason(waiting, "amount").detail
    assert _reason(waiting, "skill_upgrade").passed  # claimed as its own kind, 一 1
    childcare = quote(post(occupation_code="4-10-01-03", industry="childcare",
                           set_amounts=(("HZ-GW-TY", 20000),)), "huzhou")
    assert (childcare.eligible, childcare.amount_fen) == (True, 20000)


@pytest.mark.parametrize(("change", "rule"), [
    ({"industry": "ecommerce"}, "industry"),  # the post is in another trade
    ({"occupation_code": "6-18-01-01"}, "occupation_code"),  # 车工: none of the three trades
    ({"employer": " "}, "employer"),
    ({"employed_on": None}, "employment"),
])
def test_a_post_claim_is_refused_with_the_rule_it_breaks(change, rule):
    answer = quote(post(**change), "huzhou")
    assert not answer.eligible and rule in {r.rule for r in answer.problems()}
    assert all(r.clause.endswith("一 3") for r in answer.problems() if r.rule == rule)


def test_staff_training_needs_a_labour_relation_and_is_reviewed_by_the_industry():
    # 二 5: 纳入补贴范围的培训对象为与其建立劳动关系的从业人员，具体由行业主管部门负责.
    staff = dict(kind="staff_training", industry="nev", employer="湖州某新能源汽车零部件公司",
                 employed_on=date(2025, 6, 1))
    answer = quote(ask(**staff), "huzhou")
    assert (answer.eligible, answer.awaits_amount) == (True, True)
    assert "湖州市经信局" in _reason(answer, "industry").detail
    assert "HZ-ZG" in _reason(answer, "amount").detail
    late = quote(ask(**{**staff, "employed_on": date(2026, 3, 2)}), "huzhou")
    assert not late.eligible and not _reason(late, "labour_relation").passed
    outside = quote(ask(**{**staff, "industry": "textiles"}), "huzhou")
    assert not outside.eligible and "二 5" in _reason(outside, "industry").clause


def test_staff_training_goes_to_the_industry_department():
    from types import SimpleNamespace

    from workflow.domain.policy.huzhou.filing import FILING

    facts = SimpleNamespace(subsidy_kind="staff_training", industry="elderly_care",
                            certificate_code="", certificate_level="")
    assert FILING.workflow_data(facts)["catalogue_department"] == "hz_civil_affairs"
    facts.subsidy_kind = "directed_training"
    assert FILING.workflow_data(facts)["catalogue_department"] == "hr_bureau"
