"""Huzhou 004's kinds of subsidy whose amounts the document leaves to rules it does not contain:
they are "not configured" until an administrator sets them (SettableEntry), and the quote says
why.

- 一 2: a 专项职业能力证书 of an evaluation project developed for the listed industries, obtained
  by one of the six groups or others in need after training: "可按照有关规定给予个人或培训机构
  一定标准的职业培训补贴". The standard is "一定标准 ... 按照有关规定", not in the seeds. Paid to
  the individual here; payment to the training institution is not done (it needs an
  organisation as payee).
"""

from __future__ import annotations

from workflow.domain.phrases import Fen, Phrase, phrase
from workflow.domain.policy.model import QuoteRequest, Reason, SettableEntry, because

SOURCE = "004_7b2ca6ac373157b2.txt"
SPECIAL = "special_ability_training"  # 一 2
SPECIAL_ENTRY = "HZ-ZX"  # the administrator's entry of 一 2's standard


def entries() -> tuple[SettableEntry, ...]:
    """The entries of these kinds an administrator sets (their amounts are not in 004)."""
    return (SettableEntry(SPECIAL_ENTRY, "专项职业能力证书 职业培训补贴 (一 2, 一定标准)",
                          f"{SOURCE} 一 2"),)


ENTRIES = entries()
BY_CODE = {entry.code: entry for entry in ENTRIES}


def entry_of_kind(kind: str | None) -> str | None:
    """The entry whose amount prices a claim of this kind (None: not one of these kinds)."""
    return SPECIAL_ENTRY if kind == SPECIAL else None


def _set_amount(request: QuoteRequest, code: str, reasons: list[Reason], clause: str,
                what: Phrase) -> int | None:
    amount = dict(request.set_amounts).get(code)
    if amount is None:
        reasons.append(because("amount", clause, "the standard of %(what)s is not configured: "
                               "004 leaves it to rules it does not contain (an administrator "
                               "sets it as entry %(code)s)", False, what=what, code=code))
    else:
        reasons.append(because("amount", clause, "%(what)s: %(amount)s fen as set",
                               what=what, amount=Fen(amount)))
    return amount


def special_ability(request: QuoteRequest, reasons: list[Reason]) -> int | None:
    """一 2: the training subsidy for a special-ability certificate, paid to the individual."""
    clause = f"{SOURCE} 一 2"
    reasons.append(because("payee", clause, "paid to the individual (paying the training "
                           "institution instead is not supported)"))
    return _set_amount(request, SPECIAL_ENTRY, reasons, clause,
                       phrase("the training subsidy for a special-ability certificate"))
