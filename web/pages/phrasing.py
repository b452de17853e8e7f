"""Reasons and refusals of the policy packs in the reader's language.

The domain writes each reason's detail in English (the API and `butie quote` return it as
is) and keeps it as a catalogue message with its values (workflow.domain.phrases). A page
translates the message and puts the values back; in Chinese an amount of fen reads in yuan and
a level, group or township code by its name. English pages read the detail exactly as the API
gives it. Clauses (file name and clause) are Chinese already and never translated.
"""

from __future__ import annotations

from typing import Any

from flask_babel import get_locale, gettext

from web.pages import labels
from web.pages.messages import translate as translate_message
from workflow.domain.phrases import Fen, Phrase
from workflow.domain.policy.model import Reason

# Codes among a reason's values, said by their names in Chinese (value name -> names).
NAMED: dict[str, Any] = {
    "level": {**labels.LEVELS, "none": labels.LEVELS[""]},
    "group": labels.TARGET_GROUPS_BY_CODE,
    "township": labels.TOWNSHIPS_BY_CODE,
    "kind": labels.SUBSIDY_KINDS,
    "award": labels.AWARDS,
}
# Values that list codes, ", " between them (value name -> the code's value name).
LISTS = {"kinds": "kind", "levels": "level"}


def _yuan(fen: int) -> str:
    """1950 for whole yuan, 1950.50 otherwise."""
    yuan, rest = divmod(fen, 100)
    return str(yuan) if rest == 0 else f"{yuan}.{rest:02d}"


def _value(name: str, value: Any, localise: bool) -> Any:
    if isinstance(value, Phrase):
        return say(value)
    if not localise:
        return value
    if isinstance(value, Fen):
        return _yuan(value)
    if name in LISTS and isinstance(value, str):
        return "、".join(str(_value(LISTS[name], code, localise)) for code in value.split(", "))
    names = NAMED.get(name)
    if names is not None and isinstance(value, str) and value in names:
        return str(names[value])
    return value


def say(phrase: Phrase) -> str:
    """A phrase in the user's language. One without values may be a message the catalogue
    knows by its words (a service message, or a detail already in Chinese)."""
    if not phrase.values:
        return translate_message(phrase.template)
    localise = str(get_locale() or "zh").split("_")[0] != "en"
    values = {name: _value(name, value, localise) for name, value in phrase.values}
    return gettext(phrase.template) % values


def say_reason(reason: Reason) -> str:
    """A reason's detail in the user's language."""
    return say(reason.said)


def translate(message: Any) -> str:
    """A service message in the user's language: one written from a phrase (a pack's
    refusal) part by part, any other as web.pages.messages translates it."""
    if isinstance(message, Phrase):
        return say(message)
    said = getattr(message, "phrase", None)
    if isinstance(said, Phrase):
        return say(said)
    if isinstance(message, Reason):
        return say_reason(message)
    return translate_message(message)
