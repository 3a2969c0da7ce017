"""Workflow templates and their nodes (``flyteidl/core/workflow.proto``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flyteidl.core import workflow_pb2

from .._model import Entity, ProtoEnum, entity, field, oneof_value, proto_enum, to_duration
from ..task import K8sObjectMetadata, Resources  # noqa: F401  (as flytekit imports them here)
from ..wellknown import Duration, FrozenDict

if TYPE_CHECKING:
    from ..core.condition import BooleanExpression
    from ..core.execution import QualityOfService
    from ..core.identifier import Identifier
    from ..interface import TypedInterface
    from ..literals import Binding, LiteralMap, RetryStrategy
    from ..task import ExtendedResources, K8sPod
    from ..types import Error, LiteralType

@proto_enum(workflow_pb2.WorkflowMetadata.DESCRIPTOR.enum_types_by_name["OnFailurePolicy"])
class OnFailurePolicy(ProtoEnum):
    """What a workflow does when a node fails."""

    FAIL_IMMEDIATELY = 0
    FAIL_AFTER_EXECUTABLE_NODES_COMPLETE = 1


@proto_enum(workflow_pb2.ArrayNode.DESCRIPTOR.enum_types_by_name["ExecutionMode"])
class ExecutionMode(ProtoEnum):
    """How an array node runs its sub-nodes."""

    MINIMAL_STATE = 0
    FULL_STATE = 1


@proto_enum(workflow_pb2.ArrayNode.DESCRIPTOR.enum_types_by_name["DataMode"])
class DataMode(ProtoEnum):
    """How an array node passes data to its sub-nodes."""

    SINGLE_INPUT_FILE = 0
    INDIVIDUAL_INPUT_FILES = 1


@entity(workflow_pb2.WorkflowTemplate)
class WorkflowTemplate(Entity):
    """A workflow's structure: its interface, nodes, outputs, failure node and metadata."""

    id: Identifier = field(default=None, metadata={"reads": "empty"})
    metadata: WorkflowMetadata = field(default=None, metadata={"reads": "empty"})
    metadata_defaults: WorkflowMetadataDefaults = field(default=None, metadata={"reads": "empty"})
    interface: TypedInterface = field(default=None, metadata={"reads": "empty"})
    nodes: tuple[Node, ...] = ()
    outputs: tuple[Binding, ...] = ()
    failure_node: Node | None = None


@entity(workflow_pb2.WorkflowMetadata)
class WorkflowMetadata(Entity):
    """How a workflow runs: quality of service, failure policy and tags."""

    on_failure: OnFailurePolicy = OnFailurePolicy.FAIL_IMMEDIATELY
    quality_of_service: QualityOfService | None = field(default=None, kw_only=True)
    tags: FrozenDict[str, str] = field(default=FrozenDict(), kw_only=True)


@entity(workflow_pb2.Node)
class Node(Entity):
    """A node of a workflow: its inputs, dependencies and what it runs (task, workflow, branch, gate or array)."""

    id: str = ""
    metadata: NodeMetadata = field(default=None, metadata={"reads": "empty"})
    inputs: tuple[Binding, ...] = ()
    upstream_node_ids: tuple[str, ...] = ()
    output_aliases: tuple[Alias, ...] = ()
    task_node: TaskNode | None = None
    workflow_node: WorkflowNode | None = None
    branch_node: BranchNode | None = None
    gate_node: GateNode | None = None
    array_node: ArrayNode | None = None

    target = oneof_value("target")


@entity(workflow_pb2.NodeMetadata)
class NodeMetadata(Entity):
    """How a node runs: name, timeout, retries, interruptibility and caching."""

    name: str = ""
    timeout: Duration = field(default=None, converter=to_duration, metadata={"reads": "empty"})
    retries: RetryStrategy = field(default=None, metadata={"reads": "empty"})
    interruptible: bool | None = None
    cacheable: bool | None = None
    cache_version: str | None = None
    cache_serializable: bool | None = None
    config: FrozenDict[str, str] = field(default=FrozenDict(), kw_only=True)


@entity(workflow_pb2.Alias)
class Alias(Entity):
    """A new name for one of a node's outputs."""

    var: str = ""
    alias: str = ""


@entity(workflow_pb2.TaskNode)
class TaskNode(Entity):
    """A node that runs a task, with overrides."""

    reference_id: Identifier = field(default=None, metadata={"reads": "empty"})
    overrides: TaskNodeOverrides | None = None


@entity(workflow_pb2.TaskNodeOverrides)
class TaskNodeOverrides(Entity):
    """What a task node changes about its task: resources, extended resources, image, pod template."""

    resources: Resources | None = None
    extended_resources: ExtendedResources | None = None
    container_image: str | None = field(default="", metadata={"reads": "none"})
    pod_template: K8sPod | None = None


@entity(workflow_pb2.WorkflowNode)
class WorkflowNode(Entity):
    """A node that runs a launch plan or a sub-workflow."""

    launchplan_ref: Identifier | None = None
    sub_workflow_ref: Identifier | None = field(default=None, metadata={"reads": "empty"})

    reference = oneof_value("reference")


@entity(workflow_pb2.BranchNode)
class BranchNode(Entity):
    """A node that chooses one branch by conditions."""

    if_else: IfElseBlock = field(default=None, metadata={"reads": "empty"})


@entity(workflow_pb2.IfElseBlock)
class IfElseBlock(Entity):
    """The cases of a branch node: if, else-ifs, and an else node or error."""

    case: IfBlock = field(default=None, metadata={"reads": "empty"})
    other: tuple[IfBlock, ...] = ()
    else_node: Node | None = None
    error: Error | None = None


@entity(workflow_pb2.IfBlock)
class IfBlock(Entity):
    """A condition and the node to run when it holds."""

    condition: BooleanExpression = field(default=None, metadata={"reads": "empty"})
    then_node: Node = field(default=None, metadata={"reads": "empty"})


@entity(workflow_pb2.GateNode)
class GateNode(Entity):
    """A node that waits: for approval, a signal or a time."""

    signal: SignalCondition | None = None
    sleep: SleepCondition | None = None
    approve: ApproveCondition | None = None

    condition = oneof_value("condition")


@entity(workflow_pb2.ApproveCondition)
class ApproveCondition(Entity):
    """Wait for a named approval signal."""

    signal_id: str = ""


@entity(workflow_pb2.SignalCondition)
class SignalCondition(Entity):
    """Wait for a typed signal and bind it to an output variable."""

    signal_id: str = ""
    type: LiteralType = field(default=None, metadata={"reads": "empty"})
    output_variable_name: str = ""


@entity(workflow_pb2.SleepCondition)
class SleepCondition(Entity):
    """Wait for a duration."""

    duration: Duration = field(default=None, converter=to_duration, metadata={"reads": "empty"})


@entity(workflow_pb2.ArrayNode)
class ArrayNode(Entity):
    """A node that maps a sub-node over its inputs, with parallelism and success criteria."""

    node: Node = field(default=None, metadata={"reads": "empty"})
    parallelism: int | None = None
    min_successes: int | None = None
    min_success_ratio: float | None = None
    execution_mode: ExecutionMode = ExecutionMode.MINIMAL_STATE
    is_original_sub_node_interface: bool | None = None
    data_mode: DataMode = DataMode.SINGLE_INPUT_FILE
    bound_inputs: tuple[str, ...] = ()
    run_all_sub_nodes: bool = False


@entity(workflow_pb2.WorkflowMetadataDefaults)
class WorkflowMetadataDefaults(Entity):
    """Defaults for the nodes of a workflow."""

    interruptible: bool = False


@entity(workflow_pb2.LaunchPlanTemplate)
class LaunchPlanTemplate(Entity):
    """A launch plan's structure: its id, interface and fixed inputs."""

    id: Identifier | None = None
    interface: TypedInterface | None = None
    fixed_inputs: LiteralMap | None = None


WorkflowMetadata.OnFailurePolicy = OnFailurePolicy  # type: ignore[attr-defined]
ArrayNode.ExecutionMode = ExecutionMode  # type: ignore[attr-defined]
ArrayNode.DataMode = DataMode  # type: ignore[attr-defined]
