"""Filing a claim under Huzhou's pack (004_7b2ca6ac373157b2.txt): a kind of subsidy and the
facts that kind needs, checked with the pack's own quote (workflow.domain.policy.filing); no
township step, the HR bureau's reviewers review it (the document names no reviewer). An
occupation is named by its national code.

When a claim may be filed: 五 (本文件自2025年4月1日起施行，有效期至2026年8月1日) bounds when the
measures apply, i.e. the day the certificate is obtained, which the quote checks
(rules.validity). 004 sets no deadline for applying: 一 3 sends the application to the city's
rules (按照本市劳动者申领职业技能提升补贴的有关规定申领补贴), which are not in the seeds. So a
certificate obtained within 2025-04-01..2026-08-01 may still be filed after 2026-08-01, and the
filing deadline is not configured (the form and the quote say so, rules.DEADLINE).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from workflow.domain.policy.filing import (
    KIND_OPTIONAL,
    LISTED_DEPARTMENT,
    filing_problems,
    hr_bureau_data,
    kind_facts,
)
from workflow.domain.policy.huzhou.industries import DEPARTMENT_OF, INDUSTRIES
from workflow.domain.policy.huzhou.kinds import POST, SPECIAL, STAFF
from workflow.domain.policy.huzhou.rules import SIX_GROUPS
from workflow.domain.policy.model import FiledFacts, Filing, Quote
from workflow.domain.policy.scans import CERTIFICATE, ID_CARD

PACK_ID = "huzhou"
# 一 1, 二 4, 一 2 (专项职业能力证书), 一 3 (the post) and 二 5 (an employer's own staff).
# Not 三 7's apprenticeship: 对...签订1年及以上劳动合同的企业，按每人每年最高6000元的标准
# 给予企业新型学徒制培训补贴 pays the enterprise, which files its roster (rosters.py);
# a person cannot file it.
KINDS = ("certificate", "directed_training", SPECIAL, POST, STAFF)
GROUPS = (*SIX_GROUPS, "other")  # 2: the six groups and 其他需求人群
# The facts each kind needs beyond identity, certificate number, date, issuer and account:
# 1 (the occupation code of the shortage list), 4 (the trainee's training), 7 (years).
REQUIRED: dict[str, tuple[str, ...]] = {
    "certificate": ("certificate_code", "certificate_name"),
    "directed_training": ("certificate_name",),
    # Claims filed before 三 7's apprenticeship was paid to the enterprise (no longer offered).
    "apprenticeship": ("certificate_name", "years"),
    # 一 2: the evaluation project as the certificate prints it, and its industry.
    SPECIAL: ("certificate_name", "industry"),
    # 一 3: the certificate's occupation (its trade), the post's trade, employer and first day.
    POST: ("certificate_code", "certificate_name", "industry", "employer", "employed_on"),
    # 二 5: the employer's industry (its department reviews), the employer, the labour
    # relation's first day.
    STAFF: ("certificate_name", "industry", "employer", "employed_on"),
}

# Each kind is paid on a certificate (1 取得相应职业技能证书; 4 颁发职业技能等级证书、专项职业能力
# 证书或培训合格证书; 7 the apprenticeship the claim numbers) to one of the groups of 2
# (identity): the ID card and the certificate.
SCANS = {kind: (ID_CARD, CERTIFICATE) for kind in KINDS}


def problems(facts: FiledFacts, today: date, filed_on: date,
             quote: Callable[[], Quote]) -> dict[str, str]:
    """The quote's refusals (a certificate obtained outside 五's dates among them); no filing
    deadline (not configured: see the module's docstring)."""
    return filing_problems(quote())


def recorded(facts: FiledFacts) -> dict[str, Any]:
    """No township; the national occupation code as given."""
    return {"township": "", "certificate_code": facts.certificate_code.strip()}


def workflow_data(facts: FiledFacts) -> dict[str, Any]:
    """The HR bureau's reviewers, but 二 5's staff training goes to the industry's department
    (具体由行业主管部门负责; industries.DEPARTMENT_OF)."""
    data = hr_bureau_data(PACK_ID, facts)
    if facts.subsidy_kind == STAFF and facts.industry in DEPARTMENT_OF:
        data[LISTED_DEPARTMENT] = DEPARTMENT_OF[facts.industry]
    return data


def quote_facts(facts: FiledFacts) -> dict[str, Any]:
    """The occupation by its national code (the shortage list's key)."""
    if not facts.subsidy_kind:
        return {}
    return {**kind_facts(facts), "occupation_code": facts.certificate_code,
            "industry": facts.industry or "", "employer": facts.employer or "",
            "employed_on": facts.employed_on}


FILING = Filing(template="packs/huzhou/form.html", facts="subsidy_kind", groups=GROUPS,
                problems=problems, recorded=recorded, workflow_data=workflow_data,
                quote_facts=quote_facts, township_review=False, kinds=KINDS, required=REQUIRED,
                optional=KIND_OPTIONAL, scans=SCANS,
                columns=("industry", "employer", "employed_on"), industries=INDUSTRIES)
