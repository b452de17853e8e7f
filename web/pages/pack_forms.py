"""The claim form under the packs a deployment offers (POLICY_PACKS): which pack, the part of
the form that asks its facts, its groups and kinds of subsidy, and the form's text as the
pack's input schema reads it. Everything here asks the pack (workflow.domain.policy)."""

from __future__ import annotations

from typing import Any

from flask import current_app

from web.api.schemas import claim_schema
from web.config import policy_packs
from web.pages import forms, labels
from workflow.domain import policy
from workflow.domain.numerals import parse_yuan, plain_yuan
from workflow.domain.policy.filing import KIND_OPTIONAL


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
            "pack_kinds": [(k, labels.SUBSIDY_KINDS[k]) for k in filing.kinds]}


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
        return {"certificate_level": "",
                **forms.load(claim_schema(data.get("policy_pack", policy.DEFAULT_PACK)), data)}
    except forms.FormError as exc:
        exc.values = values
        # The form asks the fee in yuan: its error belongs to that field.
        if "fee_fen" in exc.errors:
            exc.errors["fee"] = exc.errors.pop("fee_fen")
        raise


def form_values(claim: Any) -> dict[str, Any]:
    """A filed claim's pack facts as the form shows them (the fee in yuan)."""
    return {"policy_pack": policy.pack(claim.policy_pack).pack_id,
            "fee": plain_yuan(claim.fee_fen) if claim.fee_fen is not None else ""}
