"""Workflow state as JSON, with the process spec stored by reference, not embedded.

The full serialization embeds the whole spec (15 KB of a 23 KB claim). Claims are pinned to a
versioned definition row instead, and the parsed spec is supplied again on load.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.serializer.default.event_definition import (
    TimerConditionalEventDefinitionConverter,
)
from SpiffWorkflow.bpmn.serializer.default.workflow import BpmnWorkflowConverter
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG

from workflow.engine.definitions import ServiceClockTimeDate


class SpecByReferenceConverter(BpmnWorkflowConverter):
    """Leaves `spec` and `subprocess_specs` out; `from_dict` takes them as arguments."""

    def to_dict(self, workflow: BpmnWorkflow) -> dict[str, Any]:
        dct = super(BpmnWorkflowConverter, self).to_dict(workflow)
        dct["spec"] = workflow.spec.name
        dct["subprocesses"] = self.mapping_to_dict(workflow.subprocesses)
        dct["bpmn_events"] = self.registry.convert(workflow.bpmn_events)
        return dct

    def from_dict(self, dct: dict[str, Any], spec: Any = None,
                  subprocess_specs: dict[str, Any] | None = None) -> BpmnWorkflow:
        from uuid import UUID

        dct.pop("spec", None)
        workflow = self.target_class(spec, subprocess_specs or {}, deserializing=True)
        workflow.tasks = self.mapping_from_dict(dct["tasks"], UUID, workflow=workflow)
        workflow.task_tree = workflow.tasks.get(UUID(dct["root"]))
        self.set_default_attributes(workflow, dct)
        self.subprocesses_from_dict(dct["subprocesses"], workflow)
        workflow.bpmn_events = self.registry.restore(dct.pop("bpmn_events", []))
        return workflow


def make_serializer() -> BpmnWorkflowSerializer:
    """A serializer that stores specs by reference and knows dates and decimals."""
    config = dict(SPIFF_CONFIG)
    config[BpmnWorkflow] = SpecByReferenceConverter
    # Caught events keep their definition in task data; ours must serialize like Spiff's.
    config[ServiceClockTimeDate] = TimerConditionalEventDefinitionConverter
    registry = BpmnWorkflowSerializer.configure(config)
    registry.register(date, lambda v: {"value": v.isoformat()},
                      lambda v: date.fromisoformat(v["value"]), typename="date")
    registry.register(Decimal, lambda v: {"value": str(v)}, lambda v: Decimal(v["value"]),
                      typename="Decimal")
    return BpmnWorkflowSerializer(registry)


def dump(serializer: BpmnWorkflowSerializer, workflow: BpmnWorkflow) -> str:
    """Serialize a workflow (spec left out) to a JSON string."""
    return serializer.serialize_json(workflow)


def load(serializer: BpmnWorkflowSerializer, state: str, spec: Any,
         subprocess_specs: dict[str, Any]) -> BpmnWorkflow:
    """Restore a workflow from `dump` output and its parsed spec."""
    import json

    dct = json.loads(state)
    serializer.migrate(dct)
    return serializer.registry.restore(dct, spec=spec, subprocess_specs=subprocess_specs)
