"""Encryption at rest of ID numbers, bank accounts and the documents that carry them.

AES-256-GCM (the `cryptography` package) under a data key from configuration. Every value
names the key it was sealed with (its id: the first 4 bytes of a SHA-256 of the key), so a new
key can be brought in while the old ones still read (`Keyring.old`) until `butie rekey` has
sealed everything again. Equality lookups (earlier claims of a person) go through a keyed
hash (HMAC-SHA256 under a key derived from the data key), never through the plaintext.

The keyring travels with the engine (`attach`): the column types find it on the dialect, so
nothing here reads configuration.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import JSON, Engine, LargeBinary, String, Text
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeDecorator

TEXT_PREFIX = "enc1:"  # enc1:<key id>:<base64 of nonce + ciphertext + tag>
BYTES_PREFIX = b"BTE1"  # BTE1 <key id, 4 bytes> <nonce> <ciphertext + tag>
NONCE = 12
HASH_BYTES = 16  # HMAC-SHA256 cut to 128 bits: ample for equality, half the index
ATTRIBUTE = "butie_keyring"


class DataKeyError(Exception):
    """No data key, a malformed one, or a value that the configured keys cannot open."""


@dataclass(frozen=True)
class DataKey:
    """A 32-byte AES-256 key; its id and its lookup-hash key are derived from it."""

    secret: bytes = field(repr=False)

    def __post_init__(self) -> None:
        if len(self.secret) != 32:
            raise DataKeyError(f"a data key is 32 bytes (base64 of them), not {len(self.secret)}")

    @property
    def key_id(self) -> bytes:
        return hashlib.sha256(b"butie data key id\0" + self.secret).digest()[:4]

    @property
    def hash_key(self) -> bytes:
        return HKDF(hashes.SHA256(), 32, salt=None, info=b"butie lookup hash v1").derive(
            self.secret)


def parse_key(text: str) -> DataKey:
    """A key from its base64 text (as `generate_key` writes it)."""
    try:
        return DataKey(base64.b64decode(text.strip(), validate=True))
    except (binascii.Error, ValueError) as exc:
        raise DataKeyError("a data key is base64 text (generate one with "
                           "`butie generate-data-key`)") from exc


def generate_key() -> str:
    """A new random key as base64 text."""
    return base64.b64encode(os.urandom(32)).decode("ascii")


class Keyring:
    """The current key, which seals, and older keys that still open what they sealed."""

    def __init__(self, current: DataKey, old: Sequence[DataKey] = ()) -> None:
        self.current = current
        self.keys = {k.key_id: k for k in (*old, current)}
        self._aead = {kid: AESGCM(k.secret) for kid, k in self.keys.items()}
        self._kid = current.key_id
        self._sealer = self._aead[self._kid]
        self._text_prefix = f"{TEXT_PREFIX}{self._kid.hex()}:"
        self._hash_keys = [current.hash_key] + [k.hash_key for k in old
                                                if k.key_id != current.key_id]

    def seal(self, plain: bytes) -> bytes:
        nonce = os.urandom(NONCE)
        return BYTES_PREFIX + self._kid + nonce + self._sealer.encrypt(nonce, plain, None)

    def open(self, sealed: bytes) -> bytes:
        if not sealed.startswith(BYTES_PREFIX):
            raise DataKeyError("the value is not encrypted (run the migrations: `butie init`)")
        return self._open(sealed[4:8], sealed[8:])

    def _open(self, kid: bytes, body: bytes) -> bytes:
        aead = self._aead.get(kid)
        if aead is None:
            raise DataKeyError(f"the value was encrypted under data key {kid.hex()}, which is "
                               f"not configured (configured: {self.describe()})")
        try:
            return aead.decrypt(body[:NONCE], body[NONCE:], None)
        except InvalidTag as exc:
            raise DataKeyError(f"a value under data key {kid.hex()} does not decrypt: it was "
                               "altered") from exc

    def encrypt(self, plain: str) -> str:
        nonce = os.urandom(NONCE)
        body = nonce + self._sealer.encrypt(nonce, plain.encode("utf-8"), None)
        return self._text_prefix + base64.b64encode(body).decode("ascii")

    def decrypt(self, token: str) -> str:
        if not token.startswith(TEXT_PREFIX):
            raise DataKeyError("the value is not encrypted (run the migrations: `butie init`)")
        try:
            kid, body = token[len(TEXT_PREFIX):].split(":", 1)
            return self._open(bytes.fromhex(kid), base64.b64decode(body)).decode("utf-8")
        except (ValueError, binascii.Error) as exc:  # DataKeyError is not a ValueError
            raise DataKeyError("an encrypted value is malformed") from exc

    def is_current(self, token: str | bytes) -> bool:
        """Sealed under the current key (`butie rekey` skips these)."""
        if isinstance(token, bytes):
            return token[4:8] == self._kid
        return token.startswith(self._text_prefix)

    def lookup_hash(self, value: str) -> str:
        """The keyed hash stored beside an encrypted value, for equality lookups."""
        return hmac.digest(self._hash_keys[0], value.encode("utf-8"), "sha256")[:HASH_BYTES].hex()

    def lookup_hashes(self, value: str) -> list[str]:
        """The value's hash under every key: rows written before a rotation still match."""
        return [hmac.digest(k, value.encode("utf-8"), "sha256")[:HASH_BYTES].hex()
                for k in self._hash_keys]

    def describe(self) -> str:
        return ", ".join(kid.hex() for kid in self.keys) or "none"


def keyring_from(current: str, old: Iterable[str] = ()) -> Keyring:
    """A keyring from base64 key texts."""
    return Keyring(parse_key(current), [parse_key(k) for k in old if k.strip()])


def attach(engine: Engine, keyring: Keyring | None) -> Engine:
    """Let the encrypted columns of this engine's connections use `keyring`."""
    setattr(engine.dialect, ATTRIBUTE, keyring)
    return engine


def keyring_of(dialect: Dialect) -> Keyring:
    keyring = getattr(dialect, ATTRIBUTE, None)
    if keyring is None:
        raise DataKeyError("no data key is configured for this database (set BUTIE_DATA_KEY)")
    return keyring  # type: ignore[no-any-return]


def session_keyring(session: Session) -> Keyring:
    """The keyring of the engine a session is bound to."""
    return keyring_of(session.get_bind().dialect)


def hash_matches(session: Session, column: Any, value: str) -> Any:
    """`column` (a lookup-hash column) holds `value`'s hash under any configured key, so rows
    written before a rotation still match."""
    return column.in_(session_keyring(session).lookup_hashes(value))


class EncryptedString(TypeDecorator[str]):
    """Text stored encrypted; None stays NULL."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> Any:
        return None if value is None else keyring_of(dialect).encrypt(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> str | None:
        return None if value is None else keyring_of(dialect).decrypt(value)


class EncryptedText(EncryptedString):
    """Long text (the workflow state) stored encrypted; the empty text stays empty (the seeded
    claims have no state)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> Any:
        return value if not value else keyring_of(dialect).encrypt(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> str | None:
        return value if not value else keyring_of(dialect).decrypt(value)


class EncryptedBytes(TypeDecorator[bytes]):
    """Bytes (an exported spreadsheet) stored encrypted."""

    impl = LargeBinary
    cache_ok = True

    def process_bind_param(self, value: bytes | None, dialect: Dialect) -> Any:
        return None if value is None else keyring_of(dialect).seal(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> bytes | None:
        return None if value is None else keyring_of(dialect).open(bytes(value))


class EncryptedJSON(TypeDecorator[Any]):
    """A JSON document (a claim draft's fields) stored as one encrypted JSON string, so the
    column stays JSON."""

    impl = JSON
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        return None if value is None else keyring_of(dialect).encrypt(
            json.dumps(value, ensure_ascii=False))

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        return None if value is None else json.loads(keyring_of(dialect).decrypt(value))
