"""A year's holiday notice as an administrator types it: read, refused when impossible, warned
when only unusual, and written back as the same lines."""

from __future__ import annotations

from datetime import date

from workflow.domain.holiday_notices import (
    Entry,
    as_lines,
    check,
    days_of,
    parse_lines,
    warnings,
)

# A test table, not the State Council's 2027 notice (not published here).
LINES = """
2027-01-01 元旦
2027-02-10 至 2027-02-12 春节
2027-04-05~2027-04-05 清明节
"""


def test_lines_are_read_as_days_and_runs() -> None:
    entries, problem = parse_lines(LINES)
    assert problem is None
    assert entries[1] == Entry(date(2027, 2, 10), date(2027, 2, 12), "春节")
    days, problem = days_of(entries, 2027)
    assert problem is None
    assert days == {date(2027, 1, 1): "元旦", date(2027, 2, 10): "春节",
                    date(2027, 2, 11): "春节", date(2027, 2, 12): "春节",
                    date(2027, 4, 5): "清明节"}
    assert as_lines(days) == "2027-01-01 元旦\n2027-02-10 至 2027-02-12 春节\n2027-04-05 清明节"


def test_a_line_that_is_no_date_names_its_line() -> None:
    assert parse_lines("2027-01-01 元旦\n1月1日 元旦")[1] == (
        "line 2: a date (YYYY-MM-DD) or a run (YYYY-MM-DD 至 YYYY-MM-DD), then the festival")
    assert parse_lines("2027-02-30 春节")[1] == "line 1: 2027-02-30 is not a date"
    assert parse_lines("2027-01-01")[1].startswith("line 1: a date")  # no festival
    assert parse_lines("\n".join(["2027-01-01 元旦"] * 401))[1] == "at most 400 lines"


def test_a_date_belongs_to_its_year() -> None:
    entries, _ = parse_lines("2027-01-01 元旦\n2026-12-31 至 2027-01-01 元旦")
    assert days_of(entries, 2027)[1] == "line 2: 2026-12-31 is not in 2027"


def test_runs_and_repeats_are_checked() -> None:
    backwards = [Entry(date(2027, 2, 12), date(2027, 2, 10), "春节")]
    assert days_of(backwards, 2027)[1] == "line 1: the run ends before it starts"
    too_long = [Entry(date(2027, 1, 1), date(2027, 3, 1), "春节")]
    assert days_of(too_long, 2027)[1] == "line 1: a run of more than 31 days"
    twice = [Entry(date(2027, 2, 10), date(2027, 2, 12), "春节"),
             Entry(date(2027, 2, 12), date(2027, 2, 12), "春节")]
    assert days_of(twice, 2027)[1] == "line 2: 2027-02-12 is already given on line 1"
    assert days_of([Entry(date(2027, 1, 1), date(2027, 1, 1), "节" * 65)], 2027)[1] == (
        "line 1: the festival's name is at most 64 characters")


def test_a_day_cannot_be_both_off_and_worked() -> None:
    errors = check(2027, "国办发明电〔2026〕1号", {date(2027, 2, 13): "春节"},
                   {date(2027, 2, 13): "春节"})
    assert errors == {"make_up_days": "2027-02-13 is both a day off and a make-up working day"}


def test_a_notice_needs_its_number_and_its_days_off_and_a_plausible_year() -> None:
    assert check(1999, "", {}, {}) == {
        "year": "a year such as 2026",
        "document_number": "give the notice's document number, e.g. 国办发明电〔2025〕7号",
        "holidays": "enter the notice's days off, one line each: YYYY-MM-DD 元旦"}


def test_unusual_tables_are_warned_about_not_refused() -> None:
    """As in 2015, a one-off holiday with its own name and a Sunday worked: warned, not
    refused; so are a make-up day on a weekday and a festival with no day off."""
    found = warnings("国办发〔2026〕", {date(2027, 1, 1): "元旦", date(2027, 9, 3): "纪念日"},
                     {date(2027, 9, 5): "纪念日", date(2027, 2, 8): "春节"})
    assert "the document number does not read like 国办发明电〔YYYY〕N号: check it" in found
    assert ("2027-02-08 is a weekday: a make-up working day is normally a Saturday or Sunday"
            in found)  # a Monday; Sunday 2027-09-05 is not warned about
    assert "2027-09-05" not in " ".join(found)
    assert ("纪念日 is not one of the statutory festivals (全国年节及纪念日放假办法): check the "
            "name") in found
    assert any(w.startswith("no day off is named for 春节") for w in found)
    complete = {date(2027, 1, 1): "元旦", date(2027, 2, 10): "春节", date(2027, 4, 5): "清明节",
                date(2027, 5, 3): "劳动节", date(2027, 6, 9): "端午节",
                date(2027, 9, 15): "中秋节", date(2027, 10, 1): "国庆节"}
    assert warnings("国办发明电〔2026〕9号", complete, {date(2027, 2, 6): "春节"}) == []
