"""TODO module doc."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flyteidl.core import identifier_pb2

from .._model import Entity, ProtoEnum, field, entity, proto_enum

@proto_enum(identifier_pb2.ResourceType.DESCRIPTOR)
class ResourceType(ProtoEnum):
    """TODO flyteidl.core.ResourceType."""

    UNSPECIFIED = 0
    TASK = 1
    WORKFLOW = 2
    LAUNCH_PLAN = 3
    DATASET = 4


@entity(identifier_pb2.NodeExecutionIdentifier)
class NodeExecutionIdentifier(Entity):
    """TODO flyteidl.core.NodeExecutionIdentifier."""

    node_id: str
    execution_id: WorkflowExecutionIdentifier | None


@entity(identifier_pb2.WorkflowExecutionIdentifier)
class WorkflowExecutionIdentifier(Entity):
    """TODO flyteidl.core.WorkflowExecutionIdentifier."""

    project: str
    domain: str
    name: str
    org: str


@entity(identifier_pb2.TaskExecutionIdentifier)
class TaskExecutionIdentifier(Entity):
    """TODO flyteidl.core.TaskExecutionIdentifier."""

    task_id: Identifier | None
    node_execution_id: NodeExecutionIdentifier | None
    retry_attempt: int


@entity(identifier_pb2.Identifier)
class Identifier(Entity):
    """TODO flyteidl.core.Identifier."""

    resource_type: ResourceType
    project: str
    domain: str
    name: str
    version: str
    org: str
