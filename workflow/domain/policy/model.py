"""The shapes every policy pack shares: what is asked, what is answered, and why."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True)
class Reason:
    rule: str  # a short name: catalogue_amount, cap, plan_period, ...
    clause: str  # the source: file name and clause
    detail: str  # what was found, with the inputs that decided it
    passed: bool = True


@dataclass(frozen=True)
class QuoteRequest:
    township: str
    target_group: str
    certificate_code: str
    certificate_level: str
    certificate_issued_on: date
    today: date
    id_number: str = ""
    accepted_before: int = 0  # claims of this person accepted or paid (not filed, not rejected)
    set_amounts: tuple[tuple[str, int], ...] = ()  # amounts the source lost, set by an admin
    kind: str = "certificate"  # or directed_training, apprenticeship (where a pack has them)
    occupation_code: str = ""  # national occupation code, for shortage lists (e.g. 4-10-01-02)
    years: int = 1  # apprenticeship years asked for


@dataclass(frozen=True)
class Installment:
    amount_fen: int
    condition: str  # when it is paid, in the source's words
    clause: str


@dataclass(frozen=True)
class Quote:
    pack_id: str
    pack_version: int
    eligible: bool
    amount_fen: int | None  # None: not configured (the source lost the amount)
    department: str | None
    reasons: tuple[Reason, ...] = field(default_factory=tuple)
    installments: tuple[Installment, ...] = field(default_factory=tuple)

    @property
    def configured(self) -> bool:
        return self.amount_fen is not None

    def problems(self) -> list[Reason]:
        return [r for r in self.reasons if not r.passed]

    def as_data(self) -> dict[str, Any]:
        data = asdict(self)
        data["configured"] = self.configured
        return data


@dataclass(frozen=True)
class PolicyPack:
    pack_id: str
    version: int
    authority: str
    source: str  # the document the pack follows
    valid_from: date
    valid_to: date
    max_per_person: int | None  # None: the document sets no cap
    quote: Callable[[QuoteRequest], Quote]
