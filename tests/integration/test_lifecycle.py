"""Every path through the services and the real database (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.conftest import claim_input
from tests.integration.helpers import actions, decide, file, load, outbox, publish
from tests.keys import KEYRING
from workflow.persistence.db import make_engine, make_session_factory
from workflow.services import claims, corrections, notices, timers
from workflow.services.errors import (
    ConflictError,
    ForbiddenError,
    InvalidInputError,
    NotFoundError,
)
from workflow.services.runtime import build_runtime


def _to_notice(f, rt, a, claim_id):
    for who in ("township", "department", "bureau"):
        decide(f, rt, a[who], claim_id, "approve")
    assert load(f, claim_id).stage == "awaiting_notice"
    publish(f, rt, a["bureau"], (claim_id,))


def test_straight_to_paid(session_factory, runtime, actors, clock):
    f, a = session_factory, actors
    claim_id = file(f, runtime, a["applicant"], claim_input())
    _to_notice(f, runtime, a, claim_id)
    claim = load(f, claim_id)
    assert (claim.stage, claim.amount_fen) == ("notice", 140000) and "第22行" in claim.amount_rule
    assert timers.fire_due(f, runtime, claim.notice_ends_at - timedelta(seconds=1)) == []
    assert timers.fire_due(f, runtime, claim.notice_ends_at + timedelta(seconds=1)) == \
        [claim.reference]
    decide(f, runtime, a["finance"], claim_id, "paid")
    claim = load(f, claim_id)
    assert (claim.status, claim.stage) == ("paid", "closed")
    [entry] = outbox(f, claim_id)
    assert (entry.kind, entry.result, entry.payload["amount_fen"]) == \
        ("payment_request", "paid", 140000)
    assert actions(f, claim_id) == [("submitted", None), ("decided", "approve"),
                                    ("decided", "approve"), ("decided", "approve"),
                                    ("published", None), ("timer_fired", None),
                                    ("decided", "paid")]


def test_every_step_survives_a_restart(db_url, actors, clock, deployed):
    """A new engine, session factory and runtime before every step: state comes from the DB."""

    engines = []

    def fresh():
        for old in engines:
            old.dispose()
        engines[:] = [make_engine(db_url, KEYRING)]
        return make_session_factory(engines[0]), build_runtime(clock=lambda: clock[0])

    f, rt = fresh()
    claim_id = file(f, rt, actors["applicant"], claim_input())
    steps = [("township", "return", "扫描件不清"), ("applicant", "resubmit", ""),
             ("township", "approve", ""), ("department", "approve", ""),
             ("bureau", "approve", "")]
    for who, decision, comment in steps:
        f, rt = fresh()
        decide(f, rt, actors[who], claim_id, decision, comment)
    f, rt = fresh()
    publish(f, rt, actors["bureau"])
    f, rt = fresh()
    assert timers.fire_due(f, rt, clock[0] + timedelta(days=6)) != []
    for who, decision, comment in [("finance", "failed", "账户已注销"),
                                   ("applicant", "resubmit", ""), ("finance", "paid", "")]:
        f, rt = fresh()
        kw = {"changes": {"account_number": "6228480000000000999"}} \
            if who == "applicant" else {}
        decide(f, rt, actors[who], claim_id, decision, comment, **kw)
    claim = load(f, claim_id)
    assert claim.status == "paid" and claim.account_number == "6228480000000000999"
    assert [e.result for e in outbox(f, claim_id)] == ["failed", "paid"]
    engines[0].dispose()


@pytest.mark.parametrize("stage", ["township", "department"])
def test_return_and_resubmit_keeps_reason_and_masked_changes(session_factory, runtime,
                                                             actors, stage):
    f, a = session_factory, actors
    claim_id = file(f, runtime, a["applicant"], claim_input())
    if stage == "department":
        decide(f, runtime, a["township"], claim_id, "approve")
    with pytest.raises(InvalidInputError):
        decide(f, runtime, a[stage], claim_id, "return")  # a reason is required
    decide(f, runtime, a[stage], claim_id, "return", "证书编号有误")
    assert load(f, claim_id).stage == "correction"
    decide(f, runtime, a["applicant"], claim_id, "resubmit",
           changes={"certificate_number": "TZ-2026-0009", "id_number": "11010519491231002X"})
    claim = load(f, claim_id)
    assert claim.stage == f"{stage}_review" and claim.certificate_number == "TZ-2026-0009"
    with session_factory() as session:
        from workflow.services.queries import timeline
        events = timeline(session, claim)
    decided = [e for e in events if e.action == "decided"]
    assert decided[-2].comment == "证书编号有误"
    assert decided[-1].changes == {"certificate_number": {"from": "TZ-2026-0001",
                                                          "to": "TZ-2026-0009"}}
    # After the department's return a certificate-only change goes back to it, and says why.
    routed = [e.comment for e in events if e.action == "routed"]
    assert routed == ([corrections.TO_DEPARTMENT] if stage == "department" else [])


@pytest.mark.parametrize("stage", ["township", "department", "bureau"])
def test_reject_at_each_stage(session_factory, runtime, actors, stage):
    f, a = session_factory, actors
    claim_id = file(f, runtime, a["applicant"], claim_input())
    for who in ("township", "department", "bureau"):
        if who == stage:
            break
        decide(f, runtime, a[who], claim_id, "approve")
    decide(f, runtime, a[stage], claim_id, "reject", "不符合条件")
    claim = load(f, claim_id)
    expected_stage = "bureau_acceptance" if stage == "bureau" else f"{stage}_review"
    assert (claim.status, claim.closed_stage, claim.closed_reason) == \
        ("rejected", expected_stage, "不符合条件")
    # a rejected claim's certificate may be claimed again
    assert file(f, runtime, a["applicant"], claim_input()) != claim_id


def test_withdraw_before_acceptance_only(session_factory, runtime, actors):
    f, a = session_factory, actors
    claim_id = file(f, runtime, a["applicant"], claim_input())
    with f.begin() as session:
        claims.withdraw_claim(session, runtime, a["applicant"], claim_id, "不申请了")
    assert load(f, claim_id).status == "withdrawn"
    second = file(f, runtime, a["applicant"], claim_input(certificate_number="TZ-2"))
    _to_notice(f, runtime, a, second)
    before = load(f, second).version
    with pytest.raises(ConflictError), f.begin() as session:
        claims.withdraw_claim(session, runtime, a["applicant"], second)
    assert (load(f, second).version, load(f, second).stage) == (before, "notice")


def test_objection_upheld_and_dismissed(session_factory, runtime, actors, clock):
    f, a = session_factory, actors
    first = file(f, runtime, a["applicant"], claim_input())
    reference = load(f, first).reference
    with f.begin() as session:  # not on notice yet: kept without a claim, holds nothing
        early = notices.file_objection(session, runtime, reference, "冒领", "")
        assert (early.claim_id, early.reference) == (None, reference)
    assert load(f, first).stage == "township_review"
    _to_notice(f, runtime, a, first)
    with f.begin() as session:
        notices.file_objection(session, runtime, load(f, first).reference, "冒领", "138")
    decide(f, runtime, a["bureau"], first, "uphold", "核实属实")
    claim = load(f, first)
    assert (claim.status, claim.closed_stage) == ("rejected", "objection_review")

    second = file(f, runtime, a["applicant"], claim_input(certificate_number="TZ-3"))
    _to_notice(f, runtime, a, second)
    with f.begin() as session:
        notices.file_objection(session, runtime, load(f, second).reference, "疑问", "")
    decide(f, runtime, a["bureau"], second, "dismiss", "经核实无问题")
    assert load(f, second).stage == "notice"
    timers.fire_due(f, runtime, clock[0] + timedelta(days=6))
    assert load(f, second).stage == "payment"


def test_not_configured_amount_blocks_acceptance(session_factory, runtime, actors):
    f, a = session_factory, actors
    claim_id = file(f, runtime, a["applicant"], claim_input(certificate_code="PY-01",
                                                            certificate_name="低压电工作业"))
    a_emergency = a["department"].__class__(a["department"].user_id, a["department"].role,
                                            "emergency")
    decide(f, runtime, a["township"], claim_id, "approve")
    decide(f, runtime, a_emergency, claim_id, "approve")
    before = load(f, claim_id)
    with pytest.raises(InvalidInputError) as caught:
        decide(f, runtime, a["bureau"], claim_id, "approve")
    assert "未配置" in caught.value.errors["decision"]
    after = load(f, claim_id)
    assert (after.stage, after.version, after.amount_fen) == \
        ("bureau_acceptance", before.version, None)


def test_duplicate_certificate_number_is_refused(session_factory, runtime, actors):
    file(session_factory, runtime, actors["applicant"], claim_input())
    with pytest.raises(InvalidInputError) as caught:
        file(session_factory, runtime, actors["applicant"], claim_input())
    assert "certificate_number" in caught.value.errors


def test_scopes_and_versions(session_factory, runtime, actors):
    f, a = session_factory, actors
    claim_id = file(f, runtime, a["applicant"], claim_input())
    for outsider in ("other_township", "other_department", "other_applicant"):
        with pytest.raises(NotFoundError), f() as session:
            claims.visible_claim(session, a[outsider], claim_id)
    with pytest.raises(ForbiddenError):
        decide(f, runtime, a["finance"], claim_id, "approve")
    with pytest.raises(ConflictError):
        decide(f, runtime, a["township"], claim_id, "approve", expected_version=0)
    assert load(f, claim_id).stage == "township_review"
