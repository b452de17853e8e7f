"""The claim form under the packs a deployment offers (POLICY_PACKS): which pack, its groups and
kinds of subsidy, and the form's text as the claim schemas read it."""

from __future__ import annotations

from typing import Any

from flask import current_app

from web.api.schemas import ClaimInputSchema, PackClaimInputSchema
from web.config import policy_packs
from web.pages import forms, labels
from workflow.domain.numerals import parse_yuan, plain_yuan
from workflow.domain.policy import DEFAULT_PACK
from workflow.domain.policy.filing import GROUPS, KINDS

# Text fields a form may leave empty: absent for the schema, not "".
OPTIONAL = ("certificate_level", "certificate_code", "certificate_name", "class_hours", "course",
            "fee_fen", "years")


def offered() -> tuple[str, ...]:
    """The packs applicants may file under here, the default first."""
    return policy_packs(current_app.config["POLICY_PACKS"])


def chosen(asked: str | None) -> str:
    """The pack asked for if it is offered, else the deployment's first."""
    packs = offered()
    return asked if asked in packs else packs[0]


def context(pack_id: str) -> dict[str, Any]:
    """What the form shows for the pack: its groups and kinds (none for Pengyang's form)."""
    if pack_id == DEFAULT_PACK:
        return {"pack_groups": [], "pack_kinds": []}
    return {"pack_groups": [(g, labels.TARGET_GROUPS_BY_CODE[g]) for g in GROUPS[pack_id]],
            "pack_kinds": [(k, labels.SUBSIDY_KINDS[k]) for k in KINDS[pack_id]]}


def typed(values: dict[str, str]) -> dict[str, str]:
    """The form's text as the schemas read it: the fee in yuan as fen, empty optionals gone.
    Raises FormError for a fee that is not an amount."""
    data = dict(values)
    fee = data.pop("fee", "")
    if fee:
        try:
            data["fee_fen"] = str(parse_yuan(fee))
        except ValueError as exc:
            raise forms.FormError({"fee": "an amount in yuan, e.g. 1500 or 1500.00"},
                                  values) from exc
    optional = ("certificate_level",) if data.get("policy_pack", DEFAULT_PACK) == DEFAULT_PACK \
        else OPTIONAL  # Pengyang's certificate fields are required, even when corrected
    return {k: v for k, v in data.items() if not (k in optional and v == "")}


def load_claim(values: dict[str, str]) -> dict[str, Any]:
    """A filed claim's data, validated by its pack's schema (FormError per field)."""
    data = typed(values)
    if data.get("policy_pack", DEFAULT_PACK) == DEFAULT_PACK:
        return {"certificate_level": "", **forms.load(ClaimInputSchema(), data)}
    try:
        return forms.load(PackClaimInputSchema(), data)
    except forms.FormError as exc:
        exc.values = values
        # The form asks the fee in yuan: its error belongs to that field.
        if "fee_fen" in exc.errors:
            exc.errors["fee"] = exc.errors.pop("fee_fen")
        raise


def form_values(claim: Any) -> dict[str, Any]:
    """A filed claim's pack facts as the form shows them (the fee in yuan)."""
    return {"policy_pack": claim.policy_pack or DEFAULT_PACK,
            "fee": plain_yuan(claim.fee_fen) if claim.fee_fen is not None else ""}
