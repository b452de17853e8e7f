"""Versions of Lanzhou's occupation tables (000_52f3d35499bfb498.txt 附件2, 附件3) and Huzhou's
shortage list (004_7b2ca6ac373157b2.txt 附件): entries added and retired, the quote of each
version, and why an administrator's change is refused."""

from __future__ import annotations

from datetime import date

import pytest

from workflow.domain.policy import PACKS, QuoteRequest
from workflow.domain.policy.huzhou import RULES as HUZHOU_RULES
from workflow.domain.policy.lanzhou.tables import FIRST_ROWS, occupations_of
from workflow.domain.policy.lanzhou.tables import RULES as LANZHOU_RULES
from workflow.domain.policy.tables import retirement
from workflow.domain.versions import ADD, RETIRE, EntryChange, PackVersion

LZ1 = PackVersion(1, date(2026, 1, 1))
LZ2 = PackVersion(2, date(2026, 7, 1), (
    EntryChange(ADD, "A-77", "新文件 附件2", "储能电站运维员", "A"),
    EntryChange(ADD, "S-41", "新文件 附件3 第41行", "碳排放管理员", "B"),
    EntryChange(RETIRE, "S-1", "新文件 附件3", "育婴员", "附件3 B"),
    EntryChange(RETIRE, "D-8", "新文件 附件2", "仓储管理员", "D")))
HZ1 = PackVersion(1, date(2025, 4, 1))
HZ2 = PackVersion(2, date(2026, 1, 1), (
    EntryChange(ADD, "4-04-05-05", "湖人社 附件", "人工智能训练师", "社会生产"),
    EntryChange(RETIRE, "4-10-01-05", "湖人社 二", "养老护理员", "生活服务")))
AMOUNTS = (("A", 2000_00), ("B", 1500_00), ("D", 800_00))


def _lanzhou(chain, name, hours=120):
    pack = PACKS["lanzhou"].revise(chain)
    return pack.quote(QuoteRequest("", "rural_migrant", "", "", date(2026, 8, 1),
                                   date(2026, 8, 2), kind="employment_skills",
                                   occupation_name=name, class_hours=hours,
                                   training_certificate_number="191700", set_amounts=AMOUNTS,
                                   skill_certificate="skill_level", employed=True))


def test_version_1_numbers_each_list_as_printed():
    # 附件2: A 76, B 129, C 95, D 46; 附件3: 40 rows.
    assert len(FIRST_ROWS) == 346 + 40
    assert (FIRST_ROWS["A-1"].name, FIRST_ROWS["D-46"].name) == ("中式烹调师",
                                                                  "企业职工通用素质培训")
    assert (FIRST_ROWS["S-1"].name, FIRST_ROWS["S-1"].group) == ("育婴员", "附件3 B")


@pytest.mark.parametrize(("name", "v1", "v2"), [
    ("储能电站运维员", None, 2000_00),  # added to category A
    ("碳排放管理员", 1500_00, 1800_00),  # B, added to 附件3: +20% (附件2 备注1)
    ("育婴员", 1800_00, 1500_00),  # retired from 附件3 row 1: no uplift
    ("仓储管理员", 800_00, None),  # retired from category D: not in the list
])
def test_lanzhou_quote_follows_the_version(name, v1, v2):
    hours = 60 if name == "仓储管理员" else 120
    first, second = _lanzhou((LZ1,), name, hours), _lanzhou((LZ1, LZ2), name, hours)
    assert (first.amount_fen, first.pack_version) == (v1, 1)
    assert (second.amount_fen, second.pack_version) == (v2, 2)
    assert second.eligible == (v2 is not None)


def test_the_added_shortage_row_cites_its_document():
    answer = _lanzhou((LZ1, LZ2), "碳排放管理员")
    assert any("新文件 附件3 第41行 碳排放管理员" in r.clause for r in answer.reasons)
    assert occupations_of((LZ1, LZ2)).shortage_by_name["碳排放管理员"].category == "B"


def test_lanzhou_additions_are_numbered_and_checked():
    change, found = LANZHOU_RULES.prepare((LZ1, LZ2), [], EntryChange(ADD, "S", "x", "焊工", "A"))
    assert found == {"name": "this occupation is on the shortage list already"}
    change, found = LANZHOU_RULES.prepare((LZ1, LZ2), [], EntryChange(ADD, "S", "文", "育婴员",
                                                                     "B"))
    assert (found, change.code, change.group) == ({}, "S-42", "B")  # retired row: may return
    change, found = LANZHOU_RULES.prepare((LZ1,), [], EntryChange(ADD, "C", "文", "焊工", "C"))
    assert "retire it first" in found["name"]
    moved = [EntryChange(RETIRE, "A-44", "文", "焊工", "A")]
    change, found = LANZHOU_RULES.prepare((LZ1,), moved, EntryChange(ADD, "C", "文", "焊工", "C"))
    assert (found, change.code) == ({}, "C-96")
    _, found = LANZHOU_RULES.prepare((LZ1,), [], EntryChange(ADD, "E", "", "新", "E",
                                                             amount_fen=100))
    assert set(found) == {"code", "group", "amount", "clause"}


def test_retirement_names_the_entry_and_refuses_twice():
    change, found = retirement(LANZHOU_RULES, (LZ1, LZ2), [], EntryChange(RETIRE, "S-1", "文"))
    assert found == {"code": "this entry is already retired"}
    change, found = retirement(LANZHOU_RULES, (LZ1,), [], EntryChange(RETIRE, "A-44", "文"))
    assert (found, change.name, change.group) == ({}, "焊工", "A")
    _, found = retirement(HUZHOU_RULES, (HZ1,), [change], EntryChange(RETIRE, "9-99-99-99", ""))
    assert set(found) == {"code", "clause"}


def _huzhou(chain, code):
    pack = PACKS["huzhou"].revise(chain)
    return pack.quote(QuoteRequest("", "", "", "", date(2026, 2, 1), date(2026, 2, 2),
                                   occupation_code=code,
                                   set_amounts=(("4-04-05-05", 1000_00),
                                                ("4-10-01-05", 1000_00))))


@pytest.mark.parametrize(("code", "v1", "v2"), [
    ("4-04-05-05", 1000_00, 1300_00),  # added to the list: +30% (004 1)
    ("4-10-01-05", 1300_00, 1000_00),  # retired from row 6: the base only
])
def test_huzhou_quote_follows_the_version(code, v1, v2):
    assert _huzhou((HZ1,), code).amount_fen == v1
    second = _huzhou((HZ1, HZ2), code)
    assert (second.amount_fen, second.pack_version) == (v2, 2)


def test_huzhou_additions_need_a_new_national_code():
    _, found = HUZHOU_RULES.prepare((HZ1,), [], EntryChange(ADD, "6-18-02-04", "文", "焊工", "生"))
    assert found == {"code": "this occupation is on the shortage list already"}
    _, found = HUZHOU_RULES.prepare((HZ1,), [], EntryChange(ADD, "6-18", "", "", ""))
    assert set(found) == {"code", "name", "group", "clause"}
