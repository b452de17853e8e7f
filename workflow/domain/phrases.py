"""Texts the domain writes in English that a page says in the reader's language.

A reason's detail (workflow.domain.policy.model.Reason) stays the English sentence the API and
the CLI have always returned; beside it the domain keeps the sentence as a catalogue message and
its values, so the web layer can translate the message and put the values back. Templates are
literals at each call: scripts/i18n.sh extracts the first argument of `phrase` and
`reason_text` and the third of `because` into the catalogues.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class Fen(int):
    """An amount of fen among a message's values: the English prints the integer as before; a
    page in Chinese shows it in yuan (web.pages.reasons)."""


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


def joined(parts: list[Phrase]) -> Phrase:
    """Parts separated by "; ", as one phrase (a page uses its language's separator)."""
    if len(parts) == 1:
        return parts[0]
    return phrase("%(first)s; %(rest)s", first=parts[0], rest=joined(parts[1:]))
