"""The WSGI entry point for gunicorn: `gunicorn --workers 4 'web.wsgi:make_app()'`.

A factory rather than a module-level app, so importing this module reads no settings.
Settings come from BUTIE_* variables as for every other entry point, except the ticker: timers,
bank results and exports are the `butie worker` processes' job, never a web process's (every
gunicorn worker would otherwise run its own ticker thread).
"""

from __future__ import annotations

from flask import Flask

from web import create_app


def make_app() -> Flask:
    """The application for a web server, with the ticker thread off whatever the settings say."""
    return create_app({"TICKER": False})
