"""Claims: file, list, read, decide, withdraw, object."""

from __future__ import annotations

from typing import Any

from flask import current_app, request

from web.api import bp
from web.api.present import claim_detail, claim_summary, objection_number
from web.api.schemas import (
    DecisionSchema,
    ObjectionSchema,
    PageQuerySchema,
    WithdrawSchema,
    claim_schema,
    strikes_of,
)
from web.auth import current_actor, login_required
from web.config import policy_packs
from web.db import files, get_session, hourly_limit, runtime
from workflow.domain.access import Role
from workflow.domain.policy import DEFAULT_PACK
from workflow.services import attachments, claims, decisions, notices, queries, roster_rows


def _json() -> dict[str, Any]:
    body = request.get_json()
    return body if isinstance(body, dict) else {}


@bp.post("/claims")
@login_required(Role.APPLICANT)
def submit() -> Any:
    """File a claim under a pack the deployment offers (`policy_pack`, default Pengyang's),
    read by that pack's schema, with its scans (`scans`: the pack says which kinds are
    required; each one missing is refused as `attachment_<kind>`): a Pengyang claim goes to
    the applicant's township, another pack's to the HR bureau."""
    body = _json()
    schema = claim_schema(body.get("policy_pack", DEFAULT_PACK))
    data = {"certificate_level": "", **schema.load(body)}
    scans = data.pop("scans")
    db, actor, now = get_session(), current_actor(), runtime(current_app).clock()
    claim = claims.submit_claim(db, runtime(current_app), actor, claims.ClaimInput(**data),
                                policy_packs(current_app.config["POLICY_PACKS"]),
                                {scan["kind"] for scan in scans})
    for scan in scans:  # each checked from its bytes; one refused refuses the claim (422)
        attachments.store(db, files(current_app), actor,
                          attachments.Upload(scan["kind"], scan["filename"], scan["content"]),
                          now, current_app.config["UPLOAD_MAX_BYTES"], claim_id=claim.id)
    return claim_detail(db, claim, actor), 201


@bp.get("/claims")
@login_required(Role.APPLICANT)
def mine() -> Any:
    """The applicant's own claims, newest first."""
    actor, page = current_actor(), PageQuerySchema().load(request.args)
    rows = queries.claims_of(get_session(), actor, page["limit"], page["offset"])
    return {"items": [claim_summary(c, actor) for c in rows]}


@bp.get("/claims/<int:claim_id>")
@login_required()
def show(claim_id: int) -> Any:
    """One claim with its timeline and the tasks the caller may complete."""
    db, actor = get_session(), current_actor()
    return _with_roster(db, claims.visible_claim(db, actor, claim_id), actor)


@bp.post("/claims/<int:claim_id>/tasks/<task_id>")
@login_required()
def decide(claim_id: int, task_id: str) -> Any:
    """Complete a task: approve / return / reject, or resubmit with corrections."""
    data = DecisionSchema().load(_json())
    db, actor = get_session(), current_actor()
    claim = decisions.complete_task(db, runtime(current_app), actor, claim_id, task_id,
                                    data["decision"], data["comment"], data["version"],
                                    data["changes"], data["started_on"],
                                    strikes=strikes_of(data))
    return _with_roster(db, claim, actor)


def _with_roster(db: Any, claim: Any, actor: Any) -> dict[str, Any]:
    """The claim as claim_detail shows it, with its workers where it has a roster (an
    enterprise's claim: the rows a reviewer may strike out, those struck out)."""
    body = claim_detail(db, claim, actor)
    roster = roster_rows.roster_shown(db, claim, "id_number" in body["whole_numbers"])
    return {**body, "roster": roster} if roster else body


@bp.post("/claims/<int:claim_id>/withdraw")
@login_required(Role.APPLICANT, Role.ENTERPRISE)
def withdraw(claim_id: int) -> Any:
    """Withdraw a claim before bureau acceptance."""
    data = WithdrawSchema().load(_json())
    db, actor = get_session(), current_actor()
    claim = claims.withdraw_claim(db, runtime(current_app), actor, claim_id, data["reason"])
    return claim_detail(db, claim, actor)


@bp.post("/objections")
def object_to() -> Any:
    """Anyone may object to a claim on public notice (no login). The answer is the same for
    any claim number, of a claim on notice or not, or of none: only one on notice is held."""
    data = ObjectionSchema().load(_json())
    objection = notices.file_objection(get_session(), runtime(current_app), data["reference"],
                                      data["reason"], data["contact"],
                                      address=request.remote_addr or "",
                                      limit=hourly_limit(current_app, "OBJECTIONS_PER_HOUR"))
    return {"id": objection.id, "number": objection_number(objection.id),
            "reference": data["reference"],
            "received_at": objection.received_at.isoformat()}, 201
