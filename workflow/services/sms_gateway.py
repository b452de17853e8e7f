"""The SMS gateway over HTTP: one JSON POST per text to the one configured URL.

urllib3 (the HTTP client under requests, kept by the same maintainers) rather than requests
or the standard library: it reads no proxy settings or .netrc from the environment, so nothing
but the configured URL is ever contacted; it follows no redirect when told not to; its own
retries are switched off (the outbox retries, with backoff, across rounds); and it tells a
connection that never opened (the text was not sent) from an answer that never came.

The contract (README "SMS gateway"): POST BUTIE_SMS_URL with
`Authorization: Bearer BUTIE_SMS_TOKEN` (when set) and the UTF-8 JSON body
`{"phone": "13800000000", "text": "…", "reference": "sms-…"}`; 2xx: accepted. The meaning of
every other answer is `workflow.domain.sms.classify`.
"""

from __future__ import annotations

import json

import urllib3
from urllib3.exceptions import HTTPError

from workflow.domain.sms import Delivery, Outcome, classify


class HttpGateway:
    """Posts texts to `url`; built once per process from the settings (web.messaging)."""

    def __init__(self, url: str, token: str = "", timeout: float = 5.0) -> None:
        scheme = urllib3.util.parse_url(url).scheme
        if scheme not in {"http", "https"}:
            raise ValueError("BUTIE_SMS_URL must be an http:// or https:// URL")
        self.url = url
        self._headers = {"Content-Type": "application/json; charset=utf-8"}
        if token:
            self._headers["Authorization"] = f"Bearer {token}"
        self._pool = urllib3.PoolManager(
            retries=False, timeout=urllib3.Timeout(connect=timeout, read=timeout), maxsize=4)

    def send(self, phone: str, text: str, reference: str) -> Delivery:
        body = json.dumps({"phone": phone, "text": text, "reference": reference},
                          ensure_ascii=False).encode("utf-8")
        try:
            answer = self._pool.request("POST", self.url, body=body, headers=self._headers,
                                        redirect=False, preload_content=True)
        except HTTPError as exc:  # no answer: refused, reset, timed out (never the body)
            return Delivery(Outcome.RETRY, f"no answer ({type(exc).__name__})")
        return Delivery(classify(answer.status), f"HTTP {answer.status}")
