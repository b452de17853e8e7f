"""The shipped diagram's labels (bpmn/subsidy_claim.bpmn) in the reader's language.

The diagram names its elements in English; a reviewer reads them in Chinese (issue 18 item
8). A label an administrator wrote in other words (in Chinese, say) is shown as written. Where
the same English word means another thing elsewhere on the site, the label maps to a message
of its own ("failed" is a check's verdict there, a payment's outcome here).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

LABELS = {
    # Pool and lanes
    "Applicant": _l("Applicant"), "Township": _l("Township"),
    "Department": _l("Industry department"), "Bureau": _l("County HR bureau"),
    "Finance": _l("Finance office"),
    # Tasks and events
    "Claim submitted": _l("Claim submitted"),
    "Township identity review": _l("Township identity review"),
    "Department certificate review": _l("Department certificate review"),
    "Correct and resubmit the claim": _l("Correct and resubmit the claim"),
    "Route to the certificate's department": _l("Route to the certificate's department"),
    "Bureau acceptance": _l("Bureau acceptance"),
    "Compute the subsidy amount": _l("Compute the subsidy amount"),
    "Published in a notice batch": _l("Published in a notice batch"),
    "Public notice": _l("Public notice"), "Notice period over": _l("Notice period over"),
    "Objection received": _l("Objection received"),
    "Decide on the objection": _l("Decide on the objection"),
    "Request direct payment": _l("Request direct payment"),
    "Record the payment result": _l("Record the payment result"),
    "Correct the bank account": _l("Correct the bank account"),
    "Confirm the next installment's condition": _l("Confirm the next installment's condition"),
    "Paid": _l("Paid"), "Rejected": _l("Rejected"), "Withdrawn": _l("Withdrawn"),
    # Gateways
    "Township named?": _l("Township named?"), "Identity verified?": _l("Identity verified?"),
    "Certificate verified?": _l("Certificate verified?"), "Returned by?": _l("Returned by?"),
    "Accepted?": _l("Accepted?"), "Objection upheld?": _l("Objection upheld?"),
    "Paid?": _l("Paid?"), "Another installment?": _l("Another installment?"),
    "Condition met?": _l("Condition met?"),
    # Flows
    "yes": _l("yes"), "no": _l("no"), "approve": _l("approve"), "return": _l("return"),
    "reject": _l("reject"), "accept": _l("accept"), "confirm": _l("confirm"),
    "lapse": _l("lapse"), "uphold": _l("uphold"),
    "uphold (installment)": _l("uphold (installment)"), "dismiss": _l("dismiss"),
    "paid": _l("paid"), "failed": _l("payment failed"),
    "no township": _l("no township"), "certificate only": _l("certificate only"),
    "identity changed": _l("identity changed"),
}


def translate(name: str) -> str:
    """A label of the diagram in the reader's language; one the catalogue does not know (an
    administrator's own words) as written."""
    said = LABELS.get(name)
    return str(said) if said is not None else name
