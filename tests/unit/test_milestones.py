"""Which audit events are milestones the applicant hears of, what each says, and how an SMS
answer is read: pure rules, no app, no database."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest

from workflow.domain import sms
from workflow.domain.milestones import MILESTONES, Facts, sms_text, template_for

WHOLE = re.compile(r"\d{12,}|\d{17}[\dXx]")
HOSTILE = "账号 6228480000000000042 身份证 11010519491231002X 不符"


@pytest.mark.parametrize("key", sorted(MILESTONES, key=str))
def test_every_milestone_names_the_claim_and_never_a_whole_number(key):
    facts = Facts("BT2026-3F9A1C2E", reason=HOSTILE, amount_fen=140000, account_tail="0042",
                  notice_number="彭人社公示〔2026〕1号", notice_ends_on=date(2026, 11, 6))
    message = MILESTONES[key](facts)
    assert "BT2026-3F9A1C2E" in message.text and not WHOLE.search(message.text)
    assert message.kind and len(message.text) < 300


@pytest.mark.parametrize(("action", "stage", "decision", "kind"), [
    ("decided", "township_review", "return", "returned"),
    ("decided", "department_review", "return", "returned"),
    ("decided", "bureau_acceptance", "reject", "rejected"),
    ("decided", "township_review", "approve", "approved"),
    ("decided", "bureau_acceptance", "approve", "accepted"),
    ("published", "notice", None, "published"),
    ("objection", "objection_review", None, "objection"),
    ("decided", "objection_review", "uphold", "objection_upheld"),
    ("decided", "payment", "failed", "failed"),
])
def test_the_event_key_chooses_the_message(action, stage, decision, kind):
    template = template_for(action, stage, decision)
    assert template is not None and template(Facts("BT2026-1")).kind == kind


@pytest.mark.parametrize(("action", "stage", "decision"), [
    ("submitted", "township_review", None), ("withdrawn", "correction", None),
    ("decided", "correction", "resubmit"), ("decided", "account_correction", "resubmit"),
    ("late_objection", "payment", None), ("timer_fired", "notice", None),
    ("migrated", "township_review", None), ("routed", "township_review", None),
    ("decided", "installment_condition", "confirm"),  # the claim service tells these itself
])
def test_what_the_applicant_did_or_nobody_needs_to_hear_is_no_message(action, stage, decision):
    assert template_for(action, stage, decision) is None


def test_a_long_reason_is_cut_and_a_missing_one_said():
    returned = MILESTONES[("decided", "*", "return")]
    assert "…。请登录更正后重新提交。" in returned(Facts("BT2026-1", reason="很" * 500)).text
    assert "退回理由：未说明。" in returned(Facts("BT2026-1")).text


def test_the_sms_of_a_message_names_its_claim_once():
    assert sms_text("BT2026-1", "第2期已确认") == "补贴申请 BT2026-1：第2期已确认"
    assert sms_text("BT2026-1", "您的补贴申请 BT2026-1 已通过") == "您的补贴申请 BT2026-1 已通过"
    assert sms_text(None, "账户 6228480000000000042") == "账户 **** 0042"


@pytest.mark.parametrize(("status", "outcome"), [
    (200, "sent"), (202, "sent"), (500, "retry"), (503, "retry"), (429, "retry"),
    (302, "retry"), (401, "retry"), (404, "retry"), (400, "refused"), (422, "refused"),
])
def test_what_a_gateway_answer_means(status, outcome):
    assert sms.classify(status) == outcome


def test_tries_back_off_then_give_up_or_expire():
    now = datetime(2026, 11, 2, tzinfo=UTC)
    far = now + timedelta(days=3)
    assert [sms.next_try(n, now, far) - now for n in range(1, sms.MAX_ATTEMPTS)] == list(
        sms.BACKOFF)
    assert sms.next_try(sms.MAX_ATTEMPTS, now, far) is None
    assert sms.next_try(1, now, now + timedelta(seconds=10)) is None  # would arrive too late


def test_mobile_numbers():
    assert sms.is_mobile("13800000000") and not sms.is_mobile("0954-7000000")
    assert not sms.is_mobile(None) and sms.mask_phone("13800000000") == "138****0000"
