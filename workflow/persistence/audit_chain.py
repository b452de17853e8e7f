"""Appending audit events to the hash chain, and reading the chain back in order.

Events are inserted unlinked by the transaction that records them, and linked (position,
previous hash, hash) just before it commits, under a lock on the chain's head row. The lock is
taken last, after every other write of the transaction has been flushed, and held only for the
commit: two PostgreSQL writers link one after the other, in commit order, so the chain stays
linear whatever order their ids were drawn in, and no transaction holding the head ever waits
for a row another one holds. On SQLite writers are already serialized (BEGIN IMMEDIATE).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, cast

from sqlalchemy import Connection, Table, bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from workflow.domain.audit_chain import GENESIS, link
from workflow.persistence.models import AuditChainHead, AuditEvent

UNLINKED = "butie.audit_unlinked"
HEAD_ID = 1
_events = cast(Table, AuditEvent.__table__)  # declarative models map Tables
_head = cast(Table, AuditChainHead.__table__)
# Built once: building a statement costs more than SQLite takes to run it (~0.2 ms each).
_INSERT = insert(_events)
_LOCK_HEAD = select(_head.c.seq, _head.c.hash).where(_head.c.id == HEAD_ID).with_for_update()
_UNLINKED = select(_events).where(_events.c.seq.is_(None)).order_by(_events.c.id)
_LINK = (update(_events).where(_events.c.id == bindparam("event_id"))
         .values(seq=bindparam("seq"), prev_hash=bindparam("prev_hash"),
                 hash=bindparam("hash")))
_MOVE_HEAD = (update(_head).where(_head.c.id == HEAD_ID)
              .values(seq=bindparam("head_seq"), hash=bindparam("head_hash")))


def append(session: Session, row: dict[str, Any]) -> None:
    """Insert an audit event in the session's transaction; it is linked when that commits."""
    session.connection().execute(_INSERT, row)
    session.info[UNLINKED] = True


def link_before_commit(session: Session) -> None:
    """Session hook: link this transaction's events to the chain as it commits."""
    if session.in_nested_transaction() or not session.info.pop(UNLINKED, False):
        return  # a savepoint: the outermost commit links
    session.flush()
    link_pending(session.connection())


def link_pending(connection: Connection) -> int:
    """Link every visible unlinked event, oldest id first, after the head; returns how many."""
    head = connection.execute(_LOCK_HEAD).one_or_none()
    if head is None:
        raise RuntimeError("the audit chain has no head row; run `butie init`")
    rows = [dict(r._mapping) for r in connection.execute(_UNLINKED)]
    if not rows:
        return 0
    seq, last = link(rows, head.seq, head.hash)
    connection.execute(_LINK, [{"event_id": r["id"], "seq": r["seq"],
                                "prev_hash": r["prev_hash"], "hash": r["hash"]} for r in rows])
    connection.execute(_MOVE_HEAD, {"head_seq": seq, "head_hash": last})
    return len(rows)


def head(connection: Connection) -> tuple[int, str]:
    """The chain's recorded last position and hash."""
    row = connection.execute(select(_head.c.seq, _head.c.hash)
                             .where(_head.c.id == HEAD_ID)).one_or_none()
    return (row.seq, row.hash) if row is not None else (0, GENESIS)


def chain(connection: Connection, batch: int = 5000) -> Iterator[dict[str, Any]]:
    """Every linked event in chain order, read in keyset pages so memory stays flat."""
    last = 0
    while True:
        rows = connection.execute(select(_events).where(_events.c.seq > last)
                                  .order_by(_events.c.seq).limit(batch)).all()
        for row in rows:
            yield dict(row._mapping)
        if len(rows) < batch:
            return
        last = rows[-1].seq


def first_unlinked(connection: Connection) -> int | None:
    """The id of the first committed event that is not in the chain, if any."""
    return connection.scalar(select(func.min(_events.c.id)).where(_events.c.seq.is_(None)))
