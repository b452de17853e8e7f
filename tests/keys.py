"""The data key of a test run: random per run (never a fixed key), shared with the apps and the
`butie` subprocesses the tests start through BUTIE_DATA_KEY."""

from __future__ import annotations

import os

from workflow.persistence.crypto import generate_key, keyring_from

os.environ.setdefault("BUTIE_DATA_KEY", generate_key())
KEYRING = keyring_from(os.environ["BUTIE_DATA_KEY"])
