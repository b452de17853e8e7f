"""A safety net under every log line: ID numbers and bank accounts are masked before any
handler sees them (the code logs neither on purpose; an exception text or a URL might)."""

from __future__ import annotations

import logging
from typing import Any

from workflow.domain.identity import mask_numbers_in

_FORMATTER = logging.Formatter()


def install() -> None:
    """Wrap the log record factory once per process (records are made only when enabled)."""
    previous = logging.getLogRecordFactory()
    if getattr(previous, "butie_masking", False):
        return

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        mask(record)
        return record

    factory.butie_masking = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)


def mask(record: logging.LogRecord) -> None:
    """Format the message (and any traceback) now, masked, so handlers print that."""
    try:
        message = record.getMessage()
    except (TypeError, ValueError):  # a malformed call: let logging report it as usual
        return
    record.msg, record.args = mask_numbers_in(message), None
    if record.exc_info and not record.exc_text:
        record.exc_text = mask_numbers_in(_FORMATTER.formatException(record.exc_info))
