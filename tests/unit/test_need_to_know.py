"""The need-to-know rule per role and stage (workflow.domain.need_to_know), without a database."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from workflow.domain.access import Actor, Role, task_scope
from workflow.domain.need_to_know import (
    BOTH,
    NONE,
    Number,
    export_still_theirs,
    may_read_scan,
    shown,
    stages_needing,
    whole_numbers,
)

ID, ACCOUNT = Number.ID, Number.ACCOUNT
APPLICANT = Actor(7, Role.APPLICANT)
TOWNSHIP = Actor(2, Role.TOWNSHIP, "baiyang")
OTHER_TOWNSHIP = Actor(3, Role.TOWNSHIP, "wangwa")
DEPARTMENT = Actor(4, Role.DEPARTMENT, "market")
HR_DEPARTMENT = Actor(5, Role.DEPARTMENT, "hr_bureau")
BUREAU = Actor(6, Role.BUREAU)
FINANCE = Actor(8, Role.FINANCE)
ADMIN = Actor(9, Role.ADMIN)


@dataclass(frozen=True)
class Task:
    lane: str
    scope: str | None
    stage: str


def _task(lane: str, stage: str, township: str = "baiyang", department: str = "market") -> Task:
    return Task(lane, task_scope(lane, township, department, APPLICANT.user_id), stage)


# (stage's open task, actor) -> what they see whole on a claim of 白阳镇 for 市场监管
CASES = [
    (("Township", "township_review"), TOWNSHIP, {ID}),
    (("Township", "township_review"), OTHER_TOWNSHIP, NONE),  # not their task
    (("Township", "township_review"), DEPARTMENT, NONE),
    (("Department", "department_review"), TOWNSHIP, NONE),  # past their review
    (("Department", "department_review"), DEPARTMENT, NONE),  # certificate: masked
    (("Bureau", "bureau_acceptance"), BUREAU, NONE),
    (("Bureau", "objection_review"), BUREAU, NONE),
    (("Finance", "payment"), FINANCE, {ACCOUNT}),
    (("Finance", "payment"), TOWNSHIP, NONE),
    # The applicant's own correction form is filled in whole by the page; shown, masked.
    (("Applicant", "correction"), APPLICANT, NONE),
    (("Applicant", "account_correction"), APPLICANT, NONE),
    (("Applicant", "correction"), TOWNSHIP, NONE),
    (("Township", "township_review"), ADMIN, NONE),
]


@pytest.mark.parametrize(("task", "actor", "expected"), CASES)
def test_whole_only_for_the_task_that_needs_it(task, actor, expected):
    assert whole_numbers(actor, "baiyang", [_task(*task)]) == frozenset(expected)


def test_no_open_task_nothing_whole():
    for actor in (APPLICANT, TOWNSHIP, DEPARTMENT, BUREAU, FINANCE, ADMIN):
        assert whole_numbers(actor, "baiyang", []) == NONE


def test_a_claim_without_township_is_identity_reviewed_by_its_department():
    task = _task("Department", "department_review", township="", department="hr_bureau")
    assert whole_numbers(HR_DEPARTMENT, "", [task]) == {ID}
    assert whole_numbers(DEPARTMENT, "", [task]) == NONE  # another department's task
    assert stages_needing("Department", ID) == (("department_review", True),)
    assert stages_needing("Township", ID) == (("township_review", False),)
    assert stages_needing("Bureau", ID) == stages_needing(None, ACCOUNT) == ()


def test_scans_follow_the_numbers_they_show():
    assert may_read_scan(TOWNSHIP, "id_card", 7, frozenset({ID}))
    assert not may_read_scan(TOWNSHIP, "id_card", 7, NONE)
    assert not may_read_scan(BUREAU, "id_card", 7, NONE)
    assert not may_read_scan(FINANCE, "id_card", 7, frozenset({ACCOUNT}))
    assert not may_read_scan(TOWNSHIP, "unknown kind", 7, frozenset({ID}))  # may show both
    for actor in (TOWNSHIP, DEPARTMENT, BUREAU):
        assert may_read_scan(actor, "certificate_scan", 7, NONE)
    for actor in (FINANCE, ADMIN):
        assert not may_read_scan(actor, "certificate_scan", 7, BOTH)
    assert may_read_scan(APPLICANT, "id_card", 7, NONE)  # their own file
    assert not may_read_scan(Actor(8, Role.APPLICANT), "id_card", 7, BOTH)


def test_masking():
    assert shown(ID, "11010519491231002X", NONE) == "110105********002X"
    assert shown(ACCOUNT, "6228480000000001234", frozenset({ID})) == "**** 1234"
    assert shown(ACCOUNT, "6228480000000001234", frozenset({ACCOUNT})) == "6228480000000001234"


def test_an_export_is_theirs_only_with_the_role_and_scope_it_was_built_for():
    assert export_still_theirs("finance_officer", None, "finance_officer", None, True)
    assert not export_still_theirs("finance_officer", None, "finance_officer", None, False)
    assert not export_still_theirs("finance_officer", None, "department_reviewer", "market",
                                   True)
    assert not export_still_theirs("township_reviewer", "baiyang", "township_reviewer",
                                   "wangwa", True)
    assert not export_still_theirs(None, None, "finance_officer", None, True)
