"""Pure rules: pricing, identity, eligibility, access."""

from __future__ import annotations

from datetime import date

import pytest

from workflow.domain.access import Actor, Role, may_complete, may_view
from workflow.domain.identity import (
    InvalidIdNumberError,
    mask_account,
    mask_id_number,
    normalise_id_number,
)
from workflow.domain.policy.pengyang.eligibility import ClaimFacts, problems
from workflow.domain.policy.pengyang.pricing import price_claim


@pytest.mark.parametrize(("code", "level", "fen", "rule"), [
    ("PY-22", "", 140000, "第22行"),
    ("PY-26", "senior_worker", 600000, "第26行"),  # an uplift never lowers an amount
    ("PY-22", "senior_worker", 400000, "二(五)"),
    ("PY-22", "technician", 500000, "二(五)"),
    ("other", "senior_technician", 600000, "二(五)"),
    ("other", "", 100000, "二(三)"),
])
def test_configured_amounts(code, level, fen, rule):
    pricing = price_claim(code, level)
    assert pricing.configured and pricing.amount_fen == fen and rule in pricing.rule


@pytest.mark.parametrize("row", range(1, 20))
def test_rows_whose_amount_the_source_lost_are_not_configured(row):
    pricing = price_claim(f"PY-{row:02d}", "technician")
    assert pricing.amount_fen is None and not pricing.configured and "未配置" in pricing.rule


def test_id_numbers_and_masks():
    assert normalise_id_number("11010519491231002x") == "11010519491231002X"
    with pytest.raises(InvalidIdNumberError):
        normalise_id_number("110105194912310021")
    assert mask_id_number("11010519491231002X") == "110105********002X"
    assert mask_account("6228480000000001234") == "**** 1234"


def _facts(**kw):
    base = dict(id_number="11010519491231002X", township="baiyang",
                target_group="rural_migrant", certificate_code="PY-22", certificate_level="",
                certificate_issued_on=date(2026, 5, 1))
    base.update(kw)
    return ClaimFacts(**base)


@pytest.mark.parametrize(("change", "field"), [
    ({"township": "beijing"}, "township"),
    ({"target_group": "retired"}, "target_group"),
    ({"certificate_issued_on": date(2025, 12, 31)}, "certificate_issued_on"),
    ({"certificate_issued_on": date(2026, 12, 1)}, "certificate_issued_on"),
    ({"certificate_code": "PY-99"}, "certificate_code"),
])
def test_eligibility_problems(change, field):
    assert problems(_facts(), date(2026, 11, 2)) == {}
    assert set(problems(_facts(**change), date(2026, 11, 2))) == {field}


@pytest.mark.parametrize(("actor", "lane", "scope", "allowed"), [
    (Actor(1, Role.TOWNSHIP, "baiyang"), "Township", "baiyang", True),
    (Actor(1, Role.TOWNSHIP, "wangwa"), "Township", "baiyang", False),
    (Actor(1, Role.DEPARTMENT, "market"), "Department", "market", True),
    (Actor(1, Role.DEPARTMENT, "market"), "Department", "transport", False),
    (Actor(1, Role.BUREAU), "Bureau", None, True),
    (Actor(1, Role.FINANCE), "Bureau", None, False),
    (Actor(7, Role.APPLICANT), "Applicant", "user:7", True),
    (Actor(8, Role.APPLICANT), "Applicant", "user:7", False),
    (Actor(1, Role.ADMIN), "Bureau", None, False),
])
def test_who_may_complete(actor, lane, scope, allowed):
    assert may_complete(actor, lane, scope) is allowed


def test_who_may_view():
    assert may_view(Actor(7, Role.APPLICANT), 7, "baiyang", None)
    assert not may_view(Actor(8, Role.APPLICANT), 7, "baiyang", None)
    assert not may_view(Actor(1, Role.DEPARTMENT, "market"), 7, "baiyang", None)
    assert may_view(Actor(1, Role.DEPARTMENT, "market"), 7, "baiyang", "market")
    assert not may_view(Actor(1, Role.TOWNSHIP, "wangwa"), 7, "baiyang", "market")


def test_stage_bar_marks_done_current_and_stopped_steps():
    from workflow.domain.claims import stage_bar

    def states(*args):
        return [state for _, state in stage_bar(*args)]

    assert states("correction", "in_progress", None) == [
        "done", "current", "todo", "todo", "todo", "todo"]
    assert states("awaiting_notice", "in_progress", None)[3] == "current"
    assert states("account_correction", "in_progress", None)[:5] == ["done"] * 4 + ["current"]
    assert states("closed", "paid", None) == ["done"] * 6
    assert states("closed", "rejected", "objection_review") == [
        "done", "done", "done", "stopped", "todo", "todo"]
    assert states("closed", "withdrawn", "township_review")[1] == "stopped"


def test_identity_is_who_the_applicant_is_and_where_the_money_goes():
    from workflow.domain.claims import IDENTITY_FIELDS, identity_changes
    from workflow.services.claims import CLAIM_FIELDS

    # 003 三(三): the township verifies identity (and the account the money goes to directly),
    # the department the certificate; the phone is neither.
    assert identity_changes(["certificate_number", "phone", "certificate_code"]) == ()
    assert identity_changes(["phone", "account_number", "id_number"]) == ("id_number",
                                                                           "account_number")
    assert set(IDENTITY_FIELDS) <= set(CLAIM_FIELDS)
    assert not any(name.startswith("certificate") for name in IDENTITY_FIELDS)
