"""Apply the Alembic migrations that ship inside the package."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from workflow.persistence.crypto import Keyring

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(url: str, keyring: Keyring | None = None) -> Config:
    """An Alembic config pointing at the packaged migrations and `url`; data migrations that
    encrypt or decrypt rows use `keyring`."""
    config = Config()
    config.attributes["keyring"] = keyring
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, keyring: Keyring | None = None) -> None:
    """Bring the database at `url` to the newest schema."""
    command.upgrade(alembic_config(url, keyring), "head")
