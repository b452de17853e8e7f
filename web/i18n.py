"""Chinese by default, English on request: the locale lives in the session (Flask-Babel)."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, request, session
from flask_babel import Babel

LOCALES = ("zh", "en")
DEFAULT_LOCALE = "zh"


def select_locale() -> str:
    """`?lang=` switches and is remembered; otherwise the session's choice, else Chinese."""
    asked = request.args.get("lang")
    if asked in LOCALES:
        session["lang"] = asked
        return asked
    chosen = session.get("lang")
    return chosen if chosen in LOCALES else DEFAULT_LOCALE


def init_app(app: Flask) -> None:
    folder = Path(__file__).parent / "translations"
    Babel(app, locale_selector=select_locale, default_locale=DEFAULT_LOCALE,
          default_translation_directories=str(folder), default_timezone="Asia/Shanghai")
