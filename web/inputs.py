"""Input that no rule or column can take, refused once, where it enters.

- `<int:…>` in every route holds what an id column holds (INTEGER, 32 bits on PostgreSQL): a
  larger number is no id, so 404, never a driver error.
- `Schema`, the base of every marshmallow schema in web/: each date field gets the service's
  range of days and each whole-number field the columns' range (workflow.domain.bounds), unless
  it declares a narrower one, so a form or body cannot send year 1 or 2^63 to a rule or a query.
- One guard before every request refuses text no column can store: NUL (PostgreSQL text cannot
  hold it) and unpaired surrogates (UTF-8 cannot encode them; JSON's "\\ud800" makes one) in
  the path, the query string, form fields, file names and JSON bodies; and JSON that does not
  parse or nests deeper than any body we take (Python's parser would recurse until it fails).
- `Schema` also says "This field is required." of a field sent empty, whatever else it asks.
- `whole` and `day`: bounded query and form arguments for the pages that read them by hand.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from typing import Any

import marshmallow
from flask import Flask, current_app, request
from marshmallow import fields, validate
from werkzeug.exceptions import BadRequest, HTTPException, MethodNotAllowed, NotFound
from werkzeug.routing import IntegerConverter, Map, RequestRedirect

from workflow.domain.bounds import (
    EARLIEST_DAY,
    LATEST_DAY,
    MAX_INT,
    MIN_INT,
    day_in_range,
    parse_whole,
)
from workflow.domain.phrases import said
from workflow.services.errors import InvalidInputError


def N_(message: str) -> str:
    """Marks a message for the catalogues; pages translate it when they show it."""
    return message


# NUL, and any surrogate code point: a valid pair is one code point once JSON is decoded, so a
# surrogate left in a str is an unpaired one.
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
MAX_DEPTH = 32  # our deepest body is a decision with its changes: 2 levels

REQUIRED = N_("This field is required.")
UNSTORABLE_FIELD = N_("contains a NUL character or an unpaired surrogate, which cannot be stored")
UNSTORABLE_REQUEST = N_("a field contains a NUL character or an unpaired surrogate, which "
                        "cannot be stored; remove it and try again")
NOT_JSON = N_("the body is not JSON, or is nested more than 32 levels deep")
DAY_RANGE = N_("a day from 1900-01-01 to 2100-12-31")
INT_RANGE = N_("a whole number from -2147483648 to 2147483647")
COUNT_RANGE = N_("a whole number from 0 to 2147483647")
ID_RANGE = N_("a whole number from 1 to 2147483647")


class DatabaseIdConverter(IntegerConverter):
    """Flask's int converter, bounded to what an id column holds."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_INT)
        super().__init__(map, *args, **kwargs)


def _has_range(field: fields.Field, low: Any, high: Any) -> bool:
    """True when the field already declares a range within [low, high]."""
    return any(isinstance(v, validate.Range) and v.min is not None and v.max is not None
               and low <= v.min and v.max <= high for v in field.validators)


def bound(field: fields.Field) -> None:
    """Give a date or whole-number field (or the items of a list or dict of them) the range."""
    if isinstance(field, fields.List):
        bound(field.inner)
    elif isinstance(field, fields.Dict) and field.value_field is not None:
        bound(field.value_field)
    elif isinstance(field, fields.Date) and not _has_range(field, EARLIEST_DAY, LATEST_DAY):
        field.validators.append(validate.Range(EARLIEST_DAY, LATEST_DAY, error=DAY_RANGE))
    elif isinstance(field, fields.Integer) and not _has_range(field, MIN_INT, MAX_INT):
        field.validators.append(validate.Range(MIN_INT, MAX_INT, error=INT_RANGE))


class SaidLength(validate.Length):
    """marshmallow's Length, its own messages written as phrases (a page says them in the
    reader's language from the phrase, not by reading the English again)."""

    def _format_error(self, value: Any, message: str) -> str:
        if self.error is None and message == self.message_all:
            return said("Length must be between %(min)s and %(max)s.", min=self.min,
                        max=self.max)
        if self.error is None and message == self.message_min:
            return said("Shorter than minimum length %(min)s.", min=self.min)
        if self.error is None and message == self.message_max:
            return said("Longer than maximum length %(max)s.", max=self.max)
        return super()._format_error(value, message)


class SaidOneOf(validate.OneOf):
    """marshmallow's OneOf, its own message written as a phrase."""

    def _format_error(self, value: Any) -> str:
        if self.error == self.default_message:
            return said("Must be one of: %(choices)s.", choices=self.choices_text)
        return super()._format_error(value)


def said_by_phrase(field: fields.Field) -> None:
    """A field's Length and OneOf validators say their messages as phrases (the same classes
    with one method more: the instances, often shared, are re-classed in place)."""
    if isinstance(field, fields.List):
        said_by_phrase(field.inner)
    for validator in field.validators:
        if type(validator) is validate.Length:
            validator.__class__ = SaidLength
        elif type(validator) is validate.OneOf:
            validator.__class__ = SaidOneOf


def _blank(value: Any) -> bool:
    return isinstance(value, str) and not value.strip()


class Schema(marshmallow.Schema):
    """marshmallow's Schema, every date and whole number bounded (see the module's docstring),
    and a field left empty refused as such: "This field is required.", not the length, format
    or choice the empty text fails (a form sends an empty field as "")."""

    def on_bind_field(self, field_name: str, field_obj: fields.Field) -> None:
        bound(field_obj)
        said_by_phrase(field_obj)

    def handle_error(self, error: marshmallow.ValidationError, data: Any, *, many: bool,
                     **kwargs: Any) -> None:
        messages = error.messages
        if many or not isinstance(data, Mapping) or not isinstance(messages, dict):
            return
        empty = {name for name, found in messages.items()
                 if isinstance(found, list) and _blank(data.get(name))}
        if empty:
            raise marshmallow.ValidationError(
                {**messages, **{name: [REQUIRED] for name in empty}}, data=data,
                valid_data=error.valid_data)


def _json_strings(body: Any) -> Iterator[tuple[str, str]]:
    """(where, text) of every key and string in a JSON value, walked without recursion.
    Raises BadRequest past MAX_DEPTH."""
    stack: list[tuple[Any, str, int]] = [(body, "", 0)]
    while stack:
        value, where, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise BadRequest(NOT_JSON)
        if isinstance(value, str):
            yield where or "_schema", value
        elif isinstance(value, dict):
            for key, item in value.items():
                inner = f"{where}.{key}" if where else str(key)
                yield inner, str(key)
                stack.append((item, inner, depth + 1))
        elif isinstance(value, list):
            stack.extend((item, f"{where}.{i}" if where else str(i), depth + 1)
                         for i, item in enumerate(value))


def _texts() -> Iterator[tuple[str, str]]:
    """(field, text) of everything a request carries that a view may store or query with."""
    for name, value in request.args.items(multi=True):
        yield name, name
        yield name, value
    if request.method in {"GET", "HEAD", "OPTIONS"}:
        return
    for name, value in request.form.items(multi=True):
        yield name, name
        yield name, value
    for name, upload in request.files.items(multi=True):
        yield name, name
        yield name, upload.filename or ""
    if request.is_json and request.get_data(cache=True).strip():
        try:
            body = request.get_json()
        except BadRequest:
            raise BadRequest(NOT_JSON) from None
        yield from _json_strings(body)


def refuse_unstorable(texts: Iterable[tuple[str, str]]) -> None:
    """422 naming every field whose text holds NUL or an unpaired surrogate."""
    found = {name: UNSTORABLE_FIELD for name, text in texts if UNSTORABLE.search(text)}
    if found:
        raise InvalidInputError(found, UNSTORABLE_REQUEST)


def _path_exists(methods: Iterable[str]) -> bool:
    """True when the path names something for one of `methods`. werkzeug answers 405 when a
    rule for another method has the path's shape, before converting its numbers: a PUT on
    /calendar/2147483648 is 405 though no method can reach that year."""
    adapter = current_app.create_url_adapter(request)
    for method in methods:
        try:
            adapter.match(method=method)  # type: ignore[union-attr]
            return True
        except RequestRedirect:
            return True
        except HTTPException:
            continue
    return False


def _guard() -> None:
    # A path no rule matches is 404 (or 405) before any other before-request function: CSRF
    # would otherwise answer 400 to a PUT or POST on an id no column holds.
    refused = request.routing_exception
    if isinstance(refused, MethodNotAllowed) and not _path_exists(refused.valid_methods or ()):
        raise NotFound()
    if isinstance(refused, (NotFound, MethodNotAllowed)):
        raise refused
    if UNSTORABLE.search(request.path):
        raise NotFound()  # no object is named with a NUL
    refuse_unstorable(_texts())


def whole(text: str | None, name: str, low: int = 0, high: int = MAX_INT) -> int | None:
    """A whole number typed in a query string or form (absent or empty: None), within
    [low, high]; otherwise InvalidInputError (422) naming the field."""
    if text is None or not text.strip():
        return None
    found = parse_whole(text.strip(), low, high)
    if found is not None:
        return found
    message = ID_RANGE if low == 1 else COUNT_RANGE if low == 0 else INT_RANGE
    raise InvalidInputError({name: message}, message)


def day(text: str | None, name: str) -> date | None:
    """A day typed as 2026-11-02 (absent or empty: None), within the service's range;
    otherwise InvalidInputError (422) naming the field."""
    if text is None or not text.strip():
        return None
    try:
        found = date.fromisoformat(text.strip())
    except ValueError:
        found = None
    if found is None or not day_in_range(found):
        raise InvalidInputError({name: DAY_RANGE}, DAY_RANGE)
    return found


def init_app(app: Flask) -> None:
    """Called first in create_app: the converter must be there before any route is added,
    and the guard runs before every other before-request function."""
    app.url_map.converters["int"] = DatabaseIdConverter
    app.before_request(_guard)
