"""A year's State Council holiday notice as data: read, checked and written back as lines.

The notice (国务院办公厅关于XXXX年部分节假日安排的通知) gives, per festival, the days off
(放假) and the make-up working days (调休上班). An administrator enters it one line per day or
run of days, e.g. "YYYY-MM-DD 至 YYYY-MM-DD 春节". What is surely wrong is refused (a day of
another year, a day both off and worked, a line that is no date); what is only unusual is a
warning, because the State Council does unusual things (2015-09-03, a one-off holiday; 2020,
Spring Festival extended by a second notice).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from workflow.domain.phrases import reason_text, said

FIRST_YEAR, LAST_YEAR = 2000, 2100
MAX_RUN_DAYS = 31  # the longest run of days off ever given is 10 (2020's Spring Festival)
MAX_LINES = 400
MAX_NAME = 64
# The festivals every citizen has off (全国年节及纪念日放假办法 第二条): 新年(元旦), 春节,
# 清明节, 劳动节, 端午节, 中秋节, 国庆节; each with the words a notice names it by. A table
# without one of them, or a name with none of these words, gets a warning (清明, 端午 and 中秋
# are holidays since 2008; in 2020 中秋 fell on 国庆).
FESTIVALS = (("元旦", "新年"), ("春节",), ("清明",), ("劳动节",), ("端午",), ("中秋",),
             ("国庆",))
FESTIVAL_WORDS = tuple(word for festival in FESTIVALS for word in festival)
DOCUMENT_NUMBER = re.compile(r"国办发(明电)?〔\d{4}〕\d+号")
_DAY = r"\d{4}-\d{1,2}-\d{1,2}"
_LINE = re.compile(rf"^({_DAY})(?:\s*(?:至|到|~|～|\.\.|—|–)\s*({_DAY}))?\s+(\S.*)$")
LINE_FORMAT = reason_text("line %(n)s: a date (YYYY-MM-DD) or a run (YYYY-MM-DD 至 "
                          "YYYY-MM-DD), then the festival")


@dataclass(frozen=True)
class Entry:
    """One line of a notice: a day, or a run of days, and the festival it belongs to."""

    first: date
    last: date
    name: str


def _date(text: str) -> date | None:
    year, month, day = (int(part) for part in text.split("-"))
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_lines(text: str) -> tuple[list[Entry], str | None]:
    """The lines of a text box as entries; the first problem, if any, names its line."""
    entries: list[Entry] = []
    lines = [line.strip() for line in text.splitlines()]
    if sum(1 for line in lines if line) > MAX_LINES:
        return [], said("at most %(count)s lines", count=MAX_LINES)
    for number, line in enumerate(lines, start=1):
        if not line:
            continue
        found = _LINE.match(line)
        if found is None:
            return [], said(LINE_FORMAT, n=number)
        first_text, last_text, name = found.groups()
        first = _date(first_text)
        last = _date(last_text) if last_text else first
        if first is None or last is None:
            bad = first_text if first is None else last_text
            return [], said("line %(n)s: %(text)s is not a date", n=number, text=bad)
        entries.append(Entry(first, last, name.strip()))
    return entries, None


def days_of(entries: Sequence[Entry], year: int) -> tuple[dict[date, str], str | None]:
    """Each day of the entries with its festival; the first problem names its line."""
    days: dict[date, str] = {}
    line_of: dict[date, int] = {}
    for number, entry in enumerate(entries, start=1):
        if len(entry.name) > MAX_NAME:
            return {}, said("line %(n)s: the festival's name is at most %(max)s characters",
                            n=number, max=MAX_NAME)
        if not entry.name:
            return {}, said(LINE_FORMAT, n=number)
        if entry.last < entry.first:
            return {}, said("line %(n)s: the run ends before it starts", n=number)
        if (entry.last - entry.first).days >= MAX_RUN_DAYS:
            return {}, said("line %(n)s: a run of more than %(max)s days", n=number,
                            max=MAX_RUN_DAYS)
        day = entry.first
        while day <= entry.last:
            if day.year != year:
                return {}, said("line %(n)s: %(day)s is not in %(year)s", n=number,
                                day=day.isoformat(), year=year)
            if day in days:
                return {}, said("line %(n)s: %(day)s is already given on line %(m)s", n=number,
                                day=day.isoformat(), m=line_of[day])
            days[day], line_of[day] = entry.name, number
            day += timedelta(days=1)
    return days, None


def check(year: int, document_number: str, holidays: Mapping[date, str],
          make_up_days: Mapping[date, str]) -> dict[str, str]:
    """What makes a year's table impossible to accept, per field (days already read by
    `days_of`, so each lies in `year`)."""
    errors: dict[str, str] = {}
    if not FIRST_YEAR <= year <= LAST_YEAR:
        errors["year"] = "a year such as 2026"
    if not document_number.strip():
        errors["document_number"] = ("give the notice's document number, "
                                     "e.g. 国办发明电〔2025〕7号")
    if not holidays:
        errors["holidays"] = "enter the notice's days off, one line each: YYYY-MM-DD 元旦"
    both = sorted(set(holidays) & set(make_up_days))
    if both:
        errors["make_up_days"] = said("%(day)s is both a day off and a make-up working day",
                                      day=both[0].isoformat())
    return errors


def warnings(document_number: str, holidays: Mapping[date, str],
             make_up_days: Mapping[date, str]) -> list[str]:
    """What is unusual in a year's table and worth a second look, but not refused."""
    found: list[str] = []
    if document_number.strip() and not DOCUMENT_NUMBER.search(document_number):
        found.append("the document number does not read like 国办发明电〔YYYY〕N号: check it")
    for day in sorted(make_up_days):
        if day.weekday() < 5:
            found.append(said("%(day)s is a weekday: a make-up working day is normally a "
                              "Saturday or Sunday", day=day.isoformat()))
    named = set(holidays.values())
    missing = [festival[0] for festival in FESTIVALS
               if not any(word in name for name in named for word in festival)]
    if holidays and missing:
        found.append(said("no day off is named for %(festival)s: the notice normally gives each "
                          "statutory festival its days (unless two coincide); check for a "
                          "missing line", festival="、".join(missing)))
    for name in sorted(set(holidays.values()) | set(make_up_days.values())):
        if not any(word in name for word in FESTIVAL_WORDS):
            found.append(said("%(name)s is not one of the statutory festivals "
                              "(全国年节及纪念日放假办法): check the name", name=name))
    return found


def as_lines(days: Mapping[date, str]) -> str:
    """Days back as lines, consecutive days of one festival as one run."""
    lines: list[str] = []
    ordered = sorted(days.items())
    i = 0
    while i < len(ordered):
        first, name = ordered[i]
        last = first
        while (i + 1 < len(ordered) and ordered[i + 1][1] == name
               and ordered[i + 1][0] == last + timedelta(days=1)):
            i += 1
            last = ordered[i][0]
        lines.append(f"{first.isoformat()} {name}" if first == last
                     else f"{first.isoformat()} 至 {last.isoformat()} {name}")
        i += 1
    return "\n".join(lines)
