"""Pack versions: which is in force on a day, the catalogue of a version, and draft checks.

Version 1 is 003_6bc740e2a48a5116.txt 附件1 as the code holds it; later versions are changes an
administrator drafted from a new document and scheduled from a date.
"""

from __future__ import annotations

from datetime import date

import pytest

from workflow.domain.policy import PACKS, QuoteRequest
from workflow.domain.policy.pengyang.catalogue import CATALOGUE
from workflow.domain.policy.pengyang.catalogue_versions import (
    addition_problems,
    catalogue_of,
    retirement_problems,
)
from workflow.domain.policy.pengyang.eligibility import ClaimFacts, problems
from workflow.domain.versions import (
    ADD,
    RETIRE,
    EntryChange,
    PackVersion,
    carried_forward,
    chain_to,
    in_force,
    schedule_problems,
)

V1 = PackVersion(1, date(2026, 1, 1))
DRONE = EntryChange(ADD, "PY-34", "2027年目录 第34行", "无人机驾驶员", "民用航空从业人员",
                    2400_50, "transport")
V2 = PackVersion(2, date(2027, 1, 1), (DRONE, EntryChange(RETIRE, "PY-21", "2027年目录 说明二",
                                                          "观光车司机")), "2027年目录")
V3 = PackVersion(3, date(2027, 7, 1), (EntryChange(RETIRE, "PY-34", "2027年补充通知"),))
ALL = (V3, V1, V2)  # any order


@pytest.mark.parametrize(("day", "number"), [
    (date(2025, 6, 1), 1),  # before the pack's own start: its first table answers
    (date(2026, 12, 31), 1),
    (date(2027, 1, 1), 2),  # a version is in force from its first day
    (date(2027, 6, 30), 2),
    (date(2027, 7, 1), 3),
    (date(2030, 1, 1), 3),
])
def test_the_version_in_force_is_the_latest_whose_date_has_come(day, number):
    assert in_force(ALL, day).number == number


def test_a_chain_is_versions_one_to_n_in_order():
    assert [v.number for v in chain_to(ALL, 2)] == [1, 2]
    assert [v.number for v in chain_to(ALL, 3)] == [1, 2, 3]


def test_the_catalogue_of_a_version_adds_and_retires_entries():
    first, second, third = (catalogue_of(chain_to(ALL, n)) for n in (1, 2, 3))
    assert first.entries == CATALOGUE and not first.retired
    assert "PY-34" in second.entries and "PY-21" not in second.entries
    added = second.entries["PY-34"]
    assert (added.amount_fen, added.department, added.version, added.row) == (
        240050, "transport", 2, None)
    gone = second.retired["PY-21"]
    assert (gone.version, gone.effective_from, gone.entry.name) == (2, date(2027, 1, 1),
                                                                    "观光车司机")
    assert "PY-34" in third.retired and "PY-21" in third.retired
    assert len(third.entries) == len(CATALOGUE) - 1  # every other 附件1 row stays


def _facts(code: str) -> ClaimFacts:
    return ClaimFacts("11010519491231002X", "baiyang", "rural_migrant", code, "",
                      date(2026, 5, 1))


def test_a_retired_code_is_refused_naming_the_version_and_its_date():
    second = catalogue_of(chain_to(ALL, 2))
    found = problems(_facts("PY-21"), date(2027, 1, 2), second)
    assert found == {"certificate_code": "PY-21 (观光车司机) is retired from the catalogue by "
                                         "version 2, in force from 2027-01-01"}
    assert problems(_facts("PY-34"), date(2027, 1, 2), second) == {}
    # Under version 1 the added code is unknown and the retired one still fine.
    assert set(problems(_facts("PY-34"), date(2027, 1, 2))) == {"certificate_code"}
    assert problems(_facts("PY-21"), date(2027, 1, 2)) == {}


def _ask(code: str) -> QuoteRequest:
    return QuoteRequest("baiyang", "rural_migrant", code, "", date(2026, 5, 1), date(2027, 2, 1))


def test_a_revised_pengyang_pack_prices_routes_and_reports_its_version():
    pack = PACKS["pengyang"].revise(chain_to(ALL, 2))
    added = pack.quote(_ask("PY-34"))
    assert (added.pack_version, added.eligible, added.amount_fen, added.department) == (
        2, True, 240050, "transport")
    amount = next(r.detail for r in added.reasons if r.rule == "amount")
    assert "2027年目录 第34行" in amount and "version 2" in amount and "2400.50 元" in amount
    retired = pack.quote(_ask("PY-21"))
    assert not retired.eligible and retired.amount_fen is None
    assert "version 2" in retired.problems()[0].detail
    assert pack.quote(_ask("PY-22")).amount_fen == 1400_00  # 附件1 row 22 unchanged
    assert [e.code for e in pack.entries].count("PY-34") == 1
    assert PACKS["pengyang"].quote(_ask("PY-21")).pack_version == 1


def test_amounts_set_for_lost_entries_carry_forward():
    rows = [("PY-01", 1, "v1 amount"), ("PY-02", 1, "old"), ("PY-02", 3, "new"),
            ("PY-03", 2, "set late")]
    assert carried_forward(rows, 1) == {"PY-01": "v1 amount", "PY-02": "old",
                                        "PY-03": "set late"}  # a gap filled by a later setting
    assert carried_forward(rows, 2) == {"PY-01": "v1 amount", "PY-02": "old",
                                        "PY-03": "set late"}
    assert carried_forward(rows, 4) == {"PY-01": "v1 amount", "PY-02": "new",
                                        "PY-03": "set late"}
    assert carried_forward(list(reversed(rows)), 2)["PY-02"] == "old"


@pytest.mark.parametrize(("day", "note", "changes", "fields"), [
    (date(2026, 11, 24), "2027年目录", 1, set()),
    (date(2026, 11, 23), "2027年目录", 1, {"effective_from"}),  # today
    (date(2026, 11, 1), "2027年目录", 1, {"effective_from"}),
    (date(2026, 12, 1), " ", 1, {"note"}),
    (date(2026, 12, 1), "2027年目录", 0, {"_form"}),
])
def test_when_a_draft_can_be_scheduled(day, note, changes, fields):
    assert set(schedule_problems(day, date(2026, 11, 23), date(2026, 1, 1), note,
                                 changes)) == fields


def test_a_version_starts_after_the_one_before_it():
    found = schedule_problems(date(2027, 1, 1), date(2026, 11, 23), date(2027, 1, 1), "x", 1)
    assert found == {"effective_from": "a new version starts after the version before it "
                                       "(2027-01-01)"}
    # Said from its catalogue template, so a page translates it without matching the English
    # (issue 19: reasons as phrases).
    assert found["effective_from"].phrase.template == (  # type: ignore[attr-defined]
        "a new version starts after the version before it (%(day)s)")


BASE = catalogue_of(chain_to(ALL, 3))


def _add(**changes: object) -> EntryChange:
    values = dict(kind=ADD, code="PY-40", clause="2028年目录 第40行", name="工业机器人操作员",
                  group="智能制造", amount_fen=3000_00, department="market")
    values.update(changes)
    return EntryChange(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(("changes", "fields"), [
    ({}, set()),
    ({"code": "PY-22"}, {"code"}),  # in force
    ({"code": "PY-21"}, {"code"}),  # retired: a code is never reused
    ({"code": "PY-34"}, {"code"}),  # added, then retired
    ({"code": "OTHER"}, {"code"}),
    ({"code": "py 40"}, {"code"}),
    ({"name": " ", "group": "", "clause": ""}, {"name", "group", "clause"}),
    ({"amount_fen": 0}, {"amount"}),
    ({"amount_fen": None}, {"amount"}),
    ({"department": "nowhere"}, {"department"}),
])
def test_what_an_added_entry_needs(changes, fields):
    assert set(addition_problems(BASE, [], _add(**changes))) == fields


def test_a_code_already_in_the_draft_is_refused():
    assert set(addition_problems(BASE, [_add()], _add())) == {"code"}


@pytest.mark.parametrize(("code", "clause", "draft", "message"), [
    ("PY-22", "x", [], None),
    ("PY-99", "x", [], "no such entry in force in the catalogue"),
    ("PY-21", "x", [], "this entry is already retired"),
    ("PY-22", "x", [EntryChange(RETIRE, "PY-22", "y")], "the draft already changes this entry"),
])
def test_what_a_retirement_needs(code, clause, draft, message):
    found = retirement_problems(BASE, draft, EntryChange(RETIRE, code, clause))
    assert found.get("code") == message


def test_a_retirement_cites_its_clause():
    assert set(retirement_problems(BASE, [], EntryChange(RETIRE, "PY-22", " "))) == {"clause"}
