"""What Pengyang pays an enterprise per worker (003_6bc740e2a48a5116.txt): the roster kinds an
enterprise files (workflow.domain.rosters reads and checks them).

二(四) 以工代训: 采取师傅带徒弟方式，在岗位上不断提升技术技能水平，培训时间不少于30天；对培训结业
后取得结业证书，经企业认定技术技能水平达到本单位或相关工种的用工条件，并稳定就业3个月以上的，按照
每人1500元标准给予企业技能培训补贴. The enterprise's judgement (企业认定) is its declaration when
it files; the rows carry the rest. Once per worker: the clause pays 每人 one subsidy.

Reviewed by the township of the enterprise (三(三) 所在乡镇和相关部门（单位）对人员身份进行审核) and
then by the HR bureau (附件2 row 1: 人力资源社会保障局 负责企业职工…政府补贴性职业技能培训), which
accepts (县人力资源社会保障局组织验收).
"""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta

from workflow.domain.phrases import Phrase, phrase, reason_text
from workflow.domain.policy.pengyang.eligibility import PLAN_END, PLAN_START
from workflow.domain.rosters import Column, RosterKind, Row

WORK_FOR_TRAINING = "work_for_training"  # 以工代训
TRAINING_DAYS = 30  # 培训时间不少于30天
EMPLOYED_MONTHS = 3  # 稳定就业3个月以上
PER_WORKER_FEN = 150_000  # 每人1500元


def _day(row: Row, name: str) -> date:
    value = row[name]
    assert isinstance(value, date)
    return value


def work_for_training_problems(row: Row, filed_on: date) -> dict[str, Phrase]:
    """Column -> why the worker's row does not meet 二(四) on the filing day."""
    found: dict[str, Phrase] = {}
    start, end = _day(row, "training_start"), _day(row, "training_end")
    if (end - start).days + 1 < TRAINING_DAYS:
        found["training_end"] = phrase(
            "training lasted %(days)s days; 003 二(四) requires at least %(least)s",
            days=(end - start).days + 1, least=TRAINING_DAYS)
    elif end > filed_on:
        found["training_end"] = phrase("training has not ended yet (003 二(四) 培训结业后)")
    elif not PLAN_START <= end <= PLAN_END:
        found["training_end"] = phrase(
            "training must end within the plan period %(start)s to %(end)s",
            start=PLAN_START.isoformat(), end=PLAN_END.isoformat())
    employed = _day(row, "employed_since")
    if employed + relativedelta(months=EMPLOYED_MONTHS) > filed_on:
        found["employed_since"] = phrase(
            "employed for less than %(months)s months on the filing day (003 二(四) "
            "稳定就业3个月以上)", months=EMPLOYED_MONTHS)
    return found


WORK_FOR_TRAINING_KIND = RosterKind(
    kind=WORK_FOR_TRAINING, pack_id="pengyang", title=reason_text("Work-for-training (以工代训)"),
    notice_title="以工代训",
    clause="003 二(四)",
    columns=(Column("full_name", "姓名"), Column("id_number", "身份证号码", "id_number"),
             Column("training_start", "培训开始日期", "date"),
             Column("training_end", "培训结束日期", "date"),
             Column("certificate_number", "结业证书编号"),
             Column("employed_since", "入职日期", "date")),
    attestation=reason_text(
        "The enterprise confirms that it judged each worker's technical skill to meet the "
        "requirements of its own jobs or of the trade, after the worker finished training "
        "(003 二(四) 经企业认定技术技能水平达到本单位或相关工种的用工条件)."),
    problems=work_for_training_problems, amount_fen=lambda row: PER_WORKER_FEN,
    slot=lambda row: WORK_FOR_TRAINING)

# 二(五): 全面推进企业新型学徒制培训，参加高级工、技师、高级技师培训，取得职业技能等级证书的，
# 每人每年分别按照8000元、11000元、15000元标准补贴. The subsidy of 企业新型学徒制 is the
# enterprise's (the enterprise trains its apprentices): paid to it, per apprentice and year.
APPRENTICESHIP = "apprenticeship"  # 企业新型学徒制
PER_LEVEL_FEN = {"高级工": 800_000, "技师": 1_100_000, "高级技师": 1_500_000}


def apprenticeship_problems(row: Row, filed_on: date) -> dict[str, Phrase]:
    """Column -> why the apprentice's row does not meet 二(五) on the filing day."""
    found: dict[str, Phrase] = {}
    if row["level"] not in PER_LEVEL_FEN:
        found["level"] = phrase("the level must be one of %(levels)s (003 二(五))",
                                levels="、".join(PER_LEVEL_FEN))
    year = str(row["training_year"]).removesuffix(".0")
    if not (year.isdigit() and PLAN_START.year <= int(year) <= min(PLAN_END.year,
                                                                   filed_on.year)):
        found["training_year"] = phrase(
            "the year of training must be within the plan period, %(first)s to %(last)s, "
            "and not after the filing day", first=PLAN_START.year, last=PLAN_END.year)
    issued = _day(row, "certificate_issued_on")
    if issued > filed_on or not PLAN_START <= issued <= PLAN_END:
        found["certificate_issued_on"] = phrase(
            "the skill level certificate must be issued within the plan period %(start)s to "
            "%(end)s, by the filing day", start=PLAN_START.isoformat(), end=PLAN_END.isoformat())
    return found


APPRENTICESHIP_KIND = RosterKind(
    kind=APPRENTICESHIP, pack_id="pengyang",
    title=reason_text("New-style enterprise apprenticeship (企业新型学徒制)"),
    notice_title="企业新型学徒制", clause="003 二(五)",
    columns=(Column("full_name", "姓名"), Column("id_number", "身份证号码", "id_number"),
             Column("level", "培训等级"), Column("training_year", "培训年度"),
             Column("certificate_number", "职业技能等级证书编号"),
             Column("certificate_issued_on", "发证日期", "date")),
    attestation=reason_text(
        "The enterprise confirms that each apprentice took its new-style apprenticeship "
        "training at the level given and obtained the skill level certificate listed (003 "
        "二(五) 参加高级工、技师、高级技师培训，取得职业技能等级证书)."),
    problems=apprenticeship_problems,
    amount_fen=lambda row: PER_LEVEL_FEN[str(row["level"])],
    slot=lambda row: f"{APPRENTICESHIP}:{str(row['training_year']).removesuffix('.0')}")

ROSTERS = (WORK_FOR_TRAINING_KIND, APPRENTICESHIP_KIND)
