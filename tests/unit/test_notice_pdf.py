"""The public-notice PDF: content, masking, escaping, fonts, page numbers, parts.

Pengyang 组织保障 (三) (paid only after a notice without objection) and Lanzhou 四(四) (names,
ID numbers with digits hidden, standard and amount) are what these tests hold the PDF to.
"""

from __future__ import annotations

import ctypes.util
import io
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from workflow.domain.identity import mask_id_number
from workflow.notices.grid import grid_line
from workflow.notices.pagination import plan_pages, split_parts
from workflow.notices.render import (
    NoticeDocument,
    NoticeRow,
    fast_subsetting_available,
    render_notice,
)
from workflow.notices.weasy import LocalOnlyFetcher

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
HEADER = ("序号", "姓名", "身份证号", "乡镇", "证书/职业", "金额(元)")
SPECIAL_NAMES = ("<script>alert(1)</script>", "李䶮", "王𬭚", "阿依古丽·买买提")


def _full_id(i: int) -> str:
    return f"640425{1960 + i % 40}{1 + i % 12:02d}{1 + i % 28:02d}{i % 1000:03d}{i % 10}"


def _notice(rows: int) -> tuple[NoticeDocument, list[str]]:
    """Rows whose masked_id comes from a full ID, as the service will build them."""
    names = [SPECIAL_NAMES[i] if i < len(SPECIAL_NAMES) else f"张{'伟芳娜秀英敏'[i % 6]}{i}"
             for i in range(rows)]
    full_ids = [_full_id(i) for i in range(rows)]
    certificate = ["中式烹调师（四级）", "电工（五级）", "农业经理人（三级/高级工）"]
    people = tuple(
        NoticeRow(i + 1, names[i], mask_id_number(full_ids[i]), "白阳镇",
                  certificate[i % 3], 150000 + (i % 5) * 5050) for i in range(rows))
    doc = NoticeDocument("彭阳县2026年第3批职业技能培训补贴公示", "彭阳县人力资源和社会保障局",
                         "PY-2026-003", date(2026, 11, 23), date(2026, 11, 27),
                         "彭阳县人社局职业能力建设股", "0954-7012345", "彭阳县白阳镇长城路1号",
                         people)
    return doc, full_ids


def _pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.fixture(scope="module")
def small() -> tuple[NoticeDocument, list[str], bytes, list[str]]:
    doc, full_ids = _notice(100)
    pdf = render_notice(doc)
    return doc, full_ids, pdf, _pages_text(pdf)


def test_every_name_and_masked_id_is_printed(small) -> None:
    doc, _, _, pages = small
    text = "\n".join(pages)
    for row in doc.rows:
        assert row.name in text
        assert row.masked_id in text


def test_no_full_id_number_appears(small) -> None:
    _, full_ids, pdf, pages = small
    text = "\n".join(pages)
    for full in full_ids:
        assert full not in text
        assert full[6:14] not in text  # the hidden birth date digits
        assert full.encode() not in pdf


def test_markup_in_a_name_is_printed_as_text(small) -> None:
    assert "<script>alert(1)</script>" in small[3][0]


def test_rare_name_characters_are_printed(small) -> None:
    first = small[3][0]
    assert "李䶮" in first and "王𬭚" in first


def test_totals_in_figures_and_capitals(small) -> None:
    doc, _, _, pages = small
    # 100 rows: amounts cycle 1,500.00 / 1,550.50 / 1,601.00 / 1,651.50 / 1,702.00.
    assert doc.total_fen == 20 * (150000 + 155050 + 160100 + 165150 + 170200) == 16010000
    last = pages[-1]
    assert "共 100 人" in last
    assert "160,100.00 元" in last
    assert "壹拾陆万零壹佰元整" in last
    assert "0954-7012345" in last and "彭阳县人社局职业能力建设股" in last


def test_window_dates_in_chinese_form(small) -> None:
    assert "2026年11月23日至2026年11月27日" in small[3][0]


def test_header_on_every_page_and_page_numbers(small) -> None:
    pages = small[3]
    assert len(pages) == 3
    for number, text in enumerate(pages, start=1):
        assert all(label in text for label in HEADER), number
        assert f"{number} / 3" in text
        assert "PY-2026-003" in text  # running page header


def test_page_subtotal_in_tfoot(small) -> None:
    first = small[3][0]
    assert re.search(r"本页小计：\s*\d+ 人", first)


def test_fonts_are_embedded(small) -> None:
    reader = PdfReader(io.BytesIO(small[2]))
    descriptors = []
    for font in reader.pages[0]["/Resources"]["/Font"].values():
        for descendant in font.get_object().get("/DescendantFonts", []):
            descriptors.append(descendant.get_object()["/FontDescriptor"].get_object())
    assert descriptors
    assert all("/FontFile2" in d or "/FontFile3" in d for d in descriptors)


def test_pdffonts_reports_embedded_subsets(small, tmp_path: Path) -> None:
    if shutil.which("pdffonts") is None:
        pytest.skip("poppler-utils not installed")
    path = tmp_path / "notice.pdf"
    path.write_bytes(small[2])
    lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    assert lines and all(line.split()[-5:-3] == ["yes", "yes"] for line in lines)


def test_page_one_png_for_eyeballing(small) -> None:
    """Writes tests/artifacts/notice-page1.png (gitignored) for a person to look at."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("poppler-utils not installed")
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = ARTIFACTS / "notice.pdf"
    pdf.write_bytes(small[2])
    subprocess.run(["pdftoppm", "-png", "-r", "110", "-f", "1", "-l", "1", "-singlefile",
                    str(pdf), str(ARTIFACTS / "notice-page1")], check=True)
    assert (ARTIFACTS / "notice-page1.png").stat().st_size > 10_000


def test_parts_number_pages_like_a_single_render() -> None:
    doc, _ = _notice(300)
    single = _pages_text(render_notice(doc, pages_per_part=1000, workers=0))
    parts = _pages_text(render_notice(doc, pages_per_part=3, workers=0))
    assert parts == single
    assert len(single) == 8 and "8 / 8" in single[-1]


def test_1200_rows_in_parts_numbered_continuously() -> None:
    doc, _ = _notice(1200)
    pages = _pages_text(render_notice(doc, pages_per_part=10, workers=0))
    total = len(pages)
    assert total == 30
    for number, text in enumerate(pages, start=1):
        assert f"{number} / {total}" in text
        assert all(label in text for label in HEADER)
    text = "\n".join(pages)
    assert all(row.masked_id in text for row in doc.rows)
    assert "共 1200 人" in pages[-1]


@pytest.mark.slow
def test_worker_processes_give_the_same_pages() -> None:
    doc, _ = _notice(1200)
    in_process = _pages_text(render_notice(doc, pages_per_part=10, workers=0))
    pooled = _pages_text(render_notice(doc, pages_per_part=10, workers=2))
    assert pooled == in_process


def test_a_row_too_long_for_the_grid_is_printed_as_cells() -> None:
    doc, _ = _notice(3)
    long_row = NoticeRow(4, "欧阳" * 9, mask_id_number(_full_id(4)), "白阳镇",
                         "农业经理人（三级/高级工）及中式面点师（四级/中级工）", 123456)
    pdf = render_notice(NoticeDocument(**{**doc.__dict__, "rows": doc.rows + (long_row,)}))
    text = _pages_text(pdf)[0]
    assert "欧阳" * 9 in text
    assert "1,234.56" in text


def test_only_template_files_can_be_fetched() -> None:
    fetcher = LocalOnlyFetcher()
    for url in ("https://fonts.example.com/noto.woff2", "http://127.0.0.1/x.css",
                "file:///etc/passwd"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_fast_subsetting_is_available_here() -> None:
    if ctypes.util.find_library("harfbuzz-subset") is None:
        pytest.skip("libharfbuzz-subset0 not installed")
    assert fast_subsetting_available() is True


def test_parts_are_even_and_a_multiple_of_the_workers() -> None:
    pages = plan_pages(10_000)
    runs = split_parts(pages, 20, 2)
    assert len(pages) == 245 and len(runs) == 14
    assert {len(run) for run in runs} == {17, 18}
    assert tuple(page for run in runs for page in run) == pages
    assert [len(run) for run in split_parts(plan_pages(300), 3)] == [3, 3, 2]
    assert len(split_parts(pages, 1000, 2)) == 1


def test_grid_lines_use_the_fonts_own_widths() -> None:
    if grid_line(NoticeRow(1, "王伟", "640425********0000", "白阳镇", "电工", 1)) is None:
        pytest.skip("Noto Sans Mono CJK SC or HarfBuzz not installed")
    row = NoticeRow(1234, "李䶮", "640425********0011", "王洼镇", "农业经理人（三级/高级工）",
                    170200)
    assert grid_line(row) == (" 1234  李䶮               640425********0011    王洼镇"
                              "            农业经理人（三级/高级工）             1,702.00")
    # U+00B7 is neither a half nor a full em in the font: the row is printed as cells.
    dotted = NoticeRow(2, "阿依古丽·买买提", "640425********0022", "白阳镇", "电工", 1)
    assert grid_line(dotted) is None


def test_planning_loads_neither_fonttools_nor_weasyprint() -> None:
    """The process that plans and merges a large notice stays small (render.py, Memory)."""
    code = ("import sys\n"
            "from workflow.notices.grid import grid_line\n"
            "from workflow.notices.render import NoticeRow, render_notice\n"
            "grid_line(NoticeRow(1, '王伟', '640425********0000', '白阳镇', '电工', 1))\n"
            "loaded = {'fontTools', 'weasyprint', 'pypdf'} & set(sys.modules)\n"
            "assert not loaded, loaded\n")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parents[2])


def test_embedded_fonts_are_subsets_not_the_font_file(small) -> None:
    """WeasyPrint's copy of the 19.5 MB font file is deferred (weasy.py), never embedded."""
    reader = PdfReader(io.BytesIO(small[2]))
    programs = []
    for font in reader.pages[0]["/Resources"]["/Font"].values():
        for descendant in font.get_object().get("/DescendantFonts", []):
            descriptor = descendant.get_object()["/FontDescriptor"].get_object()
            program = descriptor.get("/FontFile3") or descriptor.get("/FontFile2")
            programs.append(len(program.get_object().get_data()))
    assert programs and max(programs) < 1_000_000
