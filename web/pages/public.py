"""Public pages, no login: the archive of notices (公示), each notice, its files, objections.

Pengyang 003_6bc740e2a48a5116.txt 组织保障 (三): 经公示无异议的，资金直补个人. Lanzhou
000_52f3d35499bfb498.txt 四(四): the list shows names, ID numbers with digits hidden, the
standard and the amount. What is shown is the batch as published: frozen rows, stored PDF.
"""

from __future__ import annotations

import io
from typing import Any

from flask import Blueprint, current_app, render_template, request, send_file
from marshmallow import ValidationError, fields, validate

from web.api.schemas import row_id
from web.db import get_session, hourly_limit, runtime
from web.inputs import Schema  # marshmallow's, every date and whole number bounded
from web.pages import forms
from workflow.domain.numerals import yuan_in_capitals
from workflow.notices.document import NoticeDocument, NoticeRow
from workflow.notices.exports import notice_csv, notice_xlsx
from workflow.persistence.models import NoticeBatch
from workflow.reports.xlsx import write_xlsx
from workflow.services import ledgers, notices
from workflow.services.errors import ConflictError, InvalidInputError, RateLimitedError

bp = Blueprint("public", __name__)


class ArchiveQuerySchema(Schema):
    number = fields.String(load_default=None, validate=validate.Length(max=64))
    on = fields.Date(load_default=None)
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0))


class EntryObjectionSchema(Schema):
    row_number = row_id(required=True)
    name = fields.String(load_default="", validate=validate.Length(max=64))
    contact = fields.String(load_default="", validate=validate.Length(max=128))
    reason = fields.String(required=True, validate=validate.Length(min=1, max=2000))


@bp.get("/notices")
def notices_archive() -> Any:
    """Every published notice, newest first; search by number and by a day of its window."""
    raw = {k: v for k, v in forms.values_of(request.args).items() if v}
    try:
        query = ArchiveQuerySchema().load(raw)
        errors: dict[str, str] = {}
    except ValidationError as exc:
        query, errors = ArchiveQuerySchema().load({}), forms.field_errors(exc.messages)
    rows, total = notices.batches(get_session(), query["number"], query["on"], limit=20,
                                  offset=query["offset"])
    return render_template("public/archive.html", batches=rows, total=total, filters=raw,
                           errors=errors, offset=query["offset"],
                           now=runtime(current_app).clock())


@bp.get("/notices.xlsx")
def notices_xlsx() -> Any:
    """The whole archive of notices as a spreadsheet (one row a notice: a short list)."""
    source = ledgers.notices_source()
    out = io.BytesIO()
    write_xlsx(out, source.ledger.sheet, source.cells(get_session()))
    return send_file(io.BytesIO(out.getvalue()), as_attachment=True,
                     download_name="notices.xlsx",
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def _document(batch: NoticeBatch) -> NoticeDocument:
    rows = tuple(NoticeRow(e.row_number, e.name, e.masked_id, e.township, e.certificate,
                           e.amount_fen) for e in notices.entries(get_session(), batch.id))
    return NoticeDocument(batch.title, batch.authority, batch.number, batch.starts_on,
                          batch.ends_on, batch.contact_office, batch.contact_phone,
                          batch.contact_address, rows)


@bp.get("/notices/<int:batch_id>")
def notice(batch_id: int) -> Any:
    """One notice as published: window, contact, every row with masked ID numbers, totals."""
    batch = notices.batch(get_session(), batch_id)
    document = _document(batch)
    corrects = get_session().get(NoticeBatch, batch.corrects_id) if batch.corrects_id else None
    return render_template("public/notice.html", batch=batch, document=document,
                           capitals=yuan_in_capitals(batch.total_fen), corrects=corrects,
                           open=runtime(current_app).clock() < batch.closes_at)


@bp.get("/notices/<int:batch_id>/<any(pdf, csv, xlsx):kind>")
def notice_file(batch_id: int, kind: str) -> Any:
    """The stored PDF (never re-rendered), or the same rows as CSV or xlsx."""
    batch = notices.batch(get_session(), batch_id)
    name = f"notice-{batch.year}-{batch.sequence}.{kind}"
    if kind == "pdf":
        data, mimetype = batch.pdf, "application/pdf"
    elif kind == "csv":
        data, mimetype = notice_csv(_document(batch)), "text/csv; charset=utf-8"
    else:
        data = notice_xlsx(_document(batch))
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = send_file(io.BytesIO(data), mimetype=mimetype, download_name=name,
                         as_attachment=kind != "pdf")
    if kind == "pdf":
        response.headers["X-Content-SHA256"] = batch.pdf_sha256
    return response


@bp.route("/notices/<int:batch_id>/object", methods=["GET", "POST"])
def object_to(batch_id: int) -> Any:
    """Anyone may object to one row of a notice: which row, who, how to reach them, why."""
    batch = notices.batch(get_session(), batch_id)
    if request.method == "GET":
        values = {"row_number": request.args.get("row", "")[:6]}
        return render_template("public/object.html", batch=batch, values=values, errors={})
    values = forms.values_of(request.form)
    try:
        data = forms.load(EntryObjectionSchema(), values)
        objection = notices.object_to_entry(
            get_session(), runtime(current_app), batch.id, data["row_number"],
            notices.ObjectionInput(data["reason"], data["contact"], data["name"],
                                   request.remote_addr or ""),
            hourly_limit(current_app, "OBJECTIONS_PER_HOUR"))  # the API's budget too
    except forms.FormError as exc:
        return render_template("public/object.html", batch=batch, values=values,
                               errors=exc.errors), 422
    except InvalidInputError as exc:
        return render_template("public/object.html", batch=batch, values=values,
                               errors=dict(exc.errors)), 422
    except ConflictError as exc:
        return render_template("public/object.html", batch=batch, values=values,
                               errors={"row_number": exc.message}), 422
    except RateLimitedError as exc:
        return render_template("public/object.html", batch=batch, values=values,
                               errors={"_form": exc.message}), 429, {
                                   "Retry-After": str(exc.retry_after or 60)}
    return render_template("public/objected.html", batch=batch, objection=objection,
                           row_number=data["row_number"])
