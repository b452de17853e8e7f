"""The dashboard at phone width: charts drawn under the CSP, their numbers in tables."""

from __future__ import annotations

from tests.browser.conftest import ARTIFACTS, shot
from tests.browser.test_journeys import login
from tests.integration.helpers import actors_of, decide, due_claims
from web.db import runtime, sessions


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
    assert money == [None, 4200, 1400, 2800]  # budget not configured, accepted, paid, due
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
