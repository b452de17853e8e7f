"""The WeasyPrint half of the notice renderer: lay out HTML with nothing fetched from outside.

Kept apart from render.py so that a process that only merges parts never imports WeasyPrint.
Nothing is fetched: the stylesheet is passed as a string, fonts come from fontconfig (Debian
fonts-noto-cjk), and the URL fetcher refuses anything but files under templates/pdf, failing
the render (fail_on_errors) rather than silently printing without the resource.

Memory: WeasyPrint 70 copies the whole font file into a Python bytes object for every font it
embeds (`pdf/fonts.py`, `Font.__init__`), only to replace it with the HarfBuzz subset a moment
later. For the 19.5 MB Noto CJK collection that copy, plus every page of the memory-mapped file
it touches, cost ~30 MB at the peak of each process that writes a PDF. `_defer_font_copies`
makes that copy lazy: it is made only if something other than the HarfBuzz subsetter asks for
it (variable or colour fonts, the fontTools fallback), so the output is unchanged.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from weasyprint import CSS, HTML
from weasyprint.document import Document
from weasyprint.pdf import fonts as pdf_fonts
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from workflow.notices.render import TEMPLATES


class LocalOnlyFetcher(URLFetcher):
    """Serve only files inside templates/pdf; with fail_on_errors any other URL aborts."""

    def __init__(self) -> None:
        super().__init__(fail_on_errors=True)

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        path = Path(unquote(parts.path)).resolve()
        if parts.scheme != "file" or parts.netloc or not path.is_relative_to(TEMPLATES):
            raise ValueError(f"notices fetch nothing but templates/pdf files, not {url!r}")
        return super().fetch(url, headers)


_NOT_READ = object()          # Font.file_content before anything has asked for it
_PATCHING = threading.Lock()


def _defer_font_copies() -> None:
    """Patch WeasyPrint's Font (once) so that the whole font file is copied only when read.

    Font.__init__ sets `file_content` from `get_hb_object_data(self.hb_face)`. While a thread
    runs Font.__init__ that call returns a marker instead; `file_content` becomes a property
    that fetches the real bytes from the same HarfBuzz face on first read, which happens (if
    at all) while the PDF is written, when the subsetter reads that same face. The HarfBuzz
    subsetter reads the face, not file_content, and then sets file_content to the subset.
    Does nothing if WeasyPrint's Font no longer has that shape (the copy is then made as before).
    """
    with _PATCHING:
        _patch_font(pdf_fonts.Font)


def _patch_font(font_class: Any) -> None:  # a WeasyPrint class, patched in place
    read_face: Callable[..., Any] | None = getattr(pdf_fonts, "get_hb_object_data", None)
    if read_face is None or hasattr(font_class, "file_content"):
        return  # a WeasyPrint of another shape, or already patched
    in_init = threading.local()

    def get_hb_object_data(hb_object: Any, ot_color: str | None = None,
                           glyph: int | None = None) -> Any:
        if ot_color is None and getattr(in_init, "active", False):
            return _NOT_READ
        return read_face(hb_object, ot_color, glyph)

    original_init = font_class.__init__

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        in_init.active = True
        try:
            original_init(self, *args, **kwargs)
        finally:
            in_init.active = False

    def get_content(self: Any) -> Any:
        content = self.__dict__["_file_content"]
        if content is _NOT_READ:
            content = self.__dict__["_file_content"] = read_face(self.hb_face)
        return content

    def set_content(self: Any, content: Any) -> None:
        self.__dict__["_file_content"] = content

    pdf_fonts.get_hb_object_data = get_hb_object_data
    font_class.__init__ = __init__
    font_class.file_content = property(get_content, set_content)


def layout(html: str, css: str) -> Document:
    """Lay out `html` with the stylesheet `css`; relative URLs resolve inside templates/pdf."""
    _defer_font_copies()
    fetcher = LocalOnlyFetcher()
    fonts = FontConfiguration()
    return HTML(string=html, base_url=TEMPLATES.as_uri() + "/", url_fetcher=fetcher).render(
        stylesheets=[CSS(string=css, url_fetcher=fetcher, font_config=fonts)],
        font_config=fonts)
