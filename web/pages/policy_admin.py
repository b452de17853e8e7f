"""The administrator's policy pages: each pack's table, amounts the source lost, and versions.

Registered on the admin blueprint (`/admin/policy…`). A pack whose tables are revised by version
(Pengyang's catalogue) gets a draft: entries added from a new document, entries retired, then
scheduled from a date. Each form's fields carry its own prefix (add_, retire_, schedule_) so
that three forms on one page never share a field id, and an error names the field it is about.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from marshmallow import fields, validate

from web.auth import current_actor, login_required
from web.db import get_session, runtime
from web.inputs import Schema  # marshmallow's, every date and whole number bounded
from web.pages import forms
from web.pages.admin import bp
from workflow.domain.access import Role
from workflow.domain.numerals import parse_yuan
from workflow.domain.policy import DEFAULT_PACK, PACKS
from workflow.domain.policy.tables import Added
from workflow.domain.versions import EntryChange
from workflow.services import amount_impact, pack_versions, policy
from workflow.services.errors import InvalidInputError

AMOUNT_FORMAT = "an amount in yuan, e.g. 1500 or 1500.00"


class RetireSchema(Schema):
    retire_code = fields.String(required=True, validate=validate.Length(min=1, max=16))
    retire_clause = fields.String(required=True, validate=validate.Length(min=1, max=256))


class ScheduleSchema(Schema):
    schedule_effective_from = fields.Date(required=True)
    schedule_note = fields.String(required=True, validate=validate.Length(min=1, max=2000))


def _pack_id(values: Any) -> str:
    pack_id = values.get("pack", DEFAULT_PACK)
    return pack_id if pack_id in PACKS else DEFAULT_PACK


def _prefixed(errors: dict[str, str], prefix: str) -> dict[str, str]:
    """A service's errors under the form's field names (`_form` stays the whole form's)."""
    return {(name if name == "_form" else prefix + name): message
            for name, message in errors.items()}


def _page(pack_id: str, errors: dict[str, str], values: dict[str, str],
          status: int = 200) -> Any:
    db = get_session()
    today = pack_versions.county_date(runtime(current_app).clock())
    pack = pack_versions.pack_on(db, pack_id, today)
    amounts = policy.amounts(db, pack_id, pack.version)
    listed = {entry.code for entry in pack.entries}
    blocked = amount_impact.blocked(db, pack_id, today)
    # Codes outside the table in force with an amount set, or holding up waiting claims
    # (Huzhou bases of other occupations).
    others = [PACKS[pack_id].settable(code) for code in dict.fromkeys([*amounts, *blocked])
              if code not in listed]
    context: dict[str, Any] = {
        "pack": pack, "packs": PACKS.values(), "entries": [*pack.entries, *filter(None, others)],
        "amounts": amounts, "blocked": blocked, "open_codes": pack.open_codes,
        "departments": {e.code: e.department for e in pack.entries if e.department},
        "errors": errors, "values": values, "revisable": pack.table is not None,
        "versions": pack_versions.history(db, pack_id, today)}
    if context["revisable"]:
        context.update(_draft_context(pack_id))
    return render_template("admin/policy.html", **context), status


def _draft_context(pack_id: str) -> dict[str, Any]:
    """What the draft forms offer: entries that may be retired, groups, the next version."""
    db = get_session()
    draft = pack_versions.draft_of(db, pack_id)
    held = pack_versions.draft_changes(db, draft)
    changed = {c.entry_code for c in held}
    rows = pack_versions.table_rows(db, pack_id)
    table = PACKS[pack_id].table
    return {"draft": draft, "draft_changes": held, "table_form": table.form if table else "",
            "table_rows": rows,
            "retirable": [(code, f"{code} {row.name} · {row.group}")
                          for code, row in rows.items() if code not in changed],
            "groups": pack_versions.table_groups(db, pack_id),
            "next_version": draft.version if draft else
            pack_versions.versions(db, pack_id)[-1].number + 1}


def _add_field(added: Added) -> fields.Field:
    if added.choices:
        return fields.String(required=True, validate=validate.OneOf(added.choices))
    if added.max_length is not None:
        return fields.String(required=True, validate=validate.Length(min=1, max=added.max_length))
    return fields.String(required=True)


def _add_schema(adds: tuple[Added, ...]) -> Schema:
    """The addition form's schema, built from the fields the pack declares (TableRules.adds)."""
    schema: type[Schema] = type("AddSchema", (Schema,),
                                {f"add_{a.name}": _add_field(a) for a in adds})
    return schema()


def _addition(pack_id: str, values: dict[str, str]) -> EntryChange:
    """The addition the pack's form asks for (FormError for what the form cannot read)."""
    table = PACKS[pack_id].table
    if table is None:
        raise forms.FormError({"_form": "this pack's tables are not revised by version"}, values)
    data = forms.load(_add_schema(table.adds), {k: v for k, v in values.items() if k != "pack"})
    given: dict[str, object] = {a.name: data[f"add_{a.name}"] for a in table.adds}
    for added in (a for a in table.adds if a.yuan):
        try:
            given[added.name] = parse_yuan(data[f"add_{added.name}"])
        except ValueError as exc:
            raise forms.FormError({f"add_{added.name}": AMOUNT_FORMAT}, values) from exc
    return table.addition(given)


@bp.get("/policy")
@login_required(Role.ADMIN)
def policy_page() -> Any:
    """A pack's table in force, its versions and the draft of the next (?pack=lanzhou)."""
    return _page(_pack_id(request.args), {}, {})


def _confirm(pack_id: str, code: str, fen: int, values: dict[str, str],
             impact: amount_impact.Impact, changed_from: str | None = None,
             status: int = 200) -> Any:
    """The second step: what the amount replaces, how many waiting claims it prices and
    their total, with a form carrying what was confirmed (nothing is saved until it comes back
    unchanged)."""
    return render_template("admin/policy_confirm.html", pack=PACKS[pack_id],
                           entry=PACKS[pack_id].settable(code), code=code, fen=fen,
                           values=values, impact=impact, changed_from=changed_from), status


@bp.post("/policy/amounts")
@login_required(Role.ADMIN)
def policy_amount() -> Any:
    """Set an amount the source lost, from the printed document, in two steps: first the
    number of waiting claims it will price is shown and confirmed, then it is saved (refused
    if that number changed meanwhile); audited with the number."""
    values = forms.values_of(request.form)
    pack_id, code = _pack_id(values), values.get("entry_code", "").strip()
    note, now = values.get("note", ""), runtime(current_app).clock()
    try:
        fen = parse_yuan(values.get("amount", ""))
    except ValueError:
        return _page(pack_id, {"amount": AMOUNT_FORMAT}, values, 422)
    try:
        if "seen" not in values:  # the first step: nothing is saved
            policy.check_amount(current_actor(), code, fen, note, pack_id)
            return _confirm(pack_id, code, fen, values,
                            amount_impact.impact(get_session(), pack_id, code, now, fen))
        row, _priced = amount_impact.set_amount_confirmed(get_session(), current_actor(), code, fen,
                                                 note, now, pack_id, values["seen"])
    except InvalidInputError as exc:
        return _page(pack_id, dict(exc.errors), values, 422)
    except amount_impact.ImpactChangedError as exc:
        return _confirm(pack_id, code, fen, values, exc.impact, exc.seen, 409)
    flash(_("The amount of %(code)s is set; the waiting claims it prices can now be accepted.",
            code=row.entry_code))
    return redirect(url_for("admin.policy_page", pack=pack_id))


@bp.post("/policy/entries")
@login_required(Role.ADMIN)
def policy_add_entry() -> Any:
    """Add an entry to the draft of the next version, as the new document gives it."""
    values = forms.values_of(request.form)
    pack_id = _pack_id(values)
    try:
        change = _addition(pack_id, values)
        row = pack_versions.add_entry(get_session(), current_actor(), pack_id, change,
                                      runtime(current_app).clock())
    except forms.FormError as exc:
        return _page(pack_id, exc.errors, values, 422)
    except InvalidInputError as exc:
        return _page(pack_id, _prefixed(dict(exc.errors), "add_"), values, 422)
    flash(_("%(code)s is added to the draft of the next version.", code=row.entry_code))
    return redirect(url_for("admin.policy_page", pack=pack_id))


@bp.post("/policy/retirements")
@login_required(Role.ADMIN)
def policy_retire_entry() -> Any:
    """Retire a catalogue entry in the draft of the next version."""
    values = forms.values_of(request.form)
    pack_id = _pack_id(values)
    try:
        data = forms.load(RetireSchema(), {k: v for k, v in values.items() if k != "pack"})
        pack_versions.retire_entry(get_session(), current_actor(), pack_id,
                                   data["retire_code"], data["retire_clause"],
                                   runtime(current_app).clock())
    except forms.FormError as exc:
        return _page(pack_id, exc.errors, values, 422)
    except InvalidInputError as exc:
        return _page(pack_id, _prefixed(dict(exc.errors), "retire_"), values, 422)
    flash(_("%(code)s is retired in the draft of the next version.",
            code=data["retire_code"].upper()))
    return redirect(url_for("admin.policy_page", pack=pack_id))


@bp.post("/policy/changes/<int:change_id>/remove")
@login_required(Role.ADMIN)
def policy_remove_change(change_id: int) -> Any:
    """Take one change out of the draft (the page asked first)."""
    pack_id = _pack_id(request.form)
    try:
        pack_versions.remove_change(get_session(), current_actor(), pack_id, change_id,
                                    runtime(current_app).clock())
    except InvalidInputError as exc:
        return _page(pack_id, dict(exc.errors), {}, 422)
    flash(_("The change is taken out of the draft."))
    return redirect(url_for("admin.policy_page", pack=pack_id))


@bp.post("/policy/draft/discard")
@login_required(Role.ADMIN)
def policy_discard_draft() -> Any:
    """Throw the draft away with all its changes (the page asked first); audited."""
    pack_id = _pack_id(request.form)
    try:
        pack_versions.discard_draft(get_session(), current_actor(), pack_id,
                                    runtime(current_app).clock())
    except InvalidInputError as exc:
        return _page(pack_id, dict(exc.errors), {}, 422)
    flash(_("The draft is discarded."))
    return redirect(url_for("admin.policy_page", pack=pack_id))


@bp.post("/policy/draft/schedule")
@login_required(Role.ADMIN)
def policy_schedule_draft() -> Any:
    """Schedule the draft as the next version from a date; it never changes afterwards."""
    values = forms.values_of(request.form)
    pack_id = _pack_id(values)
    try:
        data = forms.load(ScheduleSchema(), {k: v for k, v in values.items() if k != "pack"})
        version = pack_versions.schedule_draft(
            get_session(), current_actor(), pack_id, data["schedule_effective_from"],
            data["schedule_note"], runtime(current_app).clock())
    except forms.FormError as exc:
        return _page(pack_id, exc.errors, values, 422)
    except InvalidInputError as exc:
        return _page(pack_id, _prefixed(dict(exc.errors), "schedule_"), values, 422)
    flash(_("Version %(number)d is scheduled from %(day)s.", number=version.version,
            day=version.effective_from))
    return redirect(url_for("admin.policy_page", pack=pack_id))
