"""Striking workers out of an enterprise's roster (issue 19 item 3): a reviewer (township,
department, bureau acceptance) approves the roster but for one or more workers, each with a
reason. A struck worker is not paid and is counted on no claim (their slot is freed); the row
stays on record, struck through with who, when and why.

What is refused, and why:
- a strike without its reason, or naming a row that is not on the claim or is already struck;
- striking every worker: that is rejecting the claim, which has its own decision (and closes
  the claim with the reason the enterprise is told);
- striking once the amount is fixed (bureau acceptance done): what was accepted is what the
  notice lists and the payment pays (003 三(三) 公示 of the accepted amount); an objection
  upheld is the way back then;
- striking with any decision but approve: a returned or rejected claim is not approved "but for".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from workflow.domain.phrases import Phrase, phrase
from workflow.domain.rosters import RosterKind, Row

REASON_LIMIT = 2000  # as a decision's comment
STRIKES = "strikes"  # the field of the strikes as a whole (the API's key, the page's)


def row_field(row: int) -> str:
    """The field of one struck row's reason: its message is shown beside it."""
    return f"strike_{row}"


@dataclass(frozen=True)
class Strike:
    row: int  # the sheet's row number, as the roster shows it
    reason: str


def strike_problems(strikes: Sequence[Strike], on_claim: Mapping[int, bool], decision: str,
                    accepted: bool) -> dict[str, Phrase]:
    """Field -> why these strikes cannot be made on a claim whose rows are `on_claim` (row
    number -> already struck); empty when they can."""
    if not strikes:
        return {}
    if decision != "approve":
        return {STRIKES: phrase("workers are struck out only when approving the rest: choose "
                                "approve, or return or reject the whole claim")}
    if accepted:
        return {STRIKES: phrase("the amount is fixed at acceptance: workers can no longer be "
                                "struck out of this claim")}
    found: dict[str, Phrase] = {}
    named: set[int] = set()
    for strike in strikes:
        field = row_field(strike.row)
        if strike.row not in on_claim:
            found[field] = phrase("row %(row)s is not on this claim's roster", row=strike.row)
        elif on_claim[strike.row]:
            found[field] = phrase("row %(row)s is already struck out", row=strike.row)
        elif strike.row in named:
            found[field] = phrase("row %(row)s is named twice", row=strike.row)
        elif not strike.reason.strip():
            found[field] = phrase("a reason is required to strike out a worker")
        elif len(strike.reason) > REASON_LIMIT:
            found[field] = phrase("at most %(count)s characters", count=REASON_LIMIT)
        named.add(strike.row)
    if not found and all(struck or row in named for row, struck in on_claim.items()):
        found[STRIKES] = phrase("every worker would be struck out: reject the claim instead")
    return found


def record_row(kind: RosterKind, facts: Mapping[str, Any]) -> Row:
    """A row as kept (dates as ISO text) back as the roster kind reads it (dates as dates)."""
    dates = {c.name for c in kind.columns if c.kind == "date"}
    return {name: date.fromisoformat(value) if name in dates and isinstance(value, str)
            else value for name, value in facts.items()}


def amounts_after(kind: RosterKind, rows: Sequence[Row], filed: Sequence[int | None],
                  struck: Sequence[bool]) -> list[int | None]:
    """What each row pays once the `struck` rows are out: a struck row nothing; where the
    rows' amounts depend on each other (the kind's class_amounts, Huzhou 004 二 4) the rest are
    recomputed without them, else each keeps the amount it was `filed` with."""
    if kind.class_amounts is None:
        return [0 if gone else fen for fen, gone in zip(filed, struck, strict=True)]
    return kind.amounts(rows, struck)


def unpaid(kind: RosterKind, amounts: Sequence[int | None]) -> dict[str, Phrase]:
    """Why the roster cannot be approved as struck: no worker left on it is paid (a class
    below 80% employed once its employed trainees are struck out); empty when one is."""
    if all(fen == 0 for fen in amounts):
        return {STRIKES: phrase("no worker left on this roster is paid under %(clause)s: "
                                "reject the claim instead", clause=kind.clause)}
    return {}
