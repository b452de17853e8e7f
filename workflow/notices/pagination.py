"""Explicit pagination of a notice: which rows go on which page, decided before rendering.

Why not let WeasyPrint break one long table: a 10,000-row notice then takes minutes and over
1 GB in one process (measured: 159 s, 1.41 GB). Here every body row has a fixed height and one
line of text, so the rows per page are known up front. Each page is its own table (with its
thead and a page-subtotal tfoot), which lets the renderer lay out page ranges in separate
processes and still print correct "x / y" page numbers. The renderer checks that each part
produced exactly the pages planned here, so a layout surprise fails loudly instead of
misnumbering pages.

All lengths are millimetres; `notice.css` is rendered from these same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import floor

from workflow.notices.document import NoticeRow

GEOMETRY: dict[str, float] = {
    "page_width": 210.0, "page_height": 297.0,    # A4
    "margin_top": 16.0, "margin_bottom": 16.0, "margin_side": 15.0,
    "masthead": 50.0,   # title, authority, batch, window and lead paragraph on page 1
    "thead": 8.0, "row": 6.0, "tfoot": 7.0,
    "closing": 52.0,    # totals in figures and capitals, objection contact, signature
    "slack": 4.0,       # rounding and collapsed borders; verified by the page-count check
}

# Body text: 9 pt Noto Sans Mono CJK SC, in which every glyph a notice needs is exactly one
# half-em (Latin, digits) or one em (hanzi, full-width punctuation) wide. Column widths are whole
# half-ems so that a row can be printed as one padded line of text (see grid.py).
BODY_PT = 9.0
HALF_EM_MM = BODY_PT / 2 * 25.4 / 72
# Widths in half-ems of 序号, 姓名, 身份证号, 乡镇, 证书/职业, 金额(元): 113 x 1.5875 mm = 179.4 mm.
COLUMN_UNITS: tuple[int, ...] = (7, 16, 25, 18, 32, 15)
COLUMNS: tuple[float, ...] = tuple(round(u * HALF_EM_MM, 4) for u in COLUMN_UNITS)
CELL_PADDING = round(HALF_EM_MM / 2, 4)   # mm each side: a cell's text spans (units - 1) half-ems
FONT_SIZES = (9.0, 8.0, 7.0, 6.0)   # pt; a long cell shrinks rather than wrap onto a 2nd line
_PT = 25.4 / 72               # mm per point


def _content_height() -> float:
    g = GEOMETRY
    return g["page_height"] - g["margin_top"] - g["margin_bottom"] - g["slack"]


def rows_per_page(first: bool) -> int:
    """Body rows that fit on a page under its thead and tfoot."""
    g = GEOMETRY
    free = _content_height() - g["thead"] - g["tfoot"] - (g["masthead"] if first else 0.0)
    return floor(free / g["row"])


def _closing_rows() -> int:
    # The closing block takes the place of this many rows on the last page.
    return -(-int(GEOMETRY["closing"] * 1000) // int(GEOMETRY["row"] * 1000))


@dataclass(frozen=True)
class PagePlan:
    """One printed page: rows[start:stop] in a table, plus the masthead and/or closing."""

    number: int          # 1-based page number printed in the footer
    start: int
    stop: int
    masthead: bool
    closing: bool


def plan_pages(row_count: int) -> tuple[PagePlan, ...]:
    """Split `row_count` rows into pages; the closing block follows the last row.

    If the last page has no room left for the closing block, the closing block gets a page of
    its own (with no table), so totals are never split from their heading.
    """
    bounds: list[tuple[int, int]] = []
    start = 0
    while start < row_count or not bounds:
        stop = min(row_count, start + rows_per_page(first=not bounds))
        bounds.append((start, stop))
        start = stop
    last_start, last_stop = bounds[-1]
    capacity = rows_per_page(first=len(bounds) == 1)
    closing_alone = last_stop - last_start > capacity - _closing_rows()
    pages = [PagePlan(i + 1, a, b, i == 0, False) for i, (a, b) in enumerate(bounds)]
    if closing_alone:
        pages.append(PagePlan(len(pages) + 1, row_count, row_count, False, True))
    else:
        last = pages[-1]
        pages[-1] = PagePlan(last.number, last.start, last.stop, last.masthead, True)
    return tuple(pages)


def split_parts(pages: tuple[PagePlan, ...], pages_per_part: int,
                workers: int = 1) -> list[tuple[PagePlan, ...]]:
    """Consecutive runs of at most `pages_per_part` pages, each rendered as one document.

    The runs are as even as possible (sizes differ by at most one page) and, when there is more
    than one, their number is a multiple of `workers`, so that no worker is left rendering a
    short last part while the others wait (245 pages, 20 a part, 2 workers: 14 runs of 17-18
    pages, not 12 of 20 and one of 5).
    """
    count = -(-len(pages) // pages_per_part)
    if count > 1:
        count = -(-count // workers) * workers
    count = max(1, min(count, len(pages)))
    size, extra = divmod(len(pages), count)
    runs, start = [], 0
    for k in range(count):
        stop = start + size + (k < extra)
        runs.append(pages[start:stop])
        start = stop
    return runs


def _width_em(text: str) -> float:
    # Noto CJK: ideographs and full-width forms are 1 em; Latin letters and digits about 0.6 em.
    return sum(0.6 if ord(ch) < 0x2E80 else 1.0 for ch in text)


def font_class(text: str, column: int) -> str:
    """CSS class choosing the largest font size at which `text` fits its column on one line.

    Text too long even at the smallest size stays on one line and is clipped by the cell
    (overflow: hidden); it is still in the PDF's text layer. Real names and certificate titles
    fit well within the smallest size.
    """
    available = COLUMNS[column] - 2 * CELL_PADDING
    width = _width_em(text)
    for size in FONT_SIZES:
        if width * size * _PT <= available:
            return f"fs{int(size)}"
    return f"fs{int(FONT_SIZES[-1])}"


def row_classes(row: NoticeRow) -> tuple[str, str, str]:
    """Font classes for the variable-length cells: name, township, certificate."""
    return (font_class(row.name, 1), font_class(row.township, 3),
            font_class(row.certificate, 4))
