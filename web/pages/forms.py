"""Reading browser forms through the same marshmallow schemas as the API, keeping what was typed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from marshmallow import Schema, ValidationError
from werkzeug.datastructures import MultiDict

from workflow.services.errors import InvalidInputError


class FormError(Exception):
    """A form that cannot be accepted: per-field messages, and what the user typed."""

    def __init__(self, errors: dict[str, str], values: dict[str, str]) -> None:
        super().__init__("form not valid")
        self.errors = errors
        self.values = values


def values_of(form: MultiDict[str, str], drop: tuple[str, ...] = ("csrf_token",)) -> dict[str, str]:
    """The submitted text fields, trimmed; the CSRF token is not data."""
    return {k: v.strip() for k, v in form.items() if k not in drop}


def load(schema: Schema, values: Mapping[str, Any],
         optional: tuple[str, ...] = ()) -> dict[str, Any]:
    """Validate; empty optional fields count as absent. Raises FormError (with the text fields
    typed, to show again)."""
    data = {k: v for k, v in values.items() if not (k in optional and v == "")}
    try:
        return schema.load(data)  # type: ignore[no-any-return]
    except ValidationError as exc:
        typed = {k: v for k, v in values.items() if isinstance(v, str)}
        raise FormError(field_errors(exc.messages), typed) from exc


def field_errors(messages: Any) -> dict[str, str]:
    """marshmallow's nested messages flattened to one message per field."""
    if not isinstance(messages, dict):
        return {"_form": str(messages)}
    flat: dict[str, str] = {}
    for name, value in messages.items():
        if isinstance(value, list):
            # A message written from a phrase (a Said) stays one, for the page to say it.
            flat[str(name)] = (value[0] if isinstance(value[0], str) else str(value[0])) \
                if value else ""
        elif isinstance(value, dict):
            flat.update(field_errors(value))
        else:
            flat[str(name)] = str(value)
    return flat


def from_service(exc: InvalidInputError, values: dict[str, str]) -> FormError:
    return FormError(dict(exc.errors), values)
