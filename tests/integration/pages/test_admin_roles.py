"""An administrator gives every role but an enterprise's: an enterprise registers itself with
its unified social credit code (/enterprise/register), which makes its enterprise record with
the account. An account given the role by hand had no record and every page of it answered 404.
"""

from __future__ import annotations

import re

from sqlalchemy import select

from tests.integration.pages.conftest import post
from tests.integration.pages.test_enterprise_pages import registered
from web.cli import cli
from web.db import sessions
from workflow.persistence.models import User

REFUSED = "企业须凭统一社会信用代码自行注册"


def _role_choices(page: str) -> list[str]:
    """The roles the form's role field offers (the list's filter names every role)."""
    field = re.search(r'<select id="f-role".*?</select>', page, re.S)
    assert field is not None
    return [v for v in re.findall(r'value="([^"]*)"', field.group(0)) if v]


def _user(app, username: str) -> User | None:
    with sessions(app)() as s:
        return s.scalars(select(User).where(User.username == username)).one_or_none()


def test_an_administrator_cannot_create_an_enterprise_account(app, browser):
    admin = browser("admin")
    offered = _role_choices(admin.get("/admin/users").get_data(as_text=True))
    assert "township_reviewer" in offered and "enterprise" not in offered
    answer = post(admin, "/admin/users", {
        "username": "firm-by-hand", "full_name": "某企业", "role": "enterprise", "scope": "",
        "id_number": "", "password": "lantern river stone 42"})
    assert answer.status_code == 422
    assert REFUSED in answer.get_data(as_text=True)  # beside the role, in Chinese
    assert _user(app, "firm-by-hand") is None


def test_butie_create_user_refuses_an_enterprise_account(app):
    result = app.test_cli_runner().invoke(cli, [
        "create-user", "firm-cli", "--role", "enterprise", "--name", "某企业",
        "--password", "lantern river stone 42"])
    assert result.exit_code != 0 and "/enterprise/register" in result.output
    assert _user(app, "firm-cli") is None


def test_an_account_is_not_made_an_enterprise_nor_an_enterprise_another_role(app, browser):
    admin = browser("admin")
    reviewer = _user(app, "township")
    assert reviewer is not None
    turned = post(admin, f"/admin/users/{reviewer.id}", {
        "role": "enterprise", "scope": "", "active": "y"})
    assert turned.status_code == 422 and REFUSED in turned.get_data(as_text=True)
    assert _user(app, "township").role == "township_reviewer"  # type: ignore[union-attr]

    registered(browser)
    firm = _user(app, "firm0")
    assert firm is not None and firm.role == "enterprise"
    assert _role_choices(admin.get(f"/admin/users/{firm.id}").get_data(as_text=True)) == [
        "enterprise"]
    moved = post(admin, f"/admin/users/{firm.id}", {"role": "applicant", "scope": "",
                                                    "active": "y"})
    assert moved.status_code == 422
    assert "企业账户的角色不能更改" in moved.get_data(as_text=True)
    # Its own role it keeps: the administrator still deactivates it.
    assert post(admin, f"/admin/users/{firm.id}", {"role": "enterprise", "scope": ""}
                ).status_code == 302
    assert _user(app, "firm0").active is False  # type: ignore[union-attr]
