"""The administrators' API bodies: the statutory holiday calendar and the amounts a source
document lost (split from schemas.py by responsibility)."""

from __future__ import annotations

from marshmallow import fields, validate

from web.api.schemas import CERTIFICATE_CODE, text_field
from web.inputs import Schema  # marshmallow's, every date and whole number bounded
from workflow.domain.policy import DEFAULT_PACK, PACKS


class CalendarDayInputSchema(Schema):
    """A day, or a run of days (`date` to `until`), of a holiday notice, with its festival."""

    date = fields.Date(required=True)
    until = fields.Date(load_default=None, allow_none=True)
    name = fields.String(required=True, validate=validate.Length(min=1, max=64))


class CalendarYearInputSchema(Schema):
    """A year's State Council holiday notice; `revision` is the one being changed (omit it
    for a year not yet entered)."""

    document_number = fields.String(required=True, validate=validate.Length(min=1, max=256))
    holidays = fields.List(fields.Nested(CalendarDayInputSchema), required=True,
                           validate=validate.Length(min=1, max=400))
    make_up_days = fields.List(fields.Nested(CalendarDayInputSchema), load_default=list,
                               validate=validate.Length(max=400))
    note = fields.String(load_default="", validate=validate.Length(max=2000))
    revision = fields.Integer(load_default=None, allow_none=True,
                              validate=validate.Range(min=1, max=2**31 - 1))


class CalendarDaySchema(Schema):
    date = fields.Date()
    name = fields.String()


class CalendarYearSchema(Schema):
    year = fields.Integer()
    document_number = fields.String()
    source = fields.String()  # library (seeded) or administrator
    seeded_from = fields.String(allow_none=True)
    note = fields.String()
    revision = fields.Integer()
    updated_at = fields.DateTime(allow_none=True)
    holidays = fields.List(fields.Nested(CalendarDaySchema))
    make_up_days = fields.List(fields.Nested(CalendarDaySchema))
    warnings = fields.List(fields.String())
    notices_counted = fields.List(fields.String())


class PolicyAmountInputSchema(Schema):
    """An amount the source document lost, set by an administrator from the printed one.
    Without `confirm` nothing is saved: the answer is 409 with the `impact` (how many waiting
    claims it prices, their total); send that impact's `confirm` back to set it (409 again,
    with the new impact, if it changed meanwhile)."""

    pack = fields.String(load_default=DEFAULT_PACK, validate=validate.OneOf(sorted(PACKS)))
    entry_code = fields.String(required=True, validate=CERTIFICATE_CODE)
    amount_fen = fields.Integer(required=True, validate=validate.Range(min=1, max=100_000_00))
    note = text_field(2000, required=True)
    confirm = fields.String(load_default=None, validate=validate.Length(min=1, max=64))


class AmountImpactSchema(Schema):
    count = fields.Integer()
    by_version = fields.Dict(keys=fields.String(), values=fields.Integer())
    total_fen = fields.Integer(allow_none=True)
    amount_fen = fields.Integer(allow_none=True)
    standing_fen = fields.Integer(allow_none=True)
    confirm = fields.String()


class PolicyAmountSchema(Schema):
    pack = fields.String()
    entry_code = fields.String()
    amount_fen = fields.Integer()
    version = fields.Integer()
    priced = fields.Nested(AmountImpactSchema)


class BlockedEntrySchema(Schema):
    entry_code = fields.String()
    count = fields.Integer()
    by_version = fields.Dict(keys=fields.String(), values=fields.Integer())


class BlockedEntriesSchema(Schema):
    pack = fields.String()
    entries = fields.List(fields.Nested(BlockedEntrySchema))


class BlockedQuerySchema(Schema):
    pack = fields.String(load_default=DEFAULT_PACK, validate=validate.OneOf(sorted(PACKS)))
