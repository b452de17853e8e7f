"""Hostile input to every route, anonymous and as each role, on SQLite and PostgreSQL: never a
server error, and the documented refusal rather than a silent success.

The routes come from app.url_map through the authorization matrix
(tests/integration/pages/test_authorization_matrix.py), which holds a valid request for each
(path, body) and who may make it, and builds the world they run in (a claim under review, a
published notice, a payment batch, drafts, a process draft, an export): a new route is covered
here as soon as it has its row there. Every request is rolled back.

- ids no column holds (2^31 and up) in every <int:…> of every route: not found;
- NUL in the path, the query string, form fields, file names and JSON; an unpaired surrogate in
  JSON: 422 naming the field; JSON nested past any body we take: 400;
- numbers past the columns and days past the calendar (year 1, year 9999) in every query
  argument a view reads and in every form or JSON field: never a 5xx; where a page or the API
  reads an argument by hand, the refusal listed in REFUSED.

Which arguments and fields a view reads is noted while it runs (`_Noting`): sweeping only those
keeps this to about a minute a backend instead of five.
"""

from __future__ import annotations

import io
import json
import re
import sys
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlencode

import pytest
from flask import Request, got_request_exception
from sqlalchemy import func, select
from werkzeug.datastructures import ImmutableMultiDict

from tests.integration.api.conftest import app  # noqa: F401 - fixture used by world
from tests.integration.pages.authorization_table import MATRIX, WHO
from tests.integration.pages.conftest import form_claim
from tests.integration.pages.test_authorization_matrix import _client, _send
from tests.integration.pages.test_authorization_matrix import (  # noqa: F401 - fixture
    world as matrix_world,
)
from web.db import sessions
from workflow.persistence.models import ExportJob

ROLES = ("anon", "applicant", "township", "department", "bureau", "finance", "admin")
INT_ARG = re.compile(r"<int:\w+>")
NUL, SURROGATE = "a\x00b", "\ud800"
DEEP = "[" * 100_000 + "]" * 100_000
# Past INTEGER (PostgreSQL's 32 bits), past BIGINT, past any C integer, past int()'s limit.
HUGE_IDS = (2**31, 2**63 - 1, 2**63, 10**30, int("9" * 4000))
# Every argument a page or the API reads from the query string (request.args, the query
# schemas), swept where a view reads them all (a schema).
PARAMS = ("offset", "limit", "year", "pack", "on", "from", "to", "period", "role", "target",
          "old", "new", "draft", "number", "q", "stage", "township", "certificate_code",
          "sort", "row", "lang", "next", "kind")
# Fields that forms and bodies carry besides the matrix's valid ones (the schemas' numbers and
# days, the fields read by hand).
FIELDS = ("year", "first_year", "value", "amount", "starts_on", "started_on", "working_days",
          "version", "target", "definition_id", "draft", "row_number", "claim_ids", "from",
          "to", "certificate_issued_on", "schedule_effective_from", "class_hours", "fee_fen",
          "years", "employed_on", "offset", "limit")
# Every value for the first role the matrix lets through; the two worst for the others.
VALUES: tuple[Any, ...] = ("2147483648", "9223372036854775808", "9" * 5000, "-2147483649",
                           "0001-01-01", "9999-12-31", "0001", "0001-01", "²")
FIELD_VALUES = ("2147483648", "9223372036854775808", "9" * 5000, "0001-01-01", "9999-12-31",
                "²")
WORST = ("9223372036854775808", "0001-01-01")
JSON_NUMBERS = (2**31, 10**30)
# Routes after which the client is someone else (logged in or out): a fresh client each time.
CHANGE_WHO = {"/login", "/logout", "/register", "/api/v1/auth/login", "/api/v1/auth/logout"}

READ: set[str] = set()  # what the last request's view read ("*": everything)


class _Noting(ImmutableMultiDict[str, Any]):
    """The query string, form or files of a request, noting in READ what the view reads (not
    the guard, web.inputs, which reads everything of every request)."""

    @staticmethod
    def _note(name: str) -> None:
        if sys._getframe(2).f_globals.get("__name__") != "web.inputs":
            READ.add(name)

    def get(self, key: str, default: Any = None, type: Any = None) -> Any:  # noqa: A002
        self._note(key)
        return super().get(key, default, type)

    def getlist(self, key: str, type: Any = None) -> Any:  # noqa: A002
        self._note(key)
        return super().getlist(key, type)

    def __getitem__(self, key: str) -> Any:
        self._note(key)
        return super().__getitem__(key)

    def __contains__(self, key: object) -> bool:
        self._note(str(key))
        return super().__contains__(key)

    def __iter__(self) -> Iterator[str]:
        self._note("*")
        return super().__iter__()

    def items(self, multi: bool = False) -> Any:
        self._note("*")
        return super().items(multi)


class _NotingRequest(Request):
    parameter_storage_class = _Noting


@pytest.fixture
def hostile(db_url: str, request: pytest.FixtureRequest) -> Iterator[dict[str, Any]]:
    """The matrix's world and app on each backend (db_url), noting what views read, server
    errors answered as 500 (not raised into the test) and each one's exception kept to say what
    broke."""
    made, flask_app = request.getfixturevalue("matrix_world"), request.getfixturevalue("app")
    flask_app.config["PROPAGATE_EXCEPTIONS"] = False
    flask_app.request_class = _NotingRequest
    errors: list[str] = []

    def _keep(_sender: Any, exception: BaseException, **_: Any) -> None:
        errors.append(f"{type(exception).__name__}: {str(exception)[:160]}")

    got_request_exception.connect(_keep, flask_app)
    yield {**made, "app": flask_app, "errors": errors}
    got_request_exception.disconnect(_keep, flask_app)


class Findings:
    """Every answer that is not the expected one, with the exception behind a 500."""

    def __init__(self, hostile: dict[str, Any]) -> None:
        self.errors, self.wrong = hostile["errors"], []

    def check(self, answer: Any, expected: Callable[[int], bool], *what: Any) -> None:
        status = answer.status_code
        answer.close()
        if not expected(status):
            cause = self.errors[-1] if status >= 500 and self.errors else ""
            self.wrong.append(f"{status} {cause} <- {what!r}"[:400])

    def assert_none(self) -> None:
        worst_first = sorted(self.wrong, reverse=True)  # server errors, then the rest
        assert self.wrong == [], f"{len(self.wrong)} wrong answers:\n" + "\n".join(
            worst_first[:40])


def _no_server_error(status: int) -> bool:
    return status < 500


def _is(status: int) -> Callable[[int], bool]:
    return lambda got: got == status


def _is_api(path: str) -> bool:
    return path.startswith("/api/")


def _allowed(answers: str) -> list[str]:
    """The roles the matrix row lets through to the view; anonymous only when it lets
    anonymous through (a public page reads its arguments alike for everyone) or nobody."""
    by_role = dict(zip(WHO, answers.split(), strict=True))
    allowed = [who for who in ROLES if by_role[who] not in ("login", "403", "404")]
    return ["anon"] if not allowed or allowed[0] == "anon" else allowed


def _client_of(hostile: dict[str, Any], who: str) -> tuple[Any, str]:
    return _client(hostile["app"], who, hostile)  # type: ignore[no-any-return]


def _read_by_view(send: Callable[[], Any]) -> set[str]:
    READ.clear()
    send().close()
    return set(READ)


def test_ids_no_column_holds_are_not_found_on_every_route(hostile):
    """Every <int:…> of every rule, every method, anonymous and as each role: 2^31 and up is
    not found before any query (PostgreSQL's INTEGER ends at 2^31-1); the largest id a
    column holds reaches the view."""
    found = Findings(hostile)
    for method, rule in MATRIX:
        if not INT_ARG.search(rule):
            continue
        for who in ROLES:
            client, token = _client_of(hostile, who)
            for number in HUGE_IDS:
                answer = _send(client, token, method, _rule_path(rule, number), None, None)
                api_error = not _is_api(rule) or answer.json["error"] == "not_found"
                # 405 where another rule has the same path for the other method (werkzeug's
                # matcher reports the method before it converts the number)
                found.check(answer, lambda s, ok=api_error: s in (404, 405) and ok,
                            method, rule, who, str(number)[:20])
            answer = _send(client, token, method, _rule_path(rule, 2**31 - 1), None, None)
            found.check(answer, _no_server_error, method, rule, who, 2**31 - 1)
    found.assert_none()


def _rule_path(rule: str, number: int) -> str:
    """A path of the rule with `number` for every int and a valid value for the rest."""
    path = INT_ARG.sub(str(number), rule)
    path = re.sub(r"<any\(([^,)]+)[^>]*>", r"\1", path)
    return re.sub(r"<(?:path:)?\w+>", "x", path)


def _query(path: str, name: str, value: str) -> str:
    return path + ("&" if "?" in path else "?") + urlencode({name: value})


def test_hostile_query_arguments_on_every_get(hostile):
    """Every GET route: NUL anywhere in the query string, anonymous and as each role, is 422;
    every argument the view reads, with numbers past the columns and days past the calendar,
    as each role that may read the page: never a server error."""
    found = Findings(hostile)
    for (method, _rule), (path, _kind, _body, answers) in MATRIX.items():
        if method != "GET":
            continue
        resolved = path.format(**hostile)
        for who in ROLES:
            client, _token = _client_of(hostile, who)
            for name, value in (("q", NUL), (NUL, "1"), ("offset", "1\x00")):
                found.check(client.get(_query(resolved, name, value)), _is(422),
                            resolved, who, name, value)
        for n, who in enumerate(_allowed(answers)):
            client, _token = _client_of(hostile, who)
            read = _read_by_view(lambda c=client, p=resolved: c.get(p))
            for name in sorted(set(PARAMS) if "*" in read else read):
                for value in VALUES if n == 0 else WORST:
                    found.check(client.get(_query(resolved, name, value)), _no_server_error,
                                resolved, who, name, value[:20])
    found.assert_none()


def _post(client: Any, token: str, path: str, kind: str | None, body: dict[str, Any]) -> Any:
    if kind == "json":
        return client.post(path, data=json.dumps(body), content_type="application/json")
    return _send(client, token, "POST", path, kind or "form", body)


def _unstorable_texts(hostile: dict[str, Any], who: str, path: str, texts: dict[str, str],
                      found: Findings) -> None:
    """NUL or an unpaired surrogate in JSON, NUL in a form field and in a file name: 422 (the
    API names the field); JSON nested 100,000 deep: 400."""
    client, token = _client_of(hostile, who)
    for text in (NUL, SURROGATE):
        answer = client.post(path, data=json.dumps({**texts, "reason": text}),
                             content_type="application/json")
        named = not _is_api(path) or "reason" in answer.json.get("fields", {})
        found.check(answer, lambda s, ok=named: s == 422 and ok, path, who, "json", repr(text))
    found.check(client.post(path, data=DEEP, content_type="application/json"), _is(400),
                path, who, "deep json")
    found.check(_send(client, token, "POST", path, "form", {**texts, "note": NUL}), _is(422),
                path, who, "form NUL")
    found.check(client.post(path, data={"csrf_token": token, "attachment_id_card": (
        io.BytesIO(b"%PDF-1.4"), "id\x00.pdf")}, content_type="multipart/form-data"),
        _is(422), path, who, "file name NUL")


def test_hostile_bodies_on_every_post(hostile):
    """Every POST route, anonymous and as each role: text no column can store is refused
    (`_unstorable_texts`); numbers and days out of range in every field the view reads, as each
    role that may post there: never a server error."""
    found = Findings(hostile)
    for (method, _rule), (path, kind, body, answers) in MATRIX.items():
        if method != "POST":
            continue
        resolved = path.format(**hostile)
        valid = dict((body(hostile) if callable(body) else body) or {})
        texts = {k: v for k, v in valid.items() if isinstance(v, str)}  # not the scans
        for who in ROLES:
            _unstorable_texts(hostile, who, resolved, texts, found)
        for n, who in enumerate(_allowed(answers)):
            client, token = _client_of(hostile, who)
            read = _read_by_view(lambda c=client, t=token, p=resolved, k=kind, b=valid:
                                 _post(c, t, p, k, b))
            names = {*valid, *FIELDS} if "*" in read or kind == "json" else read
            for name in sorted(names):
                for value in (FIELD_VALUES if n == 0 else WORST) + \
                        (JSON_NUMBERS if kind == "json" else ()):
                    if resolved in CHANGE_WHO:
                        client, token = _client_of(hostile, who)
                    found.check(_post(client, token, resolved, kind, {**valid, name: value}),
                                _no_server_error, resolved, who, name, str(value)[:20])
    found.assert_none()


# Arguments read by hand, and what the reader gets for a value out of range: the refusal with
# its message (422), not a page that silently shows something else.
REFUSED = [
    ("anon", "/disclosure?offset=9223372036854775808", 422),
    ("anon", "/disclosure?period=0001", 422),
    ("anon", "/disclosure?period=0001-01", 422),
    ("anon", "/api/v1/notices?offset=9223372036854775808", 422),
    ("anon", "/api/v1/notices?limit=1000", 422),
    ("applicant", "/api/v1/claims?offset=2147483648", 422),
    ("applicant", "/api/v1/claims?limit=-1", 422),
    ("bureau", "/api/v1/queue?offset=2147483648", 422),
    ("bureau", "/api/v1/queue?from=0001-01-01", 422),
    ("finance", "/finance/reconciliation.xlsx?from=0001-01-01", 422),
    ("finance", "/finance/reconciliation.xlsx?to=2026-02-30", 422),
    ("admin", "/admin/processes/migrations?target=2147483648", 422),
    ("admin", "/admin/processes/diff?old=2147483648&new=1", 422),
    ("applicant", "/claims/new?draft=2147483648", 422),
    ("applicant", "/claims/new?draft=²", 422),
]


def test_arguments_out_of_range_are_refused_with_the_error(hostile):
    found = Findings(hostile)
    for who, path, status in REFUSED:
        client, _token = _client_of(hostile, who)
        answer = client.get(path)
        per_field = not _is_api(path) or (answer.json["error"] == "invalid"
                                          and bool(answer.json["fields"]))
        found.check(answer, lambda s, st=status, ok=per_field: s == st and ok, who, path)
    found.assert_none()


def test_page_forms_refuse_numbers_and_days_out_of_range_beside_the_field(hostile):
    """A form with a day past the calendar or a number past the columns comes back with the
    message beside its field (422)."""
    applicant, token = _client_of(hostile, "applicant")
    answer = applicant.post("/claims/new", data={
        **form_claim(certificate_issued_on="0001-01-01"), "csrf_token": token})
    page = answer.get_data(as_text=True)
    assert answer.status_code == 422 and "1900-01-01" in page and 'value="0001-01-01"' in page
    admin, token = _client_of(hostile, "admin")
    answer = admin.post("/admin/targets", data={
        "csrf_token": token, "pack": "pengyang", "code": "x", "first_year": "9" * 30,
        "value": "1", "note": "n"})
    assert answer.status_code == 422 and "2147483647" in answer.get_data(as_text=True)
    answer = admin.post("/admin/budgets", data={"csrf_token": token, "pack": "pengyang",
                                                "year": "²", "amount": "1", "note": "n"})
    assert answer.status_code == 422 and "2147483647" in answer.get_data(as_text=True)
    department, token = _client_of(hostile, "department")
    answer = department.post(f"/claims/{hostile['claim']}/tasks/{hostile['task']}", data={
        "csrf_token": token, "decision": "approve", "version": "9" * 5000})
    assert answer.status_code == 422 and "2147483647" in answer.get_data(as_text=True)


# Exports are built later by a worker: what it could not query with is refused when asked.
UNEXPORTABLE = [
    ("bureau", {"kind": "training", "year": "0001"}),
    ("bureau", {"kind": "training", "year": "99999999999"}),
    ("bureau", {"kind": "training", "year": "²"}),
    ("bureau", {"kind": "queue", "from": "0001-01-01"}),
    ("bureau", {"kind": "queue", "to": "9999-12-31"}),
    ("finance", {"kind": "batch_lines", "batch_id": "9223372036854775808"}),
    ("bureau", {"kind": "roster", "claim_id": "9223372036854775808"}),
    ("bureau", {"kind": "roster", "claim_id": "-1"}),
]


def test_an_export_that_could_not_run_is_refused_when_asked(hostile):
    """A year, day or batch the worker could not query with is refused with the form (422),
    not queued to fail out of sight."""
    found = Findings(hostile)
    for who, fields in UNEXPORTABLE:
        client, token = _client_of(hostile, who)
        found.check(client.post("/exports", data={**fields, "csrf_token": token}), _is(422),
                    who, fields)
    found.assert_none()
    with sessions(hostile["app"])() as s:
        assert s.scalar(select(func.count()).select_from(ExportJob)) == 1  # the world's
