"""The workbench's rules without an app: holds, canned reasons, the diagram's labels."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.conftest import BPMN_DIR
from workflow.domain.canned_reasons import REASON_STAGES, SEEDED, compose, text_problem
from workflow.domain.task_holds import MAX_MINUTES, Hold, expiry, held_message
from workflow.engine.labels import relabel
from workflow.engine.xml_safety import HostileFileError

NOW = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)  # 09:00 in the county


def test_a_hold_blocks_others_only_while_it_lasts():
    hold = Hold("t", 1, holder_id=7, holder_name="王审核", held_at=NOW,
                expires_at=expiry(NOW, 30))
    assert hold.blocks(8, NOW + timedelta(minutes=29))
    assert not hold.blocks(7, NOW)  # its holder
    assert not hold.blocks(8, NOW + timedelta(minutes=30))  # expired
    assert held_message(hold) == ("this task is held by 王审核 until 2026-11-02 09:30; take it "
                                  "over to work on it")


@pytest.mark.parametrize("minutes", [0, -5, MAX_MINUTES + 1])
def test_a_hold_lasts_between_a_minute_and_a_working_day(minutes):
    with pytest.raises(ValueError):
        expiry(NOW, minutes)


def test_chosen_reasons_then_the_reviewers_words():
    assert compose(["身份证扫描件不清晰", " 户籍不在彭阳县 "], " 请补充户口簿 ") == \
        "身份证扫描件不清晰；户籍不在彭阳县；请补充户口簿"
    assert compose([], "") == ""
    assert compose(["同一理由", "同一理由"], "") == "同一理由"  # chosen twice, said once


def test_seeded_reasons_say_what_is_wrong_and_cite_a_clause():
    assert {stage for stage, _ in SEEDED} == set(REASON_STAGES)
    for _stage, text in SEEDED:
        assert text_problem(text) is None
        assert "（003" in text or "（附件1" in text or "（002" in text, text
    assert text_problem("  ") and text_problem("长" * 201)


def test_the_diagram_relabelled_keeps_ids_and_the_engines_names():
    xml = (BPMN_DIR / "subsidy_claim.bpmn").read_text("utf-8")
    said = {"Township identity review": "乡镇身份审核", "Township": "乡镇", "yes": "是"}
    out, names = relabel("subsidy_claim.bpmn", xml, lambda n: said.get(n, n))
    assert names["Task_township_review"] == "乡镇身份审核"
    assert names["Lane_township"] == "乡镇"
    assert 'id="Task_township_review" name="乡镇身份审核"' in out
    assert '<bpmn:message id="Message_objection" name="objection"/>' in out  # the engine's
    assert 'name="form"' in out  # spiffworkflow properties untouched
    assert out.count("<bpmndi:BPMNShape") == xml.count("<bpmndi:BPMNShape")


def test_a_hostile_diagram_is_refused_before_parsing():
    evil = ('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
            '<d>&e;</d>')
    with pytest.raises(HostileFileError):
        relabel("evil.bpmn", evil, str)
