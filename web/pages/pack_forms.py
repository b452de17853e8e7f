"""The claim form under the packs a deployment offers (POLICY_PACKS): which pack, the part of
the form that asks its facts, its groups and kinds of subsidy, and the form's text as the
pack's input schema reads it. Everything here asks the pack (workflow.domain.policy)."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any

from flask import current_app

from web.api.schemas import claim_schema
from web.auth import current_actor
from web.config import policy_packs
from web.db import get_session, runtime
from web.pages import forms, labels
from workflow.domain import policy
from workflow.domain.bounds import day_in_range
from workflow.domain.numerals import parse_yuan, plain_yuan
from workflow.domain.policy import Quote, scans
from workflow.domain.policy.filing import KIND_OPTIONAL
from workflow.services import quotes
from workflow.services.pack_versions import county_date


def offered() -> tuple[str, ...]:
    """The packs applicants may file under here, the default first."""
    return policy_packs(current_app.config["POLICY_PACKS"])


def chosen(asked: str | None) -> str:
    """The pack asked for if it is offered, else the deployment's first."""
    packs = offered()
    return asked if asked in packs else packs[0]


def context(pack_id: str | None) -> dict[str, Any]:
    """What the form shows for the pack: the part that asks its facts (`pack_form`), whether
    the township reviews first, its groups and kinds (a pack of kinds of subsidy only)."""
    pack = policy.pack(pack_id)
    filing = pack.filing
    return {"pack_id": pack.pack_id, "pack_form": filing.template,
            "township_review": filing.township_review,
            "pack_groups": [(g, labels.TARGET_GROUPS_BY_CODE[g]) for g in filing.groups]
            if filing.kinds else [],
            "pack_kinds": [(k, labels.SUBSIDY_KINDS[k]) for k in filing.kinds],
            # The scans a claim under the pack must carry, whatever its kind (each is marked *).
            "required_scans": {scans.field_of(s) for k in (filing.kinds or ("certificate",))
                               for s in filing.required_scans(k)}}


def typed(values: dict[str, str]) -> dict[str, str]:
    """The form's text as the schemas read it: the fee in yuan as fen, the pack's optional
    fields left empty gone. Raises FormError for a fee that is not an amount."""
    data = dict(values)
    fee = data.pop("fee", "")
    if fee:
        try:
            data["fee_fen"] = str(parse_yuan(fee))
        except ValueError as exc:
            raise forms.FormError({"fee": "an amount in yuan, e.g. 1500 or 1500.00"},
                                  values) from exc
    # The pack's required fields stay, even empty, when a claim is corrected; an unknown pack
    # is read as one of kinds of subsidy, whose schema refuses it (web.api.schemas).
    pack = policy.PACKS.get(data.get("policy_pack", policy.DEFAULT_PACK))
    optional = pack.filing.optional if pack else KIND_OPTIONAL
    return {k: v for k, v in data.items() if not (k in optional and v == "")}


def load_claim(values: dict[str, str]) -> dict[str, Any]:
    """A filed claim's data, validated by its pack's schema (FormError per field)."""
    data = typed(values)
    try:
        loaded = forms.load(claim_schema(data.get("policy_pack", policy.DEFAULT_PACK)), data)
        loaded.pop("scans", None)  # a form carries its scans as files (claims.new keeps them)
        return {"certificate_level": "", **loaded}
    except forms.FormError as exc:
        exc.values = values
        # The form asks the fee in yuan: its error belongs to that field.
        if "fee_fen" in exc.errors:
            exc.errors["fee"] = exc.errors.pop("fee_fen")
        raise


def form_values(claim: Any) -> dict[str, Any]:
    """A filed claim's pack facts as the form shows them (the fee in yuan, a fact said yes or
    no as its choice's value)."""
    return {"policy_pack": policy.pack(claim.policy_pack).pack_id,
            "fee": plain_yuan(claim.fee_fen) if claim.fee_fen is not None else "",
            **{name: _choice(getattr(claim, name)) for name in YES_NO}}


# The pack facts a form asks as yes or no (Lanzhou's, lanzhou.filing.FACTS).
YES_NO = ("front_line_post", "declaration_met", "by_training", "employed", "project_based")


def _choice(value: bool | None) -> str:
    return "" if value is None else "true" if value else "false"


def _yes_no(text: str | None) -> bool | None:
    return {"true": True, "false": False}.get((text or "").strip())


def missing_scans(values: dict[str, str], kinds: set[str]) -> dict[str, str]:
    """Field -> message for each scan the chosen pack requires for the chosen kind and the
    form does not carry (said with a form's other errors, in one round)."""
    filing = policy.pack(chosen(values.get("policy_pack"))).filing
    return scans.missing(filing.required_scans(values.get("subsidy_kind")), kinds)


def _whole(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() and len(text) <= 6 else None


def _day(text: str | None) -> date | None:
    try:
        day = date.fromisoformat(text or "")
    except ValueError:
        return None
    return day if day_in_range(day) else None


def _fee(text: str | None) -> int | None:
    try:
        return parse_yuan(text) if text else None
    except ValueError:
        return None


def _facts(values: dict[str, str]) -> SimpleNamespace:
    """The form's facts as far as they are typed (what is not readable yet is left out)."""
    text = {name: (values.get(name) or "").strip() for name in (
        "township", "target_group", "certificate_code", "certificate_name",
        "certificate_number", "certificate_level", "subsidy_kind", "course",
        "skill_certificate", "award_level", "industry", "employer")}
    return SimpleNamespace(**text, id_number="",
                           **{name: _yes_no(values.get(name)) for name in YES_NO},
                           certificate_issued_on=_day(values.get("certificate_issued_on")),
                           employed_on=_day(values.get("employed_on")),
                           class_hours=_whole(values.get("class_hours")),
                           years=_whole(values.get("years")), fee_fen=_fee(values.get("fee")))


def amount_preview(values: dict[str, str]) -> Quote | None:
    """What the claim on the form would get, once the form names what its pack prices (the
    certificate, or the kind of subsidy); None before that."""
    pack = policy.pack(chosen(values.get("policy_pack")))
    facts = _facts(values)
    named = facts.subsidy_kind if pack.filing.kinds else facts.certificate_code
    if not named or any(not getattr(facts, n, "x") for n in pack.filing.quote_needs):
        return None
    today = county_date(runtime(current_app).clock())
    if facts.certificate_issued_on is None:
        facts.certificate_issued_on = today
    return quotes.quote_filing(get_session(), current_actor(), today, pack.pack_id, facts)


def unpriced_key(values: dict[str, str]) -> str:
    """What an applicant acknowledged filing without an amount: the pack, kind and certificate
    (another certificate chosen since is not acknowledged)."""
    typed = ((values.get(name) or "").strip() for name in (
        "subsidy_kind", "certificate_code", "certificate_name", "certificate_level"))
    return "|".join((chosen(values.get("policy_pack")), *typed))
