"""ID numbers (issue 17 item 13): format, birth date and check digit refuse; the region code
never does. A code not in use in the birth year, or unknown, is a warning with the years the
code was in use, said in Chinese on a page."""

from __future__ import annotations

import pytest
from flask import Flask
from stdnum.cn import ric

from web import i18n
from web.pages.phrasing import translate
from workflow.domain.identity import InvalidIdNumberError, normalise_id_number, region_warning


def _number(body: str) -> str:
    return body + ric.calc_check_digit(body + "0")


@pytest.mark.parametrize("body", [
    "64042519900101123",  # Pengyang's code since 2001, born 1990
    "64222620050101123",  # Pengyang's code until 2001, born 2005
    "64999919900101123",  # a province without that county in stdnum's table
    "99999919900101123",  # no such code at all
])
def test_a_valid_number_is_accepted_whatever_its_region_code(body):
    number = _number(body)
    assert normalise_id_number(number.lower()) == number


def test_the_region_code_is_a_warning_naming_the_years_it_was_in_use():
    newer = region_warning(_number("64042519900101123"))
    assert newer is not None and str(newer) == (
        "region code 640425 was not in use in the birth year 1990 (in use: 彭阳县 2001–)")
    older = region_warning(_number("64222620050101123"))
    assert older is not None and "642226" in str(older) and "彭阳县 –2001" in str(older)
    assert str(region_warning(_number("99999919900101123"))) == \
        "region code 999999 is not a known county code"
    assert str(region_warning(_number("64999919900101123"))) == \
        "region code 649999 is not a known county code"
    assert region_warning(_number("64042520050101123")) is None
    assert region_warning(_number("64222619900101123")) is None
    assert region_warning("11010519491231002X") is None


@pytest.mark.parametrize("wrong", [
    _number("64042519900101123")[:-1] + "0",  # check digit (the right one is 8)
    _number("64042519900230123"),  # 30 February
    "64042519900101123",  # 17 characters
    "6404251990010112A8",  # a letter inside
])
def test_format_birth_date_and_check_digit_still_refuse(wrong):
    with pytest.raises(InvalidIdNumberError, match="not a valid resident ID number"):
        normalise_id_number(wrong)


def test_the_warning_reads_in_chinese():
    app = Flask(__name__)
    app.secret_key = "unit test"
    i18n.init_app(app)
    from workflow.domain.phrases import Said

    warning = region_warning(_number("64042519900101123"))
    assert warning is not None
    with app.test_request_context("/?lang=zh"):
        said = translate(Said(warning))
    assert said == ("地址码 640425 在出生年份 1990 年未启用（启用年份：彭阳县 2001–），"
                    "请核对身份证件")
