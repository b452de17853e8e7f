"""A step, time and size budget for diagram code, kept in the thread that runs it.

RestrictedPython bounds what diagram code may reach, not how long it runs: `while True: pass`
in a condition froze a web process. Each call into the engine (start, complete, a message, the
timers) runs under one `Budget`, kept in a thread-local, so it works in any thread (gunicorn's
workers, the test client, the worker processes) where `signal.alarm` works only in the main
thread of the main interpreter. Three things charge it:

- every bytecode instruction of diagram code, counted by a `sys.settrace` tracer installed only
  while an expression or script runs (`frame.f_trace_opcodes`: a loop on one line is counted
  too); the tracer ignores frames of other code (exposed functions, the guards);
- every engine step (a gateway, a script task, a DMN table): a loop in the diagram itself, with
  no expression in it, is caught too;
- every sized value the guards (guards.py) let diagram code build: a single C call such as
  `'a' * 10**10` is refused before it allocates; the tracer cannot see inside a C call.

The wall clock is checked every CHECK_EVERY steps. Once exceeded, a budget stays exceeded: the
tracer raising unsets it (CPython does), so every exception handler and `finally` block of
diagram code starts with a check (guards.py), and nothing caught inside the diagram survives.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import FrameType
from typing import Any, NoReturn, TypeVar

from workflow.domain.phrases import said

# The file name diagram code is compiled under: the tracer counts frames of this file only.
FILENAME = "<diagram>"
CHECK_EVERY = 256  # steps between looks at the clock (time.perf_counter costs ~60 ns)
# An engine step (a gateway, a task, a DMN table) costs ~50 µs and more as the task tree grows:
# at 10,000 steps each a call makes at most 100 (the shipped process makes at most 5 a call).
ENGINE_STEP = 10_000
T = TypeVar("T")


@dataclass(frozen=True)
class Limits:
    """What one call into the engine may spend. The shipped process needs at most ~50,000 steps
    (five engine steps and the department routing table) and builds nothing sized."""

    steps: int = 1_000_000  # 0.3-1.2 s of traced diagram code on this machine kind
    seconds: float = 2.0  # wall clock: what steps cannot count (a slow C call repeated)
    items: int = 100_000  # the largest value one operation may build (items or characters)
    total_items: int = 1_000_000  # all sized values built in one call together (~40 MB)
    bits: int = 65_536  # the largest integer (~19,700 decimal digits)


DEFAULT = Limits()


class BudgetExceededError(RuntimeError):
    """Diagram code went over its budget or tried to build a value over a limit."""

    def __init__(self, reason: str, task_spec: Any = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.task_spec = task_spec  # the element, when the engine step itself went over


class Budget:
    """The steps and items spent so far in one engine call, and its deadline."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.steps = 0
        self.items = 0
        self.deadline = time.perf_counter() + limits.seconds
        self.next_check = CHECK_EVERY
        self.exceeded: str | None = None
        self.tracer = _tracer(self)

    def over(self, reason: str) -> NoReturn:
        self.exceeded = self.exceeded or reason
        raise BudgetExceededError(self.exceeded)

    def check(self) -> None:
        """Raise if the budget is spent (or was spent before: it stays spent)."""
        if self.exceeded is not None:
            raise BudgetExceededError(self.exceeded)
        if self.steps > self.limits.steps:
            self.over(said("it ran more than %(steps)s steps", steps=f"{self.limits.steps:,}"))
        if time.perf_counter() > self.deadline:
            self.over(said("it ran longer than %(seconds)s seconds",
                           seconds=f"{self.limits.seconds:g}"))
        self.next_check = self.steps + CHECK_EVERY

    def limit(self, size: int) -> None:
        """Refuse a value of `size` items before it is built."""
        if size > self.limits.items:
            self.over(said("it would build a value of %(size)s items; at most %(limit)s",
                           size=f"{size:,}", limit=f"{self.limits.items:,}"))

    def build(self, size: int) -> None:
        """Charge a value of `size` items about to be built (or just built)."""
        self.limit(size)
        self.items += size
        if self.items > self.limits.total_items:
            self.over(said("it built more than %(limit)s items in all",
                           limit=f"{self.limits.total_items:,}"))
        self.steps += size >> 6  # building costs time too: ~64 items an instruction's worth
        if self.steps >= self.next_check:
            self.check()

    def bits(self, size: int) -> None:
        """Charge an integer of `size` bits about to be computed."""
        if size > self.limits.bits:
            self.over(said("it would compute a number of %(size)s bits; at most %(limit)s",
                           size=f"{size:,}", limit=f"{self.limits.bits:,}"))
        self.build(size >> 6)


def _tracer(budget: Budget) -> Callable[[FrameType, str, Any], Any]:
    """A global trace function counting the instructions of diagram frames only."""

    def instruction(frame: FrameType, event: str, arg: Any) -> Any:
        budget.steps += 1
        if budget.steps >= budget.next_check:
            budget.check()
        return instruction

    def call(frame: FrameType, event: str, arg: Any) -> Any:
        if frame.f_code.co_filename != FILENAME:
            return None  # an exposed function or a guard: ours, not counted
        frame.f_trace_opcodes = True
        frame.f_trace_lines = False
        return instruction(frame, event, arg)

    return call


_local = threading.local()


def current() -> Budget | None:
    """The budget of the engine call running in this thread, if any."""
    return getattr(_local, "budget", None)


def spend(limits: Limits, action: Callable[[], T]) -> T:
    """Run `action` (one engine call) under a budget of its own; a nested call shares it."""
    if current() is not None:
        return action()
    _local.budget = Budget(limits)
    try:
        return action()
    finally:
        _local.budget = None


def traced(function: Callable[..., T], *args: Any) -> T:
    """Call `function` (it runs diagram code) with the tracer on, under the current budget or,
    outside an engine call, under a budget of its own."""
    budget = current()
    if budget is None:
        return spend(DEFAULT, lambda: traced(function, *args))
    budget.check()
    previous = sys.gettrace()
    sys.settrace(budget.tracer)
    try:
        result = function(*args)
    finally:
        sys.settrace(previous)
    budget.check()  # over budget, even if the diagram caught the error somehow
    return result


def engine_step(task: Any) -> None:
    """SpiffWorkflow's did_complete_task callback: an engine step costs ENGINE_STEP steps."""
    budget = current()
    if budget is None:
        return
    budget.steps += ENGINE_STEP
    try:
        budget.check()
    except BudgetExceededError as exc:
        raise BudgetExceededError(exc.reason, task.task_spec) from None


def checkpoint() -> None:
    """Raise if the current budget is spent: the first statement of every exception handler
    and `finally` block of diagram code (the tracer is gone once it has raised)."""
    budget = current()
    if budget is not None and budget.exceeded is not None:
        raise BudgetExceededError(budget.exceeded)


def guard_budget() -> Budget:
    """The budget the guards charge (a guard called outside diagram code gets a fresh one)."""
    return current() or Budget(DEFAULT)
