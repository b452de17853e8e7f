"""Notice batches through the services and the real database: window, objections, files."""

from __future__ import annotations

import hashlib
import io
from datetime import date, timedelta

import pytest
from pypdf import PdfReader

from tests.conftest import claim_input
from tests.integration.helpers import (
    SETTINGS,
    accept_claims,
    actions,
    decide,
    file,
    load,
    publish,
)
from workflow.services import notices, timers
from workflow.services.errors import InvalidInputError, RateLimitedError


def _accepted(f, rt, a, n=1):
    return accept_claims(f, rt, a, n, "TZ-N")


def test_publishing_freezes_rows_and_pdf_and_starts_every_window(session_factory, runtime,
                                                                  actors, clock):
    f, a = session_factory, actors
    ids = _accepted(f, runtime, a, 3)
    batch = publish(f, runtime, a["bureau"])
    assert (batch.number, batch.row_count, batch.total_fen) == ("彭人社公示〔2026〕1号", 3, 420000)
    with f() as s:
        stored = notices.batch(s, batch.id)
        assert hashlib.sha256(stored.pdf).hexdigest() == stored.pdf_sha256
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(stored.pdf)).pages)
        rows = notices.entries(s, batch.id)
    assert [r.masked_id[:6] + r.masked_id[-4:] for r in rows].count("110105002X") == 2
    assert all(r.masked_id[6:14] == "********" for r in rows)
    assert "11010519491231002X" not in text and "110105********002X" in text
    assert "彭人社公示〔2026〕1号" in text and "肆仟贰佰元整" in text
    for claim_id in ids:
        claim = load(f, claim_id)
        assert (claim.stage, claim.notice_batch_id) == ("notice", batch.id)
        assert claim.notice_ends_at == batch.closes_at
        assert ("published", None) in actions(f, claim_id)
    # Nothing is left to publish; a second batch would be empty.
    with pytest.raises(InvalidInputError) as caught:
        publish(f, runtime, a["bureau"])
    assert "claim_ids" in caught.value.errors
    # The window closes once: every claim moves on exactly once.
    assert timers.fire_due(f, runtime, batch.closes_at - timedelta(seconds=1)) == []
    assert len(timers.fire_due(f, runtime, batch.closes_at)) == 3
    assert timers.fire_due(f, runtime, batch.closes_at + timedelta(days=1)) == []
    assert {load(f, i).stage for i in ids} == {"payment"}


def test_the_window_skips_a_national_holiday_and_counts_a_make_up_day(session_factory):
    # 国庆 2026: 1–7 October off; Saturday 10 October is a make-up working day (调休), as
    # seeded from the chinese-calendar library into the database.
    with session_factory() as session:
        ends_on, closes_at = notices.window_on(session, date(2026, 9, 29), 5)
    assert ends_on == date(2026, 10, 10)  # 29, 30 Sep, 8, 9, 10 Oct
    assert closes_at.isoformat() == "2026-10-10T16:00:00+00:00"  # midnight in Pengyang


def test_an_objection_holds_only_its_row_and_late_ones_do_not_hold(session_factory, runtime,
                                                                   actors, clock):
    f, a = session_factory, actors
    first, second = _accepted(f, runtime, a, 2)
    batch = publish(f, runtime, a["bureau"])
    with f.begin() as s:
        row = next(e.row_number for e in notices.entries(s, batch.id) if e.claim_id == first)
        objection = notices.object_to_entry(s, runtime, batch.id, row, notices.ObjectionInput(
            "未参加培训", "138", "王某", "10.0.0.1"))
        assert objection.late is False
    assert (load(f, first).stage, load(f, second).stage) == ("objection_review", "notice")
    assert timers.fire_due(f, runtime, batch.closes_at) == [load(f, second).reference]
    clock[0] = batch.closes_at + timedelta(hours=1)
    with f.begin() as s:
        late = notices.object_to_entry(s, runtime, batch.id, 3 - row, notices.ObjectionInput(
            "补充异议", "", "", "10.0.0.2"))
        assert late.late is True
    assert load(f, second).stage == "payment"  # recorded, not held
    assert ("late_objection", None) in actions(f, second)
    decide(f, runtime, a["bureau"], first, "dismiss", "经核实无问题")
    assert timers.fire_due(f, runtime, clock[0]) == [load(f, first).reference]
    with pytest.raises(InvalidInputError), f.begin() as s:
        notices.object_to_entry(s, runtime, batch.id, 99, notices.ObjectionInput("x"))


def test_objections_are_rate_limited_per_address(session_factory, runtime, actors, clock):
    f, a = session_factory, actors
    _accepted(f, runtime, a, 1)
    batch = publish(f, runtime, a["bureau"])
    for i in range(notices.OBJECTIONS.count):
        with f.begin() as s:
            notices.object_to_entry(s, runtime, batch.id, 1,
                                    notices.ObjectionInput(f"异议{i}", address="10.9.9.9"))
    with pytest.raises(RateLimitedError), f.begin() as s:
        notices.object_to_entry(s, runtime, batch.id, 1,
                                notices.ObjectionInput("再来", address="10.9.9.9"))
    with f.begin() as s:  # another address is not affected
        notices.object_to_entry(s, runtime, batch.id, 1,
                                notices.ObjectionInput("另一人", address="10.9.9.8"))


def test_a_correction_names_the_batch_it_corrects(session_factory, runtime, actors, clock):
    f, a = session_factory, actors
    _accepted(f, runtime, a, 1)
    first = publish(f, runtime, a["bureau"])
    file_id = file(f, runtime, a["applicant"], claim_input(certificate_number="TZ-C"))
    for who in ("township", "department", "bureau"):
        decide(f, runtime, a[who], file_id, "approve")
    today = clock[0].date()
    with f.begin() as s:
        second = notices.publish(s, runtime, a["bureau"], SETTINGS, notices.BatchInput(
            today, 5, "股", "电话", "地址", corrects=first.number))
        assert (second.number, second.corrects_id) == ("彭人社公示〔2026〕2号", first.id)
    with pytest.raises(InvalidInputError) as caught, f.begin() as s:
        notices.publish(s, runtime, a["bureau"], SETTINGS, notices.BatchInput(
            today - timedelta(days=1), 5, "", "电话", "地址", corrects="不存在"))
    assert set(caught.value.errors) >= {"starts_on", "contact_office", "corrects"}
