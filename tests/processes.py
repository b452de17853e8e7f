"""Real `butie worker` and gunicorn processes on a database, for tests and benchmarks.

Each process runs this checkout's code (PYTHONPATH first) with settings from BUTIE_* variables,
as an operator would start it.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def environment(url: str, uploads: Path, **settings: str) -> dict[str, str]:
    """The environment of a butie process on `url`."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "BUTIE_DATABASE_URL": url,
           "BUTIE_UPLOAD_FOLDER": str(uploads), "BUTIE_SECRET_KEY": "processes-test-key",
           "PYTHONUNBUFFERED": "1"}  # a killed worker leaves its log lines behind
    env.update({f"BUTIE_{k}": v for k, v in settings.items()})
    return env


def start_worker(env: dict[str, str], log: Path, *args: str) -> subprocess.Popen[bytes]:
    """`butie worker` with its output in `log` (one line per round that did something)."""
    with open(log, "ab") as out:
        return subprocess.Popen([str(BIN / "butie"), "worker", "--interval", "0.2", *args],
                                env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_gunicorn(env: dict[str, str], log: Path, workers: int,
                   port: int) -> subprocess.Popen[bytes]:
    """gunicorn with `workers` sync workers on 127.0.0.1:`port`; returns once /health answers
    from a started worker."""
    with open(log, "ab") as out:
        server = subprocess.Popen(
            [str(BIN / "gunicorn"), "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
             "--timeout", "120", "--no-control-socket", "web.wsgi:make_app()"],
            env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    wait_for(lambda: _healthy(port), 90, f"gunicorn on port {port} (see {log})",
             server.poll)
    return server


def _healthy(port: int) -> bool:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", "/health")
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


def wait_for(condition: Callable[[], object], seconds: float, what: str,
             died: Callable[[], object] | None = None) -> None:
    """Poll `condition` until true; fail naming `what` after `seconds` or if `died()`."""
    deadline = time.monotonic() + seconds
    while not condition():
        if died is not None and died() is not None:
            raise AssertionError(f"{what}: the process exited")
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {seconds} s")
        time.sleep(0.05)


def stop(process: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> None:
    """Signal the process (SIGTERM: gunicorn stops its workers) and wait for it."""
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
