"""The dashboard at phone width: charts drawn under the CSP, their numbers in tables."""

from __future__ import annotations

from tests.browser.conftest import ARTIFACTS, shot
from tests.browser.test_journeys import login
from tests.integration.helpers import actors_of, decide, due_claims
from web.db import runtime, sessions
from workflow.services import targets

# A bar's length as a share of its axis's drawn length, from the geometry Chart.js drew (final
# positions, not mid-animation), with the axis's ends and the bars' values.
BARS = """id => {
  const chart = Chart.getChart(id);
  const horizontal = chart.options.indexAxis === 'y';
  const axis = horizontal ? chart.scales.x : chart.scales.y;
  const area = chart.chartArea;
  const span = horizontal ? area.right - area.left : area.bottom - area.top;
  return {min: axis.min, max: axis.max, labels: chart.data.labels,
          values: chart.data.datasets[0].data,
          shares: chart.getDatasetMeta(0).data.map(bar => {
            const p = bar.getProps(['x', 'y', 'base'], true);
            return Math.abs((horizontal ? p.x : p.y) - p.base) / span;
          })};
}"""


def test_dashboard_at_phone_width(live, open_page):
    f, rt = sessions(live["app"]), runtime(live["app"])
    people = actors_of(f)
    ids = due_claims(f, rt, people, 3, "TZ-B")  # 3 x 1400 yuan accepted, due for payment
    decide(f, rt, people["finance"], ids[0], "paid")
    phone = open_page(375, 740)
    login(phone, live["base"], "bureau")
    phone.goto(f"{live['base']}/dashboard?year=2026")
    phone.wait_for_function("window.Chart && Chart.getChart('chart-money')")
    money = phone.evaluate("Chart.getChart('chart-money').data.datasets[0].data")
    assert money == [4200, 1400, 2800]  # accepted, paid, due (the budget: its own chart)
    stages = phone.evaluate("Chart.getChart('chart-stages').data")
    assert stages["labels"] == ["资金发放", "已发放"] and stages["datasets"][0]["data"] == [2, 1]
    width = phone.evaluate("document.getElementById('chart-money').getBoundingClientRect()"
                           ".width")
    assert 200 < width <= 375
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    table = phone.inner_text("#table-money")
    assert "4,200.00" in table and "1,400.00" in table and "2,800.00" in table
    assert "未配置" in table
    rows = phone.inner_text("#table-stages tfoot")
    assert rows.split() == ["合计", "2", "1", "3"]
    assert "2,050" in phone.inner_text(".flag")  # the 附件2 total, flagged
    shot(phone, "dashboard-phone")
    for part in ("stages", "money", "targets"):
        phone.locator(f"section[aria-labelledby={part}-h]").screenshot(
            path=str(ARTIFACTS / f"dashboard-phone-{part}.png"))


def test_bars_are_drawn_to_scale_and_the_budget_on_its_own(live, open_page):
    """Issue 18 item 12: a target's bar is its share of the whole target (the axis ends at
    100%, not at the largest share); the budget is not a bar beside the amounts but the end of
    its own axis, so accepted and paid show as shares of it."""
    f, rt = sessions(live["app"]), runtime(live["app"])
    people = actors_of(f)
    ids = due_claims(f, rt, people, 3, "TZ-S")  # 3 x 1400 yuan accepted
    decide(f, rt, people["finance"], ids[0], "paid")
    with f.begin() as s:
        targets.set_budget(s, people["admin"], "pengyang", 2026, 1_000_000, "预算批复",
                           rt.clock())  # 10,000 yuan
    page = open_page()
    login(page, live["base"], "bureau")
    page.goto(f"{live['base']}/dashboard?year=2026")
    page.wait_for_function("window.Chart && Chart.getChart('chart-targets')")

    done = page.evaluate(BARS, "chart-targets")
    assert (done["min"], done["max"]) == (0, 100)
    assert done["values"] and max(done["values"]) < 5  # 3 claims: small shares of the targets
    for value, share in zip(done["values"], done["shares"], strict=True):
        assert abs(share - value / 100) < 0.01, (value, share)  # not 80% of a 3% axis

    money = page.evaluate(BARS, "chart-money")
    assert len(money["labels"]) == 3 and "预算" not in money["labels"]
    assert money["values"] == [4200, 1400, 2800] and (money["min"], money["max"]) == (0, 5000)
    assert abs(money["shares"][0] - 4200 / 5000) < 0.01  # the longest bar nearly fills it

    budget = page.evaluate(BARS, "chart-budget")
    assert budget["values"] == [42.0, 14.0] and (budget["min"], budget["max"]) == (0, 100)
    assert abs(budget["shares"][0] - 0.42) < 0.01 and abs(budget["shares"][1] - 0.14) < 0.01
    shot(page, "dashboard-scaled-bars")
