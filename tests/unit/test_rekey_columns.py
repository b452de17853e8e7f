"""`butie rekey` seals again every encrypted column and recomputes every lookup hash: a column
it missed would be unreadable once the old key is dropped (the enterprise's account and the
roster's ID numbers were missed when enterprise payees came)."""

from __future__ import annotations

from workflow.persistence.crypto import (
    EncryptedBytes,
    EncryptedJSON,
    EncryptedString,
)
from workflow.persistence.models import Base
from workflow.persistence.rekey import ENCRYPTED, HASHED


def _encrypted() -> set[tuple[str, str]]:
    return {(table.name, column.name) for table in Base.metadata.tables.values()
            for column in table.columns
            if isinstance(column.type, EncryptedString | EncryptedBytes | EncryptedJSON)}


def test_rekey_knows_every_encrypted_column() -> None:
    assert {(t, c) for t, c, _ in ENCRYPTED} == _encrypted()


def test_rekey_knows_every_lookup_hash_beside_an_encrypted_column() -> None:
    hashed = {(table.name, column.name.removesuffix("_hash"))
              for table in Base.metadata.tables.values() for column in table.columns
              if column.name.endswith("_hash")
              and (table.name, column.name.removesuffix("_hash")) in _encrypted()}
    assert set(HASHED) == hashed
