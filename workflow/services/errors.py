"""Errors the services raise; the web layer maps each to one HTTP status in one place."""

from __future__ import annotations


class ServiceError(Exception):
    """Base class; `message` is safe to show to the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFoundError(ServiceError):
    """No such object, or not one the actor may see (never reveal which)."""


class ForbiddenError(ServiceError):
    """The actor may see the object but not do this to it."""


class ConflictError(ServiceError):
    """The claim moved on since the caller read it; nothing was changed."""


class ProcessError(ServiceError):
    """The claim's process could not move on: an element of its diagram failed (an expression
    raised, or ran over its time, step or size budget). Nothing was saved; the claim stays
    where it was until an administrator corrects the process."""


class InvalidInputError(ServiceError):
    """Input that breaks a rule; `errors` maps field names to messages."""

    def __init__(self, errors: dict[str, str], message: str = "invalid input") -> None:
        super().__init__(message + ": " + "; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.message = message
        self.errors = errors


class RateLimitedError(ServiceError):
    """Too many requests from one source in a short time; try again later."""

    def __init__(self, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after  # seconds, when known
