"""Errors an applicant (or anyone) reads: an empty field is "required", registration says
everything at once, switching language loses nothing typed, refusals and 404s in the reader's
language, fields and sources by the names the page gives them."""

from __future__ import annotations

import re

from sqlalchemy import select

from tests.integration.helpers import accept_claims, actors_of, publish
from tests.integration.pages.conftest import form_claim, post
from web.db import runtime, sessions
from workflow.persistence.models import ClaimDraft

SEED_FILE = re.compile(r"\d{3}_[0-9a-f]{16}\.txt")


def _error(html: str, name: str) -> str:
    found = re.search(rf'id="e-{name}">([^<]*)<', html)
    assert found, f"no error beside {name}"
    return found.group(1)


def _errors(html: str) -> dict[str, str]:
    return dict(re.findall(r'<p class="error" id="e-(\w+)">([^<]*)<', html))


def test_an_empty_field_is_said_to_be_required(app, browser):
    applicant = browser("applicant")
    answer = post(applicant, "/claims/new", form_claim(full_name="", certificate_number="",
                                                       phone=""))
    assert answer.status_code == 422
    html = answer.get_data(as_text=True)
    for name in ("full_name", "certificate_number", "phone"):
        assert _error(html, name) == "此项为必填。", name
    assert "长度须在" not in html
    english = post(applicant, "/claims/new?lang=en", form_claim(full_name=""),
                   form_page="/claims/new")
    assert _error(english.get_data(as_text=True), "full_name") == "This field is required."


def test_registration_shows_every_error_in_one_answer(app, browser):
    visitor = browser(None)
    answer = post(visitor, "/register", {
        "full_name": "", "id_number": "642226199001011235", "phone": "139",
        "username": "wangwu", "password": "password1"})
    assert answer.status_code == 422
    errors = _errors(answer.get_data(as_text=True))
    # The schema's two and the password rule's one, in the same answer.
    assert set(errors) == {"full_name", "phone", "password"}, errors
    assert errors["full_name"] == "此项为必填。"


def test_a_taken_username_is_said_with_the_other_errors(app, browser):
    visitor = browser(None)
    answer = post(visitor, "/register", {
        "full_name": "王五", "id_number": "6422", "phone": "13900000001",
        "username": "applicant", "password": "麦子熟了就回家过年"})
    assert set(_errors(answer.get_data(as_text=True))) == {"id_number", "username"}


def test_the_api_registration_also_says_everything_at_once(client):
    answer = client.post("/api/v1/auth/register", json={
        "username": "wangwu", "password": "password1", "full_name": "",
        "id_number": "642226199001011235", "phone": "139"})
    assert answer.status_code == 422
    assert set(answer.json["fields"]) == {"full_name", "phone", "password"}


def test_switching_language_keeps_the_claim_form_as_a_draft(app, browser):
    applicant = browser("applicant")
    page = applicant.get("/claims/new").get_data(as_text=True)
    # The switch is a button of the claim form: it posts what was typed.
    assert re.search(r'<button[^>]*form="claim-form"[^>]*name="lang" value="en"', page)
    switched = post(applicant, "/claims/new", {**form_claim(certificate_number="TZ-9"),
                                               "lang": "en"}, form_page="/claims/new")
    assert switched.status_code == 302
    again = applicant.get(switched.headers["Location"]).get_data(as_text=True)
    assert "Apply for the vocational training subsidy" in again  # English now
    assert 'value="TZ-9"' in again and 'value="张三"' in again
    with sessions(app)() as s:
        [draft] = s.scalars(select(ClaimDraft)).all()
        assert "lang" not in draft.values
    # The link on a draft's page keeps the draft too.
    back = applicant.get(f"/claims/new?draft={draft.id}&lang=zh").get_data(as_text=True)
    assert "申请职业技能培训补贴" in back or 'value="TZ-9"' in back
    assert 'value="TZ-9"' in back


def test_switching_language_keeps_the_registration_form(app, browser):
    visitor = browser(None)
    switched = post(visitor, "/register", {"full_name": "王五", "phone": "13900000001",
                                           "id_number": "", "username": "wangwu",
                                           "password": "", "lang": "en"})
    assert switched.status_code == 200
    html = switched.get_data(as_text=True)
    assert "Create an account" in html and 'value="王五"' in html and 'value="wangwu"' in html
    assert not _errors(html)  # nothing was submitted: no errors yet


def test_a_link_to_the_other_language_keeps_the_page_arguments(app, browser):
    township = browser("township")
    html = township.get("/queue?stage=township_review").get_data(as_text=True)
    assert 'href="/queue?stage=township_review&amp;lang=en"' in html


def test_refusals_and_missing_pages_are_in_the_readers_language(app, browser):
    anonymous = browser(None)
    missing = anonymous.get("/no/such/page")
    assert missing.status_code == 404
    html = missing.get_data(as_text=True)
    assert "未找到" in html and "此网址没有内容" in html
    assert "requested URL" not in html
    english = anonymous.get("/no/such/page?lang=en").get_data(as_text=True)
    assert "There is nothing at this address" in english
    refused = browser("applicant").get("/admin/users")
    assert refused.status_code == 403
    html = refused.get_data(as_text=True)
    main = html[html.index("<main"):]
    assert "无权操作" in main and "您的角色无权进行此操作" in main
    assert "your role may not do this" not in main


def test_errors_name_fields_by_their_labels(app):
    from flask import render_template_string

    with app.test_request_context("/?lang=zh"):
        listed = render_template_string(
            '{% from "macros.html" import form_errors with context %}{{ form_errors(errors) }}',
            errors={"contact_office": "x", "results": "y", "no_such_field": "z"})
    named = re.findall(r'<a href="#f-\w+">([^<]*)</a>', listed)
    assert named[0] == "受理科室" and named[2] == "本表单"
    assert named[1].startswith("银行") and "results" not in named[1]
    assert "no_such_field" not in re.sub(r'href="#f-\w+"', "", listed)


def test_sources_are_cited_by_title_not_by_file_name(app, browser):
    page = browser("admin").get("/admin/policy").get_data(as_text=True)
    assert "《彭阳县职业技能提升培训三年行动方案》" in page
    assert not SEED_FILE.search(page), SEED_FILE.search(page).group(0)


def test_switching_language_keeps_an_objection_being_written(app, browser):
    factory = sessions(app)
    people = actors_of(factory)
    accept_claims(factory, runtime(app), people, 1, "LANG")
    batch = publish(factory, runtime(app), people["bureau"])
    public = browser(None)
    form = f"/notices/{batch.id}/object?row=1"
    assert 'form="objection-form" name="lang" value="en"' in public.get(form).get_data(
        as_text=True)
    switched = post(public, f"/notices/{batch.id}/object", {
        "row_number": "1", "name": "王某", "contact": "", "reason": "此人未参加培训",
        "lang": "en"}, form_page=form)
    assert switched.status_code == 200
    html = switched.get_data(as_text=True)
    assert "Object to a subsidy on notice" in html and "此人未参加培训" in html
    assert 'value="王某"' in html and not _errors(html)
