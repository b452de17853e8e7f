"""The one place that turns errors into HTTP answers, as JSON {"error", "message", "fields"}."""

from __future__ import annotations

from typing import Any

from flask import Flask, jsonify
from marshmallow import ValidationError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from web.auth import UnauthorizedError
from workflow.engine.definitions import DefinitionError
from workflow.services.errors import (
    ConflictError,
    ForbiddenError,
    InvalidInputError,
    NotFoundError,
    ServiceError,
)

STATUS: dict[type[ServiceError], int] = {
    UnauthorizedError: 401,
    NotFoundError: 404,
    ForbiddenError: 403,
    ConflictError: 409,
    InvalidInputError: 422,
}


def _answer(status: int, error: str, message: str, fields: Any = None) -> Any:
    body: dict[str, Any] = {"error": error, "message": message}
    if fields:
        body["fields"] = fields
    return jsonify(body), status


def init_app(app: Flask) -> None:
    @app.errorhandler(ServiceError)
    def _service(exc: ServiceError) -> Any:
        status = next((s for cls, s in STATUS.items() if isinstance(exc, cls)), 400)
        return _answer(status, type(exc).__name__.removesuffix("Error").lower(), exc.message,
                       getattr(exc, "errors", None))

    @app.errorhandler(ValidationError)
    def _validation(exc: ValidationError) -> Any:
        return _answer(422, "invalid", "some fields are not valid", exc.messages)

    @app.errorhandler(StaleDataError)
    def _stale(_exc: StaleDataError) -> Any:
        return _answer(409, "conflict", "the claim was changed by someone else; reload it")

    @app.errorhandler(DefinitionError)
    def _definition(exc: DefinitionError) -> Any:
        return _answer(422, "definition", str(exc))

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException) -> Any:
        return _answer(exc.code or 500, (exc.name or "error").lower().replace(" ", "_"),
                       exc.description or "")
