"""A claim paid in installments through the real engine and database: Huzhou's employer-directed
training (004 4: 首期50% after employment, 其余50% "实现就业后6个月仍在湖就业"). The first half goes
through notice and payment at acceptance; the bureau then confirms the second half's condition
(no earlier than 6 months after the start of work), and it goes through its own notice and
payment, paid once; or the condition lapses; or an objection stops the second half only."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from tests.conftest import NOW, claim_input
from tests.integration.helpers import decide, file, id_number_of, load, publish
from workflow.domain import installments as split
from workflow.payments.bank_files import Result
from workflow.persistence.models import (
    AuditEvent,
    Claim,
    HumanTask,
    NoticeEntry,
    Notification,
    PaymentLine,
)
from workflow.services import claims, notices, payments, policy, quotes, timers, users
from workflow.services.errors import InvalidInputError

FILED = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # Huzhou's pack is in force until 2026-08-01
OFFERED = ("pengyang", "huzhou")


@pytest.fixture
def second_finance(session_factory):
    with session_factory.begin() as s:
        return users.actor_of(users.create_user(s, "finance2", "correct horse",
                                                "finance_officer", "财务复核", NOW))


def _huzhou(factory, runtime, actors) -> int:
    data = claim_input(policy_pack="huzhou", subsidy_kind="directed_training", township="",
                       certificate_code="", certificate_name="养老护理员定向培训",
                       certificate_number="HZ-DX-2026-0001",
                       certificate_issued_on=date(2026, 2, 20),
                       certificate_issuer="湖州市某职业技能培训学校")
    with factory.begin() as s:
        claim_id = claims.submit_claim(s, runtime, actors["applicant"], data, OFFERED).id
    decide(factory, runtime, actors["hr_department"], claim_id, "approve")
    decide(factory, runtime, actors["bureau"], claim_id, "approve")
    return claim_id


def _notice_closes(factory, runtime, actors) -> NoticeEntry:
    batch = publish(factory, runtime, actors["bureau"])
    timers.fire_due(factory, runtime, batch.closes_at)
    with factory() as s:
        (entry,) = s.scalars(select(NoticeEntry).where(NoticeEntry.batch_id == batch.id))
        s.expunge(entry)
        return entry


def _pay_by_bank(factory, runtime, actors, second) -> PaymentLine:
    with factory.begin() as s:
        batch_id = payments.create_batch(s, actors["finance"], runtime.clock()).id
    with factory.begin() as s:
        payments.approve_batch(s, second, batch_id, runtime.clock())
    with factory.begin() as s:
        _, rows = payments.export_payments(s, actors["finance"], batch_id, runtime.clock())
    (row,) = rows
    with factory.begin() as s:
        payments.import_results(s, runtime, actors["finance"], batch_id,
                                [Result(1, row.reference, True, "", row.amount_fen)])
    with factory() as s:
        (line,) = s.scalars(select(PaymentLine).where(PaymentLine.batch_id == batch_id))
        s.expunge(line)
        return line


def _first_half_paid(factory, runtime, actors, second, clock) -> int:
    clock[0] = FILED
    claim_id = _huzhou(factory, runtime, actors)
    entry = _notice_closes(factory, runtime, actors)
    assert (entry.amount_fen, entry.installment, entry.certificate) == (
        40000, 1, "养老护理员定向培训（第1期，共2期）")
    line = _pay_by_bank(factory, runtime, actors, second)
    assert (line.amount_fen, line.installment, line.result) == (40000, 1, "paid")
    return claim_id


def _states(factory, claim_id):
    return [r["state"] for r in load(factory, claim_id).installments]


def test_the_second_half_is_confirmed_after_six_months_and_paid_once(
        session_factory, runtime, actors, second_finance, clock):
    f, a = session_factory, actors
    claim_id = _first_half_paid(f, runtime, a, second_finance, clock)
    claim = load(f, claim_id)
    assert (claim.status, claim.stage, claim.amount_fen) == (
        "in_progress", "installment_condition", 40000)
    assert _states(f, claim_id) == ["paid", "awaiting_condition"]
    with f() as s:  # in the bureau's queue, nobody else's
        (task,) = s.scalars(select(HumanTask).where(HumanTask.claim_id == claim_id))
        assert (task.lane, task.form) == ("Bureau", "installment_condition")

    clock[0] = datetime(2026, 9, 4, 2, 0, tzinfo=UTC)
    version = claim.version
    with pytest.raises(InvalidInputError) as missing:
        decide(f, runtime, a["bureau"], claim_id, "confirm")
    assert "started_on" in missing.value.errors
    with pytest.raises(InvalidInputError) as early:
        decide(f, runtime, a["bureau"], claim_id, "confirm", started_on=date(2026, 3, 5))
    assert early.value.errors["started_on"].startswith(
        "installment 2 can be confirmed from 2026-09-05")
    assert load(f, claim_id).version == version  # a refusal changes nothing

    clock[0] = datetime(2026, 9, 7, 2, 0, tzinfo=UTC)
    decide(f, runtime, a["bureau"], claim_id, "confirm", "社保缴费记录 2026-03 至 2026-09",
           started_on=date(2026, 3, 5))
    claim = load(f, claim_id)
    assert (claim.stage, claim.amount_fen) == ("awaiting_notice", 80000)
    assert claim.installments[1]["started_on"] == "2026-03-05"
    with f() as s:
        told = s.scalars(select(Notification.message).where(
            Notification.claim_id == claim_id, Notification.kind == "installment_confirmed"))
        assert list(told) == [
            "您的职业培训补贴第2期（400.00 元）发放条件已确认，经公示无异议后发放。"]

    entry = _notice_closes(f, runtime, a)
    assert (entry.amount_fen, entry.installment, entry.certificate) == (
        40000, 2, "养老护理员定向培训（第2期，共2期）")
    line = _pay_by_bank(f, runtime, a, second_finance)
    assert (line.amount_fen, line.installment, line.result) == (40000, 2, "paid")
    claim = load(f, claim_id)
    assert (claim.status, claim.stage, claim.amount_fen) == ("paid", "closed", 80000)
    assert _states(f, claim_id) == ["paid", "paid"]
    with f() as s:
        paid = s.scalars(select(PaymentLine.installment).where(
            PaymentLine.claim_id == claim_id, PaymentLine.result == "paid")).all()
        assert sorted(paid) == [1, 2]
    # Whatever the code above it does, the database refuses a second paid line of one
    # installment.
    with pytest.raises(IntegrityError), f.begin() as s:
        s.execute(insert(PaymentLine), [{
            "batch_id": line.batch_id, "claim_id": claim_id, "row_number": 99,
            "reference": line.reference, "payee_name": "张三", "bank_name": "银行",
            "account_number": "6228480000000000000", "amount_fen": 40000, "installment": 2,
            "is_open": False, "result": "paid", "reason": None, "result_at": NOW}])


def test_the_bureau_records_the_start_early_and_confirms_on_the_day_without_retyping_it(
        session_factory, runtime, actors, second_finance, clock):
    """Huzhou 004 4 其余50%: the start of employment is known months before the second half is
    due. Recorded, it keeps the task open, shows the day it can be confirmed, and that day the
    bureau confirms without giving it again."""
    f, a = session_factory, actors
    claim_id = _first_half_paid(f, runtime, a, second_finance, clock)
    with f() as s:
        (before,) = s.scalars(select(HumanTask).where(HumanTask.claim_id == claim_id))
        task_id = before.task_id
    version = load(f, claim_id).version
    clock[0] = datetime(2026, 4, 1, 2, 0, tzinfo=UTC)
    with pytest.raises(InvalidInputError) as missing:
        decide(f, runtime, a["bureau"], claim_id, "schedule")
    assert "started_on" in missing.value.errors
    with pytest.raises(InvalidInputError) as future:
        decide(f, runtime, a["bureau"], claim_id, "schedule", started_on=date(2026, 4, 2))
    assert "future" in future.value.errors["started_on"]
    decide(f, runtime, a["bureau"], claim_id, "schedule", "劳动合同 2026-03-05 起",
           started_on=date(2026, 3, 5))
    claim = load(f, claim_id)
    assert (claim.stage, claim.amount_fen, claim.version) == (
        "installment_condition", 40000, version + 1)
    assert split.confirmable_from(claim.installments) == date(2026, 9, 5)
    assert _states(f, claim_id) == ["paid", "awaiting_condition"]
    with f() as s:  # the same task is still open, in the bureau's queue
        (after,) = s.scalars(select(HumanTask).where(HumanTask.claim_id == claim_id))
        assert after.task_id == task_id
        event = s.scalars(select(AuditEvent).where(AuditEvent.claim_id == claim_id)
                          .order_by(AuditEvent.id.desc())).first()
        assert event is not None
        assert (event.decision, event.comment, event.changes["started_on"]["to"]) == (
            "schedule", "劳动合同 2026-03-05 起", "2026-03-05")
        told = s.scalars(select(Notification.message).where(
            Notification.claim_id == claim_id, Notification.kind == "installment_scheduled"))
        assert list(told) == [
            "您的职业培训补贴第2期：已记录开始日期 2026-03-05，自 2026-09-05 起可确认发放条件。"]

    clock[0] = datetime(2026, 9, 4, 2, 0, tzinfo=UTC)  # the recorded start still counts
    with pytest.raises(InvalidInputError) as early:
        decide(f, runtime, a["bureau"], claim_id, "confirm")
    assert early.value.errors["started_on"].startswith(
        "installment 2 can be confirmed from 2026-09-05")
    clock[0] = datetime(2026, 9, 5, 2, 0, tzinfo=UTC)
    decide(f, runtime, a["bureau"], claim_id, "confirm", "社保缴费记录")
    claim = load(f, claim_id)
    assert (claim.stage, claim.amount_fen) == ("awaiting_notice", 80000)
    assert claim.installments[1]["started_on"] == "2026-03-05"
    assert split.confirmable_from(claim.installments) is None  # nothing waits any more


def test_a_lapsed_condition_ends_the_claim_paid_with_the_first_half(
        session_factory, runtime, actors, second_finance, clock):
    f, a = session_factory, actors
    claim_id = _first_half_paid(f, runtime, a, second_finance, clock)
    with pytest.raises(InvalidInputError) as no_reason:
        decide(f, runtime, a["bureau"], claim_id, "lapse")
    assert "comment" in no_reason.value.errors
    decide(f, runtime, a["bureau"], claim_id, "lapse", "2026-06 离职，未满6个月")
    claim = load(f, claim_id)
    assert (claim.status, claim.amount_fen, claim.closed_stage) == ("paid", 40000, None)
    assert _states(f, claim_id) == ["paid", "lapsed"]
    assert claim.installments[1]["reason"] == "2026-06 离职，未满6个月"
    with f() as s:  # the applicant reads why on the claim page
        told = s.scalars(select(Notification.message).where(
            Notification.claim_id == claim_id, Notification.kind == "installment_lapsed")).all()
    assert told == ["您的职业培训补贴第2期起不再发放：2026-06 离职，未满6个月"]
    with f() as s:
        assert payments.due(s) == []


def test_an_objection_upheld_against_the_second_half_stops_it_only(
        session_factory, runtime, actors, second_finance, clock):
    f, a = session_factory, actors
    claim_id = _first_half_paid(f, runtime, a, second_finance, clock)
    clock[0] = datetime(2026, 9, 7, 2, 0, tzinfo=UTC)
    decide(f, runtime, a["bureau"], claim_id, "confirm", started_on=date(2026, 3, 5))
    publish(f, runtime, a["bureau"])
    with f.begin() as s:
        notices.record_objection(s, runtime, s.get(Claim, claim_id),
                                 notices.ObjectionInput("他已于2026年7月离职"))
    assert load(f, claim_id).stage == "objection_review"
    decide(f, runtime, a["bureau"], claim_id, "uphold", "核实：2026-07 已离职")
    claim = load(f, claim_id)
    # The first half was paid and stays paid: the claim ends paid, not rejected.
    assert (claim.status, claim.amount_fen, claim.closed_stage) == ("paid", 40000, None)
    assert _states(f, claim_id) == ["paid", "lapsed"]
    with f() as s:  # nothing is left to confirm or pay
        assert s.scalars(select(HumanTask).where(HumanTask.claim_id == claim_id)).all() == []
        assert payments.due(s) == []


def test_a_claim_paid_in_one_go_ends_at_its_payment(session_factory, runtime, actors, clock):
    f, a = session_factory, actors
    claim_id = file(f, runtime, a["applicant"], claim_input())
    for reviewer in ("township", "department", "bureau"):
        decide(f, runtime, a[reviewer], claim_id, "approve")
    entry = _notice_closes(f, runtime, a)
    assert (entry.installment, entry.certificate) == (1, "叉车司机")
    decide(f, runtime, a["finance"], claim_id, "paid")
    claim = load(f, claim_id)
    assert (claim.status, claim.amount_fen, claim.installments) == ("paid", 140000, None)


def test_an_objection_upheld_against_the_first_half_rejects_the_claim(
        session_factory, runtime, actors, clock):
    f, a = session_factory, actors
    clock[0] = FILED
    claim_id = _huzhou(f, runtime, a)
    publish(f, runtime, a["bureau"])
    with f.begin() as s:
        notices.record_objection(s, runtime, s.get(Claim, claim_id),
                                 notices.ObjectionInput("未在湖州就业"))
    decide(f, runtime, a["bureau"], claim_id, "uphold", "核实：未就业")
    claim = load(f, claim_id)
    assert (claim.status, claim.closed_stage, claim.amount_fen) == (
        "rejected", "objection_review", 40000)
    assert _states(f, claim_id) == ["lapsed", "lapsed"]


def _lanzhou(factory, runtime, actors, who, **facts) -> int:
    data = claim_input(policy_pack="lanzhou", township="", certificate_code="",
                       id_number=id_number_of(factory, who),
                       certificate_issued_on=date(2026, 5, 1),
                       certificate_issuer="兰州新区某职业培训学校", **facts)
    with factory.begin() as s:
        claim_id = claims.submit_claim(s, runtime, who, data, ("pengyang", "lanzhou")).id
    decide(factory, runtime, actors["hr_department"], claim_id, "approve")
    return claim_id


def test_a_later_apprenticeship_year_is_that_years_lanzhou_subsidy(
        session_factory, runtime, actors, second_finance, clock):
    """Lanzhou 附件2 备注3 (a yearly amount) and 备注4 (每年只能享受1次): year 2 of an
    apprenticeship, once confirmed, is the person's subsidy of that year; a year in which the
    person already had one cannot confirm it."""
    f, a = session_factory, actors
    clock[0] = datetime(2026, 6, 1, 2, 0, tzinfo=UTC)
    apprentice = _lanzhou(f, runtime, a, a["applicant"], subsidy_kind="apprenticeship",
                          target_group="enterprise_employee", certificate_name="中式烹调师",
                          certificate_number="LZ-XT-0001", certificate_level="intermediate",
                          years=2)
    decide(f, runtime, a["bureau"], apprentice, "approve")
    assert load(f, apprentice).amount_fen == 600000  # 中级工 6000 a year, year 1 now
    _notice_closes(f, runtime, a)
    _pay_by_bank(f, runtime, a, second_finance)
    assert _states(f, apprentice) == ["paid", "awaiting_condition"]

    # In 2027 the person is accepted for another Lanzhou training subsidy ...
    clock[0] = datetime(2027, 3, 1, 2, 0, tzinfo=UTC)
    with f.begin() as s:  # category B's amount was lost in the source: an administrator sets it
        policy.set_amount(s, a["admin"], "B", 150000, "印发版附件2", clock[0], "lanzhou")
    other = _lanzhou(f, runtime, a, a["applicant"], subsidy_kind="employment_skills",
                     target_group="rural_migrant", certificate_name="养老护理员",
                     certificate_number="194701", class_hours=100,
                     skill_certificate="skill_level", employed=True)
    decide(f, runtime, a["bureau"], other, "approve")
    # ... so year 2 cannot be confirmed in 2027, however long the apprenticeship has run.
    clock[0] = datetime(2027, 6, 2, 2, 0, tzinfo=UTC)
    with pytest.raises(InvalidInputError) as capped:
        decide(f, runtime, a["bureau"], apprentice, "confirm", started_on=date(2026, 6, 1))
    assert capped.value.errors["decision"] == (
        "cannot confirm: 1 accepted or paid in 2027 (000_52f3d35499bfb498.txt 附件2 备注4 "
        "每年只能享受1次)")
    # In 2028 it can, and then it is 2028's subsidy: a new claim that year is capped.
    clock[0] = datetime(2028, 1, 3, 2, 0, tzinfo=UTC)
    decide(f, runtime, a["bureau"], apprentice, "confirm", started_on=date(2026, 6, 1))
    with f() as s:
        years = [e.year for e in quotes.history(s, id_number_of(f, a["applicant"]), "lanzhou")]
    assert sorted(years) == [2026, 2027, 2028]
    # The budget reads each year's money in its own year: year 1 in 2026, year 2 in 2028.
    from workflow.services import reports
    with f() as s:
        by_year = {y: reports.money(s, "lanzhou", y) for y in (2026, 2027, 2028)}
    assert {y: (m.accepted_fen, m.paid_fen) for y, m in by_year.items()} == {
        2026: (600000, 600000), 2027: (180000, 0), 2028: (600000, 0)}  # 2027: B +20%


def test_the_dashboard_counts_the_installment_due_not_the_total_committed(
        session_factory, runtime, actors, second_finance, clock):
    """Finance's "due now" on the dashboard is what the bank is to pay: the second half in
    payment is 400 yuan, though the claim commits 800."""
    from workflow.services import reports

    f, a = session_factory, actors
    claim_id = _first_half_paid(f, runtime, a, second_finance, clock)
    clock[0] = datetime(2026, 9, 7, 2, 0, tzinfo=UTC)
    decide(f, runtime, a["bureau"], claim_id, "confirm", started_on=date(2026, 3, 5))
    _notice_closes(f, runtime, a)
    claim = load(f, claim_id)
    assert (claim.stage, claim.amount_fen, claim.amount_due_fen) == ("payment", 80000, 40000)
    with f() as s:
        money = reports.money(s, "huzhou", 2026)
    assert (money.due_count, money.due_fen) == (1, 40000)
    # Both halves are committed this year; the first is paid though the claim is not closed.
    assert (money.accepted_count, money.accepted_fen, money.paid_count, money.paid_fen) == (
        1, 80000, 1, 40000)
