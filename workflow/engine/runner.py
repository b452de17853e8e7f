"""Start, restore, advance and inspect process instances; our own types out, never SpiffTask."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.bpmn.specs.mixins.events.intermediate_event import BoundaryEvent
from SpiffWorkflow.bpmn.util.event import BpmnEvent
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.spiff.specs.event_definitions import MessageEventDefinition
from SpiffWorkflow.util.task import TaskState

from workflow.engine import budget, serialization
from workflow.engine.budget import BudgetExceededError, Limits
from workflow.engine.definitions import ParsedDefinition
from workflow.engine.scripting import make_script_engine


class TaskNotReadyError(RuntimeError):
    """The task does not exist or is not READY (completed already, cancelled, not yet reached)."""


class NotWaitingError(RuntimeError):
    """Nothing in the instance waits for this message."""


class ElementError(RuntimeError):
    """An element of the diagram failed while the engine ran it: an expression or script
    raised, or went over its budget. The instance is left half-moved: discard it."""

    def __init__(self, element: str, name: str, reason: str, over_budget: bool) -> None:
        super().__init__(f"{name} ({element}): {reason}")
        self.element, self.name, self.reason = element, name, reason
        self.over_budget = over_budget

    @classmethod
    def of(cls, exc: Exception) -> ElementError:
        """The element and the first cause worth telling, from what SpiffWorkflow raised."""
        causes: list[BaseException] = []
        seen: BaseException | None = exc
        while seen is not None and len(causes) < 20:
            causes.append(seen)
            seen = seen.__cause__ or seen.__context__
        over = next((c for c in causes if isinstance(c, BudgetExceededError)), None)
        spec = next((getattr(c, "task_spec", None) for c in causes
                     if getattr(c, "task_spec", None) is not None), None)
        element = str(getattr(spec, "bpmn_id", None) or getattr(spec, "name", "") or "?")
        name = str(getattr(spec, "bpmn_name", None) or element)
        if over is not None:
            return cls(element, name, over.reason, True)
        root = causes[-1]
        return cls(element, name, f"{type(root).__name__}: {root}"[:300], False)


@dataclass(frozen=True)
class ReadyTask:
    id: str
    name: str
    title: str
    lane: str | None
    form: str | None
    stage: str | None


@dataclass(frozen=True)
class Effect:
    """A side effect requested by a service task, to be written to the outbox by the caller."""

    operation: str
    params: dict[str, Any]


@dataclass(frozen=True)
class InstanceState:
    ready_tasks: tuple[ReadyTask, ...]
    completed: bool
    end_event: str | None
    next_timer_at: datetime | None
    waiting_messages: frozenset[str]
    data: dict[str, Any]


@dataclass(frozen=True)
class Trail:
    """Where an instance has been and where it is, by element id (for drawing it)."""

    done: tuple[str, ...]
    current: tuple[str, ...]
    steps: tuple[tuple[str, str], ...]  # (from, to) for every move made: the flows taken


@dataclass
class Instance:
    """An opaque handle on a running workflow and the effects requested since it was loaded."""

    workflow: BpmnWorkflow
    definition: ParsedDefinition
    effects: list[Effect] = field(default_factory=list)


class Engine:
    """Runs instances with the restricted script environment and exposes only `functions`."""

    def __init__(self, functions: Mapping[str, Callable[..., Any]],
                 limits: Limits = budget.DEFAULT) -> None:
        self.functions = dict(functions)
        self.limits = limits
        self.serializer = serialization.make_serializer()

    def _run(self, action: Callable[[], None]) -> None:
        """Run `action` (it moves an instance) under one budget; any failure of the diagram
        becomes an ElementError naming the element."""
        try:
            budget.spend(self.limits, action)
        except (TaskNotReadyError, NotWaitingError, ElementError):
            raise
        except Exception as exc:  # an expression, a script, a DMN table or the budget
            raise ElementError.of(exc) from exc

    def _attach(self, workflow: BpmnWorkflow, definition: ParsedDefinition) -> Instance:
        instance = Instance(workflow, definition)

        def record(operation: str, params: dict[str, Any], _data: dict[str, Any]) -> Any:
            instance.effects.append(Effect(operation, params))
            return {"requested": True, "sequence": len(instance.effects)}

        # A restored workflow comes back with an unrestricted engine: always replace it.
        workflow.script_engine = make_script_engine(self.functions, record)
        return instance

    def start(self, definition: ParsedDefinition, data: Mapping[str, Any]) -> Instance:
        """Create an instance, seed its data and run it to the first wait."""
        workflow = BpmnWorkflow(definition.spec, definition.subprocess_specs)
        instance = self._attach(workflow, definition)
        for task in workflow.get_tasks(state=TaskState.READY):
            task.data.update(data)
        self._run(lambda: _steps(workflow))
        return instance

    def restore(self, definition: ParsedDefinition, state: str) -> Instance:
        """Rebuild an instance from `dump` output."""
        workflow = serialization.load(self.serializer, state, definition.spec,
                                      definition.subprocess_specs)
        return self._attach(workflow, definition)

    def dump(self, instance: Instance) -> str:
        """The instance's state as JSON, without the spec."""
        return serialization.dump(self.serializer, instance.workflow)

    def complete(self, instance: Instance, task_id: str, data: Mapping[str, Any]) -> None:
        """Complete a READY human task with `data` and run to the next wait."""
        task = instance.workflow.get_task_from_id(UUID(task_id)) if _is_uuid(task_id) else None
        if task is None or task.state != TaskState.READY or not task.task_spec.manual:
            raise TaskNotReadyError(f"task {task_id} is not ready")
        task.data.update(data)

        def action() -> None:
            task.run()
            _steps(instance.workflow)
        self._run(action)

    def task_data(self, instance: Instance, task_id: str) -> dict[str, Any]:
        """A copy of the data a ready task would be completed with."""
        task = instance.workflow.get_task_from_id(UUID(task_id)) if _is_uuid(task_id) else None
        if task is None:
            raise TaskNotReadyError(f"task {task_id} does not exist")
        return dict(task.data)

    def send_message(self, instance: Instance, name: str, payload: Any) -> None:
        """Deliver a message (objection, withdrawal) to whatever waits for it."""
        if name not in self.state(instance).waiting_messages:
            raise NotWaitingError(f"nothing waits for {name!r}")
        event = BpmnEvent(MessageEventDefinition(name), payload)

        def action() -> None:
            instance.workflow.send_event(event)
            _steps(instance.workflow)
        self._run(action)

    def fire_timers(self, instance: Instance, now: datetime) -> bool:
        """Fire every timer due at `now` (a timezone-aware time); True if one fired."""
        fired = False
        for task in instance.workflow.get_tasks(state=TaskState.WAITING):
            due = _timer_due(task)
            if due is not None and due <= now:
                task._set_internal_data(event_fired=True)
                fired = True
        if fired:
            def action() -> None:
                instance.workflow.refresh_timers()
                _steps(instance.workflow)
            self._run(action)
        return fired

    def trail(self, instance: Instance) -> Trail:
        """The elements completed so far and the ones waiting now (tasks, events, gateways)."""
        done: set[str] = set()
        current: set[str] = set()
        steps: set[tuple[str, str]] = set()
        for task in all_tasks(instance.workflow):
            element = task.task_spec.bpmn_id
            if not element:
                continue
            if task.state == TaskState.COMPLETED:
                done.add(element)
            elif task.state in (TaskState.READY, TaskState.WAITING, TaskState.STARTED) \
                    and not isinstance(task.task_spec, BoundaryEvent):
                current.add(element)  # a boundary event waiting is a possibility, not a place
            else:
                continue
            parent = task.parent  # the nearest ancestor that is a diagram element
            while parent is not None and not parent.task_spec.bpmn_id:
                parent = parent.parent
            if parent is not None:
                steps.add((parent.task_spec.bpmn_id, element))
        return Trail(tuple(sorted(done)), tuple(sorted(current)), tuple(sorted(steps)))

    def state(self, instance: Instance) -> InstanceState:
        """What the instance waits for now: one pass over the task dicts, no tree walks."""
        workflow = instance.workflow
        ready: list[ReadyTask] = []
        timers: list[datetime] = []
        ends: list[Any] = []
        unfinished = False
        for task in all_tasks(workflow):
            state = task.state
            if state & TaskState.NOT_FINISHED_MASK and task.workflow is workflow:
                unfinished = True
            if state == TaskState.READY and task.task_spec.manual:
                ready.append(_ready(task))
            elif state == TaskState.WAITING:
                due = _timer_due(task)
                if due is not None:
                    timers.append(due)
            elif state == TaskState.COMPLETED and type(task.task_spec).__name__ == "EndEvent":
                ends.append(task)
        messages = frozenset(d.name for t in workflow.event_manager.tasks.values()
                             for d in _definitions(t.task_spec.event_definition)
                             if isinstance(d, MessageEventDefinition))
        completed = not unfinished
        end = max(ends, key=lambda t: t.last_state_change).task_spec.bpmn_id \
            if completed and ends else None
        data = dict(workflow.last_task.data) if workflow.last_task is not None else {}
        return InstanceState(tuple(ready), completed, end, min(timers, default=None),
                             messages, data)


def _steps(workflow: BpmnWorkflow) -> None:
    """Run to the next wait, every engine step charged to the budget (a loop in the diagram
    with no expression in it is stopped too)."""
    workflow.do_engine_steps(did_complete_task=budget.engine_step)


def all_tasks(workflow: BpmnWorkflow) -> list[Any]:
    """Every task of the workflow and of its subprocesses."""
    tasks = list(workflow.tasks.values())
    for sub in workflow.subprocesses.values():
        tasks.extend(sub.tasks.values())
    return tasks


def _is_uuid(value: str) -> bool:
    try:
        UUID(value)
    except ValueError:
        return False
    return True


def _ready(task: Any) -> ReadyTask:
    spec = task.task_spec
    props = (getattr(spec, "extensions", None) or {}).get("properties", {})
    return ReadyTask(str(task.id), spec.bpmn_id, spec.bpmn_name or spec.bpmn_id, spec.lane,
                     props.get("form"), props.get("stage"))


def _definitions(definition: Any) -> list[Any]:
    """An event definition, or the ones an event-based gateway or multiple event waits for."""
    return list(getattr(definition, "event_definitions", None) or [definition])


def _timer_due(task: Any) -> datetime | None:
    """The due time of a waiting timer, on a catch event or an event-based gateway."""
    value = task._get_internal_data("event_value")
    if not isinstance(value, str):
        return None
    definition = getattr(task.task_spec, "event_definition", None)
    if not any(isinstance(d, TimerEventDefinition) for d in _definitions(definition)):
        return None
    return TimerEventDefinition.get_datetime(value)
