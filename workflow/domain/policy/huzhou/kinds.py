"""Huzhou 004's kinds of subsidy whose amounts the document leaves to rules it does not contain:
they are "not configured" until an administrator sets them (SettableEntry), and the quote says
why.

- 一 2: a 专项职业能力证书 of an evaluation project developed for the listed industries, obtained
  by one of the six groups or others in need after training: "可按照有关规定给予个人或培训机构
  一定标准的职业培训补贴". The standard is "一定标准 ... 按照有关规定", not in the seeds. Paid to
  the individual here; the training institution files its trainees instead (institution.py),
  each certificate paid once to one of them.
- 一 3: a certificate of elderly care, e-commerce or childcare, and employment in that trade's
  post at a Huzhou employer of the trade within 12 months of the certificate (含证书核发时已在岗):
  besides the skill-upgrade subsidy (claimed as its own kind, 一 1, by the city's rules) "还可
  享受养老护理员特殊岗位津贴等政策待遇，具体规则按照市人力社保局与相关行业主管部门制定的实施办法执行":
  the post allowance, one entry per trade, not configured. What can be checked is: the
  certificate's trade (industries.TRADE_OF_OCCUPATION), the post's trade, and the 12 months.
- 二 5: an employer of the listed industries training its own staff (职工职业技能培训、定向培训):
  "纳入补贴范围的培训对象为与其建立劳动关系的从业人员，具体由行业主管部门负责": the person had a
  labour relation with the employer by the end of the training (the certificate's day), and the
  industry's department reviews the claim (filing.workflow_data routes it). 004 gives no
  standard: not configured.
"""

from __future__ import annotations

from dateutil.relativedelta import relativedelta

from workflow.domain.departments import department_name
from workflow.domain.phrases import Fen, Phrase, phrase
from workflow.domain.policy.huzhou.industries import (
    DEPARTMENT_OF,
    INDUSTRIES,
    TRADE_OF_OCCUPATION,
    TRADES,
)
from workflow.domain.policy.model import QuoteRequest, Reason, SettableEntry, because

SOURCE = "004_7b2ca6ac373157b2.txt"
SPECIAL = "special_ability_training"  # 一 2
SPECIAL_ENTRY = "HZ-ZX"  # the administrator's entry of 一 2's standard
POST = "care_post"  # 一 3
POST_ENTRIES = {"elderly_care": "HZ-GW-YL", "ecommerce": "HZ-GW-DS", "childcare": "HZ-GW-TY"}
POST_MONTHS = 12  # 一 3: 自证书核发之日起12个月内
STAFF = "staff_training"  # 二 5
STAFF_ENTRY = "HZ-ZG"


def entries() -> tuple[SettableEntry, ...]:
    """The entries of these kinds an administrator sets (their amounts are not in 004)."""
    posts = tuple(SettableEntry(code, f"{TRADES[trade]}岗位津贴 (一 3, 实施办法)",
                                f"{SOURCE} 一 3") for trade, code in POST_ENTRIES.items())
    return (SettableEntry(SPECIAL_ENTRY, "专项职业能力证书 职业培训补贴 (一 2, 一定标准)",
                          f"{SOURCE} 一 2"), *posts,
            SettableEntry(STAFF_ENTRY, "用人单位职工职业技能培训、定向培训 (二 5)",
                          f"{SOURCE} 二 5"))


ENTRIES = entries()
BY_CODE = {entry.code: entry for entry in ENTRIES}


def entry_of_kind(kind: str | None, code: str) -> str | None:
    """The entry whose amount prices a claim of this kind and occupation code (None: not one
    of these kinds, or a post claim whose certificate is of no trade of 一 3)."""
    if kind == POST:
        trade = TRADE_OF_OCCUPATION.get(code)
        return POST_ENTRIES[trade] if trade else None
    return {SPECIAL: SPECIAL_ENTRY, STAFF: STAFF_ENTRY}.get(kind or "")


def _set_amount(request: QuoteRequest, code: str, reasons: list[Reason], clause: str,
                what: Phrase) -> int | None:
    amount = dict(request.set_amounts).get(code)
    if amount is None:
        reasons.append(because("amount", clause, "the standard of %(what)s is not configured: "
                               "004 leaves it to rules it does not contain (an administrator "
                               "sets it as entry %(code)s)", False, what=what, code=code))
    else:
        reasons.append(because("amount", clause, "%(what)s: %(amount)s fen as set",
                               what=what, amount=Fen(amount)))
    return amount


def special_ability(request: QuoteRequest, reasons: list[Reason]) -> int | None:
    """一 2: the training subsidy for a special-ability certificate, paid to the individual."""
    clause = f"{SOURCE} 一 2"
    industry = INDUSTRIES.get(request.industry)
    if industry is None:
        reasons.append(because("industry", clause, "the certificate's evaluation project must "
                               "be of one of the eight chains, elderly care, e-commerce or "
                               "childcare", False))
    else:
        reasons.append(because("industry", clause, "a project of %(industry)s (the reviewer "
                               "checks the certificate)", industry=industry))
    reasons.append(because("payee", clause, "paid to the individual, unless the training "
                           "institution claims this certificate for its trainee: it is paid "
                           "once"))
    return _set_amount(request, SPECIAL_ENTRY, reasons, clause,
                       phrase("the training subsidy for a special-ability certificate"))


def _employer(request: QuoteRequest, reasons: list[Reason], clause: str) -> None:
    if request.employer.strip():
        reasons.append(because("employer", clause, "%(employer)s (the reviewer checks it is a "
                               "Huzhou employer of the industry)",
                               employer=request.employer.strip()))
    else:
        reasons.append(because("employer", clause, "name the employer", False))


def _employment(request: QuoteRequest, reasons: list[Reason], clause: str) -> None:
    """一 3: employed in the post within 12 months of the certificate, or already in it."""
    started, issued = request.employed_on, request.certificate_issued_on
    if started is None:
        reasons.append(because("employment", clause, "the day employment in the post started "
                               "is needed", False))
        return
    by = issued + relativedelta(months=POST_MONTHS)
    values = {"day": started.isoformat(), "issued": issued.isoformat(), "by": by.isoformat()}
    if started > request.today:
        reasons.append(because("employment", clause, "employment from %(day)s has not started "
                               "yet", False, day=values["day"]))
    elif started <= issued:
        reasons.append(because("employment", clause, "in the post since %(day)s, when the "
                               "certificate was issued (%(issued)s) already", **values))
    elif started <= by:
        reasons.append(because("employment", clause, "employed from %(day)s, within 12 months "
                               "of the certificate (%(issued)s, by %(by)s)", **values))
    else:
        reasons.append(because("employment", clause, "employed from %(day)s, more than 12 "
                               "months after the certificate (%(issued)s, by %(by)s)", False,
                               **values))


def care_post(request: QuoteRequest, reasons: list[Reason]) -> int | None:
    """一 3: the post allowance of a certificate of elderly care, e-commerce or childcare and
    employment in that trade's post (its rules: implementing measures not in 004)."""
    clause = f"{SOURCE} 一 3"
    trade = TRADE_OF_OCCUPATION.get(request.occupation_code)
    if trade is None:
        reasons.append(because("occupation_code", clause, "%(code)s is not a certificate of "
                               "elderly care, e-commerce or childcare (养老护理员 4-10-01-05, "
                               "电子商务师 4-01-06-01, 婴幼儿发展引导员 4-10-01-01, 育婴员 "
                               "4-10-01-02, 保育师 4-10-01-03)", False,
                               code=request.occupation_code or "?"))
    if trade is not None and request.industry == trade:
        reasons.append(because("industry", clause, "a post in %(trade)s, the certificate's "
                               "trade", trade=TRADES[trade]))
    elif trade is not None:
        reasons.append(because("industry", clause, "the post must be in the certificate's "
                               "trade, %(trade)s", False, trade=TRADES[trade]))
    _employer(request, reasons, clause)
    _employment(request, reasons, clause)
    reasons.append(because("skill_upgrade", f"{SOURCE} 一 3 / 一 1", "the skill-upgrade "
                           "subsidy of the certificate is claimed as its own kind"))
    if trade is None:
        return None
    return _set_amount(request, POST_ENTRIES[trade], reasons,
                       f"{clause} 具体规则按照实施办法执行",
                       phrase("the post allowance of %(trade)s", trade=TRADES[trade]))


def staff_training(request: QuoteRequest, reasons: list[Reason]) -> int | None:
    """二 5: an employer's training of the staff it has a labour relation with, reviewed by
    the industry's department; 004 gives no standard."""
    clause = f"{SOURCE} 二 5"
    industry = INDUSTRIES.get(request.industry)
    if industry is None:
        reasons.append(because("industry", clause, "the employer's industry must be one of the "
                               "eight chains, elderly care, e-commerce or childcare", False))
    else:
        department = department_name(DEPARTMENT_OF[request.industry])
        reasons.append(because("industry", clause, "%(industry)s: reviewed by %(department)s "
                               "(具体由行业主管部门负责)", industry=industry,
                               department=department))
    _employer(request, reasons, clause)
    started, issued = request.employed_on, request.certificate_issued_on
    if started is None:
        reasons.append(because("labour_relation", clause, "the day the labour relation with "
                               "the employer started is needed", False))
    elif started <= issued:
        reasons.append(because("labour_relation", clause, "a labour relation since %(day)s, "
                               "before the training ended (%(issued)s)",
                               day=started.isoformat(), issued=issued.isoformat()))
    else:
        reasons.append(because("labour_relation", clause, "a labour relation only from "
                               "%(day)s, after the training ended (%(issued)s): only staff "
                               "with a labour relation are covered", False,
                               day=started.isoformat(), issued=issued.isoformat()))
    return _set_amount(request, STAFF_ENTRY, reasons, clause,
                       phrase("the training of an employer's own staff"))
