"""Uploaded files on local disk, outside anything the web server serves directly.

Names on disk are random keys chosen by us, never the uploader's file name, so no path trick in
a name can reach another file. Writes go to a temporary file first and are renamed into place.
With a keyring the contents are sealed (AES-256-GCM, as the encrypted columns): scans of ID
cards and bank cards show the numbers the database encrypts. Files stored before that are read
as they are, and `reseal` encrypts them.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from workflow.persistence.crypto import BYTES_PREFIX, DataKeyError, Keyring

_KEY = re.compile(r"^[0-9a-f]{32}$")


class FileStore:
    def __init__(self, root: str | Path, keyring: Keyring | None = None) -> None:
        self.root = Path(root)
        self.keyring = keyring

    @staticmethod
    def is_key(key: str) -> bool:
        return bool(_KEY.match(key))

    def _path(self, key: str) -> Path:
        if not _KEY.match(key):
            raise ValueError("not a storage key")
        return self.root / key[:2] / key

    def put(self, data: bytes) -> str:
        """Store `data`; returns its new key."""
        key = secrets.token_hex(16)
        self._write(self._path(key), self.keyring.seal(data) if self.keyring else data)
        return key

    @staticmethod
    def _write(path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".part")
        with open(temporary, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        temporary.replace(path)

    def read(self, key: str) -> bytes:
        stored = self._path(key).read_bytes()
        if not stored.startswith(BYTES_PREFIX):
            return stored  # stored before uploads were encrypted
        if self.keyring is None:
            raise DataKeyError("this upload is encrypted and no data key is configured")
        return self.keyring.open(stored)

    def reseal(self) -> int:
        """Seal every file not under the current key (plain ones included); returns how many.
        Each is replaced by a rename, so a reader sees the old or the new file whole."""
        if self.keyring is None:
            raise DataKeyError("no data key is configured")
        count = 0
        for key in list(self.keys()):
            path = self._path(key)
            stored = path.read_bytes()
            if stored.startswith(BYTES_PREFIX) and self.keyring.is_current(stored):
                continue
            self._write(path, self.keyring.seal(self.read(key)))
            count += 1
        return count

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def keys(self) -> Iterator[str]:
        """Every stored key (for backups)."""
        if self.root.is_dir():
            for path in sorted(self.root.glob("??/*")):
                if _KEY.match(path.name) and path.is_file():
                    yield path.name

    def path_of(self, key: str) -> Path:
        return self._path(key)

    def restore(self, key: str, source: IO[bytes]) -> bool:
        """Put back a file under its own key from a backup; an existing one is kept."""
        path = self._path(key)
        if path.exists():
            return False
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".part")
        with open(temporary, "wb") as f:
            shutil.copyfileobj(source, f)
            f.flush()
            os.fsync(f.fileno())
        temporary.replace(path)
        return True
