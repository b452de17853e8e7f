"""A roster's problems are said by the sheet's own row numbers (issue 19 item 3): a blank line
in the sheet is skipped, never renumbering the rows after it."""

from __future__ import annotations

import io

from sqlalchemy import select

from tests.integration.pages.conftest import post
from tests.integration.pages.test_enterprise_pages import good, registered, sheet
from web.db import sessions
from workflow.persistence.models import RosterRow

BLANK = ["", "", "", "", "", ""]


def test_a_problem_after_a_blank_line_names_the_sheets_own_row(app, browser):
    user = registered(browser)
    # Row 2 a worker, row 3 blank, row 4 training too short, row 5 the worker of row 2 again.
    bad = sheet(good(0), BLANK, good(1, training_end="2026-09-10"), good(0))
    answer = post(user, "/enterprise/claims", {
        "roster_kind": "work_for_training", "attested": "work_for_training",
        "sheet": (io.BytesIO(bad), "花名册.xlsx")}, form_page="/enterprise/claims",
        headers={"Accept-Language": "zh"})
    page = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert "第 4 行, 培训结束日期: 培训时间为 10 天" in page, page
    assert "第 5 行" in page and "该职工已在第 2 行" in page
    assert "第 3 行" not in page


def test_the_rows_kept_carry_the_sheets_own_numbers(app, browser):
    user = registered(browser)
    fine = post(user, "/enterprise/claims", {
        "roster_kind": "work_for_training", "attested": "work_for_training",
        "sheet": (io.BytesIO(sheet(good(0), BLANK, BLANK, good(1))), "花名册.xlsx")},
        form_page="/enterprise/claims")
    assert fine.status_code == 302, fine.get_data(as_text=True)
    with sessions(app)() as s:
        assert sorted(s.scalars(select(RosterRow.row_number))) == [2, 5]
