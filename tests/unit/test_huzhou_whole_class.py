"""004 二 4 整班: the first 50% of directed training per employed trainee, or for the whole class
when its employment rate in Huzhou within 6 months reaches 80% (80% included)."""

from __future__ import annotations

import pytest

from workflow.domain.policy.huzhou.whole_class import first_half


@pytest.mark.parametrize(("size", "employed", "headcount"), [
    (10, 8, 10),  # exactly 80%: 达到80%以上 includes 80%
    (10, 7, 7),  # 70%: only the employed
    (50, 40, 50), (50, 39, 39),  # 78%: under by one
    (3, 3, 3), (7, 5, 5),  # 5/7 = 71.4%
    (9, 8, 9),  # 88.9%
    (5, 4, 5),  # 80% again
    (1, 0, 0),
])
def test_the_first_half_pays_the_whole_class_from_80_percent(size, employed, headcount):
    paid = first_half(size, employed)
    assert (paid.headcount, paid.amount_fen) == (headcount, headcount * 40000)  # 400 yuan each
    assert paid.reason.clause.endswith("二 4 整班") and paid.reason.passed
    assert ("whole class" in paid.reason.detail) is (employed * 10 >= size * 8)


def test_an_exact_rate_is_not_rounded_up():
    # 79.9%: 799 of 1000 would round to 80% if the rate were rounded; it is not reached.
    assert first_half(1000, 799).headcount == 799


@pytest.mark.parametrize(("size", "employed"), [(0, 0), (10, 11), (10, -1), (-1, 0)])
def test_counts_that_cannot_be_are_refused(size, employed):
    with pytest.raises(ValueError):
        first_half(size, employed)
