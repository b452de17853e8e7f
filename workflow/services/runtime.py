"""The dependencies every use case needs, built once per process."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from workflow.engine.budget import DEFAULT, Limits
from workflow.engine.definitions import ParsedDefinition
from workflow.engine.runner import Engine, Instance


def _priced_at_acceptance(certificate_code: str = "", level: str | None = None) -> dict[str, Any]:
    """Process versions deployed before issue 19 priced the claim in a script task
    (Task_compute_amount) with Pengyang's rules, and acceptance priced it again by the claim's
    pack. The pack's quote is now the only price (services.acceptance.fix_amount): claims still
    running on those versions call this and get no amount, so their script task still runs and
    nothing reads its result."""
    return {}


# The only functions a diagram may call. Plain functions, never modules.
DIAGRAM_FUNCTIONS: dict[str, Callable[..., Any]] = {"price_claim": _priced_at_acceptance}


class InstanceCache:
    """Deserialized workflows kept between requests, keyed by the claim's random `rev`.

    A hit needs the row's rev to equal the cached one; every save writes a new rev, so a
    failed commit or another process's write makes the entry a miss, never a stale read.
    Taking an entry removes it, so two threads never share one workflow object.
    """

    def __init__(self, size: int = 2048) -> None:
        self.size = size
        self._items: OrderedDict[int, tuple[str, Instance]] = OrderedDict()
        self._lock = threading.Lock()

    def take(self, claim_id: int, rev: str) -> Instance | None:
        with self._lock:
            item = self._items.pop(claim_id, None)
        return item[1] if item is not None and item[0] == rev else None

    def put(self, claim_id: int, rev: str, instance: Instance) -> None:
        instance.effects.clear()
        with self._lock:
            self._items[claim_id] = (rev, instance)
            while len(self._items) > self.size:
                self._items.popitem(last=False)


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Runtime:
    engine: Engine
    clock: Callable[[], datetime] = utc_now
    instances: InstanceCache = field(default_factory=InstanceCache)
    definitions: dict[int, ParsedDefinition] = field(default_factory=dict)


def build_runtime(clock: Callable[[], datetime] = utc_now,
                  cache_size: int = 2048, limits: Limits = DEFAULT) -> Runtime:
    """A runtime with the restricted engine, the diagram functions and the budget each call
    into the engine runs under."""
    return Runtime(Engine(DIAGRAM_FUNCTIONS, limits), clock, InstanceCache(cache_size))
