"""Enterprise payees (issue 19 item 3): an enterprise registers, files a claim for a roster of
its workers (JSON rows; the pages take the sheet) and reads its own claims with their rows."""

from __future__ import annotations

from typing import Any

from flask import current_app, jsonify, request

from web.api import bp
from web.api.enterprise_schemas import (
    EnterpriseDetailsSchema,
    EnterpriseSchema,
    ProjectFilingSchema,
    RosterCorrectionSchema,
    RosterFilingSchema,
)
from web.api.present import claim_detail, sent_back, yuan
from web.auth import current_actor, log_in, login_required
from web.config import policy_packs
from web.db import files, get_session, hourly_limit, runtime
from workflow.domain.access import Role
from workflow.domain.phrases import Said, phrase
from workflow.domain.projects import ProjectFacts
from workflow.services import (
    attachments,
    claims,
    enterprise_accounts,
    enterprise_claims,
    enterprise_details,
    organisation_projects,
    roster_corrections,
    roster_rows,
    users,
)
from workflow.services.enterprise_claims import RosterFiling, RosterRefusedError
from workflow.services.errors import InvalidInputError


def _json() -> dict[str, Any]:
    body = request.get_json(silent=True)
    return body if isinstance(body, dict) else {}


def refused(exc: RosterRefusedError) -> Any:
    """422 with every row's problems: [{"row": 3, "column": "id_number", "message": ...}]."""
    return jsonify({"error": "invalid", "message": exc.message, "fields": exc.errors,
                    "rows": [{"row": e.row, "column": e.column, "message": str(e.message)}
                             for e in exc.rows]}), 422


def offered() -> tuple[str, ...]:
    """The packs this deployment offers (POLICY_PACKS)."""
    return policy_packs(current_app.config["POLICY_PACKS"])


@bp.post("/enterprises")
def register_enterprise() -> Any:
    """An enterprise creates its account (the same limit per address as a worker's); its
    township only where a pack offered has a township step."""
    data = enterprise_accounts.EnterpriseInput(**EnterpriseSchema().load(_json()))
    enterprise = enterprise_accounts.register(
        get_session(), data, runtime(current_app).clock(), request.remote_addr or "",
        hourly_limit(current_app, "REGISTRATIONS_PER_HOUR"), offered())
    return enterprise_accounts.shown(enterprise), 201


def change_details(data: dict[str, Any]) -> list[str]:
    """Change the caller's enterprise details (pages and API): a current password given is
    checked under the login throttle first (a wrong one is counted, the change refused). The
    references of the claims the new account reached."""
    db, actor = get_session(), current_actor()
    password = data.pop("current_password", "")
    if password:
        user = users.get_user(db, actor.user_id)
        if user is None or log_in(user.username, password) is None:
            raise InvalidInputError({"current_password": Said(phrase("wrong password"))})
    reached = enterprise_details.change(
        db, actor, enterprise_details.DetailsChange(**data), runtime(current_app).clock(),
        reauthenticated=bool(password),
        township_needed=enterprise_accounts.township_needed(offered()))
    return [c.reference for c in reached]


@bp.get("/enterprise")
@login_required(Role.ENTERPRISE)
def enterprise_details_of() -> Any:
    """The caller's enterprise as it is now (the account masked)."""
    return enterprise_accounts.shown(enterprise_accounts.of_actor(get_session(),
                                                                  current_actor()))


@bp.put("/enterprise")
@login_required(Role.ENTERPRISE)
def change_enterprise() -> Any:
    """Change the enterprise's details: {"name", "phone", "bank_name", "account_holder",
    "account_number" ("" keeps it), "township", "current_password" (needed to change the
    account)}; the credit code cannot change. The claims not yet paid take the new account
    (`repointed`: their references); a payment batch already made keeps the old one."""
    claims_reached = change_details(EnterpriseDetailsSchema().load(_json()))
    shown = enterprise_accounts.shown(enterprise_accounts.of_actor(get_session(),
                                                                   current_actor()))
    return {**shown, "repointed": claims_reached}


@bp.post("/enterprise/claims")
@login_required(Role.ENTERPRISE)
def file_roster() -> Any:
    """File a claim for a roster: {"roster_kind", "attested": true, "rows": [{column: text}],
    "follows": id of the paid claim a follow-up kind follows}; 422 with every row's problems
    (nothing is saved)."""
    body = RosterFilingSchema().load(_json())
    filing = RosterFiling(body["roster_kind"], tuple(body["rows"]), body["attested"],
                          offered(), None, body["follows"])
    db, actor = get_session(), current_actor()
    try:
        claim = enterprise_claims.file_roster(db, runtime(current_app), actor, filing)
    except RosterRefusedError as exc:
        return refused(exc)
    return {**claim_detail(db, claim, actor),
            "roster": roster_rows.roster_shown(db, claim)}, 201


def _shown(claim: Any) -> dict[str, Any]:
    """A claim of the enterprise's with its workers (ID numbers masked) and, while it waits
    for a corrected roster, why the reviewer returned it (`returned`)."""
    db, actor = get_session(), current_actor()
    detail = claim_detail(db, claim, actor)
    return {**detail, "returned": sent_back(detail),
            "roster": roster_rows.roster_shown(db, claim),
            "project": organisation_projects.shown(db, claim)}


@bp.get("/enterprise/claims")
@login_required(Role.ENTERPRISE)
def enterprise_claims_list() -> Any:
    """The enterprise's own claims, newest first; a returned one says why (`returned`)."""
    db, actor = get_session(), current_actor()
    items = []
    for claim in enterprise_claims.claims_of(db, actor):
        detail = claim_detail(db, claim, actor)
        items.append({key: detail[key] for key in (
            "id", "reference", "version", "status", "stage", "next_step", "subsidy_kind",
            "amount_fen", "submitted_at")} | {"amount_yuan": yuan(claim.amount_fen),
                                              "returned": sent_back(detail)})
    return {"items": items}


@bp.get("/enterprise/claims/<int:claim_id>")
@login_required(Role.ENTERPRISE)
def enterprise_claim(claim_id: int) -> Any:
    """One of the enterprise's own claims with its workers (ID numbers masked); another
    enterprise's claim does not exist (404)."""
    return _shown(claims.visible_claim(get_session(), current_actor(), claim_id))


@bp.post("/enterprise/claims/<int:claim_id>/roster")
@login_required(Role.ENTERPRISE)
def correct_roster(claim_id: int) -> Any:
    """Correct a returned claim with its corrected roster ({"rows", "comment", "version"}):
    every row checked as at filing, then back to the reviewer who returned it; 422 with every
    row's problems (nothing changes), 404 for another enterprise's claim, 409 for a claim
    not waiting for correction."""
    body = RosterCorrectionSchema().load(_json())
    try:
        claim = roster_corrections.resubmit(
            get_session(), runtime(current_app), current_actor(), claim_id,
            tuple(body["rows"]), body["comment"], body["version"])
    except RosterRefusedError as exc:
        return refused(exc)
    return _shown(claim)


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
        offered())
    db, actor = get_session(), current_actor()
    claim = organisation_projects.file_project(db, runtime(current_app), files(current_app),
                                               actor, filing,
                                               current_app.config["UPLOAD_MAX_BYTES"])
    return {**claim_detail(db, claim, actor),
            "project": organisation_projects.shown(db, claim)}, 201
