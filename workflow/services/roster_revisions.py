"""A returned roster claim corrected by its enterprise (issue 19 item 3): the corrected roster
replaces the one filed, checked exactly as a roster is at filing.

The roster is checked by the claim's own kind, on the day the claim was filed (a claim stays
the claim filed then, as a person's correction stays under the version it was filed under),
and refused whole with every problem by sheet row and column. Workers dropped from the roster
are freed, new ones take their slot; a worker another live claim counts is refused, and the
unique slot constraint settles a correction and another enterprise's filing at the same
moment (workflow.services.enterprise_claims.store_rows). The claim goes back to the reviewer
who returned it, through the township's identity review first when a later stage returned it
and the roster names a worker the township has not verified (RosterChange.identity_changed), as
a person's correction does. Acceptance, the notice and the payment then read the corrected rows:
they price and list the claim from its rows (enterprise_claims.fix_amount,
roster_rows.notice_lines).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.orm import Session

from workflow.domain import policy
from workflow.domain.phrases import Said, phrase, reason_text
from workflow.domain.rosters import RosterError, check_rows, roster_change
from workflow.persistence.models import Claim
from workflow.services import pack_versions
from workflow.services.enterprise_claims import (
    RosterRefusedError,
    counted,
    kind_of,
    release_lapsed,
    store_rows,
)
from workflow.services.errors import InvalidInputError
from workflow.services.roster_rows import rows_of

# Where an enterprise sends its corrected roster: the decision alone carries no rows.
NO_ROSTER = reason_text("a roster claim is corrected by uploading the corrected roster "
             "(POST /api/v1/enterprise/claims/<id>/roster, or the enterprise's claims page)")


def revise(session: Session, claim: Claim, sent: Sequence[Mapping[str, str]] | None,
           numbers: Sequence[int] | None = None) -> tuple[dict[str, Any], dict[str, Any]]:
    """Replace the claim's roster with the rows `sent`, or refuse it whole (RosterRefusedError:
    every problem by row and column, `numbers` the rows' numbers in the sheet; nothing
    changes). Returns what changed, for the
    timeline (the workers before and after, how many were added and removed), and what the
    process is handed: the department the rows name (the correction is routed again) and
    whether a worker's identity is new to the township (RosterChange.identity_changed)."""
    if sent is None:
        raise InvalidInputError({"roster": Said(phrase(NO_ROSTER))})
    kind = kind_of(claim.subsidy_kind or "")
    filed_on = pack_versions.county_date(claim.submitted_at)
    try:
        rows = check_rows(kind, sent, filed_on, numbers)
    except RosterError as exc:
        raise RosterRefusedError(exc.errors) from None
    release_lapsed(session)
    taken = counted(session, kind, rows, numbers, claim.id)
    if taken:
        raise RosterRefusedError(taken)
    change = roster_change({r.id_number: r.full_name for r in rows_of(session, claim)},
                           {str(r["id_number"]): str(r["full_name"]) for r in rows})
    store_rows(session, claim, kind, rows, numbers)
    return {"workers": change.recorded()}, {
        policy.filing.LISTED_DEPARTMENT: kind.department(rows),
        "identity_changed": change.identity_changed}
