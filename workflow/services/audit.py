"""Checking the audit trail's hash chain (`butie audit verify`)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from workflow.domain.audit_chain import Break, Verdict, verify
from workflow.persistence import audit_chain


def verify_chain(session: Session) -> Verdict:
    """Walk the whole chain in order; the verdict names the first event that breaks it."""
    connection = session.connection()
    seq, last = audit_chain.head(connection)
    verdict = verify(audit_chain.chain(connection), seq, last)
    if verdict.broken is None:
        unlinked = audit_chain.first_unlinked(connection)
        if unlinked is not None:
            return Verdict(verdict.events, verdict.last_hash, Break(
                unlinked, None, "it is not in the chain (written without being linked)"))
    return verdict
