"""TODO module doc."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flyteidl.core import compiler_pb2

from .._model import Entity, field, entity
from ..wellknown import FrozenDict

if TYPE_CHECKING:
    from ..core.workflow import LaunchPlanTemplate, WorkflowTemplate
    from ..task import TaskTemplate

@entity(compiler_pb2.CompiledWorkflowClosure)
class CompiledWorkflowClosure(Entity):
    """TODO flyteidl.core.CompiledWorkflowClosure."""

    primary: CompiledWorkflow | None
    sub_workflows: tuple[CompiledWorkflow, ...]
    tasks: tuple[CompiledTask, ...]
    launch_plans: tuple[CompiledLaunchPlan, ...]


@entity(compiler_pb2.CompiledWorkflow)
class CompiledWorkflow(Entity):
    """TODO flyteidl.core.CompiledWorkflow."""

    template: WorkflowTemplate | None
    connections: ConnectionSet | None


@entity(compiler_pb2.ConnectionSet)
class ConnectionSet(Entity):
    """TODO flyteidl.core.ConnectionSet."""

    downstream: FrozenDict[str, IdList]
    upstream: FrozenDict[str, IdList]


@entity(compiler_pb2.ConnectionSet.IdList)
class IdList(Entity):
    """TODO flyteidl.core.ConnectionSet.IdList."""

    ids: tuple[str, ...]


@entity(compiler_pb2.CompiledTask)
class CompiledTask(Entity):
    """TODO flyteidl.core.CompiledTask."""

    template: TaskTemplate | None


@entity(compiler_pb2.CompiledLaunchPlan)
class CompiledLaunchPlan(Entity):
    """TODO flyteidl.core.CompiledLaunchPlan."""

    template: LaunchPlanTemplate | None


ConnectionSet.IdList = IdList  # type: ignore[attr-defined]
