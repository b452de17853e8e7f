"""Finance: payment batches (create, approve with four eyes, export, import results), reports."""

from __future__ import annotations

import io
from datetime import date, datetime, time
from typing import Any

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _

from web.auth import current_actor, login_required
from web.config import payment_template
from web.db import get_session, runtime
from web.inputs import day
from workflow.domain.access import Role
from workflow.domain.workdays import COUNTY_TIME
from workflow.payments.bank_files import disbursement_csv, disbursement_xlsx, parse_results
from workflow.payments.reports import reconciliation_xlsx
from workflow.services import payments, users
from workflow.services.errors import ConflictError, InvalidInputError

bp = Blueprint("finance", __name__, url_prefix="/finance")


def template() -> tuple[tuple[str, str], ...]:
    """The bank file's columns: a named template, or a JSON list of [heading, field] pairs."""
    return payment_template(current_app.config["PAYMENT_TEMPLATE"])


@bp.get("/batches")
@login_required(Role.FINANCE)
def batches() -> Any:
    """Every payment batch, newest first, and what is due now."""
    db = get_session()
    rows = payments.recent_batches(db)
    due = payments.due(db)
    return render_template("finance/batches.html", batches=rows, due=due,
                           due_total=sum(c.amount_due_fen for c in due))


@bp.post("/batches")
@login_required(Role.FINANCE)
def create() -> Any:
    """Put every due claim into a new batch (the page showed count and total first)."""
    batch = payments.create_batch(get_session(), current_actor(), runtime(current_app).clock())
    flash(_("Batch %(number)s created; another finance officer must approve it.",
            number=batch.number))
    return redirect(url_for("finance.batch", batch_id=batch.id))


@bp.get("/batches/<int:batch_id>")
@login_required(Role.FINANCE)
def batch(batch_id: int, errors: dict[str, str] | None = None, report: Any = None,
          status: int = 200) -> Any:
    """A batch: its lines, the approval, the bank file, the results and the reconciliation."""
    db = get_session()
    found = payments.get_batch(db, batch_id)
    names = users.full_names(db, [i for i in (found.created_by, found.approved_by) if i])
    lines = payments.lines(db, batch_id)
    payees = payments.payees(db, batch_id)  # an enterprise is paid once for its workers
    return render_template("finance/batch.html", batch=found, lines=lines, payees=payees,
                           by_payee=payments.by_payee(lines, payees),
                           names=names, summary=payments.reconcile(db, batch_id),
                           not_applied=payments.not_applied(db, batch_id),
                           errors=errors or {}, report=report), status


@bp.post("/batches/<int:batch_id>/approve")
@login_required(Role.FINANCE)
def approve(batch_id: int) -> Any:
    """The second finance officer approves; the creator cannot."""
    payments.approve_batch(get_session(), current_actor(), batch_id, runtime(current_app).clock())
    flash(_("The batch is approved and can be exported."))
    return redirect(url_for("finance.batch", batch_id=batch_id))


@bp.post("/batches/<int:batch_id>/bank.<any(xlsx, csv):kind>")
@login_required(Role.FINANCE)
def export(batch_id: int, kind: str) -> Any:
    """The bank's disbursement file; the first export marks the batch exported (a POST: it
    changes the batch, in the same transaction that reads the lines)."""
    found, rows = payments.export_payments(get_session(), current_actor(), batch_id,
                                           runtime(current_app).clock())
    maker = disbursement_xlsx if kind == "xlsx" else disbursement_csv
    data = maker(rows, template(), found.number)
    mimetype = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                if kind == "xlsx" else "text/csv; charset=utf-8")
    return send_file(io.BytesIO(data), mimetype=mimetype, as_attachment=True,
                     download_name=f"{found.number}.{kind}")


@bp.post("/batches/<int:batch_id>/results")
@login_required(Role.FINANCE)
def results(batch_id: int) -> Any:
    """Import the bank's result file; a second import of the same file changes nothing."""
    upload = request.files.get("results")
    if upload is None or not upload.filename:
        return batch(batch_id, {"results": "choose the bank's result file"}, status=422)
    try:
        rows = parse_results(upload.stream.read(current_app.config["UPLOAD_MAX_BYTES"]),
                             upload.filename)
        report = payments.import_results(get_session(), runtime(current_app), current_actor(),
                                         batch_id, rows)
    except (ValueError, InvalidInputError, ConflictError) as exc:
        return batch(batch_id, {"results": str(exc)}, status=422)
    return batch(batch_id, report=report)


@bp.get("/reconciliation.xlsx")
@login_required(Role.FINANCE)
def reconciliation() -> Any:
    """Expected, paid, failed and pending per batch, for batches made in a period."""
    start, end = (_midnight(day(request.args.get(name), name)) for name in ("from", "to"))
    db = get_session()
    data = reconciliation_xlsx(payments.reconcile_batches(db, start, end),
                               payments.payees_by_batch(db, start, end))
    return send_file(io.BytesIO(data), as_attachment=True,
                     download_name="reconciliation.xlsx",
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def _midnight(found: date | None) -> datetime | None:
    return None if found is None else datetime.combine(found, time.min, tzinfo=COUNTY_TIME)
