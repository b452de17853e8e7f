"""Pages through Flask's test client, CSRF on, as a browser would post them."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.conftest import PASSWORD
from tests.integration.api.conftest import (  # noqa: F401 - shared fixtures
    SCAN_PDF,
    SCAN_PNG,
    app,
    claim_body,
    client,
    login,
)
from tests.sms_gateway import LocalGateway, local_gateway

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
SEEN = re.compile(r'name="seen" value="([^"]*)"')


def token(user: FlaskClient, path: str) -> str:
    page = user.get(path)
    found = CSRF.search(page.get_data(as_text=True))
    assert found, f"no CSRF token on {path}"
    return found.group(1)


def post(user: FlaskClient, path: str, data: dict[str, Any], form_page: str | None = None,
         **kw: Any) -> Any:
    """POST a form with the CSRF token read from the page the form is on."""
    return user.post(path, data={**data, "csrf_token": token(user, form_page or path)}, **kw)


def set_amount(user: FlaskClient, data: dict[str, Any], form_page: str = "/admin/policy",
               **kw: Any) -> Any:
    """Set an amount the source lost as an administrator does (issue 18 item 14): the form,
    then the confirmation of how many waiting claims it prices. A refused form (or a refusal
    to confirm) is returned as it came."""
    first = post(user, "/admin/policy/amounts", data, form_page=form_page, **kw)
    seen = SEEN.search(first.get_data(as_text=True))
    if first.status_code != 200 or seen is None:
        return first
    return post(user, "/admin/policy/amounts", {**data, "seen": seen.group(1)},
                form_page=form_page, **kw)


@pytest.fixture
def browser(app: Any) -> Callable[[str | None], FlaskClient]:  # noqa: F811
    """A fresh client per user, logged in through the login page (None: anonymous)."""

    def _as(username: str | None) -> FlaskClient:
        user = app.test_client()
        if username is not None:
            answer = post(user, "/login", {"username": username, "password": PASSWORD})
            assert answer.status_code == 302, answer.get_data(as_text=True)
        return user

    return _as


def scan_files() -> dict[str, Any]:
    """The scans every pack requires, as the form's file fields."""
    return {"attachment_certificate_scan": (io.BytesIO(SCAN_PDF), "证书.pdf"),
            "attachment_id_card": (io.BytesIO(SCAN_PNG), "身份证.png")}


def form_claim(scans: bool = True, **overrides: Any) -> dict[str, Any]:
    """The claim form filled in, with the required scans unless `scans` is False."""
    body: dict[str, Any] = {k: str(v) for k, v in claim_body().items() if k != "scans"}
    body["certificate_level"] = ""
    if scans:
        body.update(scan_files())
    body.update(overrides)
    return body


@pytest.fixture
def gateway() -> Iterator[LocalGateway]:
    """A local SMS gateway (127.0.0.1, a thread) recording what it receives."""
    with local_gateway() as running:
        yield running


@pytest.fixture
def browser_for() -> Callable[[Any, str], FlaskClient]:
    """A client of the given app logged in as `username` through the login page."""

    def _as(target: Any, username: str) -> FlaskClient:
        user = target.test_client()
        answer = post(user, "/login", {"username": username, "password": PASSWORD})
        assert answer.status_code == 302, answer.get_data(as_text=True)
        return user

    return _as
