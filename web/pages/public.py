"""Public pages, no login: the claims on notice (公示) and the objection form.

Pengyang 003_6bc740e2a48a5116.txt 组织保障 (三): 经公示无异议的，资金直补个人. Lanzhou
000_52f3d35499bfb498.txt 四(四): the list shows names, ID numbers with digits hidden, the
standard and the amount. Masking is the one policy of workflow.domain.identity.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, render_template, request

from web.api.schemas import ObjectionSchema
from web.db import get_session, runtime
from web.pages import forms
from workflow.services import claims, queries
from workflow.services.errors import ConflictError, InvalidInputError, NotFoundError

bp = Blueprint("public", __name__)


@bp.get("/notices")
def notices() -> Any:
    """Every claim under public notice now, with masked ID numbers and the amount."""
    offset = max(0, request.args.get("offset", 0, type=int))
    rows, total = queries.on_notice(get_session(), limit=100, offset=offset)
    return render_template("public/notices.html", rows=rows, total=total, offset=offset)


@bp.route("/notices/object", methods=["GET", "POST"])
def object_to() -> Any:
    """Anyone may object to a claim on notice: which claim, why, and how to reach them."""
    if request.method == "GET":
        values = {"reference": request.args.get("reference", "")[:32]}
        return render_template("public/object.html", values=values, errors={})
    values = forms.values_of(request.form)
    try:
        data = forms.load(ObjectionSchema(), values)
        objection = claims.file_objection(get_session(), runtime(current_app),
                                          data["reference"], data["reason"], data["contact"])
    except forms.FormError as exc:
        return render_template("public/object.html", values=values, errors=exc.errors), 422
    except InvalidInputError as exc:
        return render_template("public/object.html", values=values,
                               errors=dict(exc.errors)), 422
    except (NotFoundError, ConflictError) as exc:
        return render_template("public/object.html", values=values,
                               errors={"reference": exc.message}), 422
    return render_template("public/objected.html", objection=objection,
                           reference=data["reference"])
