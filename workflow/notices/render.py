"""Render a public notice (公示) to PDF bytes with Jinja2 and WeasyPrint.

Why a notice at all: Pengyang 组织保障 (三) pays subsidies only "经公示无异议"; Lanzhou 四(四)
says what the list shows (names, ID numbers with digits hidden, standard, amount).

Why parts: one WeasyPrint render of 10,000 table rows took 159 s and 1.41 GB. The page plan
(`pagination.py`) fixes every page's rows up front, so page ranges are rendered as separate
documents, in worker processes for large notices, and joined with pypdf. Each part is told its
first page number and the total, so the footer reads "x / y" exactly as a single render would.
Small notices render in one part, in this process.

Memory (10,000 rows, 2 workers: 492 -> ~345 MB for the process tree): the process that plans
and merges never loads fontTools (grid widths come from HarfBuzz, grid.py) nor, unless it renders
a small notice itself, WeasyPrint; it merges each part as it arrives rather than holding them
all; WeasyPrint no longer copies the whole 19.5 MB font file per render (weasy.py); and after
every part the worker collects and returns its freed heap to the system (`_release_memory`).

Nothing is fetched: templates and the stylesheet come from `templates/pdf`, fonts from the
system's fontconfig (Debian fonts-noto-cjk), and the URL fetcher refuses anything else.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import io
import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from workflow.domain.numerals import format_yuan, yuan_in_capitals
from workflow.notices.document import NoticeDocument, NoticeRow, chinese_date
from workflow.notices.grid import GRID_FAMILY, grid_line
from workflow.notices.pagination import (
    BODY_PT,
    CELL_PADDING,
    COLUMNS,
    GEOMETRY,
    PagePlan,
    plan_pages,
    row_classes,
    split_parts,
)

__all__ = ["NoticeDocument", "NoticeRow", "NoticeLayoutError", "TEMPLATES",
           "fast_subsetting_available", "render_notice"]

TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "pdf"
# Up to this many rows the notice renders in one part in this process (~25 pages, ~5 s);
# above it, parts of at most PAGES_PER_PART pages, split evenly (pagination.split_parts), go to
# worker processes. A part's layout costs ~2.3 MB a page in its worker.
SINGLE_PART_MAX_ROWS = 800
PAGES_PER_PART = 20
WORKERS = 2


# Left edges (mm) of the column rules: after the table's 0.5 pt border, centred on the boundary.
_RULES = [round(0.176 + sum(COLUMNS[:k]) - 0.044, 3) for k in range(1, len(COLUMNS))]


class NoticeLayoutError(RuntimeError):
    """WeasyPrint produced a different number of pages than planned: numbering would be wrong."""


@dataclass(frozen=True)
class _Part:
    """What one worker needs: the header fields, its rows only, its pages and the totals."""

    doc: NoticeDocument        # rows holds only this part's rows
    offset: int                # index in the whole notice of doc.rows[0]
    lines: tuple[str | None, ...]  # grid_line() of each row, computed once in the parent
    pages: tuple[PagePlan, ...]
    total_pages: int
    total_count: int
    total_fen: int


@cache
def _environment() -> Environment:
    # autoescape for .html only: names are user input and must print as text (e.g. <script>).
    return Environment(loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined,
                       autoescape=select_autoescape(["html"]), trim_blocks=True,
                       lstrip_blocks=True)


def fast_subsetting_available() -> bool:
    """True if WeasyPrint will subset fonts with HarfBuzz rather than fontTools (~10x slower).

    WeasyPrint 70 (`weasyprint/pdf/fonts.py`, Font.subset) uses HarfBuzz when
    `weasyprint.text.ffi.harfbuzz_subset` (a dlopen of libharfbuzz-subset, allowed to fail)
    is not None and `harfbuzz.hb_version_atleast(4, 1, 0)`; otherwise it logs a warning and
    falls back to fontTools. This repeats that exact test. Debian: libharfbuzz-subset0.
    """
    from weasyprint.text import ffi as weasy_ffi

    return (weasy_ffi.harfbuzz_subset is not None
            and bool(weasy_ffi.harfbuzz.hb_version_atleast(4, 1, 0)))


def _page_rows(part: _Part, page: PagePlan
               ) -> Iterator[tuple[NoticeRow, str | None, tuple[str, ...]]]:
    first, stop = page.start - part.offset, page.stop - part.offset
    for row, line in zip(part.doc.rows[first:stop], part.lines[first:stop], strict=True):
        yield row, line, (row_classes(row) if line is None else ())


def _subtotals(part: _Part) -> dict[int, dict[str, str | int]]:
    totals: dict[int, dict[str, str | int]] = {}
    for page in part.pages:
        rows = part.doc.rows[page.start - part.offset:page.stop - part.offset]
        totals[page.number] = {"count": len(rows),
                               "amount": format_yuan(sum(r.amount_fen for r in rows))}
    return totals


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    name = ctypes.util.find_library("c")
    function = getattr(ctypes.CDLL(name), "malloc_trim", None) if name else None
    if function is not None:
        function.argtypes, function.restype = [ctypes.c_size_t], ctypes.c_int
    return function


def _release_memory() -> None:
    """Free a part's layout now and hand the freed heap back to the system (glibc only).

    Without this a worker's resident size creeps up from part to part: the layout's freed
    memory stays in malloc's arenas (measured after a 20-page part: 143 MB, 114 MB once
    collected, 98 MB once trimmed).
    """
    gc.collect()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def _render_part(part: _Part) -> bytes:
    """Lay out and write one part; runs in a worker process for large notices."""
    try:
        return _layout_part(part)
    finally:
        _release_memory()


def _layout_part(part: _Part) -> bytes:
    # Imported here: a parent that only merges parts need not load WeasyPrint (~50 MB).
    from workflow.notices.weasy import layout

    env = _environment()
    css = env.get_template("notice.css").render(
        g=GEOMETRY, cell_padding=CELL_PADDING, total_pages=part.total_pages,
        first_page=part.pages[0].number, table_width=round(sum(COLUMNS), 3),
        grid_family=GRID_FAMILY, body_pt=BODY_PT)
    html = env.get_template("notice.html").render(
        doc=part.doc, pages=part.pages, columns=COLUMNS, rules=_RULES, subtotals=_subtotals(part),
        page_rows=lambda page: _page_rows(part, page), yuan=format_yuan,
        starts_on=chinese_date(part.doc.starts_on), ends_on=chinese_date(part.doc.ends_on),
        total_count=part.total_count, total_figures=format_yuan(part.total_fen),
        total_capitals=yuan_in_capitals(part.total_fen))
    document = layout(html, css)
    if len(document.pages) != len(part.pages):
        raise NoticeLayoutError(
            f"pages {part.pages[0].number}-{part.pages[-1].number}: planned "
            f"{len(part.pages)} pages, WeasyPrint laid out {len(document.pages)}")
    return document.write_pdf()


def _part(doc: NoticeDocument, pages: tuple[PagePlan, ...], run: tuple[PagePlan, ...]
          ) -> _Part:
    start, stop = run[0].start, run[-1].stop
    rows = doc.rows[start:stop]
    return _Part(replace(doc, rows=rows), start, tuple(grid_line(r) for r in rows), run,
                 len(pages), len(doc.rows), doc.total_fen)


def _start_worker() -> None:
    """Worker set-up: collect cycles less often while laying out (~5% less CPU a part).

    Layout allocates hundreds of thousands of short-lived objects; the default threshold runs
    a collection every 700. Everything imported so far is frozen out of the collector's view.
    `_release_memory` still collects after every part, so cycles live one part at most (the
    price: ~7 MB more at a worker's peak).
    """
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)


def _merge(pdfs: Iterable[bytes], title: str) -> bytes:
    """Join the parts in order, each as soon as it arrives: no list of all parts is kept."""
    # Imported here: worker processes never merge, so they need not load pypdf (~12 MB).
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for pdf in pdfs:
        writer.append(PdfReader(io.BytesIO(pdf)))
    writer.add_metadata({"/Title": title})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def render_notice(doc: NoticeDocument, *, workers: int | None = None,
                  pages_per_part: int | None = None) -> bytes:
    """Return the notice as PDF bytes.

    Defaults: one part in this process up to SINGLE_PART_MAX_ROWS rows; above that, parts of
    at most PAGES_PER_PART pages (a multiple of WORKERS of them, evenly sized) rendered by
    WORKERS spawned processes. `workers=0` renders the parts one after another in this process
    (same output, used by fast tests).
    """
    large = len(doc.rows) > SINGLE_PART_MAX_ROWS
    if pages_per_part is None:
        pages_per_part = PAGES_PER_PART if large else 1_000_000
    if workers is None:
        workers = WORKERS if large else 0
    pages = plan_pages(len(doc.rows))
    runs = split_parts(pages, pages_per_part, max(workers, 1))
    # Built one at a time as rendering asks for them; with workers, while the workers start.
    parts = (_part(doc, pages, run) for run in runs)
    if len(runs) == 1:
        return _render_part(next(parts))
    if workers == 0:
        return _merge(map(_render_part, parts), doc.title)
    # spawn, not fork: the caller may be a threaded web server. imap hands back the parts in
    # order as they complete, so merging overlaps rendering. Workers are not replaced between
    # parts (maxtasksperchild): each starts in ~1 s of CPU, and with _release_memory a
    # worker's size stays flat from part to part.
    with multiprocessing.get_context("spawn").Pool(workers, initializer=_start_worker) as pool:
        return _merge(pool.imap(_render_part, parts), doc.title)
