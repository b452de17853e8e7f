"""The data key from the settings: BUTIE_DATA_KEY, or a key file made on first start."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from workflow.persistence.crypto import DataKeyError, Keyring, generate_key, keyring_from

log = logging.getLogger(__name__)


def keyring(config: Mapping[str, Any]) -> Keyring:
    """The configured keyring; a missing key is an error unless a key file may stand in."""
    current = config["DATA_KEY"]
    if not current:
        current = _from_file(config["DATA_KEY_FILE"])
    try:
        return keyring_from(current, config["DATA_KEYS_OLD"].split(","))
    except DataKeyError as exc:
        raise DataKeyError(f"BUTIE_DATA_KEY / BUTIE_DATA_KEYS_OLD: {exc}") from exc


def _from_file(name: str) -> str:
    if not name:
        raise DataKeyError("BUTIE_DATA_KEY is not set (and BUTIE_DATA_KEY_FILE is empty): "
                           "refusing to start without the key that encrypts ID numbers and "
                           "accounts")
    path = Path(name)  # relative to the working directory, like the default SQLite file
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = generate_key()
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(key + "\n")
    log.warning("BUTIE_DATA_KEY is not set: generated a data key in %s (development only). "
                "Back it up with the database: without it the ID numbers and bank accounts "
                "cannot be read.", path.resolve())
    return key
