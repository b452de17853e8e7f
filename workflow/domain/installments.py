"""A subsidy paid in installments: which one is in flight, when a later one may be confirmed.

Huzhou 004_7b2ca6ac373157b2.txt 4: employer-directed training pays 首期50% once the trainee works
within 6 months of the training, and 其余50% "对就业人员在实现就业后6个月仍在湖就业的". Huzhou 7 and
Lanzhou 000_52f3d35499bfb498.txt 附件2 备注3/备注4 pay apprenticeship by the year (每人每年).

A claim records its installments (a list of dicts, the `claims.installments` column; each condition
as its phrase's record, which `said` gives back) when the bureau accepts it; the first is then in
flight. Each later one waits until the bureau confirms its condition, giving the day employment or
the apprenticeship started: it cannot be confirmed before that day plus its `months_after_start`;
the bureau may record the day earlier, and the installment then shows when it can be confirmed. A
confirmed installment goes through its own public notice and payment, like the first. A condition
that fails lapses it and every later one. Every function returns new records and never changes its
argument (a JSON column is rewritten, not mutated in place).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from dateutil.relativedelta import relativedelta

from workflow.domain.phrases import Said, from_record, phrase, to_record
from workflow.domain.policy.model import Installment

Record = dict[str, Any]

ACCEPTED = "accepted"  # the first, with the claim's acceptance
AWAITING = "awaiting_condition"
CONFIRMED = "confirmed"  # a later one, after the bureau confirmed its condition
PAID = "paid"
LAPSED = "lapsed"
IN_FLIGHT = frozenset({ACCEPTED, CONFIRMED})
COMMITTED = frozenset({ACCEPTED, CONFIRMED, PAID})


class ConditionNotMet(ValueError):
    """A confirmation the records or the calendar do not allow; the message says why."""


def accepted(installments: Sequence[Installment], at: str) -> list[Record] | None:
    """A quote's installments as the claim records them when the bureau accepts it: the first
    is paid with this acceptance, each later one waits for its condition (None: one payment)."""
    if len(installments) < 2:
        return None
    return [{"number": n, "amount_fen": i.amount_fen, "condition": to_record(i.condition),
             "clause": i.clause, "months_after_start": i.months_after_start,
             "state": ACCEPTED if n == 1 else AWAITING, "accepted_at": at if n == 1 else None}
            for n, i in enumerate(installments, 1)]


def said(records: list[Record] | None) -> list[Record] | None:
    """The records with each condition as the English the API has always returned, which
    remembers its phrase so a page says it in the reader's language (the claim keeps the
    phrase's record: workflow.domain.phrases.to_record)."""
    if records is None:
        return None
    return [{**r, "condition": Said(from_record(r["condition"]))} for r in records]


def in_flight(records: list[Record] | None) -> Record | None:
    """The installment going through notice and payment now, if any."""
    return next((r for r in records or () if r["state"] in IN_FLIGHT), None)


def number_in_flight(records: list[Record] | None) -> int:
    """The number a notice row or a payment line carries: 1 for a claim paid in one go."""
    current = in_flight(records)
    return int(current["number"]) if current else 1


def amount_due(records: list[Record] | None, amount_fen: int | None) -> int:
    """What the notice lists and the bank pays now: the installment in flight, else the
    claim's whole amount."""
    current = in_flight(records)
    return int(current["amount_fen"]) if current else int(amount_fen or 0)


def committed_fen(records: list[Record]) -> int:
    """Accepted, confirmed or paid: what the claim's amount (and the budget) counts."""
    return sum(int(r["amount_fen"]) for r in records if r["state"] in COMMITTED)


def waiting(records: list[Record] | None) -> int:
    """How many installments still wait for their condition."""
    return sum(1 for r in records or () if r["state"] == AWAITING)


def any_paid(records: list[Record] | None) -> bool:
    return any(r["state"] == PAID for r in records or ())


def next_waiting(records: list[Record] | None) -> Record | None:
    return next((r for r in records or () if r["state"] == AWAITING), None)


def later_years(records: list[Record] | None) -> list[int]:
    """The county year each later installment was confirmed in (confirmed or paid ones only):
    where a pack caps subsidies per year, a later apprenticeship year counts in its own year."""
    return [int(r["confirmed_on"][:4]) for r in records or ()
            if r["state"] in (CONFIRMED, PAID) and r.get("confirmed_on")]


def earliest_confirmation(record: Record, started_on: date) -> date:
    """The first day a later installment's condition can hold (its months after the start)."""
    return started_on + relativedelta(months=int(record.get("months_after_start") or 0))


def confirmable_from(records: list[Record] | None) -> date | None:
    """The first day the next waiting installment can be confirmed, once its start is recorded
    (schedule, or a refused early confirmation); None while no one knows it."""
    record = next_waiting(records)
    return date.fromisoformat(record["confirm_from"]) if record and record.get("confirm_from") \
        else None


def in_window(records: list[Record], accepted_at: datetime, start: datetime,
              end: datetime) -> tuple[int, int]:
    """(committed, paid) fen of one claim's installments within [start, end): each counts in
    the year it was committed (the first at the claim's acceptance, a later one when its
    condition was confirmed) and in the year it was paid, not all in the claim's own years."""
    committed = paid_fen = 0
    for r in records:
        if r["state"] in COMMITTED:
            at = accepted_at if int(r["number"]) == 1 else _moment(r.get("confirmed_at"))
            committed += int(r["amount_fen"]) if at is not None and start <= at < end else 0
        if r["state"] == PAID:
            at = _moment(r.get("paid_at"))
            paid_fen += int(r["amount_fen"]) if at is not None and start <= at < end else 0
    return committed, paid_fen


def _moment(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def paid(records: list[Record], at: str) -> list[Record]:
    """The installment in flight is paid."""
    return [{**r, "state": PAID, "paid_at": at} if r["state"] in IN_FLIGHT else dict(r)
            for r in records]


def confirm(records: list[Record], started_on: date, today: date, at: str) -> list[Record]:
    """The next waiting installment's condition holds: it is in flight now."""
    record = next_waiting(records)
    if record is None:
        raise ConditionNotMet("no installment of this claim waits for its condition")
    if in_flight(records) is not None:
        raise ConditionNotMet("an earlier installment is not paid yet")
    if started_on > today:
        raise ConditionNotMet("the start of employment or apprenticeship cannot be in the "
                              "future")
    earliest = earliest_confirmation(record, started_on)
    if earliest > today:
        raise ConditionNotMet(Said(phrase(
            "installment %(n)s can be confirmed from %(day)s: %(months)s months after the "
            "start on %(start)s (%(clause)s)", n=record["number"], day=earliest.isoformat(),
            months=record["months_after_start"], start=started_on.isoformat(),
            clause=record["clause"])))
    return [{**r, "state": CONFIRMED, "confirmed_at": at, "confirmed_on": today.isoformat(),
             "started_on": started_on.isoformat()} if r is record else dict(r)
            for r in records]


def schedule(records: list[Record], started_on: date, today: date, at: str) -> list[Record]:
    """The bureau records when employment or the apprenticeship started, before the condition
    can hold: the next waiting installment keeps the day and the first day it can be
    confirmed (`confirm_from`), which the queue shows, so no one has to remember it."""
    record = next_waiting(records)
    if record is None:
        raise ConditionNotMet("no installment of this claim waits for its condition")
    if started_on > today:
        raise ConditionNotMet("the start of employment or apprenticeship cannot be in the "
                              "future")
    confirm_from = earliest_confirmation(record, started_on).isoformat()
    return [{**r, "started_on": started_on.isoformat(), "confirm_from": confirm_from,
             "scheduled_at": at} if r is record else dict(r) for r in records]


def lapse(records: list[Record], at: str, reason: str) -> list[Record]:
    """The condition failed (or an objection was upheld): the installment in flight, if not
    paid, and every waiting one are never paid."""
    return [{**r, "state": LAPSED, "lapsed_at": at, "reason": reason}
            if r["state"] in IN_FLIGHT | {AWAITING} else dict(r) for r in records]


__all__ = ["ACCEPTED", "AWAITING", "CONFIRMED", "ConditionNotMet", "LAPSED", "PAID",
           "accepted", "amount_due", "any_paid", "committed_fen", "confirm", "confirmable_from",
           "earliest_confirmation", "in_flight", "in_window", "lapse", "later_years",
           "next_waiting", "number_in_flight", "paid", "said", "schedule", "waiting"]
