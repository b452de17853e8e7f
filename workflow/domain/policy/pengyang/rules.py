"""Pengyang County 2026–2028 (003_6bc740e2a48a5116.txt): the quote and the catalogue's table.

二(三): 补贴资金直补个人，每人享受补贴不超过2次; the five groups and eligible enterprise employees
with Pengyang household registration; certificates obtained within the plan period; 附件1 amounts
and 实施管理部门; 1000 yuan outside the catalogue. 二(五): senior worker / technician / senior
technician raised to 4000 / 5000 / 6000 yuan. The cap counts accepted or paid claims only: a
rejected or withdrawn claim does not use up a subsidy.

Later versions add and retire 附件1 entries (`catalogue_versions`); the package's `revise` gives
the pack as in force in one of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from workflow.domain.phrases import Phrase
from workflow.domain.policy.model import (
    Quote,
    QuoteRequest,
    Reason,
    SettableEntry,
    because,
)
from workflow.domain.policy.pengyang.catalogue import CATALOGUE, OUTSIDE_CATALOGUE, CatalogueEntry
from workflow.domain.policy.pengyang.catalogue_versions import (
    Catalogue,
    addition_problems,
    catalogue_of,
)
from workflow.domain.policy.pengyang.eligibility import (
    PLAN_END,
    PLAN_START,
    ClaimFacts,
    problem_phrases,
)
from workflow.domain.policy.pengyang.filing import FIRST
from workflow.domain.policy.pengyang.pricing import price_claim
from workflow.domain.policy.tables import CODED, Added, Chain, Draft, Row, TableRules, coded
from workflow.domain.versions import ADD, EntryChange

SOURCE = "003_6bc740e2a48a5116.txt"
MAX_PER_PERSON = 2  # 二(三) 每人享受补贴不超过2次
VERSION = 1

CLAUSES = {
    "id_number": "GB 11643-1999",
    "township": f"{SOURCE} 二(三) 彭阳户籍",
    "target_group": f"{SOURCE} 二(三) 五类人员及符合条件的企业职工",
    "certificate_code": f"{SOURCE} 附件1",
    "certificate_level": f"{SOURCE} 二(五)",
    "certificate_issued_on": f"{SOURCE} 二(三) 《方案》实施期内",
}


def quote(request: QuoteRequest, catalogue: Catalogue = FIRST) -> Quote:
    """The answer under the catalogue of one version (附件1 实施管理部门 names the department;
    outside the catalogue the HR bureau's own reviewers)."""
    facts = ClaimFacts(request.id_number, request.township,
                       request.target_group, request.certificate_code,
                       request.certificate_level, request.certificate_issued_on)
    found = problem_phrases(facts, request.today, catalogue)
    if not request.id_number:
        found.pop("id_number", None)  # a quote may be asked without an ID number
    reasons = [_said(name, CLAUSES[name], said, passed=False) for name, said in found.items()]
    if not found:
        reasons.append(because("eligibility", f"{SOURCE} 二(三)", "%(group)s, %(township)s, "
                               "certificate of %(day)s within %(start)s–%(end)s",
                               group=request.target_group, township=request.township,
                               day=str(request.certificate_issued_on), start=str(PLAN_START),
                               end=str(PLAN_END)))
    cap_ok = request.accepted_before < MAX_PER_PERSON
    reasons.append(because("cap", f"{SOURCE} 二(三) 每人享受补贴不超过2次",
                           "%(count)s accepted or paid before, at most %(most)s", cap_ok,
                           count=request.accepted_before, most=MAX_PER_PERSON))
    pricing = price_claim(request.certificate_code, request.certificate_level or None,
                          dict(request.set_amounts), catalogue.entries)
    retired = catalogue.retirement(request.certificate_code)
    reasons.append(_said("amount", f"{SOURCE} 附件1 / 二(三) / 二(五)", retired or pricing.said,
                         passed=pricing.configured))
    return Quote("pengyang", catalogue.version, not found and cap_ok, pricing.amount_fen,
                 catalogue.department_of(request.certificate_code), tuple(reasons))


def _said(rule: str, clause: str, said: Phrase, passed: bool) -> Reason:
    return Reason(rule, clause, str(said), passed, said.template, said.values)


def entry_of(entry: CatalogueEntry) -> SettableEntry:
    label = (f"{entry.row}. {entry.group} · {entry.name}" if entry.row is not None
             else f"{entry.group} · {entry.name}")
    return SettableEntry(entry.code, label, entry.clause, entry.amount_fen, entry.department)


ENTRIES = tuple(entry_of(entry) for entry in CATALOGUE.values())


def settable(code: str) -> SettableEntry | None:
    """Only the 附件1 rows whose amount the source lost (rows 1–19) are set by hand; an entry
    a later version adds always comes with its amount."""
    entry = next((e for e in ENTRIES if e.code == code), None)
    return entry if entry is not None and entry.amount_fen is None else None


def _row(entry: CatalogueEntry) -> Row:
    return Row(entry.code, entry.name, entry.group, entry.clause)


def _rows(chain: Chain) -> dict[str, Row]:
    return {code: _row(e) for code, e in catalogue_of(chain).entries.items()
            if code != OUTSIDE_CATALOGUE}  # a rule (二(三)), never retired


def _retired(chain: Chain) -> dict[str, Row]:
    return {code: _row(gone.entry) for code, gone in catalogue_of(chain).retired.items()}


def _prepare(chain: Chain, draft: Draft, change: EntryChange
             ) -> tuple[EntryChange, dict[str, str]]:
    change = EntryChange(ADD, change.code.strip().upper(), change.clause.strip(),
                         change.name.strip(), change.group.strip(), change.amount_fen,
                         change.department)
    return change, addition_problems(catalogue_of(chain), draft, change)


def _groups(chain: Chain) -> list[str]:
    return sorted({entry.group for entry in catalogue_of(chain).entries.values()})


def named(reason: Reason) -> Phrase:
    """Acceptance records the amount's detail alone: it names its row or clause already."""
    return reason.said


def _addition(values: Mapping[str, object]) -> EntryChange:
    """A catalogue entry as the new document gives it: its amount and reviewing department."""
    amount = values["amount"]
    return replace(coded(values), amount_fen=amount if isinstance(amount, int) else None,
                   department=str(values["department"]))


# 附件1's columns: code, certificate, group, amount, reviewing department, and the clause.
TABLE = TableRules(_rows, _retired, _prepare, _groups,
                   "packs/pengyang/table_addition.html",
                   adds=(*CODED[:3], Added("amount", yuan=True), Added("department"), CODED[3]),
                   addition=_addition)
