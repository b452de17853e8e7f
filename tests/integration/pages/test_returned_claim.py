"""A returned claim: the reason first, uploads in the correction form, nothing lost."""

from __future__ import annotations

import io
import re

from sqlalchemy import select

from tests.integration.pages.conftest import form_claim, post
from web.db import sessions
from workflow.persistence.models import Attachment, Claim

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _claim(app):
    with sessions(app)() as s:
        return s.scalars(select(Claim).order_by(Claim.id.desc())).first()


# The scans filed with the claim (every pack requires them).
FILED = [("certificate_scan", "证书.pdf"), ("id_card", "身份证.png")]


def _attachments(app, claim_id):
    with sessions(app)() as s:
        return [(a.kind, a.filename) for a in s.scalars(
            select(Attachment).where(Attachment.claim_id == claim_id).order_by(Attachment.id))]


def _task(client, claim_id):
    page = client.get(f"/claims/{claim_id}").get_data(as_text=True)
    action = re.search(r'action="(/claims/\d+/tasks/[0-9a-f-]+)"', page).group(1)
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    form = re.search(r'name="form" value="(\w+)"', page).group(1)
    return page, action, {"version": version, "form": form}


def _returned(app, browser, reason="证书照片不清晰"):
    applicant = browser("applicant")
    assert post(applicant, "/claims/new", form_claim()).status_code == 302
    claim = _claim(app)
    township = browser("township")
    _page, action, hidden = _task(township, claim.id)
    answer = post(township, action, {**hidden, "decision": "return", "comment": reason},
                  form_page=f"/claims/{claim.id}")
    assert answer.status_code == 302
    return applicant, claim


def test_a_file_added_on_its_own_is_kept_through_the_resubmission(app, browser):
    applicant, claim = _returned(app, browser)
    added = post(applicant, f"/claims/{claim.id}/files",
                 {"attachment_certificate_scan": (io.BytesIO(PDF), "清晰证书.pdf")},
                 form_page=f"/claims/{claim.id}")
    assert added.status_code == 302
    _page, action, hidden = _task(applicant, claim.id)
    fixed = post(applicant, action, {**hidden, "decision": "resubmit",
                                     **form_claim(scans=False, certificate_name="叉车司机（N1）")},
                 form_page=f"/claims/{claim.id}")
    assert fixed.status_code == 302, fixed.get_data(as_text=True)
    assert _attachments(app, claim.id) == FILED + [("certificate_scan", "清晰证书.pdf")]


def test_the_reason_comes_first_and_the_correction_form_takes_scans(app, browser):
    applicant, claim = _returned(app, browser, reason="证书照片不清晰，请重新上传")
    page, action, _hidden = _task(applicant, claim.id)
    main = page[page.index("<main"):]
    # The reason, who returned it and at which stage come before anything else on the page.
    assert main.index("证书照片不清晰，请重新上传") < main.index('class="status-line"')
    assert "乡镇" in main[:main.index('class="status-line"')]
    form = page[page.index(f'action="{action}"'):]
    form = form[:form.index("</form>")]
    assert 'enctype="multipart/form-data"' in form
    assert 'name="attachment_certificate_scan"' in form and 'name="attachment_id_card"' in form
    # No second upload form beside it: a file chosen there would not go with the correction.
    assert f'action="/claims/{claim.id}/files"' not in page


def test_a_scan_sent_with_the_correction_is_attached(app, browser):
    applicant, claim = _returned(app, browser)
    _page, action, hidden = _task(applicant, claim.id)
    fixed = post(applicant, action, {
        **hidden, "decision": "resubmit",
        **form_claim(scans=False, certificate_name="叉车司机（N1）"),
        "attachment_certificate_scan": (io.BytesIO(PDF), "清晰证书.pdf")},
        form_page=f"/claims/{claim.id}")
    assert fixed.status_code == 302, fixed.get_data(as_text=True)
    assert _attachments(app, claim.id) == FILED + [("certificate_scan", "清晰证书.pdf")]
    assert _claim(app).stage == "township_review"
    page = applicant.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert "Corrected and resubmitted" in page or "已补正重新提交" in page
    assert "审核意见已记录" not in page and "Your decision is recorded" not in page


def test_a_refused_correction_keeps_what_was_typed_and_the_scans(app, browser):
    applicant, claim = _returned(app, browser)
    _page, action, hidden = _task(applicant, claim.id)
    refused = post(applicant, action, {
        **hidden, "decision": "resubmit",
        **form_claim(scans=False, certificate_name="叉车司机（N1）", phone="12"),
        "attachment_certificate_scan": (io.BytesIO(PDF), "清晰证书.pdf"),
        "attachment_id_card": (io.BytesIO(b"<html>not an image</html>"), "id.png")},
        form_page=f"/claims/{claim.id}")
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert 'value="叉车司机（N1）"' in html  # what was typed is given back
    assert 'id="e-attachment_id_card"' in html  # the refused file is named beside its field
    assert "清晰证书.pdf" in html  # the accepted one is listed as kept
    assert _attachments(app, claim.id) == FILED + [("certificate_scan", "清晰证书.pdf")]
    # Only the bad file is sent again: the typed phone is still wrong, so it says so.
    refused = post(applicant, action, {
        **hidden, "decision": "resubmit", **form_claim(scans=False, phone="12")},
        form_page=f"/claims/{claim.id}")
    assert refused.status_code == 422 and 'id="e-phone"' in refused.get_data(as_text=True)
    assert _claim(app).stage == "correction"
    fixed = post(applicant, action, {**hidden, "decision": "resubmit", **form_claim(scans=False)},
                 form_page=f"/claims/{claim.id}")
    assert fixed.status_code == 302
    assert _attachments(app, claim.id) == FILED + [("certificate_scan", "清晰证书.pdf")]


def test_a_file_refused_beside_an_accepted_one_loses_neither(app, browser):
    applicant, claim = _returned(app, browser)
    answer = post(applicant, f"/claims/{claim.id}/files", {
        "attachment_certificate_scan": (io.BytesIO(PDF), "清晰证书.pdf"),
        "attachment_id_card": (io.BytesIO(b"<html>not an image</html>"), "id.png")},
        form_page=f"/claims/{claim.id}")
    assert answer.status_code == 422
    assert _attachments(app, claim.id) == FILED + [("certificate_scan", "清晰证书.pdf")]


def test_a_field_emptied_in_the_correction_is_said_to_be_required(app, browser):
    applicant, claim = _returned(app, browser)
    _page, action, hidden = _task(applicant, claim.id)
    refused = post(applicant, action, {**hidden, "decision": "resubmit",
                                       **form_claim(scans=False, certificate_number="")},
                   form_page=f"/claims/{claim.id}")
    assert refused.status_code == 422
    assert re.search(r'id="e-certificate_number">此项为必填。<', refused.get_data(as_text=True))
