"""A township reviewer works through the queue in the workbench (issue 18 item 8), at 1280 px
and on a 375 px phone: the queue beside the claim, its checks on top, the scans inline beside
the form, the diagram in Chinese and folded, a canned reason on a return that the applicant
reads, the next claim opening after each decision, and a claim whose checks pass decided in
two clicks from the queue (clicks counted)."""

from __future__ import annotations

import io
import struct
import zlib
from typing import Any

from pypdf import PdfWriter
from sqlalchemy import select

from tests.browser.conftest import shot
from tests.browser.test_journeys import login
from tests.conftest import claim_input
from tests.integration.helpers import file, id_number_of, person
from web.db import files, runtime, sessions
from workflow.persistence.models import CannedReason, Claim
from workflow.services import attachments


def _png() -> bytes:
    """A real 16x16 grey PNG (the viewer shows it; the browser must decode it)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    rows = b"".join(b"\x00" + b"\x80" * 16 for _ in range(16))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 16, 16, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def _pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(300, 200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _claims(live: dict[str, Any], n: int) -> list[tuple[int, str]]:
    """N claims of new people at township review, oldest first, the first with a certificate
    scan (PDF) and an ID card (PNG): (claim id, the applicant's username)."""
    app = live["app"]
    f, rt = sessions(app), runtime(app)
    made = []
    for i in range(n):
        who = person(f, 800 + i)
        claim_id = file(f, rt, who, claim_input(
            certificate_number=f"TZ-BROWSER-{i}", id_number=id_number_of(f, who),
            account_number=f"622848000000{i:07d}"))
        live["clock"][0] = rt.clock()  # the same moment: order by the task's id
        made.append((claim_id, f"person{800 + i}"))
    with f.begin() as s:
        first = made[0][0]
        for kind, name, data in (("certificate_scan", "证书.pdf", _pdf()),
                                 ("id_card", "身份证.png", _png())):
            attachments.store(s, files(app), _actor(s, made[0][1]), attachments.Upload(
                kind, name, data), rt.clock(), 10**6, claim_id=first)
    return made


def _actor(session: Any, username: str) -> Any:
    from workflow.persistence.models import User
    from workflow.services import users

    return users.actor_of(session.scalars(select(User).where(User.username == username)).one())


class Clicks:
    """Every click the reviewer makes, counted."""

    def __init__(self, page: Any) -> None:
        self.page, self.count = page, 0

    def __call__(self, selector: str) -> None:
        self.count += 1
        self.page.click(selector)
        self.page.wait_for_load_state()


def _box(page: Any, selector: str) -> dict[str, float]:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return box


def _stage(live: dict[str, Any], claim_id: int) -> str:
    with sessions(live["app"])() as s:
        claim = s.get(Claim, claim_id)
        assert claim is not None
        return claim.stage


def test_a_township_reviewer_works_through_the_queue(live, open_page):
    base = live["base"]
    (first, _), (second, second_owner), (third, _) = _claims(live, 3)
    page = open_page(1280, 900)
    login(page, base, "township")
    page.goto(f"{base}/workbench")
    page.check("#wb-select-all")  # every claim whose checks pass, for bulk approval
    assert page.locator("#wb-bulk input[name=claim_ids]:checked").count() == 3
    page.uncheck("#wb-select-all")
    assert page.locator("#wb-bulk input[name=claim_ids]:checked").count() == 0
    click = Clicks(page)

    # 1280 px: open the oldest claim from the queue (click 1).
    click(f".wb-list a[href^='/workbench/claims/{first}']")
    queue, detail = _box(page, ".wb-queue"), _box(page, ".wb-detail")
    assert queue["x"] + queue["width"] <= detail["x"] + 1  # side by side
    assert abs(queue["y"] - detail["y"]) < 40
    checks = _box(page, "#checks-h")
    assert checks["y"] < 400  # on top (it was 1,230 px down the claim page)
    assert checks["y"] < _box(page, "#facts-h")["y"] < _box(page, "#scans-h")["y"]
    scans, form = _box(page, ".wb-scans"), _box(page, ".wb-decide")
    assert scans["x"] + scans["width"] <= form["x"] + 1 and form["y"] < scans["y"] + 100
    # The scans inline: the PDF in the browser's viewer inside the page, the ID card an image.
    page.wait_for_function("document.querySelector('.wb-scan img').naturalWidth === 16")
    pdf = page.frame_locator("iframe.wb-pdf")
    assert pdf.locator("embed, body").first.count() >= 1
    assert any(f.url.endswith("?view=inline") for f in page.frames)
    assert page.url.startswith(f"{base}/workbench/claims/{first}")  # never navigated away
    # The diagram: folded, in Chinese, no element id anywhere a reviewer reads.
    assert "Task_" not in page.inner_text("main")
    assert page.get_attribute("#wb-diagram", "open") is None
    summary = page.locator("#wb-diagram summary")
    summary.scroll_into_view_if_needed()  # below the fold: brought up before it is clicked
    summary.click()
    page.wait_for_selector("#claim-diagram[data-ready=true]")
    label = page.text_content("#claim-diagram [data-element-id=Task_township_review]") or ""
    assert "乡镇身份审核" in label and "Task_" not in page.inner_text("main")
    shot(page, "workbench-1280")

    # Its checks pass: "通过并下一件" (click 2) decides it and opens the next claim, held.
    before = click.count
    click(".wb-buttons button[value=approve]")
    assert click.count == 2 and before == 1  # two clicks from the queue
    assert _stage(live, first) == "department_review"
    assert page.url.startswith(f"{base}/workbench/claims/{second}")
    assert "您正在办理这件申请" in page.inner_text(".wb-hold")

    # Return the next with a canned reason and a word of one's own: the applicant reads both.
    with sessions(live["app"])() as s:
        reason = s.scalars(select(CannedReason).where(
            CannedReason.stage == "township_review").order_by(CannedReason.position)).first()
        assert reason is not None
    page.check(f".wb-reasons input[value='{reason.id}']")
    page.fill("#f-comment", "请重新拍摄")
    click(".wb-buttons button[value=return]")
    assert _stage(live, second) == "correction"
    assert page.url.startswith(f"{base}/workbench/claims/{third}")
    applicant = open_page(375, 740)
    login(applicant, base, second_owner)
    applicant.goto(f"{base}/claims/{second}")
    assert f"{reason.text}；请重新拍摄" in applicant.inner_text("main")

    # 375 px: the queue, then the claim below it, nothing wider than the phone.
    phone = open_page(375, 740)
    login(phone, base, "township")
    phone.goto(f"{base}/workbench")
    tap = Clicks(phone)
    tap(f".wb-list a[href^='/workbench/claims/{third}']")
    queue, detail = _box(phone, ".wb-queue"), _box(phone, ".wb-detail")
    assert queue["y"] + queue["height"] <= detail["y"] + 1  # list then detail
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    assert _box(phone, "#checks-h")["y"] < _box(phone, "#facts-h")["y"]
    assert phone.locator(".wb-buttons button[value=approve]").is_visible()
    shot(phone, "workbench-375")
    tap(".wb-buttons button[value=approve]")
    assert tap.count == 2 and _stage(live, third) == "department_review"
    assert "没有其他可领取的申请" in phone.inner_text(".flashes")
