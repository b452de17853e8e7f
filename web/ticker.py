"""A background thread that fires due timers, applies bank results, builds exports and sends
the SMS outbox, so the demo works with one command."""

from __future__ import annotations

import logging
import threading

from flask import Flask

from web import messaging
from web.db import runtime, sessions
from workflow.services import exports, payments, timers

log = logging.getLogger(__name__)


def start(app: Flask) -> threading.Thread:
    """Tick every TICK_SECONDS in a daemon thread (production runs `butie worker`)."""
    interval = float(app.config["TICK_SECONDS"])
    factory, rt = sessions(app), runtime(app)
    stop, wake = threading.Event(), threading.Event()

    def loop() -> None:
        while not stop.is_set():
            wake.wait(interval)  # an export request or a reset code wakes it early
            wake.clear()
            if stop.is_set():
                break
            try:
                fired = timers.fire_due(factory, rt)
                if fired:
                    log.info("timers fired for %s", ", ".join(fired))
                applied = payments.apply_results(factory, rt)
                if applied:
                    log.info("bank results applied to %d claims", applied)
                built = exports.run_pending(factory, rt.clock)
                if built:
                    log.info("exports built: %s", built)
                texts = messaging.send_round(app)
                if texts.sent:
                    log.info("SMS sent: %d", len(texts.sent))
            except Exception:  # keep ticking; the next round retries
                log.exception("tick failed")

    thread = threading.Thread(target=loop, name="butie-ticker", daemon=True)
    thread.start()
    app.extensions["butie.ticker_stop"] = stop
    app.extensions["butie.ticker_wake"] = wake
    return thread
