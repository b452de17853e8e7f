"""Identity numbers and bank accounts: validation and masking.

ID numbers are the 18-digit resident identity number of GB 11643-1999: format, birth date and
the ISO 7064 MOD 11-2 check digit, checked with python-stdnum's pieces (`stdnum.cn.ric`).

The region code (the first 6 digits) is not a reason to refuse. A number carries the code
of the county where it was assigned, as the code stood then (GB 11643-1999, 地址码: the
county of the household registration, by GB/T 2260), not the code in use in the birth year:
Pengyang's code was 642226 until 2001 and is 640425 since, so a person born there in 1990
whose number was assigned after 2001 has a number starting 640425. `ric.validate` refuses a
code not in use in the birth year, and so refused valid numbers; here such a mismatch (or a
code stdnum does not know) is a warning for the township's identity review
(`region_warning`), which sees the person's documents.
"""

from __future__ import annotations

import re

from stdnum import luhn, numdb
from stdnum.cn import ric
from stdnum.exceptions import (
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
    ValidationError,
)
from stdnum.util import isdigits

from workflow.domain.phrases import Phrase, phrase


class InvalidIdNumberError(ValueError):
    """The ID number fails GB 11643 (length, format, birth date or check digit)."""


def normalise_id_number(value: str) -> str:
    """Return the canonical 18-character ID number or raise InvalidIdNumberError.

    What `ric.validate` checks, from its own pieces, but the region (see the module's note);
    the messages are the library's, which the pages translate."""
    try:
        number = ric.compact(value)
        if len(number) != 18:
            raise InvalidLength()
        if not isdigits(number[:-1]):
            raise InvalidFormat()
        if number[-1] != ric.calc_check_digit(number):
            raise InvalidChecksum()
        ric.get_birth_date(number)
    except ValidationError as exc:
        raise InvalidIdNumberError(f"not a valid resident ID number: {exc}") from exc
    return number


def region_warning(number: str) -> Phrase | None:
    """Why the region code of a valid ID number needs a look, or None when it named a county
    in the birth year: a code that is unknown, or one not in use in the birth year (with the
    years it was). The township reviewer decides; it never refuses the number."""
    number = normalise_id_number(number)
    code, year = number[:6], ric.get_birth_date(number).year
    try:
        ric.get_birth_place(number)
        return None
    except (InvalidComponent, KeyError):  # KeyError: a province code without its county
        pass
    counties = [text for _, props in numdb.get("cn/loc").info(code)
                for text in props.get("county", "").split(",") if text]
    if not counties:
        return phrase("region code %(code)s is not a known county code", code=code)
    return phrase("region code %(code)s was not in use in the birth year %(year)s "
                  "(in use: %(spans)s)", code=code, year=year,
                  spans=", ".join(_span(text) for text in counties))


def _span(county: str) -> str:
    """'[2001-]彭阳县' as '彭阳县 2001–' (numdb's notation for the years a code was in use)."""
    if not county.startswith("["):
        return county
    years, name = county[1:].split("]", 1)
    start, end = years.split("-")
    return f"{name} {start}–{end}"


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
