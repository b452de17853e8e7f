"""Every action the services record on a claim has a name on the claim page's timeline: a new
kind of audit event without one would show its code ("published") to a Chinese reader."""

from __future__ import annotations

import re
from pathlib import Path

from web.pages.labels import ACTIONS

SERVICES = Path(__file__).resolve().parents[2] / "workflow" / "services"
# instances.audit(session, <claim or None>, <actor>, <action expression>, now, ...)
CALL = re.compile(r"audit\(session, (\w+), \w+, (.+?),\s*now", re.S)


def _claim_actions() -> set[str]:
    found: set[str] = set()
    for source in SERVICES.glob("*.py"):
        for claim, action in CALL.findall(source.read_text("utf-8")):
            if claim != "None":
                found |= set(re.findall(r'"([a-z_]+)"', action))
    return found


def test_every_claim_action_is_named_on_the_timeline() -> None:
    actions = _claim_actions()
    assert {"submitted", "decided", "published", "timer_fired", "late_objection"} <= actions
    assert actions - ACTIONS.keys() == set()
