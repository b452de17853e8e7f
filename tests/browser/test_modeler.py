"""The process modeler keeps what the administrator typed (issue 18 item 11): an edit in the XML
source is what is saved; unsaved changes are shown and leaving with them asks first; the first
view is readable and beside the palette, not under it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.browser.conftest import shot
from tests.browser.test_journeys import login

TYPED_LABEL = "县人社局验收（XML）"
READABLE_PX = 10  # a 12 px label at the zoom the first view keeps at least (0.85)


def _modeler(page: Any, base: str) -> str:
    """A new draft's subsidy_claim.bpmn in the modeler; returns the draft's page address."""
    login(page, base, "admin")
    page.goto(f"{base}/admin/processes")
    page.click("form[action$='/admin/processes/drafts'] button.primary")
    page.wait_for_load_state()
    draft_url = page.url
    page.goto(f"{draft_url}/edit/subsidy_claim.bpmn")
    page.wait_for_selector("#modeler[data-ready=true]")
    return str(draft_url)


def reveal(page: Any, element_id: str) -> None:
    """Scroll the canvas (the mouse wheel, as a user does) until the element is in view: the
    first view shows the diagram's start at a readable size, not all of it."""
    shape = f"#modeler-canvas [data-element-id={element_id}]"
    frame = page.eval_on_selector("#modeler-canvas", "c => c.getBoundingClientRect().toJSON()")
    page.mouse.move(frame["x"] + frame["width"] / 2, frame["y"] + frame["height"] / 2)
    for _ in range(40):
        box = page.eval_on_selector(shape, "s => s.getBoundingClientRect().toJSON()")
        right = box["x"] + box["width"] - (frame["x"] + frame["width"])
        below = box["y"] + box["height"] - (frame["y"] + frame["height"])
        if right <= -40 and below <= -40:
            return
        page.mouse.wheel(max(0, right + 80), max(0, below + 80))
        page.wait_for_timeout(50)
    raise AssertionError(f"{element_id} not reached by scrolling")


def _until(page: Any, done: Callable[[], bool]) -> None:
    """Poll from here: the modeler's CSP forbids the eval `wait_for_function` polls with."""
    for _ in range(100):
        if done():
            return
        page.wait_for_timeout(100)
    raise AssertionError("not reached in 10 s")


def _label(page: Any) -> str:
    return page.text_content("#modeler-canvas [data-element-id=Task_bureau_acceptance]") or ""


def test_an_edit_in_the_xml_source_is_what_is_saved(live, open_page):
    page = open_page()
    draft_url = _modeler(page, live["base"])
    assert page.is_hidden("#modeler-unsaved")
    page.click("#modeler-source summary")
    xml = page.input_value("#f-xml")
    assert 'name="Bureau acceptance"' in xml
    page.fill("#f-xml", xml.replace('name="Bureau acceptance"', f'name="{TYPED_LABEL}"'))
    assert page.is_visible("#modeler-unsaved")
    page.click("#modeler-save")
    page.wait_for_url(draft_url)
    assert TYPED_LABEL in page.inner_text("ul.changes")
    page.goto(f"{draft_url}/edit/subsidy_claim.bpmn")
    page.wait_for_selector("#modeler[data-ready=true]")
    assert f'name="{TYPED_LABEL}"' in page.input_value("#f-xml")
    assert TYPED_LABEL in _label(page)


def test_the_diagram_follows_the_text_and_the_text_the_diagram(live, open_page):
    page = open_page()
    draft_url = _modeler(page, live["base"])
    page.click("#modeler-source summary")
    xml = page.input_value("#f-xml")
    page.fill("#f-xml", xml.replace('name="Bureau acceptance"', f'name="{TYPED_LABEL}"'))
    page.press("#f-xml", "Tab")  # leaving the text re-imports it
    _until(page, lambda: TYPED_LABEL in _label(page))
    page.click("#modeler-canvas [data-element-id=Task_township_review]")
    page.fill("#p-name", "镇审核")
    page.press("#p-name", "Tab")
    _until(page, lambda: "镇审核" in page.input_value("#f-xml"))
    assert f'name="{TYPED_LABEL}"' in page.input_value("#f-xml")  # both edits kept
    page.click("#modeler-save")
    page.wait_for_url(draft_url)
    changes = page.inner_text("ul.changes")
    assert TYPED_LABEL in changes and "镇审核" in changes


def test_leaving_with_unsaved_changes_asks_first(live, open_page):
    page = open_page()
    draft_url = _modeler(page, live["base"])
    dialogs: list[str] = []
    page.on("dialog", lambda d: dialogs.append(d.type))  # the fixture's handler answers
    page.click("a[href$='/drafts/" + draft_url.rsplit("/", 1)[1] + "']")  # nothing changed
    page.wait_for_url(draft_url)
    assert dialogs == []
    page.go_back()
    page.wait_for_selector("#modeler[data-ready=true]")
    reveal(page, "Task_bureau_acceptance")
    page.click("#modeler-canvas [data-element-id=Task_bureau_acceptance]")
    page.fill("#p-name", "改了没存")
    page.press("#p-name", "Tab")
    assert page.is_visible("#modeler-unsaved")
    shot(page, "admin-modeler-unsaved")
    page.click("a[href$='/drafts/" + draft_url.rsplit("/", 1)[1] + "']")
    page.wait_for_url(draft_url)
    assert dialogs == ["beforeunload"]
    assert "改了没存" not in page.inner_text("main")  # left without saving, as confirmed


def test_a_save_does_not_ask_and_a_refused_save_keeps_the_text(live, open_page):
    page = open_page()
    draft_url = _modeler(page, live["base"])
    dialogs: list[str] = []
    page.on("dialog", lambda d: dialogs.append(d.type))
    page.click("#modeler-source summary")
    page.fill("#f-xml", "<not-a-diagram>")
    page.press("#f-xml", "Tab")
    page.wait_for_selector("#modeler-error:not([hidden])")
    page.click("#modeler-save")
    page.wait_for_load_state()
    assert dialogs == [] and page.url.startswith(draft_url + "/edit/")
    assert page.input_value("#f-xml") == "<not-a-diagram>"
    assert page.is_visible(".form-errors") and page.is_visible("#modeler-unsaved")


def test_the_first_view_is_readable_and_beside_the_palette(live, open_page):
    page = open_page()
    _modeler(page, live["base"])
    label = page.eval_on_selector(
        "#modeler-canvas [data-element-id=Task_bureau_acceptance] text",
        "t => t.getBoundingClientRect().height")
    assert label >= READABLE_PX, label
    palette = page.eval_on_selector("#modeler-canvas .djs-palette",
                                    "p => p.getBoundingClientRect().right")
    shapes = page.eval_on_selector_all(
        "#modeler-canvas .djs-element.djs-shape",
        "all => all.map(s => s.getBoundingClientRect().left)")
    assert shapes and min(shapes) > palette, (min(shapes), palette)
    shot(page, "admin-modeler-first-view")
