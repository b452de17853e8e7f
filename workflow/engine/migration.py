"""Moving a running instance to a newer version with SpiffWorkflow's own diff and migrate.

SpecDiff aligns the two versions' task specs (by id first, then by position); WorkflowDiff says
which of an instance's tasks sit on removed or changed specs; migrate_workflow re-points the
tasks and re-predicts what follows the waiting ones. Deciding what is safe is left to the
application (SpiffWorkflow's docs: "deciding whether to migrate is the hard part"). The rule
here is theirs, relaxed for labels: an instance may move unless a task it has completed or
started was removed or changed in anything but its name or documentation, or the task it waits
at was removed. Two more changes leave a completed task as it ran: new incoming flows of a task
that joins nothing (only a join waits on its inputs), and new outgoing flows of the start event
(it never runs again: a flow inserted after it, such as a gateway, changes new instances only).
A move that passes is then rehearsed on a copy (migrate, serialize, restore on the new version)
and must leave the instance waiting where it waited.

One more change leaves a completed task as it ran: a script task whose script is emptied (only
`pass`), as Task_compute_amount was when the policy pack became the only place a claim is
priced (issue 19). Its script already ran and what it wrote stays in the data; the new version
writes nothing there that a later step could need and the old one did not write, so nothing
after it behaves differently. Removing such a task instead would leave completed tasks on a
spec the new version lacks, which SpiffWorkflow cannot restore: keep it as a placeholder.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Any

from SpiffWorkflow.bpmn.specs.defaults import StartEvent
from SpiffWorkflow.bpmn.specs.mixins.script_task import ScriptTask
from SpiffWorkflow.bpmn.util.diff import SpecDiff, WorkflowDiff, migrate_workflow
from SpiffWorkflow.specs.Join import Join
from SpiffWorkflow.util.task import TaskState

from workflow.engine.definitions import ParsedDefinition
from workflow.engine.runner import Engine, Instance

# Attributes whose change does not alter how a completed task behaved or what follows it.
COSMETIC = frozenset({"bpmn_name", "documentation"})
_DONE = TaskState.COMPLETED | TaskState.STARTED
_WAITING = TaskState.READY | TaskState.WAITING


class MigrationRefusedError(RuntimeError):
    """The instance cannot move to the new version; `reasons` says why."""

    def __init__(self, reasons: tuple[str, ...]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons


@dataclass(frozen=True)
class Verdict:
    safe: bool
    at: tuple[str, ...]  # the elements the instance waits at
    reasons: tuple[str, ...]  # why it cannot move (empty when safe)


def _element(task: Any) -> str:
    return str(task.task_spec.bpmn_id or task.task_spec.name)


def _harmless(spec: Any, attribute: str, new: Any) -> bool:
    """A change that cannot alter how a completed task ran (see the module's docstring)."""
    return (attribute == "inputs" and not isinstance(spec, Join)) or (
        attribute == "outputs" and isinstance(spec, StartEvent)) or (
        attribute == "script" and isinstance(spec, ScriptTask) and isinstance(new, ScriptTask)
        and _does_nothing(new.script))


def _does_nothing(script: str | None) -> bool:
    """A script of `pass` statements only (or none): it writes nothing."""
    try:
        body = ast.parse(script or "").body
    except SyntaxError:
        return False
    return all(isinstance(statement, ast.Pass) for statement in body)


def waiting_at(engine: Engine, instance: Instance) -> tuple[str, ...]:
    """The elements an instance waits at (user tasks, catch events, event gateways; a boundary
    event waiting beside a task is a possibility there, not a place of its own)."""
    return engine.trail(instance).current


class Migrator:
    """One old version against one new one: the spec diff is computed once, for every claim."""

    def __init__(self, engine: Engine, old: ParsedDefinition, new: ParsedDefinition,
                 new_label: str) -> None:
        self.engine, self.old, self.new, self.label = engine, old, new, new_label
        self.spec_diff = SpecDiff(engine.serializer.registry, old.spec, new.spec)

    def check(self, instance: Instance, consume: bool = False) -> Verdict:
        """Whether the instance can move, and why not; the move is rehearsed on a copy (or on
        the instance itself when the caller will not use it again: `consume`)."""
        at = waiting_at(self.engine, instance)
        reasons = self._diff_reasons(instance)
        if not reasons:
            target = instance if consume else self.engine.restore(self.old,
                                                                  self.engine.dump(instance))
            reasons, _moved = self._rehearse(target, at)
        return Verdict(not reasons, at, tuple(reasons))

    def migrate(self, instance: Instance) -> Instance:
        """The instance moved to the new version (the one given is used up); raises
        MigrationRefusedError, with the reasons, if it may not move."""
        at = waiting_at(self.engine, instance)
        reasons = self._diff_reasons(instance)
        moved = None
        if not reasons:
            reasons, moved = self._rehearse(instance, at)
        if reasons or moved is None:
            raise MigrationRefusedError(tuple(reasons))
        return moved

    def _diff_reasons(self, instance: Instance) -> list[str]:
        workflow = instance.workflow
        if workflow.subprocesses:
            return ["it runs a subprocess; moving those is not supported"]
        diff = WorkflowDiff(workflow, self.spec_diff)
        reasons: list[str] = []
        for task in diff.removed:
            if task.state & _DONE:
                reasons.append(f"{_element(task)} was completed and {self.label} removes it")
            elif task.state & _WAITING:
                reasons.append(f"it waits at {_element(task)}, which {self.label} removes")
        for task in diff.changed:
            new = self.spec_diff.alignment[task.task_spec]
            changed = [c for c in self.spec_diff.changed[task.task_spec] if c not in COSMETIC
                       and not _harmless(task.task_spec, c, new)]
            if task.state & _DONE and changed:
                reasons.append(f"{_element(task)} was completed and {self.label} changes its "
                               f"{', '.join(sorted(changed))}")
        return sorted(set(reasons))

    def _rehearse(self, instance: Instance,
                  at: tuple[str, ...]) -> tuple[list[str], Instance | None]:
        """Move `instance` (used up), serialize it and restore it on the new version; it must
        still wait where it waited."""
        try:
            workflow = instance.workflow
            migrate_workflow(WorkflowDiff(workflow, self.spec_diff), workflow, self.new.spec)
            workflow.subprocess_specs = self.new.subprocess_specs
            moved = self.engine.restore(self.new, self.engine.dump(instance))
            after = waiting_at(self.engine, moved)
        except Exception as exc:  # any failure means "not safe", with the library's words
            return [f"the move fails when rehearsed: {type(exc).__name__}: {exc}"], None
        if after != at:
            return [f"it would wait at {', '.join(after) or 'nothing'} instead of "
                    f"{', '.join(at)}"], None
        return [], moved
