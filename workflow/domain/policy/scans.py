"""The scans a claim must carry, as its pack declares them for each kind of certificate
(Filing.scans), and the message for each one missing.

A reviewer verifies what the documents name from the scans, not from the typed fields alone:
Pengyang 003 三(三) has the township verify the person's identity and the department the
certificate obtained (取证情况), so a claim carries the ID card and the certificate. No source
document lists the papers to hand in; each pack's declaration cites the clause that names what is
verified.
"""

from __future__ import annotations

from collections.abc import Collection

from workflow.domain.phrases import reason_text

ID_CARD = "id_card"
CERTIFICATE = "certificate_scan"
# What each missing scan says beside its field (the field is the form's, attachment_<kind>).
MISSING = {
    ID_CARD: reason_text("attach a scan of your ID card: the reviewers verify your identity "
                         "from it"),
    CERTIFICATE: reason_text("attach a scan of your certificate: the reviewers verify the "
                             "certificate from it"),
}


def field_of(scan: str) -> str:
    """The form field (and API error key) of a kind of scan."""
    return f"attachment_{scan}"


def missing(required: tuple[str, ...], present: Collection[str]) -> dict[str, str]:
    """Field -> message for each required scan not among `present` (kinds of scan)."""
    return {field_of(scan): MISSING[scan] for scan in required if scan not in present}
