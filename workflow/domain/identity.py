"""Identity numbers and bank accounts: validation and masking.

ID numbers are the 18-digit resident identity number of GB 11643-1999, checked with its ISO
7064 MOD 11-2 check digit by python-stdnum (`stdnum.cn.ric`).
"""

from __future__ import annotations

import re

from stdnum import luhn
from stdnum.cn import ric
from stdnum.exceptions import ValidationError


class InvalidIdNumberError(ValueError):
    """The ID number fails GB 11643 (length, birth date, region or check digit)."""


def normalise_id_number(value: str) -> str:
    """Return the canonical 18-character ID number or raise InvalidIdNumberError."""
    try:
        number = ric.validate(value)
    except ValidationError as exc:
        raise InvalidIdNumberError(f"not a valid resident ID number: {exc}") from exc
    if len(number) != 18:
        raise InvalidIdNumberError("only 18-digit resident ID numbers are accepted")
    return number


def mask_id_number(number: str) -> str:
    """Show the first 6 and last 4 characters, as public notices do (Lanzhou 四(四))."""
    if len(number) < 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def normalise_account(value: str) -> str:
    """Digits only; 12 to 30 of them. Bank card numbers are not all Luhn-valid, so no checksum."""
    digits = "".join(ch for ch in value if not ch.isspace())
    if not digits.isdigit() or not 12 <= len(digits) <= 30:
        raise ValueError("a bank account number is 12 to 30 digits")
    return digits


def account_passes_luhn(number: str) -> bool:
    """Most UnionPay cards pass Luhn; a failure is a warning for the reviewer, not an error."""
    return luhn.is_valid(number)


def mask_account(number: str) -> str:
    """Only the last 4 digits are shown wherever the whole number is not needed."""
    return "**** " + number[-4:] if len(number) >= 4 else "****"


def sex_of(number: str) -> str:
    """男 or 女 from the 17th character of an 18-digit ID number (odd: male, GB 11643-1999
    4.3 顺序码); empty when the number is not one."""
    if len(number) != 18 or not number[16].isdigit():
        return ""
    return "男" if int(number[16]) % 2 else "女"


# A run of 17 digits and a check character, or of 12 to 30 digits (an account), standing alone.
_ID_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])[0-9]{17}[0-9Xx](?![0-9A-Za-z])")
_ACCOUNT_IN_TEXT = re.compile(r"(?<![0-9])[0-9]{12,30}(?![0-9])")


def mask_numbers_in(text: str) -> str:
    """`text` with anything shaped like an ID number or an account masked (for log lines)."""
    if not any(ch.isdigit() for ch in text):
        return text
    text = _ID_IN_TEXT.sub(lambda m: mask_id_number(m.group()), text)
    return _ACCOUNT_IN_TEXT.sub(lambda m: mask_account(m.group()), text)
