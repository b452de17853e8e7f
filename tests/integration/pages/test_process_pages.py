"""Process administration pages: drafts, checks, deploy with a note, versions and differences."""

from __future__ import annotations

import io
import re

from markupsafe import escape
from sqlalchemy import select

from tests.conftest import BPMN_DIR
from tests.integration.api.conftest import claim_body, login  # noqa: F401,F811 - fixture
from tests.integration.pages.conftest import post
from web.db import sessions
from web.security import CSP, MODELER_CSP
from workflow.persistence.models import AuditEvent, Claim, ProcessDefinition, ProcessDraft
from workflow.services import definitions

FILES = definitions.read_directory(BPMN_DIR)
BPMN = "subsidy_claim.bpmn"


def _draft(admin) -> str:
    started = post(admin, "/admin/processes/drafts", {}, form_page="/admin/processes")
    assert started.status_code == 302
    return started.headers["Location"]


def _save(admin, draft_url: str, xml: str, name: str = BPMN):
    return post(admin, f"{draft_url}/edit/{name}", {"xml": xml},
                form_page=f"{draft_url}/edit/{name}")


def _versions(app) -> list[tuple[int, str, str]]:
    with sessions(app)() as s:
        return [(d.version, d.deployed_by, d.note) for d in
                s.scalars(select(ProcessDefinition).order_by(ProcessDefinition.version))]


def test_edit_check_deploy_and_compare(app, browser, login, client):  # noqa: F811
    admin = browser("admin")
    old_claim = client.post("/api/v1/claims", json=claim_body(),
                            headers=login("applicant")).json["id"]
    draft_url = _draft(admin)
    page = admin.get(draft_url).get_data(as_text=True)
    assert "subsidy_claim.bpmn" in page and "department_routing.dmn" in page
    assert admin.get(f"{draft_url}/files/{BPMN}").get_data(as_text=True) == FILES[BPMN]

    renamed = FILES[BPMN].replace('name="Bureau acceptance"', 'name="County acceptance"')
    assert _save(admin, draft_url, renamed).status_code == 302
    page = admin.get(draft_url).get_data(as_text=True)
    assert "County acceptance" in page and "Task_bureau_acceptance" in page  # the difference
    checked = post(admin, f"{draft_url}/check", {}, form_page=draft_url).get_data(as_text=True)
    assert 'class="pass" role="status" id="problems"' in checked  # every check passed

    refused = post(admin, f"{draft_url}/deploy", {"note": ""}, form_page=draft_url)
    assert refused.status_code == 422 and _versions(app) == [(1, "test", "test")]
    deployed = post(admin, f"{draft_url}/deploy", {"note": "验收改名"}, form_page=draft_url)
    assert deployed.status_code == 302
    assert _versions(app) == [(1, "test", "test"), (2, "admin", "验收改名")]
    version_page = admin.get(deployed.headers["Location"]).get_data(as_text=True)
    assert "County acceptance" in version_page and "Bureau acceptance" in version_page
    assert admin.get(draft_url).status_code == 404  # the draft became the version

    new_claim = client.post("/api/v1/claims", json=claim_body(certificate_number="TZ-V2"),
                            headers=login("applicant")).json["id"]
    with sessions(app)() as s:
        on = {c.id: s.get(ProcessDefinition, c.definition_id).version
              for c in s.scalars(select(Claim))}
        actions = [e.action for e in s.scalars(select(AuditEvent).where(
            AuditEvent.claim_id.is_(None)).order_by(AuditEvent.id))]
    assert on == {old_claim: 1, new_claim: 2}
    assert actions == ["draft_started", "draft_saved", "deployed"]
    ids = re.findall(r'<option value="(\d+)"', admin.get("/admin/processes").get_data(as_text=True))
    diff = admin.get(f"/admin/processes/diff?old={ids[-1]}&new={ids[0]}").get_data(as_text=True)
    assert "Task_bureau_acceptance" in diff and "County acceptance" in diff


def test_a_failing_draft_is_not_deployed_and_names_the_element(app, browser):
    admin = browser("admin")
    draft_url = _draft(admin)
    _save(admin, draft_url, FILES[BPMN].replace('name="Finance"', 'name="Treasury"'))
    checked = post(admin, f"{draft_url}/check", {}, form_page=draft_url).get_data(as_text=True)
    assert "Lane_finance" in checked and "Treasury" in checked
    answer = post(admin, f"{draft_url}/deploy", {"note": "rename"}, form_page=draft_url)
    assert answer.status_code == 422 and "Lane_finance" in answer.get_data(as_text=True)
    assert len(_versions(app)) == 1


def test_a_hostile_upload_is_refused_and_the_draft_keeps_its_files(app, browser):
    admin = browser("admin")
    draft_url = _draft(admin)
    xxe = ('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           "<d>&x;</d>")
    answer = post(admin, f"{draft_url}/files", {
        "files": (io.BytesIO(xxe.encode()), BPMN)}, form_page=draft_url,
        content_type="multipart/form-data")
    assert answer.status_code == 422 and "DTD" in answer.get_data(as_text=True)
    assert admin.get(f"{draft_url}/files/{BPMN}").get_data(as_text=True) == FILES[BPMN]
    bad_name = post(admin, f"{draft_url}/files", {
        "files": (io.BytesIO(b"<a/>"), "../../evil.py")}, form_page=draft_url,
        content_type="multipart/form-data")
    assert bad_name.status_code == 422
    new = post(admin, "/admin/processes/drafts/upload", {
        "files": (io.BytesIO(xxe.encode()), BPMN)}, form_page="/admin/processes",
        content_type="multipart/form-data")
    assert new.status_code == 422
    with sessions(app)() as s:
        assert len(list(s.scalars(select(ProcessDraft)))) == 1  # only the first draft


def test_upload_a_new_file_then_discard(app, browser):
    admin = browser("admin")
    dmn = FILES["department_routing.dmn"].replace('"hr_bureau"', '"market"')
    started = post(admin, "/admin/processes/drafts/upload", {
        "files": (io.BytesIO(dmn.encode()), "department_routing.dmn")},
        form_page="/admin/processes", content_type="multipart/form-data")
    assert started.status_code == 302
    page = admin.get(started.headers["Location"]).get_data(as_text=True)
    assert "Rule_outside_catalogue" in page  # the changed rule, shown before deploy
    discarded = post(admin, started.headers["Location"] + "/discard", {},
                     form_page=started.headers["Location"])
    assert discarded.status_code == 302
    assert admin.get(started.headers["Location"]).status_code == 404


def test_only_administrators_and_only_the_modeler_relaxes_styles(app, browser):
    assert browser("bureau").get("/admin/processes").status_code == 403
    admin = browser("admin")
    draft_url = _draft(admin)
    modeler = admin.get(f"{draft_url}/edit/{BPMN}")
    assert modeler.headers["Content-Security-Policy"] == MODELER_CSP
    assert "script-src 'self';" in MODELER_CSP
    assert admin.get(draft_url).headers["Content-Security-Policy"] == CSP
    assert admin.get(f"{draft_url}/edit/nothing.bpmn").status_code == 404


def test_the_test_run_is_shown_and_a_failing_path_stops_deploy(app, browser):
    admin = browser("admin")
    draft_url = _draft(admin)
    checked = post(admin, f"{draft_url}/check", {}, form_page=draft_url).get_data(as_text=True)
    assert 'class="pass" role="status" id="trial-result"' in checked
    assert "End_paid: 8" in checked and "Task_record_payment: failed" in checked
    # Compiles and passes every static check, but a rejection finds no way out.
    _save(admin, draft_url, FILES[BPMN].replace('decision == "reject"', 'decision == "no"', 1))
    answer = post(admin, f"{draft_url}/deploy", {"note": "typo"}, form_page=draft_url)
    page = answer.get_data(as_text=True)
    assert answer.status_code == 422 and 'id="trial-result"' in page
    assert "Task_township_review: reject" in page and "Gateway_township" in page
    assert len(_versions(app)) == 1


def test_migration_dry_run_then_move(app, browser, login, client):  # noqa: F811
    admin = browser("admin")
    claim_id = client.post("/api/v1/claims", json=claim_body(),
                           headers=login("applicant")).json["id"]
    draft_url = _draft(admin)
    _save(admin, draft_url, FILES[BPMN].replace('name="Township identity review"',
                                                'name="Identity review"'))
    assert post(admin, f"{draft_url}/deploy", {"note": "rename"},
                form_page=draft_url).status_code == 302
    dry = admin.get("/admin/processes/migrations").get_data(as_text=True)
    groups = dry.split('id="migration-groups"')[1].split("</table>")[0]
    assert "Task_township_review" in groups and '<td class="num">1</td>' in groups
    moved = post(admin, "/admin/processes/migrations", {"target": ""},
                 form_page="/admin/processes/migrations")
    assert moved.status_code == 200
    with sessions(app)() as s:
        claim = s.get(Claim, claim_id)
        assert s.get(ProcessDefinition, claim.definition_id).version == 2
        assert s.scalar(select(AuditEvent.comment).where(
            AuditEvent.action == "migrated")) == "version 1 → 2"
    after = admin.get("/admin/processes/migrations").get_data(as_text=True)
    assert 'id="migration-groups"' not in after


def test_reviewers_see_the_claim_on_its_own_diagram_and_applicants_a_stage_bar(
        app, browser, login, client):  # noqa: F811
    claim_id = client.post("/api/v1/claims", json=claim_body(),
                           headers=login("applicant")).json["id"]
    admin = browser("admin")
    draft_url = _draft(admin)
    _save(admin, draft_url, FILES[BPMN].replace('name="Bureau acceptance"',
                                                'name="County acceptance"'))
    post(admin, f"{draft_url}/deploy", {"note": "rename"}, form_page=draft_url)
    township = browser("township")
    page = township.get(f"/claims/{claim_id}").get_data(as_text=True)
    assert "data-current='[\"Task_township_review\"]'" in page
    assert "[\"Start_submitted\", \"Gateway_identity\"]" in page  # the flow taken
    assert "[\"Gateway_identity\", \"Task_township_review\"]" in page
    assert '<ol class="stages"' not in page  # the stage bar is the applicant's
    xml = township.get(f"/claims/{claim_id}/diagram.bpmn")
    assert xml.mimetype == "application/xml"
    assert 'name="Bureau acceptance"' in xml.get_data(as_text=True)  # its own version 1
    applicant = browser("applicant")
    assert applicant.get(f"/claims/{claim_id}/diagram.bpmn").status_code == 403
    own = applicant.get(f"/claims/{claim_id}").get_data(as_text=True)
    assert '<ol class="stages"' in own and "claim-diagram" not in own
    assert browser("other_township").get(f"/claims/{claim_id}/diagram.bpmn").status_code == 404


def test_a_refused_save_shows_the_modeler_again_with_the_xml_as_sent(app, browser):
    """Issue 18 item 11: nothing typed in the XML source is lost when the server refuses it."""
    admin = browser("admin")
    draft_url = _draft(admin)
    typed = FILES[BPMN].replace("</bpmn:definitions>", "<oops")
    refused = _save(admin, draft_url, typed)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422 and 'id="modeler-form"' in page
    assert str(escape(typed)) in page and 'data-unsaved="true"' in page
    assert 'class="form-errors"' in page
    assert admin.get(f"{draft_url}/edit/{BPMN}").get_data(as_text=True).count("&lt;oops") == 0
