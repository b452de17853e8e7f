"""Pages through Flask's test client, CSRF on, as a browser would post them."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
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

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def token(user: FlaskClient, path: str) -> str:
    page = user.get(path)
    found = CSRF.search(page.get_data(as_text=True))
    assert found, f"no CSRF token on {path}"
    return found.group(1)


def post(user: FlaskClient, path: str, data: dict[str, Any], form_page: str | None = None,
         **kw: Any) -> Any:
    """POST a form with the CSRF token read from the page the form is on."""
    return user.post(path, data={**data, "csrf_token": token(user, form_page or path)}, **kw)


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
