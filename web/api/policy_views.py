"""Amounts the source documents lost (issue 18 item 14): which entries hold up waiting claims,
and setting one in two steps, as the administrator's page does (`web.pages.policy_admin`)."""

from __future__ import annotations

from typing import Any

from flask import current_app, jsonify, request

from web.api import bp
from web.api.admin_schemas import BlockedQuerySchema, PolicyAmountInputSchema
from web.auth import current_actor, login_required
from web.db import get_session, runtime
from workflow.domain.access import Role
from workflow.services import amount_impact, pack_versions, policy

UNCONFIRMED = ("nothing was saved: setting this amount prices the waiting claims in `impact`; "
               "send its `confirm` back to set it")
CHANGED = ("nothing was saved: the waiting claims this amount prices changed since that "
           "confirmation; check the new `impact` and send its `confirm` back")


def _impact(impact: amount_impact.Impact) -> dict[str, Any]:
    return {"count": impact.count, "total_fen": impact.total_fen,
            "by_version": {str(v): n for v, n in sorted(impact.by_version.items())},
            "amount_fen": impact.amount_fen, "standing_fen": impact.standing_fen,
            "confirm": impact.token}


def _unconfirmed(error: str, message: str, impact: amount_impact.Impact) -> Any:
    return jsonify({"error": error, "message": message, "impact": _impact(impact)}), 409


@bp.get("/admin/policy/amounts")
@login_required(Role.ADMIN)
def blocked_entries() -> Any:
    """The entries with no amount that hold up waiting claims, with how many per version."""
    pack_id = BlockedQuerySchema().load(request.args)["pack"]
    today = pack_versions.county_date(runtime(current_app).clock())
    found = amount_impact.blocked(get_session(), pack_id, today)
    return {"pack": pack_id, "entries": [
        {"entry_code": code, "count": i.count,
         "by_version": {str(v): n for v, n in sorted(i.by_version.items())}}
        for code, i in sorted(found.items())]}


@bp.post("/admin/policy/amounts")
@login_required(Role.ADMIN)
def set_policy_amount() -> Any:
    """Set an amount once its impact is confirmed (409 with the impact until then); audited
    with the number of claims and their total."""
    data = PolicyAmountInputSchema().load(request.get_json() or {})
    db, actor, now = get_session(), current_actor(), runtime(current_app).clock()
    code, fen, pack_id = data["entry_code"], data["amount_fen"], data["pack"]
    if data["confirm"] is None:
        policy.check_amount(actor, code, fen, data["note"], pack_id)  # 422 before asking
        return _unconfirmed("confirmation_required", UNCONFIRMED,
                            amount_impact.impact(db, pack_id, code, now, fen))
    try:
        row, priced = amount_impact.set_amount_confirmed(db, actor, code, fen, data["note"], now,
                                                 pack_id, data["confirm"])
    except amount_impact.ImpactChangedError as exc:
        return _unconfirmed("impact_changed", CHANGED, exc.impact)
    return {"pack": row.pack_id, "entry_code": row.entry_code, "amount_fen": row.amount_fen,
            "version": row.pack_version, "priced": _impact(priced)}
