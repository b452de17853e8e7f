"""A roster's cells without Flask: a text longer than its column is refused with the limit,
never cut (a cut name or certificate number would be another worker's)."""

from __future__ import annotations

from datetime import date

import pytest

from workflow.domain.policy.pengyang.rosters import WORK_FOR_TRAINING_KIND as KIND
from workflow.domain.rosters import CELL_LIMIT, RosterError, check_rows

ROW = {"full_name": "马小龙", "id_number": "11010519491231002X",
       "training_start": "2026-05-01", "training_end": "2026-06-15",
       "certificate_number": "YGDX-2026-001", "employed_since": "2026-06-16"}


def test_a_text_longer_than_its_column_is_refused_not_cut():
    long = "Y" * (CELL_LIMIT + 1)
    with pytest.raises(RosterError) as refused:
        check_rows(KIND, [{**ROW, "certificate_number": long}], date(2026, 12, 3))
    [error] = refused.value.errors
    assert (error.row, error.column) == (2, "certificate_number")
    assert f"at most {CELL_LIMIT} characters" in str(error.message)
    [row] = check_rows(KIND, [{**ROW, "certificate_number": long[:-1]}], date(2026, 12, 3))
    assert row["certificate_number"] == long[:-1]


def test_a_corrected_roster_changes_identity_when_it_names_a_worker_anew():
    """A worker added or renamed is an identity the township has not verified (003 三(三));
    workers dropped, or the same workers, change none."""
    from workflow.domain.rosters import roster_change

    before = {"A": "甲", "B": "乙"}
    same = roster_change(before, {"B": "乙", "A": "甲"})
    assert (same.added, same.removed, same.renamed, same.identity_changed) == (0, 0, 0, False)
    dropped = roster_change(before, {"A": "甲"})
    assert dropped.recorded() == {"from": 2, "to": 1, "added": 0, "removed": 1}
    assert not dropped.identity_changed
    assert roster_change(before, {"A": "甲", "C": "丙"}).identity_changed
    assert roster_change(before, {"A": "甲", "B": "乙二"}).identity_changed
