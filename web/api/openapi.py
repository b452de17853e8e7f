"""The OpenAPI document, generated from the marshmallow schemas the views validate with."""

from __future__ import annotations

from functools import cache
from typing import Any

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin

from web.api import admin_schemas, bp, enterprise_schemas, schemas

# (path, method, summary, request schema, response schema, status, auth: True required,
# False none, None optional: the answer depends on who asks)
OPERATIONS: list[tuple[str, str, str, type | None, type | None, int, bool | None]] = [
    ("/auth/login", "post", "Log in; returns a bearer token and sets a session cookie",
     schemas.LoginSchema, schemas.TokenSchema, 200, False),
    ("/auth/register", "post", "Register as an applicant (the same answer whether or not the ID "
     "number already has an account; then none is made and its holder is told)",
     schemas.RegisterSchema, schemas.RegistrationSchema, 202, False),
    ("/auth/logout", "post", "Log out", None, None, 200, False),
    ("/auth/me", "get", "The logged-in user", None, None, 200, True),
    ("/claims", "post", "File a claim (under another pack than Pengyang's: the body is a "
     "PackClaimInput with its policy_pack)", schemas.ClaimInputSchema, schemas.ClaimSchema, 201,
     True),
    ("/claims", "get", "My claims", schemas.PageQuerySchema, schemas.ClaimListSchema, 200,
     True),
    ("/claims/{claim_id}", "get", "A claim with its timeline", None, schemas.ClaimSchema, 200,
     True),
    ("/claims/{claim_id}/tasks/{task_id}", "post", "Complete a task (decide); approving an "
     "enterprise's roster at a review or acceptance may strike workers out (`strikes`: row and "
     "reason each; 422 `strike_<row>` beside a row, `strikes` for the whole)",
     schemas.DecisionSchema, schemas.ClaimSchema, 200, True),
    ("/claims/{claim_id}/withdraw", "post", "Withdraw before bureau acceptance",
     schemas.WithdrawSchema, schemas.ClaimSchema, 200, True),
    ("/objections", "post", "Object to a claim on public notice (public; the same answer for "
     "any claim number, only a claim on notice is held; limited per address and hour with the "
     "notice page's objections: 429 with Retry-After)",
     schemas.ObjectionSchema, schemas.ObjectionResultSchema, 201, False),
    ("/queue", "get", "My task queue", schemas.QueueQuerySchema, schemas.QueueSchema, 200, True),
    ("/claims/{claim_id}/tasks/{task_id}/claim", "post", "Claim a task: hold it so no other "
     "reviewer decides it until it is decided, released or expires (TASK_HOLD_MINUTES); a "
     "task another reviewer holds answers 409 naming them, unless take_over (audited)",
     schemas.ClaimTaskSchema, schemas.HoldSchema, 200, True),
    ("/claims/{claim_id}/tasks/{task_id}/release", "post", "Release a task one holds (409 if "
     "another reviewer holds it)", None, schemas.ReleaseSchema, 200, True),
    ("/admin/timers/fire", "post", "Fire due timers (administrator)", None,
     schemas.TimersSchema, 200, True),
    ("/admin/calendar/{year}", "get", "A year's statutory holiday notice (administrator)",
     None, admin_schemas.CalendarYearSchema, 200, True),
    ("/admin/calendar/{year}", "put", "Enter or change a year's statutory holiday notice "
     "(administrator; audited)", admin_schemas.CalendarYearInputSchema,
     admin_schemas.CalendarYearSchema, 200, True),
    ("/admin/policy/amounts", "get", "Entries whose amount the source lost that hold up "
     "waiting claims, with how many (administrator)", admin_schemas.BlockedQuerySchema,
     admin_schemas.BlockedEntriesSchema, 200, True),
    ("/admin/policy/amounts", "post", "Set an amount the source lost (administrator; audited): "
     "without `confirm`, 409 with the `impact` (waiting claims it prices, their total) and "
     "nothing saved; with that impact's `confirm`, set (409 with the new impact if it changed)",
     admin_schemas.PolicyAmountInputSchema, admin_schemas.PolicyAmountSchema, 200, True),
    ("/notices", "post", "Publish a public notice batch (HR bureau)",
     schemas.NoticeBatchInputSchema, schemas.NoticeBatchSchema, 201, True),
    ("/notices", "get", "Published notices, newest first (public)", schemas.NoticeQuerySchema,
     schemas.NoticeListSchema, 200, False),
    ("/quote", "post", "Evaluate a claim under the policy without filing it (anyone; whose "
     "earlier subsidies count depends on who asks, see QuoteInput; 429 with Retry-After past "
     "a reviewer's hourly quotes with an ID number)",
     schemas.QuoteInputSchema, schemas.QuoteSchema, 200, None),
    ("/enterprises", "post", "Register an enterprise (its credit code checked, its bank account "
     "held by the enterprise; limited per address and hour with applicants' registrations)",
     enterprise_schemas.EnterpriseSchema, enterprise_schemas.EnterpriseAccountSchema, 201, False),
    ("/enterprise/claims", "post", "File an enterprise's claim for a roster of its workers, paid "
     "to the enterprise (422 with `rows`: every row's problems; nothing is saved)",
     enterprise_schemas.RosterFilingSchema, schemas.ClaimSchema, 201, True),
    ("/enterprise/claims", "get", "The enterprise's own claims, newest first; one a reviewer "
     "returned names why (`returned`: the reviewer's comment, stage and time)", None,
     enterprise_schemas.EnterpriseClaimListSchema, 200, True),
    ("/enterprise/claims/{claim_id}", "get", "One of the enterprise's claims with its workers "
     "(ID numbers masked) and, while it waits for correction, why it was returned",
     None, schemas.ClaimSchema, 200, True),
    ("/enterprise/claims/{claim_id}/roster", "post", "Correct a returned roster claim: the "
     "corrected roster replaces the one filed, every row checked as at filing (422 with `rows`; "
     "nothing changes), then back to the reviewer who returned it (404 another enterprise's "
     "claim, 409 a claim not waiting for correction)",
     enterprise_schemas.RosterCorrectionSchema, schemas.ClaimSchema, 200, True),
    ("/enterprise/projects", "post", "File an organisation's claim for one project (Huzhou "
     "004 三 6 评价项目开发资助): type, industry, the review's conclusion and its day, the amount "
     "asked; priced at acceptance by HZ-XM (not configured until set), at most 50,000 yuan, "
     "paid to the organisation (422 per field; nothing is saved)",
     enterprise_schemas.ProjectFilingSchema, schemas.ClaimSchema, 201, True),
    ("/enterprise", "get", "The caller's enterprise (the account masked)", None,
     enterprise_schemas.EnterpriseAccountSchema, 200, True),
    ("/enterprise", "put", "Change the enterprise's details; the bank, the account or its "
     "holder only with `current_password` (audited masked); the credit code never changes. "
     "Claims not yet paid take the new account (`repointed`); a payment batch already made "
     "keeps the account it copied", enterprise_schemas.EnterpriseDetailsSchema,
     enterprise_schemas.EnterpriseChangedSchema, 200, True),
]


def _operation(summary: str, request: type | None, response: type | None, status: int,
               auth: bool | None, method: str, path: str) -> dict[str, Any]:
    op: dict[str, Any] = {"summary": summary, "responses": {
        str(status): {"description": "OK",
                      **({"content": {"application/json": {"schema": response.__name__
                                                           .removesuffix("Schema")}}}
                         if response else {})},
        "422": {"description": "Invalid input, per field",
                "content": {"application/json": {"schema": "Error"}}},
        # Every other answer (403 another's claim, 404, 409 changed meanwhile, 413, 429…) is
        # the same error object.
        "default": {"description": "An error: not allowed, not found, conflict, too many",
                    "content": {"application/json": {"schema": "Error"}}},
    }}
    if auth:
        op["security"] = [{"bearer": []}, {"cookie": []}]
        op["responses"]["401"] = {"description": "Not logged in"}
    elif auth is None:  # anyone, and a logged-in caller may get more
        op["security"] = [{}, {"bearer": []}, {"cookie": []}]
    params: list[dict[str, Any]] = [{"in": "path", "name": p, "required": True,
               "schema": {"type": "string" if p == "task_id" else "integer"}}
              for p in ("claim_id", "task_id", "year") if "{" + p + "}" in path]
    if request is not None and method == "get":
        params.append({"in": "query", "schema": request})
    elif request is not None:
        op["requestBody"] = {"required": True, "content": {"application/json": {
            "schema": request.__name__.removesuffix("Schema")}}}
    if params:
        op["parameters"] = params
    return op


def _schema_name(schema: Any) -> str:
    cls = schema if isinstance(schema, type) else type(schema)
    name = cls.__name__.removesuffix("Schema")
    return name + "Changes" if getattr(schema, "partial", False) is True else name


@cache
def document() -> dict[str, Any]:
    spec = APISpec(title="butie", version="1.0.0", openapi_version="3.0.3",
                   plugins=[MarshmallowPlugin(schema_name_resolver=_schema_name)],
                   servers=[{"url": "/api/v1"}])
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    spec.components.security_scheme("cookie", {"type": "apiKey", "in": "cookie",
                                               "name": "session"})
    for name in dir(schemas):
        obj = getattr(schemas, name)
        if isinstance(obj, type) and issubclass(obj, schemas.Schema) \
                and obj is not schemas.Schema and not name.endswith("QuerySchema"):
            if name.removesuffix("Schema") not in spec.components.schemas:
                spec.components.schema(name.removesuffix("Schema"), schema=obj)
    paths: dict[str, dict[str, Any]] = {}
    for path, method, summary, request, response, status, auth in OPERATIONS:
        paths.setdefault(path, {})[method] = _operation(summary, request, response, status,
                                                        auth, method, path)
    for path, operations in paths.items():
        spec.path(path=path, operations=operations)
    return spec.to_dict()


@bp.get("/openapi.json")
def openapi() -> Any:
    """The OpenAPI 3 document of this API."""
    return document()
