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

from stdnum.cn import uscc
from stdnum.exceptions import ValidationError

from workflow.domain.identity import normalise_id_number
from workflow.domain.phrases import Phrase, Said, phrase, reason_text

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
    reviewer: str = "hr_bureau"  # the department that reviews the claim after the township
    # The department by the roster's rows, where the pack's source names one per industry.
    reviewer_of: Callable[[Sequence[Row]], str] | None = None
    # What the rows pay together, where one row's amount depends on the others (Huzhou 004
    # 二 4: the whole class is paid when 80% of it is employed); amount_fen is then unused.
    class_amounts: Callable[[Sequence[Row]], Sequence[int | None]] | None = None
    # The pack's settable entry pricing a row whose amount_fen is None (an award's, a kind's).
    entry_of: Callable[[Row], str] | None = None
    cap_fen: int | None = None  # the most a row may pay (the source's 最高)
    # Which organisations may file it (workflow.domain.organisations): enterprises, unless the
    # source pays another kind of organisation (Huzhou 004 一 2: 培训机构).
    filers: tuple[str, ...] = ("enterprise",)
    # What the organisation confirms when it files, and why it must (refused without it).
    attestation: str = reason_text(
        "the enterprise must confirm each worker's skill meets its job requirements "
        "(003 二(四) 经企业认定)")
    # The certificate a row is paid for once, whoever claims it: the person on a claim of
    # their own or an organisation on a roster (Huzhou 004 一 2: 给予个人或培训机构). A key
    # shared with the person's kind (PolicyPack.certificate_slot); None: no such sharing.
    certificate_slot: Callable[[Row], str] | None = None

    def amounts(self, rows: Sequence[Row]) -> list[int | None]:
        """What each row pays (None: not stated, priced at acceptance by the entry)."""
        if self.class_amounts is not None:
            return list(self.class_amounts(rows))
        return [self.amount_fen(row) for row in rows]

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


def check_rows(kind: RosterKind, rows: Sequence[Mapping[str, str]],
               filed_on: date) -> list[dict[str, str | date]]:
    """The rows parsed and checked; RosterError with every problem (row, column) when any
    row fails, or when the roster is empty, too long or names a worker twice."""
    errors: list[RowError] = []
    parsed: list[dict[str, str | date]] = []
    seen: dict[str, int] = {}
    if not rows:
        raise RosterError([RowError(0, "roster", Said(phrase("the roster has no workers")))])
    if len(rows) > ROW_LIMIT:
        raise RosterError([RowError(0, "roster", Said(phrase(
            "at most %(limit)s workers in one claim", limit=ROW_LIMIT)))])
    for number, raw in enumerate(rows, start=2):
        row: dict[str, str | date] = {}
        found: dict[str, Phrase] = {}
        for column in kind.columns:
            value, problem = _cell(column, str(raw.get(column.name, "")))
            if problem is not None:
                found[column.name] = problem
            elif value is not None:
                row[column.name] = value
        _same(kind, row, parsed, found)
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


def _same(kind: RosterKind, row: Mapping[str, str | date],
          before: Sequence[Mapping[str, str | date]], found: dict[str, Phrase]) -> None:
    """A column that must be the same on every row: a row that differs from the first is
    refused (one claim, one value: e.g. one industry, one reviewing department)."""
    if not before:
        return
    for column in kind.columns:
        if column.same and column.name in row and column.name in before[0] and \
                row[column.name] != before[0][column.name]:
            found.setdefault(column.name, phrase(
                "every row of one roster must give the same value here as row 2: file another "
                "claim for the others"))


def rows_of_sheet(kind: RosterKind, table: Sequence[Sequence[str]]) -> list[dict[str, str]]:
    """A sheet's rows by column name: the first row holds the headers (the template's, or the
    column names), blank rows are skipped."""
    if not table:
        return []
    by_header = {c.header: c.name for c in kind.columns} | {c.name: c.name for c in kind.columns}
    names = [by_header.get(str(h).strip(), "") for h in table[0]]
    rows = []
    for line in table[1:]:
        if not any(str(v).strip() for v in line):
            continue
        rows.append({name: str(v) for name, v in zip(names, line, strict=False) if name})
    return rows


def template_rows(kind: RosterKind) -> list[list[str]]:
    """The downloadable template: the headers, and one example row."""
    example = {"text": "", "id_number": "", "date": "2026-05-01"}
    return [[c.header for c in kind.columns], [example[c.kind] for c in kind.columns]]
