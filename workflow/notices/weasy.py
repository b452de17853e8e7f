"""The WeasyPrint half of the notice renderer: lay out HTML with nothing fetched from outside.

Kept apart from render.py so that a process that only merges parts never imports WeasyPrint.
Nothing is fetched: the stylesheet is passed as a string, fonts come from fontconfig (Debian
fonts-noto-cjk), and the URL fetcher refuses anything but files under templates/pdf, failing
the render (fail_on_errors) rather than silently printing without the resource.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint import CSS, HTML
from weasyprint.document import Document
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


def layout(html: str, css: str) -> Document:
    """Lay out `html` with the stylesheet `css`; relative URLs resolve inside templates/pdf."""
    fetcher = LocalOnlyFetcher()
    fonts = FontConfiguration()
    return HTML(string=html, base_url=TEMPLATES.as_uri() + "/", url_fetcher=fetcher).render(
        stylesheets=[CSS(string=css, url_fetcher=fetcher, font_config=fonts)],
        font_config=fonts)
