"""Tables. Queues and searches read the projection columns, never the workflow JSON."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Enum,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    event,
    inspect,
    text,
)
from sqlalchemy.engine import Connection
from sqlalchemy.orm import DeclarativeBase, Mapped, Mapper, deferred, mapped_column

from workflow.domain import installments as split
from workflow.domain.outbox import OutboxResult
from workflow.domain.phrases import Said, from_record
from workflow.persistence.crypto import (
    EncryptedBytes,
    EncryptedJSON,
    EncryptedString,
    EncryptedText,
    keyring_of,
)
from workflow.persistence.types import UTCDateTime

# Encrypted at rest (workflow.persistence.crypto): a 32-character value takes 102 sealed.
SEALED = 128
# A payment line that pays or will pay: open in a batch, or paid (by batch or by hand).
LIVE_LINE = text("is_open OR result = 'paid'")
# Stored as its value, held by a CHECK constraint on both backends.
OUTBOX_RESULT = Enum(OutboxResult, name="outbox_result", native_enum=False,
                       create_constraint=True, length=16,
                       values_callable=lambda kinds: [k.value for k in kinds])


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(32))
    scope: Mapped[str | None] = mapped_column(String(64))
    full_name: Mapped[str] = mapped_column(String(64))
    id_number: Mapped[str | None] = mapped_column(EncryptedString(SEALED))
    # The keyed hash of the ID number: one applicant account per person is checked by it.
    id_number_hash: Mapped[str | None] = mapped_column(String(32), index=True)
    phone: Mapped[str | None] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Raised by logout, a new password, deactivation and a change of role or scope: a session
    # cookie or token carries the value it was issued under and is dead once they differ.
    session_epoch: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Set by a password the township gave in person: the next login must choose a new one.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False,
                                                       server_default=text("false"))


class ProcessDefinition(Base):
    __tablename__ = "process_definitions"
    __table_args__ = (
        UniqueConstraint("process_id", "version"),
        UniqueConstraint("process_id", "content_hash"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))
    files: Mapped[dict[str, str]] = deferred(mapped_column(JSON))
    note: Mapped[str] = mapped_column(Text, default="")
    deployed_by: Mapped[str] = mapped_column(String(64))
    deployed_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ProcessDraft(Base):
    """A definition being edited by an administrator: saved as often as wanted, checked and
    test-run, then deployed as the next version or discarded."""

    __tablename__ = "process_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[str] = mapped_column(String(64))
    based_on_id: Mapped[int | None] = mapped_column(ForeignKey("process_definitions.id"))
    files: Mapped[dict[str, str]] = deferred(mapped_column(JSON, nullable=False))
    note: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_by: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Claim(Base):
    __tablename__ = "claims"
    __table_args__ = (
        Index("ix_claims_timer", "next_timer_at"),
        Index("ix_claims_status_stage", "status", "stage"),
        # Name search is by prefix: on PostgreSQL LIKE 'x%' needs text_pattern_ops.
        Index("ix_claims_full_name", "full_name",
              postgresql_ops={"full_name": "text_pattern_ops"}),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    applicant_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    definition_id: Mapped[int] = mapped_column(ForeignKey("process_definitions.id"))
    # The workflow state is large and only the engine reads it: load it only when asked.
    # Encrypted: its form data holds the ID number and the account.
    state: Mapped[str] = deferred(mapped_column(EncryptedText))
    version: Mapped[int] = mapped_column(Integer)
    # Optimistic locking: every UPDATE says WHERE version = ?, and bumps it.
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
    rev: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    stage: Mapped[str] = mapped_column(String(32))
    township: Mapped[str] = mapped_column(String(32), index=True)
    department: Mapped[str | None] = mapped_column(String(32))
    full_name: Mapped[str] = mapped_column(String(64))
    id_number: Mapped[str] = mapped_column(EncryptedString(SEALED))
    # The keyed hash of the ID number: the lookups of a person's earlier claims use it.
    id_number_hash: Mapped[str] = mapped_column(String(32), index=True)
    phone: Mapped[str] = mapped_column(String(20))
    target_group: Mapped[str] = mapped_column(String(32))
    certificate_code: Mapped[str] = mapped_column(String(16))
    certificate_name: Mapped[str] = mapped_column(String(128))
    certificate_number: Mapped[str] = mapped_column(String(64), index=True)
    certificate_level: Mapped[str] = mapped_column(String(32), default="")
    certificate_issued_on: Mapped[date] = mapped_column(Date)
    certificate_issuer: Mapped[str] = mapped_column(String(128))
    bank_name: Mapped[str] = mapped_column(String(64))
    account_number: Mapped[str] = mapped_column(EncryptedString(SEALED))
    # The account's keyed hash: one account on claims of two people is flagged by it (checks).
    account_number_hash: Mapped[str] = mapped_column(String(32), index=True)
    account_holder: Mapped[str] = mapped_column(String(64))
    amount_fen: Mapped[int | None] = mapped_column(Integer)
    amount_rule: Mapped[str | None] = mapped_column(Text)
    # amount_rule as the phrase it was written from (workflow.domain.phrases.to_record), so a
    # page says it in the reader's language; None for claims accepted before it was kept.
    amount_rule_phrase: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    notice_ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    next_timer_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_stage: Mapped[str | None] = mapped_column(String(32))
    closed_reason: Mapped[str | None] = mapped_column(Text)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The policy pack and version that priced the claim at acceptance; running claims keep it.
    policy_pack: Mapped[str | None] = mapped_column(String(32))
    policy_version: Mapped[int | None] = mapped_column(Integer)
    # A claim under another pack than Pengyang's (set when it is filed): its kind of subsidy
    # and the facts that pack prices; the installments its amount is paid in, fixed at
    # acceptance (amount_fen is then the first, the one paid now).
    subsidy_kind: Mapped[str | None] = mapped_column(String(32))
    class_hours: Mapped[int | None] = mapped_column(Integer)
    course: Mapped[str | None] = mapped_column(String(16))
    fee_fen: Mapped[int | None] = mapped_column(Integer)
    years: Mapped[int | None] = mapped_column(Integer)
    # Where the person works, for the kinds that ask it (Huzhou 004 一 2, 一 3, 二 5): the
    # listed industry, the employer and the first day of employment (migration 0036).
    industry: Mapped[str | None] = mapped_column(String(32))
    employer: Mapped[str | None] = mapped_column(String(128))
    employed_on: Mapped[date | None] = mapped_column(Date)
    installments: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    # Lanzhou New Area's facts of some kinds (workflow.domain.policy.lanzhou.filing): 附件2
    # 备注2's technician-training conditions, 备注5's certificate, employment and project-based
    # training, 001 四's competition award.
    front_line_post: Mapped[bool | None] = mapped_column(Boolean)
    declaration_met: Mapped[bool | None] = mapped_column(Boolean)
    by_training: Mapped[bool | None] = mapped_column(Boolean)
    skill_certificate: Mapped[str | None] = mapped_column(String(32))
    employed: Mapped[bool | None] = mapped_column(Boolean)
    project_based: Mapped[bool | None] = mapped_column(Boolean)
    award_level: Mapped[str | None] = mapped_column(String(16))
    notice_batch_id: Mapped[int | None] = mapped_column(ForeignKey("notice_batches.id"),
                                                        index=True)
    # Who is paid: the applicant (a worker's own claim) or the enterprise that filed a roster
    # (workflow.persistence.enterprise_tables); the account on the claim is the payee's.
    payee_kind: Mapped[str] = mapped_column(String(16), default="applicant",
                                            server_default="applicant")

    @property
    def amount_rule_said(self) -> str | None:
        """amount_rule, remembering its phrase when it was kept (web.pages.phrasing says it)."""
        if self.amount_rule_phrase is None or self.amount_rule is None:
            return self.amount_rule
        return Said(from_record(self.amount_rule_phrase))

    @property
    def installments_said(self) -> list[dict[str, Any]] | None:
        """installments with each condition said from its phrase (the API gives the English,
        a page the reader's language)."""
        return split.said(self.installments)

    @property
    def amount_due_fen(self) -> int:
        """What a notice lists and the bank pays now: the installment in flight, else the whole
        amount (`amount_fen` is what the claim's installments commit)."""
        return split.amount_due(self.installments, self.amount_fen)


class HumanTask(Base):
    """A READY user task, one row each, rewritten in the transaction that changes the claim."""

    __tablename__ = "human_tasks"
    # A queue page is one index range in its order (id breaks ties); a stage filter and the
    # counts per stage use the second one, neither reads a claim.
    __table_args__ = (Index("ix_human_tasks_queue", "lane", "scope", "created_at", "id"),
                      Index("ix_human_tasks_stage", "lane", "scope", "stage", "created_at",
                            "id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    task_id: Mapped[str] = mapped_column(String(36), unique=True)
    name: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(128))
    lane: Mapped[str] = mapped_column(String(32))
    scope: Mapped[str | None] = mapped_column(String(64))
    form: Mapped[str] = mapped_column(String(32))
    stage: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class AuditEvent(Base):
    """Who did what, when; a hash chain over `seq` makes a changed or missing event visible
    (workflow.domain.audit_chain). Rows are linked when their transaction commits."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("uq_audit_events_seq", "seq", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor_role: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(32))
    stage: Mapped[str | None] = mapped_column(String(32))
    task_name: Mapped[str | None] = mapped_column(String(64))
    decision: Mapped[str | None] = mapped_column(String(16))
    comment: Mapped[str | None] = mapped_column(Text)
    changes: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    seq: Mapped[int | None] = mapped_column(Integer)
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str | None] = mapped_column(String(64))


class AuditChainHead(Base):
    """The chain's last position and hash, one row: appenders lock it to keep the chain linear,
    and it shows when events were removed from the end."""

    __tablename__ = "audit_chain_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))


class OutboxEntry(Base):
    """Side effects requested inside a transaction, acted on after it commits.

    `result` is one of `OutboxResult` (a CHECK constraint holds it); an entry whose effect
    raised keeps the error and its attempts, and is given up after a few (`not_applied`).
    """

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_pending", "kind", "processed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    result: Mapped[OutboxResult | None] = mapped_column(OUTBOX_RESULT)
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    error: Mapped[str | None] = mapped_column(Text)


class Objection(Base):
    """An objection to a claim on public notice. One sent by a claim number that names no claim
    on notice (unknown, mistyped, not yet published) holds nothing and has no claim: it is kept
    with the number as typed for the HR bureau, and its sender gets the same answer."""

    __tablename__ = "objections"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"), index=True)
    reference: Mapped[str] = mapped_column(String(32), default="")  # as sent through the API
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reason: Mapped[str] = mapped_column(Text)
    contact: Mapped[str] = mapped_column(String(128))
    decision: Mapped[str | None] = mapped_column(String(16))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    objector_name: Mapped[str] = mapped_column(String(64), default="")
    # Received after the window closed: recorded and shown, but the claim is not held.
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    source_address: Mapped[str] = mapped_column(String(64), default="")


class ClaimDraft(Base):
    """A claim form saved before it is submitted: whatever the applicant typed, unvalidated."""

    __tablename__ = "claim_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    applicant_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    values: Mapped[dict[str, str]] = mapped_column(EncryptedJSON)  # the ID number, the account
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Attachment(Base):
    """A scan kept outside static/, under a random key; served only to who may see the claim."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"), index=True)
    draft_id: Mapped[int | None] = mapped_column(ForeignKey("claim_drafts.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    filename: Mapped[str] = mapped_column(String(128))
    content_type: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    storage_key: Mapped[str] = mapped_column(String(64), unique=True)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime)


class NoticeBatch(Base):
    """A published public notice (公示). Its content and PDF never change once published."""

    __tablename__ = "notice_batches"
    __table_args__ = (UniqueConstraint("year", "sequence"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(64), unique=True)
    year: Mapped[int] = mapped_column(Integer)
    sequence: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(128))
    authority: Mapped[str] = mapped_column(String(128))
    starts_on: Mapped[date] = mapped_column(Date, index=True)
    ends_on: Mapped[date] = mapped_column(Date)
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime)
    working_days: Mapped[int] = mapped_column(Integer)
    contact_office: Mapped[str] = mapped_column(String(128))
    contact_phone: Mapped[str] = mapped_column(String(64))
    contact_address: Mapped[str] = mapped_column(String(256))
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("notice_batches.id"))
    row_count: Mapped[int] = mapped_column(Integer)
    total_fen: Mapped[int] = mapped_column(Integer)
    published_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    published_at: Mapped[datetime] = mapped_column(UTCDateTime)
    pdf: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))
    pdf_sha256: Mapped[str] = mapped_column(String(64))


class NoticeEntry(Base):
    """One row of a published notice, frozen as published (masked ID, never the whole one)."""

    __tablename__ = "notice_entries"
    __table_args__ = (UniqueConstraint("batch_id", "row_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("notice_batches.id"), index=True)
    row_number: Mapped[int] = mapped_column(Integer)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    name: Mapped[str] = mapped_column(String(64))
    masked_id: Mapped[str] = mapped_column(String(18))
    township: Mapped[str] = mapped_column(String(32))
    certificate: Mapped[str] = mapped_column(String(128))
    amount_fen: Mapped[int] = mapped_column(Integer)
    # Which installment of the claim this row publishes (1 for a claim paid in one go).
    installment: Mapped[int] = mapped_column(Integer, server_default="1")


class PaymentBatch(Base):
    """Claims paid together through one bank file; created by one finance officer, approved by
    another (four eyes), then exported. Results come back per line."""

    __tablename__ = "payment_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(32), unique=True)
    status: Mapped[str] = mapped_column(String(16))  # created, approved, exported
    line_count: Mapped[int] = mapped_column(Integer)
    total_fen: Mapped[int] = mapped_column(Integer)
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    exported_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class PaymentLine(Base):
    """One payment of a claim's installment: a line of a batch, with the payee's account as it
    was when the batch was made, or (no batch) one a finance officer recorded by hand from the
    claim page. Both kinds live here so that one rule covers them.

    The database itself refuses a claim in two open lines, and a second live payment of one
    claim's installment: open in a batch or paid, by batch or by hand (partial unique indexes),
    whatever the code above it does.
    """

    __tablename__ = "payment_lines"
    __table_args__ = (
        UniqueConstraint("batch_id", "row_number"),
        Index("uq_payment_lines_open_claim", "claim_id", unique=True,
              sqlite_where=text("is_open"), postgresql_where=text("is_open")),
        Index("uq_payment_lines_paid_claim", "claim_id", "installment", unique=True,
              sqlite_where=text("result = 'paid'"), postgresql_where=text("result = 'paid'")),
        Index("uq_payment_lines_live", "claim_id", "installment", unique=True,
              sqlite_where=LIVE_LINE, postgresql_where=LIVE_LINE),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # None: recorded by hand from the claim page, outside any batch.
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("payment_batches.id"), index=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"))
    row_number: Mapped[int] = mapped_column(Integer)
    reference: Mapped[str] = mapped_column(String(32), index=True)
    payee_name: Mapped[str] = mapped_column(String(64))
    bank_name: Mapped[str] = mapped_column(String(64))
    account_number: Mapped[str] = mapped_column(EncryptedString(SEALED))
    amount_fen: Mapped[int] = mapped_column(Integer)
    installment: Mapped[int] = mapped_column(Integer, server_default="1")  # as NoticeEntry
    is_open: Mapped[bool] = mapped_column(Boolean)
    result: Mapped[str | None] = mapped_column(String(16))  # paid, failed
    reason: Mapped[str | None] = mapped_column(String(256))
    result_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Notification(Base):
    """A message to an applicant: a milestone of a claim (on its page and on "Messages"), or
    about the account (no claim: someone tried to register with its ID number). Every row
    inserted through the ORM also leaves an SMS in `sms_outbox` when a mobile number is known
    (`workflow.persistence.message_tables`): write them with `session.add`, never a bulk
    INSERT."""

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"))
    kind: Mapped[str] = mapped_column(String(32))
    message: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class StageVisit(Base):
    """A claim entering a stage, appended in the transaction that moves it. A visit lasts
    until the claim's next visit (ordered by time, then id), so reports get the days spent in
    each stage without reading the workflow or the audit trail."""

    __tablename__ = "stage_visits"
    __table_args__ = (Index("ix_stage_visits_claim", "claim_id", "entered_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"))
    stage: Mapped[str] = mapped_column(String(32))
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ExportJob(Base):
    """A spreadsheet built off the request by `butie worker` (or the dev server's ticker).

    The row is the source of truth: the page polls it for progress, a worker that dies leaves
    a stale heartbeat and the next worker takes the job again, and the finished file is kept
    here so any web process can serve it to the one user who asked for it.
    """

    __tablename__ = "export_jobs"
    __table_args__ = (Index("ix_export_jobs_status", "status", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    params: Mapped[dict[str, Any]] = mapped_column(JSON)
    requested_by: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    # The role and scope it is built for: served only while the asker still holds them and is
    # active (workflow.domain.need_to_know.export_still_theirs).
    role: Mapped[str | None] = mapped_column(String(32))
    scope: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))  # queued, running, done, failed, withdrawn
    total_rows: Mapped[int | None] = mapped_column(Integer)
    done_rows: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    filename: Mapped[str] = mapped_column(String(128))
    size: Mapped[int | None] = mapped_column(Integer)
    content: Mapped[bytes | None] = deferred(mapped_column(EncryptedBytes))  # whole IDs
    error: Mapped[str | None] = mapped_column(Text)


@event.listens_for(User, "before_insert")
@event.listens_for(User, "before_update")
def _hash_user_id_number(_mapper: Mapper[User], connection: Connection, user: User) -> None:
    """Keep an account's lookup hash in step with its ID number (None without one)."""
    if user.id_number is None:
        user.id_number_hash = None
    elif user.id_number_hash is None or inspect(user).attrs.id_number.history.has_changes():
        user.id_number_hash = keyring_of(connection.dialect).lookup_hash(user.id_number)


@event.listens_for(Claim, "before_insert")
@event.listens_for(Claim, "before_update")
def _hash_id_number(_mapper: Mapper[Claim], connection: Connection, claim: Claim) -> None:
    """Keep the lookup hashes in step with the ID number and the account, on every insert and
    update through the ORM (bulk inserts set them themselves)."""
    attrs, keyring = inspect(claim).attrs, keyring_of(connection.dialect)
    if claim.id_number_hash is None or attrs.id_number.history.has_changes():
        claim.id_number_hash = keyring.lookup_hash(claim.id_number)
    if claim.account_number_hash is None or attrs.account_number.history.has_changes():
        claim.account_number_hash = keyring.lookup_hash(claim.account_number)


# Tables kept in modules of their own for size, on the same metadata: sign-in and rate limits,
# enterprises and their rosters, the statutory calendar, messages, the policy's amounts,
# versions, targets and budgets, and the reviewers' workbench.
from workflow.persistence.access_tables import (  # noqa: E402,F401
    ApiToken,
    LoginCounter,
    RateLimit,
    ReservedUsername,
)
from workflow.persistence.enterprise_tables import (  # noqa: E402,F401
    CertificateSlot,
    Enterprise,
    ProjectClaim,
    RosterRow,
)
from workflow.persistence.holiday_tables import HolidayDay, HolidayYear  # noqa: E402,F401
from workflow.persistence.message_tables import PasswordReset, SmsMessage  # noqa: E402,F401
from workflow.persistence.policy_tables import (  # noqa: E402,F401
    Budget,
    PolicyAmount,
    PolicyChange,
    PolicyVersion,
    TargetValue,
)
from workflow.persistence.workbench_tables import CannedReason, TaskHold  # noqa: E402,F401
