"""Dashboard figures on a known set of claims moved through the real engine at known times.

Every expected number is worked out by hand in the comments beside it.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.conftest import NOW, claim_input
from tests.integration.helpers import decide, due_claims, file, id_number_of, person
from web.config import Settings, overdue_days
from workflow.domain.targets import TotalCheck
from workflow.persistence.models import AuditEvent
from workflow.services import claims, reports, targets
from workflow.services.errors import ForbiddenError, InvalidInputError

LIMITS = overdue_days(Settings.OVERDUE_DAYS)  # township/department/bureau: 5 days


def at(clock, days):
    clock[0] = NOW + timedelta(days=days)


@pytest.fixture
def known(session_factory, runtime, actors, clock):
    """Five claims in 白阳镇 (A, B, C, E) and 王洼镇 (D), decided on known days after NOW.

    A: filed day 0, township day 2, department day 5, bureau day 6 -> awaiting notice
    B: filed day 1, township day 5, department day 7               -> bureau acceptance
    C: filed day 2                                                  -> township review
    D: filed day 3 (王洼镇), township day 4                          -> department review
    E: filed day 3, withdrawn day 3.5                               -> withdrawn
    """
    f, rt, a = session_factory, runtime, actors
    ids = {}

    def new(name, days, **kw):
        at(clock, days)
        ids[name] = file(f, rt, a["applicant"], claim_input(certificate_number=f"R-{name}", **kw))

    new("A", 0)
    new("B", 1)
    at(clock, 2)
    decide(f, rt, a["township"], ids["A"], "approve")
    new("C", 2)
    new("D", 3, township="wangwa")
    new("E", 3)
    at(clock, 3.5)
    with f.begin() as s:
        claims.withdraw_claim(s, rt, a["applicant"], ids["E"], "不再申请")
    at(clock, 4)
    decide(f, rt, a["other_township"], ids["D"], "approve")
    at(clock, 5)
    decide(f, rt, a["department"], ids["A"], "approve")
    decide(f, rt, a["township"], ids["B"], "approve")
    at(clock, 6)
    decide(f, rt, a["bureau"], ids["A"], "approve")
    at(clock, 7)
    decide(f, rt, a["department"], ids["B"], "approve")
    at(clock, 10)  # the report is made on day 10
    return ids


def _timing(board):
    return {t.stage: (t.visits, t.median_days, t.open_now, t.overdue_now) for t in board.timing}


def test_county_dashboard_figures(session_factory, actors, known, clock):
    with session_factory() as s:
        board = reports.dashboard(s, actors["bureau"], "pengyang", 2026, clock[0], LIMITS)
    assert board.stages.cells == {
        ("baiyang", "awaiting_notice"): 1, ("baiyang", "bureau_acceptance"): 1,
        ("baiyang", "township_review"): 1, ("baiyang", "withdrawn"): 1,
        ("wangwa", "department_review"): 1}
    assert board.stages.by_stage() == {"township_review": 1, "department_review": 1,
                                       "bureau_acceptance": 1, "awaiting_notice": 1,
                                       "withdrawn": 1}
    assert board.stages.total == 5
    # township review visits that ended: A 2 days, B 4, D 1, E 0.5 (withdrawn) -> median of
    # 0.5, 1, 2, 4 = 1.5; department: A 3, B 2 -> 2.5; bureau: A 1.
    # Overdue on day 10 at 5 days a stage: C waits since day 2 (8 days), D's department task
    # since day 4 (6 days); B's bureau task since day 7 (3 days) is not.
    assert _timing(board) == {"township_review": (4, 1.5, 1, 1),
                              "department_review": (2, 2.5, 1, 1),
                              "bureau_acceptance": (1, 1.0, 1, 0),
                              "awaiting_notice": (0, None, 1, 0)}
    # Longest in their stage: C since day 2 (8.0), D since 4 (6.0), A since 6 (4.0), B since 7.
    slow = [(c.claim_id, c.stage, c.days_in_stage, c.days_since_submitted)
            for c in board.slowest]
    assert slow == [(known["C"], "township_review", 8.0, 8.0),
                    (known["D"], "department_review", 6.0, 7.0),
                    (known["A"], "awaiting_notice", 4.0, 10.0),
                    (known["B"], "bureau_acceptance", 3.0, 9.0)]


def test_township_and_department_see_their_scope(session_factory, actors, known, clock):
    with session_factory() as s:
        town = reports.dashboard(s, actors["township"], "pengyang", 2026, clock[0], LIMITS)
        dept = reports.dashboard(s, actors["department"], "pengyang", 2026, clock[0], LIMITS)
        other = reports.dashboard(s, actors["other_department"], "pengyang", 2026, clock[0],
                                  LIMITS)
    assert town.sections == ("stages", "timing") and town.money is None and not town.targets
    assert town.stages.townships() == ["baiyang"] and town.stages.total == 4
    # 白阳镇 only: township visits A 2, B 4, E 0.5 -> median 2.0; D's overdue task is not theirs.
    assert _timing(town)["township_review"] == (3, 2.0, 1, 1)
    assert _timing(town)["department_review"] == (2, 2.5, 0, 0)
    assert [c.claim_id for c in town.slowest] == [known["C"], known["A"], known["B"]]
    # The market department reviews A, B, D (C and E never reached it): township visits
    # A 2, B 4, D 1 -> 2.0; D is overdue in department review.
    assert dept.stages.total == 3
    assert _timing(dept)["township_review"] == (3, 2.0, 0, 0)
    assert _timing(dept)["department_review"] == (2, 2.5, 1, 1)
    assert other.stages.total == 0 and other.timing == ()


def test_only_visits_ending_in_the_year_count(session_factory, actors, known, clock):
    with session_factory() as s:
        board = reports.dashboard(s, actors["bureau"], "pengyang", 2027, clock[0], LIMITS)
    assert all(t.visits == 0 and t.median_days is None for t in board.timing)
    assert board.stages.total == 5  # the claims as they are now, whatever the year


@pytest.fixture
def paid(session_factory, runtime, actors, clock):
    """Four claims accepted on NOW (2026-11-02): three 叉车司机 at 1400 yuan, one at senior
    worker level raised to 4000 yuan (彭阳 二(五)); the first two then paid by hand."""
    f, rt, a = session_factory, runtime, actors
    ids = due_claims(f, rt, a, 3, "R-M")
    who = person(f, 9)
    senior = file(f, rt, who, claim_input(certificate_number="R-M-S",
                                          certificate_level="senior_worker",
                                          id_number=id_number_of(f, who)))
    for reviewer in ("township", "department", "bureau"):
        decide(f, rt, a[reviewer], senior, "approve")
    clock[0] = NOW + timedelta(days=20)
    for claim_id in ids[:2]:
        decide(f, rt, a["finance"], claim_id, "paid")
    return ids + [senior]


def test_money_and_targets(session_factory, actors, paid, clock):
    with session_factory() as s:
        board = reports.dashboard(s, actors["bureau"], "pengyang", 2026, clock[0], LIMITS)
    m = board.money
    # accepted: 3 x 1400 + 4000 = 8200 yuan; paid: 2 x 1400; due: one 1400 claim (the senior
    # one is awaiting its notice).
    assert (m.accepted_count, m.accepted_fen, m.paid_count, m.paid_fen) == (4, 820000, 2, 280000)
    assert (m.due_count, m.due_fen, m.budget_fen, m.accepted_share) == (1, 140000, None, None)
    assert [(t.township, t.accepted_fen, t.paid_fen) for t in m.by_township] == [
        ("baiyang", 820000, 280000)]
    done = {p.target.code: (p.value, p.done, p.share) for p in board.targets}
    assert done["plan-qualification-certificates"] == (1000, 4, 0.4)  # 4 / 1000
    assert done["plan-high-skill"] == (500, 1, 0.2)  # 1 / 500
    assert done["task-01"] == (800, 4, 0.5)  # 4 / 800
    assert done["task-02"] == (50, None, None)  # 教育局: butie holds no data
    rate = next(p for p in board.targets if p.target.code == "high-skill-share")
    assert (rate.value, rate.done, rate.basis, rate.met) == (10, 25.0, 4, True)  # 1 of 4
    assert board.mismatches() == [TotalCheck("task-total", 2000, 2050, "年度培训任务合计")]
    with session_factory() as s:  # nothing of 2027 was accepted, and 附件2 applies yearly
        later = reports.dashboard(s, actors["admin"], "pengyang", 2027, clock[0], LIMITS)
    assert {p.target.code: p.done for p in later.targets}["task-01"] == 0
    assert {p.target.code: p.done for p in later.targets}["plan-qualification-certificates"] \
        == 4  # the plan's 2026-2028 total still counts 2026
    assert later.money.accepted_count == 0


def test_admin_sets_budget_and_target_audited(session_factory, actors, paid, clock):
    admin = actors["admin"]
    with session_factory.begin() as s:
        targets.set_budget(s, admin, "pengyang", 2026, 10_000_000, "县财政 2026 年预算", clock[0])
        targets.set_target(s, admin, "pengyang", "task-01", 2026, 4, "县人社局调整", clock[0])
    with session_factory() as s:
        board = reports.dashboard(s, actors["finance"], "pengyang", 2026, clock[0], LIMITS)
        full = reports.dashboard(s, admin, "pengyang", 2026, clock[0], LIMITS)
        audit = [(e.action, e.changes) for e in s.scalars(
            select(AuditEvent).where(AuditEvent.claim_id.is_(None)).order_by(AuditEvent.id))]
    assert board.sections == ("money",) and board.stages is None
    # 8200 of 100,000 yuan accepted = 8.2%; 2800 paid = 2.8%.
    assert (board.money.accepted_share, board.money.paid_share) == (8.2, 2.8)
    row = next(p for p in full.targets if p.target.code == "task-01")
    assert (row.value, row.source_value, row.set_note, row.share, row.met) == (
        4, 800, "县人社局调整", 100.0, True)
    # The rows now add up to 2050 - 800 + 4 = 1254 against the stated 2000.
    assert full.mismatches()[0].rows_sum == 1254
    assert audit == [("budget_set", {"pengyang/2026": {"from": None, "to": 10_000_000}}),
                     ("target_set", {"pengyang/2026/task-01": {"from": 800, "to": 4}})]


def test_bad_target_and_budget_input_is_refused(session_factory, actors, clock):
    admin = actors["admin"]
    with session_factory.begin() as s:
        with pytest.raises(InvalidInputError) as rate:
            targets.set_target(s, admin, "pengyang", "high-skill-share", 2026, 101, "x",
                               clock[0])
        with pytest.raises(InvalidInputError) as unknown:
            targets.set_target(s, admin, "pengyang", "task-99", 2026, 1, "x", clock[0])
        with pytest.raises(InvalidInputError) as no_note:
            targets.set_budget(s, admin, "pengyang", 2026, 100, " ", clock[0])
        with pytest.raises(ForbiddenError):
            targets.set_budget(s, actors["bureau"], "pengyang", 2026, 100, "x", clock[0])
    assert rate.value.errors == {"value": "between 0 and 100"}
    assert unknown.value.errors == {"code": "no such target"}
    assert no_note.value.errors == {"note": "say where the amount comes from"}
