"""What Huzhou pays an enterprise per worker (004_7b2ca6ac373157b2.txt): the roster kinds an
enterprise files (workflow.domain.rosters reads and checks them).

三 7: 在八大新兴产业链以及养老护理、电子商务、托育服务行业中推进企业新型学徒制培训。对技能岗位新招用
人员、新转岗人员和一线职工签订 1 年及以上劳动合同的企业，按每人每年最高6000 元的标准给予企业新型
学徒制培训补贴，补贴期限最长不超过 2 年.

- Paid to the enterprise (给予企业): the enterprise that signed the contracts files its roster;
  the individual's apprenticeship kind is no longer offered (filing.KINDS).
- The amount: 004 gives only a ceiling (每人每年最高6000元), not the standard below it, which 五
  leaves to the districts (各区县可根据本地实际制定具体操作办法). So it is "not configured": an
  administrator sets entry HZ-XT, and a row pays what is set, never more than 6000 yuan.
- At most 2 years: a worker takes subsidy year 1 and year 2 of his contract, each once (the
  row's slot), a year only once it has begun and within 五's dates.
- The industry's department reviews (二 5: 具体由行业主管部门负责; industries.DEPARTMENT_OF), with
  no township step (the pack's Filing.township_review).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from workflow.domain.phrases import Phrase, phrase, reason_text
from workflow.domain.policy.huzhou.directed import DIRECTED_CLASS_KIND
from workflow.domain.policy.huzhou.directed_second import DIRECTED_SECOND_KIND
from workflow.domain.policy.huzhou.industries import DEPARTMENT_OF, INDUSTRIES, industry_code
from workflow.domain.policy.huzhou.institution import INSTITUTION_SPECIAL_KIND
from workflow.domain.policy.huzhou.rules import (
    APPRENTICE_FEN_A_YEAR,
    APPRENTICE_YEARS,
    SOURCE,
    VALID_FROM,
    VALID_TO,
)
from workflow.domain.policy.model import SettableEntry
from workflow.domain.rosters import Column, RosterKind, Row

ENTERPRISE_APPRENTICESHIP = "hz_enterprise_apprenticeship"  # 三 7
APPRENTICESHIP_ENTRY = "HZ-XT"
CLAUSE_7 = f"{SOURCE} 三 7"
# 技能岗位新招用人员、新转岗人员和一线职工
YEARS = tuple(str(n) for n in range(1, APPRENTICE_YEARS + 1))  # 补贴期限最长不超过2年
WORKER_TYPES = ("新招用人员", "新转岗人员", "一线职工")


def _day(row: Row, name: str) -> date:
    value = row[name]
    assert isinstance(value, date)
    return value


def apprenticeship_problems(row: Row, filed_on: date) -> dict[str, Phrase]:
    """Column -> why the worker's row does not meet 三 7 on the filing day."""
    found: dict[str, Phrase] = {}
    if row["worker_type"] not in WORKER_TYPES:
        found["worker_type"] = phrase("the worker must be one of %(types)s (004 三 7)",
                                      types="、".join(WORKER_TYPES))
    if industry_code(row["industry"]) is None:
        found["industry"] = phrase("the industry must be one of those 004 lists: %(names)s",
                                   names="、".join(INDUSTRIES.values()))
    start, end = _day(row, "contract_start"), _day(row, "contract_end")
    if end + timedelta(days=1) < start + relativedelta(years=1):
        found["contract_end"] = phrase("the labour contract must run for 1 year or more "
                                       "(004 三 7 签订1年及以上劳动合同)")
    year = str(row["subsidy_year"]).removesuffix(".0")
    if year not in YEARS:
        found["subsidy_year"] = phrase(
            "the subsidy year is 1 or 2 (004 三 7 补贴期限最长不超过2年)")
        return found
    begins = start + relativedelta(years=int(year) - 1)
    if begins > filed_on or not VALID_FROM <= begins <= VALID_TO:
        found["subsidy_year"] = phrase(
            "year %(year)s of the contract begins on %(day)s: it must have begun by the filing "
            "day, within %(start)s to %(end)s (004 五)", year=year, day=begins.isoformat(),
            start=VALID_FROM.isoformat(), end=VALID_TO.isoformat())
    return found


def industry_department(rows: Sequence[Row]) -> str:
    """二 5: the industry's department reviews (every row names the same industry)."""
    code = industry_code(rows[0]["industry"]) if rows else None
    return DEPARTMENT_OF.get(code or "", "hr_bureau")


ENTERPRISE_APPRENTICESHIP_KIND = RosterKind(
    kind=ENTERPRISE_APPRENTICESHIP, pack_id="huzhou",
    title=reason_text("New-style enterprise apprenticeship, paid to the enterprise (湖州 三 7)"),
    notice_title="企业新型学徒制",
    clause=CLAUSE_7,
    columns=(Column("full_name", "姓名"), Column("id_number", "身份证号码", "id_number"),
             Column("worker_type", "人员类别"), Column("industry", "所属行业", same=True),
             Column("contract_start", "劳动合同起始日期", "date"),
             Column("contract_end", "劳动合同终止日期", "date"),
             Column("subsidy_year", "补贴年度（第1或第2年）")),
    attestation=reason_text(
        "The enterprise confirms that it signed a labour contract of one year or more with "
        "each apprentice listed, newly hired or moved to a skilled post or working on the "
        "front line (湖州 004 三 7 签订1年及以上劳动合同)."),
    problems=apprenticeship_problems, amount_fen=lambda row: None,
    slot=lambda row: f"hz_apprenticeship:{str(row['subsidy_year']).removesuffix('.0')}",
    reviewer_of=industry_department, entry_of=lambda row: APPRENTICESHIP_ENTRY,
    cap_fen=APPRENTICE_FEN_A_YEAR)

ENTRIES = (SettableEntry(APPRENTICESHIP_ENTRY,
                         "企业新型学徒制培训补贴 每人每年 (三 7, 最高6000元)", CLAUSE_7),)
ROSTERS = (ENTERPRISE_APPRENTICESHIP_KIND, DIRECTED_CLASS_KIND, DIRECTED_SECOND_KIND,
           INSTITUTION_SPECIAL_KIND)
