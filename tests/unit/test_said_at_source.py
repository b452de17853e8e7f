"""Messages our code writes are said in the reader's language from the phrase they were written
from, not recognised again by a regex (issue 19 item 1): the checks of a process definition and
of a year's holiday notice, and an installment's condition. Each English text stays what the
API has always returned."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask

from web import i18n
from web.pages import messages
from web.pages.phrasing import translate
from workflow.domain import holiday_notices
from workflow.domain import installments as split
from workflow.domain.phrases import to_record
from workflow.domain.policy import QuoteRequest, quote
from workflow.engine.validation import Contract, validate


@pytest.fixture
def zh():
    app = Flask(__name__)
    app.secret_key = "unit test"
    i18n.init_app(app)
    with app.test_request_context("/?lang=zh"):
        yield


NO_CONTRACT = Contract(frozenset({"Bureau"}), frozenset(), frozenset(), frozenset(), frozenset())


def test_a_dtd_alone_is_said_as_a_dtd_not_as_entities(zh):
    """A DOCTYPE without entities: the English says DTDs; the Chinese no longer adds 实体 (the
    regex read both refusals as one)."""
    [problem] = validate("p", {"p.bpmn": "<!DOCTYPE x><x/>"}, NO_CONTRACT)
    assert problem.message == "DTDs are not allowed (<!DOCTYPE x>)"
    assert translate(problem.message) == "不允许 DTD 声明 (<!DOCTYPE x>)"


def test_the_process_checks_are_said_without_a_pattern(zh):
    [foreign] = validate("p", {"notes.txt": "x"}, NO_CONTRACT)
    assert foreign.message == "only .bpmn and .dmn files belong to a process"
    assert translate(foreign.message) == "流程只能包含 .bpmn 和 .dmn 文件"
    [malformed] = validate("p", {"p.bpmn": "<x>"}, NO_CONTRACT)
    assert translate(malformed.message).startswith("不是格式正确的 XML：")
    assert messages.translate(str(malformed.message)) == str(malformed.message)  # no regex left


def test_the_holiday_notice_checks_are_said_without_a_pattern(zh):
    _, problem = holiday_notices.parse_lines("2027-01-01 元旦\n2027-02-30 春节")
    assert problem == "line 2: 2027-02-30 is not a date"
    assert translate(problem) == "第 2 行：2027-02-30 不是有效的日期"
    assert messages.translate(str(problem)) == str(problem)  # the English is not re-read
    errors = holiday_notices.check(2027, "国办发明电〔2026〕1号", {date(2027, 1, 2): "元旦"},
                                   {date(2027, 1, 2): "元旦"})
    assert translate(errors["make_up_days"]) == "2027-01-02 不能既是放假日又是调休上班日"


def test_an_installment_condition_is_said_from_its_record(zh):
    answer = quote(QuoteRequest("", "rural_migrant", "", "", date(2026, 2, 20),
                                date(2026, 3, 2), kind="apprenticeship", years=2), "huzhou")
    records = split.accepted(answer.installments, "2026-03-02T00:00:00+00:00")
    assert records is not None
    assert records[1]["condition"] == to_record(answer.installments[1].condition)
    said = split.said(records)
    assert said is not None
    assert said[1]["condition"] == "year 2: at most 6000 yuan, labour contract of 1 year or more"
    assert translate(said[1]["condition"]) == "第2年：每人每年最高6000元，签订1年及以上劳动合同"


def test_a_stopped_process_is_said_with_its_budget_reason(zh):
    """The refusal names the element and, nested in it, the budget's reason: both in Chinese
    (the regex re-read the whole English and then the reason inside it)."""
    from workflow.engine.budget import Budget, BudgetExceededError, Limits
    from workflow.engine.runner import ElementError
    from workflow.services import instances
    from workflow.services.errors import ProcessError

    spent = Budget(Limits(steps=50_000))
    spent.steps = 50_001
    with pytest.raises(BudgetExceededError) as over:
        spent.check()
    with pytest.raises(ProcessError) as stopped, instances.advancing("BT-1"):
        raise ElementError("Task_a", "计算金额", over.value.reason, True)
    assert stopped.value.message.startswith(
        "the process stopped at 计算金额 (Task_a): it ran more than 50,000 steps; nothing")
    assert translate(stopped.value.message) == (
        "流程在“计算金额”（Task_a）处停止：运行超过 50,000 步；未保存任何更改，申领仍停留在原处。"
        "请管理员修正流程")
    assert messages.translate(str(stopped.value.message)) == str(stopped.value.message)


def test_marshmallow_length_and_choice_are_said_from_phrases(zh):
    from marshmallow import fields, validate

    from web.inputs import Schema
    from web.pages import forms

    class Form(Schema):
        name = fields.String(validate=validate.Length(min=2, max=4))
        kind = fields.String(validate=validate.OneOf(["a", "b"]))

    with pytest.raises(forms.FormError) as refused:
        forms.load(Form(), {"name": "toolong", "kind": "c"})
    errors = refused.value.errors
    assert errors == {"name": "Length must be between 2 and 4.", "kind": "Must be one of: a, b."}
    assert translate(errors["name"]) == "长度须在 2 至 4 之间。"
    assert translate(errors["kind"]) == "必须是以下之一：a, b。"
    assert messages.translate(str(errors["name"])) == str(errors["name"])  # no regex left


def test_a_result_already_recorded_otherwise_is_said_from_its_phrase(zh):
    from types import SimpleNamespace

    from workflow.payments.bank_files import Result
    from workflow.services import payments

    line = SimpleNamespace(amount_fen=150000, result="failed")
    why = payments._refusal(None, line, Result(3, "BT-1", True, "", 150000))  # type: ignore[arg-type]
    assert why == "already recorded as failed"
    assert translate(why) == "已记录为 failed"
    assert messages.translate(str(why)) == str(why)  # no regex left


def test_a_certificate_claimed_in_ones_own_claim_is_said_from_its_phrase(zh):
    """claims._check names the applicant's own earlier claim (another person's stays unnamed)."""
    from types import SimpleNamespace

    from workflow.services import claims
    from workflow.services.errors import InvalidInputError

    earlier = SimpleNamespace(reference="BT2026-0A1B2C3D", applicant_id=7)
    session = SimpleNamespace(execute=lambda *_a, **_k: SimpleNamespace(first=lambda: earlier))
    in_force = SimpleNamespace(pack_id="pengyang", filing=SimpleNamespace(
        problems=lambda *_a: {}, quote_facts=lambda _d: {}),
        certificate_slot=lambda *_a: None)  # Pengyang shares no certificate with a roster
    data = SimpleNamespace(id_number="X", account_holder="甲", full_name="甲",
                           certificate_number="C-1", subsidy_kind=None)
    applicant = SimpleNamespace(id=7, id_number="X")
    with pytest.raises(InvalidInputError) as refused:
        claims._check(session, in_force, data, date(2026, 11, 2), applicant,  # type: ignore[arg-type]
                      date(2026, 11, 2))
    why = refused.value.errors["certificate_number"]
    assert why == "this certificate is already claimed in BT2026-0A1B2C3D"
    assert translate(why) == "该证书已在申请 BT2026-0A1B2C3D 中申领"
    assert messages.translate(str(why)) == str(why)  # no regex left


def test_a_claim_not_found_is_said_from_its_phrase(zh):
    from types import SimpleNamespace

    from workflow.domain.access import Actor, Role
    from workflow.services import claims
    from workflow.services.errors import NotFoundError

    session = SimpleNamespace(get=lambda *_a: None)
    with pytest.raises(NotFoundError) as missing:
        claims.visible_claim(session, Actor(1, Role.ADMIN), 404)  # type: ignore[arg-type]
    assert missing.value.message == "claim 404 not found"
    assert translate(missing.value.message) == "未找到申请 404"
    assert messages.translate(str(missing.value.message)) == str(missing.value.message)


def test_a_decision_the_form_does_not_offer_is_said_from_its_phrase(zh):
    from workflow.services import task_forms
    from workflow.services.errors import InvalidInputError

    with pytest.raises(InvalidInputError) as refused:
        task_forms.form_of("review").check("pay", "")
    why = refused.value.errors["decision"]
    assert why == "must be one of approve, return, reject"
    assert translate(why) == "须为以下之一：approve, return, reject"
    assert messages.translate(str(why)) == str(why)  # no regex left


def test_a_result_by_hand_for_a_claim_in_a_batch_is_said_from_its_phrase(zh):
    from types import SimpleNamespace

    from workflow.services import payment_results
    from workflow.services.errors import ConflictError

    session = SimpleNamespace(execute=lambda *_a, **_k: None, scalar=lambda *_a, **_k: "PB-7")
    with pytest.raises(ConflictError) as refused:
        payment_results.record_result(session, SimpleNamespace(id=1), "paid", "",  # type: ignore[arg-type]
                                      None, None)  # type: ignore[arg-type]
    why = refused.value.message
    assert why == "this claim is in payment batch PB-7: import the bank's result"
    assert translate(why) == "该申请在发放批次 PB-7 中：请导入银行回盘结果"
    assert messages.translate(str(why)) == str(why)  # no regex left


def test_a_timeline_note_is_said_from_its_stored_phrase_an_old_one_by_its_pattern(zh):
    """A new event keeps its note's phrase in `changes` (instances.audit): the timeline gives
    the English remembering it, `changes` without it. An old event, sealed by the audit chain
    with only its English, is still read by the pattern kept for it."""
    from types import SimpleNamespace

    from web.api.present import _timeline_entry
    from workflow.domain.phrases import said

    note = said("version %(old)s → %(new)s", old=3, new=4)
    new = SimpleNamespace(at=None, action="migrated", stage="township_review",
                          actor_role="admin", decision=None, comment=str(note),
                          changes={"said": to_record(note.phrase)})
    entry = _timeline_entry(new)  # type: ignore[arg-type]
    assert (entry["comment"], entry["changes"]) == ("version 3 → 4", None)
    assert translate(entry["comment"]) == "流程版本 3 → 4"
    assert getattr(entry["comment"], "phrase", None) == note.phrase
    old = SimpleNamespace(**{**vars(new), "changes": None})
    entry = _timeline_entry(old)  # type: ignore[arg-type]
    assert (entry["comment"], entry["changes"]) == ("version 3 → 4", None)
    assert translate(entry["comment"]) == "流程版本 3 → 4"
