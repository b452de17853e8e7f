"""The database and the workflow runtime, wired into the app: one session per request."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, Response, current_app, g
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from web import keys
from workflow.domain.limits import Limit
from workflow.engine.budget import Limits
from workflow.persistence.crypto import Keyring
from workflow.persistence.db import make_engine, make_session_factory, read_only
from workflow.persistence.files import FileStore
from workflow.services.notices import NoticeSettings
from workflow.services.runtime import Runtime, build_runtime


def init_app(app: Flask) -> None:
    url = app.config["DATABASE_URL"]
    if url.startswith("sqlite:///") and not url.startswith("sqlite:////"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    app.extensions["butie.keyring"] = keys.keyring(app.config)
    engine = make_engine(url, app.extensions["butie.keyring"])
    app.extensions["butie.engine"] = engine
    app.extensions["butie.sessions"] = make_session_factory(engine)
    app.extensions["butie.read_sessions"] = make_session_factory(read_only(engine))
    app.extensions["butie.runtime"] = build_runtime(limits=Limits(
        steps=app.config["DIAGRAM_STEPS"], seconds=app.config["DIAGRAM_SECONDS"]))
    # Relative to the working directory, like the default SQLite file.
    app.extensions["butie.files"] = FileStore(Path(app.config["UPLOAD_FOLDER"]),
                                              app.extensions["butie.keyring"])
    app.after_request(_commit)
    app.teardown_appcontext(_close)


def sessions(app: Flask) -> sessionmaker[Session]:
    return app.extensions["butie.sessions"]  # type: ignore[no-any-return]


def keyring(app: Flask) -> Keyring:
    return app.extensions["butie.keyring"]  # type: ignore[no-any-return]


def runtime(app: Flask) -> Runtime:
    return app.extensions["butie.runtime"]  # type: ignore[no-any-return]


def notice_settings(app: Flask) -> NoticeSettings:
    return NoticeSettings(app.config["NOTICE_AUTHORITY"], app.config["NOTICE_NUMBER_PATTERN"],
                          app.config["NOTICE_WORKING_DAYS"],
                          min_working_days=app.config["NOTICE_MIN_WORKING_DAYS"])


def hourly_limit(app: Flask, setting: str) -> Limit:
    """A rate limit set per hour (OBJECTIONS_PER_HOUR, REGISTRATIONS_PER_HOUR, ...)."""
    return Limit(int(app.config[setting]))


def files(app: Flask) -> FileStore:
    return app.extensions["butie.files"]  # type: ignore[no-any-return]


def keep_on_error() -> None:
    """Commit this request's work even though it answers with an error (a refused form whose
    draft and uploads must not be lost)."""
    g.keep_on_error = True


def get_session() -> Session:
    """The request's session, opened on first use."""
    from flask import request

    if "db" not in g:
        # GET and HEAD change nothing, so they need no write lock (SQLite).
        key = "butie.read_sessions" if request.method in {"GET", "HEAD"} else "butie.sessions"
        g.db = current_app.extensions[key]()
    return g.db  # type: ignore[no-any-return]


def _commit(response: Response) -> Response:
    """Commit once at the end of a successful request; anything else is rolled back."""
    session = g.pop("db", None)
    if session is None:
        return response
    try:
        if response.status_code < 400 or g.pop("keep_on_error", False):
            session.commit()
        else:
            session.rollback()
    except OperationalError as exc:  # the database went away before the commit: nothing kept
        from web.errors import unavailable

        current_app.logger.error("commit failed, request rolled back: %s", exc.orig or exc)
        return unavailable()  # type: ignore[no-any-return]
    finally:
        session.close()
    return response


def _close(_exc: BaseException | None) -> None:
    session = g.pop("db", None)
    if session is not None:
        session.rollback()
        session.close()
