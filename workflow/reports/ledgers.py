"""Ledgers (台账) and lists as spreadsheets: the headings officials use, one row per record.

Each ledger names the fields its query selects (in order) and turns one such row into cells.
Plain values in, cells out: the queries live in workflow.services.ledgers.

Sources: Lanzhou 000_52f3d35499bfb498.txt 四(四) 建立培训工作台账和培训后就业跟踪台账;
通过新区官网等媒体向社会公开培训补贴的…人员名单（含隐藏部分位数的身份证号码）、补贴标准及具体金额.
Pengyang
003_6bc740e2a48a5116.txt 三(三) 对培训补贴资金申领发放等实施常态化跟踪管理.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from workflow.domain import installments as split
from workflow.domain.claims import TARGET_GROUPS
from workflow.domain.departments import department_name
from workflow.domain.identity import mask_id_number, sex_of
from workflow.domain.need_to_know import Number, Whole, shown
from workflow.domain.policy import ROSTER_KINDS
from workflow.domain.townships import township_name
from workflow.reports.xlsx import Sheet, Yuan, local

STAGE_ZH = {"township_review": "乡镇身份审核", "department_review": "行业部门取证审核",
            "correction": "退回申请人补正", "bureau_acceptance": "人社局验收",
            "awaiting_notice": "待公示", "notice": "公示中", "objection_review": "异议处理",
            "payment": "待发放", "account_correction": "发放失败待更正账户", "closed": "已办结"}
STATUS_ZH = {"in_progress": "办理中", "paid": "已发放", "rejected": "不予补贴",
             "withdrawn": "申请人撤回"}
LEVEL_ZH = {"": "", "junior": "初级工（五级）", "intermediate": "中级工（四级）",
            "senior_worker": "高级工（三级）", "technician": "技师（二级）",
            "senior_technician": "高级技师（一级）"}
NO_EMPLOYMENT_DATA = "未采集"


@dataclass(frozen=True)
class Ledger:
    sheet: Sheet
    fields: tuple[str, ...]  # what the query selects, in this order
    # (values, row number, the numbers of this row the viewer sees whole)
    row: Callable[[Sequence[Any], int, Whole], list[Any]]


def _id(number: str, whole: Whole) -> str:
    return shown(Number.ID, number, whole)


def _account(number: str, whole: Whole) -> str:
    return shown(Number.ACCOUNT, number, whole)


def payment_state(status: str, stage: str) -> str:
    """发放状态 in the ledger's words."""
    if status == "paid":
        return "已发放"
    if status != "in_progress":
        return STATUS_ZH.get(status, status)
    return {"payment": "待发放", "account_correction": "发放失败待更正账户"}.get(
        stage, "未到发放环节")


TRAINING_FIELDS = ("reference", "full_name", "id_number", "phone", "township", "target_group",
                   "certificate_name", "certificate_level", "certificate_number",
                   "certificate_issued_on", "certificate_issuer", "department", "submitted_at",
                   "stage", "status", "accepted_at", "amount_fen", "notice_number", "closed_at",
                   "bank_name", "account_number", "closed_reason", "payee_kind", "workers")
ENTERPRISE = "enterprise"  # the payee_kind of a claim an enterprise files for its workers
PAYEE_ZH = {"applicant": "个人", ENTERPRISE: "企业"}


def _training_row(v: Sequence[Any], n: int, whole: Whole) -> list[Any]:
    (reference, name, id_number, phone, township, group, certificate, level, number, issued,
     issuer, department, submitted, stage, status, accepted, amount, notice, closed, bank,
     account, reason, payee, workers) = v
    # An enterprise's claim: the enterprise in the person's columns (its credit code in the ID
    # number's, masked alike), no sex, and the workers it is paid for counted beside it.
    firm = payee == ENTERPRISE
    return [n, name, "" if firm else sex_of(id_number), _id(id_number, whole), phone,
            township_name(township), "企业" if firm else TARGET_GROUPS.get(group, group),
            certificate, LEVEL_ZH.get(level or "", level),
            number, local(issued), issuer, department_name(department) if department else "",
            reference, local(submitted), STAGE_ZH.get(stage, stage) if status == "in_progress"
            else STATUS_ZH.get(status, status), local(accepted),
            Yuan(amount) if amount is not None else "", notice or "",
            payment_state(status, stage), local(closed) if status == "paid" else "", bank,
            _account(account, whole), reason or "", PAYEE_ZH.get(payee, payee), workers]


TRAINING = Ledger(Sheet(
    "培训补贴台账",
    ("序号", "姓名（企业名称）", "性别", "身份证号码（统一社会信用代码）", "联系电话", "户籍乡镇",
     "人员类别", "职业资格证书名称", "技能等级", "证书编号", "发证日期", "发证机关", "审核部门",
     "申请编号", "申请日期", "办理环节", "验收日期", "补贴金额（元）", "公示批次", "发放状态",
     "发放日期", "开户银行", "银行账号", "备注", "收款对象", "涉及人数"),
    ("职业技能培训补贴台账",),
    (6, 14, 5, 21, 13, 10, 16, 20, 12, 18, 11, 18, 16, 17, 11, 14, 11, 13, 22, 12, 11, 18,
     22, 20, 10, 10)), TRAINING_FIELDS, _training_row)


EMPLOYMENT_FIELDS = ("reference", "full_name", "id_number", "phone", "township",
                     "target_group", "certificate_name", "certificate_number",
                     "certificate_issued_on", "status", "closed_at")
EMPLOYMENT_COLUMNS = ("是否就业", "就业形式", "就业单位", "就业岗位", "就业地点", "就业日期",
                      "劳动合同期限", "月收入（元）", "跟踪回访日期", "回访方式", "回访人")


def _employment_row(v: Sequence[Any], n: int, whole: Whole) -> list[Any]:
    (reference, name, id_number, phone, township, group, certificate, number, issued, status,
     closed) = v
    firm = group == ENTERPRISE  # an enterprise's claim: its group; no sex from a credit code
    return [n, name, "" if firm else sex_of(id_number), _id(id_number, whole), phone,
            township_name(township), "企业" if firm else TARGET_GROUPS.get(group, group),
            certificate, number, local(issued), reference,
            local(closed) if status == "paid" else "", NO_EMPLOYMENT_DATA,
            *([""] * (len(EMPLOYMENT_COLUMNS) - 1)), ""]


EMPLOYMENT = Ledger(Sheet(
    "培训后就业跟踪台账",
    ("序号", "姓名", "性别", "身份证号码", "联系电话", "户籍乡镇", "人员类别",
     "培训职业（工种）/证书名称", "证书编号", "取证日期", "申请编号", "补贴发放日期",
     *EMPLOYMENT_COLUMNS, "备注"),
    ("培训后就业跟踪台账",
     "说明：butie 不采集培训后就业情况，“是否就业”至“回访人”各列无数据，需由培训机构跟踪回访后填报"
     "（《兰州新区“技能兴区·万名工匠”培训行动实施方案》四(四)：建立培训工作台账和培训后就业跟踪台账）。"),
    (6, 10, 5, 21, 13, 10, 16, 22, 18, 11, 17, 12, *([12] * len(EMPLOYMENT_COLUMNS)), 16)),
    EMPLOYMENT_FIELDS, _employment_row)


ROSTER_FIELDS = ("reference", "enterprise", "credit_code", "township", "subsidy_kind",
                 "stage", "status", "row_number", "worker", "worker_id", "amount_fen")


def _roster_row(v: Sequence[Any], n: int, whole: Whole) -> list[Any]:
    (reference, enterprise, code, township, kind, stage, status, row, worker, worker_id,
     amount) = v
    # The worker's ID number and the enterprise's credit code are whole only where the
    # viewer sees the claim's identity numbers whole (its identity review), as on its page.
    found = ROSTER_KINDS.get(kind or "")
    return [n, reference, enterprise, _id(code, whole), township_name(township),
            found.notice_title if found else kind or "",
            STAGE_ZH.get(stage, stage) if status == "in_progress"
            else STATUS_ZH.get(status, status), row, worker, sex_of(worker_id),
            _id(worker_id, whole), Yuan(amount) if amount is not None else "未配置"]


ROSTER = Ledger(Sheet(
    "企业申领职工名单",
    ("序号", "申请编号", "企业名称", "统一社会信用代码", "乡镇", "补贴项目", "办理环节",
     "名单行号", "职工姓名", "性别", "身份证号码", "补贴金额（元）"),
    ("企业申领职工名单（每行一名职工；补贴付给企业，按件计一次）",),
    (6, 17, 24, 21, 10, 16, 14, 8, 10, 5, 21, 13)), ROSTER_FIELDS, _roster_row)


DISCLOSURE_FIELDS = ("full_name", "id_number", "township", "certificate_name", "amount_fen",
                     "closed_at")


def _disclosure_row(v: Sequence[Any], n: int, whole: Whole) -> list[Any]:
    name, id_number, township, certificate, amount, paid_at = v
    # Public: the masked number only, whatever the viewer (one masking policy everywhere).
    return [n, name, mask_id_number(id_number), township_name(township), certificate,
            Yuan(amount or 0), Yuan(amount or 0), local(paid_at)]


def disclosure(period_label: str, authority: str) -> Ledger:
    return Ledger(Sheet(
        "补贴发放公开名单",
        ("序号", "姓名", "身份证号码", "乡镇", "补贴项目（职业资格证书）", "补贴标准（元）",
         "发放金额（元）", "发放日期"),
        (f"{authority} 职业技能培训补贴发放公开名单（{period_label}）",),
        (6, 10, 21, 10, 24, 14, 14, 12)), DISCLOSURE_FIELDS, _disclosure_row)


def simple(title: str, headings: tuple[str, ...], fields: tuple[str, ...],
           cells: Callable[[Sequence[Any], Whole], list[Any]],
           preface: tuple[str, ...] = ()) -> Ledger:
    """A list page's ledger: a row number, then `cells(values, whole)`."""
    def row(v: Sequence[Any], n: int, whole: Whole) -> list[Any]:
        return [n, *cells(v, whole)]

    return Ledger(Sheet(title, ("序号", *headings), preface or (title,),
                        (6, *([16] * len(headings)))), fields, row)


QUEUE = simple(
    "待办任务", ("申请编号", "姓名", "身份证号码", "户籍乡镇", "职业资格证书名称", "办理环节",
             "任务", "等待自", "是否超期"),
    ("reference", "full_name", "id_number", "township", "certificate_name", "stage", "title",
     "waiting_since", "overdue"),
    lambda v, whole: [v[0], v[1], _id(v[2], whole), township_name(v[3]), v[4],
                      STAGE_ZH.get(v[5], v[5]), v[6], local(v[7], True), "超期" if v[8] else ""])

MY_CLAIMS = simple(
    "我的申请", ("申请编号", "职业资格证书名称", "证书编号", "申请日期", "办理环节",
             "补贴金额（元）"),
    ("reference", "certificate_name", "certificate_number", "submitted_at", "stage", "status",
     "amount_fen"),
    lambda v, whole: [v[0], v[1], v[2], local(v[3]), STAGE_ZH.get(v[4], v[4])
                      if v[5] == "in_progress" else STATUS_ZH.get(v[5], v[5]),
                      Yuan(v[6]) if v[6] is not None else ""])

AWAITING = simple(
    "待公示名单", ("申请编号", "姓名", "身份证号码", "乡镇", "职业资格证书名称", "补贴金额（元）",
              "验收日期"),
    ("reference", "full_name", "id_number", "township", "certificate_name", "amount_fen",
     "accepted_at", "installments"),
    lambda v, whole: [v[0], v[1], _id(v[2], whole), township_name(v[3]), v[4],
                      Yuan(split.amount_due(v[7], v[5])), local(v[6])])  # the amount to publish

BATCHES = simple(
    "发放批次", ("批次号", "状态", "笔数", "金额（元）", "创建时间", "审批时间", "导出时间"),
    ("number", "status", "line_count", "total_fen", "created_at", "approved_at", "exported_at"),
    lambda v, whole: [v[0], {"created": "待审批", "approved": "已审批", "exported": "已导出"}
                      .get(v[1], v[1]), v[2], Yuan(v[3]), local(v[4], True),
                      local(v[5], True), local(v[6], True)])

BATCH_LINES = simple(
    "发放明细", ("业务参考号", "收款人姓名", "开户银行", "收款账号", "金额（元）", "结果",
             "失败原因", "回盘时间", "收款对象", "统一社会信用代码", "涉及人数"),
    ("reference", "payee_name", "bank_name", "account_number", "amount_fen", "result", "reason",
     "result_at", "payee_kind", "credit_code", "workers"),
    # An enterprise is paid once for its roster: its credit code (masked) and the workers the
    # payment covers stand beside the line; a person's line has no code and one person.
    lambda v, whole: [v[0], v[1], v[2], _account(v[3], whole), Yuan(v[4]),
                      {"paid": "成功", "failed": "失败"}.get(v[5] or "", "待回盘"), v[6] or "",
                      local(v[7], True), PAYEE_ZH.get(v[8], v[8]),
                      _id(v[9], whole) if v[8] == ENTERPRISE else "", v[10]])

USERS = simple(
    "用户", ("用户名", "姓名", "角色", "范围", "状态", "创建时间"),
    ("username", "full_name", "role", "scope", "active", "created_at"),
    lambda v, whole: [v[0], v[1], v[2], v[3] or "", "启用" if v[4] else "停用",
                      local(v[5], True)])

PROCESSES = simple(
    "流程版本", ("流程", "版本", "内容哈希", "部署人", "部署时间", "说明"),
    ("process_id", "version", "content_hash", "deployed_by", "deployed_at", "note"),
    lambda v, whole: [v[0], v[1], v[2], v[3], local(v[4], True), v[5]])

NOTICES = simple(
    "公示档案", ("公示编号", "标题", "公示开始", "公示结束", "人数", "金额（元）", "更正"),
    ("number", "title", "starts_on", "ends_on", "row_count", "total_fen", "corrects"),
    lambda v, whole: [v[0], v[1], local(v[2]), local(v[3]), v[4], Yuan(v[5]), v[6] or ""])


def targets_ledger(title: str, flags: tuple[str, ...]) -> Ledger:
    """Targets with where each comes from; `flags` (totals that disagree with their rows) go
    above the headings so nobody reads the total without them."""
    return simple(
        "目标任务", ("分组", "目标", "年度", "文件值", "现行值", "设定说明", "单位", "出处",
                 "butie 计入口径"),
        ("group", "label", "years", "source", "value", "note", "unit", "clause", "measure"),
        lambda v, whole: list(v), preface=(title, *flags))


def mismatch_line(label: str, stated: int, rows_sum: int) -> str:
    return f"请核对原文：{label} 写明 {stated:,}，但各行相加为 {rows_sum:,}；两者均列出，均未更正。"
