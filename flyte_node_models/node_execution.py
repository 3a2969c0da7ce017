"""Node executions as Flyte Admin serves them (``flyteidl/admin/node_execution.proto``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flyteidl.admin import node_execution_pb2

from ._model import Entity, entity, field, to_duration, to_timestamp
from .core.catalog import CatalogCacheStatus
from .core.execution import NodeExecutionPhase
from .wellknown import Duration, Timestamp

if TYPE_CHECKING:
    from .admin.common import FlyteURLs, Sort, UrlBlob
    from .core.catalog import CatalogMetadata
    from .core.compiler import CompiledWorkflowClosure
    from .core.execution import ExecutionError
    from .core.identifier import (
        Identifier,
        NodeExecutionIdentifier,
        TaskExecutionIdentifier,
        WorkflowExecutionIdentifier,
    )
    from .literals import LiteralMap

@entity(node_execution_pb2.NodeExecutionGetRequest)
class NodeExecutionGetRequest(Entity):
    """A request to Flyte Admin for one node execution."""

    id: NodeExecutionIdentifier | None = None


@entity(node_execution_pb2.NodeExecutionListRequest)
class NodeExecutionListRequest(Entity):
    """A request for the node executions of a workflow execution, filtered, sorted and paged."""

    workflow_execution_id: WorkflowExecutionIdentifier | None = None
    limit: int = 0
    token: str = ""
    filters: str = ""
    sort_by: Sort | None = None
    unique_parent_id: str = ""


@entity(node_execution_pb2.NodeExecutionForTaskListRequest)
class NodeExecutionForTaskListRequest(Entity):
    """A request for the node executions a task execution launched (its dynamic children)."""

    task_execution_id: TaskExecutionIdentifier | None = None
    limit: int = 0
    token: str = ""
    filters: str = ""
    sort_by: Sort | None = None


@entity(node_execution_pb2.NodeExecution)
class NodeExecution(Entity):
    """One run of one node of a workflow execution, as Flyte Admin records it."""

    id: NodeExecutionIdentifier = field(default=None, metadata={"reads": "empty"})
    input_uri: str = ""
    closure: NodeExecutionClosure = field(default=None, metadata={"reads": "empty"})
    metadata: NodeExecutionMetaData = field(default=None, metadata={"reads": "empty"})


@entity(node_execution_pb2.NodeExecutionClosure)
class NodeExecutionClosure(Entity):
    """What Flyte Admin knows about a node execution's outcome: phase, times, outputs or error, metadata."""

    phase: NodeExecutionPhase = NodeExecutionPhase.UNDEFINED
    started_at: Timestamp = field(default=None, converter=to_timestamp, metadata={"reads": "empty"})
    duration: Duration = field(default=None, converter=to_duration, metadata={"reads": "empty"})
    output_uri: str | None = None
    deck_uri: str = ""
    error: ExecutionError | None = None
    workflow_node_metadata: WorkflowNodeMetadata | None = None
    task_node_metadata: TaskNodeMetadata | None = None
    created_at: Timestamp | None = field(default=None, converter=to_timestamp)
    updated_at: Timestamp | None = field(default=None, converter=to_timestamp)
    output_data: LiteralMap | None = field(default=None, kw_only=True)
    dynamic_job_spec_uri: str = field(default="", kw_only=True)

    @property
    def target_metadata(self) -> WorkflowNodeMetadata | TaskNodeMetadata | None:
        """The metadata of what the node ran: ``workflow_node_metadata`` or ``task_node_metadata``."""
        return self.workflow_node_metadata or self.task_node_metadata


@entity(node_execution_pb2.WorkflowNodeMetadata)
class WorkflowNodeMetadata(Entity):
    """For a node that ran a sub-workflow or launch plan: the workflow execution it started."""

    execution_id: WorkflowExecutionIdentifier = field(default=None, metadata={"reads": "empty"})


@entity(node_execution_pb2.TaskNodeMetadata)
class TaskNodeMetadata(Entity):
    """For a node that ran a task: its cache status, catalog entry and checkpoint."""

    cache_status: CatalogCacheStatus = CatalogCacheStatus.CACHE_DISABLED
    catalog_key: CatalogMetadata = field(default=None, metadata={"reads": "empty"})
    checkpoint_uri: str = field(default="", kw_only=True)


@entity(node_execution_pb2.NodeExecutionMetaData)
class NodeExecutionMetaData(Entity, share_strings=True):
    """Where a node execution sits: retry group, spec node, and whether it is a parent, dynamic, array or eager node."""

    retry_group: str = ""
    is_parent_node: bool = False
    spec_node_id: str = ""
    is_dynamic: bool = False
    is_array: bool = False
    is_eager: bool = False


@entity(node_execution_pb2.NodeExecutionList)
class NodeExecutionList(Entity):
    """A page of node executions and the token of the next page."""

    node_executions: tuple[NodeExecution, ...] = ()
    token: str = ""


@entity(node_execution_pb2.DynamicWorkflowNodeMetadata)
class DynamicWorkflowNodeMetadata(Entity):
    """For a dynamic node: the workflow it generated at run time and where its job spec is."""

    id: Identifier = field(default=None, metadata={"reads": "empty"})
    compiled_workflow: CompiledWorkflowClosure = field(default=None, metadata={"reads": "empty"})
    dynamic_job_spec_uri: str = field(default="", kw_only=True)


@entity(node_execution_pb2.NodeExecutionGetDataRequest)
class NodeExecutionGetDataRequest(Entity):
    """A request for a node execution's input and output data."""

    id: NodeExecutionIdentifier | None = None


@entity(node_execution_pb2.NodeExecutionGetDataResponse)
class NodeExecutionGetDataResponse(Entity):
    """A node execution's inputs and outputs, as links and as literal maps, with its dynamic workflow."""

    inputs: UrlBlob | None = None
    outputs: UrlBlob | None = None
    full_inputs: LiteralMap | None = None
    full_outputs: LiteralMap | None = None
    dynamic_workflow: DynamicWorkflowNodeMetadata | None = None
    flyte_urls: FlyteURLs | None = None


@entity(node_execution_pb2.GetDynamicNodeWorkflowRequest)
class GetDynamicNodeWorkflowRequest(Entity):
    """A request for the workflow a dynamic node generated."""

    id: NodeExecutionIdentifier | None = None


@entity(node_execution_pb2.DynamicNodeWorkflowResponse)
class DynamicNodeWorkflowResponse(Entity):
    """The workflow a dynamic node generated."""

    compiled_workflow: CompiledWorkflowClosure | None = None
