"""A tiny SMS gateway on 127.0.0.1, in a thread, for the tests: it records every request it
gets (body, token, the answer it gave) and answers as a script says (200 unless told)."""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

TOKEN = "gateway-test-token"


class LocalGateway:
    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []  # every request: body, auth, status
        # Answer for a request (its body): a status code. Default: 200.
        self.answer: Callable[[dict[str, Any]], int] = lambda _body: 200
        self.delay = 0.0  # seconds before answering (a slow gateway, a timeout)
        self._lock = threading.Lock()
        self.url = ""

    def delivered(self) -> list[dict[str, Any]]:
        """The bodies the gateway accepted (2xx), in order."""
        with self._lock:
            return [r["body"] for r in self.requests if 200 <= r["status"] < 300]

    def texts(self, phone: str | None = None) -> list[str]:
        return [b["text"] for b in self.delivered() if phone is None or b["phone"] == phone]

    def code(self, phone: str) -> str:
        """The reset code in the last text to `phone`."""
        found = re.search(r"验证码：(\d{6})", self.texts(phone)[-1])
        assert found, self.texts(phone)
        return found.group(1)

    def fail_first(self, times: int, status: int = 500) -> None:
        """Answer `status` to the first `times` requests of each reference."""
        counts: dict[str, int] = {}

        def answer(body: dict[str, Any]) -> int:
            counts[body["reference"]] = counts.get(body["reference"], 0) + 1
            return status if counts[body["reference"]] <= times else 200

        self.answer = answer

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        length = int(handler.headers.get("Content-Length", "0"))
        body = json.loads(handler.rfile.read(length).decode("utf-8"))
        if self.delay:
            time.sleep(self.delay)
        with self._lock:
            status = self.answer(body)
            self.requests.append({"body": body, "status": status, "path": handler.path,
                                  "auth": handler.headers.get("Authorization"),
                                  "type": handler.headers.get("Content-Type")})
        payload = json.dumps({"ok": status < 300}).encode()
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(payload)))
            handler.end_headers()
            handler.wfile.write(payload)
        except OSError:  # the client gave up (a timeout test): it was recorded anyway
            pass


@contextmanager
def local_gateway() -> Iterator[LocalGateway]:
    gateway = LocalGateway()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            gateway._handle(self)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    gateway.url = f"http://127.0.0.1:{server.server_port}/sms"
    try:
        yield gateway
    finally:
        server.shutdown()
        server.server_close()
