"""An organisation's claim for one project it carried out (issue 19 item 3, Huzhou 004 三 6
评价项目开发资助): the project's facts checked by the kind its pack declares
(workflow.domain.projects), the review's conclusion attached, run through the same process as
every claim (the department the pack names → bureau acceptance → public notice → payment) and
paid once, to the organisation's account.

A project is filed once while a claim of it is live: the same organisation and the same
project name hold one key (certificate_slots, unique), also when two filings race.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from workflow.domain import policy, projects
from workflow.domain.access import Actor, Role
from workflow.domain.claims import Stage, Status
from workflow.domain.organisations import LABELS as ORG_LABELS
from workflow.domain.organisations import may_file
from workflow.domain.phrases import Fen, Phrase, Said, joined, phrase, reason_text, to_record
from workflow.domain.projects import ProjectFacts, ProjectKind
from workflow.persistence.files import FileStore
from workflow.persistence.models import Claim, Enterprise, ProjectClaim
from workflow.services import (
    attachments,
    certificate_slots,
    definitions,
    enterprise_accounts,
    instances,
    pack_versions,
    quotes,
)
from workflow.services.claims import new_reference
from workflow.services.errors import ForbiddenError, InvalidInputError
from workflow.services.roster_rows import ENTERPRISE as PAYEE
from workflow.services.runtime import Runtime

TARGET_GROUP = "organisation"  # the claim's group: an organisation files for its project
FILED_ONCE = reason_text("this organisation has already filed this project: a project is paid "
                         "once (004 三 6 每个项目)")
NO_REVIEW = reason_text("attach the review's conclusion (评审结论): the project is funded once it "
                        "passes review (004 三 6 开发成果经评审符合资助条件)")


@dataclass(frozen=True)
class ProjectFiling:
    kind: str
    facts: ProjectFacts
    review_scan: attachments.Upload | None  # the review's conclusion (PDF, JPEG or PNG)
    offered: tuple[str, ...] | None = None  # the packs the deployment offers; None: all


def kinds_offered(offered: Sequence[str] | None, org_type: str | None = None
                  ) -> list[ProjectKind]:
    return [k for k in policy.PROJECT_KINDS.values()
            if (offered is None or k.pack_id in offered)
            and (org_type is None or may_file(org_type, k.filers))]


def kind_of(kind: str, offered: Sequence[str] | None = None) -> ProjectKind:
    found = policy.PROJECT_KINDS.get(kind)
    if found is None or (offered is not None and found.pack_id not in offered):
        raise InvalidInputError({"project_kind": Said(phrase("no such kind of project"))})
    return found


def _problems(session: Session, organisation: Enterprise, kind: ProjectKind,
              filing: ProjectFiling, filed_on: date) -> dict[str, str]:
    errors: dict[str, str] = {k: Said(p) for k, p in kind.problems(filing.facts,
                                                                   filed_on).items()}
    if not filing.facts.project_name.strip():
        errors["project_name"] = Said(phrase("the project's name is required"))
    elif certificate_slots.taken(session, [_slot(kind, organisation, filing)]):
        errors["project_name"] = FILED_ONCE
    if filing.review_scan is None or not filing.review_scan.data:
        errors["review_scan"] = NO_REVIEW
    return errors


def _slot(kind: ProjectKind, organisation: Enterprise, filing: ProjectFiling) -> str:
    return projects.slot(kind, organisation.id, filing.facts.project_name)


def _claim(organisation: Enterprise, kind: ProjectKind, facts: ProjectFacts, reference: str,
           definition_id: int, now: datetime) -> Claim:
    """The claim as every claim is kept: the organisation in the person's place (its credit
    code in the ID number's), the project as the certificate, the organisation's account."""
    return Claim(reference=reference, applicant_id=organisation.user_id,
                 definition_id=definition_id, status=Status.IN_PROGRESS,
                 stage=Stage.TOWNSHIP_REVIEW, submitted_at=now, full_name=organisation.name,
                 id_number=organisation.credit_code, phone=organisation.phone, township="",
                 target_group=TARGET_GROUP, certificate_code="",
                 certificate_name=" ".join(facts.project_name.split())[:128],
                 certificate_number=reference, certificate_level="",
                 certificate_issued_on=facts.reviewed_on,
                 certificate_issuer=organisation.name[:128],
                 bank_name=organisation.bank_name, account_number=organisation.account_number,
                 account_holder=organisation.account_holder, policy_pack=kind.pack_id,
                 subsidy_kind=kind.kind, industry=facts.industry, payee_kind=PAYEE)


def file_project(session: Session, runtime: Runtime, files: FileStore, actor: Actor,
                 filing: ProjectFiling, max_bytes: int) -> Claim:
    """File the organisation's claim for its project, or refuse it with every problem by
    field (InvalidInputError)."""
    if actor.role != Role.ENTERPRISE:
        raise ForbiddenError(reason_text("only organisations file project claims"))
    organisation = enterprise_accounts.of_actor(session, actor)
    kind = kind_of(filing.kind, filing.offered)
    if not may_file(organisation.org_type, kind.filers):
        raise InvalidInputError({"project_kind": Said(phrase(
            "%(kind)s is filed by: %(filers)s (%(clause)s)", kind=Phrase(kind.title),
            filers=joined([Phrase(ORG_LABELS[f]) for f in kind.filers]), clause=kind.clause))})
    now = runtime.clock()
    errors = _problems(session, organisation, kind, filing, pack_versions.county_date(now))
    if errors:
        raise InvalidInputError(errors)
    assert filing.review_scan is not None
    definition = definitions.current(session)
    spec = definitions.parsed(session, runtime, definition.id)
    reference = new_reference(now)
    with instances.advancing(reference):
        instance = runtime.engine.start(spec, {
            "township": "", "certificate_code": "", "certificate_level": "",
            policy.filing.LISTED_DEPARTMENT: kind.department_of(filing.facts)})
    claim = _claim(organisation, kind, filing.facts, reference, definition.id, now)
    session.add(claim)
    instances.save(session, runtime, claim, instance, now)
    try:
        with session.begin_nested():  # two filings of one project at once: one is refused
            session.add(ProjectClaim(claim_id=claim.id, **asdict(filing.facts)))
            certificate_slots.hold(session, claim.id, [_slot(kind, organisation, filing)])
            session.flush()
    except IntegrityError:
        raise InvalidInputError({"project_name": FILED_ONCE}) from None
    attachments.store(session, files, actor, filing.review_scan, now, max_bytes,
                      claim_id=claim.id)
    instances.audit(session, claim, actor, "submitted", now, stage=claim.stage,
                    changes={"project_kind": kind.kind})
    return claim


def project_of(session: Session, claim: Claim) -> ProjectClaim | None:
    return session.scalar(select(ProjectClaim).where(ProjectClaim.claim_id == claim.id))


def shown(session: Session, claim: Claim) -> dict[str, Any] | None:
    """The project of an organisation's claim as its pages and the API show it."""
    project = project_of(session, claim)
    if project is None:
        return None
    return {"project_name": project.project_name, "project_type": project.project_type,
            "industry": project.industry, "reviewed_on": project.reviewed_on.isoformat(),
            "requested_fen": project.requested_fen}


def fix_amount(session: Session, claim: Claim, now: datetime) -> None:
    """Bureau acceptance fixes the amount: the least of what was asked, the standard an
    administrator set (the source gives only the ceiling) and the ceiling (004 三 6 每个项目最高
    5万元); refused with why while the standard is not configured."""
    kind = kind_of(claim.subsidy_kind or "")
    project = project_of(session, claim)
    assert project is not None
    version = pack_versions.pack_on(session, kind.pack_id,
                                    pack_versions.county_date(now)).version
    set_fen = dict(quotes.set_amounts(session, kind.pack_id, version)).get(kind.entry)
    price = projects.price(kind, project.requested_fen, set_fen)
    if price.amount_fen is None:
        raise InvalidInputError({"decision": Said(phrase(
            "the amount of %(kind)s is not configured: %(clause)s gives only the ceiling of "
            "%(cap)s fen per project (an administrator sets the standard as entry %(entry)s)",
            kind=Phrase(kind.title), clause=kind.clause, cap=Fen(kind.cap_fen),
            entry=kind.entry))})
    rule = phrase("%(kind)s: %(amount)s fen to the organisation, the least of %(requested)s "
                  "fen asked, the standard set and %(cap)s fen per project (%(clause)s)",
                  kind=Phrase(kind.title), amount=Fen(price.amount_fen),
                  requested=Fen(project.requested_fen), cap=Fen(kind.cap_fen),
                  clause=kind.clause)
    claim.amount_fen = price.amount_fen
    claim.amount_rule, claim.amount_rule_phrase = str(rule), to_record(rule)
    claim.policy_version = version
    claim.accepted_at = now
