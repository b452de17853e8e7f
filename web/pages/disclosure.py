"""The public list of subsidies paid per period (no login): masked ID numbers and amounts.

Lanzhou 000_52f3d35499bfb498.txt 四(四): 通过新区官网等媒体向社会公开培训补贴的…人员名单
（含隐藏部分位数的身份证号码）、补贴标准及具体金额. The ID number is masked as on public notices
(first 6 and last 4 characters, `mask_id_number`), whoever looks.
"""

from __future__ import annotations

import io
from typing import Any

from flask import Blueprint, current_app, render_template, request, send_file

from web.db import get_session, runtime
from web.inputs import whole
from web.pages.exports import XLSX
from workflow.domain.workdays import COUNTY_TIME
from workflow.reports.xlsx import write_xlsx
from workflow.services import ledgers, reports

bp = Blueprint("disclosure", __name__)
PAGE = 100


def _period() -> tuple[str, Any, str]:
    default = runtime(current_app).clock().astimezone(COUNTY_TIME).strftime("%Y-%m")
    text = (request.args.get("period") or default).strip()[:7]
    try:
        return text, reports.period_bounds(text), ""
    except ValueError:
        return default, reports.period_bounds(default), "a year (2026) or a month (2026-11)"


@bp.get("/disclosure")
def show() -> Any:
    """Subsidies paid in a month or a year, with masked ID numbers, amounts and the total."""
    text, (start, end, label), error = _period()
    offset = whole(request.args.get("offset"), "offset") or 0
    rows, count, total = ledgers.paid_in(get_session(), start, end, PAGE, offset)
    return render_template("public/disclosure.html", rows=rows, count=count, total=total,
                           period=text, label=label, error=error, offset=offset, page=PAGE), \
        422 if error else 200


@bp.get("/disclosure.xlsx")
def download() -> Any:
    """The same list as a spreadsheet (a period's payments: built at once)."""
    text, (start, end, label), _error = _period()
    source = ledgers.disclosure_source(start, end, label, current_app.config["NOTICE_AUTHORITY"])
    out = io.BytesIO()
    write_xlsx(out, source.ledger.sheet, source.cells(get_session()))
    return send_file(io.BytesIO(out.getvalue()), mimetype=XLSX, as_attachment=True,
                     download_name=f"disclosure-{text}.xlsx")
