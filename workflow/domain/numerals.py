"""Money in words and figures for notices and payment documents.

The public notice shows each subsidy amount (Lanzhou 四(四): "补贴标准及具体金额") and the
batch total; Chinese financial documents state a total in capital numerals (大写) as well as in
figures so that neither can be altered alone. The capital form follows the People's Bank of
China's 《正确填写票据和结算凭证的基本规定》 (1997, annex to 《支付结算办法》):
- amounts ending at 元 end with "整" (零元整, 壹拾元整);
- amounts ending at 角 may end with "整"; we write it (壹仟贰佰叁拾肆元伍角整) so that nothing
  can be appended after the last character;
- amounts with 分 take no "整"; a zero 角 before a non-zero 分 is written "零" (叁佰贰拾伍元零肆分);
- 10 to 19 are written 壹拾..., never 拾... .

Money is always an integer number of fen (分). cn2an's "rmb" mode implements the rules above
except the optional 整 after 角; we hand it a decimal string built from the integer, never a
float.
"""

from __future__ import annotations

from decimal import Decimal

import cn2an

# cn2an converts at most 16 integer digits (below 10^16 yuan); no subsidy batch comes near it.
_MAX_FEN = 10**18 - 1


def _check(amount_fen: int) -> None:
    # bool is an int subclass; True fen is a bug at the call site, not one fen.
    if not isinstance(amount_fen, int) or isinstance(amount_fen, bool):
        raise TypeError(f"money is an integer number of fen, not {type(amount_fen).__name__}")
    if not 0 <= amount_fen <= _MAX_FEN:
        raise ValueError(f"amount out of range: {amount_fen} fen")


def _decimal_string(amount_fen: int) -> str:
    yuan, fen = divmod(amount_fen, 100)
    return f"{yuan}.{fen:02d}"


def yuan_in_capitals(amount_fen: int) -> str:
    """Capital form of an amount of fen, e.g. 123450 -> "壹仟贰佰叁拾肆元伍角整".

    Amounts below one yuan have no 元 part ("伍角整", "伍分"), as on cheques. Negative amounts
    are refused: a notice or a payment never shows one.
    """
    _check(amount_fen)
    words = cn2an.an2cn(_decimal_string(amount_fen), "rmb")
    if words.endswith("角"):
        words += "整"
    return words


def plain_yuan(amount_fen: int) -> str:
    """Figures with two decimals and no separators, as files and banks read them: "1234.50"."""
    _check(amount_fen)
    return _decimal_string(amount_fen)


def yuan_decimal(amount_fen: int) -> Decimal:
    """The exact number of yuan, two decimals: 123450 -> Decimal("1234.50"), for a numeric
    spreadsheet cell (a Decimal built from the integer, never a float)."""
    _check(amount_fen)
    return Decimal(amount_fen).scaleb(-2)


def parse_yuan(text: str) -> int:
    """Yuan as typed or read from a file ("1,500", "1500.5", "1500.50") to integer fen.

    Raises ValueError for anything else (a sign, three decimals, letters): never a float.
    """
    cleaned = text.strip().replace(",", "")
    whole, _, frac = cleaned.partition(".")
    if not whole.isdigit() or (frac and not frac.isdigit()) or len(frac) > 2:
        raise ValueError(f"not an amount in yuan: {text!r}")
    return int(whole) * 100 + int((frac + "00")[:2])


def format_yuan(amount_fen: int) -> str:
    """Figures with thousands separators and two decimals: 123450 -> "1,234.50"."""
    _check(amount_fen)
    yuan, fen = divmod(amount_fen, 100)
    return f"{yuan:,}.{fen:02d}"
