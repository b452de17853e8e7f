"""The quote of Huzhou 2025 (004_7b2ca6ac373157b2.txt, 十条措施), in force 2025-04-01 to
2026-08-01 only.

- 1: occupations on the shortage list (附件) get the skill-upgrade subsidy 上浮30% over the base of
  the same type of occupation. The base is Zhejiang's and is not in this document: it is "not
  configured" until an administrator sets it per occupation code.
- 2: the six groups (六类人员): 返贫监测对象, 毕业年度高校毕业生, 城乡未继续升学的应届初高中毕业生,
  农村转移就业劳动者, 城镇登记失业人员, 就业困难人员 (and others in need).
- 4: employer-directed training 800 yuan per trainee: 50% once employed in Huzhou within 6 months
  of the training (the whole class if its employment rate reaches 80%), the other 50% after 6
  more months still employed in Huzhou.
- 7: new-style apprenticeship at most 6000 yuan per person a year, for at most 2 years.

Uplifts round half up to the fen: base × 130 / 100.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

from workflow.domain.phrases import Fen, phrase
from workflow.domain.policy.huzhou import kinds
from workflow.domain.policy.huzhou.shortage import SHORTAGE_LIST
from workflow.domain.policy.model import (
    Installment,
    Quote,
    QuoteRequest,
    Reason,
    SettableEntry,
    because,
    uplift,
)
from workflow.domain.policy.tables import Chain, Draft, Row, TableRules, applied, text_problems
from workflow.domain.versions import ADD, EntryChange

SOURCE = "004_7b2ca6ac373157b2.txt"
# 五、本文件自2025年4月1日起施行，有效期至2026年8月1日
VALID_FROM, VALID_TO = date(2025, 4, 1), date(2026, 8, 1)
VERSION = 1
# 004 sets no deadline for applying (filing.py's docstring): the clauses that say so.
DEADLINE = f"{SOURCE} 五 / 一 3"
DIRECTED_FEN = 800_00  # 4. 补贴标准统一为每人800元
APPRENTICE_FEN_A_YEAR = 6000_00  # 7. 按每人每年最高6000元
APPRENTICE_YEARS = 2  # 7. 补贴期限最长不超过2年
SIX_GROUPS = {"poverty_watch": "返贫监测对象", "graduate": "毕业年度高校毕业生",
              "school_leaver": "城乡未继续升学的应届初高中毕业生",
              "rural_migrant": "农村转移就业劳动者", "registered_unemployed": "城镇登记失业人员",
              "hard_to_employ": "就业困难人员"}
SHORTAGE = {code: (row, name) for row, name, code, _ in SHORTAGE_LIST}
OCCUPATION_CODE = re.compile(r"^\d-\d\d-\d\d-\d\d$")
# Version 1's table: 附件 rows by national occupation code (the codes are unique there).
FIRST_ROWS = {code: Row(code, name, category, f"{SOURCE} 附件 第{row}行")
              for row, name, code, category in SHORTAGE_LIST}
Shortage = Mapping[str, tuple[int | str, str]]  # code -> (附件 row or a clause, name)


def _added(change: EntryChange) -> Row:
    return Row(change.code, change.name, change.group, change.clause)


def _rows(chain: Chain) -> dict[str, Row]:
    return applied(FIRST_ROWS, chain, _added)[0]


def _retired(chain: Chain) -> dict[str, Row]:
    return applied(FIRST_ROWS, chain, _added)[1]


def shortage_of(chain: Chain) -> Shortage:
    """The shortage list of the last version of `chain`: code -> (附件 row, or the clause of a
    later version's row, and the name)."""
    return {code: (SHORTAGE[code][0] if code in SHORTAGE else row.clause, row.name)
            for code, row in _rows(chain).items()}


def _prepare(chain: Chain, draft: Draft, change: EntryChange
             ) -> tuple[EntryChange, dict[str, str]]:
    change = EntryChange(ADD, change.code.strip(), change.clause.strip(), change.name.strip(),
                         change.group.strip())
    found = text_problems(change, ("name", "group", "clause"))
    if not OCCUPATION_CODE.match(change.code):
        found["code"] = "the national occupation code, e.g. 4-10-01-02"
    elif change.code in _rows(chain) or any(c.code == change.code and c.kind == ADD
                                            for c in draft):
        found["code"] = "this occupation is on the shortage list already"
    return change, found


def _groups(chain: Chain) -> list[str]:
    return sorted({row.group for row in _rows(chain).values()})


RULES = TableRules(_rows, _retired, _prepare, _groups, "packs/huzhou/table_addition.html")
FIRST: Shortage = SHORTAGE


def uplift_30(base_fen: int) -> int:
    """+30%, rounded half up to the fen (model.uplift, the one rounding rule for uplifts)."""
    return uplift(base_fen, 30)


def _common(request: QuoteRequest) -> list[Reason]:
    day = request.certificate_issued_on
    inside = VALID_FROM <= day <= VALID_TO
    dates = {"day": str(day), "start": str(VALID_FROM), "end": str(VALID_TO)}
    if inside:
        reasons = [because("validity", f"{SOURCE} 五", "%(day)s within %(start)s – %(end)s",
                           True, **dates)]
    else:
        reasons = [because("validity", f"{SOURCE} 五", "%(day)s is outside the pack's dates: "
                           "%(start)s – %(end)s", False, **dates)]
    reasons.append(because("filing_deadline", DEADLINE, "the filing deadline is not configured: "
                           "五 bounds the day the certificate is obtained, and 一 3 files by the "
                           "city's rules for the skill-upgrade subsidy, which are not in this "
                           "document"))
    group = SIX_GROUPS.get(request.target_group)
    if group:  # the group's name, in Chinese
        reasons.append(Reason("group", f"{SOURCE} 2 六类人员", group))
    else:
        reasons.append(because("group", f"{SOURCE} 2 六类人员",
                               "其他需求人群 (not one of the six groups; still covered)"))
    return reasons


def _skill_upgrade(request: QuoteRequest, reasons: list[Reason], shortage: Shortage
                   ) -> int | None:
    listed = shortage.get(request.occupation_code)
    base = dict(request.set_amounts).get(request.occupation_code)
    if base is None:
        reasons.append(because("amount", f"{SOURCE} 1", "the base subsidy of occupation "
                               "%(code)s is not configured (Zhejiang's base is not in this "
                               "document; an administrator must set it)", False,
                               code=request.occupation_code or "?"))
        return None
    if listed is None:
        reasons.append(because("amount", f"{SOURCE} 1", "base %(base)s fen; not on the shortage "
                               "list: no uplift", base=Fen(base)))
        return base
    amount = uplift_30(base)
    where = (f"{SOURCE} 1 / 附件 第{listed[0]}行" if isinstance(listed[0], int)
             else f"{SOURCE} 1 / {listed[0]}")  # a later version's row: its own clause
    reasons.append(because("amount", f"{where} {listed[1]}", "base %(base)s fen + 30%% = "
                           "%(amount)s fen (rounded half up to the fen)", base=Fen(base),
                           amount=Fen(amount)))
    return amount


def quote(request: QuoteRequest, shortage: Shortage = FIRST, version: int = VERSION) -> Quote:
    """The answer under the shortage list of one version."""
    reasons = _common(request)
    installments: tuple[Installment, ...] = ()
    if request.kind == "directed_training":
        amount: int | None = DIRECTED_FEN
        reasons.append(because("amount", f"{SOURCE} 4", "800 yuan per trainee, in two halves"))
        installments = (
            Installment(DIRECTED_FEN // 2, phrase(
                "employed in Huzhou within 6 months after the training (the whole class when "
                "its employment rate reaches 80%)"), f"{SOURCE} 4 首期50%"),
            Installment(DIRECTED_FEN - DIRECTED_FEN // 2, phrase(
                "still employed in Huzhou 6 months after starting work"), f"{SOURCE} 4 其余50%",
                months_after_start=6))  # 实现就业后6个月仍在湖就业
    elif request.kind == "apprenticeship":
        years = max(0, min(request.years, APPRENTICE_YEARS))
        reasons.append(because("years", f"{SOURCE} 7 补贴期限最长不超过2年",
                               "%(asked)s year(s) asked, %(covered)s covered",
                               request.years <= APPRENTICE_YEARS, asked=request.years,
                               covered=years))
        amount = APPRENTICE_FEN_A_YEAR * years
        # 每人每年: one a year
        installments = tuple(Installment(APPRENTICE_FEN_A_YEAR, phrase(
            "year %(year)s: at most 6000 yuan, labour contract of 1 year or more", year=y),
            f"{SOURCE} 7", months_after_start=12 * (y - 1)) for y in range(1, years + 1))
    elif request.kind == "certificate":
        amount = _skill_upgrade(request, reasons, shortage)
    elif request.kind == kinds.SPECIAL:
        amount = kinds.special_ability(request, reasons)
    elif request.kind == kinds.POST:
        amount = kinds.care_post(request, reasons)
    elif request.kind == kinds.STAFF:
        amount = kinds.staff_training(request, reasons)
    else:
        reasons.append(because("kind", SOURCE, "no such subsidy here: %(kind)s", False,
                               kind=request.kind))
        amount = None
    eligible = all(r.passed for r in reasons if r.rule != "amount")
    return Quote("huzhou", version, eligible, amount, None, tuple(reasons), installments)


# The base of every occupation is Zhejiang's (not in this document); the table lists the
# shortage occupations, but an administrator may set the base of any occupation code.
def entry_of(code: str, row: int | str, name: str) -> SettableEntry:
    if isinstance(row, int):
        return SettableEntry(code, f"{name} (附件 第{row}行, +30%)", f"{SOURCE} 1 / 附件")
    return SettableEntry(code, f"{name} (+30%)", row)  # a row a later version added


ENTRIES = (*(entry_of(code, row, name) for code, (row, name) in SHORTAGE.items()),
           *kinds.ENTRIES)


def settable(code: str) -> SettableEntry | None:
    if code in kinds.BY_CODE:  # the standards of 一 2 and 一 3, not in 004
        return kinds.BY_CODE[code]
    if not OCCUPATION_CODE.match(code):
        return None
    listed = SHORTAGE.get(code)
    label = f"{listed[1]} (附件 第{listed[0]}行, +30%)" if listed else "not on the shortage list"
    return SettableEntry(code, label, f"{SOURCE} 1")
