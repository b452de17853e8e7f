"""Enterprise payees (issue 19 item 3): an enterprise registers, files a claim for a roster of
its workers (JSON rows; the pages take the sheet) and reads its own claims with their rows."""

from __future__ import annotations

from typing import Any

from flask import current_app, jsonify, request

from web.api import bp
from web.api.enterprise_schemas import (
    EnterpriseSchema,
    ProjectFilingSchema,
    RosterFilingSchema,
)
from web.api.present import claim_detail
from web.auth import current_actor, login_required
from web.config import policy_packs
from web.db import files, get_session, hourly_limit, runtime
from workflow.domain.access import Role
from workflow.domain.projects import ProjectFacts
from workflow.services import (
    attachments,
    claims,
    enterprise_accounts,
    enterprise_claims,
    organisation_projects,
    roster_rows,
)
from workflow.services.enterprise_claims import RosterFiling, RosterRefusedError


def _json() -> dict[str, Any]:
    body = request.get_json(silent=True)
    return body if isinstance(body, dict) else {}


def refused(exc: RosterRefusedError) -> Any:
    """422 with every row's problems: [{"row": 3, "column": "id_number", "message": ...}]."""
    return jsonify({"error": "invalid", "message": exc.message, "fields": exc.errors,
                    "rows": [{"row": e.row, "column": e.column, "message": str(e.message)}
                             for e in exc.rows]}), 422


@bp.post("/enterprises")
def register_enterprise() -> Any:
    """An enterprise creates its account (the same limit per address as a worker's)."""
    data = enterprise_accounts.EnterpriseInput(**EnterpriseSchema().load(_json()))
    enterprise = enterprise_accounts.register(
        get_session(), data, runtime(current_app).clock(), request.remote_addr or "",
        hourly_limit(current_app, "REGISTRATIONS_PER_HOUR"))
    return enterprise_accounts.shown(enterprise), 201


@bp.post("/enterprise/claims")
@login_required(Role.ENTERPRISE)
def file_roster() -> Any:
    """File a claim for a roster: {"roster_kind", "attested": true, "rows": [{column: text}]};
    422 with every row's problems (nothing is saved)."""
    body = RosterFilingSchema().load(_json())
    filing = RosterFiling(body["roster_kind"], tuple(body["rows"]), body["attested"],
                          policy_packs(current_app.config["POLICY_PACKS"]))
    db, actor = get_session(), current_actor()
    try:
        claim = enterprise_claims.file_roster(db, runtime(current_app), actor, filing)
    except RosterRefusedError as exc:
        return refused(exc)
    return {**claim_detail(db, claim, actor),
            "roster": roster_rows.roster_shown(db, claim)}, 201


@bp.get("/enterprise/claims/<int:claim_id>")
@login_required(Role.ENTERPRISE)
def enterprise_claim(claim_id: int) -> Any:
    """One of the enterprise's own claims with its workers (ID numbers masked); another
    enterprise's claim does not exist (404)."""
    db, actor = get_session(), current_actor()
    claim = claims.visible_claim(db, actor, claim_id)
    return {**claim_detail(db, claim, actor), "roster": roster_rows.roster_shown(db, claim),
            "project": organisation_projects.shown(db, claim)}


@bp.post("/enterprise/projects")
@login_required(Role.ENTERPRISE)
def file_project() -> Any:
    """File a claim for one project (Huzhou 004 三 6): {"project_name", "project_type",
    "industry", "reviewed_on", "requested_fen", "review_scan": {"filename", "content"}}; 422
    with every problem by field (nothing is saved)."""
    body = ProjectFilingSchema().load(_json())
    scan = body.pop("review_scan")
    kind = body.pop("project_kind")
    filing = organisation_projects.ProjectFiling(
        kind, ProjectFacts(**body),
        attachments.Upload("certificate_scan", scan["filename"], scan["content"]),
        policy_packs(current_app.config["POLICY_PACKS"]))
    db, actor = get_session(), current_actor()
    claim = organisation_projects.file_project(db, runtime(current_app), files(current_app),
                                               actor, filing,
                                               current_app.config["UPLOAD_MAX_BYTES"])
    return {**claim_detail(db, claim, actor),
            "project": organisation_projects.shown(db, claim)}, 201
