"""Words shown for codes (stages, statuses, decisions, roles), in the user's language."""

from __future__ import annotations

import re
from datetime import date, datetime

from flask_babel import lazy_gettext as _l

from workflow.domain.claims import TARGET_GROUPS
from workflow.domain.departments import DEPARTMENTS
from workflow.domain.numerals import format_yuan
from workflow.domain.policy import COURSES as PACK_COURSES
from workflow.domain.policy import INDUSTRIES as PACK_INDUSTRIES
from workflow.domain.policy import PACKS
from workflow.domain.townships import TOWNSHIPS
from workflow.domain.workdays import COUNTY_TIME

STAGES = {
    "township_review": _l("Township identity review"),
    "department_review": _l("Department certificate review"),
    "correction": _l("Correction by the applicant"),
    "bureau_acceptance": _l("Bureau acceptance"),
    "notice": _l("Public notice"),
    "objection_review": _l("Objection review"),
    "payment": _l("Payment"),
    "account_correction": _l("Bank account correction"),
    "installment_condition": _l("Next installment's condition"),
    "closed": _l("Closed"),
}
# Every place a claim can be, for reports: the stages, waiting for a notice, how it ended.
STAGE_NAMES = {**STAGES, "awaiting_notice": _l("Awaiting public notice"), "paid": _l("Paid"),
               "rejected": _l("Rejected"), "withdrawn": _l("Withdrawn")}
STATUSES = {"in_progress": _l("In progress"), "paid": _l("Paid"), "rejected": _l("Rejected"),
            "withdrawn": _l("Withdrawn")}
DECISIONS = {"approve": _l("Approve"), "return": _l("Return for correction"),
             "reject": _l("Reject"), "uphold": _l("Uphold the objection (reject the claim)"),
             "dismiss": _l("Dismiss the objection"), "paid": _l("Paid"),
             "failed": _l("Payment failed"), "resubmit": _l("Resubmit"),
             "confirm": _l("Condition met: publish and pay the next installment"),
             "lapse": _l("Condition not met: the remaining installments lapse"),
             "schedule": _l("Not yet due: record the start, confirm when due")}
ACTIONS = {"submitted": _l("Claim submitted"), "decided": _l("Decision"),
           "withdrawn": _l("Withdrawn by the applicant"), "objection": _l("Objection received"),
           "timer_fired": _l("Public notice ended"),
           "published": _l("Listed on a public notice"),
           "late_objection": _l("Objection received after the notice ended"),
           "migrated": _l("Moved to a newer process version"),
           "routed": _l("Sent back for review"),
           "taken_over": _l("Taken over from another reviewer"),
           "payee_account_changed": _l("The enterprise changed the account it is paid to"),
           "struck": _l("Worker struck out of the roster")}


def timeline_action(action: str, decision: str | None) -> str:
    """A step of the timeline by what it did: a resubmission says so, not "Decision"."""
    if action == "decided" and decision == "resubmit":
        return str(_l("Corrected and resubmitted"))
    return str(ACTIONS.get(action, action))


ROLES = {"applicant": _l("Applicant"), "township_reviewer": _l("Township reviewer"),
         "department_reviewer": _l("Department reviewer"), "bureau_officer": _l("Bureau officer"),
         "finance_officer": _l("Finance officer"), "administrator": _l("Administrator"),
         "enterprise": _l("Enterprise"), "public": _l("Public"), "system": _l("System")}
NEXT_STEP = {
    "township_review": _l("The township checks the applicant's identity."),
    "department_review": _l("The industry department checks the certificate."),
    "correction": _l("The applicant corrects the claim and resubmits it."),
    "bureau_acceptance": _l("The HR bureau accepts the claim and fixes the amount."),
    "notice": _l("The claim is on public notice; anyone may object until it ends."),
    "objection_review": _l("The HR bureau decides on an objection."),
    "payment": _l("Finance pays the subsidy to the applicant's own account."),
    "account_correction": _l("The payment failed: the applicant corrects the bank account."),
    "installment_condition": _l("The HR bureau confirms the condition of the next installment "
                                "(still employed, or the next apprenticeship year)."),
    "closed": _l("Nothing: the claim is closed."),
}
# Why a stage has no expected date (workflow.domain.time_limits).
UNKNOWN_DUE = {"not_configured": _l("not configured"),
               "calendar": _l("the statutory holiday calendar of that year is not entered yet"),
               "your_turn": _l("waiting for your correction"),
               "held": _l("on hold: you will be told")}
# Official names stay in Chinese in every language: they are what the documents say.
TOWNSHIPS_BY_CODE = dict(TOWNSHIPS)
DEPARTMENTS_BY_CODE = dict(DEPARTMENTS)
# Whom a claim pays (Claim.payee_kind): the person who filed it, or an enterprise for its roster.
PAYEE_KINDS = {"applicant": _l("Person"), "enterprise": _l("Enterprise")}
PENGYANG_GROUPS = dict(TARGET_GROUPS)  # 003 二(三): the claim form of Pengyang offers these
# Pengyang's groups, and the ones only another pack names (Huzhou 2, Lanzhou 二(三)).
TARGET_GROUPS_BY_CODE = {**TARGET_GROUPS, "poverty_watch": "返贫监测对象",
                         "entrepreneur": "创业者、返乡创业人员、小微企业家等",
                         "other": "其他需求人群"}


def yuan(fen: int | None) -> str:
    """Integer fen as yuan with two decimals and thousands separators; nothing for None."""
    return "" if fen is None else format_yuan(fen)


def local_time(value: datetime | date | None) -> str:
    """County time (Asia/Shanghai), minutes precision; dates as they are."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.astimezone(COUNTY_TIME).strftime("%Y-%m-%d %H:%M")
    return value.isoformat()

FIELD_NAMES = {
    "full_name": _l("Name"), "id_number": _l("ID number"), "phone": _l("Mobile phone"),
    "township": _l("Township of household registration"), "target_group": _l("Target group"),
    "certificate_code": _l("Certificate"), "certificate_name": _l("Certificate name"),
    "certificate_number": _l("Certificate number"), "certificate_level": _l("Skill level"),
    "certificate_issued_on": _l("Date of issue"), "certificate_issuer": _l("Issued by"),
    "bank_name": _l("Bank"), "account_number": _l("Account number"),
    "account_holder": _l("Account holder"), "username": _l("Username"),
    "password": _l("Password"), "decision": _l("Decision"), "comment": _l("Reason or comment"),
    "strikes": _l("Workers to strike out"), "strike": _l("Workers to strike out"),
    "reference": _l("Claim number"), "reason": _l("Reason"), "contact": _l("Contact"),
    "role": _l("Role"), "scope": _l("Scope"), "version": _l("Version"),
    "changes": _l("Corrections"),
    "attachment_certificate_scan": _l("Certificate scan"), "attachment_id_card": _l("ID card"),
    "note": _l("Change note"), "draft": _l("Draft"), "files": _l("Files"), "file": _l("File"),
    "old": _l("Versions"),
    "started_on": _l("Employment or apprenticeship started on"),
    # The administrator's policy forms (web/pages/policy_admin.py).
    "add_code": _l("Code"), "add_name": _l("Certificate name"),
    "add_group": _l("Group"), "add_amount": _l("Amount (yuan)"),
    "add_department": _l("Reviewing department"), "add_clause": _l("Source clause"),
    "add_pack": _l("Policy pack"), "retire_code": _l("Entry to retire"),
    "retire_clause": _l("Source clause"), "retire_pack": _l("Policy pack"),
    "schedule_effective_from": _l("In force from"), "schedule_note": _l("Note"),
    "schedule_pack": _l("Policy pack"), "add_list": _l("List"),
    # A claim under another pack than Pengyang's.
    "policy_pack": _l("Policy pack"), "subsidy_kind": _l("Kind of subsidy"),
    "class_hours": _l("Class hours"), "course": _l("Course"), "fee": _l("Evaluation fee (yuan)"),
    "fee_fen": _l("Evaluation fee (yuan)"), "years": _l("Years of apprenticeship"),
    "front_line_post": _l("Front-line post of the occupation"),
    "declaration_met": _l("Meets the conditions to declare for the level"),
    "by_training": _l("Certificate obtained through training"),
    "skill_certificate": _l("Skill certificate obtained"),
    "employed": _l("Employed after the training"), "project_based": _l("Project-based training"),
    "award_level": _l("Award won"),
    "industry": _l("Industry"), "employer": _l("Employer"),
    "employed_on": _l("Employed from"),
    # A year of the statutory calendar (web/pages/holiday_calendar.py).
    "document_number": _l("Document number of the notice"), "holidays": _l("Days off (放假)"),
    "make_up_days": _l("Make-up working days (调休上班)"), "year": _l("Year"),
    # Passwords: a reset code by SMS, a new password, a reset in person (web/pages/passwords.py).
    "account": _l("Username or mobile number"), "code": _l("Code from the SMS"),
    "current_password": _l("Current password"), "checked": _l("ID card checked in person"),
    # Publishing a notice, objecting to it, finding one (web/pages/publishing.py, public.py).
    "title": _l("Title"), "starts_on": _l("First day"), "working_days": _l("Working days"),
    "contact_office": _l("Office"), "contact_phone": _l("Phone"),
    "contact_address": _l("Address"),
    "corrects": _l("Corrects notice number (only for a correction)"),
    "claim_ids": _l("Claims"), "name": _l("Your name"),
    "row_number": _l("Row number on the notice"), "number": _l("Notice number"),
    "on": _l("On notice on"), "period": _l("Month (2026-11) or year (2026)"),
    # Payments, queues, dashboards, the policy and process pages.
    "results": _l("The bank's result file (xlsx or CSV: reference, status, reason)"),
    "from": _l("From"), "to": _l("To"), "q": _l("Name or claim number"), "stage": _l("Stage"),
    "sort": _l("Order"), "pack": _l("Policy pack"), "amount": _l("Amount (yuan)"),
    "entry_code": _l("Occupation code"), "first_year": _l("Year"),
    "value": _l("Target value"), "kind": _l("Kind"), "active": _l("Active: may log in"),
    "revision": _l("Version"), "target": _l("To version"), "xml": _l("XML source"),
    "definition_id": _l("Version"), "new": _l("To version"),
    # The workbench, its reasons page, the messages page.
    "reasons": _l("Reasons"), "text": _l("Reason"), "limit": _l("Per page"),
    "page": _l("Page"), "ids": _l("Messages"),
}
# What a message to an applicant is about (workflow.domain.milestones and the services).
MESSAGE_KINDS = {
    "returned": _l("Returned for correction"), "rejected": _l("Rejected"),
    "approved": _l("Review passed"), "accepted": _l("Accepted"),
    "published": _l("On public notice"), "objection": _l("Objection received"),
    "objection_upheld": _l("Objection upheld"), "objection_dismissed": _l("Objection dismissed"),
    "paid": _l("Paid"), "failed": _l("Payment failed"),
    "installment_confirmed": _l("Installment confirmed"),
    "installment_scheduled": _l("Installment start recorded"),
    "installment_lapsed": _l("Installments lapsed"),
    "registration_attempt": _l("Your account"), "password_reset": _l("Your account"),
}
# What became of a message's SMS (workflow.domain.sms.Status).
SMS_STATES = {
    "pending": _l("SMS waiting to be sent"), "sending": _l("SMS being sent"),
    "sent": _l("SMS sent"), "failed": _l("SMS could not be sent"),
    "expired": _l("SMS not sent in time"), "off": _l("No SMS (not configured)"),
}
# Form fields that carry no input of the user's (never named in an error list).
UNLABELLED_FIELDS = frozenset({"csrf_token", "lang", "form", "action", "viewport", "task_id",
                               "take_over", "seen", "unpriced_ok", "kept", "kept_name"})
# An enterprise's fields (issue 19 item 3).
FIELD_NAMES |= {"credit_code": _l("Unified social credit code"),
                "roster_kind": _l("Kind of subsidy"), "sheet": _l("Roster (xlsx)"),
                "attested": _l("The enterprise's confirmation"), "roster": _l("Roster"),
                "workers": _l("Workers"), "follows": _l("Follows claim"),
                "org_type": _l("The organisation is"), "project_kind": _l("Project"),
                "project_name": _l("Project name"), "project_type": _l("Type of project"),
                "requested_yuan": _l("Amount requested (yuan)"),
                "review_scan": _l("The review's conclusion (PDF, JPEG or PNG)"),
                "reviewed_on": _l("Day the review concluded")}


def field_name(name: str) -> str:
    """A form field as its page labels it; never the raw name (an unknown one: "This form")."""
    found = FIELD_NAMES.get(name)
    if found is None and name.startswith("strike_") and name[7:].isdigit():
        return str(_l("Row %(row)s to strike out", row=name[7:]))  # roster_strikes.row_field
    return str(found) if found is not None else str(_l("This form"))


# Kinds of subsidy of the packs that pay several (each pack's Filing.kinds).
SUBSIDY_KINDS = {
    "employment_skills": _l("Employment-skills training (兰州新区 二(一))"),
    "job_skills": _l("Job-skills training for enterprise employees (兰州新区 二(二))"),
    "entrepreneurship": _l("Entrepreneurship training (兰州新区 二(三))"),
    "apprenticeship": _l("New-style apprenticeship"),
    "evaluation": _l("First skill evaluation: the fee, at most 300 yuan (兰州新区 四(三))"),
    "special_ability": _l("Special-ability assessment, 100 yuan (兰州新区 四(三))"),
    "technician_reward": _l("One-off reward for a new technician or senior technician"),
    "technician_training": _l("Technician training for enterprise employees (兰州新区 附件2 "
                              "备注2; amount not configured)"),
    "competition_reward": _l("Reward for a national skills competition winner (兰州新区 "
                             "技能人才高地 四; amount not configured)"),
    "living_allowance": _l("Living allowance for high-skill or shortage-occupation training "
                           "(甘肃省 二(五); amount not configured)"),
    "certificate": _l("Skill-upgrade subsidy for a shortage occupation (湖州 1)"),
    "directed_training": _l("Employer-directed training, 800 yuan in two halves (湖州 4)"),
    "special_ability_training": _l("Training subsidy for a special-ability certificate "
                                   "(湖州 一 2)"),
    "care_post": _l("Post allowance: a certificate and a post in elderly care, e-commerce or "
                    "childcare (湖州 一 3)"),
    "staff_training": _l("An employer's training of its own staff (湖州 二 5)"),
}
COURSES = dict(PACK_COURSES)  # as the packs print them (Lanzhou 附件2 创业培训)
INDUSTRIES = dict(PACK_INDUSTRIES)  # as the packs print them (Huzhou 004's preamble)
# Each pack names itself (PolicyPack.name, a phrase without values: its words are the message).
PACK_NAMES = {pack_id: _l(pack.name.template) for pack_id, pack in PACKS.items()}
INSTALLMENT_STATES = {"accepted": _l("accepted, paid with this claim"),
                      "awaiting_condition": _l("waits for its condition"),
                      "confirmed": _l("condition confirmed, in notice and payment"),
                      "paid": _l("paid"), "lapsed": _l("lapsed, not paid")}
LEVELS = {"": _l("No level"), "junior": _l("Junior worker (level 5)"),
          "intermediate": _l("Intermediate worker (level 4)"),
          "senior_worker": _l("Senior worker (level 3)"),
          "technician": _l("Technician (level 2)"),
          "senior_technician": _l("Senior technician (level 1)")}
# Lanzhou New Area's facts of some kinds (lanzhou.filing): a fact said yes or no, the skill
# certificates 附件2 备注5 pays on, the awards of a national skills competition (001 四).
YES_NO = {"true": _l("Yes"), "false": _l("No")}
SKILL_CERTIFICATES = {
    "skill_level": _l("Vocational skill level certificate (职业技能等级证书)"),
    "special_ability": _l("Special-ability certificate (专项能力证书)"),
    "special_operation": _l("Special operations certificate (特种作业证书)"),
    "special_equipment": _l("Special equipment operator certificate (特种设备操作证书)"),
    "none": _l("None of these: the training certificate only")}
AWARDS = {"gold": _l("Gold (金牌)"), "silver": _l("Silver (银牌)"), "bronze": _l("Bronze (铜牌)"),
          "merit": _l("Merit award (优胜奖)")}
CHECKS = {"id_valid": _l("ID number valid (GB 11643)"),
          "id_region": _l("ID number's region code in use in the birth year"),
          "account_shared": _l("Bank account on no other person's claim"),
          "household_in_county": _l("Household registered in the county"),
          "earlier_claims": _l("No other live claim of this person"),
          "credit_code_valid": _l("Valid unified social credit code"),
          "workers_valid": _l("Every worker's ID number is valid"),
          "certificate_unique": _l("Certificate number not claimed elsewhere"),
          "account_luhn": _l("Bank card number passes its check digit"),
          "account_unchanged": _l("Account paid to is the one the claim was filed with"),
          "cap": _l("Within the subsidies allowed per person"),
          "pack_facts": _l("Facts the policy pack requires")}
ATTACHMENT_KINDS = {"certificate_scan": _l("Certificate scan"), "id_card": _l("ID card"),
                    "other": _l("Other")}
BATCH_STATUSES = {"created": _l("Created, awaiting approval"), "approved": _l("Approved"),
                  "exported": _l("Exported to the bank")}
ELEMENT_CATEGORIES = {"task": _l("Tasks"), "event": _l("Events"), "gateway": _l("Gateways"),
                      "flow": _l("Flows"), "lane": _l("Lanes"), "decision": _l("Decisions"),
                      "rule": _l("Decision rules")}
CHANGE_KINDS = {"added": _l("added"), "removed": _l("removed"), "changed": _l("changed")}
STAGE_BAR = {"submitted": _l("Filed"), "review": _l("Township and department review"),
             "acceptance": _l("Bureau acceptance"), "notice": _l("Public notice"),
             "payment": _l("Payment"), "paid": _l("Paid to your account")}
STEP_STATES = {"done": _l("done"), "current": _l("now"), "todo": _l("to come"),
               "stopped": _l("stopped here")}
ELEMENT_ATTRIBUTES = {
    "type": _l("type"), "name": _l("name"), "lane": _l("lane"), "form": _l("form"),
    "stage": _l("stage"), "decision": _l("decision"), "operator": _l("service operator"),
    "script": _l("script"), "from": _l("from"), "to": _l("to"), "condition": _l("condition"),
    "timer timeDate": _l("timer (date)"), "timer timeDuration": _l("timer (duration)"),
    "timer timeCycle": _l("timer (cycle)"), "message": _l("message"),
    "message variable": _l("message variable"), "attached to": _l("attached to"),
    "interrupting": _l("interrupting"), "hit policy": _l("hit policy"), "inputs": _l("inputs"),
    "outputs": _l("outputs"), "row": _l("row"), "when": _l("when"), "then": _l("then"),
}
EXPORT_STATUSES = {"queued": _l("Waiting"), "running": _l("Building"), "done": _l("Done"),
                   "failed": _l("Failed"), "withdrawn": _l("Withdrawn")}

# A timeline change of a later installment (services.installments): "installment 2" for its state,
# "installment 2 confirm_from" for the day it can be confirmed.
_INSTALLMENT_CHANGE = re.compile(r"^installment (?P<n>\d+)(?P<day> confirm_from)?$")


def change_name(name: str) -> str:
    """The name of a changed field on the timeline."""
    found = _INSTALLMENT_CHANGE.match(name)
    if found is None:
        return str(FIELD_NAMES.get(name, name))
    if found["day"]:
        return str(_l("Installment %(n)s can be confirmed from", n=found["n"]))
    return str(_l("Installment %(n)s", n=found["n"]))


def change_value(name: str, value: object) -> str:
    """A changed value on the timeline: an installment's state by its name."""
    if _INSTALLMENT_CHANGE.match(name) and isinstance(value, str):
        return str(INSTALLMENT_STATES.get(value, value))
    return "" if value is None else str(value)
