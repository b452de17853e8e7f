"""Fixed messages that services and schemas return, marked here so the catalogues carry them.

Pages show an error through gettext; a message listed here appears translated, anything built
at run time (with a claim number in it, say) appears as the service wrote it.
"""

from __future__ import annotations

import re

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

SERVICE_MESSAGES = (
    _l("Missing data for required field."), _l("Not a valid integer."),
    _l("Not a valid date."), _l("Field may not be null."), _l("Unknown field."),
    _l("Not a valid string."), _l("Must be one of: %(choices)s."),
    _l("not a valid resident ID number (GB 11643)"),
    # workflow.domain.identity with python-stdnum's own words (quotes, checks, imports).
    _l("not a valid resident ID number: The number's checksum or check digit is invalid."),
    _l("not a valid resident ID number: The number has an invalid length."),
    _l("not a valid resident ID number: The number has an invalid format."),
    _l("not a valid resident ID number: One of the parts of the number are invalid or "
       "unknown."),
    # workflow.domain.need_to_know and the scans of workflow.services.attachments.
    _l("this export was built for a role or scope your account no longer holds, or the account "
       "is deactivated: it is withdrawn; ask for a new one"),
    _l("this scan shows the whole ID number: only the reviewer verifying identity opens it, "
       "while that review is open"),
    _l("this scan is for the reviewers of the claim"),
    _l("an 11-digit mobile number"), _l("a bank account number is 12 to 30 digits"),
    _l("a reason is required for this decision"),
    _l("a claim is filed with the applicant's own ID number"),
    _l("your account has no ID number on file; ask the HR bureau to record it before filing"),
    _l("an applicant account needs the holder's ID number"),
    _l("another account already holds this ID number"),
    _l("the ID number on file cannot be changed"),
    _l("the account must be held by the applicant (直补个人)"),
    _l("household registration must be a Pengyang township (彭阳户籍)"),
    _l("not one of the five groups or an eligible enterprise employee"),
    _l("the issue date is in the future"), _l("already taken"),
    _l("give the day employment or the apprenticeship started"),
    _l("the start of employment or apprenticeship cannot be in the future"),
    _l("no installment of this claim waits for its condition"),
    _l("an earlier installment is not paid yet"),
    _l("at least 8 characters"), _l("only 18-digit resident ID numbers are accepted"),
    _l("a township reviewer needs a known township code"),
    _l("a department reviewer needs a known department code"),
    _l("say what the objection is"), _l("this claim is not under public notice"),
    _l("a claim can be withdrawn only before bureau acceptance"),
    _l("this task is no longer open; reload the claim"),
    _l("the claim was changed by someone else; reload it"),
    _l("this task belongs to another role or scope"),
    _l("certificates obtained within the plan period (2026-01-01 to 2028-12-31) only"),
    _l("2 to 64 letters, digits, '.', '_' or '-'"),
    _l("only PDF, JPEG or PNG files are accepted"), _l("the file is empty"),
    _l("the file is larger than 5 MB"), _l("at most 10 attachments"),
    _l("the claim is past review"), _l("you cannot lock yourself out"), _l("unknown role"),
    # services.users: the roles an administrator gives (ASSIGNED_ROLES).
    _l("an enterprise registers itself with its unified social credit code "
       "(/enterprise/register); an administrator does not give this role"),
    _l("an enterprise account keeps its role: its record and claims are the enterprise's"),
    _l("the objection contact must be given (not configured)"),
    _l("between 1 and 30 working days"), _l("a notice cannot start in the past"),
    _l("no published batch has this number"), _l("no accepted claim is waiting for a notice"),
    _l("this notice has no such row"),
    _l("too many objections from this address; try again later"),
    _l("too many registrations from this address; try again later"),
    _l("this certificate is already claimed in another person's application"),
    _l("only the HR bureau publishes notices"), _l("unknown reference"),
    _l("a claim of another batch"), _l("wrong amount"),
    _l("status is neither success nor failure"), _l("choose the bank's result file"),
    _l("the file needs a reference column and a status column"), _l("the file is empty"),
    _l("no claim is due for payment"), _l("only an approved batch can be exported"),
    _l("a batch is approved by another finance officer (four eyes)"),
    _l("this batch is already approved"), _l("results are imported for an exported batch only"),
    _l("no such entry in this pack"), _l("no such policy pack"),
    _l("the source gives this amount; it is not edited"),
    _l("between 0.01 and 100000.00 yuan"), _l("say where the amount comes from"),
    _l("an amount in yuan, e.g. 1500 or 1500.00"),
    _l("unknown certificate; use 'other' outside the catalogue"),
    _l("a certificate code from the catalogue, e.g. PY-22"),
    _l("2 to 16 capital letters, digits or '-', e.g. PY-34"),
    _l("this code is or was in the catalogue; a new entry needs a new code"),
    _l("choose the reviewing department"), _l("this entry is already retired"),
    _l("no such entry in force in the catalogue"), _l("the draft already changes this entry"),
    _l("a new version starts tomorrow or later (county time)"),
    _l("say which document the new version follows"), _l("the draft has no changes yet"),
    _l("no such change in the draft"), _l("there is no draft"),
    _l("this pack's tables are not revised by version"),
    _l("only administrators change policy tables"),
    _l("another administrator changed the draft; reload the page"),
    _l("The form has expired or is not from this site; reload the page and try again."),
    _l("at most 128 characters"),
    _l("too easy to guess: avoid common passwords, names, dates and your own details"),
    _l("too easy to guess for a staff account: use a longer passphrase of unrelated words"),
    _l("too many failed logins for this account from your address; wait and try again"),
    _l("too many failed logins from this address; try again later"),
    _l("say what this version changes"), _l("choose one or more .bpmn or .dmn files"),
    _l("choose two versions to compare"), _l("no such draft (deployed or discarded already?)"),
    _l("the draft has no such file"), _l("no such process version"),
    _l("the draft does not pass the checks listed"), _l("a path of the test run fails"),
    _l("no such target"), _l("between 0 and 100"), _l("between 0 and 10000000"),
    _l("say where the value comes from"), _l("a positive amount in yuan"),
    _l("a year such as 2026"), _l("no such policy pack"),
    _l("only administrators change targets and budgets"), _l("no such export"),
    _l("your role may not export this list"), _l("a number"), _l("which batch"),
    _l("a policy pack and a year"), _l("a date such as 2026-11-02"),
    _l("the export is not ready"), _l("a year (2026) or a month (2026-11)"),
    _l("stage=days, separated by commas"),
    _l("generated test data (butie seed): it cannot be changed"),
    _l("the database cannot be reached just now; nothing was saved, try again shortly"),
    _l("public notice period ended without a sustained objection"),  # the timeline's system note
    # Where a correction went and why (services.corrections), on the timeline.
    _l("identity details changed: the township verifies the applicant's identity again, then "
       "the department the certificate (彭阳 003 三(三))"),
    _l("identity details changed: the HR bureau's reviewers check identity and certificate "
       "together (this policy has no township step)"),
    _l("no identity detail changed: back to the department that returned the claim"),
    _l("identity details changed, but this claim runs on an earlier process version that sends "
       "every correction back to the department; an administrator can move it to the current "
       "version"),
    _l("the service's data key does not open the ID numbers and accounts stored in this "
       "database; nothing was changed. An administrator must configure the key they were "
       "sealed with (BUTIE_DATA_KEY, or BUTIE_DATA_KEYS_OLD during a key change)"),
    _l("choose 附件2 (a category) or 附件3 (the shortage list)"),
    _l("choose the category A, B, C or D"),
    _l("Lanzhou's amounts are set per category, not per occupation"),
    _l("this occupation is on the shortage list already"),
    _l("this occupation has a category already; retire it first to move it"),
    _l("the national occupation code, e.g. 4-10-01-02"),
    _l("this policy pack is not offered here"), _l("a national occupation code like 4-10-01-02"),
    # The statutory calendar (workflow.domain.holiday_notices, services.holiday_calendar).
    _l("give the notice's document number, e.g. 国办发明电〔2025〕7号"),
    _l("enter the notice's days off, one line each: YYYY-MM-DD 元旦"),
    _l("the document number does not read like 国办发明电〔YYYY〕N号: check it"),
    _l("only administrators change the statutory calendar"),
    _l("another administrator changed this year's table; reload the page"),
    _l("no such year"),
    # The reviewers' workbench (services.task_claims, services.canned_reasons).
    # A task whose form has no entry in the registry (services.task_forms).
    _l("this task's form is not one this service knows; an administrator must correct the "
       "process"),
    _l("only reviewers claim tasks"), _l("the task changed hands meanwhile; reload the claim"),
    _l("a chosen reason is no longer offered; choose again"),
    _l("say what is wrong with the claim"),
    _l("choose the stage whose reviewers use this reason"),
    _l("only administrators change the reasons reviewers pick"), _l("no such reason"),
    # Passwords: a code by SMS, in person at the township (services.password_resets).
    _l("too many password reset requests; try again later"),
    _l("the code is wrong or has expired: check it, or ask for a new one"),
    _l("no applicant of your township has this ID number and name"),
    _l("confirm that you checked the applicant's ID card in person"),
    _l("only township reviewers reset passwords in person"),
    _l("the 6-digit code from the SMS"), _l("wrong password"),
    # Why a page is refused (403) or not found (404): every such page is in the user's
    # language (tests/unit/test_refusal_messages.py finds them in the code).
    _l("applicants see the stages of their claim instead"), _l("attachment not found"),
    _l("draft not found"), _l("no such applicant"), _l("no such notice"),
    _l("no such payment batch"), _l("no such user"), _l("only administrators manage users"),
    _l("only applicants file claims"), _l("only applicants have claims of their own"),
    _l("only applicants keep drafts"), _l("only applicants upload attachments"),
    _l("only finance officers handle payments"), _l("only the applicant may withdraw a claim"),
    _l("this role has no task queue"), _l("this version has no diagram of its process"),
    _l("your role may not do this"), _l("the claim is past review"),
    _l("a claim is already in another batch or paid; reload"),
    _l("another batch is being numbered; try again"),
    _l("this claim's payment is already recorded or in a batch; reload the claim"),
    _l("some fields are not valid"),
)



def N_(message: str) -> str:
    """Marks a message for the catalogues without translating it here."""
    return message


# Messages built at run time: the pattern that recognises one, and the catalogue entry that
# says it with the same values. Only timeline notes recorded before their phrase was kept remain:
# an audit event's comment is sealed by the audit hash chain and cannot be rewritten, so an old
# row has only its English. A new event keeps the phrase beside the comment
# (workflow.domain.phrases.COMMENT_SAID in its `changes`) and is said from it (web.api.present).
PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # The timeline's note of a claim moved between process versions (services.migrations).
    (re.compile(r"^version (?P<old>\d+) → (?P<new>\d+)$"), N_("version %(old)s → %(new)s")),
    # Who holds a task (services.task_claims): a refused decision, a take-over on the timeline.
    (re.compile(r"^held by (?P<holder>.+) until (?P<until>\S+ \S+)$"),
     N_("held by %(holder)s until %(until)s")),
)


def translate(message: str) -> str:
    """A service or schema message in the user's language, values and all."""
    for pattern, template in PATTERNS:
        found = pattern.match(message)
        if found:
            return gettext(template, **found.groupdict())
    return gettext(message)
