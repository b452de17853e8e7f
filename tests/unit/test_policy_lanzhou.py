"""The Lanzhou New Area pack, one test per rule, each naming the clause it comes from
(000_52f3d35499bfb498.txt unless said otherwise)."""

from __future__ import annotations

from datetime import date

import pytest

from workflow.domain.policy import PACKS, EarlierSubsidy, QuoteRequest, quote
from workflow.domain.policy.lanzhou import CATEGORY_OF, SHORTAGE_BY_NAME, certificate_centre
from workflow.domain.policy.lanzhou.catalogue import (
    CATEGORY_A,
    CATEGORY_B,
    CATEGORY_C,
    CATEGORY_D,
    SHORTAGE_LIST,
)
from workflow.domain.policy.model import uplift

AMOUNTS = (("A", 2000_00), ("B", 1500_00), ("C", 1200_00), ("D", 1000_00))  # set by an admin


def ask(**overrides: object) -> QuoteRequest:
    values: dict[str, object] = dict(
        township="", target_group="rural_migrant", certificate_code="", certificate_level="",
        certificate_issued_on=date(2026, 5, 10), today=date(2026, 6, 1),
        kind="employment_skills", occupation_name="中式烹调师", class_hours=120,
        training_certificate_number="191601", set_amounts=AMOUNTS,
        skill_certificate="skill_level", employed=True)  # 附件2 备注5 met
    values.update(overrides)
    return QuoteRequest(**values)  # type: ignore[arg-type]


def lanzhou(**overrides: object):
    return quote(ask(**overrides), "lanzhou")


def failed(answer) -> set[str]:
    return {r.rule for r in answer.problems()}


def test_the_category_lists_and_shortage_list_are_transcribed_whole():
    # 附件2: A 76, B 129, C 95, D 46 occupations as printed; 附件3: 40 rows.
    assert (len(CATEGORY_A), len(CATEGORY_B), len(CATEGORY_C), len(CATEGORY_D)) == (76, 129, 95,
                                                                                    46)
    assert len(SHORTAGE_LIST) == 40 and SHORTAGE_LIST[0] == (1, "4-10-01-02", "育婴员", "B",
                                                             "康养类")
    # Every shortage occupation has the same category in 附件2 and 附件3.
    assert all(CATEGORY_OF[name] == row.category for name, row in SHORTAGE_BY_NAME.items())


@pytest.mark.parametrize(("name", "category", "hours", "fen"), [
    ("中式烹调师", "A", 120, 2000_00),      # 附件2 A类, 四(一) 不少于120课时
    ("美容师", "B", 100, 1500_00),          # 附件2 B类, 不少于100课时
    ("茶艺师", "C", 80, 1200_00),           # 附件2 C类, 不少于80课时
    ("收银员 ", "D", 60, 1000_00),          # 附件2 D类 (also on 附件3: see the uplift test)
    ("信息安全测试员 S", "B", 100, 1500_00),  # the S mark is the classification's, not the name
])
def test_each_category_is_priced_from_the_amount_an_administrator_set(name, category, hours,
                                                                      fen):
    answer = lanzhou(occupation_name=name, class_hours=hours)
    expected = uplift(fen, 20) if name.strip() in SHORTAGE_BY_NAME else fen
    assert answer.eligible and answer.amount_fen == expected
    assert any(r.clause.endswith(f"附件2 {category}类") for r in answer.reasons)


@pytest.mark.parametrize(("name", "hours"), [("中式烹调师", 119), ("美容师", 99), ("茶艺师", 79),
                                             ("行政办事员", 59)])
def test_too_few_class_hours_is_not_eligible(name, hours):
    # 四(一): A/B/C/D 培训总课时不少于 120/100/80/60 课时.
    answer = lanzhou(occupation_name=name, class_hours=hours)
    assert not answer.eligible and failed(answer) == {"class_hours"}


def test_a_category_amount_the_source_lost_is_not_configured_and_says_which():
    answer = lanzhou(set_amounts=())
    assert answer.amount_fen is None and not answer.configured
    (problem,) = answer.problems()
    assert problem.rule == "amount" and "category A is not configured" in problem.detail


def test_the_shortage_list_raises_employment_and_job_skills_by_20_percent():
    # 附件2 备注1 and 附件3 第3行 养老护理员 (B类): 1500 + 20% = 1800 yuan.
    answer = lanzhou(occupation_name="养老护理员", class_hours=100)
    assert answer.amount_fen == 1800_00
    assert any("附件3 第3行" in r.clause for r in answer.reasons)
    by_code = lanzhou(occupation_name="", occupation_code="4-10-01-05", class_hours=100)
    assert by_code.amount_fen == 1800_00
    job = lanzhou(kind="job_skills", target_group="enterprise_employee",
                  occupation_name="养老护理员", training_certificate_number="046801")
    assert job.eligible and job.amount_fen == 1800_00
    # Rounded half up to the fen: 1234.57 yuan + 20% = 1481.484 -> 1481.48.
    assert uplift(123457, 20) == 148148 and uplift(1, 20) == 1  # 1.2 fen -> 1 fen


def test_an_occupation_outside_the_category_list_is_refused():
    answer = lanzhou(occupation_name="宇航员")
    assert not answer.eligible and "occupation" in failed(answer)


@pytest.mark.parametrize(("group", "kind", "eligible"), [
    ("rural_migrant", "employment_skills", True),         # 二(一) 五类人员
    ("enterprise_employee", "employment_skills", False),  # not one of the five groups
    ("enterprise_employee", "job_skills", True),           # 二(二) 企业职工
    ("graduate", "job_skills", True),                      # 二(二) 企业新录用的五类人员
    ("", "job_skills", False),
])
def test_the_groups_of_each_training(group, kind, eligible):
    number = "191601" if kind == "employment_skills" else "046801"
    answer = lanzhou(target_group=group, kind=kind, training_certificate_number=number)
    assert answer.eligible is eligible


@pytest.mark.parametrize(("course", "hours", "fen"), [
    ("GYB", 24, 500_00), ("SYB", 56, 1600_00), ("IYB", 56, 1600_00), ("EYB", 48, 1600_00),
    ("online", 56, 1900_00), ("practice", 56, 1900_00)])
def test_entrepreneurship_courses(course, hours, fen):
    # 附件2 创业培训 补贴标准; 四(一) GYB ≥24, SYB/IYB/网创/创业+实训 ≥56, EYB ≥48 课时.
    answer = lanzhou(kind="entrepreneurship", target_group="returnee", course=course,
                     class_hours=hours, occupation_name="", training_certificate_number="41301")
    assert answer.eligible and answer.amount_fen == fen
    short = lanzhou(kind="entrepreneurship", course=course, class_hours=hours - 1,
                    occupation_name="", training_certificate_number="41301")
    assert failed(short) == {"class_hours"}


def test_entrepreneurship_gets_no_shortage_uplift_and_needs_a_known_course():
    answer = lanzhou(kind="entrepreneurship", course="XYZ", training_certificate_number="41301")
    assert "course" in failed(answer)


@pytest.mark.parametrize(("level", "name", "fen"), [
    ("junior", "中式烹调师", 5000_00),        # 附件2 备注3 初级工 5000
    ("intermediate", "中式烹调师", 6000_00),  # 中级工 6000
    ("senior_worker", "中式烹调师", 7500_00),  # 高级工 7500
    ("senior_worker", "焊工", 9000_00),        # 附件3 第33行 焊工: 7500 + 20%
])
def test_apprenticeship_by_level_and_its_shortage_uplift(level, name, fen):
    answer = lanzhou(kind="apprenticeship", target_group="enterprise_employee",
                     certificate_level=level, occupation_name=name, years=2)
    assert answer.eligible and answer.amount_fen == 2 * fen
    assert [i.amount_fen for i in answer.installments] == [fen, fen]


def test_apprenticeship_needs_a_worker_level():
    answer = lanzhou(kind="apprenticeship", target_group="enterprise_employee",
                     certificate_level="technician")
    assert "level" in failed(answer) and answer.amount_fen is None


def earlier(year: int, occupation: str = "美容师", level: str = "",
            kind: str = "employment_skills") -> EarlierSubsidy:
    return EarlierSubsidy(year, kind, occupation, level)


def test_at_most_three_subsidies_per_person():
    # 附件2 备注4 每人累计最多享受3次: the fourth is refused.
    three = (earlier(2023, "茶艺师"), earlier(2024, "收银员"), earlier(2025, "美容师"))
    assert failed(lanzhou(history=three)) == {"cap"}
    assert lanzhou(history=three[:2]).eligible


def test_at_most_one_subsidy_a_year():
    # 附件2 备注4 每年只能享受1次.
    assert failed(lanzhou(history=(earlier(2026, "茶艺师"),))) == {"cap_year"}
    assert lanzhou(history=(earlier(2025, "茶艺师"),)).eligible


def test_never_the_same_occupation_at_the_same_level_twice():
    # 附件2 备注4 同一职业（工种）同一等级不可重复享受.
    assert failed(lanzhou(history=(earlier(2024, "中式烹调师"),))) == {"cap_same"}
    assert lanzhou(history=(earlier(2024, "中式烹调师", "junior"),)).eligible


def test_caps_ignore_evaluation_subsidies_and_rewards():
    others = (earlier(2026, kind="evaluation"), earlier(2026, kind="technician_reward",
                                                         level="technician"))
    assert lanzhou(history=others).eligible


@pytest.mark.parametrize(("kind", "number", "centre"), [
    ("employment_skills", "191601", "centre_1"), ("employment_skills", "194600", "centre_1"),
    ("employment_skills", "194601", "centre_2"), ("employment_skills", "195600", "centre_2"),
    ("employment_skills", "195601", None), ("job_skills", "046801", "centre_1"),
    ("job_skills", "048801", "centre_2"), ("job_skills", "46801", None),
    ("entrepreneurship", "41301", "centre_1"), ("entrepreneurship", "43300", "centre_2"),
    ("entrepreneurship", "43301", None), ("employment_skills", "19160x", None)])
def test_training_certificate_numbers_belong_to_a_centre(kind, number, centre):
    # 附件4 2026年培训合格证书号段分配表.
    assert certificate_centre(number, kind) == centre


def test_the_certificate_number_routes_to_its_centre_and_must_match_the_one_named():
    assert lanzhou(training_certificate_number="194700").department == "centre_2"
    wrong = lanzhou(training_certificate_number="194700", service_centre="centre_1")
    assert failed(wrong) == {"certificate_number"}
    assert failed(lanzhou(training_certificate_number="")) == {"certificate_number"}
    assert failed(lanzhou(training_certificate_number="100000")) == {"certificate_number"}


@pytest.mark.parametrize(("day", "eligible"), [(date(2025, 12, 31), False),
                                               (date(2026, 1, 1), True),
                                               (date(2026, 6, 2), False)])  # after "today"
def test_the_plan_is_for_2026(day, eligible):
    assert lanzhou(certificate_issued_on=day).eligible is eligible


@pytest.mark.parametrize(("fee", "fen"), [(250_00, 250_00), (300_00, 300_00), (480_00, 300_00)])
def test_evaluation_subsidy_is_the_fee_up_to_300_yuan(fee, fen):
    # 四(三) 五类人员初次评价 每人不超过300元的评价补贴.
    answer = lanzhou(kind="evaluation", fee_fen=fee)
    assert answer.eligible and answer.amount_fen == fen


def test_evaluation_rules():
    # 四(三): five groups only, first evaluation only, 100 yuan for a special-ability assessment.
    assert not lanzhou(kind="evaluation", fee_fen=100_00,
                       target_group="enterprise_employee").eligible
    again = lanzhou(kind="evaluation", fee_fen=100_00,
                    history=(earlier(2025, "中式烹调师", kind="evaluation"),))
    assert failed(again) == {"first_evaluation"}
    assert lanzhou(kind="evaluation").amount_fen is None
    assert lanzhou(kind="special_ability").amount_fen == 100_00


@pytest.mark.parametrize(("level", "fen"), [("technician", 3000_00),
                                            ("senior_technician", 5000_00),
                                            ("senior_worker", None)])
def test_technician_rewards(level, fen):
    # 001_300a128483aeb037.txt 七: 一次性3000元、5000元的奖励.
    answer = lanzhou(kind="technician_reward", certificate_level=level)
    assert answer.amount_fen == fen and answer.eligible is (fen is not None)


def test_a_technician_reward_is_paid_once_per_level():
    before = (earlier(2026, level="technician", kind="technician_reward"),)
    assert failed(lanzhou(kind="technician_reward", certificate_level="technician",
                          history=before)) == {"one_off"}
    assert lanzhou(kind="technician_reward", certificate_level="senior_technician",
                   history=before).eligible


def test_the_pack_lists_its_unconfigured_categories_and_high_skill_entries():
    pack = PACKS["lanzhou"]
    assert [e.code for e in pack.entries] == [
        "A", "B", "C", "D", "TECH", "SENIOR-TECH", "AWARD-GOLD", "AWARD-SILVER",
        "AWARD-BRONZE", "AWARD-MERIT", "LIVING",
        # 001 四's reward to the winner's unit (its roster kind, lanzhou.rosters).
        "UNIT-GOLD", "UNIT-SILVER", "UNIT-BRONZE", "UNIT-MERIT"]
    assert all(e.amount_fen is None for e in pack.entries)
    assert pack.settable("B") is not None and pack.settable("E") is None
    assert pack.settable("UNIT-GOLD") is not None
    assert pack.max_per_person == 3


def test_an_unknown_kind_is_refused_with_the_kinds_listed():
    answer = lanzhou(kind="certificate")
    assert not answer.eligible and "employment_skills" in answer.reasons[0].detail
