"""Issue 17 items 4 and 6: objecting by claim number is not an oracle, and is rate-limited.

Attack: POST /api/v1/objections with guessed claim numbers and read 201 / 409 / 404 (on notice,
not on notice, unknown). Invariant: the same status and body (but the objection's own id and
number, and the claim number echoed as sent) for the three; only the claim on notice is held;
the other two are kept without a claim and shown to the HR bureau in its queue.
Attack: flood objections through the API, which had no limit. Invariant: the notice page and
the API count against one budget per address (OBJECTIONS_PER_HOUR, default 5): the next one,
by either, gets 429 with Retry-After; another address is not affected.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tests.conftest import claim_input
from tests.integration.helpers import accept_claims, actors_of, file, load, publish
from tests.integration.pages.conftest import post
from web.db import runtime, sessions
from workflow.persistence.models import Objection

TOO_MANY = "同一地址提交异议过于频繁"


@pytest.fixture
def world(app):
    """A claim on notice (row 1 of the notice) and a claim at township review."""
    f, rt = sessions(app), runtime(app)
    actors = actors_of(f)
    [on_notice] = accept_claims(f, rt, actors, 1, "TZ-OB")
    batch = publish(f, rt, actors["bureau"])
    not_on_notice = file(f, rt, actors["applicant"], claim_input(certificate_number="TZ-NO"))
    return {"on_notice": load(f, on_notice), "not_on_notice": load(f, not_on_notice),
            "batch": batch}


def _object(client, reference, address="10.1.1.1"):
    return client.post("/api/v1/objections", json={"reference": reference, "reason": "非本人证书",
                                                   "contact": "13700000000"},
                       environ_base={"REMOTE_ADDR": address})


def test_the_api_answers_alike_for_every_claim_number(app, client, browser, world):
    references = {"on_notice": world["on_notice"].reference,
                  "not_on_notice": world["not_on_notice"].reference,
                  "unknown": "BT2026-0BADC0DE"}
    answers = {kind: _object(client, ref, address=f"10.1.1.{i}")
               for i, (kind, ref) in enumerate(references.items())}
    assert {kind: a.status_code for kind, a in answers.items()} == dict.fromkeys(references, 201)
    bodies = {kind: a.json for kind, a in answers.items()}
    for kind, body in bodies.items():
        assert set(body) == {"id", "number", "reference", "received_at"}
        assert body["reference"] == references[kind]
        assert re.fullmatch(r"YY-\d{6}", body["number"])
    same = [{k: v for k, v in body.items() if k not in ("id", "number", "reference")}
            for body in bodies.values()]
    assert same[0] == same[1] == same[2]
    assert len({tuple(sorted(a.headers.items())) for a in answers.values()}) == 1
    # Only the claim on notice is held.
    f = sessions(app)
    assert load(f, world["on_notice"].id).stage == "objection_review"
    assert load(f, world["not_on_notice"].id).stage == world["not_on_notice"].stage
    with f() as s:
        kept = {o.id: (o.claim_id, o.reference) for o in s.scalars(select(Objection))}
    assert kept == {bodies["on_notice"]["id"]: (world["on_notice"].id, references["on_notice"]),
                    bodies["not_on_notice"]["id"]: (None, references["not_on_notice"]),
                    bodies["unknown"]["id"]: (None, "BT2026-0BADC0DE")}
    # The bureau sees the two that held nothing, the known number linked to its claim.
    queue = browser("bureau").get("/queue").get_data(as_text=True)
    assert bodies["unknown"]["number"] in queue and "BT2026-0BADC0DE" in queue
    assert f'href="/claims/{world["not_on_notice"].id}">{references["not_on_notice"]}' in queue
    assert "BT2026-0BADC0DE" not in browser("township").get("/queue").get_data(as_text=True)


def test_the_page_and_the_api_share_one_budget_per_address(app, client, browser, world):
    """The default, 5 an hour: 3 through the page and 2 through the API use it up."""
    batch = world["batch"].id
    page = browser(None)

    def by_page():
        return post(page, f"/notices/{batch}/object", {"row_number": "1", "reason": "冒领",
                                                       "name": "", "contact": ""},
                    environ_base={"REMOTE_ADDR": "10.2.2.2"})

    def by_api(reference):
        return _object(client, reference, address="10.2.2.2")

    assert [by_page().status_code for _ in range(3)] == [200, 200, 200]
    assert [by_api(world["on_notice"].reference).status_code for _ in range(2)] == [201, 201]
    refused_page = by_page()
    for refused in (refused_page, by_api(world["on_notice"].reference),
                    by_api("BT2026-FFFF0000")):
        assert refused.status_code == 429
        assert 0 < int(refused.headers["Retry-After"]) <= 3600
    assert TOO_MANY in refused_page.get_data(as_text=True)
    assert _object(client, "BT2026-0BADC0DE", address="10.2.2.3").status_code == 201
    with sessions(app)() as s:
        assert len(s.scalars(select(Objection).where(
            Objection.source_address == "10.2.2.2")).all()) == 5


def test_a_duplicate_certificate_does_not_name_another_persons_claim(client, login, world):
    """Attack: file someone's certificate number to learn their claim number (which then
    names a claim to object to). Invariant: the refusal names the claim to its own applicant
    only."""
    from tests.integration.api.conftest import claim_body

    mine = world["not_on_notice"]
    body = claim_body(certificate_number=mine.certificate_number)
    own = client.post("/api/v1/claims", headers=login("applicant"), json=body)
    assert own.status_code == 422
    assert mine.reference in own.json["fields"]["certificate_number"]
    other = client.post("/api/v1/claims", headers=login("other_applicant"), json={
        **body, "full_name": "李四", "account_holder": "李四", "id_number": "642226198505050022"})
    assert other.status_code == 422
    assert other.json["fields"] == {
        "certificate_number": "this certificate is already claimed in another person's "
                              "application"}
