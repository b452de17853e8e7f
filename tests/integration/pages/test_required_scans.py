"""A claim carries the scans its pack requires for its kind of certificate (issue 18 item 3):
filed without them, the page says beside each file field which one is missing, with the form's
other errors in the same round, and the API answers 422 per missing scan; nothing is filed."""

from __future__ import annotations

import base64
import re

import pytest
from sqlalchemy import func, select

from tests.integration.api.conftest import SCANS, claim_body
from tests.integration.api.test_pack_claims_api import ALL, lanzhou
from tests.integration.pages.conftest import form_claim, post, scan_files
from web.db import sessions
from workflow.domain.policy import PACKS
from workflow.persistence.models import Attachment, Claim

ID_CARD = "请上传身份证扫描件"
CERTIFICATE = "请上传证书扫描件"


def _count(app, model) -> int:
    with sessions(app)() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_every_kind_of_every_pack_requires_the_id_card_and_the_certificate():
    for pack in PACKS.values():
        for kind in pack.filing.kinds or ("certificate",):
            assert set(pack.filing.required_scans(kind)) == {"id_card", "certificate_scan"}, (
                pack.pack_id, kind)


def test_the_form_says_beside_each_field_which_scan_is_missing(app, browser):
    applicant = browser("applicant")
    form = applicant.get("/claims/new").get_data(as_text=True)
    for name in ("attachment_certificate_scan", "attachment_id_card"):  # marked required
        assert re.search(rf'for="f-{name}">[^<]*<span class="req"', form)

    refused = post(applicant, "/claims/new", {**form_claim(scans=False, phone="123"),
                                              "action": "submit"}, form_page="/claims/new")
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert re.search(rf'id="e-attachment_id_card">{ID_CARD}', html)
    assert re.search(rf'id="e-attachment_certificate_scan">{CERTIFICATE}', html)
    assert 'id="e-phone"' in html  # the form's other error in the same round
    assert _count(app, Claim) == 0

    only_card = post(applicant, "/claims/new", {
        **form_claim(scans=False), "action": "submit",
        "attachment_id_card": scan_files()["attachment_id_card"]}, form_page="/claims/new")
    html = only_card.get_data(as_text=True)
    assert only_card.status_code == 422 and _count(app, Claim) == 0
    assert CERTIFICATE in html and 'id="e-attachment_id_card"' not in html

    filed = post(applicant, "/claims/new", {**form_claim(), "action": "submit"},
                 form_page="/claims/new")
    assert filed.status_code == 302 and _count(app, Claim) == 1


@pytest.mark.parametrize("scans, missing", [
    ([], {"attachment_id_card", "attachment_certificate_scan"}),
    ([SCANS[1]], {"attachment_certificate_scan"}),
    ([SCANS[0]], {"attachment_id_card"}),
])
def test_the_api_refuses_a_claim_per_missing_scan(app, client, login, scans, missing):
    answer = client.post("/api/v1/claims", headers=login("applicant"),
                         json=claim_body(scans=scans))
    assert answer.status_code == 422
    assert set(answer.json["fields"]) == missing
    assert _count(app, Claim) == 0 and _count(app, Attachment) == 0


def test_the_api_keeps_the_scans_with_the_claim_and_refuses_one_that_lies(app, client, login):
    applicant = login("applicant")
    lying = [SCANS[0], {**SCANS[1], "content": base64.b64encode(b"<html>").decode()}]
    answer = client.post("/api/v1/claims", headers=applicant, json=claim_body(scans=lying))
    assert answer.status_code == 422 and "attachment_id_card" in answer.json["fields"]
    assert _count(app, Claim) == 0 and _count(app, Attachment) == 0
    bad = client.post("/api/v1/claims", headers=applicant,
                      json=claim_body(scans=[{**SCANS[1], "content": "not base64!"}]))
    assert bad.status_code == 422 and _count(app, Claim) == 0

    filed = client.post("/api/v1/claims", headers=applicant, json=claim_body())
    assert filed.status_code == 201
    with sessions(app)() as s:
        kept = s.scalars(select(Attachment).order_by(Attachment.id)).all()
        assert [(a.claim_id, a.kind, a.content_type) for a in kept] == [
            (filed.json["id"], "certificate_scan", "application/pdf"),
            (filed.json["id"], "id_card", "image/png")]


def test_a_pack_without_a_township_requires_them_too(app, client, login):
    app.config["POLICY_PACKS"] = ALL
    answer = client.post("/api/v1/claims", headers=login("applicant"), json=lanzhou(scans=[]))
    assert answer.status_code == 422
    assert set(answer.json["fields"]) == {"attachment_id_card", "attachment_certificate_scan"}
