"""Bureau acceptance: the one place a claim is priced."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from workflow.domain import installments as split
from workflow.domain import policy
from workflow.domain.phrases import Fen, phrase, reason_text, to_record
from workflow.domain.policy.model import refusal
from workflow.persistence.models import Claim
from workflow.services import enterprise_claims, organisation_projects, pack_versions, quotes
from workflow.services.errors import InvalidInputError

# Claims accepted before the pack was the only price may have recorded this rule (the diagram
# had priced them otherwise); their pages still translate it.
EARLIER_DISAGREEMENT = reason_text("%(rule)s (the process had computed %(computed)s fen)")


def fix_amount(session: Session, claim: Claim, now: datetime) -> None:
    """Acceptance fixes the amount under the claim's policy pack: the same quote applicants
    and reviewers see, with any amount an administrator set meanwhile, and the cap counted
    over accepted or paid claims. It is the only place a claim is priced (the process
    computes no amount)."""
    if claim.subsidy_kind in policy.PROJECT_KINDS:  # an organisation's project (三 6)
        organisation_projects.fix_amount(session, claim, now)
        return
    if claim.payee_kind == enterprise_claims.PAYEE:  # priced by its roster (issue 19 item 3)
        enterprise_claims.fix_amount(session, claim, now)
        return
    verdict = quotes.quote_claim(session, claim, pack_versions.county_date(now))
    refused = verdict.problems()
    if refused:
        raise InvalidInputError({"decision": refusal(refused)})
    assert verdict.amount_fen is not None  # an unconfigured amount is a problem above
    amount = next(r for r in verdict.reasons if r.rule == "amount")
    rule = policy.pack(verdict.pack_id).accepted_rule(amount)
    claim.amount_fen = verdict.amount_fen
    records = split.accepted(verdict.installments, now.isoformat())
    if records is not None:  # paid in installments: this acceptance pays the first
        claim.installments, claim.amount_fen = records, records[0]["amount_fen"]
        rule = phrase("%(rule)s; installment 1 of %(count)s: %(first)s fen now, the rest when "
                      "its condition is met", rule=rule, count=len(records),
                      first=Fen(records[0]["amount_fen"]))
    claim.amount_rule, claim.amount_rule_phrase = str(rule), to_record(rule)
    claim.policy_pack, claim.policy_version = verdict.pack_id, verdict.pack_version
    claim.accepted_at = now
