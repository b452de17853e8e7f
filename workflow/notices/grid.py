"""A notice row as one line of text on a half-em grid: the renderer's fast path.

Why: WeasyPrint spends about 1.4 ms of CPU per table cell (measured: 6 cells x 1,000 rows =
10 s), so a 10,000-row notice with one <td> per value cannot be printed in 30 s on two cores.
In Noto Sans Mono CJK SC every Latin letter, digit and space is exactly half an em wide and
every hanzi and full-width punctuation mark exactly one em, so a row whose characters all have
those widths can be printed as a single text run padded with spaces to the column positions: it
looks the same as six cells, copies and extracts as one row, and costs one box instead of six.

A row with any other character (missing from the font, or of another width), or with a value too
long for its column, is not gridded: the template prints it as ordinary cells instead, so odd
rows stay correct and only cost more time. Widths come from the font file itself, found through
fontconfig exactly as WeasyPrint finds it, and are read with HarfBuzz (the library WeasyPrint
shapes with) through ctypes, one character at a time and only for the characters that occur.
Why not fontTools: parsing the whole cmap and hmtx of the 65,535-glyph CJK font cost 0.5 s and
kept ~20 MB in the process that plans the pages (44 MB at its peak), for a few hundred lookups.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import shutil
import subprocess
from functools import cache

from workflow.domain.numerals import format_yuan
from workflow.notices.document import NoticeRow
from workflow.notices.pagination import COLUMN_UNITS

GRID_FAMILY = "Noto Sans Mono CJK SC"
# Alignment per column: 序号 centre, 姓名 left, 身份证号 centre, 乡镇, 证书 left, 金额 right.
_ALIGN = ("c", "l", "c", "l", "l", "r")


class _HalfEmFont:
    """GRID_FAMILY opened with HarfBuzz: width in half-ems of a codepoint, cached per codepoint.

    The font file is memory-mapped by HarfBuzz; only the cmap and hmtx pages read become
    resident. The HarfBuzz objects live as long as the process (one per process, see `_font`).
    """

    def __init__(self, harfbuzz: ctypes.CDLL, path: str, index: int) -> None:
        self._hb = harfbuzz
        blob = harfbuzz.hb_blob_create_from_file(path.encode())
        face = harfbuzz.hb_face_create(blob, index)
        harfbuzz.hb_blob_destroy(blob)  # the face holds its own reference
        self._upem = harfbuzz.hb_face_get_upem(face)
        self._font = harfbuzz.hb_font_create(face)  # scale = units per em
        harfbuzz.hb_face_destroy(face)
        self._widths: dict[int, int | None] = {}

    def width(self, codepoint: int) -> int | None:
        """1 or 2 half-ems; None if the font lacks the character or it has another width."""
        try:
            return self._widths[codepoint]
        except KeyError:
            pass
        width, glyph = None, ctypes.c_uint32()
        if self._hb.hb_font_get_nominal_glyph(self._font, codepoint, ctypes.byref(glyph)):
            advance = self._hb.hb_font_get_glyph_h_advance(self._font, glyph.value)
            if advance * 2 == self._upem:
                width = 1
            elif advance == self._upem:
                width = 2
        self._widths[codepoint] = width
        return width


def _harfbuzz() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("harfbuzz")
    if name is None:
        return None
    hb = ctypes.CDLL(name)
    pointer, uint = ctypes.c_void_p, ctypes.c_uint
    for function, restype, argtypes in (
            ("hb_blob_create_from_file", pointer, [ctypes.c_char_p]),
            ("hb_blob_destroy", None, [pointer]),
            ("hb_face_create", pointer, [pointer, uint]),
            ("hb_face_destroy", None, [pointer]),
            ("hb_face_get_upem", uint, [pointer]),
            ("hb_font_create", pointer, [pointer]),
            ("hb_font_get_nominal_glyph", ctypes.c_int,
             [pointer, ctypes.c_uint32, ctypes.POINTER(ctypes.c_uint32)]),
            ("hb_font_get_glyph_h_advance", ctypes.c_int32, [pointer, ctypes.c_uint32])):
        getattr(hb, function).restype = restype
        getattr(hb, function).argtypes = argtypes
    return hb


@cache
def _font() -> _HalfEmFont | None:
    """GRID_FAMILY as fontconfig resolves it; None if it or HarfBuzz is missing."""
    matcher = shutil.which("fc-match")
    if matcher is None:
        return None
    found = subprocess.run([matcher, "-f", "%{file}|%{index}|%{family}", GRID_FAMILY],
                           capture_output=True, text=True, check=False).stdout
    try:
        path, index, families = found.split("|", 2)
    except ValueError:
        return None
    if GRID_FAMILY not in families.split(","):
        return None  # fontconfig substituted another font: its widths are unknown
    harfbuzz = _harfbuzz()
    if harfbuzz is None:
        return None
    return _HalfEmFont(harfbuzz, path, int(index))


def _cell(text: str, units: int, align: str, font: _HalfEmFont) -> str | None:
    # A cell's text spans units - 1 half-ems: half a unit of padding on each side.
    width = 0
    for ch in text:
        w = font.width(ord(ch))
        if w is None:
            return None
        width += w
    free = units - 1 - width
    if free < 0:
        return None
    left = {"l": 0, "c": free // 2, "r": free}[align]
    return " " * left + text + " " * (free - left + 1)


def grid_line(row: NoticeRow) -> str | None:
    """The row as one padded line, or None if it must be printed as separate cells."""
    font = _font()
    if font is None:
        return None
    values = (str(row.number), row.name, row.masked_id, row.township, row.certificate,
              format_yuan(row.amount_fen))
    cells = []
    for value, units, align in zip(values, COLUMN_UNITS, _ALIGN, strict=True):
        cell = _cell(value, units, align, font)
        if cell is None:
            return None
        cells.append(cell)
    return "".join(cells).rstrip(" ")
