"""The dashboard's axes (issue 18 item 12): a share runs to the whole target; amounts from 0."""

from __future__ import annotations

import pytest

from web.pages.chart_scales import amount_axis, share_axis


@pytest.mark.parametrize(("shares", "axis"), [
    ([2.3], (0, 100)),  # 2.3% done is a sliver of the axis, not 80% of one ending at 3%
    ([2.3, 0.0, None], (0, 100)),
    ([], (0, 100)),
    ([None], (0, 100)),
    ([100.0], (0, 100)),
    ([100.1], (0, 110)),  # past the target: the 100% line stays inside the axis
    ([57.0, 143.2], (0, 150)),
])
def test_a_share_axis_runs_to_the_whole_target(shares, axis):
    assert share_axis(shares) == axis


def test_a_bar_is_its_share_of_the_axis():
    low, high = share_axis([2.3, 40.0])
    assert (2.3 - low) / (high - low) == pytest.approx(0.023)


def test_the_step_must_be_positive():
    with pytest.raises(ValueError):
        share_axis([1.0], step=0)


@pytest.mark.parametrize(("amounts", "axis"), [
    ([4200, 1400, 2800], (0, 5000)),
    ([1000], (0, 1000)),
    ([1001], (0, 2000)),
    ([3], (0, 5)),
    ([0, None], (0, 1)),
    ([], (0, 1)),
    ([12_000_000], (0, 20_000_000)),
])
def test_an_amount_axis_starts_at_zero_and_ends_just_past_the_largest(amounts, axis):
    assert amount_axis(amounts) == axis
