"""Every reason the three packs give is said in Chinese on a page: its detail is a catalogue
message (with values) that the zh catalogue translates, or is Chinese already. A new reason
written only in English fails here."""

from __future__ import annotations

import itertools
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po
from flask import Flask

from web import i18n
from web.pages.phrasing import say, say_reason
from workflow.domain.phrases import Phrase, from_record, to_record
from workflow.domain.policy import PACKS
from workflow.domain.policy.model import EarlierSubsidy, QuoteRequest, Reason

ROOT = Path(__file__).resolve().parents[2]
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
# Latin letters a Chinese page keeps: course names as 附件2 prints them, certificate codes.
KEPT = {"GYB", "SYB", "IYB", "EYB", "PY", "ZZ"}
HISTORY = (EarlierSubsidy(2026, "employment_skills", "焊工", "junior"),
           EarlierSubsidy(2026, "technician_reward", "焊工", "technician"),
           EarlierSubsidy(2026, "evaluation", "焊工", ""),
           EarlierSubsidy(2026, "special_ability", "养老护理员", ""),
           EarlierSubsidy(2025, "certificate", "养老护理员", "junior"))
SET = (("A", 200000), ("B", 150000), ("C", 99999), ("D", 1), ("PY-01", 140050),
       ("4-10-01-02", 150001), ("6-18-02-04", 3))


def _requests() -> list[QuoteRequest]:
    """Requests that reach every branch of the packs' quotes: kinds, levels, occupations on
    and off the lists, known and unknown codes, groups, dates, amounts set or not, history."""
    found = []
    for kind, level, occupation, code, group, issued, amounts, earlier in itertools.product(
            ("certificate", "employment_skills", "job_skills", "entrepreneurship",
             "apprenticeship", "evaluation", "special_ability", "technician_reward",
             "directed_training", "宇航"),
            ("", "junior", "senior_worker", "technician", "五级"),
            ("", "焊工", "养老护理员", "宇航员"),
            ("PY-01", "PY-22", "other", "ZZ-9", "4-10-01-02", "6-18-02-04"),
            ("graduate", "enterprise_employee", "entrepreneur", "poverty_watch", "其他", ""),
            (date(2026, 3, 1), date(2025, 6, 1), date(2027, 6, 1)),
            ((), SET), ((), HISTORY)):
        found.append(QuoteRequest(
            "640425100" if group != "其他" else "0", group, code, level, issued,
            date(2026, 11, 1), accepted_before=len(earlier) // 2, set_amounts=amounts,
            kind=kind, occupation_code=code, years=3 if earlier else 1,
            occupation_name=occupation, class_hours=None if earlier else 100,
            course=("SYB" if code == "PY-01" else "宇航" if code == "PY-22" else "")
            if earlier else "", training_certificate_number=(
                "194700" if code == "PY-01" else "123" if code == "PY-22" else "")
            if not earlier else "", service_centre="first" if code == "other" else "",
            fee_fen=None if earlier else 45000, history=earlier))
    return found


def _app() -> Flask:
    app = Flask(__name__)
    app.secret_key = "unit test"  # the locale is remembered in the session
    i18n.init_app(app)
    return app


@pytest.fixture(scope="module")
def reasons() -> list[Reason]:
    """One reason per distinct message (and per detail where none is marked)."""
    distinct: dict[str, Reason] = {}
    for request in _requests():
        for pack in PACKS.values():
            for reason in pack.quote(request).reasons:
                distinct.setdefault(reason.template or reason.detail, reason)
    return list(distinct.values())


@pytest.fixture(scope="module")
def chinese() -> dict[str, str]:
    with (ROOT / "web/translations/zh/LC_MESSAGES/messages.po").open("rb") as f:
        return {m.id: m.string for m in read_po(f) if m.id and m.string and not m.fuzzy}


def _templates(said: Phrase) -> list[str]:
    nested = [t for _, v in said.values if isinstance(v, Phrase) for t in _templates(v)]
    return [said.template, *nested]


def test_the_table_reaches_every_pack_and_many_messages(reasons: list[Reason]) -> None:
    clauses = {r.clause.split(" ")[0] for r in reasons}
    assert {"000_52f3d35499bfb498.txt", "004_7b2ca6ac373157b2.txt",
            "003_6bc740e2a48a5116.txt"} <= clauses
    assert len({r.template for r in reasons if r.template}) >= 50


def test_every_reason_is_a_translated_message_or_already_chinese(
        reasons: list[Reason], chinese: dict[str, str]) -> None:
    for reason in reasons:
        if not reason.template:
            assert not LATIN_WORD.search(reason.detail), f"English-only reason: {reason}"
            continue
        # The API's detail is the message with its values, word for word.
        assert reason.detail == str(reason.said)
        for template in _templates(reason.said):
            assert template in chinese, f"no zh translation of {template!r} ({reason.rule})"


def test_a_chinese_page_shows_every_reason_without_english_words(reasons: list[Reason]
                                                                 ) -> None:
    app = _app()
    with app.test_request_context("/?lang=zh"):
        said = {reason.detail: say_reason(reason) for reason in reasons}
    with app.test_request_context("/?lang=en"):
        english = {reason.detail: say_reason(reason) for reason in reasons}
    for detail, text in said.items():
        words = set(LATIN_WORD.findall(text)) - KEPT
        assert not words, f"{text!r} (from {detail!r}) keeps English words {words}"
        assert english[detail] == detail  # an English page reads what the API says


def test_amounts_read_in_yuan_in_chinese(reasons: list[Reason]) -> None:
    app = _app()
    uplifted = next(r for r in reasons if r.detail.startswith("category B: 150000 fen + 20%"))
    with app.test_request_context("/?lang=zh"):
        text: Any = say_reason(uplifted)
    assert text == "B类补贴标准1500元，上浮20%后为1800元（四舍五入到分）"


def test_every_reason_comes_back_from_its_stored_record_and_reads_the_same(
        reasons: list[Reason]) -> None:
    """A claim keeps its amount rule as a JSON record (claims.amount_rule_phrase): stored and
    read back, each phrase gives the API's English and the page's Chinese unchanged."""
    app = _app()
    for reason in reasons:
        record = json.loads(json.dumps(to_record(reason.said)))
        back = from_record(record)
        assert str(back) == reason.detail
        assert back == reason.said
        with app.test_request_context("/?lang=zh"):  # fen still read in yuan: Fen kept
            assert say(back) == say_reason(reason)
