"""The Pengyang pack, table-driven, each expectation with the clause it comes from."""

from __future__ import annotations

from datetime import date

import pytest

from workflow.domain.policy import QuoteRequest, quote
from workflow.domain.policy.pengyang.catalogue import CATALOGUE

TODAY = date(2026, 11, 23)


def ask(**overrides: object) -> QuoteRequest:
    values: dict[str, object] = dict(
        township="baiyang", target_group="rural_migrant", certificate_code="PY-22",
        certificate_level="", certificate_issued_on=date(2026, 5, 1), today=TODAY,
        id_number="642226199001011235", accepted_before=0)
    values.update(overrides)
    return QuoteRequest(**values)  # type: ignore[arg-type]


PRICED = [(code, e.amount_fen, e.department) for code, e in CATALOGUE.items()
          if e.amount_fen is not None]


@pytest.mark.parametrize(("code", "fen", "department"), PRICED)
def test_every_catalogue_row_with_an_amount(code, fen, department):
    # 003_6bc740e2a48a5116.txt 附件1: 补贴标准 and 实施管理部门 per row.
    answer = quote(ask(certificate_code=code))
    assert (answer.eligible, answer.amount_fen, answer.department) == (True, fen, department)
    assert f"第{CATALOGUE[code].row}行" in next(r.detail for r in answer.reasons
                                                 if r.rule == "amount")


def test_rows_20_to_33_are_the_priced_ones_and_1_to_19_are_not_configured():
    assert [CATALOGUE[c].row for c, _, _ in PRICED] == list(range(20, 34))
    answer = quote(ask(certificate_code="PY-07"))  # 附件1 row 7: the amount was lost
    amount = next(r for r in answer.reasons if r.rule == "amount")
    assert (answer.amount_fen, answer.configured, amount.passed) == (None, False, False)
    assert "第7行" in amount.detail and "未配置" in amount.detail


def test_outside_the_catalogue_is_1000_yuan_reviewed_by_the_hr_bureau():
    # 二(三): 未列入我县职业资格目录范围的，统一按照1000元标准给予补贴.
    answer = quote(ask(certificate_code="other"))
    assert (answer.amount_fen, answer.department) == (100000, "hr_bureau")


@pytest.mark.parametrize(("level", "fen"), [("senior_worker", 400000), ("technician", 500000),
                                            ("senior_technician", 600000),
                                            ("intermediate", 140000)])
def test_high_skill_levels_raise_the_amount(level, fen):
    # 二(五): 取得高级工、技师、高级技师的，补贴标准分别提高到4000元、5000元、6000元.
    assert quote(ask(certificate_level=level)).amount_fen == fen


def test_a_raise_never_lowers_a_higher_catalogue_amount():
    # 经营性客运驾驶员 is 6000 in 附件1; a senior-worker level (4000) does not lower it.
    assert quote(ask(certificate_code="PY-26", certificate_level="senior_worker")).amount_fen \
        == 600000


@pytest.mark.parametrize(("before", "eligible"), [(0, True), (1, True), (2, False), (3, False)])
def test_at_most_two_subsidies_per_person(before, eligible):
    # 二(三): 每人享受补贴不超过2次 (counting accepted or paid claims).
    answer = quote(ask(accepted_before=before))
    cap = next(r for r in answer.reasons if r.rule == "cap")
    assert (answer.eligible, cap.passed) == (eligible, eligible)
    assert "不超过2次" in cap.clause


@pytest.mark.parametrize(("issued", "eligible"), [(date(2025, 12, 31), False),
                                                  (date(2026, 1, 1), True),
                                                  (date(2026, 11, 23), True),
                                                  (date(2026, 11, 24), False)])
def test_certificates_within_the_plan_period_and_not_in_the_future(issued, eligible):
    # 二(三): 《方案》实施期内参加培训取得职业资格证书 (2026–2028).
    answer = quote(ask(certificate_issued_on=issued))
    assert answer.eligible is eligible
    if not eligible:
        assert [r.rule for r in answer.problems()] == ["certificate_issued_on"]


def test_a_person_from_another_county_is_not_eligible():
    # 二(三): 彭阳户籍.
    answer = quote(ask(township="yuanzhou"))
    [problem] = answer.problems()
    assert (answer.eligible, problem.rule) == (False, "township")
    assert "彭阳户籍" in problem.clause


def test_a_quote_without_an_id_number_still_answers():
    answer = quote(ask(id_number=""))
    assert answer.eligible and answer.amount_fen == 140000
