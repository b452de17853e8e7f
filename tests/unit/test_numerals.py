"""Capital numerals as on PBOC settlement documents, and figures with separators."""

from __future__ import annotations

import pytest

from workflow.domain.numerals import format_yuan, yuan_in_capitals


@pytest.mark.parametrize(("fen", "words"), [
    (123450, "壹仟贰佰叁拾肆元伍角整"),
    (0, "零元整"),
    (100, "壹元整"),
    (1000, "壹拾元整"),
    (150000, "壹仟伍佰元整"),
    (32504, "叁佰贰拾伍元零肆分"),        # zero jiao before fen is written 零
    (140950, "壹仟肆佰零玖元伍角整"),
    (600714, "陆仟零柒元壹角肆分"),
    (1000000, "壹万元整"),
    (1640902, "壹万陆仟肆佰零玖元零贰分"),
    (10700053, "壹拾万柒仟元伍角叁分"),
    (10001000, "壹拾万零壹拾元整"),
    (50, "伍角整"),
    (5, "伍分"),
    (123456789, "壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分"),
])
def test_capitals(fen: int, words: str) -> None:
    assert yuan_in_capitals(fen) == words


@pytest.mark.parametrize(("fen", "figures"), [
    (0, "0.00"), (5, "0.05"), (123450, "1,234.50"), (100000000, "1,000,000.00"),
])
def test_figures(fen: int, figures: str) -> None:
    assert format_yuan(fen) == figures


@pytest.mark.parametrize("bad", [12.5, "100", True])
def test_money_must_be_integer_fen(bad: object) -> None:
    with pytest.raises(TypeError):
        yuan_in_capitals(bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        format_yuan(bad)  # type: ignore[arg-type]


def test_negative_amounts_are_refused() -> None:
    with pytest.raises(ValueError):
        yuan_in_capitals(-1)


def test_plain_yuan_and_parse_yuan_round_trip_integer_fen():
    from workflow.domain.numerals import parse_yuan, plain_yuan

    assert [plain_yuan(f) for f in (0, 5, 140000, 123450)] == ["0.00", "0.05", "1400.00",
                                                              "1234.50"]
    assert [parse_yuan(t) for t in ("1500", "1,500.5", " 1500.05 ", "0.01")] == [
        150000, 150050, 150005, 1]
    for bad in ("", "-1", "12.345", "1e3", "壹佰"):
        with pytest.raises(ValueError):
            parse_yuan(bad)
