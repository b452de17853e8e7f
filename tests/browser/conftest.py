"""A live butie on 127.0.0.1 (SQLite file, demo-free) and Debian's Chromium driven by Playwright.

Every page fails the test on a JavaScript console error or an uncaught exception. Screenshots of
the main pages go to tests/artifacts/ for people to look at.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from werkzeug.serving import make_server

from tests.conftest import BPMN_DIR, NOW, create_users
from web import create_app
from web.db import runtime, sessions
from workflow.persistence.migrate import upgrade
from workflow.services import definitions

CHROMIUM = os.environ.get("BUTIE_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]





def _needs_chromium() -> None:
    """Skip cleanly where Debian's Chromium is not installed (a `pytestmark` in a conftest
    applies to no test, so the fixtures say it)."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")


@pytest.fixture
def live(tmp_path: Path) -> Iterator[dict[str, Any]]:
    _needs_chromium()
    url = f"sqlite:///{tmp_path}/live.db"
    upgrade(url)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "browser", "TESTING": True,
                      "UPLOAD_FOLDER": str(tmp_path / "uploads")})
    clock = [NOW]
    runtime(app).clock = lambda: clock[0]
    with sessions(app).begin() as session:
        definitions.deploy(session, definitions.PROCESS_ID,
                           definitions.read_directory(BPMN_DIR), "test", "test", NOW)
        create_users(session)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {"base": f"http://127.0.0.1:{server.server_port}", "app": app, "clock": clock}
    server.shutdown()
    app.extensions["butie.engine"].dispose()


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    _needs_chromium()
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def open_page(chromium: Any, live: dict[str, Any]) -> Iterator[Any]:
    """New pages in fresh contexts (one per user); console errors fail the test at the end."""
    problems: list[str] = []
    contexts: list[Any] = []

    def _open(width: int = 1280, height: int = 900, allow: tuple[str, ...] = ()) -> Any:
        """`allow`: console errors a vendor bundle is known to print (each cited where used)."""
        context = chromium.new_context(viewport={"width": width, "height": height},
                                       locale="zh-CN")
        contexts.append(context)
        page = context.new_page()
        ignored = ("Failed to load resource", *allow)
        # A 4xx page (a refused form) is expected; a script, style or asset that fails is not.
        page.on("console", lambda m: problems.append(m.text) if m.type == "error"
                and not m.text.startswith(ignored) else None)
        page.on("response", lambda r: problems.append(f"{r.status} {r.url}")
                if r.status >= 400 and r.request.resource_type != "document" else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on("dialog", lambda d: d.accept())  # confirmations: the user says yes
        page.set_default_timeout(10_000)
        return page

    yield _open
    for context in contexts:
        context.close()
    assert not problems, f"JavaScript errors: {problems}"


def shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def have_chromium() -> bool:
    return shutil.which("chromium") is not None
