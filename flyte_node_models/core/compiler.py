"""Compiled workflows, tasks and launch plans (``flyteidl/core/compiler.proto``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flyteidl.core import compiler_pb2

from .._model import Entity, entity, field
from ..wellknown import FrozenDict

if TYPE_CHECKING:
    from ..core.workflow import LaunchPlanTemplate, WorkflowTemplate
    from ..task import TaskTemplate

@entity(compiler_pb2.CompiledWorkflowClosure)
class CompiledWorkflowClosure(Entity):
    """A compiled workflow with its sub-workflows, tasks and launch plans."""

    primary: CompiledWorkflow = field(default=None, metadata={"reads": "empty"})
    sub_workflows: tuple[CompiledWorkflow, ...] = ()
    tasks: tuple[CompiledTask, ...] = ()
    launch_plans: tuple[CompiledLaunchPlan, ...] = field(default=(), kw_only=True)


@entity(compiler_pb2.CompiledWorkflow)
class CompiledWorkflow(Entity):
    """A workflow template with the connections between its nodes."""

    template: WorkflowTemplate = field(default=None, metadata={"reads": "empty"})
    connections: ConnectionSet = field(default=None, metadata={"reads": "empty"})


@entity(compiler_pb2.ConnectionSet)
class ConnectionSet(Entity):
    """The edges of a compiled workflow's node graph, both ways."""

    upstream: FrozenDict[str, IdList] = FrozenDict()
    downstream: FrozenDict[str, IdList] = FrozenDict()


@entity(compiler_pb2.ConnectionSet.IdList)
class IdList(Entity):
    """A list of node ids."""

    ids: tuple[str, ...] = ()


@entity(compiler_pb2.CompiledTask)
class CompiledTask(Entity):
    """A compiled task template."""

    template: TaskTemplate = field(default=None, metadata={"reads": "empty"})


@entity(compiler_pb2.CompiledLaunchPlan)
class CompiledLaunchPlan(Entity):
    """A compiled launch plan template."""

    template: LaunchPlanTemplate | None = None


ConnectionSet.IdList = IdList  # type: ignore[attr-defined]
