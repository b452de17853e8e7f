"""Password rules (NIST SP 800-63B §5.1.1.2 with zxcvbn): length, guessability, own details."""

from __future__ import annotations

import pytest

from workflow.domain.passwords import (
    GUESSABLE,
    GUESSABLE_STAFF,
    TOO_LONG,
    TOO_SHORT,
    password_problem,
)

PERSONAL = ("zhangsan", "张三", "11010519491231002X", "13800000000")


@pytest.mark.parametrize("password,staff,problem", [
    ("1234567", False, TOO_SHORT),
    ("a" * 129, False, TOO_LONG),
    ("password1", False, GUESSABLE),
    ("woaini1314", False, GUESSABLE),  # common in China, not in zxcvbn's own lists
    ("pengyang123", False, GUESSABLE),  # the county's name
    ("11010519491231002X", False, GUESSABLE),  # the applicant's own ID number
    ("zhangsan2026", False, GUESSABLE),  # the username and a year
    ("long enough", False, None),
    ("long enough", True, GUESSABLE_STAFF),  # staff need more
    ("river stone lantern", True, None),
    ("麦子熟了就回家过年", False, None),
    ("a" * 30 + " 正确的马电池订书钉", True, None),
])
def test_password_rules(password, staff, problem):
    assert password_problem(password, staff, PERSONAL) == problem
