"""Moving running claims to a newer process version: the dry run, then the safe ones."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, flash, render_template, request
from flask_babel import gettext as _

from web.auth import current_actor, login_required
from web.db import get_session, runtime
from web.inputs import whole
from workflow.domain.access import Role
from workflow.services import definitions, migrations

bp = Blueprint("migrations", __name__, url_prefix="/admin/processes/migrations")


@bp.get("")
@login_required(Role.ADMIN)
def index() -> Any:
    """Dry run: running claims on other versions, where they wait, which can move and why not."""
    db = get_session()
    plan = migrations.dry_run(db, runtime(current_app),
                              whole(request.args.get("target"), "target", low=1))
    return render_template("processes/migrations.html", plan=plan, done=False,
                           versions=definitions.versions(db))


@bp.post("")
@login_required(Role.ADMIN)
def migrate() -> Any:
    """Move the claims that can move; the others stay, listed with the reason."""
    db = get_session()
    target = whole(request.form.get("target"), "target", low=1)
    rt = runtime(current_app)
    plan = migrations.migrate(db, rt, current_actor(), target or definitions.current(db).id,
                              rt.clock())
    flash(_("%(n)d claims moved to version %(v)d.", n=plan.moved_count, v=plan.target_version))
    return render_template("processes/migrations.html", plan=plan, done=True,
                           versions=definitions.versions(db))
