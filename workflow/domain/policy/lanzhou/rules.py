"""The quote of Lanzhou New Area 2026 (000_52f3d35499bfb498.txt,
《“技能兴区·万名工匠”培训行动实施方案》,
with the technician rewards of 001_300a128483aeb037.txt 七).

- 二(一)/(二)/(三): employment-skills training for the five groups, job-skills training for
  enterprise employees, entrepreneurship training for entrepreneurs.
- 四(一) and 附件2: occupations fall in categories A/B/C/D with at least 120/100/80/60 class hours
  (45 minutes each). The per-category amounts were lost in the text: "not configured" until an
  administrator sets each one. Entrepreneurship courses: GYB 500, SYB/IYB/EYB 1600, online and
  with practice 1900 yuan, with their minimum days and hours.
- 附件3 and 附件2 备注1: occupations on the shortage list get +20% (employment and job skills);
  备注3: apprenticeship 5000/6000/7500 yuan a year (junior/intermediate/senior worker), +20% on
  the shortage list.
- 附件2 备注4: at most 3 subsidies per person, 1 a year, never the same occupation at the same
  level twice. Counted from accepted or paid subsidies only.
- 四(三): first evaluation of the five groups: up to 300 yuan evaluation subsidy, 100 yuan for a
  special-ability assessment.
- 附件4: training-certificate number ranges per service centre and training type.
- 001 七: one-off rewards of 3000 / 5000 yuan for new technicians / senior technicians.
- 附件2 备注2 technician training, 001 四 competition rewards, 002 二(五) living allowance:
  lanzhou.high_skill; 附件2 备注5 (certificate, employment, project-based hours):
  lanzhou.remark5.

Uplifts round half up to the fen (model.uplift), the one rounding rule of every pack.
"""

from __future__ import annotations

from datetime import date

from workflow.domain.phrases import Fen, phrase
from workflow.domain.policy.lanzhou import high_skill, remark5
from workflow.domain.policy.lanzhou.catalogue import (
    CENTRES,
    CERTIFICATE_DIGITS,
    CERTIFICATE_RANGES,
)
from workflow.domain.policy.lanzhou.high_skill import REWARDS_SOURCE
from workflow.domain.policy.lanzhou.tables import (
    CATEGORIES,
    Occupations,
    ShortageRow,
    occupations_of,
    plain_name,
)
from workflow.domain.policy.model import (
    EarlierSubsidy,
    Installment,
    Quote,
    QuoteRequest,
    Reason,
    SettableEntry,
    because,
    uplift,
)
from workflow.domain.versions import PackVersion

SOURCE = "000_52f3d35499bfb498.txt"
VERSION = 1
# The 2026 plan (兰州新区2026年职业技能培训任务分解表 and the title): certificates of 2026.
VALID_FROM, VALID_TO = date(2026, 1, 1), date(2026, 12, 31)
MAX_PER_PERSON = 3  # 附件2 备注4 每人累计最多享受3次
SHORTAGE_PERCENT = 20  # 附件2 备注1 / 备注3 提高20%

FIVE_GROUPS = {"graduate": "毕业年度高校毕业生",
               "school_leaver": "城乡未继续升学的应届初高中毕业生",
               "rural_migrant": "农村转移就业劳动者", "registered_unemployed": "城镇登记失业人员",
               "hard_to_employ": "就业困难人员"}  # 二(一) 五类人员
MIN_HOURS = {"A": 120, "B": 100, "C": 80, "D": 60}  # 四(一) 培训总课时不少于
# 附件2 创业培训 补贴标准 and 四(一): course -> (fen, name, minimum days, minimum hours)
COURSES: dict[str, tuple[int, str, int, int]] = {
    "GYB": (500_00, "GYB", 3, 24), "SYB": (1600_00, "SYB", 7, 56),
    "IYB": (1600_00, "IYB", 7, 56), "EYB": (1600_00, "EYB", 6, 48),
    "online": (1900_00, "网创培训", 7, 56), "practice": (1900_00, "创业培训+实训", 7, 56)}
APPRENTICE_FEN_A_YEAR = {"junior": 5000_00, "intermediate": 6000_00,
                         "senior_worker": 7500_00}  # 附件2 备注3 初级工/中级工/高级工
EVALUATION_MAX_FEN = 300_00  # 四(三) 每人不超过300元的评价补贴
SPECIAL_ABILITY_FEN = 100_00  # 四(三) 100元的专项能力考核补贴
TECHNICIAN_REWARD_FEN = {"technician": 3000_00, "senior_technician": 5000_00}  # 001 七

# 附件2 备注4 caps the subsidies of 附件2's table, 备注2's technician training among them.
CAPPED_KINDS = ("employment_skills", "job_skills", "entrepreneurship", "apprenticeship",
                "technician_training")
KINDS = (*CAPPED_KINDS, "evaluation", "special_ability", "technician_reward",
         "competition_reward", "living_allowance")
FIRST = occupations_of((PackVersion(1, VALID_FROM),))  # version 1: 附件2 and 附件3 as printed
CATEGORY_OF = FIRST.category_of
SHORTAGE_BY_NAME = FIRST.shortage_by_name


def _occupation(request: QuoteRequest, tables: Occupations
                ) -> tuple[str, str | None, ShortageRow | None]:
    """(name, category, 附件3 row) of the occupation asked about, by name or by code."""
    name = plain_name(request.occupation_name)
    row = (tables.shortage_by_name.get(name) if name
           else tables.shortage_by_code.get(request.occupation_code))
    if not name and row:
        name = plain_name(row.name)
    category = tables.category_of.get(name) or (row.category if row else None)
    return name, category, row


# 附件2: employment- and job-skills training is priced by its occupation's category A–D.
PRICED_BY_CATEGORY = ("employment_skills", "job_skills")


def priced_by(kind: str | None, code: str, name: str, tables: Occupations = FIRST
              ) -> str | None:
    """The category (A–D, 附件2) whose amount prices such a claim: the one its 附件2 code
    names (e.g. B-109), or, for an occupation only 附件3 lists, the category that list gives
    it; the entry a claim of high_skill's kinds records as its code (lanzhou.filing);
    other kinds are priced by amounts the document gives (None)."""
    if kind in ("technician_training", "competition_reward"):
        return code if any(e.code == code for e in high_skill.ENTRIES) else None
    if kind not in PRICED_BY_CATEGORY:
        return high_skill.entry_of(kind, "", "")
    prefix = code.split("-", 1)[0]
    if prefix in MIN_HOURS:
        return prefix
    plain = plain_name(name)
    shortage = tables.shortage_by_name.get(plain)
    return tables.category_of.get(plain) or (shortage.category if shortage else None)


def _cite(row: ShortageRow) -> str:
    """附件3 第n行 for a row as printed; the new document's clause for a row a version added."""
    return (f"附件3 第{row.row}行 {row.name}" if row.code else f"{row.clause} {row.name}")


def _validity(request: QuoteRequest) -> Reason:
    day = request.certificate_issued_on
    inside = VALID_FROM <= day <= VALID_TO
    clause, passed = f"{SOURCE} 附件1 2026年 / 标题", inside and day <= request.today
    dates = {"day": str(day), "start": str(VALID_FROM), "end": str(VALID_TO)}
    if inside and day <= request.today:
        return because("plan_period", clause, "certificate of %(day)s, within %(start)s – "
                       "%(end)s", passed, **dates)
    if inside:
        return because("plan_period", clause, "certificate of %(day)s, within %(start)s – "
                       "%(end)s; the date is in the future", passed, **dates)
    if day <= request.today:
        return because("plan_period", clause, "certificate of %(day)s, outside the plan year "
                       "%(start)s – %(end)s", passed, **dates)
    return because("plan_period", clause, "certificate of %(day)s, outside the plan year "
                   "%(start)s – %(end)s; the date is in the future", passed, **dates)


def _group(request: QuoteRequest) -> Reason:
    found = high_skill.group(request)
    if found is not None:
        return found
    group = request.target_group
    if request.kind == "employment_skills":
        clause = f"{SOURCE} 二(一) 五类人员"
        if group in FIVE_GROUPS:
            return Reason("group", clause, FIVE_GROUPS[group])  # the group's name, in Chinese
        return because("group", clause, "%(group)s: not one of the five groups", False,
                       group=group or "?")
    if request.kind in ("job_skills", "apprenticeship"):
        clause = f"{SOURCE} 二(二) 企业新录用的五类人员及1年以上劳动合同的职工"
        if group == "enterprise_employee" or group in FIVE_GROUPS:
            return because("group", clause, "enterprise employee or newly hired from the five "
                           "groups; the reviewer checks a contract of 1 year or more and "
                           "training within 1 year of signing")
        return because("group", clause, "%(group)s: not an enterprise employee", False,
                       group=group or "?")
    if request.kind in ("evaluation", "special_ability"):
        clause = f"{SOURCE} 四(三) 五类人员初次评价"
        if group in FIVE_GROUPS:
            return because("group", clause, "%(name)s; first evaluation of this occupation",
                           name=FIVE_GROUPS[group])
        return because("group", clause, "%(group)s: not one of the five groups; first "
                       "evaluation of this occupation", False, group=group or "?")
    if request.kind == "entrepreneurship":
        clause = f"{SOURCE} 二(三) 创业者、返乡创业人员、小微企业家等群体"
        if group:
            return because("group", clause, "%(group)s: the clause names its groups with 等 "
                           "(open list)", group=group)
        return because("group", clause, "not given: the clause names its groups with 等 "
                       "(open list)")
    return because("group", f"{REWARDS_SOURCE} 七", "newly certified high-skill talent")


def year_cap(history: tuple[EarlierSubsidy, ...], today: date) -> Reason:
    """附件2 备注4 每年只能享受1次 when a later apprenticeship year is confirmed: it is this
    year's subsidy, so another subsidy of the table this year stops it."""
    same_year = [e for e in history
                 if e.kind in (*CAPPED_KINDS, "certificate") and e.year == today.year]
    return because("cap_year", f"{SOURCE} 附件2 备注4 每年只能享受1次",
                   "%(count)s accepted or paid in %(year)s", not same_year,
                   count=len(same_year), year=today.year)


def _caps(request: QuoteRequest, name: str) -> list[Reason]:
    """附件2 备注4, over accepted or paid subsidies of this pack's table (not evaluation
    subsidies or technician rewards, which other clauses grant)."""
    # A filed claim records no kind yet ("certificate"): it is a training subsidy of 附件2.
    earlier = [e for e in request.history if e.kind in (*CAPPED_KINDS, "certificate")]
    clause = f"{SOURCE} 附件2 备注4"
    same_year = [e for e in earlier if e.year == request.today.year]
    twice = [e for e in earlier if plain_name(e.occupation) == name
             and e.level == request.certificate_level]
    same = {"name": name or "?", "level": request.certificate_level or "none"}
    return [
        because("cap", f"{clause} 每人累计最多享受3次",
                "%(count)s accepted or paid before, at most %(most)s",
                len(earlier) < MAX_PER_PERSON, count=len(earlier), most=MAX_PER_PERSON),
        because("cap_year", f"{clause} 每年只能享受1次", "%(count)s accepted or paid in %(year)s",
                not same_year, count=len(same_year), year=request.today.year),
        because("cap_same", f"{clause} 同一职业（工种）同一等级不可重复享受",
                "%(name)s at level %(level)s: already subsidised (skill-upgrade subsidies of "
                "insured employees count too; butie does not hold those: the reviewer checks)",
                False, **same)
        if twice else
        because("cap_same", f"{clause} 同一职业（工种）同一等级不可重复享受",
                "%(name)s at level %(level)s: not subsidised before (skill-upgrade subsidies "
                "of insured employees count too; butie does not hold those: the reviewer "
                "checks)", True, **same),
    ]


def certificate_centre(number: str, training_type: str) -> str | None:
    """The service centre whose 附件4 range holds this training-certificate number."""
    digits = CERTIFICATE_DIGITS.get(training_type)
    if digits is None or not number.isdigit() or len(number) != digits:
        return None
    value = int(number)
    for centre, ranges in CERTIFICATE_RANGES.items():
        first, last = ranges[training_type]
        if first <= value <= last:
            return centre
    return None


def _certificate_number(request: QuoteRequest) -> tuple[Reason, str | None]:
    training_type = request.kind
    number = request.training_certificate_number.strip()
    clause = f"{SOURCE} 附件4 2026年培训合格证书号段"
    if not number:
        return because("certificate_number", clause, "the training certificate number is "
                       "needed", False), None
    centre = certificate_centre(number, training_type)
    printed = "; ".join(f"{CENTRES[c]} {r[training_type][0]:0{CERTIFICATE_DIGITS[training_type]}d}"
                        f"–{r[training_type][1]:0{CERTIFICATE_DIGITS[training_type]}d}"
                        for c, r in CERTIFICATE_RANGES.items())
    if centre is None:
        return because("certificate_number", clause, "%(number)s is in no %(kind)s range "
                       "(%(ranges)s)", False, number=number, kind=training_type,
                       ranges=printed), None
    if request.service_centre and request.service_centre != centre:
        return because("certificate_number", clause, "%(number)s belongs to %(centre)s, not "
                       "%(given)s", False, number=number, centre=CENTRES[centre],
                       given=CENTRES.get(request.service_centre, request.service_centre)
                       ), centre
    return because("certificate_number", clause, "%(number)s in the range of %(centre)s",
                   number=number, centre=CENTRES[centre]), centre


def _hours(request: QuoteRequest, minimum: int, clause: str, category: str = "",
           course: str = "") -> Reason:
    """四(一) minimums: of a category's training, or of an entrepreneurship course."""
    hours = request.class_hours
    if category:
        if hours is None:
            return because("class_hours", clause, "class hours not given; category %(category)s "
                           "needs at least %(minimum)s (45 minutes each)", False,
                           category=category, minimum=minimum)
        return because("class_hours", clause, "%(hours)s class hours, at least %(minimum)s for "
                       "category %(category)s", hours >= minimum, hours=hours, minimum=minimum,
                       category=category)
    if hours is None:
        return because("class_hours", clause, "class hours not given; %(course)s needs at least "
                       "%(minimum)s (45 minutes each)", False, course=course, minimum=minimum)
    return because("class_hours", clause, "%(hours)s class hours, at least %(minimum)s for "
                   "%(course)s", hours >= minimum, hours=hours, minimum=minimum, course=course)


def _skills(request: QuoteRequest, reasons: list[Reason], tables: Occupations) -> int | None:
    name, category, shortage = _occupation(request, tables)
    if category is None:
        reasons.append(because("occupation", f"{SOURCE} 附件2", "%(name)s is not in the "
                               "category list (A/B/C/D)", False, name=name or "?"))
        return None
    reasons.append(because("occupation", f"{SOURCE} 附件2 {category}类",
                           "%(name)s: category %(category)s", name=name, category=category))
    if request.project_based:  # 备注5: project-based training's own minimum
        reasons.append(_hours(request, remark5.PROJECT_MIN_HOURS, remark5.PROJECT_CLAUSE,
                              category=category))
    else:
        reasons.append(_hours(request, MIN_HOURS[category], f"{SOURCE} 四(一) {category}类"
                              f"培训总课时不少于{MIN_HOURS[category]}课时", category=category))
    reasons.extend(remark5.conditions(request))
    base = dict(request.set_amounts).get(category)
    if base is None:
        reasons.append(because("amount", f"{SOURCE} 附件2 {category}类", "the amount of "
                               "category %(category)s is not configured (lost in the source "
                               "text; an administrator must set it from the printed 附件2)",
                               False, category=category))
        return None
    if shortage is None:
        reasons.append(because("amount", f"{SOURCE} 附件2 {category}类", "category %(category)s: "
                               "%(base)s fen; not on the shortage list (附件3): no uplift",
                               category=category, base=Fen(base)))
        return base
    amount = uplift(base, SHORTAGE_PERCENT)
    reasons.append(because("amount", f"{SOURCE} 附件2 备注1 / {_cite(shortage)}",
                           "category %(category)s: %(base)s fen + 20%% = %(amount)s fen "
                           "(rounded half up to the fen)", category=category, base=Fen(base),
                           amount=Fen(amount)))
    return amount


def _entrepreneurship(request: QuoteRequest, reasons: list[Reason]) -> int | None:
    course = COURSES.get(request.course)
    if course is None:
        clause = f"{SOURCE} 附件2 创业培训"
        reasons.append(because("course", clause, "no such course: %(course)s (GYB, SYB, IYB, "
                               "EYB, online, practice)", False, course=request.course)
                       if request.course else
                       because("course", clause, "no such course: not given (GYB, SYB, IYB, "
                               "EYB, online, practice)", False))
        return None
    fen, label, days, hours = course
    reasons.append(_hours(request, hours, f"{SOURCE} 四(一) {label}课程原则上不少于"
                          f"{days}天、{hours}课时", course=label))
    reasons.append(because("amount", f"{SOURCE} 附件2 创业培训 {label}", "%(course)s: %(amount)s "
                           "fen (no shortage uplift: 备注1 covers employment and job skills "
                           "only)", course=label, amount=Fen(fen)))
    return fen


def _apprenticeship(request: QuoteRequest, reasons: list[Reason], tables: Occupations
                    ) -> tuple[int | None, tuple[Installment, ...]]:
    a_year = APPRENTICE_FEN_A_YEAR.get(request.certificate_level)
    clause = f"{SOURCE} 附件2 备注3"
    if a_year is None:
        reasons.append(because("level", clause, "level %(level)s: apprenticeship is junior, "
                               "intermediate or senior worker", False,
                               level=request.certificate_level or "none"))
        return None, ()
    name, _, shortage = _occupation(request, tables)
    if shortage is not None:
        raised = uplift(a_year, SHORTAGE_PERCENT)
        reasons.append(because("amount", f"{clause} / {_cite(shortage)}",
                               "%(base)s fen a year + 20%% = %(amount)s fen", base=Fen(a_year),
                               amount=Fen(raised)))
        a_year = raised
    elif name:
        reasons.append(because("amount", clause, "%(level)s: %(amount)s fen a year; %(name)s is "
                               "not on the shortage list", level=request.certificate_level,
                               amount=Fen(a_year), name=name))
    else:
        reasons.append(because("amount", clause, "%(level)s: %(amount)s fen a year; the "
                               "occupation is not on the shortage list",
                               level=request.certificate_level, amount=Fen(a_year)))
    # 备注3 sets a yearly amount and 备注4 one subsidy a year: each year is its own installment.
    installments = tuple(Installment(a_year, phrase(
        "year %(year)s of the apprenticeship (one subsidy a year, 附件2 备注4)", year=y), clause,
                                     months_after_start=12 * (y - 1))
                         for y in range(1, request.years + 1))
    return a_year * request.years, installments


def _evaluation(request: QuoteRequest, reasons: list[Reason], tables: Occupations
                ) -> int | None:
    clause = f"{SOURCE} 四(三)"
    name, _, _ = _occupation(request, tables)
    again = [e for e in request.history if e.kind == request.kind
             and plain_name(e.occupation) == name]
    if again:
        reasons.append(because("first_evaluation", f"{clause} 初次评价", "%(name)s: evaluated "
                               "with a subsidy before", False, name=name or "?"))
    else:
        reasons.append(because("first_evaluation", f"{clause} 初次评价", "%(name)s: first "
                               "evaluation", name=name or "?"))
    if request.kind == "special_ability":
        reasons.append(because("amount", f"{clause} 100元的专项能力考核补贴", "100 yuan"))
        return SPECIAL_ABILITY_FEN
    if request.fee_fen is None:
        reasons.append(because("amount", f"{clause} 不超过300元的评价补贴", "the evaluation fee "
                               "paid is needed: the subsidy is the fee, at most 300 yuan", False))
        return None
    amount = min(request.fee_fen, EVALUATION_MAX_FEN)
    reasons.append(because("amount", f"{clause} 不超过300元的评价补贴", "fee %(fee)s fen, at most "
                           "%(most)s: %(amount)s fen", fee=Fen(request.fee_fen),
                           most=Fen(EVALUATION_MAX_FEN), amount=Fen(amount)))
    return amount


def _reward(request: QuoteRequest, reasons: list[Reason]) -> int | None:
    clause = f"{REWARDS_SOURCE} 七 新取得技师、高级技师技能等级"
    fen = TECHNICIAN_REWARD_FEN.get(request.certificate_level)
    if fen is None:
        reasons.append(because("level", clause, "level %(level)s: the reward is for technicians "
                               "and senior technicians", False,
                               level=request.certificate_level or "none"))
        return None
    before = [e for e in request.history if e.kind == "technician_reward"
              and e.level == request.certificate_level]
    if before:
        reasons.append(because("one_off", f"{clause} 一次性", "rewarded before at this level",
                               False))
    else:
        reasons.append(because("one_off", f"{clause} 一次性", "first reward at this level"))
    reasons.append(because("amount", clause, "%(level)s: %(amount)s fen",
                           level=request.certificate_level, amount=Fen(fen)))
    return fen


def quote(request: QuoteRequest, tables: Occupations = FIRST) -> Quote:
    """The answer under the occupation tables of one version."""
    version = tables.version
    if request.kind not in KINDS:
        reason = because("kind", SOURCE, "no such subsidy here: %(kind)s (%(kinds)s)", False,
                         kind=request.kind, kinds=", ".join(KINDS))
        return Quote("lanzhou", version, False, None, None, (reason,))
    reasons = [_validity(request), _group(request)]
    department: str | None = None
    installments: tuple[Installment, ...] = ()
    if request.kind in ("employment_skills", "job_skills", "entrepreneurship"):
        number, department = _certificate_number(request)
        reasons.append(number)
    if request.kind in ("employment_skills", "job_skills"):
        amount = _skills(request, reasons, tables)
    elif request.kind == "entrepreneurship":
        amount = _entrepreneurship(request, reasons)
    elif request.kind == "apprenticeship":
        amount, installments = _apprenticeship(request, reasons, tables)
    elif request.kind in ("evaluation", "special_ability"):
        amount = _evaluation(request, reasons, tables)
    elif request.kind == "technician_training":
        amount = high_skill.technician_training(request, reasons)
    elif request.kind == "competition_reward":
        amount = high_skill.competition_reward(request, reasons)
    elif request.kind == "living_allowance":
        amount = high_skill.living_allowance(request, reasons, tables)
    else:
        amount = _reward(request, reasons)
    if request.kind in CAPPED_KINDS:
        name = _occupation(request, tables)[0] or request.course
        reasons.extend(_caps(request, name))
    eligible = all(r.passed for r in reasons if r.rule != "amount")
    return Quote("lanzhou", version, eligible, amount, department, tuple(reasons),
                 installments)


# Labelled in the source's words (四(一)): the administrator's page reads them in Chinese.
ENTRIES = (*(SettableEntry(category, f"{category}类职业（工种）{len(names)}个，培训总课时不少于"
                           f"{MIN_HOURS[category]}课时", f"{SOURCE} 附件2 {category}类")
             for category, names in CATEGORIES.items()),
           *high_skill.ENTRIES)


def settable(code: str) -> SettableEntry | None:
    return next((entry for entry in ENTRIES if entry.code == code), None)
