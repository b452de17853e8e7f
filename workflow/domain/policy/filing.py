"""Filing a claim: what the packs' filing rules share.

Pengyang's claims are checked field by field by its own rules (pengyang.filing). A claim under a
pack that pays kinds of subsidy (Lanzhou New Area, Huzhou) is checked with the pack's own quote
at filing: every rule that refuses it refuses the filing, with the field it is about, except
the amount (an amount the source lost stops the claim at bureau acceptance, not at filing) and
the caps (they count accepted or paid claims, so they are applied at acceptance, as in every
pack).

Who reviews: 003 三(三) names the township (identity) and the industry department
(certificate) for Pengyang. 000 (Lanzhou New Area) makes its two social-security service
centres supervise training and keep the ledgers (四(二), 四(四)) but names no reviewer of a
claim; 004 (Huzhou) names none either. Where the documents are silent the HR bureau's own
reviewers (`hr_bureau`) review the claim: identity and certificate together, with the service
centre the training-certificate number names (附件4) shown to them.
"""

from __future__ import annotations

from typing import Any

from workflow.domain.phrases import Phrase, Said, joined
from workflow.domain.policy.model import FiledFacts, Finding, Quote

REVIEWER = "hr_bureau"  # the documents name no reviewer: the HR bureau's own
# The reviewing department the pack names, for codes the routing table cannot know (added by a
# later pack version, or under another pack): bpmn/department_routing.dmn's last rule outputs it.
LISTED_DEPARTMENT = "catalogue_department"
# The claim's field each refusing rule is about (the claim's own names, which the form and
# the API use: certificate_name holds the occupation as the pack prints it, certificate_number
# the training-certificate number for Lanzhou's training kinds).
FIELD_OF_RULE = {
    "plan_period": "certificate_issued_on", "validity": "certificate_issued_on",
    "group": "target_group", "occupation": "certificate_name", "class_hours": "class_hours",
    "certificate_number": "certificate_number", "course": "course",
    "level": "certificate_level", "first_evaluation": "certificate_name",
    "one_off": "certificate_level", "years": "years", "kind": "subsidy_kind",
    # Lanzhou's 附件2 备注2 and 备注5, 001 四, 002 二(五): the facts of the same names.
    "front_line_post": "front_line_post", "declaration_met": "declaration_met",
    "by_training": "by_training", "skill_certificate": "skill_certificate",
    "employed": "employed", "award_level": "award_level", "covered": "certificate_name",
    "occupation_code": "certificate_code", "industry": "industry", "employer": "employer",
    "employment": "employed_on", "labour_relation": "employed_on",
}
NOT_AT_FILING = ("amount", "cap", "cap_year", "cap_same")
# The form fields of a kind of subsidy that may be left empty (which ones a kind needs is the
# pack's `required`).
KIND_OPTIONAL = ("certificate_level", "certificate_code", "certificate_name", "class_hours",
                 "course", "fee_fen", "years", "industry", "employer", "employed_on",
                 # Lanzhou's facts of some kinds (lanzhou.filing.FACTS): another pack's form
                 # does not carry them.
                 "front_line_post", "declaration_met", "by_training", "skill_certificate",
                 "employed", "project_based", "award_level")
MISSING = "Missing data for required field."  # marshmallow's own words, as the schemas say it


def filing_problems(quote: Quote) -> dict[str, str]:
    """The pack's refusals at filing, per field (the first reason for each field)."""
    found: dict[str, str] = {}
    for reason in quote.problems():
        if reason.rule in NOT_AT_FILING:
            continue
        found.setdefault(FIELD_OF_RULE.get(reason.rule, "subsidy_kind"), Said(reason.cited()))
    return found


def kind_facts(facts: FiledFacts) -> dict[str, Any]:
    """The facts every kind of subsidy is quoted with (QuoteRequest's fields)."""
    return {"kind": facts.subsidy_kind, "class_hours": facts.class_hours,
            "course": facts.course or "", "fee_fen": facts.fee_fen, "years": facts.years or 1}


def hr_bureau_data(pack_id: str, facts: FiledFacts) -> dict[str, Any]:
    """No township step: the HR bureau's own reviewers check identity and certificate. The
    routing table sees the code under the pack's name, so it never matches one of Pengyang's
    rows and falls to the last rule (`catalogue_department`)."""
    return {"township": "", "certificate_code": f"{pack_id}:{facts.certificate_code}",
            "certificate_level": facts.certificate_level, LISTED_DEPARTMENT: REVIEWER}


def screen_facts(facts: FiledFacts, quote: Quote) -> Finding:
    """A pack without a township: the facts its quote checks (group, dates, hours, the 附件4
    number and its centre), as the reviewer's check `pack_facts`."""
    found = filing_problems(quote)
    if found:  # filing_problems gives each as a Said: a page translates the parts
        return Finding("pack_facts", False, Said(joined([
            p.phrase if isinstance(p, Said) else Phrase(p) for p in found.values()])))
    centre = next((Said(r.said) for r in quote.reasons if r.rule == "certificate_number"
                   and r.passed), "")
    return Finding("pack_facts", True, centre)
