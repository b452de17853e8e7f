"""Who may do what, route by route: the answers test_authorization_matrix.py checks, one row
per endpoint (method, rule) with its path, body and the answer of each user in WHO."""

from __future__ import annotations

import re
from typing import Any

from tests.conftest import PASSWORD
from tests.integration.api.conftest import SCANS

WHO = ("anon", "applicant", "other_applicant", "township", "other_township", "department",
       "other_department", "bureau", "finance", "admin")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
CLAIM = {"full_name": "张三", "id_number": "11010519491231002X", "phone": "13800000000",
         "township": "baiyang", "target_group": "rural_migrant", "certificate_code": "PY-22",
         "certificate_name": "叉车司机", "certificate_number": "TZ-MATRIX-9",
         "certificate_issued_on": "2026-05-01", "certificate_issuer": "固原市市场监管局",
         "bank_name": "中国农业银行", "account_number": "6228480000000000000",
         "account_holder": "张三", "scans": SCANS}

EVERYONE = "200    200    200    200    200    200    200    200    200    200"
EVERYONE_302 = "302    302    302    302    302    302    302    302    302    302"
LOGGED_IN = "login  200    200    200    200    200    200    200    200    200"
EVERYONE_201 = "201    201    201    201    201    201    201    201    201    201"
EVERYONE_202 = "202    202    202    202    202    202    202    202    202    202"
# A claim and its scans: its applicant, the reviewers of its township and department, and the
# county-wide offices; to anyone else it does not exist.
CLAIM_READERS = "login  200    404    200    404    200    404    200    200    200"
# Its certificate scan (a certificate carries the holder's ID number): its applicant and the
# reviewers who judge the claim; finance and administrators see the claim, not the scan (403).
CERTIFICATE_READERS = "login  200    404    200    404    200    404    200    403    403"
# Its ID card scan, with the claim past the township's identity review: only its applicant
# (workflow.domain.need_to_know: the whole ID number only while identity is being reviewed).
ID_CARD_READERS = "login  200    404    403    404    403    404    403    403    403"


def only(role: str, answer: str) -> str:
    """One role may (answering `answer`), every other logged-in one is refused (403)."""
    return " ".join("login" if w == "anon" else answer if w == role else "403" for w in WHO)


NEW_APPLICANT = {"username": "zhaoliu", "password": "麦子熟了就回家过年", "full_name": "赵六",
                 "id_number": "642226199001011235", "phone": "13900000001"}
QUOTE = {"township": "baiyang", "target_group": "rural_migrant", "certificate_code": "PY-22",
         "certificate_issued_on": "2026-06-01"}
NOTICE_FORM = {"starts_on": "2026-12-01", "contact_office": "就业股",
               "contact_phone": "0954-7000000", "contact_address": "彭阳县"}
NEW_ENTERPRISE = {"username": "firm", "password": "river stone lantern 42",
                  "name": "彭阳县某企业有限公司", "credit_code": "91640425MA76XXXX0T",
                  "township": "baiyang", "phone": "13900000002", "bank_name": "宁夏银行",
                  "account_number": "6228480000000009900", "account_holder": "彭阳县某企业有限公司"}
# No user of the matrix is an enterprise: every logged-in one is refused.
ENTERPRISE_ONLY = "login  403    403    403    403    403    403    403    403    403"
OBJECTION_FORM = {"row_number": "1", "reason": "该证书非本人取得", "contact": "", "name": ""}
NEW_OFFICER = {"username": "newofficer", "full_name": "新人", "role": "bureau_officer",
               "password": "river stone lantern 42"}
# (method, rule): (path, body kind, body, answers in the order of WHO)
# Columns:  anon   appl   o-appl town   o-town dept   o-dept bureau finance admin
MATRIX: dict[tuple[str, str], tuple[str, str | None, Any, str]] = {
    # Everyone
    ("GET", "/"): (
        "/", None, None,
        EVERYONE_302),
    ("GET", "/health"): (
        "/health", None, None,
        EVERYONE),
    ("GET", "/static/<path:filename>"): (
        "/static/css/butie.css", None, None,
        EVERYONE),
    ("GET", "/login"): (
        "/login", None, None,
        EVERYONE),
    ("POST", "/login"): (
        "/login", "form", {"username": "bureau", "password": PASSWORD},
        EVERYONE_302),
    ("POST", "/logout"): (
        "/logout", "form", {},
        # logging out (or not being logged in) lands on the login page
        "login  login  login  login  login  login  login  login  login  login"),
    ("GET", "/register"): (
        "/register", None, None,
        EVERYONE),
    ("POST", "/register"): (
        "/register", "form", NEW_APPLICANT,
        # lands on the login page: the account (if the ID number had none) is not logged in,
        # so the answer is the same either way (test_registration_oracle)
        "login  login  login  login  login  login  login  login  login  login"),
    ("GET", "/notices"): (
        "/notices", None, None,
        EVERYONE),
    ("GET", "/notices/<int:batch_id>"): (
        "/notices/{notice}", None, None,
        EVERYONE),
    ("GET", "/notices/<int:batch_id>/<any(pdf, csv, xlsx):kind>"): (
        "/notices/{notice}/csv", None, None,
        EVERYONE),
    ("GET", "/notices/<int:batch_id>/object"): (
        "/notices/{notice}/object", None, None,
        EVERYONE),
    ("POST", "/notices/<int:batch_id>/object"): (
        "/notices/{notice}/object", "form", OBJECTION_FORM,
        EVERYONE),
    ("POST", "/api/v1/auth/login"): (
        "/api/v1/auth/login", "json", {"username": "bureau", "password": PASSWORD},
        EVERYONE),
    ("POST", "/api/v1/auth/logout"): (
        "/api/v1/auth/logout", "json", {},
        EVERYONE),
    ("POST", "/api/v1/auth/register"): (
        "/api/v1/auth/register", "json", NEW_APPLICANT,
        # the same answer whether or not the ID number has an account (no oracle)
        EVERYONE_202),
    ("GET", "/api/v1/notices"): (
        "/api/v1/notices", None, None,
        EVERYONE),
    ("POST", "/api/v1/objections"): (
        # the same answer for any claim number (no oracle); only one on notice is held
        "/api/v1/objections", "json", lambda w: {"reference": w["due_ref"], "reason": "非本人证书"},
        EVERYONE_201),
    ("GET", "/api/v1/openapi.json"): (
        "/api/v1/openapi.json", None, None,
        EVERYONE),
    # Public disclosure of paid subsidies and the notices archive as a spreadsheet
    ("GET", "/disclosure"): (
        "/disclosure", None, None,
        EVERYONE),
    ("GET", "/disclosure.xlsx"): (
        "/disclosure.xlsx", None, None,
        EVERYONE),
    ("GET", "/notices.xlsx"): (
        "/notices.xlsx", None, None,
        EVERYONE),
    # Dashboards: staff, each within their own scope
    ("GET", "/dashboard"): (
        "/dashboard", None, None,
        "login  403    403    200    200    200    200    200    200    200"),
    # Exports: anyone logged in may ask for what their role may see; a job is its asker's only
    ("POST", "/exports"): (
        "/exports", "form", {"kind": "training"},
        # reviewers get the ledger of their own scope only
        "login  403    403    303    303    303    303    303    303    303"),
    ("GET", "/exports"): (
        "/exports", None, None,
        LOGGED_IN),
    ("GET", "/exports/<int:job_id>"): (
        "/exports/{export}", None, None,
        "login  200    404    404    404    404    404    404    404    404"),
    ("GET", "/exports/<int:job_id>/file"): (
        "/exports/{export}/file", None, None,
        # not built yet (no worker runs here): not found even for its asker
        "login  404    404    404    404    404    404    404    404    404"),
    # Targets and budgets: administrators
    ("GET", "/admin/targets"): (
        "/admin/targets", None, None,
        only("admin", "200")),
    ("POST", "/admin/targets"): (
        "/admin/targets", "form", {},
        only("admin", "422")),
    ("POST", "/admin/budgets"): (
        "/admin/budgets", "form", {},
        only("admin", "422")),
    # Quotes: anyone; whose earlier subsidies count depends on who asks (test_quote_oracle)
    ("POST", "/api/v1/quote"): (
        "/api/v1/quote", "json", QUOTE,
        EVERYONE),
    # Anyone logged in
    ("GET", "/api/v1/auth/me"): (
        "/api/v1/auth/me", None, None,
        LOGGED_IN),
    # Applicants: their own claims, drafts and scans
    ("GET", "/claims"): (
        "/claims", None, None,
        "login  200    200    403    403    403    403    403    403    403"),
    ("GET", "/claims/new"): (
        "/claims/new", None, None,
        "login  200    200    403    403    403    403    403    403    403"),
    ("GET", "/claims/new/amount"): (
        "/claims/new/amount?certificate_code=PY-22", None, None,
        "login  200    200    403    403    403    403    403    403    403"),
    ("POST", "/claims/new"): (
        "/claims/new", "form", {"full_name": "张三", "action": "save"},
        "login  302    302    403    403    403    403    403    403    403"),
    ("POST", "/drafts/<int:draft_id>/discard"): (
        "/drafts/{spare}/discard", "form", {},
        "login  302    404    403    403    403    403    403    403    403"),
    ("GET", "/drafts/files/<int:attachment_id>"): (
        "/drafts/files/{draft_scan}", None, None,
        "login  200    404    403    403    403    403    403    403    403"),
    ("POST", "/claims/<int:claim_id>/files"): (
        "/claims/{claim}/files", "multipart", {"attachment_certificate_scan": PNG},
        "login  302    404    403    403    403    403    403    403    403"),
    ("POST", "/claims/<int:claim_id>/withdraw"): (
        "/claims/{claim}/withdraw", "form", {"reason": "不再申请"},
        "login  302    404    403    403    403    403    403    403    403"),
    ("POST", "/api/v1/claims"): (
        "/api/v1/claims", "json", CLAIM,
        # other_applicant's ID number on file is not the one in the body: 422, nothing filed
        "login  201    422    403    403    403    403    403    403    403"),
    ("GET", "/api/v1/claims"): (
        "/api/v1/claims", None, None,
        "login  200    200    403    403    403    403    403    403    403"),
    ("POST", "/api/v1/claims/<int:claim_id>/withdraw"): (
        "/api/v1/claims/{claim}/withdraw", "json", {"reason": "不再申请"},
        "login  200    404    403    403    403    403    403    403    403"),
    # A claim and its scans
    ("GET", "/claims/<int:claim_id>"): (
        "/claims/{claim}", None, None,
        CLAIM_READERS),
    ("GET", "/claims/<int:claim_id>/files/<int:attachment_id>"): (
        "/claims/{claim}/files/{scan}", None, None,
        CERTIFICATE_READERS),
    ("GET", "/api/v1/claims/<int:claim_id>"): (
        "/api/v1/claims/{claim}", None, None,
        CLAIM_READERS),
    # The open task (department review): its department only; those who may see the claim
    # but not the task get 403, the others 404
    ("POST", "/claims/<int:claim_id>/tasks/<task_id>"): (
        "/claims/{claim}/tasks/{task}", "form", {"decision": "approve"},
        "login  403    404    403    404    302    404    403    403    403"),
    ("POST", "/api/v1/claims/<int:claim_id>/tasks/<task_id>"): (
        "/api/v1/claims/{claim}/tasks/{task}", "json", {"decision": "approve"},
        "login  403    404    403    404    200    404    403    403    403"),
    # Queues
    ("GET", "/queue"): (
        "/queue", None, None,
        "login  403    403    200    200    200    200    200    200    403"),
    ("GET", "/api/v1/queue"): (
        "/api/v1/queue", None, None,
        # an applicant's queue is their own tasks (corrections); administrators have none
        "login  200    200    200    200    200    200    200    200    403"),
    ("POST", "/queue/bulk-approve"): (
        "/queue/bulk-approve", "form", lambda w: {"claim_ids": str(w["claim"])},
        # another scope's claim is skipped, never approved: see the test below
        "login  403    403    302    302    302    302    403    403    403"),
    # The reviewers' workbench: township, department and bureau reviewers, each within the
    # claims they may see; the claim's task (department review) is its department's to hold
    # and decide (the others who see the claim: 403)
    ("GET", "/workbench"): (
        "/workbench", None, None,
        "login  403    403    200    200    200    200    200    403    403"),
    ("GET", "/workbench/claims/<int:claim_id>"): (
        "/workbench/claims/{claim}", None, None,
        "login  403    403    200    404    200    404    200    403    403"),
    ("GET", "/workbench/claims/<int:claim_id>/diagram.bpmn"): (
        "/workbench/claims/{claim}/diagram.bpmn", None, None,
        "login  403    403    200    404    200    404    200    403    403"),
    ("POST", "/workbench/claims/<int:claim_id>/hold"): (
        "/workbench/claims/{claim}/hold", "form", lambda w: {"task_id": w["task"]},
        "login  403    403    403    404    302    404    403    403    403"),
    ("POST", "/workbench/claims/<int:claim_id>/release"): (
        "/workbench/claims/{claim}/release", "form", lambda w: {"task_id": w["task"]},
        "login  403    403    403    404    302    404    403    403    403"),
    ("POST", "/workbench/claims/<int:claim_id>/decide"): (
        "/workbench/claims/{claim}/decide", "form",
        lambda w: {"task_id": w["task"], "decision": "approve"},
        "login  403    403    403    404    302    404    403    403    403"),
    ("POST", "/workbench/start"): (
        "/workbench/start", "form", {},
        # the next free claim of one's own queue, or back to the (empty) queue
        "login  403    403    302    302    302    302    302    403    403"),
    ("POST", "/workbench/bulk-approve"): (
        "/workbench/bulk-approve", "form", lambda w: {"claim_ids": str(w["claim"])},
        # as the queue's bulk approval: another scope's claim is skipped, never approved
        "login  403    403    302    302    302    302    403    403    403"),
    ("POST", "/api/v1/claims/<int:claim_id>/tasks/<task_id>/claim"): (
        "/api/v1/claims/{claim}/tasks/{task}/claim", "json", {},
        "login  403    403    403    404    200    404    403    403    403"),
    ("POST", "/api/v1/claims/<int:claim_id>/tasks/<task_id>/release"): (
        "/api/v1/claims/{claim}/tasks/{task}/release", "json", {},
        "login  403    403    403    404    200    404    403    403    403"),
    # The bureau publishes notices (none is waiting: 422, after the role check)
    ("GET", "/bureau/notices/new"): (
        "/bureau/notices/new", None, None,
        only("bureau", "200")),
    ("POST", "/bureau/notices"): (
        "/bureau/notices", "form", NOTICE_FORM,
        only("bureau", "422")),
    ("GET", "/bureau/notices/window"): (
        "/bureau/notices/window?starts_on=2026-11-02&working_days=5", None, None,
        only("bureau", "200")),
    ("POST", "/bureau/notices/preview"): (
        "/bureau/notices/preview", "form", NOTICE_FORM,
        only("bureau", "200")),
    ("POST", "/api/v1/notices"): (
        "/api/v1/notices", "json", NOTICE_FORM,
        only("bureau", "422")),
    # Finance. Nothing is due (the due claims are in the batch): 422; the batch's creator may
    # not approve it (four eyes): 403; it is not approved, so no bank file or results: 409
    ("GET", "/finance/batches"): (
        "/finance/batches", None, None,
        only("finance", "200")),
    ("POST", "/finance/batches"): (
        "/finance/batches", "form", {},
        only("finance", "422")),
    ("GET", "/finance/batches/<int:batch_id>"): (
        "/finance/batches/{payment}", None, None,
        only("finance", "200")),
    ("POST", "/finance/batches/<int:batch_id>/approve"): (
        "/finance/batches/{payment}/approve", "form", {},
        only("finance", "403")),
    ("POST", "/finance/batches/<int:batch_id>/bank.<any(xlsx, csv):kind>"): (
        "/finance/batches/{payment}/bank.csv", "form", {},
        only("finance", "409")),
    ("POST", "/finance/batches/<int:batch_id>/results"): (
        "/finance/batches/{payment}/results", "multipart", {"results": b"reference,status\n"},
        only("finance", "422")),  # said beside the file field
    ("GET", "/finance/reconciliation.xlsx"): (
        "/finance/reconciliation.xlsx", None, None,
        only("finance", "200")),
    # Administrators
    ("GET", "/admin/users"): (
        "/admin/users", None, None,
        only("admin", "200")),
    ("POST", "/admin/users"): (
        "/admin/users", "form", NEW_OFFICER,
        only("admin", "302")),
    ("GET", "/admin/users/<int:user_id>"): (
        "/admin/users/{user}", None, None,
        only("admin", "200")),
    ("POST", "/admin/users/<int:user_id>"): (
        "/admin/users/{user}", "form",
        {"role": "township_reviewer", "scope": "gucheng", "active": "y"},
        only("admin", "302")),
    ("GET", "/admin/processes"): (
        "/admin/processes", None, None,
        only("admin", "200")),
    # Changing the process: administrators only
    ("GET", "/admin/processes/versions/<int:definition_id>"): (
        "/admin/processes/versions/{definition}", None, None,
        only("admin", "200")),
    ("GET", "/admin/processes/versions/<int:definition_id>/files/<name>"): (
        "/admin/processes/versions/{definition}/files/subsidy_claim.bpmn", None, None,
        only("admin", "200")),
    ("GET", "/admin/processes/diff"): (
        "/admin/processes/diff?a={definition}&b={definition}", None, None,
        only("admin", "422")),  # a version compared with itself
    ("POST", "/admin/processes/drafts"): (
        "/admin/processes/drafts", "form", {},
        only("admin", "302")),
    ("POST", "/admin/processes/drafts/upload"): (
        "/admin/processes/drafts/upload", "multipart", {},
        only("admin", "422")),  # no file chosen
    ("GET", "/admin/processes/drafts/<int:draft_id>"): (
        "/admin/processes/drafts/{process_draft}", None, None,
        only("admin", "200")),
    ("POST", "/admin/processes/drafts/<int:draft_id>/files"): (
        "/admin/processes/drafts/{process_draft}/files", "multipart", {},
        only("admin", "422")),  # no file chosen
    ("GET", "/admin/processes/drafts/<int:draft_id>/files/<name>"): (
        "/admin/processes/drafts/{process_draft}/files/subsidy_claim.bpmn", None, None,
        only("admin", "200")),
    ("POST", "/admin/processes/drafts/<int:draft_id>/files/<name>/remove"): (
        "/admin/processes/drafts/{process_draft}/files/department_routing.dmn/remove", "form",
        {}, only("admin", "302")),
    ("POST", "/admin/processes/drafts/<int:draft_id>/check"): (
        "/admin/processes/drafts/{process_draft}/check", "form", {},
        only("admin", "200")),
    ("POST", "/admin/processes/drafts/<int:draft_id>/deploy"): (
        "/admin/processes/drafts/{process_draft}/deploy", "form", {"note": ""},
        only("admin", "422")),  # a change note is required
    ("POST", "/admin/processes/drafts/<int:draft_id>/discard"): (
        "/admin/processes/drafts/{process_draft}/discard", "form", {},
        only("admin", "302")),
    ("GET", "/admin/processes/drafts/<int:draft_id>/edit/<name>"): (
        "/admin/processes/drafts/{process_draft}/edit/subsidy_claim.bpmn", None, None,
        only("admin", "200")),
    ("POST", "/admin/processes/drafts/<int:draft_id>/edit/<name>"): (
        "/admin/processes/drafts/{process_draft}/edit/subsidy_claim.bpmn", "form",
        {"xml": "<not-bpmn/>"}, only("admin", "302")),  # a draft may be wrong until deploy
    ("GET", "/admin/processes/migrations"): (
        "/admin/processes/migrations", None, None,
        only("admin", "200")),
    ("POST", "/admin/processes/migrations"): (
        "/admin/processes/migrations", "form", {},
        only("admin", "200")),
    # The claim's receipt (回执, its ID number masked): whoever sees the claim
    ("GET", "/claims/<int:claim_id>/receipt.pdf"): (
        "/claims/{claim}/receipt.pdf", None, None, CLAIM_READERS),
    # The claim on its diagram: those who see the claim, except its applicant (stage bar)
    ("GET", "/claims/<int:claim_id>/diagram.bpmn"): (
        "/claims/{claim}/diagram.bpmn", None, None,
        "login  403    403    200    404    200    404    200    200    200"),
    # The reasons reviewers pick (seeded: reason 1 is one of the township's)
    ("GET", "/admin/reasons"): (
        "/admin/reasons", None, None,
        only("admin", "200")),
    ("POST", "/admin/reasons"): (
        "/admin/reasons", "form", {},
        only("admin", "422")),
    ("POST", "/admin/reasons/<int:reason_id>"): (
        "/admin/reasons/1", "form", {"text_1": "身份证扫描件缺少反面（003 三（三））"},
        only("admin", "302")),
    ("POST", "/admin/reasons/<int:reason_id>/remove"): (
        "/admin/reasons/1/remove", "form", {},
        only("admin", "302")),
    ("GET", "/admin/policy"): (
        "/admin/policy", None, None,
        only("admin", "200")),
    ("POST", "/admin/policy/amounts"): (
        "/admin/policy/amounts", "form", {"entry_code": "PY-01", "amount": "1500", "note": "纸质"},
        only("admin", "200")),  # the confirmation of how many waiting claims it prices
    # Policy versions (no draft exists: nothing to remove, discard or schedule; empty forms)
    ("POST", "/admin/policy/entries"): (
        "/admin/policy/entries", "form", {},
        only("admin", "422")),
    ("POST", "/admin/policy/retirements"): (
        "/admin/policy/retirements", "form", {},
        only("admin", "422")),
    ("POST", "/admin/policy/changes/<int:change_id>/remove"): (
        "/admin/policy/changes/999999/remove", "form", {},
        only("admin", "422")),
    ("POST", "/admin/policy/draft/discard"): (
        "/admin/policy/draft/discard", "form", {},
        only("admin", "422")),
    ("POST", "/admin/policy/draft/schedule"): (
        "/admin/policy/draft/schedule", "form", {},
        only("admin", "422")),
    # The statutory calendar (an empty form or body: refused per field, after the role check)
    ("GET", "/admin/calendar"): (
        "/admin/calendar", None, None,
        only("admin", "200")),
    ("GET", "/admin/calendar/<int:year>"): (
        "/admin/calendar/2027", None, None,
        only("admin", "200")),
    ("POST", "/admin/calendar/<int:year>"): (
        "/admin/calendar/2027", "form", {},
        only("admin", "422")),
    ("GET", "/api/v1/admin/calendar/<int:year>"): (
        "/api/v1/admin/calendar/2026", None, None,
        only("admin", "200")),
    ("PUT", "/api/v1/admin/calendar/<int:year>"): (
        "/api/v1/admin/calendar/2027", "json", {},
        only("admin", "422")),
    ("GET", "/api/v1/admin/policy/amounts"): (
        "/api/v1/admin/policy/amounts", None, None,
        only("admin", "200")),
    ("POST", "/api/v1/admin/policy/amounts"): (  # unconfirmed: the impact, nothing saved
        "/api/v1/admin/policy/amounts", "json",
        {"entry_code": "PY-01", "amount_fen": 150000, "note": "纸质"},
        only("admin", "409")),
    ("POST", "/api/v1/admin/timers/fire"): (
        "/api/v1/admin/timers/fire", "json", {},
        only("admin", "200")),
    # Messages: each applicant their own (the list is of the caller's messages only)
    ("GET", "/messages"): (
        "/messages", None, None,
        "login  200    200    403    403    403    403    403    403    403"),
    ("POST", "/messages/read"): (
        "/messages/read", "form", {},
        "login  302    302    403    403    403    403    403    403    403"),
    # A forgotten password: anyone may ask (no SMS gateway here: the page says so and sends
    # nothing) and try a code (none was sent: refused on the code field)
    ("GET", "/password/forgot"): (
        "/password/forgot", None, None,
        EVERYONE),
    ("POST", "/password/forgot"): (
        "/password/forgot", "form", {"account": "applicant"},
        EVERYONE),
    ("GET", "/password/reset"): (
        "/password/reset", None, None,
        EVERYONE),
    ("POST", "/password/reset"): (
        "/password/reset", "form", {"account": "applicant", "code": "123456",
                                    "password": "copper kettle winter orchard"},
        "422    422    422    422    422    422    422    422    422    422"),
    # One's own password (an empty form: refused per field)
    ("GET", "/password/change"): (
        "/password/change", None, None,
        LOGGED_IN),
    ("POST", "/password/change"): (
        "/password/change", "form", {},
        "login  422    422    422    422    422    422    422    422    422"),
    # In person at the township: an applicant who filed a claim in the reviewer's township
    ("GET", "/township/password-reset"): (
        "/township/password-reset", None, None,
        "login  403    403    200    200    403    403    403    403    403"),
    ("POST", "/township/password-reset"): (
        "/township/password-reset", "form",
        {"id_number": "11010519491231002X", "full_name": "张三", "checked": "y"},
        "login  403    403    200    422    403    403    403    403    403"),
    # Enterprise payees (issue 19 item 3): anyone registers an enterprise; only an enterprise
    # files rosters and reads its own claims (its own claims only: test_enterprise_claims.py).
    ("GET", "/enterprise/register"): (
        "/enterprise/register", None, None,
        EVERYONE),
    ("POST", "/enterprise/register"): (
        "/enterprise/register", "form", NEW_ENTERPRISE,
        # lands on the login page: the enterprise logs in with its new account
        "login  login  login  login  login  login  login  login  login  login"),
    ("POST", "/api/v1/enterprises"): (
        "/api/v1/enterprises", "json", NEW_ENTERPRISE,
        EVERYONE_201),
    ("GET", "/enterprise/claims"): (
        "/enterprise/claims", None, None,
        ENTERPRISE_ONLY),
    ("POST", "/enterprise/claims"): (
        "/enterprise/claims", "form", {"roster_kind": "work_for_training"},
        ENTERPRISE_ONLY),
    ("GET", "/enterprise/template/<kind>.xlsx"): (
        "/enterprise/template/work_for_training.xlsx", None, None,
        ENTERPRISE_ONLY),
    ("POST", "/api/v1/enterprise/claims"): (
        "/api/v1/enterprise/claims", "json", {"roster_kind": "work_for_training", "rows": []},
        ENTERPRISE_ONLY),
    ("GET", "/api/v1/enterprise/claims/<int:claim_id>"): (
        "/api/v1/enterprise/claims/{claim}", None, None,
        ENTERPRISE_ONLY),
    # Its details and the account it is paid to (test_enterprise_account_change.py).
    ("GET", "/enterprise/details"): (
        "/enterprise/details", None, None,
        ENTERPRISE_ONLY),
    ("POST", "/enterprise/details"): (
        "/enterprise/details", "form", {"name": "x"},
        ENTERPRISE_ONLY),
    ("GET", "/api/v1/enterprise"): (
        "/api/v1/enterprise", None, None,
        ENTERPRISE_ONLY),
    ("PUT", "/api/v1/enterprise"): (
        "/api/v1/enterprise", "json", {"name": "x"},
        ENTERPRISE_ONLY),
    # A returned roster claim's corrected roster (its enterprise only: another enterprise
    # gets 404, test_enterprise_corrections.py).
    ("GET", "/api/v1/enterprise/claims"): (
        "/api/v1/enterprise/claims", None, None,
        ENTERPRISE_ONLY),
    ("POST", "/api/v1/enterprise/claims/<int:claim_id>/roster"): (
        "/api/v1/enterprise/claims/{claim}/roster", "json", {"rows": []},
        ENTERPRISE_ONLY),
    ("POST", "/enterprise/claims/<int:claim_id>/roster"): (
        "/enterprise/claims/{claim}/roster", "form", {"comment": ""},
        ENTERPRISE_ONLY),
    # An organisation's project (Huzhou 004 三 6): only an organisation's login files it.
    ("POST", "/enterprise/projects"): (
        "/enterprise/projects", "form", {"project_kind": "hz_evaluation_project"},
        ENTERPRISE_ONLY),
    ("POST", "/api/v1/enterprise/projects"): (
        "/api/v1/enterprise/projects", "json", {"project_name": "题库开发"},
        ENTERPRISE_ONLY),
}
