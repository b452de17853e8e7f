"""Claims an enterprise files for a roster of its workers (issue 19 item 3, enterprise payees).

A pack declares its roster kinds (`RosterKind`: the columns of the roster's sheet, the rules
each row must meet and what one row pays, with the clause they come from); this module reads
and checks a roster of any kind, so the services stay the same for every pack. The money goes
to the enterprise's account, never to the workers' (Pengyang 003 二(四) 给予企业技能培训补贴).

A roster is refused whole when one row fails: a claim never holds a worker nobody checked, and
the enterprise corrects its sheet and sends it again (the page keeps the file it sent).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from stdnum.cn import uscc
from stdnum.exceptions import ValidationError

from workflow.domain.identity import normalise_id_number
from workflow.domain.phrases import Phrase, Said, phrase

# The facts of one row, by column name: text, a normalised ID number or a date.
Row = Mapping[str, "str | date"]
CELL_LIMIT = 64  # a text cell (a name, a certificate number): the roster_rows columns' width
ROW_LIMIT = 500  # a roster longer than this is split over several claims


@dataclass(frozen=True)
class Column:
    name: str  # the field's name (the API's key, the error's column)
    header: str  # the sheet's header, in Chinese as the enterprise fills it in
    kind: str = "text"  # text, id_number or date
    # The same on every row of one claim (the roster's industry, whose department reviews it).
    same: bool = False
    required: bool = True  # a blank cell is refused (or, where not required, left out)


@dataclass(frozen=True)
class RosterKind:
    """What a pack pays an enterprise per worker, and how a worker's row is checked."""

    kind: str  # the claim's subsidy_kind
    pack_id: str
    title: str  # English; pages translate it
    # The subsidy as the public notice prints it: notices are Chinese only (三(三) 公示).
    notice_title: str
    clause: str  # where the pack's source says it
    columns: tuple[Column, ...]
    # Column -> why the row fails it, for a row whose cells parsed (the pack's rules).
    problems: Callable[[Row, date], dict[str, Phrase]]
    # What this row pays the enterprise; None where the source states no amount: the row is
    # priced at acceptance by the administrator's `entry` (at most `cap_fen`), or not at all.
    amount_fen: Callable[[Row], int | None]
    # Which subsidy the row takes: a worker holds one slot once over all claims of every
    # enterprise (以工代训: once; an apprenticeship: once a year).
    slot: Callable[[Row], str]
    # What the enterprise states when it files, in the words of this kind's own clause (English;
    # pages translate it): 003 二(四) asks the enterprise's own judgement of each worker, 二(五)
    # an apprentice's certificate, Huzhou 004 三 7 a labour contract, 二 4 an agreement.
    attestation: str
    reviewer: str = "hr_bureau"  # the department that reviews the claim after the township
    # The department by the roster's rows, where the pack's source names one per industry.
    reviewer_of: Callable[[Sequence[Row]], str] | None = None
    # What the rows pay together, where one row's amount depends on the others (Huzhou 004
    # 二 4: the whole class is paid when 80% of it is employed); amount_fen is then unused.
    # It is told which rows a reviewer struck out (workflow.domain.roster_strikes), and says
    # how the others are paid without them.
    class_amounts: Callable[[Sequence[Row], Sequence[bool]], Sequence[int | None]] | None = None
    # The pack's settable entry pricing a row whose amount_fen is None (an award's, a kind's).
    entry_of: Callable[[Row], str] | None = None
    cap_fen: int | None = None  # the most a row may pay (the source's 最高)
    # A follow-up filing (Huzhou 004 二 4 其余50%): the kind of the paid claim it names, and the
    # kind bound to that claim (its reference and its rows as stored) to check the rows.
    follows: str | None = None
    following: Callable[[RosterKind, str, Sequence[Mapping[str, Any]]], RosterKind] | None = None
    # Which organisations may file it (workflow.domain.organisations): enterprises, unless the
    # source pays another kind of organisation (Huzhou 004 一 2: 培训机构).
    filers: tuple[str, ...] = ("enterprise",)
    # The certificate a row is paid for once, whoever claims it: the person on a claim of
    # their own or an organisation on a roster (Huzhou 004 一 2: 给予个人或培训机构). A key
    # shared with the person's kind (PolicyPack.certificate_slot); None: no such sharing.
    certificate_slot: Callable[[Row], str] | None = None
    # A person's own claim of these kinds (same pack) pays the same subsidy: a worker on one is
    # refused on the other, whichever comes first (Huzhou 004 二 4's class and a trainee's own
    # directed_training claim: 800 yuan a trainee, paid once).
    person_kinds: tuple[str, ...] = ()

    def amounts(self, rows: Sequence[Row], struck: Sequence[bool] = ()) -> list[int | None]:
        """What each row pays (None: not stated, priced at acceptance by the entry); a row
        `struck` out by a reviewer pays nothing (workflow.domain.roster_strikes)."""
        out = list(struck) or [False] * len(rows)
        if self.class_amounts is not None:
            paid = list(self.class_amounts(rows, out))
        else:
            paid = [self.amount_fen(row) for row in rows]
        return [0 if gone else fen for fen, gone in zip(paid, out, strict=True)]

    def department(self, rows: Sequence[Row]) -> str:
        return self.reviewer_of(rows) if self.reviewer_of is not None else self.reviewer


@dataclass(frozen=True)
class RowPrice:
    """What one row pays, or None with why (the amount is not configured)."""

    amount_fen: int | None
    capped: bool = False


def row_price(kind: RosterKind, stated: int | None, set_fen: int | None) -> RowPrice:
    """A row's amount: the one its kind states, else the administrator's for the kind's entry,
    no more than the kind's cap; None while neither is there (the claim waits at acceptance)."""
    if stated is not None:
        return RowPrice(stated)
    if set_fen is None:
        return RowPrice(None)
    if kind.cap_fen is not None and set_fen > kind.cap_fen:
        return RowPrice(kind.cap_fen, capped=True)
    return RowPrice(set_fen)


@dataclass(frozen=True)
class RosterPrice:
    """What a roster's rows pay with the amounts set so far: each row's price and the entry
    that prices it where its kind states no amount ("" where the kind names none)."""

    entries: tuple[str, ...]
    prices: tuple[RowPrice, ...]

    @property
    def missing(self) -> tuple[str, ...]:
        """The entries still not configured (the claim waits at acceptance until they are)."""
        return tuple(sorted({e or "-" for e, p in zip(self.entries, self.prices, strict=True)
                             if p.amount_fen is None}))

    @property
    def total_fen(self) -> int | None:
        """What acceptance fixes: the rows' prices summed; None while one is not configured."""
        return None if self.missing else sum(p.amount_fen or 0 for p in self.prices)

    @property
    def capped(self) -> bool:
        return any(p.capped for p in self.prices)


def roster_price(kind: RosterKind, rows: Sequence[tuple[int | None, Row]],
                 set_fen: Mapping[str, int]) -> RosterPrice:
    """The price of the rows paid (each: the amount its kind stated at filing, or None, and its
    facts), with the administrator's amounts `set_fen` by entry: acceptance fixes it
    (workflow.services.enterprise_claims), and an amount about to be set is shown by it
    (workflow.services.amount_impact)."""
    entries = tuple(kind.entry_of(facts) if kind.entry_of else "" for _, facts in rows)
    return RosterPrice(entries, tuple(
        row_price(kind, stated, set_fen.get(entry))
        for (stated, _), entry in zip(rows, entries, strict=True)))


def entries_waited_for(kind: RosterKind, rows: Sequence[tuple[int | None, Row]]) -> set[str]:
    """The settable entries that price the rows whose kind states no amount."""
    if kind.entry_of is None:
        return set()
    return {kind.entry_of(facts) for stated, facts in rows if stated is None}


@dataclass(frozen=True)
class RowError:
    row: int  # the sheet's row number (the header is row 1)
    column: str
    message: str


class RosterError(ValueError):
    """The roster cannot be filed: every row's problems, by row and column."""

    def __init__(self, errors: Sequence[RowError]) -> None:
        super().__init__(f"{len(errors)} problem(s) in the roster")
        self.errors = tuple(errors)


def normalise_credit_code(value: str) -> str:
    """The 18-character 统一社会信用代码 (GB 32100-2015), check character included, or
    ValueError with python-stdnum's reason."""
    try:
        return str(uscc.validate(value))
    except ValidationError as exc:
        raise ValueError(Said(phrase("not a valid unified social credit code: %(reason)s",
                                     reason=str(exc)))) from exc


def parse_date(text: str) -> date:
    """A cell's date: 2026-05-01, 2026/5/1 or a spreadsheet date (read as 2026-05-01 00:00:00)."""
    text = text.strip().replace("/", "-").split(" ")[0]
    return datetime.strptime(text, "%Y-%m-%d").date()


def _cell(column: Column, text: str) -> tuple[str | date | None, Phrase | None]:
    text = text.strip()
    if not text:
        return None, phrase("this column is required") if column.required else None
    if column.kind == "id_number":
        try:
            return normalise_id_number(text), None
        except ValueError as exc:
            return None, Phrase(str(exc))  # identity's own message, which pages translate
    if column.kind == "date":
        try:
            return parse_date(text), None
        except ValueError:
            return None, phrase("not a date: write it as 2026-05-01")
    if len(text) > CELL_LIMIT:  # the column holds no more; cutting it would change a name
        return None, phrase("at most %(count)s characters", count=CELL_LIMIT)
    return text, None


def check_rows(kind: RosterKind, rows: Sequence[Mapping[str, str]], filed_on: date,
               numbers: Sequence[int] | None = None) -> list[dict[str, str | date]]:
    """The rows parsed and checked; RosterError with every problem (row, column) when any
    row fails, or when the roster is empty, too long or names a worker twice. `numbers` are
    the rows' numbers in the sheet sent (blank lines skipped); by default 2, 3, ... (JSON)."""
    numbers = row_numbers(rows, numbers)
    errors: list[RowError] = []
    parsed: list[dict[str, str | date]] = []
    seen: dict[str, int] = {}
    if not rows:
        raise RosterError([RowError(0, "roster", Said(phrase("the roster has no workers")))])
    if len(rows) > ROW_LIMIT:
        raise RosterError([RowError(0, "roster", Said(phrase(
            "at most %(limit)s workers in one claim", limit=ROW_LIMIT)))])
    for number, raw in zip(numbers, rows, strict=True):
        row: dict[str, str | date] = {}
        found: dict[str, Phrase] = {}
        for column in kind.columns:
            value, problem = _cell(column, str(raw.get(column.name, "")))
            if problem is not None:
                found[column.name] = problem
            elif value is not None:
                row[column.name] = value
        _same(kind, row, parsed, found, numbers[0])
        id_number = row.get("id_number")
        if isinstance(id_number, str):
            if id_number in seen:
                found["id_number"] = phrase("this worker is already on row %(row)s",
                                            row=seen[id_number])
            seen.setdefault(id_number, number)
        if not found:
            found = kind.problems(row, filed_on)
        errors.extend(RowError(number, name, Said(p)) for name, p in found.items())
        parsed.append(row)
    if errors:
        raise RosterError(errors)
    if all(fen == 0 for fen in kind.amounts(parsed)):  # e.g. a class with no one employed
        raise RosterError([RowError(0, "roster", Said(phrase(
            "no worker on this roster is paid under %(clause)s", clause=kind.clause)))])
    return parsed


def row_numbers(rows: Sequence[object], numbers: Sequence[int] | None) -> list[int]:
    """Each row's number in the sheet: as given, else under the header from row 2 on."""
    if numbers is None:
        return list(range(2, len(rows) + 2))
    if len(numbers) != len(rows):
        raise ValueError("one sheet row number per row")
    return list(numbers)


def _same(kind: RosterKind, row: Mapping[str, str | date],
          before: Sequence[Mapping[str, str | date]], found: dict[str, Phrase],
          first: int) -> None:
    """A column that must be the same on every row: a row that differs from the first is
    refused (one claim, one value: e.g. one industry, one reviewing department)."""
    if not before:
        return
    for column in kind.columns:
        if column.same and column.name in row and column.name in before[0] and \
                row[column.name] != before[0][column.name]:
            found.setdefault(column.name, phrase(
                "every row of one roster must give the same value here as row %(row)s: file "
                "another claim for the others", row=first))


def rows_of_sheet(kind: RosterKind, table: Sequence[Sequence[str]]) -> list[dict[str, str]]:
    """A sheet's rows by column name: the first row holds the headers (the template's, or the
    column names), blank rows are skipped."""
    return numbered_rows(kind, table)[0]


def numbered_rows(kind: RosterKind, table: Sequence[Sequence[str]]
                  ) -> tuple[list[dict[str, str]], list[int]]:
    """A sheet's rows by column name and each one's own row number in the sheet: blank rows
    are skipped, so a problem on the row after a blank line is said where the enterprise sees
    it (the header is row 1)."""
    if not table:
        return [], []
    by_header = {c.header: c.name for c in kind.columns} | {c.name: c.name for c in kind.columns}
    names = [by_header.get(str(h).strip(), "") for h in table[0]]
    rows, numbers = [], []
    for number, line in enumerate(table[1:], start=2):
        if not any(str(v).strip() for v in line):
            continue
        rows.append({name: str(v) for name, v in zip(names, line, strict=False) if name})
        numbers.append(number)
    return rows, numbers


def template_rows(kind: RosterKind) -> list[list[str]]:
    """The downloadable template: the headers, and one example row."""
    example = {"text": "", "id_number": "", "date": "2026-05-01"}
    return [[c.header for c in kind.columns], [example[c.kind] for c in kind.columns]]


@dataclass(frozen=True)
class RosterChange:
    """How a corrected roster differs from the one it replaces, worker by worker."""

    before: int
    after: int
    added: int  # workers not on the roster before
    removed: int  # workers no longer on it (their slots freed)
    renamed: int  # workers still on it under another name

    @property
    def identity_changed(self) -> bool:
        """A worker added or renamed is an identity the township has not verified (003 三(三)
        所在乡镇…对人员身份进行审核): the correction goes through identity review again, as a
        person's correction that changes an identity detail does. Dropping workers or
        correcting other facts changes no identity."""
        return bool(self.added or self.renamed)

    def recorded(self) -> dict[str, int]:
        """For the timeline: the workers before (`from`) and after (`to`), added, removed."""
        return {"from": self.before, "to": self.after, "added": self.added,
                "removed": self.removed}


def roster_change(before: Mapping[str, str], after: Mapping[str, str]) -> RosterChange:
    """The change from `before` to `after`, each the workers' names by ID number."""
    kept = before.keys() & after.keys()
    return RosterChange(len(before), len(after), len(after.keys() - before.keys()),
                        len(before.keys() - after.keys()),
                        sum(1 for n in kept if before[n] != after[n]))
