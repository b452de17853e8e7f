"""Installments of one claim: the one in flight, confirming a later one no earlier than its
condition allows (Huzhou 004 4 其余50%: 6 months after starting work; apprenticeship years), paid
and lapsed."""

from __future__ import annotations

from datetime import date

import pytest

from workflow.domain import installments as split
from workflow.domain.policy import huzhou
from workflow.domain.policy.model import QuoteRequest

AT = "2026-03-02T02:00:00+00:00"


def _huzhou_directed() -> list[dict]:
    verdict = huzhou.quote(QuoteRequest(
        "", "rural_migrant", "", "", date(2026, 2, 20), date(2026, 3, 2),
        kind="directed_training"))
    records = split.accepted(verdict.installments, AT)
    assert records is not None
    return records


def _apprentice(years: int) -> list[dict]:
    verdict = huzhou.quote(QuoteRequest(
        "", "rural_migrant", "", "", date(2026, 2, 20), date(2026, 3, 2),
        kind="apprenticeship", years=years))
    records = split.accepted(verdict.installments, AT)
    assert records is not None
    return records


def test_the_first_half_is_in_flight_at_acceptance_and_the_second_waits_six_months():
    records = _huzhou_directed()
    assert [(r["amount_fen"], r["state"], r["months_after_start"]) for r in records] == [
        (40000, split.ACCEPTED, 0), (40000, split.AWAITING, 6)]
    assert (split.amount_due(records, 40000), split.number_in_flight(records),
            split.committed_fen(records), split.waiting(records)) == (40000, 1, 40000, 1)


def test_a_claim_paid_in_one_go_is_due_its_whole_amount():
    assert (split.amount_due(None, 150000), split.number_in_flight(None),
            split.waiting(None), split.any_paid(None)) == (150000, 1, 0, False)


def test_the_second_half_cannot_be_confirmed_before_six_months_of_employment():
    records = split.paid(_huzhou_directed(), AT)
    with pytest.raises(split.ConditionNotMet, match="from 2026-09-05.*其余50%"):
        split.confirm(records, date(2026, 3, 5), date(2026, 9, 4), AT)
    confirmed = split.confirm(records, date(2026, 3, 5), date(2026, 9, 5), AT)
    assert [r["state"] for r in confirmed] == [split.PAID, split.CONFIRMED]
    assert confirmed[1]["started_on"] == "2026-03-05"
    assert split.later_years(confirmed) == [2026] and split.later_years(records) == []
    assert (split.amount_due(confirmed, 80000), split.number_in_flight(confirmed),
            split.committed_fen(confirmed)) == (40000, 2, 80000)
    assert [r["state"] for r in records] == [split.PAID, split.AWAITING]  # argument unchanged


def test_month_ends_follow_the_calendar():
    records = split.paid(_huzhou_directed(), AT)
    # 31 August + 6 months is the last day of February, not 3 March.
    with pytest.raises(split.ConditionNotMet, match="from 2027-02-28"):
        split.confirm(records, date(2026, 8, 31), date(2027, 2, 27), AT)
    assert split.confirm(records, date(2026, 8, 31), date(2027, 2, 28), AT)[1]["state"] == (
        split.CONFIRMED)


@pytest.mark.parametrize(("records", "started", "why"), [
    (_huzhou_directed(), date(2025, 1, 1), "not paid yet"),  # the first is still in flight
    (split.paid(_huzhou_directed(), AT), date(2027, 1, 1), "in the future"),
    (split.paid(split.paid(split.confirm(split.paid(_huzhou_directed(), AT), date(2025, 1, 1),
                                         date(2026, 3, 2), AT), AT), AT),
     date(2025, 1, 1), "no installment"),
])
def test_a_confirmation_the_records_do_not_allow_says_why(records, started, why):
    with pytest.raises(split.ConditionNotMet, match=why):
        split.confirm(records, started, date(2026, 11, 23), AT)


def test_apprenticeship_years_are_confirmed_a_year_apart_and_lapse_together():
    records = split.paid(_apprentice(2), AT)
    assert [r["months_after_start"] for r in records] == [0, 12]
    with pytest.raises(split.ConditionNotMet, match="from 2027-03-01"):
        split.confirm(records, date(2026, 3, 1), date(2027, 2, 28), AT)
    lapsed = split.lapse(records, AT, "contract ended")
    assert [(r["state"], r.get("reason")) for r in lapsed] == [
        (split.PAID, None), (split.LAPSED, "contract ended")]
    assert split.committed_fen(lapsed) == 600000 and split.waiting(lapsed) == 0


def test_a_start_recorded_early_gives_the_day_the_second_half_can_be_confirmed():
    records = split.paid(_huzhou_directed(), AT)
    assert split.confirmable_from(records) is None  # nobody knows it yet
    scheduled = split.schedule(records, date(2026, 8, 31), date(2026, 9, 1), AT)
    assert split.confirmable_from(scheduled) == date(2027, 2, 28)  # 6 months, at a month end
    assert scheduled[1]["started_on"] == "2026-08-31" and records[1].get("started_on") is None
    assert [r["state"] for r in scheduled] == [split.PAID, split.AWAITING]
    with pytest.raises(split.ConditionNotMet, match="future"):
        split.schedule(records, date(2026, 9, 2), date(2026, 9, 1), AT)
    lapsed = split.lapse(scheduled, AT, "离职")
    with pytest.raises(split.ConditionNotMet, match="no installment"):
        split.schedule(lapsed, date(2026, 8, 31), date(2026, 9, 1), AT)
    assert split.confirmable_from(lapsed) is None


def test_each_installment_counts_in_the_year_it_was_committed_and_the_year_it_was_paid():
    from datetime import UTC, datetime

    records = split.paid(_apprentice(2), "2026-04-01T02:00:00+00:00")
    records = split.confirm(records, date(2026, 3, 1), date(2027, 3, 2),
                            "2027-03-02T02:00:00+00:00")
    accepted_at = datetime(2026, 3, 2, 2, tzinfo=UTC)

    def year(y: int) -> tuple[int, int]:
        return split.in_window(records, accepted_at, datetime(y, 1, 1, tzinfo=UTC),
                               datetime(y + 1, 1, 1, tzinfo=UTC))

    first, second = (int(r["amount_fen"]) for r in records)
    assert (year(2026), year(2027), year(2028)) == ((first, first), (second, 0), (0, 0))
    lapsed = split.lapse(records, "2027-05-01T00:00:00+00:00", "离职")
    assert split.in_window(lapsed, accepted_at, datetime(2027, 1, 1, tzinfo=UTC),
                           datetime(2028, 1, 1, tzinfo=UTC)) == (0, 0)  # never paid: not counted
