"""Every CSV and xlsx file butie writes or reads goes through this module, and no text cell it
writes can become a formula.

Why one module: a name, a bank name or a note typed by a user ends up in bank files, notices,
ledgers and list exports. A spreadsheet opening a cell that starts with `=`, `+`, `-`, `@`, a
tab or a carriage return runs it as a formula (`=HYPERLINK(...)` sends data away, DDE runs
programs), and openpyxl itself stores a text starting with `=` as a formula. The OWASP CSV
injection guidance: such text gets a leading apostrophe, so it is shown as the text it is;
numbers, dates and empty cells stay what they are. Only this module imports `csv` and
`openpyxl` (an import-linter contract in pyproject.toml and tests/unit/test_spreadsheets.py
hold that), so a new export cannot write a cell around `neutralise`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import IO, Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

# OWASP, CSV Injection: the characters a spreadsheet reads as the start of a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN = (int, float, Decimal, date, datetime, time)  # numbers and dates stay as they are
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value: Any) -> Any:
    """The value as a cell may safely hold it: text that would start a formula gets a leading
    apostrophe; numbers, dates and None are kept; anything else is written as its text."""
    if value is None or isinstance(value, _PLAIN):
        return value
    text = value if isinstance(value, str) else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else str(text)


@dataclass(frozen=True)
class Styled:
    """A cell with a look: bold (at a size), a number format, right-aligned."""

    value: Any
    bold: bool = False
    size: float | None = None
    number_format: str | None = None
    right: bool = False


def csv_bytes(rows: Iterable[Sequence[Any]]) -> bytes:
    """The rows as CSV in UTF-8 with a byte-order mark, so Excel on Chinese Windows shows the
    names right; every cell neutralised."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([neutralise(v.value if isinstance(v, Styled) else v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


class Xlsx:
    """One sheet written row by row (openpyxl write-only mode: 100,000 rows stream through
    without the whole sheet in memory). Column widths and the frozen rows are set first."""

    def __init__(self, title: str, widths: Sequence[float] = (),
                 freeze: str | None = None) -> None:
        self._book = Workbook(write_only=True)
        self._sheet = self._book.create_sheet(title[:31])
        for index, width in enumerate(widths, start=1):
            self._sheet.column_dimensions[get_column_letter(index)].width = width
        if freeze is not None:
            self._sheet.freeze_panes = freeze
        self._fonts: dict[tuple[bool, float | None], Font] = {}
        self._right = Alignment(horizontal="right")

    def append(self, row: Iterable[Any]) -> None:
        """One row; a Styled value gets its look, an empty text no cell at all (faster)."""
        self._sheet.append([self._cell(v) if isinstance(v, Styled)
                            else None if v == "" else neutralise(v) for v in row])

    def _cell(self, styled: Styled) -> WriteOnlyCell:
        cell = WriteOnlyCell(self._sheet, value=neutralise(styled.value))
        if styled.bold or styled.size is not None:
            key = (styled.bold, styled.size)
            if key not in self._fonts:
                self._fonts[key] = Font(bold=styled.bold, size=styled.size)
            cell.font = self._fonts[key]
        if styled.number_format is not None:
            cell.number_format = styled.number_format
        if styled.right:
            cell.alignment = self._right
        return cell

    def save(self, out: IO[bytes]) -> None:
        self._book.save(out)

    def to_bytes(self) -> bytes:
        out = io.BytesIO()
        self.save(out)
        return out.getvalue()


def read_rows(data: bytes, filename: str) -> list[list[str]]:
    """The rows of an uploaded xlsx (by its name) or CSV (UTF-8, with or without a byte-order
    mark) as text, the first sheet's cached values only (a formula is never evaluated)."""
    if filename.lower().endswith(".xlsx"):
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).active
        return [["" if v is None else str(v) for v in row]
                for row in sheet.iter_rows(values_only=True)]
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
