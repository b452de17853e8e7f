"""The shapes every policy pack shares: what is asked, what is answered, and why."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Protocol

from workflow.domain.phrases import Phrase, Said, joined, phrase
from workflow.domain.policy.tables import TableRules
from workflow.domain.projects import ProjectKind
from workflow.domain.rosters import RosterKind
from workflow.domain.versions import PackVersion


@dataclass(frozen=True)
class Reason:
    rule: str  # a short name: catalogue_amount, cap, plan_period, ...
    clause: str  # the source: file name and clause
    detail: str  # what was found, with the inputs that decided it (English, as the API gives it)
    passed: bool = True
    # The detail as a catalogue message and its values (detail == template % values), so a
    # page can say it in the reader's language (workflow.domain.phrases); "" for a detail
    # already in Chinese (a group's name).
    template: str = field(default="", compare=False, repr=False)
    values: tuple[tuple[str, Any], ...] = field(default=(), compare=False, repr=False)

    @property
    def said(self) -> Phrase:
        """The detail as a phrase (a detail already in Chinese stands for itself)."""
        return Phrase(self.template, self.values) if self.template else Phrase(self.detail)

    def cited(self) -> Phrase:
        """"detail (clause)", as refusals quote a reason."""
        return phrase("%(detail)s (%(clause)s)", detail=self.said, clause=self.clause)


def because(rule: str, clause: str, template: str, passed: bool = True, **values: Any) -> Reason:
    """A reason whose detail is `template % values` (workflow.domain.phrases: the template is
    a literal at each call, extracted into the catalogues)."""
    detail = template % values if values else template
    return Reason(rule, clause, detail, passed, template, tuple(values.items()))


def refusal(reasons: Sequence[Reason]) -> Said:
    """Why acceptance refuses a claim: "cannot accept: <detail> (<clause>); ...", each part
    translatable on a page."""
    return Said(phrase("cannot accept: %(reasons)s",
                       reasons=joined([r.cited() for r in reasons])))


def uplift(base_fen: int, percent: int) -> int:
    """base + percent%, rounded half up to the fen: the one rounding rule for every uplift."""
    return (base_fen * (100 + percent) + 50) // 100


@dataclass(frozen=True)
class EarlierSubsidy:
    """A subsidy of the same person under the same pack, accepted or paid (caps count these)."""

    year: int  # the year it was accepted
    kind: str
    occupation: str  # the occupation's name (or code where no name was given)
    level: str


@dataclass(frozen=True)
class QuoteRequest:
    township: str
    target_group: str
    certificate_code: str
    certificate_level: str
    certificate_issued_on: date
    today: date
    id_number: str = ""
    accepted_before: int = 0  # claims of this person accepted or paid (not filed, not rejected)
    set_amounts: tuple[tuple[str, int], ...] = ()  # amounts the source lost, set by an admin
    kind: str = "certificate"  # or directed_training, apprenticeship (where a pack has them)
    occupation_code: str = ""  # national occupation code, for shortage lists (e.g. 4-10-01-02)
    years: int = 1  # apprenticeship years asked for
    occupation_name: str = ""  # as printed in a pack's catalogue (Lanzhou 附件2 lists names)
    class_hours: int | None = None  # hours of 45 minutes trained (Lanzhou 四(一) minimums)
    course: str = ""  # entrepreneurship course: GYB, SYB, IYB, EYB, online, practice
    training_certificate_number: str = ""  # 培训合格证书号 (Lanzhou 附件4 number ranges)
    service_centre: str = ""  # the centre that ran the training, where a pack has centres
    fee_fen: int | None = None  # evaluation fee paid (Lanzhou 四(三): subsidy up to 300 yuan)
    history: tuple[EarlierSubsidy, ...] = ()  # this person's accepted or paid subsidies
    # Lanzhou New Area (000 附件2 备注2, 备注5; 001 四): None where not said.
    front_line_post: bool | None = None  # works in a front-line post of the occupation
    declaration_met: bool | None = None  # meets the conditions to declare for the level
    by_training: bool | None = None  # obtained the certificate through training
    skill_certificate: str = ""  # the kind of skill certificate obtained
    employed: bool | None = None  # employed after the training
    project_based: bool | None = None  # project-based training (项目化培训)
    award_level: str = ""  # the award won at a national skills competition
    # Where the person works (Huzhou 一 2, 一 3, 二 5): the listed industry, the employer and
    # the first day of employment or of the labour relation.
    industry: str = ""
    employer: str = ""
    employed_on: date | None = None


@dataclass(frozen=True)
class Installment:
    amount_fen: int
    # When it is paid, in the source's words: a phrase, so the claim's record keeps the
    # message and its values (workflow.domain.installments) and a page says it in Chinese.
    condition: Phrase
    clause: str
    # A later installment is confirmed no earlier than this many months after the start of
    # employment or apprenticeship (workflow.domain.installments); 0 for the first.
    months_after_start: int = 0


@dataclass(frozen=True)
class Quote:
    pack_id: str
    pack_version: int
    eligible: bool
    amount_fen: int | None  # None: not configured (the source lost the amount)
    department: str | None
    reasons: tuple[Reason, ...] = field(default_factory=tuple)
    installments: tuple[Installment, ...] = field(default_factory=tuple)

    @property
    def configured(self) -> bool:
        return self.amount_fen is not None

    def problems(self) -> list[Reason]:
        return [r for r in self.reasons if not r.passed]

    @property
    def awaits_amount(self) -> bool:
        """Nothing stops the claim but an amount the source lost: it waits at the bureau's
        acceptance until an administrator sets it (README: amounts not configured)."""
        refused = self.problems()
        return not self.configured and bool(refused) and all(r.rule == "amount"
                                                              for r in refused)

    def as_data(self) -> dict[str, Any]:
        data = asdict(self)
        for reason in data["reasons"]:  # the API gives the English detail, as it always has
            del reason["template"], reason["values"]
        for installment, given in zip(data["installments"], self.installments, strict=True):
            installment["condition"] = str(given.condition)  # the English, as always
        data["configured"] = self.configured
        return data


@dataclass(frozen=True)
class SettableEntry:
    """An entry of a pack's table: its amount from the source, or None where the source lost
    it and an administrator must set it from the printed document."""

    code: str
    label: str
    clause: str
    amount_fen: int | None = None
    department: str | None = None  # who reviews claims of it, where the table names one


def _nothing_settable(code: str) -> SettableEntry | None:
    return None


def _no_certificate_slot(kind: str | None, certificate_number: str) -> str | None:
    return None


def _by_certificate(kind: str | None, code: str, name: str) -> str | None:
    """A certificate claim is priced by its own code's entry (claims from before kinds were
    recorded are certificate claims); other kinds by amounts the document gives."""
    return code if kind in (None, "", "certificate") else None


class FiledFacts(Protocol):
    """A claim as filed, being filed or stored (the service's ClaimInput, the ORM's Claim): what
    a pack reads of it."""

    @property
    def id_number(self) -> str: ...
    @property
    def township(self) -> str: ...
    @property
    def target_group(self) -> str: ...
    @property
    def certificate_code(self) -> str: ...
    @property
    def certificate_name(self) -> str: ...
    @property
    def certificate_number(self) -> str: ...
    @property
    def certificate_level(self) -> str: ...
    @property
    def certificate_issued_on(self) -> date: ...
    @property
    def subsidy_kind(self) -> str | None: ...
    @property
    def class_hours(self) -> int | None: ...
    @property
    def course(self) -> str | None: ...
    @property
    def fee_fen(self) -> int | None: ...
    @property
    def years(self) -> int | None: ...
    # Lanzhou New Area's facts of some kinds (lanzhou.filing.FACTS).
    @property
    def front_line_post(self) -> bool | None: ...
    @property
    def declaration_met(self) -> bool | None: ...
    @property
    def by_training(self) -> bool | None: ...
    @property
    def skill_certificate(self) -> str | None: ...
    @property
    def employed(self) -> bool | None: ...
    @property
    def project_based(self) -> bool | None: ...
    @property
    def award_level(self) -> str | None: ...
    @property
    def industry(self) -> str | None: ...
    @property
    def employer(self) -> str | None: ...
    @property
    def employed_on(self) -> date | None: ...


@dataclass(frozen=True)
class Finding:
    """One of the reviewer's automatic checks that only the pack can make (where the claimant
    belongs: Pengyang's household registration, another pack's facts)."""

    name: str
    passed: bool
    detail: str  # a Said where it can be said in the reader's language


# Why a filing is refused, per field: (the claim, today, the day it is or was filed, its quote
# under the pack in force that day, asked only if the pack needs it) -> field -> message.
FilingCheck = Callable[[FiledFacts, date, date, Callable[[], Quote]], dict[str, str]]


@dataclass(frozen=True)
class Filing:
    """How a claim under the pack is filed, checked, recorded and started.

    The form: `template` is the part of the claim form that asks the pack's facts (web/pages
    loads it as packs/<pack>/<file>), read by the input schema named by `facts` ("certificate":
    a catalogue certificate of a township resident; "subsidy_kind": a kind of subsidy and the
    facts that kind needs, `required`); `optional` fields may be left empty on the form.
    """

    template: str
    facts: str
    groups: tuple[str, ...]  # the target groups the pack names
    problems: FilingCheck
    # The fields the claim records instead of those given (e.g. the table's code of an
    # occupation given by name); {} to record them as given.
    recorded: Callable[[FiledFacts], dict[str, Any]]
    # What the process reads (township and the routing table's inputs; see bpmn/).
    workflow_data: Callable[[FiledFacts], dict[str, Any]]
    # The claim's facts as the pack's quote asks them (QuoteRequest's fields beyond the common).
    quote_facts: Callable[[FiledFacts], dict[str, Any]]
    # Who reviews first: the township of household registration (Pengyang 003 三(三)), or the
    # HR bureau's own reviewers where the documents name no township step.
    township_review: bool = True
    kinds: tuple[str, ...] = ()  # the kinds of subsidy, where the pack has several
    required: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # kind -> facts
    optional: tuple[str, ...] = ()
    quote_needs: tuple[str, ...] = ()  # facts a quote under the pack cannot do without
    courses: Mapping[str, str] = field(default_factory=dict)  # course code -> as printed
    # Kind of certificate (a kind of subsidy, or "certificate" where the pack has no kinds) ->
    # the kinds of scan a claim of it must carry (workflow.domain.policy.scans).
    scans: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # The claim's columns only this pack's kinds fill (the API's claim detail gives them).
    columns: tuple[str, ...] = ()
    # The industries the pack's source lists (code -> as it prints them), where a kind asks one.
    industries: Mapping[str, str] = field(default_factory=dict)

    def required_scans(self, kind: str | None) -> tuple[str, ...]:
        """The scans a claim of this kind of certificate must carry."""
        return self.scans.get(kind or "certificate", ())


def _cited(reason: Reason) -> Phrase:
    return reason.cited()


@dataclass(frozen=True)
class Certificates:
    """The certificates a pack's claim form lists, by the pack's versions (Pengyang's catalogue,
    003 附件1, then the certificates outside it): what a claim filed under versions 1..n may
    name, and every code listed up to n (a retired code still names the claims filed on it)."""

    in_force: Callable[[Sequence[PackVersion]], Mapping[str, str]]
    ever: Callable[[Sequence[PackVersion]], Mapping[str, str]]


@dataclass(frozen=True)
class PolicyPack:
    """One issuing authority's rules for a period, and everything services and pages ask of
    them (workflow.domain.policy.pack(pack_id)); the pack's package builds it."""

    pack_id: str
    version: int
    authority: str
    source: str  # the document the pack follows
    valid_from: date
    valid_to: date
    max_per_person: int | None  # None: the document sets no cap
    quote: Callable[[QuoteRequest], Quote]
    filing: Filing
    # The reviewer's check of where the claimant belongs, from the claim and its quote.
    screen: Callable[[FiledFacts, Quote], Finding]
    entries: tuple[SettableEntry, ...] = ()  # the table an administrator reads
    # The entry an administrator may set for this code, or None (the source gives it, or no
    # such entry); wider than `entries` where a pack prices any code (Huzhou's bases).
    settable: Callable[[str], SettableEntry | None] = _nothing_settable
    open_codes: bool = False  # an administrator may set the amount of a code not in `entries`
    # The entry whose amount prices a claim of this kind, code and occupation name as filed
    # (None: an amount the document gives), in this version's tables: which claims an amount
    # an administrator sets reaches (workflow.services.amount_impact).
    priced_by: Callable[[str | None, str, str], str | None] = _by_certificate
    # The pack as in force in the last of versions 1..n; None: its tables are not revised by
    # version (only version 1, the source document, exists).
    revise: Callable[[Sequence[PackVersion]], PolicyPack] | None = None
    table: TableRules | None = None  # how an administrator reads and revises its table
    # The amount's rule as acceptance records it: the detail with its clause, unless the
    # detail names its source already.
    accepted_rule: Callable[[Reason], Phrase] = _cited
    # Before a later installment is confirmed: the rule that may stop it, from the person's
    # accepted or paid subsidies and the day (None: nothing beyond the condition).
    confirmation: Callable[[tuple[EarlierSubsidy, ...], date], Reason] | None = None
    # The pack as pages name it (a phrase: scripts/i18n.sh extracts it, a page says it in the
    # reader's language); every pack gives one (tests/unit/test_pack_seams.py).
    name: Phrase = Phrase("")
    # What the pack pays an enterprise per worker of a roster (workflow.domain.rosters).
    rosters: tuple[RosterKind, ...] = ()
    # The certificates its form lists by code (None: its claims name a certificate in words).
    certificates: Certificates | None = None
    # The key of the certificate a person's claim of this kind is paid for once, shared with
    # the roster kinds that pay the same certificate to an organisation (RosterKind's
    # certificate_slot; Huzhou 004 一 2); None: the kind shares nothing.
    certificate_slot: Callable[[str | None, str], str | None] = _no_certificate_slot
    # What the pack pays an organisation per project it carried out (workflow.domain.projects).
    projects: tuple[ProjectKind, ...] = ()
