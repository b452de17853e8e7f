"""Issue 17 item 4: a quote is not an oracle of another person's subsidies.

Attack: quote with someone else's ID number and read the cap's count (a masked notice row,
110105********002X, was unmasked in 1,791 such requests). Invariant: an applicant's quote
counts their own number on file only (another number: 422); an anonymous caller's, finance's
and an administrator's count nobody's, so the answer for a person with 2 accepted claims is
byte for byte the answer for a person with none; a reviewer's or the bureau's quote with an
ID number counts it, is audited (who, which masked number, when) and is refused with 429 and
Retry-After past QUOTES_WITH_ID_NUMBER_PER_HOUR per user.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.conftest import claim_input
from tests.integration.helpers import actors_of, decide, file
from web.db import runtime, sessions
from workflow.persistence.models import AuditEvent

TWO_ACCEPTED = "11010519491231002X"  # the fixture applicant's: two claims accepted below
NONE_ACCEPTED = "642226199001011235"  # valid, held by nobody, no claims
FACTS = {"township": "baiyang", "target_group": "rural_migrant", "certificate_code": "PY-26",
         "certificate_issued_on": "2026-05-01"}


@pytest.fixture
def two_accepted(app):
    """The fixture applicant (TWO_ACCEPTED) has two claims accepted: the cap (2) is reached."""
    f, rt = sessions(app), runtime(app)
    actors = actors_of(f)
    for number in ("TZ-Q-1", "TZ-Q-2"):
        claim_id = file(f, rt, actors["applicant"], claim_input(certificate_number=number))
        for who in ("township", "department", "bureau"):
            decide(f, rt, actors[who], claim_id, "approve")
    return actors


def _quote(client, headers, id_number):
    return client.post("/api/v1/quote", headers=headers, json={**FACTS, "id_number": id_number})


def _cap(body):
    return next(r for r in body["reasons"] if r["rule"] == "cap")["detail"]


def test_an_applicant_cannot_quote_with_another_persons_id_number(client, login, two_accepted):
    headers = login("other_applicant")
    taken, free = _quote(client, headers, TWO_ACCEPTED), _quote(client, headers, NONE_ACCEPTED)
    assert (taken.status_code, free.status_code) == (422, 422)
    assert taken.get_data() == free.get_data()  # nothing about either person
    assert "on file" in taken.json["fields"]["id_number"]


def test_an_applicants_quote_counts_their_own_number_on_file(client, login, two_accepted):
    headers = login("applicant")
    given = _quote(client, headers, TWO_ACCEPTED.lower())
    left_out = client.post("/api/v1/quote", headers=headers, json=FACTS)
    assert given.status_code == 200 and given.get_data() == left_out.get_data()
    assert (given.json["eligible"], given.json["history_of"]) == (False, "110105********002X")
    assert _cap(given.json).startswith("2 accepted or paid before")


@pytest.mark.parametrize("who", [None, "finance", "admin"])
def test_who_may_not_count_history_gets_the_same_quote_for_any_id_number(app, client, login,
                                                                        two_accepted, who):
    headers = login(who) if who else {}
    taken, free = _quote(client, headers, TWO_ACCEPTED), _quote(client, headers, NONE_ACCEPTED)
    assert (taken.status_code, free.status_code) == (200, 200), taken.json
    assert taken.get_data() == free.get_data()
    assert (taken.json["eligible"], taken.json["history_of"]) == (True, None)
    assert _cap(taken.json).startswith("0 accepted or paid before")
    bad = _quote(client, headers, "110105194912310021")  # the form is still checked
    assert bad.status_code == 200 and not bad.json["eligible"]
    assert [r["rule"] for r in bad.json["reasons"] if not r["passed"]] == ["id_number"]
    with sessions(app)() as s:
        assert s.scalars(select(AuditEvent).where(
            AuditEvent.action == "quote_with_id_number")).all() == []


def test_staff_quotes_with_an_id_number_are_audited_and_limited_per_user(app, client, login,
                                                                        two_accepted):
    app.config["QUOTES_WITH_ID_NUMBER_PER_HOUR"] = 3
    clock = app.extensions["test.clock"]
    bureau, township = login("bureau"), login("township")
    answers = [_quote(client, bureau, TWO_ACCEPTED) for _ in range(3)]
    assert [a.status_code for a in answers] == [200] * 3
    assert (answers[0].json["eligible"], answers[0].json["history_of"]) == (
        False, "110105********002X")  # the bureau's quote counts the person's claims
    refused = _quote(client, bureau, NONE_ACCEPTED)
    assert refused.status_code == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 3600
    assert client.post("/api/v1/quote", headers=bureau, json=FACTS).status_code == 200
    assert _quote(client, township, NONE_ACCEPTED).status_code == 200  # another user's budget
    with sessions(app)() as s:
        events = s.scalars(select(AuditEvent).where(
            AuditEvent.action == "quote_with_id_number").order_by(AuditEvent.id)).all()
    who = {two_accepted["bureau"].user_id: "bureau", two_accepted["township"].user_id: "township"}
    assert [(who[e.actor_id], e.changes["id_number"], e.at) for e in events] == [
        ("bureau", "110105********002X", clock[0])] * 3 + [
        ("township", "642226********1235", clock[0])]
    assert all(TWO_ACCEPTED not in str(e.changes) for e in events)
    clock[0] += timedelta(hours=1, seconds=1)
    assert _quote(client, bureau, NONE_ACCEPTED).status_code == 200
