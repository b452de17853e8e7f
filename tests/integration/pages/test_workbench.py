"""The reviewers' workbench (issue 18 item 8) through the test client: the queue beside the
claim, checks before facts before the scans beside the form, scans shown inline within the
need-to-know rule, the diagram in the reader's language, the next claim of the same filtered
queue after a decision, canned reasons kept by administrators, select-all and page sizes."""

from __future__ import annotations

import html
import io
import re
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from sqlalchemy import select

from tests.conftest import claim_input
from tests.integration.helpers import clone_claim, file, id_number_of, person
from tests.integration.pages.conftest import form_claim, post
from web.db import runtime, sessions
from workflow.persistence.models import Attachment, AuditEvent, CannedReason, Claim, TaskHold

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
REFUSED_SCAN = "只有正在审核身份的审核人员"  # the words for a scan not served now
ADDED = "户口簿扫描件缺页（003 二（三））"
REWORDED = "姓名与身份证件不一致（003 三（三））"


class _Text(HTMLParser):
    """What a reader reads of a page: its text, not its markup or attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self.skip += tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self.skip -= tag in ("script", "style")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def text_of(page: str) -> str:
    parser = _Text()
    parser.feed(page)
    return " ".join(" ".join(parser.parts).split())


def _file_with_scans(app: Flask, browser: Any) -> tuple[int, int, int]:
    """A claim filed through the form with an ID card and a certificate scan (PDF)."""
    filed = post(browser("applicant"), "/claims/new", {
        **form_claim(), "action": "submit",
        "attachment_id_card": (io.BytesIO(PNG), "身份证.png"),
        "attachment_certificate_scan": (io.BytesIO(PDF), "证书.pdf")},
        form_page="/claims/new", content_type="multipart/form-data")
    assert filed.status_code == 302, filed.get_data(as_text=True)
    with sessions(app)() as s:
        claim = s.scalars(select(Claim)).one()
        kinds = {a.kind: a.id for a in s.scalars(select(Attachment))}
    return claim.id, kinds["id_card"], kinds["certificate_scan"]


def _new_claim(app: Flask, serial: int, **overrides: Any) -> int:
    f = sessions(app)
    who = person(f, serial)
    return file(f, runtime(app), who, claim_input(**{
        "certificate_number": f"TZ-WB-{serial}", "id_number": id_number_of(f, who),
        "account_number": f"62284800000{serial:08d}", **overrides}))


def _task(page: str) -> str:
    found = re.search(r'name="task_id" value="([^"]+)"', page)
    assert found, "no task form on the page"
    return found.group(1)


def test_checks_on_top_then_facts_then_the_scans_beside_the_form(app, browser):
    claim_id, id_card, certificate = _file_with_scans(app, browser)
    township = browser("township")
    page = township.get(f"/workbench/claims/{claim_id}").get_data(as_text=True)
    # The queue and the claim on one page, the claim's sections in the order a reviewer reads.
    order = [page.index(marker) for marker in (
        'id="wb-queue-h"', 'id="checks-h"', 'id="facts-h"', 'id="scans-h"', 'id="decide-h"')]
    assert order == sorted(order)
    assert 'class="wb-item current"' in page  # the open claim is marked in the list
    # Scans inline, through the attachment route and its need-to-know check: the PDF in a
    # frame, the ID card (the township verifies identity now) as an image.
    assert (f'<iframe class="wb-pdf" src="/claims/{claim_id}/files/{certificate}?view=inline"'
            in page)
    assert f'<img src="/claims/{claim_id}/files/{id_card}?view=inline"' in page
    framed = township.get(f"/claims/{claim_id}/files/{certificate}?view=inline")
    assert framed.status_code == 200 and framed.mimetype == "application/pdf"
    assert framed.headers["Content-Disposition"].startswith("inline")
    assert "frame-ancestors 'self'" in framed.headers["Content-Security-Policy"]
    assert framed.headers["X-Frame-Options"] == "SAMEORIGIN"
    # Without view=inline the route answers as before: a download no page may frame.
    plain = township.get(f"/claims/{claim_id}/files/{certificate}")
    assert plain.headers["Content-Disposition"].startswith("attachment")
    assert plain.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in plain.headers["Content-Security-Policy"]
    # Past identity review the ID card stays unlinked, with the reason, as on the claim page.
    post(township, f"/workbench/claims/{claim_id}/decide",
         {"task_id": _task(page), "decision": "approve"},
         form_page=f"/workbench/claims/{claim_id}")
    department = browser("department")
    later = department.get(f"/workbench/claims/{claim_id}").get_data(as_text=True)
    assert f"/files/{id_card}" not in later and REFUSED_SCAN in later
    assert f'src="/claims/{claim_id}/files/{certificate}?view=inline"' in later
    assert department.get(f"/claims/{claim_id}/files/{id_card}?view=inline").status_code == 403


def test_the_diagram_speaks_the_readers_language_and_starts_folded(app, browser):
    claim_id = _new_claim(app, 700)
    township = browser("township")
    page = township.get(f"/workbench/claims/{claim_id}").get_data(as_text=True)
    read = text_of(page)
    assert "Task_" not in read and "Gateway_" not in read  # no element id to read
    assert "流程位置: 乡镇身份审核" in read and "当前所在: 乡镇身份审核" in read
    folded = re.search(r'<details class="wb-more" id="wb-diagram"( open)?>', page)
    assert folded and folded.group(1) is None
    xml = township.get(f"/workbench/claims/{claim_id}/diagram.bpmn").get_data(as_text=True)
    assert 'id="Task_township_review" name="乡镇身份审核"' in xml
    assert 'name="县人社局"' in xml and 'name="Bureau"' not in xml  # the lanes too
    assert 'name="objection"' in xml  # a message's name is the engine's: unchanged
    english = township.get(f"/workbench/claims/{claim_id}/diagram.bpmn?lang=en")
    assert 'name="Township identity review"' in english.get_data(as_text=True)


def _location(answer: Any) -> tuple[str, dict[str, list[str]]]:
    assert answer.status_code == 302, answer.get_data(as_text=True)[:500]
    parts = urlsplit(answer.headers["Location"])
    return parts.path, parse_qs(parts.query)


def test_a_decision_opens_the_next_claim_of_the_same_filtered_queue(app, browser):
    first = _new_claim(app, 710)
    other = _new_claim(app, 711, certificate_code="PY-23", certificate_name="消防设施操作员")
    second = _new_claim(app, 712)
    held = _new_claim(app, 713)
    township = browser("township")
    api = app.test_client()
    token = api.post("/api/v1/auth/login", json={"username": "township", "password":
                                                 "correct horse"}).json["token"]
    assert token
    filters = "certificate_code=PY-22&limit=50"
    listing = township.get(f"/workbench?{filters}").get_data(as_text=True)
    assert html.escape(f"/workbench/claims/{first}?{filters}") in listing  # filters carried
    assert f"/workbench/claims/{other}?" not in listing
    page = township.get(f"/workbench/claims/{first}?{filters}").get_data(as_text=True)
    assert page.count('name="certificate_code" value="PY-22"') >= 2  # kept by every form
    # Someone else holds `held`: the next claim is `second`, the oldest free one matching.
    _hold_for_another(app, held)
    answer = post(township, f"/workbench/claims/{first}/decide",
                  {"task_id": _task(page), "decision": "approve", "certificate_code": "PY-22",
                   "limit": "50"}, form_page=f"/workbench/claims/{first}?{filters}")
    path, query = _location(answer)
    assert path == f"/workbench/claims/{second}"
    assert query == {"certificate_code": ["PY-22"], "limit": ["50"]}
    with sessions(app)() as s:  # opened for the reviewer: held by them
        holds = {h.claim_id: h.holder_id for h in s.scalars(select(TaskHold))}
        stage = s.get(Claim, first).stage
    assert stage == "department_review" and set(holds) == {second, held}
    nxt = township.get(answer.headers["Location"]).get_data(as_text=True)
    assert "您正在办理这件申请" in nxt
    last = post(township, f"/workbench/claims/{second}/decide",
                {"task_id": _task(nxt), "decision": "approve", "certificate_code": "PY-22",
                 "limit": "50"}, form_page=f"/workbench/claims/{second}?{filters}")
    path, query = _location(last)
    assert path == "/workbench" and query == {"certificate_code": ["PY-22"], "limit": ["50"]}
    done = township.get(last.headers["Location"]).get_data(as_text=True)
    assert "没有其他可领取的申请" in done


def _hold_for_another(app: Flask, claim_id: int) -> None:
    from tests.conftest import NOW
    from workflow.services import task_claims, users

    with sessions(app).begin() as s:
        other = users.actor_of(users.create_user(s, "township3", "correct horse",
                                                 "township_reviewer", "白阳镇赵审核", NOW,
                                                 scope="baiyang"))
        task = s.scalar(select(TaskHold.task_id).where(TaskHold.claim_id == claim_id))
        assert task is None
        from workflow.persistence.models import HumanTask

        task_id = s.scalar(select(HumanTask.task_id).where(HumanTask.claim_id == claim_id))
        task_claims.claim_task(s, other, claim_id, task_id, NOW, 30)


def test_canned_reasons_are_picked_with_free_text_and_kept_by_administrators(app, browser):
    admin = browser("admin")
    with sessions(app)() as s:
        township = [r for r in s.scalars(select(CannedReason).order_by(CannedReason.id))
                    if r.stage == "township_review"]
        department = s.scalars(select(CannedReason).where(
            CannedReason.stage == "department_review")).first()
    assert len(township) == 5 and department is not None
    assert "身份证扫描件不清晰" in township[0].text and "003" in township[0].text
    refused = post(admin, "/admin/reasons", {"stage": "township_review", "text": " "})
    assert refused.status_code == 422 and 'id="e-text"' in refused.get_data(as_text=True)
    assert "请写明申请存在的问题" in refused.get_data(as_text=True)
    assert post(admin, "/admin/reasons", {"stage": "township_review",
                                          "text": ADDED}).status_code == 302
    assert post(admin, f"/admin/reasons/{township[1].id}",
                {f"text_{township[1].id}": REWORDED},
                form_page="/admin/reasons").status_code == 302
    assert post(admin, f"/admin/reasons/{township[4].id}/remove", {},
                form_page="/admin/reasons").status_code == 302
    with sessions(app)() as s:
        audited = [(e.action, e.stage, e.changes) for e in s.scalars(
            select(AuditEvent).where(AuditEvent.action.like("reason_%")).order_by(AuditEvent.id))]
        added = s.scalars(select(CannedReason).where(CannedReason.text == ADDED)).one()
    assert audited == [
        ("reason_added", "township_review", None),
        ("reason_changed", "township_review", {"text": {"from": township[1].text,
                                                        "to": REWORDED}}),
        ("reason_removed", "township_review", None)]

    claim_id = _new_claim(app, 720)
    reviewer = browser("township")
    page = reviewer.get(f"/workbench/claims/{claim_id}").get_data(as_text=True)
    assert "户口簿扫描件缺页" in page and township[4].text not in page
    assert department.text not in page  # another stage's reasons are not offered
    # A reason of another stage is refused beside the field; what was typed stays.
    wrong = post(reviewer, f"/workbench/claims/{claim_id}/decide",
                 {"task_id": _task(page), "decision": "return", "reasons": [str(department.id)],
                  "comment": "请补充户口簿首页"}, form_page=f"/workbench/claims/{claim_id}")
    assert wrong.status_code == 422
    body = wrong.get_data(as_text=True)
    assert 'id="e-reasons"' in body and "请补充户口簿首页</textarea>" in body
    # No reason at all for a return: said beside the comment.
    bare = post(reviewer, f"/workbench/claims/{claim_id}/decide",
                {"task_id": _task(page), "decision": "return"},
                form_page=f"/workbench/claims/{claim_id}")
    assert bare.status_code == 422 and 'id="e-comment"' in bare.get_data(as_text=True)
    returned = post(reviewer, f"/workbench/claims/{claim_id}/decide",
                    {"task_id": _task(page), "decision": "return",
                     "reasons": [str(township[0].id), str(added.id)],
                     "comment": "请补充户口簿首页"}, form_page=f"/workbench/claims/{claim_id}")
    assert returned.status_code == 302
    with sessions(app)() as s:
        event = s.scalars(select(AuditEvent).where(AuditEvent.claim_id == claim_id,
                                                   AuditEvent.decision == "return")).one()
    assert event.comment == f"{township[0].text}；{ADDED}；请补充户口簿首页"


def test_select_all_takes_only_passing_claims_and_pages_hold_20_50_or_100(app, browser):
    good = _new_claim(app, 730)
    shared = _new_claim(app, 731, account_number="6228480000000000000")  # the applicant's
    file(sessions(app), runtime(app), _applicant(app), claim_input(certificate_number="TZ-OWN"))
    theirs = _new_claim(app, 732)
    _hold_for_another(app, theirs)
    township = browser("township")
    page = township.get("/workbench").get_data(as_text=True)
    assert 'id="wb-select-all"' in page
    boxes = set(re.findall(r'name="claim_ids" value="(\d+)"', page))
    # `shared` fails a check (one account, two people); `theirs` is held by another reviewer.
    assert str(good) in boxes and str(shared) not in boxes and str(theirs) not in boxes
    assert "由白阳镇赵审核办理至" in page  # the queue shows who holds it
    queue = township.get("/queue").get_data(as_text=True)  # and so does the plain queue
    assert "由白阳镇赵审核办理至" in queue and f'name="claim_ids" value="{theirs}"' not in queue
    approved = post(township, "/workbench/bulk-approve",
                    {"claim_ids": sorted(boxes)}, form_page="/workbench")
    assert approved.status_code == 302
    with sessions(app)() as s:
        assert s.get(Claim, good).stage == "department_review"
        assert s.get(Claim, theirs).stage == "township_review"
    clone_claim(sessions(app), shared, 60, prefix="WB")
    default = township.get("/workbench").get_data(as_text=True)
    assert len(re.findall(r'class="wb-item', default)) == 20
    assert re.search(r'<option value="20" selected>', default)
    fifty = township.get("/workbench?limit=50").get_data(as_text=True)
    assert len(re.findall(r'class="wb-item', fifty)) == 50
    hundred = township.get("/workbench?limit=100").get_data(as_text=True)
    assert len(re.findall(r'class="wb-item', hundred)) == 63
    odd = township.get("/workbench?limit=30").get_data(as_text=True)
    assert len(re.findall(r'class="wb-item', odd)) == 20  # refused: the default size


def _applicant(app: Flask) -> Any:
    from workflow.persistence.models import User
    from workflow.services import users

    with sessions(app)() as s:
        return users.actor_of(s.scalars(select(User).where(User.username == "applicant")).one())
