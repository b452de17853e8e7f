"""Huzhou's roster kinds without Flask: 004 二 4's class (whole_class.first_half decides how
many rows the first 50% pays) and 三 7's apprentices (the industry's department reviews; a row
pays the administrator's amount, never above 每人每年最高6000元)."""

from __future__ import annotations

from datetime import date

from workflow.domain.policy.huzhou.directed import DIRECTED_CLASS_KIND, class_amounts
from workflow.domain.policy.huzhou.rosters import ENTERPRISE_APPRENTICESHIP_KIND as HZ
from workflow.domain.rosters import entries_waited_for, roster_price, row_price


def trainee(employed_on: date | None) -> dict[str, str | date]:
    row: dict[str, str | date] = {"training_end": date(2026, 3, 31),
                                  "employed_in_huzhou": "是" if employed_on else "否"}
    if employed_on:
        row["employed_on"] = employed_on
    return row


def test_the_first_half_pays_the_whole_class_at_80_percent_else_the_employed():
    on, late = date(2026, 9, 30), date(2026, 10, 1)  # the last day of 6 months, and after
    assert class_amounts([trainee(on)] * 4 + [trainee(None)]) == [40_000] * 5
    assert class_amounts([trainee(on)] * 3 + [trainee(late), trainee(None)]) == (
        [40_000] * 3 + [0, 0])
    assert DIRECTED_CLASS_KIND.amounts([trainee(on)]) == [40_000]


def test_apprentices_go_to_the_industry_department_and_pay_at_most_6000():
    assert HZ.department([{"industry": "养老护理"}]) == "hz_civil_affairs"
    assert HZ.department([{"industry": "semiconductor"}]) == "hz_economy"
    assert row_price(HZ, None, None).amount_fen is None  # not configured
    assert row_price(HZ, None, 500_000).amount_fen == 500_000
    capped = row_price(HZ, None, 800_000)
    assert (capped.amount_fen, capped.capped) == (600_000, True)


def test_a_roster_is_priced_by_its_rows_entries_with_the_amounts_set():
    """The one rule acceptance fixes and an amount about to be set shows (roster_price)."""
    rows = [(None, {"industry": "生物医药"}), (None, {"industry": "电子商务"})]
    assert entries_waited_for(HZ, rows) == {"HZ-XT"}
    waiting = roster_price(HZ, rows, {})
    assert (waiting.missing, waiting.total_fen) == (("HZ-XT",), None)
    priced = roster_price(HZ, rows, {"HZ-XT": 800_000})
    assert (priced.missing, priced.total_fen, priced.capped) == ((), 1_200_000, True)
    assert entries_waited_for(HZ, [(300_000, {})]) == set()  # a row stating its amount
