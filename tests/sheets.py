"""Reading back the CSV and xlsx files butie writes, as a spreadsheet program would, to check
that no cell of them is or starts a formula (issue 17 item 5)."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from workflow.spreadsheets import FORMULA_STARTS

Cell = tuple[object, str]  # value and openpyxl data type ("f": a formula, "s": text, "n": number)


def xlsx_cells(data: bytes) -> list[Cell]:
    """Every non-empty cell of every sheet."""
    book = load_workbook(io.BytesIO(data))
    return [(c.value, c.data_type) for sheet in book.worksheets for row in sheet.iter_rows()
            for c in row if c.value is not None]


def csv_cells(data: bytes) -> list[Cell]:
    """Every cell of a UTF-8 CSV (with its byte-order mark); all are text."""
    return [(v, "s") for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) for v in row]


def cells_of(data: bytes) -> list[Cell]:
    """The cells of either kind of file (xlsx files are zip archives)."""
    return xlsx_cells(data) if data.startswith(b"PK") else csv_cells(data)


def live_formulas(cells: list[Cell]) -> list[Cell]:
    """The cells that a spreadsheet would run as a formula (none, if all is well)."""
    return [(v, t) for v, t in cells
            if t == "f" or (isinstance(v, str) and v.startswith(FORMULA_STARTS))]
