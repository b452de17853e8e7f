""""Today" is the county's calendar day (UTC+8), not the server's UTC date.

Between 16:00 and 24:00 UTC it is already the next day in Pengyang: a certificate issued that
morning (county time) is not "in the future", and the claim is priced under the version in
force on the county's day.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from tests.conftest import claim_input
from tests.integration.helpers import file, load

EVENING_UTC = datetime(2026, 6, 1, 17, 30, tzinfo=UTC)  # 2026-06-02 01:30 in Pengyang


def test_a_certificate_issued_today_county_time_is_accepted_in_the_utc_evening(
        session_factory, runtime, clock, actors):
    clock[0] = EVENING_UTC
    claim_id = file(session_factory, runtime, actors["applicant"],
                    claim_input(certificate_issued_on=date(2026, 6, 2)))
    assert load(session_factory, claim_id).certificate_issued_on == date(2026, 6, 2)
