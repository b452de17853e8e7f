"""Targets transcribed from the documents: values, years, and totals against their rows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from workflow.domain.overdue import cutoffs, is_overdue
from workflow.domain.targets import (
    TARGET_SETS,
    check_totals,
    find_target,
    share_percent,
    targets_for,
)


def _values(targets):
    return {t.code: t.value for t in targets}


def test_pengyang_annex2_rows_add_to_2050_against_a_stated_2000():
    for year in (2026, 2027, 2028):
        found = targets_for("pengyang", year)
        annex = [t for t in found if t.code.startswith("task-") and t.code != "task-total"]
        assert len(annex) == 13 and sum(t.value for t in annex) == 2050
        [check] = check_totals(found, _values(found))
        assert (check.code, check.stated, check.rows_sum, check.mismatch) == (
            "task-total", 2000, 2050, True)
    assert targets_for("pengyang", 2029) == []
    first = find_target("pengyang", "task-01", 2027)
    assert first is not None and (first.value, first.measure) == (800, "claims_accepted")
    assert "附件2 第1行" in first.clause


def test_pengyang_plan_targets_span_the_three_years():
    plan = find_target("pengyang", "plan-qualification-certificates", 2026)
    assert plan is not None and (plan.first_year, plan.last_year, plan.value) == (2026, 2028,
                                                                                    1000)
    assert plan in targets_for("pengyang", 2028)
    share = find_target("pengyang", "high-skill-share", 2026)
    assert share is not None and share.is_rate and share.value == 10
    assert share.clause.endswith("二(五)")


def test_lanzhou_annex1_adds_up_both_ways():
    found = targets_for("lanzhou", 2026)
    values = _values(found)
    checks = check_totals(found, values)
    assert len(checks) == 13  # 11 columns of 合计, and 总体任务 of each centre
    assert not [c for c in checks if c.mismatch]
    assert values["a1-sum-total"] == 10000 and values["a1-centre-1-total"] == 7000
    assert values["a1-centre-1-post-national"] is None  # "/" in the source
    assert find_target("lanzhou", "a1-centre-1-post-national", 2026).slash
    lost = find_target("lanzhou", "a1-centre-2-startup-national", 2026)
    assert lost.value is None and not lost.slash  # not configured
    rates = {t.code: t.value for t in found if t.is_rate}
    assert rates == {"certificate-rate": 40, "employment-rate": 50}
    assert all(t.measure is None for t in found)  # butie holds no Lanzhou data
    assert targets_for("lanzhou", 2027) == []


def test_a_total_with_a_row_not_configured_cannot_be_checked():
    found = targets_for("pengyang", 2026)
    values = {**_values(found), "task-05": None}
    [check] = check_totals(found, values)
    assert check.rows_sum is None and not check.mismatch


def test_share_and_every_set_has_unique_codes():
    assert share_percent(4, 800) == 0.5 and share_percent(3, None) is None
    for target_set in TARGET_SETS.values():
        keys = [(t.code, t.first_year) for t in target_set.targets]
        assert len(keys) == len(set(keys))


def test_overdue_rule_and_cutoffs_agree():
    now = datetime(2026, 11, 12, tzinfo=UTC)
    limits = {"township_review": 5}
    assert is_overdue("township_review", now - timedelta(days=5, seconds=1), now, limits)
    assert not is_overdue("township_review", now - timedelta(days=5), now, limits)
    assert not is_overdue("notice", now - timedelta(days=50), now, limits)
    assert cutoffs(limits, now) == {"township_review": now - timedelta(days=5)}
