"""The Flask application: the pages for every role and the REST API under /api/v1."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from flask import Flask
from flask.json.provider import DefaultJSONProvider

from web import config, inputs, logmask


class IsoJSONProvider(DefaultJSONProvider):
    """Dates as ISO 8601, not Flask's default HTTP date format."""

    @staticmethod
    def default(o: Any) -> Any:
        if isinstance(o, (date, datetime)):
            return o.isoformat()
        return DefaultJSONProvider.default(o)

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        """JSON nested past Python's recursion limit is a body that does not parse (400), not
        a RecursionError (500)."""
        try:
            return super().loads(s, **kwargs)
        except RecursionError as exc:
            raise ValueError("JSON nested too deeply") from exc


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app; settings come from BUTIE_* variables, then `test_config`."""
    logmask.install()
    app = Flask(__name__, instance_relative_config=True,
                template_folder=str(Path(__file__).resolve().parents[1] / "templates"))
    # <int:…> bounded to the id columns, and the guard against text no column can store.
    inputs.init_app(app)
    app.json_provider_class = IsoJSONProvider
    app.json = IsoJSONProvider(app)
    app.config.update(config.load(test_config))
    config.policy_packs(app.config["POLICY_PACKS"])  # a wrong setting stops start-up
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
    # Without Debian's libharfbuzz-subset0 WeasyPrint silently subsets fonts in Python, about
    # ten times slower: say so at start-up and on /health rather than let notices crawl.
    from workflow.notices.render import fast_subsetting_available

    fast = fast_subsetting_available()
    if not fast:
        app.logger.warning("PDF notices: HarfBuzz subsetting unavailable (install "
                           "libharfbuzz-subset0); rendering will be about ten times slower")

    @app.get("/health")
    def health() -> Any:
        """Liveness probe, with what the PDF notices need."""
        return {"ok": True, "pdf_fast_subsetting": fast}

    return app
