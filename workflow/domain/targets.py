"""Targets the policy documents set, per policy pack and year, each with its clause.

Transcribed from the documents as issued; a number the text lost is `None` ("not configured")
and never guessed. A "/" in a source table (no task assigned) is kept as such (`slash`), and
counts as nothing when rows are added up. An administrator may set a value (audited, see
`workflow.services.targets`); the source value stays beside it.

Pengyang (003_6bc740e2a48a5116.txt):
- 一、目标任务: the 2026–2028 plan's totals (6000 training, 4000 government-subsidised, 2000 by
  enterprises, 3000 skill-level certificates, 1000 qualification certificates, 500 new
  high-skill workers).
- 二(五): 高级工以上技能人才培养培训比例不低于10%.
- 附件2: the yearly task (年度任务) of 13 departments. Its rows add up to 2,050 while its total
  line (年度培训任务合计) says 2,000: both are kept and every total shown is flagged.

Lanzhou New Area (000_52f3d35499bfb498.txt), 2026:
- 一、总体目标 and 二(一)(二)(三): the year's totals per action.
- 四(三): certificates for at least 40% of those who pass 就业技能培训 and 岗位技能培训; an
  employment rate of at least 50% for 就业技能培训.
- 附件1: 10,000 split by service centre and training type. The text keeps 11 values a row and
  they add up both ways (centres to 合计, 就业+岗位+创业 to 总体任务), so the columns are read as
  below. Its header also names a "of which national base" column under 创业培训 that carries
  no value in any row: that column is not configured.

What butie can measure: it carries Pengyang's 职业资格培训补贴 claims, i.e. people who obtained
a qualification certificate and claimed its subsidy. It has no record of training courses,
trainees who passed, skill-level certificates or employment, so most targets have no measure
(`measure=None`) and the dashboard says "no data" for them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

PENGYANG_SOURCE = "003_6bc740e2a48a5116.txt"
LANZHOU_SOURCE = "000_52f3d35499bfb498.txt"

# What butie counts towards a target (computed in workflow.services.reports):
ACCEPTED = "claims_accepted"  # claims of the pack accepted by the bureau, not rejected since
HIGH_SKILL = "claims_accepted_high_skill"  # of those, senior worker level or above (二(五))
HIGH_SKILL_SHARE = "high_skill_share"  # HIGH_SKILL / ACCEPTED, in percent
# How each measure is described in ledgers (the documents' language).
MEASURES = {ACCEPTED: "经人社局验收的补贴申请件数（不含其后不予补贴的）",
            HIGH_SKILL: "其中高级工及以上等级的件数",
            HIGH_SKILL_SHARE: "高级工及以上件数占已验收件数的比例"}
HIGH_SKILL_LEVELS = ("senior_worker", "technician", "senior_technician")  # 高级工、技师、高级技师
# The national skill levels (职业技能等级, 五级 to 一级) a certificate may carry; "" for none.
# Every pack reads certificates on this one scale, so the form and the API accept the same set.
SKILL_LEVELS = ("", "junior", "intermediate", *HIGH_SKILL_LEVELS)


@dataclass(frozen=True)
class Target:
    pack_id: str
    code: str
    first_year: int
    last_year: int
    group: str  # the part of the document, e.g. "附件2 重点部门任务分工"
    label: str  # in the document's words
    unit: str  # 人次, 人 or %
    value: int | None  # None: not configured (lost, or "/" when `slash`)
    clause: str  # file name and clause
    measure: str | None = None  # what butie counts; None: butie holds no data for it
    parts: tuple[str, ...] = ()  # codes this total is stated to be the sum of
    slash: bool = False  # the source cell is "/": no task assigned
    note: str = ""

    @property
    def is_rate(self) -> bool:
        return self.unit == "%"

    def covers(self, year: int) -> bool:
        return self.first_year <= year <= self.last_year


@dataclass(frozen=True)
class TargetSet:
    pack_id: str
    authority: str
    source: str
    years: tuple[int, ...]
    targets: tuple[Target, ...] = field(default_factory=tuple)


def _pengyang() -> tuple[Target, ...]:
    src = PENGYANG_SOURCE
    plan = f"{src} 一、目标任务"
    found = [
        Target("pengyang", "plan-training", 2026, 2028, "一、目标任务 2026—2028年",
               "全县开展各类职业技能培训", "人次", 6000, plan),
        Target("pengyang", "plan-subsidised", 2026, 2028, "一、目标任务 2026—2028年",
               "开展政府补贴性技能培训", "人次", 4000, plan),
        Target("pengyang", "plan-enterprise", 2026, 2028, "一、目标任务 2026—2028年",
               "企业自主开展技能培训", "人次", 2000, plan),
        Target("pengyang", "plan-skill-certificates", 2026, 2028, "一、目标任务 2026—2028年",
               "取得职业技能等级证书", "人次", 3000, plan),
        Target("pengyang", "plan-qualification-certificates", 2026, 2028,
               "一、目标任务 2026—2028年", "取得职业资格证书", "人次", 1000, plan,
               measure=ACCEPTED,
               note="butie 计入经人社局验收的职业资格培训补贴申请"),
        Target("pengyang", "plan-high-skill", 2026, 2028, "一、目标任务 2026—2028年",
               "新增高技能人才", "人次", 500, plan, measure=HIGH_SKILL,
               note="butie 计入经验收、等级为高级工及以上的申请"),
        Target("pengyang", "high-skill-share", 2026, 2028, "二(五) 强化高技能人才培养",
               "高级工以上技能人才培养培训比例不低于", "%", 10, f"{src} 二(五)",
               measure=HIGH_SKILL_SHARE,
               note="butie 按已验收的补贴申请计算比例，而非全部参训人员"),
    ]
    rows = [(1, "人力资源社会保障局",
             "负责企业职工和城乡劳动力政府补贴性职业技能培训和职业资格培训补贴。", 800),
            (2, "教育局", "负责职业学校开展各类职业技能培训和评价。", 50),
            (3, "民政局", "负责养老产业、康养照护领域职业技能培训。", 50),
            (4, "工信商务局 园区管委会", "组织企业自主开展技术技能培训。", 300),
            (5, "住房城乡建设局", "负责建筑领域建筑工人职业技能培训。", 100),
            (6, "交通运输局", "负责交通物流领域技能培训，开展公路养护等职业技能培训。", 20),
            (7, "农业农村局", "负责农村劳动力和涉农领域技能培训，开展农村实用人才、高素质农民、"
             "乡村工匠培训等。", 200),
            (8, "文化旅游广电局", "负责文化旅游领域培训，开展酒店民俗管家、非遗传承保护、旅游服务等"
             "职业技能培训。", 20),
            (9, "卫生健康局", "负责医疗卫生机构医疗护理、健康照护等技能培训。", 20),
            (10, "退役军人事务局", "负责退役军人职业技能培训。", 50),
            (11, "总工会", "负责产业工人中的劳动模范等群体职业技能培训。", 100),
            (12, "妇联", "负责妇女群体职业技能培训。", 140),
            (13, "残联", "负责残疾人群体职业技能培训。", 200)]
    group = "附件2 重点部门任务分工 年度任务"
    for year in (2026, 2027, 2028):
        codes = []
        for row, department, scope, value in rows:
            code = f"task-{row:02d}"
            codes.append(code)
            found.append(Target(
                "pengyang", code, year, year, group, f"{department}：{scope}", "人次", value,
                f"{src} 附件2 第{row}行", measure=ACCEPTED if row == 1 else None,
                note="butie 仅办理本项任务中的职业资格培训补贴部分" if row == 1 else ""))
        found.append(Target("pengyang", "task-total", year, year, group, "年度培训任务合计",
                            "人次", 2000, f"{src} 附件2 合计行", parts=tuple(codes)))
    return tuple(found)


# 附件1 columns, in the order the text gives the values (see the module docstring).
_LANZHOU_COLUMNS = (
    ("total", "总体任务"), ("employment", "就业技能培训"),
    ("employment-national", "就业技能培训 其中：国家级技能人才培训基地承接培训"),
    ("post", "岗位技能培训"),
    ("post-national", "岗位技能培训 其中：国家级技能人才培训基地承接培训"),
    ("startup", "创业培训"),
    ("apprenticeship", "其中：企业新型学徒制培训"), ("care", "其中：康养类职业技能培训"),
    ("ecommerce", "其中：电商类职业技能培训"), ("labour-brand", "其中：劳务品牌职业技能培训"),
    ("beef-noodle", "其中：兰州牛肉拉面职业技能培训"),
)
_LANZHOU_ROWS = (  # None where the cell is "/"
    ("centre-1", "兰州新区社会保障第一服务中心",
     (7000, 3000, 500, 2500, None, 1500, 300, 300, 150, 200, 100)),
    ("centre-2", "兰州新区社会保障第二服务中心",
     (3000, 1000, None, 1500, 500, 500, 300, 300, 150, 200, 100)),
    ("sum", "合计", (10000, 4000, 500, 4000, 500, 2000, 600, 600, 300, 400, 200)),
)


def _lanzhou_table() -> list[Target]:
    clause = f"{LANZHOU_SOURCE} 附件1"
    group = "附件1 2026年职业技能培训任务分解表"
    found: list[Target] = []
    for row_code, unit_name, values in _LANZHOU_ROWS:
        for (column, heading), value in zip(_LANZHOU_COLUMNS, values, strict=True):
            parts: tuple[str, ...] = ()
            if row_code == "sum":
                parts = (f"a1-centre-1-{column}", f"a1-centre-2-{column}")
            elif column == "total":
                parts = tuple(f"a1-{row_code}-{c}" for c in ("employment", "post", "startup"))
            found.append(Target("lanzhou", f"a1-{row_code}-{column}", 2026, 2026, group,
                                f"{unit_name} · {heading}", "人次", value, clause, parts=parts,
                                slash=value is None))
        found.append(Target(
            "lanzhou", f"a1-{row_code}-startup-national", 2026, 2026, group,
            f"{unit_name} · 创业培训 其中：国家级技能人才培训基地承接培训", "人次", None, clause,
            note="原文表头有此栏，但各行均无数值"))
    return found


def _lanzhou() -> tuple[Target, ...]:
    src = LANZHOU_SOURCE
    goal = f"{src} 一、总体目标"
    found = [
        Target("lanzhou", "goal-training", 2026, 2026, "一、总体目标", "全年共开展职业技能培训",
               "人次", 10000, goal),
        Target("lanzhou", "goal-skilled", 2026, 2026, "一、总体目标", "培育技能人才（以上）",
               "人次", 5000, goal),
        Target("lanzhou", "goal-high-skill", 2026, 2026, "一、总体目标", "高技能人才（以上）",
               "人次", 1500, goal),
        Target("lanzhou", "employment-training", 2026, 2026, "二(一) “民生巧匠”培训行动",
               "开展就业技能培训", "人次", 4000, f"{src} 二(一)"),
        Target("lanzhou", "employment-training-jobs", 2026, 2026, "二(一) “民生巧匠”培训行动",
               "帮助实现就业或创业（以上）", "人", 2000, f"{src} 二(一)"),
        Target("lanzhou", "employment-training-certificates", 2026, 2026,
               "二(一) “民生巧匠”培训行动", "取得技能证书（以上）", "人次", 2500,
               f"{src} 二(一)"),
        Target("lanzhou", "post-training", 2026, 2026, "二(二) “产业工匠”培训行动",
               "开展岗位技能提升培训", "人次", 4000, f"{src} 二(二)"),
        Target("lanzhou", "post-training-certificates", 2026, 2026, "二(二) “产业工匠”培训行动",
               "取得技能证书（以上）", "人次", 2500, f"{src} 二(二)"),
        Target("lanzhou", "startup-training", 2026, 2026, "二(三) “创业良匠”培训行动",
               "开展创业培训", "人次", 2000, f"{src} 二(三)"),
        Target("lanzhou", "startup-training-jobs", 2026, 2026, "二(三) “创业良匠”培训行动",
               "帮助实现创业或就业（以上）", "人", 1000, f"{src} 二(三)"),
        Target("lanzhou", "certificate-rate", 2026, 2026, "四(三) 坚持一体培训，做好后续服务",
               "取得技能证书的比例原则上不低于就业技能培训和岗位技能培训合格人员的", "%", 40,
               f"{src} 四(三)"),
        Target("lanzhou", "employment-rate", 2026, 2026, "四(三) 坚持一体培训，做好后续服务",
               "参加就业技能培训的就业率不得低于", "%", 50, f"{src} 四(三)"),
    ]
    return tuple(found + _lanzhou_table())


TARGET_SETS: dict[str, TargetSet] = {
    "pengyang": TargetSet("pengyang", "彭阳县人力资源和社会保障局", PENGYANG_SOURCE,
                          (2026, 2027, 2028), _pengyang()),
    "lanzhou": TargetSet("lanzhou", "兰州新区民政司法和社会保障局", LANZHOU_SOURCE, (2026,),
                         _lanzhou()),
}


def targets_for(pack_id: str, year: int) -> list[Target]:
    """The targets of a pack in force in `year`, in the document's order."""
    found = TARGET_SETS.get(pack_id)
    return [t for t in found.targets if t.covers(year)] if found else []


def find_target(pack_id: str, code: str, first_year: int) -> Target | None:
    found = TARGET_SETS.get(pack_id)
    if found is None:
        return None
    return next((t for t in found.targets
                 if t.code == code and t.first_year == first_year), None)


@dataclass(frozen=True)
class TotalCheck:
    """A stated total against the sum of its rows."""

    code: str
    stated: int | None
    rows_sum: int | None  # None: a row is not configured, so the sum cannot be made
    label: str

    @property
    def mismatch(self) -> bool:
        return None not in (self.stated, self.rows_sum) and self.stated != self.rows_sum


def check_totals(targets: list[Target], values: dict[str, int | None]) -> list[TotalCheck]:
    """Every total of `targets` against its rows, with the values in force (`values`: code ->
    value, the administrator's where set). A "/" row adds nothing; a row not configured makes
    the sum unknown."""
    by_code = {t.code: t for t in targets}
    checks = []
    for total in (t for t in targets if t.parts):
        rows = [by_code[c] for c in total.parts if c in by_code]
        lost = any(values.get(r.code) is None and not r.slash for r in rows)
        rows_sum = None if lost else sum(values.get(r.code) or 0 for r in rows)
        checks.append(TotalCheck(total.code, values.get(total.code), rows_sum, total.label))
    return checks


def share_percent(done: int, target: int | None) -> float | None:
    """Share of a count target done, in percent, one decimal; None when there is no target."""
    if not target:
        return None
    return round(done * 100 / target, 1)
