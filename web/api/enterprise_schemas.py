"""An enterprise's API bodies (issue 19 item 3): its registration, its account as shown, and
its roster claim (split from schemas.py by responsibility)."""

from __future__ import annotations

from marshmallow import fields, validate

from web.api.schemas import ACCOUNT, Base64Bytes, text_field
from web.inputs import Schema  # marshmallow's, every date and whole number bounded
from workflow.domain.organisations import ENTERPRISE, ORG_TYPES


class EnterpriseSchema(Schema):
    """An enterprise's registration (issue 19 item 3): the lengths its columns hold (its name
    is a claim's name, 64); the credit code and the account are checked by the service."""

    username = text_field(64, required=True)
    password = fields.String(required=True, validate=validate.Length(min=8, max=256))
    name = text_field(64, required=True)
    credit_code = text_field(32, required=True)
    # Read only where a pack offered has a township step (enterprise_accounts.township_needed).
    township = fields.String(load_default="", validate=validate.Length(max=32))
    phone = text_field(20, required=True)
    bank_name = text_field(64, required=True)
    account_number = ACCOUNT
    account_holder = text_field(64, required=True)
    # What the organisation is (enterprise, training_institution, other_entity): what it may
    # file; an account registered without saying is an enterprise's.
    org_type = fields.String(load_default=ENTERPRISE, validate=validate.OneOf(ORG_TYPES))


class EnterpriseDetailsSchema(Schema):
    """An enterprise's change of its details (issue 19 item 3): `account_number` empty keeps
    the account; changing the bank, the account or its holder needs `current_password`; the
    credit code, if sent, must be the enterprise's own (it cannot be changed); the township is
    read only where a pack in force has a township step."""

    name = text_field(64, required=True)
    phone = text_field(20, required=True)
    bank_name = text_field(64, required=True)
    account_holder = text_field(64, required=True)
    account_number = fields.String(load_default="", validate=validate.Regexp(
        r"^([\d ]{12,36})?$", error="a bank account number is 12 to 30 digits"))
    township = fields.String(load_default="", validate=validate.Length(max=32))
    credit_code = fields.String(load_default="", validate=validate.Length(max=32))
    current_password = fields.String(load_default="", validate=validate.Length(max=256))


class EnterpriseAccountSchema(Schema):
    """An enterprise as its own answers show it: the account masked."""

    name = fields.String()
    credit_code = fields.String()
    org_type = fields.String()
    township = fields.String()
    phone = fields.String()
    bank_name = fields.String()
    account_number = fields.String()
    account_holder = fields.String()


class EnterpriseChangedSchema(EnterpriseAccountSchema):
    """An enterprise after a change of its details: the references of the claims not yet paid
    that the new account reached (none when the account did not change)."""

    repointed = fields.List(fields.String())


ROSTER_ROWS = fields.List(fields.Dict(keys=fields.String(validate=validate.Length(max=64)),
                                      values=fields.String(validate=validate.Length(max=64))),
                          required=True, validate=validate.Length(max=500))


class RosterFilingSchema(Schema):
    """An enterprise's claim for a roster: the kind its pack declares (work_for_training,
    apprenticeship, ...), `attested`: its confirmation of the kind's own statement (the
    kind's `attestation`, citing its clause: 003 二(四) 经企业认定, 二(五), Huzhou 004 三 7, ...),
    and the rows by column name; refused whole, 422 with `rows`: every problem by
    sheet row (the first worker is row 2, under the template's header) and column. A
    follow-up kind (Huzhou's hz_directed_training_second) names in `follows` the id of the
    enterprise's paid claim it follows; other kinds ignore it."""

    roster_kind = text_field(32, required=True)
    attested = fields.Boolean(required=True)
    rows = ROSTER_ROWS
    follows = fields.Integer(load_default=None, allow_none=True)


class ResubmitSchema(Schema):
    """What a corrected roster is sent with: a note to the reviewer who returned the claim and
    the claim's version the enterprise read (stale: 409)."""

    comment = fields.String(load_default="", validate=validate.Length(max=2000))
    version = fields.Integer(load_default=None, allow_none=True, strict=True)


class RosterCorrectionSchema(ResubmitSchema):
    """A returned roster claim's corrected roster: every row, by column name, as at filing
    (it replaces the roster filed); 422 with `rows` as at filing, nothing changed."""

    rows = ROSTER_ROWS


class ReturnedSchema(Schema):
    """Why a claim waits for its enterprise: the reviewer's return, from the timeline."""

    at = fields.DateTime()
    stage = fields.String(allow_none=True)
    office = fields.String()
    decision = fields.String(allow_none=True)
    comment = fields.String(allow_none=True)


class EnterpriseClaimSchema(Schema):
    id = fields.Integer()
    reference = fields.String()
    version = fields.Integer()
    status = fields.String()
    stage = fields.String()
    next_step = fields.String()
    subsidy_kind = fields.String(allow_none=True)
    amount_fen = fields.Integer(allow_none=True)
    amount_yuan = fields.String(allow_none=True)
    submitted_at = fields.DateTime()
    returned = fields.Nested(ReturnedSchema, allow_none=True)


class EnterpriseClaimListSchema(Schema):
    items = fields.List(fields.Nested(EnterpriseClaimSchema))


class ReviewScanSchema(Schema):
    """The review's conclusion (评审结论) as a scan: PDF, JPEG or PNG, checked from its bytes."""

    filename = text_field(128, required=True)
    content = Base64Bytes(required=True, metadata={"format": "byte"})


class ProjectFilingSchema(Schema):
    """An organisation's claim for one project (Huzhou 004 三 6 评价项目开发资助): the kind, the
    project's name, type (skill_level, new_occupation, national_standard, question_bank,
    special_ability) and industry (a code of 004's list), the day its review concluded, the
    amount asked in fen (at most 5,000,000) and the review's conclusion; 422 per field."""

    project_kind = text_field(32, load_default="hz_evaluation_project")
    project_name = text_field(128, required=True)
    project_type = text_field(24, required=True)
    industry = text_field(32, required=True)
    reviewed_on = fields.Date(required=True)
    requested_fen = fields.Integer(required=True, validate=validate.Range(min=1, max=5_000_000))
    review_scan = fields.Nested(ReviewScanSchema, required=True)
