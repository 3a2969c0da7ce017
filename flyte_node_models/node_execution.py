"""TODO module doc."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flyteidl.admin import node_execution_pb2

from ._model import Entity, field, entity
from .wellknown import Duration, Timestamp

if TYPE_CHECKING:
    from .admin.common import FlyteURLs, Sort, UrlBlob
    from .core.catalog import CatalogCacheStatus, CatalogMetadata
    from .core.compiler import CompiledWorkflowClosure
    from .core.execution import ExecutionError, NodeExecutionPhase
    from .core.identifier import Identifier, NodeExecutionIdentifier, TaskExecutionIdentifier, WorkflowExecutionIdentifier
    from .literals import LiteralMap

@entity(node_execution_pb2.NodeExecutionGetRequest)
class NodeExecutionGetRequest(Entity):
    """TODO flyteidl.admin.NodeExecutionGetRequest."""

    id: NodeExecutionIdentifier | None


@entity(node_execution_pb2.NodeExecutionListRequest)
class NodeExecutionListRequest(Entity):
    """TODO flyteidl.admin.NodeExecutionListRequest."""

    workflow_execution_id: WorkflowExecutionIdentifier | None
    limit: int
    token: str
    filters: str
    sort_by: Sort | None
    unique_parent_id: str


@entity(node_execution_pb2.NodeExecutionForTaskListRequest)
class NodeExecutionForTaskListRequest(Entity):
    """TODO flyteidl.admin.NodeExecutionForTaskListRequest."""

    task_execution_id: TaskExecutionIdentifier | None
    limit: int
    token: str
    filters: str
    sort_by: Sort | None


@entity(node_execution_pb2.NodeExecution)
class NodeExecution(Entity):
    """TODO flyteidl.admin.NodeExecution."""

    id: NodeExecutionIdentifier | None
    input_uri: str
    closure: NodeExecutionClosure | None
    metadata: NodeExecutionMetaData | None


@entity(node_execution_pb2.NodeExecutionClosure)
class NodeExecutionClosure(Entity):
    """TODO flyteidl.admin.NodeExecutionClosure."""

    phase: NodeExecutionPhase
    started_at: Timestamp | None
    duration: Duration | None
    output_uri: str | None
    deck_uri: str
    error: ExecutionError | None
    workflow_node_metadata: WorkflowNodeMetadata | None
    task_node_metadata: TaskNodeMetadata | None
    created_at: Timestamp | None
    updated_at: Timestamp | None
    output_data: LiteralMap | None = field(kw_only=True)
    dynamic_job_spec_uri: str = field(kw_only=True)


@entity(node_execution_pb2.WorkflowNodeMetadata)
class WorkflowNodeMetadata(Entity):
    """TODO flyteidl.admin.WorkflowNodeMetadata."""

    execution_id: WorkflowExecutionIdentifier | None = field(proto="executionId")


@entity(node_execution_pb2.TaskNodeMetadata)
class TaskNodeMetadata(Entity):
    """TODO flyteidl.admin.TaskNodeMetadata."""

    cache_status: CatalogCacheStatus
    catalog_key: CatalogMetadata | None
    checkpoint_uri: str = field(kw_only=True)


@entity(node_execution_pb2.NodeExecutionMetaData)
class NodeExecutionMetaData(Entity):
    """TODO flyteidl.admin.NodeExecutionMetaData."""

    retry_group: str
    is_parent_node: bool
    spec_node_id: str
    is_dynamic: bool
    is_array: bool
    is_eager: bool


@entity(node_execution_pb2.NodeExecutionList)
class NodeExecutionList(Entity):
    """TODO flyteidl.admin.NodeExecutionList."""

    node_executions: tuple[NodeExecution, ...]
    token: str


@entity(node_execution_pb2.DynamicWorkflowNodeMetadata)
class DynamicWorkflowNodeMetadata(Entity):
    """TODO flyteidl.admin.DynamicWorkflowNodeMetadata."""

    id: Identifier | None
    compiled_workflow: CompiledWorkflowClosure | None
    dynamic_job_spec_uri: str = field(kw_only=True)


@entity(node_execution_pb2.NodeExecutionGetDataRequest)
class NodeExecutionGetDataRequest(Entity):
    """TODO flyteidl.admin.NodeExecutionGetDataRequest."""

    id: NodeExecutionIdentifier | None


@entity(node_execution_pb2.NodeExecutionGetDataResponse)
class NodeExecutionGetDataResponse(Entity):
    """TODO flyteidl.admin.NodeExecutionGetDataResponse."""

    inputs: UrlBlob | None
    outputs: UrlBlob | None
    full_inputs: LiteralMap | None
    full_outputs: LiteralMap | None
    dynamic_workflow: DynamicWorkflowNodeMetadata | None
    flyte_urls: FlyteURLs | None


@entity(node_execution_pb2.GetDynamicNodeWorkflowRequest)
class GetDynamicNodeWorkflowRequest(Entity):
    """TODO flyteidl.admin.GetDynamicNodeWorkflowRequest."""

    id: NodeExecutionIdentifier | None


@entity(node_execution_pb2.DynamicNodeWorkflowResponse)
class DynamicNodeWorkflowResponse(Entity):
    """TODO flyteidl.admin.DynamicNodeWorkflowResponse."""

    compiled_workflow: CompiledWorkflowClosure | None
