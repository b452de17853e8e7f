"""The one place that turns errors into HTTP answers.

The API answers JSON {"error", "message", "fields"}; pages answer an HTML page in the user's
language, and an anonymous visitor is sent to the login page instead of a 401.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, jsonify, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from marshmallow import ValidationError
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from web.auth import UnauthorizedError
from web.inputs import N_
from web.pages.phrasing import translate
from workflow.engine.definitions import DefinitionError
from workflow.persistence.crypto import DataKeyError
from workflow.services.errors import (
    ConflictError,
    ForbiddenError,
    InvalidInputError,
    NotFoundError,
    ProcessError,
    RateLimitedError,
    ServiceError,
)

STATUS: dict[type[ServiceError], int] = {
    UnauthorizedError: 401,
    NotFoundError: 404,
    ForbiddenError: 403,
    ConflictError: 409,
    ProcessError: 409,
    InvalidInputError: 422,
    RateLimitedError: 429,
}


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.is_json


def _page(status: int, message: str, title: str | None = None) -> Any:
    titles = {400: _("The request could not be handled"), 401: _("Please log in"),
              403: _("Not allowed"), 404: _("Not found"),
              409: _("Someone else changed this first"), 413: _("The file is too large"),
              422: _("Some fields are not valid"), 429: _("Too many requests"),
              503: _("Try again shortly")}
    return render_template("errors/error.html", status=status,
                           title=title or titles.get(status, _("Something went wrong")),
                           message=message), status


def _answer(status: int, error: str, message: str, fields: Any = None,
            title: str | None = None) -> Any:
    if not _wants_json():
        if status == 401:
            return redirect(url_for("account.login", next=request.full_path))
        return _page(status, translate(message) if message else "", title)
    body: dict[str, Any] = {"error": error, "message": message}
    if fields:
        body["fields"] = fields
    return jsonify(body), status


# What a page says for werkzeug's own errors, in the user's language (werkzeug's text is English).
DESCRIPTIONS = {
    400: N_("The request could not be understood. Go back, reload the page and try again."),
    403: N_("Your account may not open this page."),
    404: N_("There is nothing at this address. Check the address, or start again from the "
            "start page."),
    405: N_("This address does not take that kind of request."),
    413: N_("The upload is too large."),
    500: N_("Something went wrong on our side; nothing was saved. Try again shortly."),
}
UNAVAILABLE = "the database cannot be reached just now; nothing was saved, try again shortly"
WRONG_KEY = ("the service's data key does not open the ID numbers and accounts stored in this "
             "database; nothing was changed. An administrator must configure the key they were "
             "sealed with (BUTIE_DATA_KEY, or BUTIE_DATA_KEYS_OLD during a key change)")


def unavailable() -> Any:
    """503: the database went away (restart, failover, network); the request changed nothing."""
    response = make_response(_answer(503, "unavailable", UNAVAILABLE))
    response.headers["Retry-After"] = "5"
    return response


def init_app(app: Flask) -> None:
    @app.errorhandler(OperationalError)
    def _database_gone(exc: OperationalError) -> Any:
        app.logger.error("database error, request rolled back: %s", exc.orig or exc)
        return unavailable()

    @app.errorhandler(DataKeyError)
    def _wrong_key(exc: DataKeyError) -> Any:
        # A configuration fault, not the user's: the key ids stay in the log, the reader is
        # told who can fix it. The request read and so changed nothing.
        app.logger.error("data key error, request rolled back: %s", exc)
        return _answer(500, "data_key", WRONG_KEY)

    @app.errorhandler(ServiceError)
    def _service(exc: ServiceError) -> Any:
        status = next((s for cls, s in STATUS.items() if isinstance(exc, cls)), 400)
        # A failing diagram is nobody's concurrent change: say what it is (the log names the
        # claim for the administrator, services.instances.advancing).
        title = _("The process cannot continue") if isinstance(exc, ProcessError) else None
        answer = _answer(status, type(exc).__name__.removesuffix("Error").lower(), exc.message,
                         getattr(exc, "errors", None), title)
        retry_after = getattr(exc, "retry_after", None)
        if retry_after is None:
            return answer
        response = make_response(answer)
        response.headers["Retry-After"] = str(retry_after)
        return response

    @app.errorhandler(ValidationError)
    def _validation(exc: ValidationError) -> Any:
        return _answer(422, "invalid", "some fields are not valid", exc.messages)

    @app.errorhandler(StaleDataError)
    def _stale(_exc: StaleDataError) -> Any:
        return _answer(409, "conflict", "the claim was changed by someone else; reload it")

    @app.errorhandler(DefinitionError)
    def _definition(exc: DefinitionError) -> Any:
        return _answer(422, "definition", str(exc))

    @app.errorhandler(CSRFError)
    def _csrf(exc: CSRFError) -> Any:
        return _answer(400, "csrf", "The form has expired or is not from this site; reload "
                       "the page and try again.")

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException) -> Any:
        description = exc.description or ""
        if description == type(exc).description:  # werkzeug's own English: ours, translated
            description = DESCRIPTIONS.get(exc.code or 500, "")
        return _answer(exc.code or 500, (exc.name or "error").lower().replace(" ", "_"),
                       description)
