"""The SMS gateway as the settings describe it, and one sending round for the workers."""

from __future__ import annotations

from flask import Flask

from web.db import hourly_limit, runtime, sessions
from workflow.services import sms
from workflow.services.password_resets import ResetLimits
from workflow.services.sms_gateway import HttpGateway


def init_app(app: Flask) -> None:
    """Build the gateway once (a bad URL stops start-up); none without SMS_URL: SMS off."""
    url = str(app.config["SMS_URL"]).strip()
    app.extensions["butie.sms"] = HttpGateway(
        url, str(app.config["SMS_TOKEN"]), float(app.config["SMS_TIMEOUT_SECONDS"])
    ) if url else None


def gateway(app: Flask) -> HttpGateway | None:
    return app.extensions.get("butie.sms")


def sms_enabled(app: Flask) -> bool:
    return gateway(app) is not None


def send_round(app: Flask, limit: int = 20) -> sms.Round:
    """Post the due texts (or, SMS off, mark them so): `butie worker`, `tick`, the ticker."""
    return sms.send_due(sessions(app), gateway(app), runtime(app).clock, limit)


def reset_limits(app: Flask) -> ResetLimits:
    return ResetLimits(hourly_limit(app, "PASSWORD_RESETS_PER_HOUR"),
                       hourly_limit(app, "PASSWORD_RESETS_PER_ACCOUNT_PER_HOUR"))
