"""Spreadsheets written row by row (openpyxl write-only mode), so 100,000 rows stream through
without the whole sheet in memory.

Amounts arrive as integer fen and leave as exact decimals of yuan (Decimal, never a float),
formatted with two decimals so officials can sum the column. The cells are written by
workflow.spreadsheets, which keeps any text from becoming a formula.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any

from workflow.domain.workdays import COUNTY_TIME
from workflow.spreadsheets import Styled, Xlsx

MONEY_FORMAT = "#,##0.00"
PROGRESS_EVERY = 2000


@dataclass(frozen=True)
class Yuan:
    """An amount in fen, to be written as yuan."""

    fen: int


@dataclass(frozen=True)
class Sheet:
    title: str  # the sheet's and the file's name
    headings: tuple[str, ...]
    preface: tuple[str, ...] = ()  # lines above the headings: title, notes, flags
    widths: tuple[int, ...] = ()


def local(value: datetime | date | None, with_time: bool = False) -> str:
    """County-time date (and minutes) as officials write them: 2026-11-02 (17:00)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(COUNTY_TIME)
        return value.strftime("%Y-%m-%d %H:%M") if with_time else value.date().isoformat()
    return value.isoformat()


def write_xlsx(out: IO[bytes], sheet: Sheet, rows: Iterable[Sequence[Any]],
               progress: Callable[[int], None] | None = None,
               every: int = PROGRESS_EVERY) -> int:
    """Write the sheet and its rows to `out`; returns the number of rows written.

    `progress(n)` is called every `every` rows (and at the end) so a job can report how far
    it is. A `Yuan` value becomes an exact decimal with a money format.
    """
    book = Xlsx(sheet.title, sheet.widths, freeze=f"A{len(sheet.preface) + 2}")
    for line in sheet.preface:
        book.append([Styled(line, bold=True)])
    book.append([Styled(text, bold=True) for text in sheet.headings])
    count = 0
    for row in rows:
        book.append([_money(v) if isinstance(v, Yuan) else v for v in row])
        count += 1
        if progress is not None and count % every == 0:
            progress(count)
    book.save(out)
    if progress is not None:
        progress(count)
    return count


def _money(value: Yuan) -> Styled:
    return Styled(Decimal(value.fen).scaleb(-2), number_format=MONEY_FORMAT)
