"""Checks on a claim as filed, per field, before it enters the process.

Sources (003_6bc740e2a48a5116.txt, 二(三)): Pengyang household registration (彭阳户籍); one of
the five groups or an eligible enterprise employee; a certificate obtained within the plan
period (《方案》实施期内, 2026-2028 per the title and 一、目标任务).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from workflow.domain.claims import TARGET_GROUPS
from workflow.domain.identity import InvalidIdNumberError, normalise_id_number
from workflow.domain.phrases import Phrase, phrase
from workflow.domain.policy.pengyang.catalogue import CATALOGUE, OUTSIDE_CATALOGUE
from workflow.domain.policy.pengyang.catalogue_versions import Catalogue
from workflow.domain.policy.pengyang.pricing import LEVELS
from workflow.domain.townships import TOWNSHIPS

PLAN_START = date(2026, 1, 1)
PLAN_END = date(2028, 12, 31)


@dataclass(frozen=True)
class ClaimFacts:
    id_number: str
    township: str
    target_group: str
    certificate_code: str
    certificate_level: str
    certificate_issued_on: date


def problems(facts: ClaimFacts, today: date,
             catalogue: Catalogue | None = None) -> dict[str, str]:
    """Field name -> why it is not acceptable; empty when the claim may be filed.

    `catalogue`: the one in force in the pack version the claim is filed under (default:
    附件1 as the source has it); a code it retired is refused naming the version and date."""
    return {name: str(said) for name, said in problem_phrases(facts, today, catalogue).items()}


def problem_phrases(facts: ClaimFacts, today: date,
                    catalogue: Catalogue | None = None) -> dict[str, Phrase]:
    """`problems`, each as a catalogue message and its values (workflow.domain.phrases)."""
    found: dict[str, Phrase] = {}
    try:
        normalise_id_number(facts.id_number)
    except InvalidIdNumberError as exc:
        found["id_number"] = Phrase(str(exc))  # a fixed message, or the library's words
    if facts.township not in TOWNSHIPS:
        found["township"] = phrase(
            "household registration must be a Pengyang township (彭阳户籍)")
    if facts.target_group not in TARGET_GROUPS:
        found["target_group"] = phrase(
            "not one of the five groups or an eligible enterprise employee")
    entries = catalogue.entries if catalogue is not None else CATALOGUE
    retired = catalogue.retirement(facts.certificate_code) if catalogue else None
    if retired is not None:
        found["certificate_code"] = retired
    elif facts.certificate_code not in entries and facts.certificate_code != OUTSIDE_CATALOGUE:
        found["certificate_code"] = phrase(
            "unknown certificate; use 'other' outside the catalogue")
    if facts.certificate_level not in LEVELS:
        found["certificate_level"] = phrase("level must be one of %(levels)s",
                                            levels=", ".join(filter(None, LEVELS)))
    issued = facts.certificate_issued_on
    if issued > today:
        found["certificate_issued_on"] = phrase("the issue date is in the future")
    elif not PLAN_START <= issued <= PLAN_END:
        found["certificate_issued_on"] = phrase(
            "certificates obtained within the plan period (%(start)s to %(end)s) only",
            start=str(PLAN_START), end=str(PLAN_END))
    return found
