"""A throwaway PostgreSQL server for the test session: initdb in a temporary folder, loopback.

Started only when PostgreSQL's server binaries are installed (`.ci/run` installs them). initdb
refuses to run as root, so as root the server runs as the `postgres` user.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager


def server_binaries() -> str | None:
    """The newest PostgreSQL bin directory, or None when the server is not installed."""
    override = os.environ.get("BUTIE_PG_BIN")
    if override:  # a folder without initdb means no server: its tests are skipped
        return override if os.path.exists(os.path.join(override, "initdb")) else None
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return os.path.dirname(found[-1]) if found else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _run(args: list[str], as_postgres: bool) -> None:
    if as_postgres:
        args = ["runuser", "-u", "postgres", "--", *args]
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


@contextmanager
def postgres_server() -> Iterator[str]:
    """Yield a superuser URL (without database name) of a fresh server; stop it afterwards."""
    bindir = server_binaries()
    if bindir is None:
        raise RuntimeError("PostgreSQL is not installed")
    as_postgres = os.geteuid() == 0
    tmp = tempfile.mkdtemp(prefix="butie-pg-")
    if as_postgres:
        shutil.chown(tmp, "postgres", "postgres")
    data, port = os.path.join(tmp, "data"), _free_port()
    _run([f"{bindir}/initdb", "-D", data, "-U", "butie", "-A", "trust", "-E", "UTF8",
          "--no-sync"], as_postgres)
    options = f"-k {tmp} -h 127.0.0.1 -p {port} -c fsync=off -c max_connections=200"
    _run([f"{bindir}/pg_ctl", "-D", data, "-o", options, "-w", "-l",
          os.path.join(tmp, "log"), "start"], as_postgres)
    try:
        yield f"postgresql+psycopg://butie@127.0.0.1:{port}"
    finally:
        _run([f"{bindir}/pg_ctl", "-D", data, "-m", "immediate", "stop"], as_postgres)
        time.sleep(0.1)
        shutil.rmtree(tmp, ignore_errors=True)
