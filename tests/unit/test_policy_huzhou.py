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
