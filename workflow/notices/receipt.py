"""The receipt (回执) of a filed claim, rendered to PDF with Jinja2 and WeasyPrint.

A one-page paper the applicant keeps, or a service hall prints for them: the claim number to
quote, who filed what and when, the amount if one is known, and each stage's time limit with
the day it is expected to be done by (`workflow.domain.time_limits`). The ID number is masked as
on public notices (Lanzhou 000_52f3d35499bfb498.txt 四(四)): the receipt is printed and carried
about. In Chinese, as the notices are. Nothing is fetched (`weasy.layout`): the fonts are the
system's Noto CJK.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from workflow.domain import time_limits as tl
from workflow.domain.numerals import format_yuan
from workflow.notices.document import chinese_date
from workflow.notices.render import TEMPLATES

STAGE_NAMES = {"township_review": "乡镇身份审核", "department_review": "行业主管部门证书审核",
               "bureau_acceptance": "县人社局验收", "awaiting_notice": "待列入公示",
               "notice": "公示", "payment": "补贴发放"}
LEVELS = {"junior": "初级工", "intermediate": "中级工", "senior_worker": "高级工",
          "technician": "技师", "senior_technician": "高级技师"}
STATES = {"done": "已完成", "current": "办理中", "stopped": "已终止", "todo": "未开始"}
UNKNOWN = {tl.NOT_CONFIGURED: "未配置", tl.CALENDAR: "节假日安排未录入",
           tl.YOUR_TURN: "待您更正", tl.HELD: "暂缓，另行通知"}


@dataclass(frozen=True)
class Receipt:
    """What the receipt prints; every number already masked."""

    reference: str
    full_name: str
    masked_id: str
    township: str
    certificate: str
    certificate_number: str
    filed_on: date
    amount_fen: int | None
    amount_final: bool  # True: the bureau's accepted amount; False: the quote as filed
    stages: tuple[tl.StageLimit, ...]
    authority: str
    printed_on: date


def _limit(stage: tl.StageLimit) -> str:
    return "未配置" if stage.working_days is None else f"{stage.working_days} 个工作日"


def _due(stage: tl.StageLimit) -> str:
    if stage.due_on is not None:
        return chinese_date(stage.due_on)
    if stage.state in ("done", "stopped") or stage.unknown is None:
        return "—"
    return UNKNOWN.get(stage.unknown, "未配置")


def _environment() -> Environment:
    # autoescape: the name and certificate are the applicant's own text.
    env = Environment(loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined,
                      autoescape=select_autoescape(["html"]), trim_blocks=True,
                      lstrip_blocks=True)
    env.globals.update(limit=_limit, due=_due, names=STAGE_NAMES, states=STATES,
                       cn_date=chinese_date, yuan=format_yuan)
    return env


def render_receipt(receipt: Receipt) -> bytes:
    """The receipt as PDF bytes (one A4 page)."""
    from workflow.notices.weasy import layout  # WeasyPrint only where a PDF is written

    env = _environment()
    html = env.get_template("receipt.html").render(r=receipt)
    css = env.get_template("receipt.css").render()
    return layout(html, css).write_pdf()  # type: ignore[no-any-return]
