"""Lanzhou New Area's rules of issue 19 item 3, one test per rule, each naming its clause:
000_52f3d35499bfb498.txt 附件2 备注2 (technician training) and 备注5 (what employment- and
job-skills training pays on), 001_300a128483aeb037.txt 四 (national competition winners),
002_bb54aa0badca5692.txt 二(五) (living allowance)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.unit.test_policy_lanzhou import AMOUNTS, earlier, failed, lanzhou
from workflow.domain.policy import PACKS
from workflow.domain.policy.lanzhou.filing import REQUIRED

TECHNICIAN = dict(kind="technician_training", target_group="enterprise_employee",
                  occupation_name="焊工", certificate_level="technician", front_line_post=True,
                  declaration_met=True, by_training=True, training_certificate_number="")
SET = (*AMOUNTS, ("TECH", 2500_00), ("SENIOR-TECH", 3500_00), ("AWARD-GOLD", 10000_00),
       ("LIVING", 600_00))  # as an administrator would set them from the printed documents


def reason(answer, rule):
    return next(r for r in answer.reasons if r.rule == rule)


# 附件2 备注5 ---------------------------------------------------------------------------------

@pytest.mark.parametrize("certificate", ["skill_level", "special_ability", "special_operation",
                                         "special_equipment"])
def test_employment_skills_pays_on_the_four_certificates_and_employment(certificate):
    # 备注5 就业技能培训合格人员取得职业技能等级证书、专项能力证书、特种作业证书、特种设备操作证书
    # 并实现就业的.
    answer = lanzhou(skill_certificate=certificate, employed=True)
    assert answer.eligible and answer.amount_fen == 2000_00
    assert reason(answer, "skill_certificate").clause.endswith("并实现就业的")


@pytest.mark.parametrize(("change", "rule"), [
    ({"skill_certificate": "none"}, "skill_certificate"),   # the training certificate only
    ({"skill_certificate": ""}, "skill_certificate"),       # not said
    ({"employed": False}, "employed"),                      # 并实现就业
    ({"employed": None}, "employed"),
])
def test_employment_skills_without_the_certificate_or_employment_is_refused(change, rule):
    answer = lanzhou(**change)
    assert failed(answer) == {rule}
    assert "附件2 备注5" in reason(answer, rule).clause


def test_job_skills_pays_on_the_certificates_without_asking_employment():
    # 备注5 企业职工岗位技能培训合格人员取得…的: the employee is employed already.
    job = dict(kind="job_skills", target_group="enterprise_employee",
               training_certificate_number="046801", employed=None)
    assert lanzhou(**job).eligible
    refused = lanzhou(**job, skill_certificate="none")
    assert failed(refused) == {"skill_certificate"}
    assert "企业职工岗位技能培训" in reason(refused, "skill_certificate").clause


def test_project_based_training_needs_60_class_hours_whatever_the_category():
    # 备注5 项目化培训 培训时长不得低于60课时 (四(一): 项目化培训时长和标准按照相关标准执行).
    assert lanzhou(project_based=True, class_hours=60).eligible  # category A, otherwise 120
    short = lanzhou(project_based=True, class_hours=59)
    assert failed(short) == {"class_hours"}
    assert "备注5" in reason(short, "class_hours").clause
    assert failed(lanzhou(class_hours=60)) == {"class_hours"}  # not project-based: 四(一) 120


def test_remark_5_is_not_asked_of_an_apprenticeship():
    # 备注5 企业新型学徒培训不适用此条款.
    answer = lanzhou(kind="apprenticeship", target_group="enterprise_employee",
                     certificate_level="junior", skill_certificate="", employed=None)
    assert answer.eligible and not any(r.rule in ("skill_certificate", "employed")
                                       for r in answer.reasons)
    assert "skill_certificate" not in REQUIRED["apprenticeship"]


# 附件2 备注2 ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("level", "fen"), [("technician", 2500_00),
                                            ("senior_technician", 3500_00)])
def test_technician_training_is_priced_per_level_once_set(level, fen):
    answer = lanzhou(**{**TECHNICIAN, "certificate_level": level}, set_amounts=SET)
    assert answer.eligible and answer.amount_fen == fen
    assert reason(answer, "amount").clause.endswith("附件2 备注2")


def test_technician_training_amount_is_not_configured_until_set():
    answer = lanzhou(**TECHNICIAN)
    assert answer.amount_fen is None and answer.awaits_amount
    assert "technician training at level technician is not configured" in reason(
        answer, "amount").detail
    assert PACKS["lanzhou"].settable("TECH") is not None


@pytest.mark.parametrize(("fact", "words"), [
    ("front_line_post", "生产一线岗位"), ("declaration_met", "申报条件"),
    ("by_training", "通过培训取得")])
@pytest.mark.parametrize("value", [False, None])
def test_each_technician_training_condition_refuses_with_its_clause(fact, words, value):
    # 备注2 在相应职业（工种）生产一线岗位工作，具备晋升技师、高级技师…申报条件，通过培训取得….
    answer = lanzhou(**{**TECHNICIAN, fact: value}, set_amounts=SET)
    assert failed(answer) == {fact}
    assert words in reason(answer, fact).clause


def test_technician_training_is_for_enterprise_employees_at_technician_levels():
    assert failed(lanzhou(**{**TECHNICIAN, "target_group": "rural_migrant"},
                          set_amounts=SET)) == {"group"}
    assert failed(lanzhou(**{**TECHNICIAN, "certificate_level": "senior_worker"},
                          set_amounts=SET)) == {"level"}


def test_technician_training_counts_under_the_caps_of_remark_4():
    # 附件2 备注4 以上补贴标准…每年只能享受1次: technician training is one of the table's.
    answer = lanzhou(**TECHNICIAN, set_amounts=SET, history=(earlier(2026, "茶艺师"),))
    assert failed(answer) == {"cap_year"}


# 001 四 ---------------------------------------------------------------------------------------

def test_a_competition_reward_is_not_configured_until_the_provincial_standard_is_set():
    # 001 四 比照省级对获奖选手的资金奖励标准,给予同等奖励: the provincial standard is not given.
    ask = dict(kind="competition_reward", target_group="enterprise_employee",
               occupation_name="焊接", award_level="silver")
    answer = lanzhou(**ask)
    assert answer.amount_fen is None and answer.awaits_amount
    assert "province's reward for its own winners" in reason(answer, "amount").detail
    assert "001_300a128483aeb037.txt 四" in reason(answer, "amount").clause
    gold = lanzhou(**{**ask, "award_level": "gold"}, set_amounts=SET)
    assert gold.eligible and gold.amount_fen == 10000_00
    # Paid to the winner; the unit's reward is not filed here (enterprise payees).
    assert "winner's unit" in reason(gold, "unit").detail


def test_a_competition_reward_needs_an_award_of_a_national_competition():
    answer = lanzhou(kind="competition_reward", award_level="first_place", set_amounts=SET)
    assert failed(answer) == {"award_level"}


# 002 二(五) ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "level", "covered"), [
    ("养老护理员", "", True),           # 附件3 第3行: a shortage occupation
    ("中式烹调师", "senior_worker", True),  # 高技能人才: 高级工 and above
    ("中式烹调师", "technician", True),
    ("中式烹调师", "intermediate", False),
])
def test_the_living_allowance_covers_high_skill_and_shortage_training(name, level, covered):
    answer = lanzhou(kind="living_allowance", occupation_name=name, certificate_level=level,
                     set_amounts=SET)
    assert answer.eligible is covered
    assert answer.amount_fen == 600_00
    assert "002_bb54aa0badca5692.txt 二(五)" in reason(answer, "covered").clause


def test_the_living_allowance_says_why_it_cannot_be_priced():
    answer = lanzhou(kind="living_allowance", occupation_name="养老护理员")
    assert answer.amount_fen is None and answer.awaits_amount
    assert "按有关规定上下浮动" in reason(answer, "amount").detail


def test_the_new_kinds_are_not_before_the_plan_year():
    answer = lanzhou(kind="living_allowance", occupation_name="养老护理员", set_amounts=SET,
                     certificate_issued_on=date(2025, 12, 31))
    assert failed(answer) == {"plan_period"}


def test_the_entry_that_prices_each_kind_is_the_one_filing_records():
    # What an administrator sets reaches the waiting claims it prices (amount_impact).
    lanzhou_pack = PACKS["lanzhou"]
    assert lanzhou_pack.priced_by("technician_training", "SENIOR-TECH", "焊工") == "SENIOR-TECH"
    assert lanzhou_pack.priced_by("competition_reward", "AWARD-MERIT", "焊接") == "AWARD-MERIT"
    assert lanzhou_pack.priced_by("competition_reward", "", "焊接") is None  # no award given
    assert lanzhou_pack.priced_by("living_allowance", "B-113", "养老护理员") == "LIVING"
    assert lanzhou_pack.priced_by("evaluation", "B-113", "养老护理员") is None
