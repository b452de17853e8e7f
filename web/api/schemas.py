"""marshmallow schemas: every input is validated here, errors come back per field (422)."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from marshmallow import INCLUDE, ValidationError, fields, validate, validates_schema

from web.inputs import ID_RANGE, Schema  # marshmallow's, every date and whole number bounded
from workflow.domain.bounds import MAX_INT
from workflow.domain.claims import TARGET_GROUPS
from workflow.domain.identity import normalise_id_number
from workflow.domain.policy import COURSES, DEFAULT_PACK, PACKS, QUOTE_KINDS
from workflow.domain.roster_strikes import Strike
from workflow.domain.targets import SKILL_LEVELS
from workflow.domain.townships import TOWNSHIPS
from workflow.services.attachments import KINDS, MAX_PER_OWNER_OBJECT

# The packs whose claims each input schema reads (a pack's Filing.facts names its schema).
CERTIFICATE_PACKS = [p.pack_id for p in PACKS.values() if p.filing.facts == "certificate"]
KIND_PACKS = [p.pack_id for p in PACKS.values() if p.filing.facts == "subsidy_kind"]
# Which codes may be filed depends on the pack version in force on the day (entries are added
# and retired): the claim service checks against that catalogue; here only the shape.
CERTIFICATE_CODE = validate.Regexp(r"^[A-Za-z0-9-]{1,16}$",
                                   error="a certificate code from the catalogue, e.g. PY-22")


def _id_number(value: str) -> None:
    try:
        normalise_id_number(value)
    except ValueError as exc:  # one fixed message, so every page can show it translated
        raise ValidationError("not a valid resident ID number (GB 11643)") from exc


def row_id(**kwargs: Any) -> fields.Integer:
    """An id or row number a database column can hold (INTEGER, 32 bits on PostgreSQL)."""
    return fields.Integer(validate=validate.Range(min=1, max=MAX_INT, error=ID_RANGE), **kwargs)


def text_field(max_length: int, **kwargs: Any) -> fields.String:
    return fields.String(validate=validate.Length(min=1, max=max_length), **kwargs)


PHONE = fields.String(required=True, validate=validate.Regexp(r"^1\d{10}$",
                                                              error="an 11-digit mobile number"))
ACCOUNT = fields.String(required=True, validate=validate.Regexp(
    r"^[\d ]{12,36}$", error="a bank account number is 12 to 30 digits"))


class LoginSchema(Schema):
    username = text_field(64, required=True)
    password = text_field(256, required=True)


class RegisterSchema(Schema):
    username = text_field(64, required=True)
    password = fields.String(required=True, validate=validate.Length(min=8, max=256))
    full_name = text_field(64, required=True)
    id_number = fields.String(required=True, validate=_id_number)
    phone = PHONE


class RegistrationSchema(Schema):
    """The same answer whether or not the ID number already has an account: then no account is
    made and its holder is told. Log in with the username and password to use the account."""

    message = fields.String()


class TokenSchema(Schema):
    token = fields.String()
    expires_in = fields.Integer()
    user = fields.Dict()


class Base64Bytes(fields.String):
    """A file's bytes sent as base64 text (RFC 4648, standard alphabet)."""

    # bytes, not the str of its base class: the schema hands the service the decoded file
    def _deserialize(self, value: Any, attr: str | None, data: Any,  # type: ignore[override]
                     **kwargs: Any) -> bytes:
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            return base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise ValidationError("the file's bytes as base64") from exc


class ScanSchema(Schema):
    """A scan filed with the claim: its kind, name and bytes (PDF, JPEG or PNG, checked from
    the bytes, at most UPLOAD_MAX_BYTES)."""

    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    filename = text_field(128, required=True)
    content = Base64Bytes(required=True, metadata={"format": "byte"})


# The scans filed with a claim: the pack says which kinds are required (missing ones are
# refused per field, attachment_<kind>).
SCANS = fields.List(fields.Nested(ScanSchema), load_default=list,
                    validate=validate.Length(max=MAX_PER_OWNER_OBJECT))


class ClaimInputSchema(Schema):
    """What an applicant files (Pengyang 组织保障 (三): identity, certificate, own account)."""

    full_name = text_field(64, required=True)
    id_number = fields.String(required=True, validate=_id_number)
    phone = PHONE
    township = fields.String(required=True, validate=validate.OneOf(list(TOWNSHIPS)))
    target_group = fields.String(required=True, validate=validate.OneOf(list(TARGET_GROUPS)))
    certificate_code = fields.String(required=True, validate=CERTIFICATE_CODE)
    certificate_name = text_field(128, required=True)
    certificate_number = text_field(64, required=True)
    certificate_level = fields.String(validate=validate.OneOf(SKILL_LEVELS))  # absent: no level
    certificate_issued_on = fields.Date(required=True)
    certificate_issuer = text_field(128, required=True)
    bank_name = text_field(64, required=True)
    account_number = ACCOUNT
    account_holder = text_field(64, required=True)
    policy_pack = fields.String(load_default=DEFAULT_PACK,
                                validate=validate.OneOf(CERTIFICATE_PACKS))
    scans = SCANS


class PackClaimInputSchema(Schema):
    """A claim under a pack that pays kinds of subsidy (workflow.domain.policy.filing): identity
    and account as every claim, the pack's kind of subsidy and the facts it prices. certificate_name
    is the occupation as the pack prints it (Lanzhou 附件2), certificate_code Huzhou's national
    occupation code, certificate_number the training-certificate number of Lanzhou's training
    kinds (附件4 names the service centre from it)."""

    policy_pack = fields.String(required=True, validate=validate.OneOf(KIND_PACKS))
    full_name = text_field(64, required=True)
    id_number = fields.String(required=True, validate=_id_number)
    phone = PHONE
    township = fields.Constant("")  # the documents name no township step
    target_group = fields.String(required=True, validate=validate.Length(min=1, max=32))
    subsidy_kind = fields.String(required=True, validate=validate.Length(min=1, max=32))
    certificate_code = fields.String(load_default="", validate=validate.Regexp(
        r"^(\d-\d\d-\d\d-\d\d)?$", error="a national occupation code like 4-10-01-02"))
    certificate_name = fields.String(load_default="", validate=validate.Length(max=128))
    certificate_number = text_field(64, required=True)
    certificate_level = fields.String(load_default="", validate=validate.OneOf(SKILL_LEVELS))
    certificate_issued_on = fields.Date(required=True)
    certificate_issuer = text_field(128, required=True)
    class_hours = fields.Integer(load_default=None, allow_none=True,
                                 validate=validate.Range(min=1, max=10000))
    course = fields.String(load_default="", validate=validate.OneOf(["", *COURSES]))
    fee_fen = fields.Integer(load_default=None, allow_none=True,
                             validate=validate.Range(min=1, max=100_000_00))
    years = fields.Integer(load_default=None, allow_none=True,
                           validate=validate.Range(min=1, max=10))
    # Facts some kinds of Lanzhou New Area ask (lanzhou/filing.py); the pack's quote refuses a
    # value it does not know, citing its clause.
    front_line_post = fields.Boolean(load_default=None, allow_none=True)
    declaration_met = fields.Boolean(load_default=None, allow_none=True)
    by_training = fields.Boolean(load_default=None, allow_none=True)
    skill_certificate = fields.String(load_default=None, allow_none=True,
                                      validate=validate.Length(max=32))
    employed = fields.Boolean(load_default=None, allow_none=True)
    project_based = fields.Boolean(load_default=None, allow_none=True)
    award_level = fields.String(load_default=None, allow_none=True,
                                validate=validate.Length(max=16))
    industry = fields.String(load_default="", validate=validate.Length(max=32))
    employer = fields.String(load_default="", validate=validate.Length(max=128))
    employed_on = fields.Date(load_default=None, allow_none=True)
    bank_name = text_field(64, required=True)
    account_number = ACCOUNT
    account_holder = text_field(64, required=True)
    scans = SCANS

    @validates_schema
    def _pack_facts(self, data: dict[str, Any], **_: Any) -> None:
        """The kind and group the pack has, and the facts that kind needs."""
        if data.get("policy_pack", "") not in KIND_PACKS:
            return
        filing = PACKS[data["policy_pack"]].filing
        found: dict[str, list[str]] = {}
        if data.get("subsidy_kind") not in filing.kinds:
            found["subsidy_kind"] = [f"Must be one of: {', '.join(filing.kinds)}."]
        if data.get("target_group") not in filing.groups:
            found["target_group"] = [f"Must be one of: {', '.join(filing.groups)}."]
        for name in filing.required.get(data.get("subsidy_kind", ""), ()):
            if data.get(name) in (None, ""):
                found[name] = ["Missing data for required field."]
        if found:
            raise ValidationError(found)



# The input schema each pack's claims are read with (its Filing.facts names it).
INPUT_SCHEMAS: dict[str, type[Schema]] = {"certificate": ClaimInputSchema,
                                          "subsidy_kind": PackClaimInputSchema}


def claim_schema(pack_id: object) -> Schema:
    """The input schema of a claim under the pack; an unknown pack is read by the schema of
    kinds of subsidy, which refuses it with the packs it knows."""
    pack = PACKS.get(pack_id) if isinstance(pack_id, str) else None
    return INPUT_SCHEMAS[pack.filing.facts if pack else "subsidy_kind"]()

# A correction may change the pack's facts too, never the pack.
PACK_FACTS = ("subsidy_kind", "class_hours", "course", "fee_fen", "years", "front_line_post",
              "declaration_met", "by_training", "skill_certificate", "employed",
              "project_based", "award_level", "industry", "employer", "employed_on")
ClaimChangesSchema = Schema.from_dict({
    **{name: field for name, field in ClaimInputSchema().declared_fields.items()
       if name not in ("policy_pack", "scans")},
    **{name: PackClaimInputSchema().declared_fields[name] for name in PACK_FACTS},
    "certificate_code": fields.String(validate=validate.Regexp(
        r"^[A-Za-z0-9-]{0,16}$", error="a certificate code from the catalogue, e.g. PY-22")),
}, name="ClaimChangesSchema")


class StrikeSchema(Schema):
    """One worker struck out of an enterprise's roster: its row, and why (the reason is
    required: workflow.domain.roster_strikes says so beside the row, `strike_<row>`)."""

    row = fields.Integer(required=True, strict=True, validate=validate.Range(min=0, max=MAX_INT))
    reason = fields.String(load_default="", validate=validate.Length(max=2000))


class DecisionSchema(Schema):
    decision = fields.String(required=True, validate=validate.Length(min=1, max=16))
    comment = fields.String(load_default="", validate=validate.Length(max=2000))
    version = fields.Integer(load_default=None, allow_none=True, strict=True)
    # Corrections: any subset of the claim's fields, validated like a new claim.
    changes = fields.Nested(ClaimChangesSchema(partial=True), load_default=None, allow_none=True)
    # Confirming a later installment, or recording ahead when it will be due (schedule): the
    # day employment or the apprenticeship started.
    started_on = fields.Date(load_default=None, allow_none=True)
    # Approving an enterprise's roster but for these workers (township, department, bureau
    # acceptance): [{"row": 3, "reason": "..."}].
    strikes = fields.List(fields.Nested(StrikeSchema), load_default=list,
                          validate=validate.Length(max=500))

    @validates_schema
    def _changes_only_for_resubmit(self, data: dict[str, Any], **_: Any) -> None:
        if data.get("changes") and data.get("decision") != "resubmit":
            raise ValidationError("changes are sent only with decision 'resubmit'", "changes")


def strikes_of(data: dict[str, Any]) -> tuple[Strike, ...]:
    """A loaded DecisionSchema's strikes, as the services take them."""
    return tuple(Strike(s["row"], s["reason"]) for s in data.get("strikes") or ())


class WithdrawSchema(Schema):
    reason = fields.String(load_default="", validate=validate.Length(max=2000))


class ObjectionSchema(Schema):
    reference = text_field(32, required=True)
    reason = fields.String(required=True, validate=validate.Length(min=1, max=2000))
    contact = fields.String(load_default="", validate=validate.Length(max=128))


class QueueQuerySchema(Schema):
    stage = fields.String(load_default=None)
    township = fields.String(load_default=None)
    certificate_code = fields.String(load_default=None)
    submitted_from = fields.Date(load_default=None, data_key="from")
    submitted_to = fields.Date(load_default=None, data_key="to")
    search = fields.String(load_default=None, data_key="q", validate=validate.Length(max=64))
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0, max=MAX_INT))


class PageQuerySchema(Schema):
    """A page of a list: how many rows, from which."""

    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=100))
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0, max=MAX_INT))


class NoticeQuerySchema(PageQuerySchema):
    number = fields.String(load_default=None, validate=validate.Length(max=64))
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))


class TimersSchema(Schema):
    fired = fields.List(fields.String())


class TaskSchema(Schema):
    task_id = fields.String()
    name = fields.String()
    title = fields.String()
    stage = fields.String()
    form = fields.String()
    decisions = fields.List(fields.String())


class TimelineEntrySchema(Schema):
    at = fields.DateTime()
    action = fields.String()
    stage = fields.String(allow_none=True)
    office = fields.String()
    decision = fields.String(allow_none=True)
    comment = fields.String(allow_none=True)
    changes = fields.Dict(allow_none=True)


class RosterWorkerSchema(Schema):
    """One worker of an enterprise's claim (ID number masked unless the viewer needs it whole),
    with the row's facts by column; `struck`: a reviewer struck the worker out (not paid)."""

    row = fields.Integer()
    full_name = fields.String()
    id_number = fields.String()
    amount_fen = fields.Integer(allow_none=True)
    struck = fields.Dict(allow_none=True, metadata={
        "description": "{at, stage, reason} when struck out, else null"})

    class Meta:
        unknown = INCLUDE  # the row's facts, by its roster kind's columns


class ClaimSchema(Schema):
    # Which of id_number and account_number this caller sees whole now (their open task needs
    # it, workflow.domain.need_to_know); the others are masked.
    whole_numbers = fields.List(fields.String(validate=validate.OneOf(
        ["id_number", "account_number"])))
    id = fields.Integer()
    reference = fields.String()
    version = fields.Integer()
    status = fields.String()
    stage = fields.String()
    next_step = fields.String()
    full_name = fields.String()
    id_number = fields.String()
    phone = fields.String()
    township = fields.String()
    township_name = fields.String()
    target_group = fields.String()
    certificate_code = fields.String()
    certificate_name = fields.String()
    certificate_number = fields.String()
    certificate_level = fields.String()
    certificate_issued_on = fields.Date()
    certificate_issuer = fields.String()
    department = fields.String(allow_none=True)
    department_name = fields.String(allow_none=True)
    bank_name = fields.String()
    account_number = fields.String()
    account_holder = fields.String()
    amount_fen = fields.Integer(allow_none=True)
    amount_yuan = fields.String(allow_none=True)
    amount_rule = fields.String(allow_none=True)
    notice_ends_at = fields.DateTime(allow_none=True)
    closed_stage = fields.String(allow_none=True)
    closed_reason = fields.String(allow_none=True)
    policy_pack = fields.String(allow_none=True)
    policy_version = fields.Integer(allow_none=True)
    # An enterprise's claim: its workers (the rows a reviewer may strike out by `row`).
    roster = fields.List(fields.Nested(RosterWorkerSchema))
    subsidy_kind = fields.String(allow_none=True)
    class_hours = fields.Integer(allow_none=True)
    course = fields.String(allow_none=True)
    fee_fen = fields.Integer(allow_none=True)
    years = fields.Integer(allow_none=True)
    front_line_post = fields.Boolean(allow_none=True)
    declaration_met = fields.Boolean(allow_none=True)
    by_training = fields.Boolean(allow_none=True)
    skill_certificate = fields.String(allow_none=True)
    employed = fields.Boolean(allow_none=True)
    project_based = fields.Boolean(allow_none=True)
    award_level = fields.String(allow_none=True)
    industry = fields.String(allow_none=True)
    employer = fields.String(allow_none=True)
    employed_on = fields.Date(allow_none=True)
    installments = fields.List(fields.Dict(), allow_none=True)
    submitted_at = fields.DateTime()
    updated_at = fields.DateTime()
    tasks = fields.List(fields.Nested(TaskSchema))
    timeline = fields.List(fields.Nested(TimelineEntrySchema))


class ClaimListSchema(Schema):
    items = fields.List(fields.Nested(ClaimSchema))


class HoldSchema(Schema):
    """A reviewer working a task now: anyone else's decision on it is refused (409, naming the
    holder) until it expires, is released, or is taken over (take_over, on the claim's
    timeline)."""

    task_id = fields.String()
    claim_id = fields.Integer()
    holder_id = fields.Integer()
    holder_name = fields.String()
    held_at = fields.DateTime()
    expires_at = fields.DateTime()
    mine = fields.Boolean(metadata={"description": "held by the caller"})


class ClaimTaskSchema(Schema):
    take_over = fields.Boolean(load_default=False, metadata={
        "description": "take the task over from the reviewer who holds it (recorded on the "
                       "claim's timeline); without it a held task answers 409"})


class ReleaseSchema(Schema):
    task_id = fields.String()
    released = fields.Boolean(metadata={"description": "the caller held the task until now"})


class QueueItemSchema(Schema):
    task_id = fields.String()
    task_name = fields.String()
    title = fields.String()
    stage = fields.String()
    waiting_since = fields.DateTime()
    claim = fields.Nested(ClaimSchema)
    hold = fields.Nested(HoldSchema, allow_none=True, metadata={
        "description": "who works the task now, if anyone"})


class QueueSchema(Schema):
    items = fields.List(fields.Nested(QueueItemSchema))
    total = fields.Integer(metadata={"description": "matching tasks, counted up to 1000 (1000 "
                                                    "means at least 1000)"})
    counts = fields.Dict(keys=fields.String(), values=fields.Integer(), metadata={
        "description": "open tasks per stage, each counted up to 1000 like the total"})
    limit = fields.Integer()
    offset = fields.Integer()


class ObjectionResultSchema(Schema):
    """The same for every claim number (on notice, not on notice, unknown): it tells nobody
    which numbers exist; the HR bureau sees the objections that matched no claim on notice."""

    id = fields.Integer()
    number = fields.String(metadata={"description": "the objection's number, e.g. YY-000042"})
    reference = fields.String(metadata={"description": "the claim number as sent"})
    received_at = fields.DateTime()


class ErrorSchema(Schema):
    error = fields.String()
    message = fields.String()
    # "fields" in JSON; the attribute cannot shadow Schema.fields
    field_errors = fields.Dict(data_key="fields")


class NoticeBatchInputSchema(Schema):
    """A notice batch to publish; the contact is required (the documents give none)."""

    starts_on = fields.Date(required=True)
    working_days = fields.Integer(load_default=None, allow_none=True,
                                  validate=validate.Range(min=1, max=30), metadata={
        "description": "the window in working days (default: the setting NOTICE_WORKING_DAYS); "
                       "fewer than the setting BUTIE_NOTICE_MIN_WORKING_DAYS (default 5) is "
                       "refused with a 422 that says so"})
    contact_office = text_field(128, required=True)
    contact_phone = text_field(64, required=True)
    contact_address = text_field(256, required=True)
    title = fields.String(load_default="", validate=validate.Length(max=128))
    claim_ids = fields.List(row_id(), load_default=None, allow_none=True,
                            validate=validate.Length(min=1, max=5000))
    corrects = fields.String(load_default=None, allow_none=True,
                             validate=validate.Length(max=64))


class NoticeBatchSchema(Schema):
    id = fields.Integer()
    number = fields.String()
    title = fields.String()
    authority = fields.String()
    starts_on = fields.Date()
    ends_on = fields.Date()
    closes_at = fields.DateTime()
    working_days = fields.Integer()
    row_count = fields.Integer()
    total_fen = fields.Integer()
    pdf_sha256 = fields.String()
    corrects = fields.String(allow_none=True)


class NoticeListSchema(Schema):
    items = fields.List(fields.Nested(NoticeBatchSchema))
    total = fields.Integer()


class QuoteInputSchema(Schema):
    """A claim's facts to evaluate without filing it. Whose earlier subsidies the caps count
    depends on who asks: an applicant's own (the ID number on file; leave `id_number` out or
    send that number, another is refused); a township or department reviewer's or the HR
    bureau's, the `id_number` given (each such quote is audited and limited per user and
    hour); anyone else's (not logged in, finance, administrators) nobody's: `id_number` is
    then checked for its form only.

    Which facts matter depends on the pack and the kind of subsidy: Pengyang prices a
    certificate from its catalogue code, Lanzhou an occupation by name, course or level."""

    township = fields.String(load_default="", validate=validate.Length(max=32))
    target_group = fields.String(load_default="", validate=validate.Length(max=32))
    certificate_code = fields.String(load_default="", validate=validate.Length(max=16))
    certificate_level = fields.String(load_default="", validate=validate.OneOf(SKILL_LEVELS))
    certificate_issued_on = fields.Date(required=True)
    id_number = fields.String(load_default="", validate=validate.Length(max=18), metadata={
        "description": "whose accepted or paid subsidies the caps count: an applicant may send "
                       "only the number on file (or leave it out: it is used anyway); a "
                       "township or department reviewer's or the HR bureau's quote counts this "
                       "number (audited, limited per user and hour: 429 with Retry-After); "
                       "for anyone else it is checked for its form only and counts nobody's"})
    pack_id = fields.String(load_default=DEFAULT_PACK, data_key="pack",
                            validate=validate.OneOf(list(PACKS)))
    kind = fields.String(load_default="certificate", validate=validate.OneOf(QUOTE_KINDS))
    occupation_code = fields.String(load_default="", validate=validate.Regexp(
        r"^(\d-\d\d-\d\d-\d\d)?$", error="a national occupation code like 4-10-01-02"))
    occupation_name = fields.String(load_default="", validate=validate.Length(max=64))
    years = fields.Integer(load_default=1, validate=validate.Range(min=1, max=10))
    class_hours = fields.Integer(load_default=None, allow_none=True,
                                 validate=validate.Range(min=0, max=10000))
    course = fields.String(load_default="", validate=validate.Length(max=16))
    training_certificate_number = fields.String(load_default="", validate=validate.Regexp(
        r"^\d{0,12}$", error="digits only, as printed on the training certificate"))
    service_centre = fields.String(load_default="", validate=validate.Length(max=16))
    fee_fen = fields.Integer(load_default=None, allow_none=True,
                             validate=validate.Range(min=0, max=100_000_00))
    # Lanzhou New Area's facts of some kinds (as a claim files them).
    front_line_post = fields.Boolean(load_default=None, allow_none=True)
    declaration_met = fields.Boolean(load_default=None, allow_none=True)
    by_training = fields.Boolean(load_default=None, allow_none=True)
    skill_certificate = fields.String(load_default="", validate=validate.Length(max=32))
    employed = fields.Boolean(load_default=None, allow_none=True)
    project_based = fields.Boolean(load_default=None, allow_none=True)
    award_level = fields.String(load_default="", validate=validate.Length(max=16))
    # Where the person works (Huzhou 004 一 2, 一 3, 二 5).
    industry = fields.String(load_default="", validate=validate.Length(max=32))
    employer = fields.String(load_default="", validate=validate.Length(max=128))
    employed_on = fields.Date(load_default=None, allow_none=True)

    @validates_schema(skip_on_field_errors=False)
    def _pack_facts(self, data: dict[str, Any], **_: Any) -> None:
        """The facts the pack's quote cannot do without (Pengyang prices a catalogue
        certificate of a township resident: the township, group and code)."""
        pack = PACKS.get(data.get("pack_id", DEFAULT_PACK))
        if pack is None:
            return
        missing = {name: ["Missing data for required field."]
                   for name in pack.filing.quote_needs if not data.get(name)}
        if missing:
            raise ValidationError(missing)


class InstallmentSchema(Schema):
    amount_fen = fields.Integer()
    condition = fields.String()
    clause = fields.String()
    # A later installment is confirmed no earlier than this after work or apprenticeship began.
    months_after_start = fields.Integer()


class ReasonSchema(Schema):
    rule = fields.String()
    clause = fields.String()
    detail = fields.String()
    passed = fields.Boolean()


class QuoteSchema(Schema):
    history_of = fields.String(allow_none=True, metadata={
        "description": "the masked ID number whose accepted or paid subsidies the caps "
                       "counted; null: nobody's (the caps count none)"})
    pack_id = fields.String()
    pack_version = fields.Integer()
    eligible = fields.Boolean()
    amount_fen = fields.Integer(allow_none=True)
    configured = fields.Boolean()
    department = fields.String(allow_none=True)
    reasons = fields.List(fields.Nested(ReasonSchema))
    installments = fields.List(fields.Nested(InstallmentSchema))
