"""Uploaded files on local disk, outside anything the web server serves directly.

Names on disk are random keys chosen by us, never the uploader's file name, so no path trick in
a name can reach another file. Writes go to a temporary file first and are renamed into place.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

_KEY = re.compile(r"^[0-9a-f]{32}$")


class FileStore:
    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

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
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".part")
        with open(temporary, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        temporary.replace(path)
        return key

    def read(self, key: str) -> bytes:
        return self._path(key).read_bytes()

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

    def restore(self, key: str, source: BinaryIO) -> bool:
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
