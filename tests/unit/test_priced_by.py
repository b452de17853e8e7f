"""Each pack says which entry's amount prices a claim (issue 19 item 1: services ask the pack,
never branch on which pack it is; workflow.services.amount_impact counts by it)."""

from __future__ import annotations

from workflow.domain.policy import pack
from workflow.domain.policy.lanzhou import CATEGORY_OF, SHORTAGE_BY_NAME


def test_a_pengyang_certificate_claim_is_priced_by_its_row_and_other_kinds_by_the_document():
    pengyang = pack("pengyang")
    assert pengyang.priced_by("certificate", "PY-17", "") == "PY-17"
    assert pengyang.priced_by(None, "PY-17", "") == "PY-17"  # filed before kinds were recorded
    assert pengyang.priced_by("directed_training", "PY-17", "") is None


def test_a_huzhou_certificate_claim_is_priced_by_its_occupation_code():
    huzhou = pack("huzhou")
    assert huzhou.priced_by("certificate", "4-10-01-02", "") == "4-10-01-02"
    assert huzhou.priced_by("apprenticeship", "4-10-01-02", "") is None
    # 004 一 2, 一 3 (per trade of the certificate) and 二 5: entries an administrator sets.
    assert huzhou.priced_by("special_ability_training", "", "") == "HZ-ZX"
    assert huzhou.priced_by("care_post", "4-10-01-05", "") == "HZ-GW-YL"
    assert huzhou.priced_by("care_post", "4-10-01-02", "") == "HZ-GW-TY"
    assert huzhou.priced_by("care_post", "6-18-01-01", "") is None
    assert huzhou.priced_by("staff_training", "", "") == "HZ-ZG"


def test_a_lanzhou_skills_claim_is_priced_by_its_category():
    lanzhou = pack("lanzhou")
    assert lanzhou.priced_by("employment_skills", "B-109", "") == "B"
    named = next(n for n in SHORTAGE_BY_NAME if n in CATEGORY_OF)
    # A code that names no category (a 附件3 row): the occupation's name finds it.
    assert lanzhou.priced_by("job_skills", "S-1", named) == CATEGORY_OF[named]
    assert lanzhou.priced_by("evaluation", "B-109", "") is None  # 四(三): a fixed amount
