"""Texts the domain writes in English that a page says in the reader's language.

A reason's detail (workflow.domain.policy.model.Reason) stays the English sentence the API and
the CLI have always returned; beside it the domain keeps the sentence as a catalogue message and
its values, so the web layer can translate the message and put the values back. Templates are
literals at each call: scripts/i18n.sh extracts the first argument of `phrase`, `said` and
`reason_text` and the third of `because` into the catalogues.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class Fen(int):
    """An amount of fen among a message's values: the English prints the integer as before; a
    page in Chinese shows it in yuan (web.pages.phrasing)."""


@dataclass(frozen=True)
class Phrase:
    """A part of a detail said by a template of its own (e.g. a catalogue row), so that a page
    translates it with the rest; str() gives the English as the detail has it."""

    template: str
    values: tuple[tuple[str, Any], ...] = ()

    def __str__(self) -> str:
        return self.template % dict(self.values) if self.values else self.template


def phrase(template: str, **values: Any) -> Phrase:
    return Phrase(template, tuple(values.items()))


def reason_text(template: str) -> str:
    """Marks a message written outside a `because` or `phrase` call for the catalogues."""
    return template


class Said(str):
    """A message as a plain string (what the API returns and tests compare) that remembers the
    Phrase it was written from, so a page showing it can translate it part by part."""

    phrase: Phrase

    def __new__(cls, said: Phrase) -> Said:
        text = super().__new__(cls, str(said))
        text.phrase = said
        return text


def said(template: str, **values: Any) -> Said:
    """A message as the plain English string services raise, remembering its phrase."""
    return Said(phrase(template, **values))


def phrase_of(message: str) -> Phrase:
    """The phrase a message was written from (a Said), or the message as its own words."""
    said_as = getattr(message, "phrase", None)
    return said_as if isinstance(said_as, Phrase) else Phrase(str(message))


def joined(parts: list[Phrase]) -> Phrase:
    """Parts separated by "; ", as one phrase (a page uses its language's separator)."""
    if len(parts) == 1:
        return parts[0]
    return phrase("%(first)s; %(rest)s", first=parts[0], rest=joined(parts[1:]))


# The key of an audit event's `changes` that keeps its comment's phrase (to_record): the audit
# hash chain seals each row as written, so the phrase is stored beside the English comment when
# the event is recorded rather than recovered from the English later.
COMMENT_SAID = "said"


def to_record(said: Phrase) -> dict[str, Any]:
    """A phrase as JSON a database column keeps: {"t": template, "v": [[name, value], ...]},
    a nested phrase as {"phrase": ...} and an amount of fen as {"fen": n}, so a page can say
    a stored text in the reader's language long after the phrase was made."""
    return {"t": said.template, "v": [[name, _value_record(value)] for name, value in said.values]}


def _value_record(value: Any) -> Any:
    if isinstance(value, Phrase):
        return {"phrase": to_record(value)}
    if isinstance(value, Fen):
        return {"fen": int(value)}
    if isinstance(value, bool | int | str) or value is None:
        return value
    return str(value)  # a date or the like: the templates print it with %s


def from_record(record: dict[str, Any]) -> Phrase:
    """The phrase to_record stored (str() of it gives back the same English)."""
    return Phrase(record["t"], tuple((name, _value_of(value)) for name, value in record["v"]))


def _value_of(value: Any) -> Any:
    if isinstance(value, dict):
        return from_record(value["phrase"]) if "phrase" in value else Fen(value["fen"])
    return value
