"""An enterprise changes the account it is paid to (issue 19 item 3), through HTTP, on SQLite
and PostgreSQL: the change needs the current password and is audited masked; a payment batch
already made keeps the account it copied (its bank file pays the old account, once); the claims
not yet paid take the new account; a reviewer sees the change; the credit code never changes."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.integration.api.test_enterprise_claims import STRONG, as_enterprise, roster, worker
from tests.integration.helpers import actors_of, decide, publish
from web.db import runtime, sessions
from workflow.payments.bank_files import Result
from workflow.persistence.models import (
    AuditEvent,
    Claim,
    Enterprise,
    Notification,
    PaymentLine,
)
from workflow.services import checks, payments, timers, users
from workflow.services.errors import InvalidInputError

OLD, NEW = "6228480000000009900", "6217000000000000123"
NAME = "彭阳县示范企业0有限公司"


def change(**overrides: str) -> dict[str, str]:
    return {"name": NAME, "phone": "13900000000", "bank_name": "中国建设银行彭阳支行",
            "account_number": NEW, "account_holder": NAME, "township": "baiyang",
            **overrides}


def _to_payment(app, claim_id: int) -> None:
    """Approve the claim at every review, publish it and let its notice close."""
    f, rt = sessions(app), runtime(app)
    a = actors_of(f)
    for reviewer in ("township", "hr_department", "bureau"):
        decide(f, rt, a[reviewer], claim_id, "approve")
    batch = publish(f, rt, a["bureau"], (claim_id,))
    timers.fire_due(f, rt, batch.closes_at)
    app.extensions["test.clock"][0] = batch.closes_at + timedelta(minutes=1)


def logged_in(client) -> dict[str, str]:
    """The enterprise's token again (the clock moved past the notice: the old one lapsed)."""
    answer = client.post("/api/v1/auth/login", json={"username": "firm0", "password": STRONG})
    return {"Authorization": f"Bearer {answer.json['token']}"}


def test_a_batch_keeps_its_account_and_the_unpaid_claims_take_the_new_one(app, client):
    headers = as_enterprise(client)
    first = client.post("/api/v1/enterprise/claims", headers=headers, json=roster(worker(0)))
    later = client.post("/api/v1/enterprise/claims", headers=headers, json=roster(worker(1)))
    assert first.status_code == later.status_code == 201
    first_id, later_id = first.json["id"], later.json["id"]
    _to_payment(app, first_id)
    f, rt = sessions(app), runtime(app)
    with f.begin() as s:  # the batch copies the account as it is now
        made = payments.create_batch(s, actors_of(f)["finance"], rt.clock(), [first_id])
        batch_id = made.id
    headers = logged_in(client)
    # Without the current password, or with a wrong one, nothing changes.
    bare = client.put("/api/v1/enterprise", headers=headers, json=change())
    assert bare.status_code == 422 and "current password" in bare.json["fields"][
        "current_password"]
    wrong = client.put("/api/v1/enterprise", headers=headers,
                       json=change(current_password="not my password"))
    assert wrong.status_code == 422 and "wrong password" in wrong.json["fields"][
        "current_password"]
    with f() as s:
        assert s.scalar(select(Enterprise.account_number)) == OLD
    done = client.put("/api/v1/enterprise", headers=headers,
                      json=change(current_password=STRONG))
    assert done.status_code == 200, done.json
    assert done.json["account_number"] != NEW and done.json["account_number"].endswith("0123")
    assert sorted(done.json["repointed"]) == sorted([first.json["reference"],
                                                     later.json["reference"]])
    a = actors_of(f)
    with f.begin() as s:
        second = users.actor_of(users.create_user(s, "finance2", "correct horse",
                                                  "finance_officer", "财务复核", rt.clock()))
    with f.begin() as s:
        payments.approve_batch(s, second, batch_id, rt.clock())
    with f.begin() as s:  # the bank file pays the account the batch was made with
        _, rows = payments.export_payments(s, a["finance"], batch_id, rt.clock())
    assert [(r.reference, r.account_number) for r in rows] == [(first.json["reference"], OLD)]
    with f.begin() as s:  # the claim in the batch is not due again: no second payment
        with pytest.raises(InvalidInputError):
            payments.create_batch(s, a["finance"], rt.clock(), [first_id])
    _to_payment(app, later_id)
    with f.begin() as s:  # a batch made after the change pays the new account
        later_batch = payments.create_batch(s, a["finance"], rt.clock())
        assert [(line.claim_id, line.account_number) for line in payments.lines(
            s, later_batch.id)] == [(later_id, NEW)]
    with f.begin() as s:
        payments.import_results(s, rt, a["finance"], batch_id, [
            Result(1, first.json["reference"], True, "", 150_000)])
    with f() as s:
        assert s.get(Claim, first_id).status == "paid"
        paid = s.scalars(select(PaymentLine).where(PaymentLine.claim_id == first_id)).all()
        assert [(line.result, line.account_number) for line in paid] == [("paid", OLD)]
        assert not payments.due(s)


def test_the_change_is_audited_masked_and_reviewers_see_it(app, client):
    headers = as_enterprise(client)
    filed = client.post("/api/v1/enterprise/claims", headers=headers, json=roster(worker(0)))
    claim_id = filed.json["id"]
    f = sessions(app)
    with f() as s:
        before = {c.name: c.passed for c in checks.run_checks(s, s.get(Claim, claim_id))}
        assert before["account_unchanged"]
    assert client.put("/api/v1/enterprise", headers=headers,
                      json=change(current_password=STRONG)).status_code == 200
    with f() as s:
        found = {c.name: c for c in checks.run_checks(s, s.get(Claim, claim_id))}
        assert not found["account_unchanged"].passed and found["account_unchanged"].blocking
        assert "0123" in str(found["account_unchanged"].detail)
        events = s.scalars(select(AuditEvent).where(AuditEvent.action.in_(
            ("enterprise_changed", "payee_account_changed")))).all()
        assert len(events) == 2
        text = str([e.changes for e in events])
        assert OLD not in text and NEW not in text and "0123" in text and "9900" in text
        claim = s.get(Claim, claim_id)
        assert (claim.account_number, claim.bank_name) == (NEW, "中国建设银行彭阳支行")
        # The enterprise is told (a message and its SMS), the account masked.
        [told] = s.scalars(select(Notification).where(
            Notification.user_id == claim.applicant_id,
            Notification.kind == "payee_account_changed")).all()
        assert "0123" in told.message and NEW not in told.message
    # Bulk approval skips it: a person looks at a claim whose account changed.
    a = actors_of(f)
    with f.begin() as s:
        [outcome] = checks.bulk_approve(s, runtime(app), a["township"], [claim_id])
        assert not outcome.approved and "account_unchanged" in outcome.reason


def test_the_credit_code_cannot_change_and_a_detail_needs_no_password(app, client):
    headers = as_enterprise(client)
    moved = client.put("/api/v1/enterprise", headers=headers, json=change(
        account_number="", bank_name="宁夏银行彭阳支行", credit_code="91640425MA76YYYY0G",
        current_password=STRONG))
    assert moved.status_code == 422 and "cannot be changed" in moved.json["fields"][
        "credit_code"]
    phone = client.put("/api/v1/enterprise", headers=headers, json=change(
        account_number="", bank_name="宁夏银行彭阳支行", phone="13911112222"))
    assert phone.status_code == 200, phone.json
    assert phone.json["phone"] == "13911112222" and phone.json["repointed"] == []
    assert client.get("/api/v1/enterprise", headers=headers).json[
        "credit_code"] == "91640425MA76XXXX0T"


def test_an_account_another_payee_uses_is_flagged(app, client):
    first = as_enterprise(client, 0)
    other = as_enterprise(client, 1)
    assert client.post("/api/v1/enterprise/claims", headers=first,
                       json=roster(worker(0))).status_code == 201
    filed = client.post("/api/v1/enterprise/claims", headers=other, json=roster(worker(1)))
    name = "彭阳县示范企业1有限公司"
    taken = client.put("/api/v1/enterprise", headers=other, json=change(
        name=name, account_holder=name, account_number=OLD, bank_name="宁夏银行彭阳支行",
        current_password=STRONG))
    assert taken.status_code == 200  # flagged for the reviewer, as at filing, not refused
    with sessions(app)() as s:
        found = {c.name: c for c in checks.run_checks(s, s.get(Claim, filed.json["id"]))}
        assert not found["account_shared"].passed
        assert s.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "payee_account_changed")) == 1


def test_a_batch_made_while_the_account_changes_pays_one_account_and_says_which(app, client):
    """The change and a batch at the same moment: the batch copies the account before the
    change (and the claim's timeline names the batch that keeps it) or after it; the claim
    itself always ends on the new account."""
    headers = as_enterprise(client)
    filed = client.post("/api/v1/enterprise/claims", headers=headers, json=roster(worker(0)))
    claim_id = filed.json["id"]
    _to_payment(app, claim_id)
    headers = logged_in(client)
    f, rt = sessions(app), runtime(app)
    finance = actors_of(f)["finance"]
    barrier, answers = threading.Barrier(2), {}

    def change_account() -> None:
        barrier.wait()
        answers["change"] = client.put("/api/v1/enterprise", headers=headers,
                                       json=change(current_password=STRONG)).status_code

    def make_batch() -> None:
        barrier.wait()
        with f.begin() as s:
            answers["batch"] = payments.create_batch(s, finance, rt.clock()).number

    threads = [threading.Thread(target=change_account), threading.Thread(target=make_batch)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert answers["change"] == 200 and answers["batch"]
    with f() as s:
        [line] = s.scalars(select(PaymentLine).where(PaymentLine.claim_id == claim_id)).all()
        assert s.get(Claim, claim_id).account_number == NEW
        note = s.scalar(select(AuditEvent.comment).where(
            AuditEvent.claim_id == claim_id, AuditEvent.action == "payee_account_changed"))
        if line.account_number == OLD:  # the batch came first: the timeline says it keeps it
            assert note is not None and answers["batch"] in note
        else:
            assert line.account_number == NEW and note is None


def test_the_township_is_kept_only_where_a_pack_has_that_step_and_set_later(app, client):
    """Registered where only Huzhou is offered (no township step: none is kept), the
    enterprise gives its township in its details before filing a Pengyang roster."""
    app.config["POLICY_PACKS"] = "huzhou"
    headers = as_enterprise(client)
    with sessions(app)() as s:
        assert s.scalar(select(Enterprise.township)) == ""
    app.config["POLICY_PACKS"] = "pengyang,huzhou"
    refused = client.post("/api/v1/enterprise/claims", headers=headers, json=roster(worker(0)))
    assert refused.status_code == 422 and "township" in refused.json["fields"]
    same = change(account_number="", bank_name="宁夏银行彭阳支行")
    assert client.put("/api/v1/enterprise", headers=headers, json=same).status_code == 200
    filed = client.post("/api/v1/enterprise/claims", headers=headers, json=roster(worker(0)))
    assert filed.status_code == 201, filed.json
    with sessions(app)() as s:
        assert s.get(Claim, filed.json["id"]).township == "baiyang"
