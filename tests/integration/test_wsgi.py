"""The WSGI entry point gunicorn loads."""

from __future__ import annotations

import pytest

from web.wsgi import make_app


def test_web_processes_never_run_the_ticker(monkeypatch: pytest.MonkeyPatch, tmp_path):
    """Timers belong to `butie worker`: a web process started with BUTIE_TICKER=1 by mistake
    still starts no ticker thread (each gunicorn worker would run one)."""
    monkeypatch.setenv("BUTIE_TICKER", "1")
    monkeypatch.setenv("BUTIE_DATABASE_URL", f"sqlite:///{tmp_path}/w.db")
    app = make_app()
    try:
        assert app.config["TICKER"] is False
        assert "butie.ticker_stop" not in app.extensions
        assert app.test_client().get("/health").json["ok"] is True
    finally:
        app.extensions["butie.engine"].dispose()
