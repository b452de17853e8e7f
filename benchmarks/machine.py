"""One line describing the machine a benchmark ran on, and a scratch database to run on."""

from __future__ import annotations

import os
import platform
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


def describe() -> str:
    cpu = "unknown cpu"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            cpu = next(line.split(":", 1)[1].strip() for line in handle
                       if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{platform.node()}: {cpu}, {os.cpu_count()} cores, {memory:.0f} GiB, "
            f"Python {platform.python_version()}, {platform.system()} {platform.release()}")


def data_keyring() -> Any:
    """The configured data key (BUTIE_DATA_KEY, or the development key file), as the app uses."""
    from web import config, keys

    return keys.keyring(config.load())


def load() -> str:
    """The 1-minute load average: on a shared machine, how much of it other jobs were using."""
    return f"{os.getloadavg()[0]:.1f}"


@contextmanager
def scratch_database(backend: str, name: str) -> Iterator[str]:
    """The URL of an empty database `name`: a SQLite file in a temporary folder, or a database
    on a throwaway PostgreSQL server (the tests' own), both gone afterwards."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory(prefix=f"butie-{name}-") as folder:
            yield f"sqlite:///{folder}/{name}.db"
        return
    from sqlalchemy import create_engine, text

    from tests.pg import postgres_server

    with postgres_server() as server:
        admin = create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f"CREATE DATABASE {name}_bench"))
        admin.dispose()
        yield f"{server}/{name}_bench"
