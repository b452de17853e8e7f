"""Amounts the source lost (issue 18 item 14): how many waiting claims each "not configured"
entry holds up, per pack version; how many a new amount would price (the versions it reaches);
and a confirmation refused when that number changed meanwhile. The keys are checked against the
packs' own quotes, so the count cannot drift from what acceptance applies."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from tests.conftest import claim_input
from tests.integration.helpers import decide, id_number_of, load, person
from tests.integration.helpers import pengyang_claim as _pengyang
from workflow.domain.access import Actor
from workflow.domain.versions import EntryChange
from workflow.persistence.models import AuditEvent, PolicyAmount
from workflow.services import amount_impact, claims, pack_versions, policy, quotes

AFTER = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)  # version 2 in force (09:00 county time)
LANZHOU = dict(policy_pack="lanzhou", township="", certificate_code="", class_hours=120,
               skill_certificate="skill_level", employed=True,  # 附件2 备注5
               certificate_issuer="兰州新区某职业培训学校", certificate_issued_on=date(2026, 5, 1))


def _lanzhou(f, rt, serial: int, name: str, kind: str = "employment_skills", **extra) -> int:
    """A Lanzhou claim; its training-certificate number in the kind's 附件4 range."""
    who = person(f, serial)
    first = {"employment_skills": 194700, "job_skills": 46801}.get(kind, 500000)
    with f.begin() as s:
        return claims.submit_claim(s, rt, who, claim_input(
            **{**LANZHOU, **extra}, subsidy_kind=kind, certificate_name=name,
            certificate_number=f"{first + serial:06d}", id_number=id_number_of(f, who)),
            offered=("pengyang", "lanzhou")).id


def _blocked(f, pack="pengyang"):
    with f() as s:  # the day only places organisations' claims (none here) in a version
        return {code: i.by_version
                for code, i in amount_impact.blocked(s, pack, AFTER.date()).items()}


def test_each_lost_entry_counts_the_waiting_claims_it_holds_up(session_factory, runtime,
                                                              actors):
    f, rt, a = session_factory, runtime, actors
    for serial, steps in ((1, 0), (2, 1), (3, 2)):  # township, department, bureau acceptance
        _pengyang(f, rt, a, serial, "PY-01", "低压电工作业", steps)
    _pengyang(f, rt, a, 4, "PY-02", "高压电工作业")
    _pengyang(f, rt, a, 5, "PY-22", "叉车司机")  # the source gives its amount: holds nothing
    rejected = _pengyang(f, rt, a, 6, "PY-01", "低压电工作业")
    decide(f, rt, a["township"], rejected, "reject", "不符合条件")
    assert load(f, rejected).status == "rejected"
    assert _blocked(f) == {"PY-01": {1: 3}, "PY-02": {1: 1}}
    with f() as s:
        assert amount_impact.impact(s, "pengyang", "PY-01", rt.clock()).count == 3
        assert amount_impact.impact(s, "pengyang", "PY-03", rt.clock()).count == 0
    # Set, it holds nothing up; a later correction would still price the same three.
    with f.begin() as s:
        policy.set_amount(s, a["admin"], "PY-01", 150000, "印发版附件1", rt.clock())
    assert _blocked(f) == {"PY-02": {1: 1}}
    with f() as s:
        assert amount_impact.impact(s, "pengyang", "PY-01", rt.clock()).by_version == {1: 3}


def test_the_counts_agree_with_the_packs_own_quotes(session_factory, runtime, actors):
    """Every claim counted under an entry is priced by it (its quote is "not configured"
    without the amount, priced with it); every other waiting claim is not."""
    f, rt = session_factory, runtime  # `actors`: the users and the process deployed
    counted = [_lanzhou(f, rt, 1, "养老护理员"),  # B, and on 附件3
               _lanzhou(f, rt, 2, "美容师"),  # B
               _lanzhou(f, rt, 3, "中式烹调师", kind="job_skills")]  # A
    fixed = [_lanzhou(f, rt, 4, "养老护理员", kind="evaluation", fee_fen=20000,
                      class_hours=None)]  # a fixed amount: up to the fee, 300 yuan at most
    assert _blocked(f, "lanzhou") == {"B": {1: 2}, "A": {1: 1}}
    today = rt.clock().date()
    filed = {claim_id: load(f, claim_id) for claim_id in counted + fixed}
    with f() as s:
        pack = pack_versions.pack_on(s, "lanzhou", today)
    for claim_id, claim in filed.items():
        plain = quotes.quote_claim_with(claim, today, 0, (), pack)
        entry = {"养老护理员": "B", "美容师": "B", "中式烹调师": "A"}[claim.certificate_name]
        priced = quotes.quote_claim_with(claim, today, 0, ((entry, 150000),), pack)
        if claim_id in counted:
            assert plain.amount_fen is None and priced.amount_fen is not None
        else:
            assert plain.amount_fen is not None


def test_an_amount_set_now_prices_the_versions_it_reaches(session_factory, runtime, actors,
                                                        clock):
    """Set while version 1 is in force, an amount prices version 1's claims and carries
    forward; corrected under version 2, the correction prices version 2's claims only (those
    filed under version 1 keep version 1's amount)."""
    f, rt, a = session_factory, runtime, actors
    _pengyang(f, rt, a, 1, "PY-01", "低压电工作业")
    with f.begin() as s:
        pack_versions.add_entry(s, a["admin"], "pengyang", EntryChange(
            "add", "PY-34", "彭人社发〔2026〕50号 附件 第34行", "无人机驾驶员", "民用航空从业人员",
            240000, "transport"), rt.clock())
        pack_versions.schedule_draft(s, a["admin"], "pengyang", date(2026, 12, 1),
                                     "彭人社发〔2026〕50号", rt.clock())
    clock[0] = AFTER
    _pengyang(f, rt, a, 2, "PY-01", "低压电工作业")
    _pengyang(f, rt, a, 3, "PY-01", "低压电工作业")
    assert _blocked(f) == {"PY-01": {1: 1, 2: 2}}
    with f() as s:  # nothing set yet: an amount set now fills version 1's gap too
        assert amount_impact.impact(s, "pengyang", "PY-01", clock[0]).by_version == {1: 1, 2: 2}
    with f.begin() as s:
        s.add(PolicyAmount(pack_id="pengyang", pack_version=1, entry_code="PY-01",
                           amount_fen=150000, note="印发版", set_by=a["admin"].user_id,
                           set_at=clock[0]))
    with f() as s:
        assert amount_impact.impact(s, "pengyang", "PY-01", clock[0]).by_version == {2: 2}
    assert _blocked(f) == {}


def _impact(f, rt, fen=150000, code="PY-01", pack="pengyang"):
    with f() as s:
        return amount_impact.impact(s, pack, code, rt.clock(), fen)


def _confirm(f, rt, admin, token, fen=150000):
    with f.begin() as s:
        return amount_impact.set_amount_confirmed(s, admin, "PY-01", fen, "印发版", rt.clock(),
                                                  "pengyang", token)[1]


def _set(f):
    with f() as s:
        return s.scalars(select(PolicyAmount)).all()


def test_a_confirmation_is_refused_when_the_number_changed(session_factory, runtime, actors):
    f, rt, a = session_factory, runtime, actors
    _pengyang(f, rt, a, 1, "PY-01", "低压电工作业")
    _pengyang(f, rt, a, 2, "PY-01", "低压电工作业", 2)
    seen = _impact(f, rt)
    assert (seen.count, seen.total_fen, seen.token[:2]) == (2, 300000, "2-")
    _pengyang(f, rt, a, 3, "PY-01", "低压电工作业")  # filed meanwhile
    with pytest.raises(amount_impact.ImpactChangedError) as caught:
        _confirm(f, rt, a["admin"], seen.token)
    assert (caught.value.seen, caught.value.impact.count) == (seen.token, 3)
    assert caught.value.impact.total_fen == 450000 and _set(f) == []
    applied = _confirm(f, rt, a["admin"], caught.value.impact.token)
    assert applied == caught.value.impact
    with f() as s:
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "policy_amount_set")).one()
    assert event.changes["waiting_claims_priced"] == {"1": 3}
    assert event.changes["waiting_claims_total_fen"] == 450000
    assert _blocked(f) == {}


def test_the_same_number_of_other_claims_or_another_amount_is_refused(session_factory, runtime,
                                                                      actors):
    """The token is of the very claims, the amount and the one it replaces, not a count only:
    one withdrawn and another filed, or another amount sent with it, are refused."""
    f, rt, a = session_factory, runtime, actors
    first = _pengyang(f, rt, a, 1, "PY-01", "低压电工作业")
    seen = _impact(f, rt)
    with pytest.raises(amount_impact.ImpactChangedError):
        _confirm(f, rt, a["admin"], seen.token, fen=1_500_000)  # the form's amount altered
    decide(f, rt, a["township"], first, "reject", "不符合条件")
    _pengyang(f, rt, a, 2, "PY-01", "低压电工作业")
    assert _impact(f, rt).count == seen.count == 1
    with pytest.raises(amount_impact.ImpactChangedError):
        _confirm(f, rt, a["admin"], seen.token)
    assert _set(f) == []


def test_the_total_is_what_acceptance_will_fix(session_factory, runtime, actors):
    """Lanzhou's category B with 20% for an occupation on 附件3: the total is the sum of the
    amounts the bureau's acceptance then fixes."""
    f, rt, a = session_factory, runtime, actors
    ids = [_lanzhou(f, rt, 1, "养老护理员"), _lanzhou(f, rt, 2, "美容师")]
    seen = _impact(f, rt, code="B", pack="lanzhou")
    assert (seen.count, seen.total_fen) == (2, 180000 + 150000)
    with f.begin() as s:
        amount_impact.set_amount_confirmed(s, a["admin"], "B", 150000, "印发版附件2", rt.clock(),
                                           "lanzhou", seen.token)
    department = a["department"]
    hr_bureau = Actor(department.user_id, department.role, "hr_bureau", department.name)
    for claim_id in ids:  # the HR bureau's reviewers, then its acceptance
        decide(f, rt, hr_bureau, claim_id, "approve")
        decide(f, rt, a["bureau"], claim_id, "approve")
    assert sum(load(f, i).amount_fen for i in ids) == seen.total_fen


def test_two_administrators_confirming_at_once_one_is_refused(session_factory, runtime, actors):
    """Both saw "not configured" and confirmed the same claims with different amounts: the
    second waits for the first and is refused (the amount it replaces is no longer the one
    it saw), so no confirmed impact is overwritten unseen."""
    f, rt, a = session_factory, runtime, actors
    _pengyang(f, rt, a, 1, "PY-01", "低压电工作业", 2)
    tokens = {fen: _impact(f, rt, fen).token for fen in (150000, 160000)}
    barrier = threading.Barrier(2, timeout=30)
    results: dict[int, str] = {}

    def confirm(fen: int) -> None:
        barrier.wait()
        try:
            _confirm(f, rt, a["admin"], tokens[fen], fen)
            results[fen] = "set"
        except amount_impact.ImpactChangedError:
            results[fen] = "refused"

    threads = [threading.Thread(target=confirm, args=(fen,)) for fen in tokens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(results.values()) == ["refused", "set"]
    winner = next(fen for fen, r in results.items() if r == "set")
    assert [row.amount_fen for row in _set(f)] == [winner]
    with f() as s:
        events = s.scalars(select(AuditEvent).where(AuditEvent.action == "policy_amount_set"))
        assert [e.changes["pengyang:PY-01"] for e in events] == [{"from": None, "to": winner}]
