"""An applicant files claims only under the ID number on their account.

Registration always records one; an administrator creating an applicant must give one, and
may record one (never change one) for an older account that has none. Without one on file a
claim is refused, so nobody can file under someone else's number.
"""

from __future__ import annotations

from sqlalchemy import select

from tests.integration.pages.conftest import form_claim, post
from web.db import sessions
from workflow.persistence.models import Claim, User

OTHER_ID = "642226199001011235"  # valid check digit, held by no fixture user


def _admin_creates(browser, **fields):
    admin = browser("admin")
    body = {"username": "walkin", "full_name": "王五", "role": "applicant",
            "password": "lantern river stone 42", "scope": "", "id_number": "", **fields}
    return admin, post(admin, "/admin/users", body)


def _claims(app) -> list[Claim]:
    with sessions(app)() as s:
        return list(s.scalars(select(Claim)))


def test_an_administrator_cannot_create_an_applicant_without_an_id_number(app, browser):
    _, answer = _admin_creates(browser)
    assert answer.status_code == 422
    assert "身份证号" in answer.get_data(as_text=True)
    with sessions(app)() as s:
        assert s.scalar(select(User).where(User.username == "walkin")) is None


def test_two_applicant_accounts_never_hold_the_same_id_number(app, browser):
    _, answer = _admin_creates(browser, id_number="11010519491231002X")  # `applicant` holds it
    assert answer.status_code == 422
    _, answer = _admin_creates(browser, id_number=OTHER_ID.lower())
    assert answer.status_code == 302
    with sessions(app)() as s:
        assert s.scalar(select(User.id_number).where(User.username == "walkin")) == OTHER_ID


def test_an_account_without_an_id_number_files_nothing_until_one_is_recorded(app, browser):
    with sessions(app).begin() as s:  # an account from before ID numbers were required
        user = s.scalar(select(User).where(User.username == "other_applicant"))
        user.id_number = None
        user_id = user.id
    other = browser("other_applicant")
    refused = post(other, "/claims/new", form_claim(full_name="李四", account_holder="李四",
                                                    id_number=OTHER_ID))
    assert refused.status_code == 422
    assert "没有登记身份证号" in refused.get_data(as_text=True)
    assert _claims(app) == []

    admin = browser("admin")
    page = f"/admin/users/{user_id}"
    recorded = post(admin, page, {"role": "applicant", "scope": "", "active": "y",
                                  "id_number": OTHER_ID})
    assert recorded.status_code == 302
    changed = post(admin, page, {"role": "applicant", "scope": "", "active": "y",
                                 "id_number": "11010519491231002X"})
    assert changed.status_code == 422  # the number on file never changes

    under_someone_else = post(other, "/claims/new", form_claim(
        full_name="李四", account_holder="李四", id_number="11010519491231002X"))
    assert under_someone_else.status_code == 422
    filed = post(other, "/claims/new", form_claim(full_name="李四", account_holder="李四",
                                                  id_number=OTHER_ID))
    assert filed.status_code == 302
    assert [c.id_number for c in _claims(app)] == [OTHER_ID]
