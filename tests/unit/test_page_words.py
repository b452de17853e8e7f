"""Words a reader sees instead of the code's: every form field named by a label, every refusal
(403) and missing page (404) in Chinese, sources by their documents' titles."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask

from web import i18n
from web.errors import DESCRIPTIONS
from web.pages import labels
from web.pages.phrasing import translate
from workflow.domain.sources import DOCUMENTS, cite

ROOT = Path(__file__).resolve().parents[2]
FIELD = re.compile(r'(?:field|select|textarea)\("(\w+)"|name="(\w+)"')
# A refusal's message, its literal joined across lines ("…; reload " "the claim").
REFUSAL = re.compile(r'(?:ForbiddenError|NotFoundError|ConflictError|RateLimitedError|'
                     r'ProcessError)\(\s*((?:"[^"]*"\s*)+)[,)]')


@pytest.fixture
def zh() -> Flask:
    app = Flask(__name__)
    app.secret_key = "unit test"
    i18n.init_app(app)
    return app


def test_every_form_field_has_a_label_for_error_lists():
    names = {m.group(1) or m.group(2) for path in (ROOT / "templates").rglob("*.html")
             for m in FIELD.finditer(path.read_text("utf-8"))}
    unlabelled = names - labels.FIELD_NAMES.keys() - labels.UNLABELLED_FIELDS
    assert not unlabelled


def test_every_refusal_and_missing_page_reads_in_chinese(zh):
    """403, 404, 409 and 429 pages say why in Chinese (werkzeug's own errors included)."""
    found = {"".join(re.findall(r'"([^"]*)"', m.group(1))) for folder in ("web", "workflow")
             for path in (ROOT / folder).rglob("*.py")
             for m in REFUSAL.finditer(path.read_text("utf-8"))}
    assert len(found) > 20
    with zh.test_request_context("/?lang=zh"):
        untranslated = {m for m in found | set(DESCRIPTIONS.values()) if translate(m) == m}
    assert not untranslated


def test_sources_are_cited_by_their_titles():
    assert cite("003_6bc740e2a48a5116.txt 附件1 第5行") == \
        "《彭阳县职业技能提升培训三年行动方案》 附件1 第5行"
    assert cite("Lanzhou 000_52f3d35499bfb498.txt 四(四)").startswith("Lanzhou 《兰州新区")
    assert cite("999_0000000000000000.txt 一") == "999_0000000000000000.txt 一"  # not a source
    seeds = Path("/work/shared/seeds")
    if seeds.exists():  # every seed document has a title
        assert {p.name for p in seeds.glob("*.txt")} == set(DOCUMENTS)
