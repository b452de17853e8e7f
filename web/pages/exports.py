"""Spreadsheet exports: ask for one, watch its progress, download it when it is done.

Building happens off the request (workflow.services.exports): the page refreshes itself while
the job runs, with htmx every second or, without JavaScript, a <noscript> meta refresh.
"""

from __future__ import annotations

import io
from typing import Any

from flask import Blueprint, current_app, redirect, render_template, request, send_file, url_for

from web.auth import current_actor, login_required
from web.db import get_session, runtime
from web.pages import forms
from workflow.services import exports, ledgers

bp = Blueprint("exports", __name__)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.post("/exports")
@login_required()
def start() -> Any:
    """Queue an export of a list or ledger, then show its progress."""
    values = forms.values_of(request.form)
    kind = values.pop("kind", "")
    if kind == "queue":  # the queue's overdue column uses this office's setting
        values[ledgers.QUEUE_SETTING] = current_app.config["OVERDUE_DAYS"]
    job = exports.request_export(get_session(), current_actor(), kind, values,
                                 runtime(current_app).clock())
    wake = current_app.extensions.get("butie.ticker_wake")
    if wake is not None:
        wake.set()  # the development server's ticker starts it now, not at its next tick
    return redirect(url_for("exports.show", job_id=job.id), code=303)


@bp.get("/exports")
@login_required()
def mine() -> Any:
    """The exports I asked for recently."""
    return render_template("exports/list.html",
                           jobs=exports.recent(get_session(), current_actor()))


@bp.get("/exports/<int:job_id>")
@login_required()
def show(job_id: int) -> Any:
    """Progress of one export; htmx asks for the status part only."""
    job = exports.job_of(get_session(), current_actor(), job_id)
    template = "exports/_status.html" if request.headers.get("HX-Request") else \
        "exports/show.html"
    return render_template(template, job=job)


@bp.get("/exports/<int:job_id>/file")
@login_required()
def download(job_id: int) -> Any:
    """The finished spreadsheet (only for who asked for it)."""
    job, data = exports.content(get_session(), current_actor(), job_id)
    return send_file(io.BytesIO(data), mimetype=XLSX, as_attachment=True,
                     download_name=job.filename)
