"""Notice pages: the bureau publishes, the public reads, downloads and objects."""

from __future__ import annotations

import hashlib
import io
import re

from openpyxl import load_workbook

from tests.integration.helpers import accept_claims, actors_of, publish
from tests.integration.pages.conftest import post
from web.db import runtime, sessions


def _accepted(app, n):
    f, rt = sessions(app), runtime(app)
    a = actors_of(f)
    accept_claims(f, rt, a, n, "TZ-P")
    return f, rt, a


def test_csv_xlsx_and_pdf_carry_the_published_rows(app, client):
    f, rt, a = _accepted(app, 2)
    batch = publish(f, rt, a["bureau"])
    csv_text = client.get(f"/notices/{batch.id}/csv").data.decode("utf-8-sig")
    assert csv_text.count("110105********002X") == 2 and "11010519491231002X" not in csv_text
    assert "2800.00" in csv_text and "贰仟捌佰元整" in csv_text
    sheet = load_workbook(io.BytesIO(client.get(f"/notices/{batch.id}/xlsx").data)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[2] == ["序号", "姓名", "身份证号", "乡镇", "证书/职业", "金额（元）"]
    assert values[3][:3] == [1, "张三", "110105********002X"] and values[3][5] == 1400
    pdf = client.get(f"/notices/{batch.id}/pdf")
    assert pdf.headers["X-Content-SHA256"] == hashlib.sha256(pdf.data).hexdigest()
    page = client.get(f"/notices/{batch.id}").get_data(as_text=True)
    assert "贰仟捌佰元整" in page and "11010519491231002X" not in page


def test_publishing_needs_a_contact_and_keeps_what_was_typed(app, browser):
    _accepted(app, 1)
    bureau = browser("bureau")
    form = bureau.get("/bureau/notices/new").get_data(as_text=True)
    assert "未配置" in form or "not configured" in form  # no contact in the documents
    refused = post(bureau, "/bureau/notices", {
        "title": "职业技能培训补贴公示", "starts_on": "2026-11-02", "working_days": "5",
        "contact_office": "", "contact_phone": "0954-7000000", "contact_address": "彭阳县"},
        form_page="/bureau/notices/new")
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422 and 'id="e-contact_office"' in html
    assert 'value="0954-7000000"' in html
    assert browser("township").get("/bureau/notices/new").status_code == 403


def test_archive_search_by_number_and_day(app, browser):
    f, rt, a = _accepted(app, 1)
    batch = publish(f, rt, a["bureau"])
    public = browser(None)
    found = public.get("/notices?number=〔2026〕1").get_data(as_text=True)
    assert batch.number in found
    assert batch.number not in public.get("/notices?number=〔2025〕").get_data(as_text=True)
    assert batch.number in public.get("/notices?on=2026-11-04").get_data(as_text=True)
    assert batch.number not in public.get("/notices?on=2026-11-09").get_data(as_text=True)
    bad = public.get("/notices?on=yesterday").get_data(as_text=True)
    assert re.search("不是有效的日期|Not a valid date", bad)


ID_FRAGMENT = re.compile(r"\d{6}[\d*]{8}[\dX*]{4}|\*{4} ?\d{4}|\d{12,}")


def test_one_masking_policy_in_every_output(app, client, browser):
    """Fragments masked differently could be stitched together: every output shows the same
    first 6 and last 4 characters of the ID number and never more of the account."""
    from pypdf import PdfReader

    f, rt, a = _accepted(app, 1)
    batch = publish(f, rt, a["bureau"])
    outputs = {
        "notice page": client.get(f"/notices/{batch.id}").get_data(as_text=True),
        "csv": client.get(f"/notices/{batch.id}/csv").data.decode("utf-8-sig"),
        "pdf": "".join(p.extract_text() for p in PdfReader(io.BytesIO(
            client.get(f"/notices/{batch.id}/pdf").data)).pages),
        "xlsx": " ".join(str(c.value) for row in load_workbook(io.BytesIO(
            client.get(f"/notices/{batch.id}/xlsx").data)).active.iter_rows() for c in row),
        "bureau claim page": browser("bureau").get("/claims/1").get_data(as_text=True),
        "department claim page": browser("department").get("/claims/1").get_data(as_text=True),
        "applicant page": browser("applicant").get("/claims/1").get_data(as_text=True),
    }
    for name, text in outputs.items():
        found = {m for m in ID_FRAGMENT.findall(text) if not m.startswith("0954")}
        ids = {m for m in found if len(m) == 18}
        assert ids == {"110105********002X"}, (name, found)
        assert "11010519491231002X" not in text and "6228480000000000000" not in text, name
