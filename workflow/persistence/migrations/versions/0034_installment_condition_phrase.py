"""an installment's condition kept as the phrase it was written from

A claim's installments (`claims.installments`, JSON) kept each condition as its English text,
which pages translated back by matching it (issue 19 item 1). The condition is now the phrase's
record (workflow.domain.phrases.to_record: {"t": template, "v": [[name, value], ...]}), as
`amount_rule_phrase` keeps the amount rule. This converts the conditions stored before: the four
the packs wrote (Huzhou 004 4 and 7, Lanzhou 附件2 备注4), their year as a value; any other text
becomes a message of its own words. Downgrade writes the English back.

Revision ID: 0034
Revises: 0033
Create Date: 2026-12-13
"""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0034"
down_revision = "0033"
branch_labels = None
depends_on = None

_claims = sa.table("claims", sa.column("id", sa.Integer), sa.column("installments", sa.JSON))

# The conditions with a value the packs wrote, as they were stored (a frozen copy: a migration
# does not follow later changes of the packs' wording).
_WITH_YEAR = (
    (re.compile(r"^year (\d+): at most 6000 yuan, labour contract of 1 year or more$"),
     "year %(year)s: at most 6000 yuan, labour contract of 1 year or more"),
    (re.compile(r"^year (\d+) of the apprenticeship \(one subsidy a year, 附件2 备注4\)$"),
     "year %(year)s of the apprenticeship (one subsidy a year, 附件2 备注4)"),
)


def _record(text: str) -> dict[str, Any]:
    for pattern, template in _WITH_YEAR:
        found = pattern.match(text)
        if found:
            return {"t": template, "v": [["year", int(found.group(1))]]}
    return {"t": text, "v": []}


def _text(record: dict[str, Any]) -> str:
    values = {name: value for name, value in record["v"]}
    return record["t"] % values if values else record["t"]


def _rewrite(convert: Any, kind: type) -> None:
    connection = op.get_bind()
    rows = connection.execute(sa.select(_claims.c.id, _claims.c.installments).where(
        _claims.c.installments.is_not(None))).all()
    for claim_id, records in rows:
        if not records:
            continue
        changed = [{**r, "condition": convert(r["condition"])}
                   if isinstance(r.get("condition"), kind) else r for r in records]
        if changed != records:
            connection.execute(sa.update(_claims).where(_claims.c.id == claim_id)
                               .values(installments=changed))


def upgrade() -> None:
    _rewrite(_record, str)


def downgrade() -> None:
    _rewrite(_text, dict)
