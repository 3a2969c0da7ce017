"""Dynamic job specs: what a dynamic task writes at a node execution's ``dynamic_job_spec_uri``
(``flyteidl/core/dynamic_job.proto``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flyteidl.core import dynamic_job_pb2

from ._model import Entity, entity, field

if TYPE_CHECKING:
    from .core.workflow import Node, WorkflowTemplate
    from .literals import Binding
    from .task import TaskTemplate


@entity(dynamic_job_pb2.DynamicJobSpec)
class DynamicJobSpec(Entity):
    """The workflow a dynamic task generated: its nodes, tasks, sub-workflows and outputs."""

    tasks: tuple[TaskTemplate, ...] | None = field(default=(), metadata={"reads": "none"})
    nodes: tuple[Node, ...] = ()
    min_successes: int = 0
    outputs: tuple[Binding, ...] | None = field(default=(), metadata={"reads": "none"})
    subworkflows: tuple[WorkflowTemplate, ...] = ()
