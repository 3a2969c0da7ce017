"""Identifiers of Flyte entities and executions (``flyteidl/core/identifier.proto``)."""

from __future__ import annotations

from flyteidl.core import identifier_pb2

from .._model import Entity, ProtoEnum, entity, field, proto_enum


@proto_enum(identifier_pb2.ResourceType.DESCRIPTOR)
class ResourceType(ProtoEnum):
    """The kind of entity an Identifier names."""

    UNSPECIFIED = 0
    TASK = 1
    WORKFLOW = 2
    LAUNCH_PLAN = 3
    DATASET = 4


@entity(identifier_pb2.NodeExecutionIdentifier)
class NodeExecutionIdentifier(Entity, share_strings=True):
    """Names a node execution: the node id within a workflow execution."""

    node_id: str = ""
    execution_id: WorkflowExecutionIdentifier = field(default=None, metadata={"reads": "empty"})


@entity(identifier_pb2.WorkflowExecutionIdentifier)
class WorkflowExecutionIdentifier(Entity, share_strings=True):
    """Names a workflow execution: project, domain, name and org."""

    project: str = ""
    domain: str = ""
    name: str = ""
    org: str = field(default="", kw_only=True)


@entity(identifier_pb2.TaskExecutionIdentifier)
class TaskExecutionIdentifier(Entity):
    """Names a task execution: the task, the node execution that ran it and the retry attempt."""

    task_id: Identifier = field(default=None, metadata={"reads": "empty"})
    node_execution_id: NodeExecutionIdentifier = field(default=None, metadata={"reads": "empty"})
    retry_attempt: int = 0


@entity(identifier_pb2.Identifier)
class Identifier(Entity, share_strings=True):
    """Names a versioned Flyte entity: a task, workflow, launch plan or dataset."""

    resource_type: ResourceType = ResourceType.UNSPECIFIED
    project: str = ""
    domain: str = ""
    name: str = ""
    version: str = ""
    org: str = field(default="", kw_only=True)

    def resource_type_name(self) -> str:
        """The name of the kind of entity this names: ``"TASK"``, ``"WORKFLOW"``, ..."""
        return self.resource_type.name


@entity(identifier_pb2.SignalIdentifier)
class SignalIdentifier(Entity, share_strings=True):
    """Names a signal of a gate node within a workflow execution."""

    signal_id: str = ""
    execution_id: WorkflowExecutionIdentifier = field(default=None, metadata={"reads": "empty"})
