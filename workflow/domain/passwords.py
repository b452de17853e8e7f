"""Password rules, after NIST SP 800-63B §5.1.1.2 (memorized secrets): at least 8 characters,
long passphrases allowed, no composition rules, and a refusal of passwords that are common or
built from the account's own details. Guessability is estimated by zxcvbn, whose dictionaries
are English-centred, so common Chinese passwords and local words are added to them.

Staff accounts (reviewers, bureau, finance, administrators) reach every claim of their scope,
so their passwords must be harder to guess than an applicant's.
"""

from __future__ import annotations

from collections.abc import Iterable

from zxcvbn import zxcvbn

from workflow.domain.phrases import said

MIN_LENGTH = 8
MAX_LENGTH = 128  # long enough for any passphrase; bounds the cost of hashing one
# zxcvbn scores: 2 "somewhat guessable" (under 10^8 guesses: safe behind the login throttle),
# 3 "safely unguessable" (under 10^10: holds against an offline attack on a slow hash).
APPLICANT_SCORE = 2
STAFF_SCORE = 3
# Widely reported as the most used Chinese passwords (the 2011 CSDN and Tianya leaks), common
# surnames in pinyin, and words of this service and county.
LOCAL_WORDS = (
    "woaini", "woaini1314", "5201314", "1314520", "iloveyou", "wodemima", "mima", "qq123456",
    "a123456", "aa123456", "abc123456", "1qaz2wsx", "qazwsxedc", "zxcvbnm", "147258369",
    "zhang", "wang", "li", "liu", "chen", "yang", "huang", "zhao", "zhou", "xu", "sun", "ma",
    "zhu", "hu", "guo", "he", "gao", "lin", "luo", "zheng", "liang",
    "butie", "buzhu", "pengyang", "ningxia", "guyuan", "baiyang", "wangwa", "gucheng",
    "renshe", "shebao",
)

TOO_SHORT = f"at least {MIN_LENGTH} characters"
TOO_LONG = said("at most %(count)s characters", count=MAX_LENGTH)
GUESSABLE = "too easy to guess: avoid common passwords, names, dates and your own details"
GUESSABLE_STAFF = ("too easy to guess for a staff account: use a longer passphrase of "
                   "unrelated words")


def password_problem(password: str, staff: bool, personal: Iterable[str | None] = ()) -> str | None:
    """Why `password` is refused, or None. `personal`: the account's name, ID number, phone…"""
    if len(password) < MIN_LENGTH:
        return TOO_SHORT
    if len(password) > MAX_LENGTH:
        return TOO_LONG
    inputs = [p for p in personal if p] + list(LOCAL_WORDS)
    score = zxcvbn(password, user_inputs=inputs)["score"]
    if score < (STAFF_SCORE if staff else APPLICANT_SCORE):
        return GUESSABLE_STAFF if staff else GUESSABLE
    return None
