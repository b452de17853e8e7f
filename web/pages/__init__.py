"""Server-rendered pages for every role: thin views over the same services as the API."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask
from flask_babel import get_locale
from jinja2 import BaseLoader, ChoiceLoader, FileSystemLoader, PrefixLoader

from web.api.present import objection_number
from web.auth import current_actor
from web.pages import labels, phrasing
from workflow.domain import policy
from workflow.domain.access import Role
from workflow.domain.identity import mask_account, mask_id_number
from workflow.domain.sources import cite
from workflow.services import task_forms


def _cite(text: Any) -> str:
    """A source clause as a reader knows it: the document's title, not its seed file's name."""
    return cite("" if text is None else str(text))


def _translate(message: Any) -> str:
    """A service message or reason in the user's language, its sources by their titles."""
    return cite(phrasing.translate(message))

# Each policy pack keeps the part of the claim form that asks its facts beside its rules
# (workflow/domain/policy/<pack>/form.html): templates name it packs/<pack>/form.html.
PACK_TEMPLATES = Path(policy.__file__).resolve().parent


def init_app(app: Flask) -> None:
    loaders: list[BaseLoader] = [app.jinja_loader] if app.jinja_loader else []
    app.jinja_loader = ChoiceLoader(
        [*loaders, PrefixLoader({"packs": FileSystemLoader(PACK_TEMPLATES)})])
    # policy_admin's routes are on the admin blueprint: importing it attaches them first.
    import web.pages.policy_admin  # noqa: F401
    from web.pages import (
        account,
        admin,
        claims,
        dashboard,
        disclosure,
        enterprise,
        exports,
        finance,
        holiday_calendar,
        inbox,
        migrations,
        passwords,
        processes,
        public,
        publishing,
        reasons_admin,
        review,
        targets,
        workbench,
    )

    for module in (account, claims, review, public, publishing, finance, admin, processes,
                   migrations, dashboard, targets, exports, disclosure, holiday_calendar,
                   workbench, reasons_admin, inbox, passwords, enterprise):
        app.register_blueprint(module.bp)

    @app.context_processor
    def _globals() -> dict[str, Any]:
        return {"actor": current_actor(), "labels": labels, "mask_id": mask_id_number,
                "mask_account": mask_account, "unread_messages": _unread_messages,
                "get_locale": get_locale, "tr": _translate, "task_form": task_forms.shown}

    app.add_template_filter(labels.yuan, "yuan")
    app.add_template_filter(_cite, "cite")
    app.add_template_filter(labels.local_time, "local_time")
    app.add_template_filter(objection_number, "objection_number")


def _unread_messages() -> int:
    """The applicant's unread messages, for the link in the header (asked only by it)."""
    from web.db import get_session
    from workflow.services import notifications

    actor = current_actor()
    if actor.role != Role.APPLICANT or actor.user_id is None:
        return 0
    return notifications.unread_count(get_session(), actor.user_id)
