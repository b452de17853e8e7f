"""Uploaded scans are sealed on disk with the data key: an ID card or bank card scan shows the
numbers the database encrypts. Reviewers still get the file as uploaded; files stored before
encryption stay readable until `butie rekey` seals them."""

from __future__ import annotations

import io

from sqlalchemy import select

from tests.integration.pages.conftest import form_claim, post
from web.db import files, sessions
from web.maintenance import rekey_command
from workflow.persistence.crypto import BYTES_PREFIX
from workflow.persistence.models import Attachment, Claim

# A PNG header, then bytes that stand for the number printed on the card.
SCAN = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"11010519491231002X" * 4


def _filed_with_scan(app, browser) -> tuple[Claim, Attachment]:
    applicant = browser("applicant")
    done = post(applicant, "/claims/new", {
        **form_claim(), "action": "submit",
        "attachment_certificate_scan": (io.BytesIO(SCAN), "证书.png")}, form_page="/claims/new")
    assert done.status_code == 302, done.get_data(as_text=True)
    with sessions(app)() as s:
        return s.scalar(select(Claim)), s.scalar(select(Attachment))


def test_a_scan_is_sealed_on_disk_and_served_as_uploaded(app, browser):
    claim, kept = _filed_with_scan(app, browser)
    on_disk = files(app).path_of(kept.storage_key).read_bytes()
    assert on_disk.startswith(BYTES_PREFIX) and b"11010519491231002X" not in on_disk
    answer = browser("township").get(f"/claims/{claim.id}/files/{kept.id}")
    assert answer.status_code == 200 and answer.data == SCAN


def test_a_file_stored_before_encryption_is_read_then_sealed_by_rekey(app, browser):
    claim, kept = _filed_with_scan(app, browser)
    store = files(app)
    store.path_of(kept.storage_key).write_bytes(SCAN)  # as an older release wrote it
    assert browser("township").get(f"/claims/{claim.id}/files/{kept.id}").data == SCAN

    result = app.test_cli_runner().invoke(rekey_command)
    assert result.exit_code == 0, result.output
    assert "uploads: 1 re-encrypted" in result.output
    assert store.path_of(kept.storage_key).read_bytes().startswith(BYTES_PREFIX)
    assert browser("township").get(f"/claims/{claim.id}/files/{kept.id}").data == SCAN
    again = app.test_cli_runner().invoke(rekey_command)
    assert "uploads: 0 re-encrypted" in again.output  # already under the current key
