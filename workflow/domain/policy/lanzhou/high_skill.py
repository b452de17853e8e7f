"""Lanzhou New Area's kinds for high-skill talent whose amounts the documents do not give.

- 000_52f3d35499bfb498.txt 附件2 备注2 企业职工技师培训: for an enterprise employee in a
  front-line post of the occupation, meeting the conditions to declare for 技师/高级技师, who
  obtained that certificate through training. 附件2's amounts were lost in the text: each
  level's amount is "not configured" until an administrator sets it (TECH, SENIOR-TECH).
- 001_300a128483aeb037.txt 四: winners of a national skills competition get the reward the
  province gives its winners (比照省级对获奖选手的资金奖励标准,给予同等奖励). The provincial
  standard is in no document here: each award's amount is "not configured" (AWARD-GOLD, ...).
  The winner is paid as an individual; the winner's unit (所在单位) files its reward as an
  enterprise roster (rosters.py).
- 002_bb54aa0badca5692.txt 二(五) (Gansu province, which Lanzhou New Area applies): trainees of
  high-skill and shortage-occupation training get a living allowance raised or lowered
  "按有关规定"; no document here gives the amount or its basis: "not configured" (LIVING).
"""

from __future__ import annotations

from workflow.domain.phrases import Fen, reason_text
from workflow.domain.policy.lanzhou.tables import SOURCE, Occupations, ShortageRow, plain_name
from workflow.domain.policy.model import QuoteRequest, Reason, SettableEntry, because
from workflow.domain.targets import HIGH_SKILL_LEVELS

REWARDS_SOURCE = "001_300a128483aeb037.txt"
PROVINCE_SOURCE = "002_bb54aa0badca5692.txt"
TECHNICIAN_LEVELS = {"technician": "技师", "senior_technician": "高级技师"}
# 附件2 备注2: the entry each level's technician-training amount is set under.
TRAINING_ENTRY = {"technician": "TECH", "senior_technician": "SENIOR-TECH"}
# 001 四: the awards of a national skills competition (全国技能大赛: 金牌、银牌、铜牌、优胜奖).
AWARDS = {"gold": "金牌", "silver": "银牌", "bronze": "铜牌", "merit": "优胜奖"}
AWARD_ENTRY = {award: f"AWARD-{award.upper()}" for award in AWARDS}
LIVING_ENTRY = "LIVING"
HIGH_SKILL_NAMES = {"senior_worker": "高级工", **TECHNICIAN_LEVELS}

REMARK2 = f"{SOURCE} 附件2 备注2"
COMPETITION = f"{REWARDS_SOURCE} 四 比照省级对获奖选手的资金奖励标准,给予同等奖励"
LIVING = f"{PROVINCE_SOURCE} 二(五) 按有关规定上下浮动培训补贴和生活费补贴"

# The conditions of 备注2 an applicant states (the reviewer checks them from the employer's
# papers): (fact, clause, what it says when met, when not, when not said).
TECHNICIAN_CONDITIONS = (
    ("front_line_post", f"{REMARK2} 在相应职业（工种）生产一线岗位工作",
     reason_text("works in a front-line post of the occupation"),
     reason_text("not in a front-line post of the occupation: technician training is for "
                 "front-line employees"),
     reason_text("not said whether the post is a front-line post of the occupation")),
    ("declaration_met", f"{REMARK2} 具备晋升技师、高级技师职业资格（或职业技能等级认定）申报条件",
     reason_text("meets the conditions to declare for the level"),
     reason_text("does not meet the conditions to declare for technician or senior technician"),
     reason_text("not said whether the conditions to declare for the level are met")),
    ("by_training", f"{REMARK2} 通过培训取得技师、高级技师职业资格（或职业技能等级证书）",
     reason_text("the certificate was obtained through training"),
     reason_text("the certificate was not obtained through training"),
     reason_text("not said whether the certificate was obtained through training")),
)

ENTRIES = (
    *(SettableEntry(code, f"企业职工技师培训（{TECHNICIAN_LEVELS[level]}）", REMARK2)
      for level, code in TRAINING_ENTRY.items()),
    *(SettableEntry(code, f"国家技能大赛{AWARDS[award]}获奖选手奖励（比照省级标准）", COMPETITION)
      for award, code in AWARD_ENTRY.items()),
    SettableEntry(LIVING_ENTRY, "高技能人才和急需紧缺职业（工种）培训生活费补贴", LIVING),
)


def entry_of(kind: str | None, level: str, award: str) -> str | None:
    """The entry whose amount prices a claim of these kinds (None: another kind, or a level or
    award it does not pay)."""
    if kind == "technician_training":
        return TRAINING_ENTRY.get(level)
    if kind == "competition_reward":
        return AWARD_ENTRY.get(award)
    return LIVING_ENTRY if kind == "living_allowance" else None


def _stated(request: QuoteRequest, fact: str, clause: str, met: str, unmet: str,
            unsaid: str) -> Reason:
    value = getattr(request, fact)
    if value is None:
        return because(fact, clause, unsaid, False)
    return because(fact, clause, met) if value else because(fact, clause, unmet, False)


def _set(request: QuoteRequest, code: str) -> int | None:
    return dict(request.set_amounts).get(code)


def technician_training(request: QuoteRequest, reasons: list[Reason]) -> int | None:
    """附件2 备注2: the level, the three conditions, and the level's amount once set."""
    level = request.certificate_level
    if level not in TECHNICIAN_LEVELS:
        reasons.append(because("level", f"{REMARK2} 技师、高级技师", "level %(level)s: technician "
                               "training is for technician and senior technician certificates",
                               False, level=level or "none"))
        return None
    reasons.extend(_stated(request, *condition) for condition in TECHNICIAN_CONDITIONS)
    fen = _set(request, TRAINING_ENTRY[level])
    if fen is None:
        reasons.append(because("amount", REMARK2, "the amount of technician training at level "
                               "%(level)s is not configured (附件2's amounts were lost in the "
                               "source text; an administrator must set it from the printed "
                               "附件2)", False, level=level))
        return None
    reasons.append(because("amount", REMARK2, "technician training at level %(level)s: "
                           "%(amount)s fen (no shortage uplift: 备注1 covers employment and job "
                           "skills only)", level=level, amount=Fen(fen)))
    return fen


def competition_reward(request: QuoteRequest, reasons: list[Reason]) -> int | None:
    """001 四: the winner's award, priced as the province prices its winners' once set."""
    award = request.award_level
    if award not in AWARDS:
        reasons.append(because("award_level", COMPETITION, "award %(award)s: a national skills "
                               "competition awards gold, silver, bronze or merit", False,
                               award=award or "none"))
        return None
    reasons.append(because("unit", f"{REWARDS_SOURCE} 四 获奖选手及所在单位", "paid to the winner; "
                           "the winner's unit files its own reward with its roster"))
    fen = _set(request, AWARD_ENTRY[award])
    if fen is None:
        reasons.append(because("amount", COMPETITION, "the reward for a %(award)s award is not "
                               "configured: it is the province's reward for its own winners, "
                               "which no document here gives; an administrator must set it "
                               "from the provincial standard", False, award=award))
        return None
    reasons.append(because("amount", COMPETITION, "%(award)s award: %(amount)s fen, as the "
                           "province rewards its winners", award=award, amount=Fen(fen)))
    return fen


def _covered(request: QuoteRequest, tables: Occupations) -> Reason:
    """002 二(五) covers the trainees of high-skill training and of shortage occupations."""
    name = plain_name(request.occupation_name)
    row: ShortageRow | None = tables.shortage_by_name.get(name) if name else None
    level = request.certificate_level
    clause = f"{PROVINCE_SOURCE} 二(五) 高技能人才和急需紧缺职业（工种）培训项目"
    if row is not None:
        return because("covered", f"{clause} / {SOURCE} 附件3", "%(name)s is on the shortage "
                       "list", name=name)
    if level in HIGH_SKILL_LEVELS:
        return because("covered", clause, "level %(level)s is a high-skill level", level=level)
    return because("covered", clause, "%(name)s at level %(level)s: neither a shortage "
                   "occupation (附件3) nor a high-skill level (senior worker, technician, senior "
                   "technician)", False, name=name or "?", level=level or "none")


def living_allowance(request: QuoteRequest, reasons: list[Reason], tables: Occupations
                     ) -> int | None:
    """002 二(五): whom it covers, and the amount once an administrator sets it."""
    reasons.append(_covered(request, tables))
    fen = _set(request, LIVING_ENTRY)
    if fen is None:
        reasons.append(because("amount", LIVING, "the living allowance is not configured: the "
                               "clause gives no amount, only that it is raised or lowered "
                               "according to the relevant rules (按有关规定上下浮动); an "
                               "administrator must set it from those rules", False))
        return None
    reasons.append(because("amount", LIVING, "living allowance: %(amount)s fen, as set from the "
                           "relevant rules", amount=Fen(fen)))
    return fen


def group(request: QuoteRequest) -> Reason | None:
    """Who may file these kinds (None: another kind)."""
    given = request.target_group
    if request.kind == "technician_training":
        clause = f"{REMARK2} 企业职工"
        if given == "enterprise_employee":
            return because("group", clause, "enterprise employee")
        return because("group", clause, "%(group)s: technician training is for enterprise "
                       "employees", False, group=given or "?")
    if request.kind == "competition_reward":
        return because("group", f"{REWARDS_SOURCE} 四 获奖选手", "a winner, paid as an individual")
    if request.kind == "living_allowance":
        return because("group", f"{PROVINCE_SOURCE} 二(五)", "a trainee of the training the "
                       "clause names")
    return None
