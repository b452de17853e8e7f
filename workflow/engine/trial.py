"""A test run of a definition: synthetic claims driven through every path, in memory.

From each state the run takes the usual choice (the first decision a form offers, or the
timer) and, the first time each other choice appears at an element, a branch for it too: every
decision at every task, every message the services may send while something waits for it
(a withdrawal during a review, an objection during the notice), every timer. Branches restart
from the serialized state, as a claim restarts between requests, so a state that does not
survive serialization fails here rather than in production. A path ends at an end event, at an
error (a gateway with no way out, an expression that fails) or when it is stuck.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from SpiffWorkflow.util.task import TaskState

from workflow.engine.definitions import ParsedDefinition
from workflow.engine.runner import ElementError, Engine, Instance, ReadyTask, all_tasks


@dataclass(frozen=True)
class Scenario:
    start_data: Mapping[str, Any]
    decisions: Mapping[str, tuple[str, ...]]  # form -> its decisions, the usual one first
    task_data: Callable[[ReadyTask, str], dict[str, Any]]  # what a decision hands the process
    messages: Mapping[str, Any]  # message -> payload, for the messages butie sends
    now: datetime
    max_steps: int = 30  # the longest path of the shipped process has 10
    max_paths: int = 200


@dataclass(frozen=True)
class PathResult:
    steps: tuple[str, ...]
    end: str | None  # the end event reached
    error: str | None


@dataclass(frozen=True)
class TrialResult:
    paths: tuple[PathResult, ...]
    unreached: tuple[str, ...]  # elements no path completed
    truncated: bool

    @property
    def failed(self) -> tuple[PathResult, ...]:
        return tuple(p for p in self.paths if p.error is not None)

    @property
    def ok(self) -> bool:
        return not self.failed and not self.truncated

    def ends(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for path in self.paths:
            if path.end is not None:
                counts[path.end] = counts.get(path.end, 0) + 1
        return counts


Action = Callable[[Instance], None]


def run(engine: Engine, definition: ParsedDefinition, scenario: Scenario) -> TrialResult:
    """Every path from a fresh claim to its end, with the elements no path reached."""
    covered: set[tuple[str, str]] = set()
    reached: set[str] = set()
    paths: list[PathResult] = []
    try:
        first = engine.start(definition, scenario.start_data)
    except Exception as exc:  # the diagram fails before its first wait: one failed path
        return TrialResult((PathResult(("start",), None, _describe(exc)),), (), False)
    stack: list[tuple[str, tuple[str, ...]]] = [(engine.dump(first), ())]
    while stack and len(paths) < scenario.max_paths:
        state, steps = stack.pop()
        instance = engine.restore(definition, state)
        result = _finished(engine, instance, steps, scenario)
        if result is not None:
            reached.update(_completed(instance))
            paths.append(result)
            continue
        options = _options(engine, instance, scenario)
        if not options:
            reached.update(_completed(instance))
            paths.append(PathResult(steps, None, f"stuck: {_waiting(instance)}"))
            continue
        branches = []
        for index, (key, label, action) in enumerate(options):
            if index > 0 and key in covered:
                continue
            covered.add(key)
            branch = engine.restore(definition, state)
            try:
                action(branch)
            except Exception as exc:  # reported as the path's error, with the step that failed
                reached.update(_completed(branch))
                paths.append(PathResult((*steps, label), None, _describe(exc)))
                continue
            branches.append((engine.dump(branch), (*steps, label)))
        stack.extend(reversed(branches))  # the usual choice is explored first
    return TrialResult(tuple(paths), _unreached(definition, reached), bool(stack))


def _finished(engine: Engine, instance: Instance, steps: tuple[str, ...],
              scenario: Scenario) -> PathResult | None:
    state = engine.state(instance)
    if state.completed:
        return PathResult(steps, state.end_event, None)
    if len(steps) >= scenario.max_steps:
        return PathResult(steps, None, f"more than {scenario.max_steps} steps: a loop?")
    return None


def _options(engine: Engine, instance: Instance,
             scenario: Scenario) -> list[tuple[tuple[str, str], str, Action]]:
    state = engine.state(instance)
    options: list[tuple[tuple[str, str], str, Action]] = []
    if state.ready_tasks:
        task = state.ready_tasks[0]
        for decision in scenario.decisions.get(task.form or "", ()):
            options.append(((task.name, decision), f"{task.name}: {decision}",
                            _complete(engine, task, scenario.task_data(task, decision))))
        where = task.name
    else:
        where = _waiting(instance)
        if state.next_timer_at is not None:
            due = state.next_timer_at
            options.append(((where, "timer"), f"{where}: timer {due.isoformat()}",
                            lambda i: _fire(engine, i, due)))
    for message in sorted(state.waiting_messages & set(scenario.messages)):
        payload = scenario.messages[message]
        options.append(((where, f"message {message}"), f"{where}: message {message}",
                        _send(engine, message, payload)))
    return options


def _send(engine: Engine, message: str, payload: Any) -> Action:
    def action(instance: Instance) -> None:
        engine.send_message(instance, message, payload)
    return action


def _complete(engine: Engine, task: ReadyTask, data: dict[str, Any]) -> Action:
    def action(instance: Instance) -> None:
        # Task ids survive serialization, so the id read before the restore still names it.
        engine.complete(instance, task.id, data)
    return action


def _fire(engine: Engine, instance: Instance, due: datetime) -> None:
    if not engine.fire_timers(instance, due):
        raise RuntimeError(f"the timer due {due.isoformat()} did not fire")


def _waiting(instance: Instance) -> str:
    names = sorted({t.task_spec.bpmn_id or t.task_spec.name
                    for t in all_tasks(instance.workflow) if t.state == TaskState.WAITING})
    return ", ".join(names) or "nothing"


def _completed(instance: Instance) -> set[str]:
    return {t.task_spec.bpmn_id for t in all_tasks(instance.workflow)
            if t.state == TaskState.COMPLETED and t.task_spec.bpmn_id}


def _unreached(definition: ParsedDefinition, reached: set[str]) -> tuple[str, ...]:
    every = {s.bpmn_id for spec in [definition.spec, *definition.subprocess_specs.values()]
             for s in spec.task_specs.values() if getattr(s, "bpmn_id", None)}
    return tuple(sorted(every - reached))


def _describe(exc: Exception) -> str:
    if isinstance(exc, ElementError):
        return f"{exc.element}: {exc.reason}"
    where = getattr(getattr(exc, "task_spec", None), "bpmn_id", None)
    return f"{where}: {exc}" if where else f"{type(exc).__name__}: {exc}"
