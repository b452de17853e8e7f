"""The range every day and whole number from outside must lie in before it reaches a rule or a
column.

Python's dates end at years 1 and 9999, and a county day becomes a UTC instant eight hours
earlier, so 0001-01-01 overflows on its way to the database and 9999-12-31 when a window is
counted forward. The id, amount and count columns are INTEGER, 32 bits on PostgreSQL: a larger
number is a driver error there. Nothing the service records lies near either edge (its
documents run from 2015 to 2028; ID numbers are of people born in the 1900s and 2000s), so a
day outside 1900-2100 or a number outside the column's range is a typing error or an attack,
refused with a message before any rule or query sees it.
"""

from __future__ import annotations

from datetime import date

EARLIEST_DAY = date(1900, 1, 1)
LATEST_DAY = date(2100, 12, 31)
MAX_INT = 2**31 - 1  # PostgreSQL INTEGER (SQLite's hold 64 bits: the narrower one decides)
MIN_INT = -(2**31)


def parse_whole(text: str, low: int = 0, high: int = MAX_INT) -> int | None:
    """The whole number `text` spells in ASCII digits (optionally negative) within [low, high],
    else None ("²" is a digit to str.isdigit, not to int; the length check keeps int() off
    thousands of digits)."""
    digits = text.removeprefix("-")
    if digits.isascii() and digits.isdigit() and len(digits) <= 10 and low <= int(text) <= high:
        return int(text)
    return None


def day_in_range(day: date) -> bool:
    return EARLIEST_DAY <= day <= LATEST_DAY


def year_in_range(year: int) -> bool:
    return EARLIEST_DAY.year <= year <= LATEST_DAY.year
