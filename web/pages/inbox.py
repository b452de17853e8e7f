"""The applicant's messages: every milestone of their claims and every note about the account,
read or unread, and whether each also went out by SMS."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, redirect, render_template, request, url_for

from web.auth import current_actor, login_required
from web.db import get_session, runtime
from web.inputs import whole
from web.messaging import sms_enabled
from workflow.domain.access import Role
from workflow.services import notifications

bp = Blueprint("inbox", __name__)
MAX_PAGE = 10_000


@bp.get("/messages")
@login_required(Role.APPLICANT)
def messages() -> Any:
    """The applicant's messages, newest first, the unread ones marked."""
    db, actor = get_session(), current_actor()
    assert actor.user_id is not None
    page = min(whole(request.args.get("page"), "page", 1) or 1, MAX_PAGE)
    rows, total = notifications.messages_of(db, actor.user_id, page)
    return render_template("inbox/messages.html", rows=rows, total=total, page=page,
                           pages=max(1, -(-total // notifications.PAGE)),
                           unread=sum(1 for r in rows if not r.read),
                           sms_on=sms_enabled(current_app))


@bp.post("/messages/read")
@login_required(Role.APPLICANT)
def mark_read() -> Any:
    """Mark the messages shown (or every message) read."""
    actor = current_actor()
    assert actor.user_id is not None
    ids = [i for i in (whole(text, "ids", 1) for text in request.form.getlist("ids"))
           if i is not None]
    notifications.mark_read(get_session(), actor.user_id, runtime(current_app).clock(),
                            ids or None)
    page = min(whole(request.form.get("page"), "page", 1) or 1, MAX_PAGE)
    return redirect(url_for("inbox.messages", page=page))
