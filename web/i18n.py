"""Chinese by default, English on request: the locale lives in the session (Flask-Babel).

The language is switched by `?lang=` on a link, or, on a page with a form being filled in, by
a button of that form (`lang` posted with everything typed): the view gives the form back in
the new language with what was typed, or saves it as a draft, so switching loses nothing.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

from flask import Flask, request, session
from flask_babel import Babel

LOCALES = ("zh", "en")
DEFAULT_LOCALE = "zh"


def switching_language() -> bool:
    """Whether this request is a form posted by its language button (not to be acted on)."""
    return request.method == "POST" and request.form.get("lang") in LOCALES


def select_locale() -> str:
    """`?lang=` (or a form's language button) switches and is remembered; otherwise the
    session's choice, else Chinese."""
    asked = request.form.get("lang") if switching_language() else request.args.get("lang")
    if asked in LOCALES:
        session["lang"] = asked
        return asked
    chosen = session.get("lang")
    return chosen if chosen in LOCALES else DEFAULT_LOCALE


def _remember() -> None:
    """A switch is remembered even by a request that translates nothing (a redirect)."""
    asked = request.form.get("lang") if switching_language() else request.args.get("lang")
    if asked in LOCALES:
        session["lang"] = asked


def switch_url(lang: str) -> str:
    """This page's address in `lang`, its other arguments (a draft's number, a filter) kept."""
    args = request.args.to_dict(flat=False)
    args["lang"] = [lang]
    return f"{request.path}?{urlencode(args, doseq=True)}"


def init_app(app: Flask) -> None:
    folder = Path(__file__).parent / "translations"
    Babel(app, locale_selector=select_locale, default_locale=DEFAULT_LOCALE,
          default_translation_directories=str(folder), default_timezone="Asia/Shanghai")
    app.jinja_env.globals["switch_url"] = switch_url
    app.before_request(_remember)
