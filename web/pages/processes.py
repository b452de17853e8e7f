"""The administrator's process pages: versions, differences, drafts, checks and deploy."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _

from web.auth import current_actor, login_required
from web.db import get_session, runtime
from web.inputs import whole
from web.security import MODELER_CSP
from workflow.domain.access import Role
from workflow.services import definitions, diagrams, process_drafts, process_trials
from workflow.services.errors import InvalidInputError

bp = Blueprint("processes", __name__, url_prefix="/admin/processes")


def _now() -> Any:
    return runtime(current_app).clock()


def _xml(name: str, text: str) -> Response:
    """A definition file as a download; never rendered by the browser as a page."""
    return Response(text.encode("utf-8"), mimetype="application/xml", headers={
        "Content-Disposition": f'attachment; filename="{name}"'})


@bp.get("")
@login_required(Role.ADMIN)
def index() -> Any:
    """Deployed versions (who, when, note, hash), open drafts, upload and compare."""
    db = get_session()
    return render_template("processes/index.html", versions=definitions.versions(db),
                           drafts=process_drafts.drafts(db), errors={})


@bp.get("/versions/<int:definition_id>")
@login_required(Role.ADMIN)
def version(definition_id: int) -> Any:
    """One version: its files, its diagram, and what it changed from the one before."""
    db = get_session()
    row = definitions.version(db, definition_id)
    earlier = [v for v in definitions.versions(db, row.process_id) if v.version < row.version]
    difference = definitions.difference(db, earlier[0].id, row.id) if earlier else None
    return render_template("processes/version.html", definition=row, difference=difference,
                           previous=earlier[0] if earlier else None,
                           diagram=diagrams.process_file(row)[0])


@bp.get("/versions/<int:definition_id>/files/<name>")
@login_required(Role.ADMIN)
def version_file(definition_id: int, name: str) -> Any:
    """Download one file of a deployed version."""
    files = definitions.version(get_session(), definition_id).files
    if name not in files:
        abort(404)
    return _xml(name, files[name])


@bp.get("/diff")
@login_required(Role.ADMIN)
def diff() -> Any:
    """A readable difference between two deployed versions."""
    db = get_session()
    old_id, new_id = (whole(request.args.get(name), name, low=1) for name in ("old", "new"))
    if old_id is None or new_id is None:
        raise InvalidInputError({"old": "choose two versions to compare"})
    old, new = definitions.version(db, old_id), definitions.version(db, new_id)
    return render_template("processes/diff.html", old=old, new=new,
                           difference=definitions.difference(db, old.id, new.id))


@bp.post("/drafts")
@login_required(Role.ADMIN)
def start_draft() -> Any:
    """Start a draft from a deployed version (the newest unless one is chosen)."""
    chosen = whole(request.form.get("definition_id"), "definition_id", low=1)
    row = process_drafts.start(get_session(), current_actor(), _now(), chosen)
    flash(_("Draft %(id)d started.", id=row.id))
    return redirect(url_for("processes.draft", draft_id=row.id))


@bp.post("/drafts/upload")
@login_required(Role.ADMIN)
def upload_draft() -> Any:
    """A new draft from uploaded files (over a copy of the newest version)."""
    db = get_session()
    try:
        row = process_drafts.start_from_upload(db, current_actor(), _uploads(), _now())
    except InvalidInputError as exc:
        return render_template("processes/index.html", versions=definitions.versions(db),
                               drafts=process_drafts.drafts(db), errors=exc.errors), 422
    flash(_("Draft %(id)d started from the uploaded files.", id=row.id))
    return redirect(url_for("processes.draft", draft_id=row.id))


def _uploads() -> dict[str, bytes | str]:
    limit = current_app.config["UPLOAD_MAX_BYTES"]
    files = {f.filename or "": f.stream.read(limit + 1) for f in request.files.getlist("files")
             if f.filename}
    if not files:
        raise InvalidInputError({"files": "choose one or more .bpmn or .dmn files"})
    return dict(files)


def _draft_page(draft_id: int, status: int = 200, **extra: Any) -> Any:
    db = get_session()
    row = process_drafts.draft(db, draft_id)
    context: dict[str, Any] = {"errors": {}, "problems": None, "trial": None,
                               "values": {"note": row.note}}
    context.update(extra)
    return render_template("processes/draft.html", draft=row,
                           base=definitions.version(db, row.based_on_id)
                           if row.based_on_id else None,
                           difference=process_drafts.changes(db, draft_id), **context), status


@bp.get("/drafts/<int:draft_id>")
@login_required(Role.ADMIN)
def draft(draft_id: int) -> Any:
    """A draft: its files, what it changes, the checks, the test run and deploy."""
    return _draft_page(draft_id)


@bp.post("/drafts/<int:draft_id>/files")
@login_required(Role.ADMIN)
def draft_upload(draft_id: int) -> Any:
    """Add or replace files of a draft by upload; a refused upload changes nothing."""
    try:
        process_drafts.save_files(get_session(), current_actor(), draft_id, _uploads(), _now())
    except InvalidInputError as exc:
        return _draft_page(draft_id, 422, errors=exc.errors)
    flash(_("Files saved in the draft."))
    return redirect(url_for("processes.draft", draft_id=draft_id))


@bp.get("/drafts/<int:draft_id>/files/<name>")
@login_required(Role.ADMIN)
def draft_file(draft_id: int, name: str) -> Any:
    """Download one file of a draft."""
    files = process_drafts.draft(get_session(), draft_id).files
    if name not in files:
        abort(404)
    return _xml(name, files[name])


@bp.post("/drafts/<int:draft_id>/files/<name>/remove")
@login_required(Role.ADMIN)
def draft_remove(draft_id: int, name: str) -> Any:
    """Remove one file from a draft."""
    process_drafts.remove_file(get_session(), current_actor(), draft_id, name, _now())
    flash(_("File removed from the draft."))
    return redirect(url_for("processes.draft", draft_id=draft_id))


@bp.post("/drafts/<int:draft_id>/check")
@login_required(Role.ADMIN)
def draft_check(draft_id: int) -> Any:
    """Run every check on the draft, then its test run, and show the results."""
    row = process_drafts.draft(get_session(), draft_id)
    problems, trial = process_trials.check_and_try(runtime(current_app), row, _now())
    return _draft_page(draft_id, problems=problems, trial=trial)


@bp.post("/drafts/<int:draft_id>/deploy")
@login_required(Role.ADMIN)
def draft_deploy(draft_id: int) -> Any:
    """Deploy the draft as the next version with a change note."""
    note = request.form.get("note", "").strip()
    try:
        row = process_drafts.deploy(get_session(), runtime(current_app), current_actor(),
                                    draft_id, note, _now())
    except InvalidInputError as exc:
        problems, trial = process_trials.check_and_try(
            runtime(current_app), process_drafts.draft(get_session(), draft_id), _now())
        return _draft_page(draft_id, 422, errors=exc.errors, values={"note": note},
                           problems=problems, trial=trial)
    flash(_("Version %(v)d deployed: new claims start on it.", v=row.version))
    return redirect(url_for("processes.version", definition_id=row.id))


@bp.post("/drafts/<int:draft_id>/discard")
@login_required(Role.ADMIN)
def draft_discard(draft_id: int) -> Any:
    """Throw a draft away; deployed versions are untouched."""
    process_drafts.discard(get_session(), current_actor(), draft_id, _now())
    flash(_("Draft discarded."))
    return redirect(url_for("processes.index"))


def _modeler_texts() -> dict[str, str]:
    """The properties panel's words, in the page's language (the script has no catalogue)."""
    return {"id": _("Id"), "name": _("Name shown in the diagram"), "form": _("Form"),
            "stage": _("Stage"),
            "decision": _("Decision (DMN id)"), "condition": _("Condition (Python expression)"),
            "timer": _("Timer expression"), "timeDate": _("a date"),
            "timeDuration": _("a duration"), "timeCycle": _("a cycle"),
            "script": _("Script"), "lane": _("Lane name (a role)"),
            "nothing": _("Select an element to edit what the engine needs."),
            "loadError": _("The diagram could not be shown; edit the XML below."),
            "saveError": _("The diagram could not be saved:"),
            "none": _("(none)")}


@bp.get("/drafts/<int:draft_id>/edit/<name>")
@login_required(Role.ADMIN)
def modeler(draft_id: int, name: str) -> Any:
    """The bpmn-js modeler (or dmn-js for a .dmn file) on one file of a draft."""
    row = process_drafts.draft(get_session(), draft_id)
    if name not in row.files:
        abort(404)
    known = process_drafts.editor_vocabulary(row)
    response = Response(render_template(
        "processes/modeler.html", draft=row, name=name, xml=row.files[name],
        kind="dmn" if name.endswith(".dmn") else "bpmn", known=known, texts=_modeler_texts()))
    response.headers["Content-Security-Policy"] = MODELER_CSP
    return response


@bp.post("/drafts/<int:draft_id>/edit/<name>")
@login_required(Role.ADMIN)
def modeler_save(draft_id: int, name: str) -> Any:
    """Save the modeler's XML into the draft; refused XML leaves the draft as it was."""
    try:
        process_drafts.save_files(get_session(), current_actor(), draft_id,
                                  {name: request.form.get("xml", "")}, _now())
    except InvalidInputError as exc:
        return _draft_page(draft_id, 422, errors=exc.errors)
    flash(_("%(name)s saved in the draft.", name=name))
    return redirect(url_for("processes.draft", draft_id=draft_id))
