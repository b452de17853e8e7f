"""Filing a claim under Pengyang's pack: a catalogue certificate (附件1, or one outside it) of
a person with Pengyang household registration in one of the named groups (003 二(三)), checked
field by field under the catalogue in force on the filing day. The township of household
registration reviews identity first, then the department 附件1 names reviews the certificate
(三(三)); the routing table (bpmn/department_routing.dmn) reads the code and the level."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from workflow.domain.claims import TARGET_GROUPS
from workflow.domain.phrases import Said
from workflow.domain.policy.filing import LISTED_DEPARTMENT
from workflow.domain.policy.model import FiledFacts, Filing, Finding, Quote
from workflow.domain.policy.pengyang.catalogue_versions import Catalogue, first_catalogue
from workflow.domain.policy.pengyang.eligibility import PLAN_START, ClaimFacts, problem_phrases
from workflow.domain.policy.scans import CERTIFICATE, ID_CARD
from workflow.domain.townships import TOWNSHIPS

FIRST = first_catalogue(PLAN_START)  # version 1: 附件1 as the source has it


def problems(facts: FiledFacts, today: date, filed_on: date, quote: Callable[[], Quote],
             catalogue: Catalogue = FIRST) -> dict[str, str]:
    """Field -> why it cannot be filed, under the catalogue of the version in force on the
    filing day (the quote is not needed: these rules decide alone)."""
    found = problem_phrases(ClaimFacts(facts.id_number, facts.township, facts.target_group,
                                       facts.certificate_code, facts.certificate_level,
                                       facts.certificate_issued_on), today, catalogue)
    return {name: Said(said) for name, said in found.items()}


def recorded(facts: FiledFacts) -> dict[str, Any]:
    """The claim records what was filed."""
    return {}


def workflow_data(facts: FiledFacts, catalogue: Catalogue = FIRST) -> dict[str, Any]:
    """The township reviews first; the routing table reads the certificate's code and level,
    and its last rule the department the catalogue names (a code a later version added)."""
    return {"township": facts.township, "certificate_code": facts.certificate_code,
            "certificate_level": facts.certificate_level,
            LISTED_DEPARTMENT: catalogue.department_of(facts.certificate_code) or ""}


def quote_facts(facts: FiledFacts) -> dict[str, Any]:
    """A certificate is quoted from the common facts alone."""
    return {}


def screen(facts: FiledFacts, quote: Quote) -> Finding:
    """The household is in the county (003 二(三) 彭阳户籍)."""
    return Finding("household_in_county", facts.township in TOWNSHIPS,
                   TOWNSHIPS.get(facts.township, facts.township))


# 003 三(三): 所在乡镇和相关部门（单位）对人员身份进行审核 (the ID card), 相关行业主管部门对取证
# 情况进行审核 (the certificate obtained, 二(三) 取得职业资格证书).
SCANS = {"certificate": (ID_CARD, CERTIFICATE)}

FILING = Filing(template="packs/pengyang/form.html", facts="certificate",
                groups=tuple(TARGET_GROUPS), problems=problems, recorded=recorded,
                workflow_data=workflow_data, quote_facts=quote_facts, township_review=True,
                optional=("certificate_level",),
                quote_needs=("township", "target_group", "certificate_code"), scans=SCANS)
