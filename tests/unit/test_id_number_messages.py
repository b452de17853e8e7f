"""Why an ID number is refused reads in Chinese wherever the library's own words reach a page
(quotes, reviewers' checks): each python-stdnum reason has its translation. A library update
that rewords one fails here instead of showing English."""

from __future__ import annotations

import re

import pytest
from flask import Flask

from web import i18n
from web.pages.messages import translate
from workflow.domain.identity import InvalidIdNumberError, normalise_id_number

LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


@pytest.mark.parametrize("wrong", [
    "11010519491231002Y",  # check digit
    "1101051949123100",  # length
    "A10105194912310021",  # format
    "110105194913310021",  # birth date (month 13)
])
def test_each_reason_the_id_library_gives_is_said_in_chinese(wrong: str) -> None:
    with pytest.raises(InvalidIdNumberError) as refused:
        normalise_id_number(wrong)
    app = Flask(__name__)
    app.secret_key = "unit test"
    i18n.init_app(app)
    with app.test_request_context("/?lang=zh"):
        said = translate(str(refused.value))
    assert said.startswith("不是有效的居民身份证号码") and not LATIN_WORD.search(said), said
