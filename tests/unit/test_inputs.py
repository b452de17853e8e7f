"""web.inputs without an app: every schema bounded, the bounded helpers, the JSON walk."""

from __future__ import annotations

import importlib
import pkgutil
from datetime import date

import marshmallow
import pytest
from flask import Flask
from marshmallow import ValidationError, fields, validate
from werkzeug.exceptions import BadRequest

import web
from web import IsoJSONProvider, inputs
from workflow.domain.bounds import MAX_INT
from workflow.services.errors import InvalidInputError


def _subclasses(cls: type) -> set[type]:
    found = set(cls.__subclasses__())
    return found.union(*(_subclasses(c) for c in found))


def test_every_schema_of_the_web_layer_bounds_its_dates_and_numbers():
    """A schema on plain marshmallow would let year 1 or 2^63 through to a rule or a query."""
    for module in pkgutil.walk_packages(web.__path__, "web."):
        importlib.import_module(module.name)
    ours = [s for s in _subclasses(marshmallow.Schema) if s.__module__.startswith("web.")]
    assert len(ours) > 20
    plain = sorted(s.__qualname__ for s in ours if not issubclass(s, inputs.Schema))
    assert plain == []


class Sample(inputs.Schema):
    day = fields.Date()
    count = fields.Integer()
    small = fields.Integer(validate=validate.Range(min=1, max=10))
    ids = fields.List(fields.Integer())


@pytest.mark.parametrize(("data", "field"), [
    ({"day": "0001-01-01"}, "day"), ({"day": "9999-12-31"}, "day"),
    ({"count": 2**31}, "count"), ({"count": -(2**31) - 1}, "count"),
    ({"ids": [1, 2**63]}, "ids"), ({"small": 11}, "small")])
def test_days_and_numbers_outside_the_range_are_refused_per_field(data, field):
    with pytest.raises(ValidationError) as refused:
        Sample().load(data)
    assert set(refused.value.messages) == {field}


def test_the_edges_are_accepted_and_a_narrower_range_is_kept_alone():
    assert Sample().load({"day": "1900-01-01", "count": MAX_INT, "ids": [-(2**31)]}) == {
        "day": date(1900, 1, 1), "count": MAX_INT, "ids": [-(2**31)]}
    assert len(Sample().fields["small"].validators) == 1
    assert len(Sample().fields["count"].validators) == 1  # not appended once per instance


@pytest.mark.parametrize("text", ["²", "٣", "9" * 5000, "2147483648", "-1", "1.0", "0x10"])
def test_whole_refuses_what_a_column_cannot_hold_or_int_cannot_read(text):
    with pytest.raises(InvalidInputError) as refused:
        inputs.whole(text, "offset")
    assert refused.value.errors == {"offset": inputs.COUNT_RANGE}


def test_whole_and_day_read_what_is_typed():
    assert inputs.whole(" 42 ", "offset") == 42
    assert inputs.whole("", "offset") is None and inputs.whole(None, "offset") is None
    assert inputs.day("2026-11-02", "from") == date(2026, 11, 2)
    for text in ("0001-01-01", "2026-02-30", "9999-12-31", "x"):
        with pytest.raises(InvalidInputError):
            inputs.day(text, "from")


def test_nul_and_unpaired_surrogates_are_found_and_pairs_are_not():
    provider = IsoJSONProvider(Flask(__name__))
    texts = list(inputs._json_strings(provider.loads(
        '{"a": ["ok", {"b": "\\ud83d\\ude00"}], "c\\u0000": "\\ud800x"}')))
    found = [where for where, text in texts if inputs.UNSTORABLE.search(text)]
    assert found == ["c\x00", "c\x00"]  # the key, and the value under it; the pair is 😀


def test_json_deeper_than_any_body_is_refused_without_recursion():
    provider = IsoJSONProvider(Flask(__name__))
    with pytest.raises(ValueError):
        provider.loads("[" * 100_000 + "]" * 100_000)
    deep = provider.loads("[" * 40 + "]" * 40)
    with pytest.raises(BadRequest):
        list(inputs._json_strings(deep))
