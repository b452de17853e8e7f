"""Why a corrected claim went where it went, said on its timeline.

After the township returned a claim, its correction goes back to the township. After a later
stage returned it, the diagram sends it back to the township if the applicant changed an
identity detail (workflow.domain.claims.IDENTITY_FIELDS; 003 三(三): the township verifies
identity, the department the certificate), and to the department otherwise. The note is read
from where the claim arrived, so it never claims a route the claim's version did not take.
"""

from __future__ import annotations

from workflow.domain.claims import Stage
from workflow.persistence.models import Claim

TO_TOWNSHIP = ("identity details changed: the township verifies the applicant's identity again, "
               "then the department the certificate (彭阳 003 三(三))")
TO_HR_BUREAU = ("identity details changed: the HR bureau's reviewers check identity and "
                "certificate together (this policy has no township step)")
TO_DEPARTMENT = "no identity detail changed: back to the department that returned the claim"
EARLIER_VERSION = ("identity details changed, but this claim runs on an earlier process version "
                   "that sends every correction back to the department; an administrator can "
                   "move it to the current version")


def route_note(claim: Claim, returned_by: str | None, identity_changed: bool) -> str | None:
    """The timeline's note for a correction that has just moved on (None: it went back to the
    township that returned it, or somewhere no rule of this module decides)."""
    if returned_by in (None, Stage.TOWNSHIP_REVIEW):
        return None
    if claim.stage == Stage.TOWNSHIP_REVIEW:
        return TO_TOWNSHIP
    if claim.stage != Stage.DEPARTMENT_REVIEW:
        return None
    if not identity_changed:
        return TO_DEPARTMENT
    return TO_HR_BUREAU if not claim.township else EARLIER_VERSION
