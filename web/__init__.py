"""The Flask application: the pages for every role and the REST API under /api/v1."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from flask import Flask
from flask.json.provider import DefaultJSONProvider

from web import config


class IsoJSONProvider(DefaultJSONProvider):
    """Dates as ISO 8601, not Flask's default HTTP date format."""

    @staticmethod
    def default(o: Any) -> Any:
        if isinstance(o, (date, datetime)):
            return o.isoformat()
        return DefaultJSONProvider.default(o)


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app; settings come from BUTIE_* variables, then `test_config`."""
    app = Flask(__name__, instance_relative_config=True,
                template_folder=str(Path(__file__).resolve().parents[1] / "templates"))
    app.json_provider_class = IsoJSONProvider
    app.json = IsoJSONProvider(app)
    app.config.update(config.load(test_config))
    app.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
                      JSON_AS_ASCII=False)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]

    from web import db, errors, i18n, pages, security, ticker
    from web.api import bp as api_bp

    db.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    app.register_blueprint(api_bp)
    pages.init_app(app)
    if app.config["TICKER"]:
        ticker.start(app)

    @app.get("/health")
    def health() -> Any:
        """Liveness probe."""
        return {"ok": True}

    return app
