"""Compiled workflows built by hand, the way Flyte Admin returns a dynamic node's (issue 3, items 2 and 5).

A primary workflow with every kind of node (tasks with overrides, a branch, the three gates, an array
node, a sub-workflow, a launch-plan reference), bindings of every kind, connections, tasks with a
container, a pod and a SQL target, a security context, launch plans — and the explicitly set empty
sub-messages Admin writes (``timeout {}``, ``retries {}``, an empty ``Void``, an empty interface).
Each closure must come back equal from every format, byte for byte on the wire, with protobuf's
``json_format`` and ``text_format`` as the oracles.
"""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any

import pytest
from flyteidl.admin import node_execution_pb2
from flyteidl.core import compiler_pb2, condition_pb2, identifier_pb2, tasks_pb2, workflow_pb2
from google.protobuf import json_format, text_format

from flyte_node_models import Entity, examples
from flyte_node_models.admin.common import FlyteURLs, UrlBlob
from flyte_node_models.core.compiler import (
    CompiledLaunchPlan,
    CompiledTask,
    CompiledWorkflow,
    CompiledWorkflowClosure,
    ConnectionSet,
    IdList,
)
from flyte_node_models.core.condition import (
    BooleanExpression,
    ComparisonExpression,
    ComparisonExpressionOperator,
    ConjunctionExpression,
    LogicalOperator,
    Operand,
)
from flyte_node_models.core.execution import QualityOfService, QualityOfServiceTier
from flyte_node_models.core.identifier import Identifier, ResourceType
from flyte_node_models.core.workflow import (
    Alias,
    ApproveCondition,
    ArrayNode,
    BranchNode,
    DataMode,
    ExecutionMode,
    GateNode,
    IfBlock,
    IfElseBlock,
    LaunchPlanTemplate,
    Node,
    NodeMetadata,
    OnFailurePolicy,
    SignalCondition,
    SleepCondition,
    TaskNode,
    TaskNodeOverrides,
    WorkflowMetadata,
    WorkflowMetadataDefaults,
    WorkflowNode,
    WorkflowTemplate,
)
from flyte_node_models.interface import TypedInterface, Variable, VariableMap
from flyte_node_models.literals import (
    Binding,
    BindingData,
    BindingDataCollection,
    BindingDataMap,
    KeyValuePair,
    Literal,
    LiteralMap,
    Primitive,
    RetryStrategy,
    Scalar,
    Void,
)
from flyte_node_models.node_execution import (
    DynamicNodeWorkflowResponse,
    DynamicWorkflowNodeMetadata,
    NodeExecutionGetDataResponse,
)
from flyte_node_models.security import (
    Identity,
    MountType,
    OAuth2Client,
    OAuth2TokenRequest,
    OAuth2TokenRequestType,
    Secret,
    SecurityContext,
)
from flyte_node_models.task import (
    Container,
    ContainerArchitecture,
    ContainerPort,
    DataLoadingConfig,
    DownloadMode,
    ExtendedResources,
    GPUAccelerator,
    IOStrategy,
    K8sObjectMetadata,
    K8sPod,
    LiteralMapFormat,
    ResourceEntry,
    ResourceName,
    Resources,
    RuntimeMetadata,
    RuntimeType,
    SharedMemory,
    Sql,
    SqlDialect,
    TaskMetadata,
    TaskTemplate,
    UploadMode,
)
from flyte_node_models.types import LiteralType, OutputReference, PromiseAttribute, SimpleType
from flyte_node_models.wellknown import Duration

PROJECT, DOMAIN, VERSION = "flytesnacks", "development", "a1b2c3d4e5"
IMAGE = "ghcr.io/acme/pipelines:a1b2c3d4e5"
SPEC_URI = "s3://acme-flyte-data/metadata/propeller/flytesnacks-development-f3k9x2/n4/data/0/futures.pb"


def ident(kind: ResourceType, name: str) -> Identifier:
    return Identifier(resource_type=kind, project=PROJECT, domain=DOMAIN, name=name, version=VERSION)


WORKFLOW_ID = ident(ResourceType.WORKFLOW, "pipelines.etl.dynamic_wf")
SUB_WORKFLOW_ID = ident(ResourceType.WORKFLOW, "pipelines.etl.load_partition")
LAUNCH_PLAN_ID = ident(ResourceType.LAUNCH_PLAN, "pipelines.report.publish")
PREPARE_ID = ident(ResourceType.TASK, "pipelines.etl.prepare")
TRAIN_ID = ident(ResourceType.TASK, "pipelines.etl.train")
QUERY_ID = ident(ResourceType.TASK, "pipelines.etl.query_partitions")


def simple(t: SimpleType) -> LiteralType:
    return LiteralType(simple=t)


def interface(inputs: dict[str, LiteralType], outputs: dict[str, LiteralType]) -> TypedInterface:
    def variables(types: dict[str, LiteralType]) -> VariableMap:
        return VariableMap(variables={name: Variable(type=t, description=name) for name, t in types.items()})

    return TypedInterface(inputs=variables(inputs), outputs=variables(outputs))


def integer(value: int) -> Scalar:
    return Scalar(primitive=Primitive(integer=value))


def promise(node_id: str, var: str, *attrs: str | int) -> BindingData:
    path = tuple(PromiseAttribute(string_value=a) if isinstance(a, str) else PromiseAttribute(int_value=a)
                 for a in attrs)
    return BindingData(promise=OutputReference(node_id=node_id, var=var, attr_path=path))


def resources(cpu: str, memory: str, gpu: str | None = None) -> Resources:
    entries = [ResourceEntry(name=ResourceName.CPU, value=cpu), ResourceEntry(name=ResourceName.MEMORY, value=memory)]
    if gpu:
        entries.append(ResourceEntry(name=ResourceName.GPU, value=gpu))
    return Resources(requests=tuple(entries), limits=tuple(entries))


def admin_metadata(name: str) -> NodeMetadata:
    """Node metadata as Admin writes it for a node that set nothing: the sub-messages set, and empty."""
    return NodeMetadata(name=name, timeout=Duration(0), retries=RetryStrategy())


def task_node(node_id: str, task: Identifier, **node: Any) -> Node:
    return Node(id=node_id, metadata=admin_metadata(task.name.rsplit(".", 1)[-1]),
                task_node=TaskNode(reference_id=task), **node)


# ------------------------------------------------------------------------------------- the primary workflow


def prepare_node() -> Node:
    """A task node with overrides, retries, a nanosecond timeout and bindings of every kind."""
    return Node(
        id="n0",
        metadata=NodeMetadata(name="prepare", timeout=Duration.from_parts(600, 250), retries=RetryStrategy(retries=3),
                              interruptible=True, cacheable=True, cache_version="1.2", cache_serializable=False,
                              config={"flyte.org/priority": "high"}),
        inputs=(
            Binding(var="limit", binding=BindingData(scalar=integer(10_000))),
            Binding(var="sources", binding=BindingData(collection=BindingDataCollection(bindings=(
                promise("start-node", "source"),
                BindingData(scalar=Scalar(primitive=Primitive(string_value="s3://acme/raw/extra.csv"))),
            )))),
            Binding(var="options", binding=BindingData(map=BindingDataMap(bindings={
                "dedupe": BindingData(scalar=Scalar(primitive=Primitive(boolean=True))),
                "since": promise("start-node", "since"),
                "none": BindingData(scalar=Scalar(none_type=Void())),  # an empty Void, set
            }))),
        ),
        output_aliases=(Alias(var="o0", alias="frame"),),
        task_node=TaskNode(
            reference_id=PREPARE_ID,
            overrides=TaskNodeOverrides(
                resources=resources("2", "8Gi"),
                extended_resources=ExtendedResources(
                    gpu_accelerator=GPUAccelerator(device="nvidia-tesla-a100", partition_size="1g.5gb"),
                    shared_memory=SharedMemory(mount_path="/dev/shm", mount_name="shm", size_limit="2Gi"),
                ),
                container_image=f"{IMAGE}-gpu",
            ),
        ),
    )


def branch_node() -> Node:
    """``if n > 5 and mode == "full"`` / ``elif ratio <= 0.5`` / else."""
    condition = BooleanExpression(conjunction=ConjunctionExpression(
        operator=LogicalOperator.AND,
        left_expression=BooleanExpression(comparison=ComparisonExpression(
            operator=ComparisonExpressionOperator.GT, left_value=Operand(var="n"),
            right_value=Operand(primitive=Primitive(integer=5)))),
        right_expression=BooleanExpression(comparison=ComparisonExpression(
            operator=ComparisonExpressionOperator.EQ, left_value=Operand(var="mode"),
            right_value=Operand(scalar=Scalar(primitive=Primitive(string_value="full"))))),
    ))
    elif_condition = BooleanExpression(comparison=ComparisonExpression(
        operator=ComparisonExpressionOperator.LTE, left_value=Operand(var="ratio"),
        right_value=Operand(primitive=Primitive(float_value=0.5))))
    return Node(
        id="n2",
        metadata=admin_metadata("choose"),
        inputs=(Binding(var="n", binding=promise("n0", "o0", "rows")),
                Binding(var="mode", binding=BindingData(scalar=Scalar(primitive=Primitive(string_value="full")))),
                Binding(var="ratio", binding=promise("n1", "o0", "metrics", 0))),
        upstream_node_ids=("n0", "n1"),
        branch_node=BranchNode(if_else=IfElseBlock(
            case=IfBlock(condition=condition, then_node=task_node("n2-n0", TRAIN_ID)),
            other=(IfBlock(condition=elif_condition, then_node=task_node("n2-n1", PREPARE_ID)),),
            else_node=task_node("n2-n2", QUERY_ID),
        )),
    )


def gate_nodes() -> tuple[Node, ...]:
    return (
        Node(id="n3", metadata=admin_metadata("approve"), upstream_node_ids=("n2",),
             gate_node=GateNode(approve=ApproveCondition(signal_id="deploy-approval"))),
        Node(id="n4", metadata=admin_metadata("threshold"), upstream_node_ids=("n3",),
             gate_node=GateNode(signal=SignalCondition(signal_id="threshold", type=simple(SimpleType.FLOAT),
                                                       output_variable_name="o0"))),
        Node(id="n5", metadata=admin_metadata("cool-down"), upstream_node_ids=("n4",),
             gate_node=GateNode(sleep=SleepCondition(duration=Duration.from_parts(90, 500_000_001)))),
    )


def array_node() -> Node:
    return Node(
        id="n6",
        metadata=admin_metadata("score-partitions"),
        inputs=(Binding(var="partition", binding=promise("n0", "o0", "partitions")),),
        upstream_node_ids=("n0",),
        array_node=ArrayNode(
            node=Node(id="n6-n0", metadata=NodeMetadata(name="score", retries=RetryStrategy(retries=1)),
                      task_node=TaskNode(reference_id=PREPARE_ID, overrides=TaskNodeOverrides())),
            parallelism=8,
            min_success_ratio=0.75,
            execution_mode=ExecutionMode.FULL_STATE,
            is_original_sub_node_interface=False,
            data_mode=DataMode.INDIVIDUAL_INPUT_FILES,
            bound_inputs=("model",),
            run_all_sub_nodes=True,
        ),
    )


def primary() -> CompiledWorkflow:
    nodes = (
        prepare_node(),
        task_node("n1", TRAIN_ID, upstream_node_ids=("n0",),
                  inputs=(Binding(var="frame", binding=promise("n0", "o0")),)),
        branch_node(),
        *gate_nodes(),
        array_node(),
        Node(id="n7", metadata=admin_metadata("load"), upstream_node_ids=("n6",),
             inputs=(Binding(var="scores", binding=promise("n6", "o0")),),
             workflow_node=WorkflowNode(sub_workflow_ref=SUB_WORKFLOW_ID)),
        Node(id="n8", metadata=admin_metadata("publish"), upstream_node_ids=("n7",),
             workflow_node=WorkflowNode(launchplan_ref=LAUNCH_PLAN_ID)),
    )
    edges = {"start-node": ("n0",), "n0": ("n1", "n2", "n6"), "n1": ("n2",), "n2": ("n3",), "n3": ("n4",),
             "n4": ("n5",), "n5": ("end-node",), "n6": ("n7",), "n7": ("n8",), "n8": ("end-node",)}
    upstream: dict[str, tuple[str, ...]] = {}
    for source, targets in edges.items():
        for target in targets:
            upstream[target] = (*upstream.get(target, ()), source)
    template = WorkflowTemplate(
        id=WORKFLOW_ID,
        metadata=WorkflowMetadata(quality_of_service=QualityOfService(tier=QualityOfServiceTier.HIGH),
                                  on_failure=OnFailurePolicy.FAIL_AFTER_EXECUTABLE_NODES_COMPLETE,
                                  tags={"team": "data", "cost-center": "42"}),
        interface=interface({"source": simple(SimpleType.STRING), "since": simple(SimpleType.DATETIME)},
                            {"o0": simple(SimpleType.FLOAT)}),
        nodes=nodes,
        outputs=(Binding(var="o0", binding=promise("n4", "o0")),),
        failure_node=task_node("fn", QUERY_ID),
        metadata_defaults=WorkflowMetadataDefaults(interruptible=True),
    )
    connections = ConnectionSet(downstream={k: IdList(ids=v) for k, v in edges.items()},
                                upstream={k: IdList(ids=v) for k, v in upstream.items()})
    return CompiledWorkflow(template=template, connections=connections)


def sub_workflow() -> CompiledWorkflow:
    """A sub-workflow as Admin stores it when little is set: empty metadata, interface and defaults."""
    return CompiledWorkflow(
        template=WorkflowTemplate(
            id=SUB_WORKFLOW_ID, metadata=WorkflowMetadata(), interface=TypedInterface(),
            nodes=(task_node("s0", QUERY_ID),), metadata_defaults=WorkflowMetadataDefaults(),
        ),
        connections=ConnectionSet(downstream={"start-node": IdList(ids=("s0",))},
                                  upstream={"s0": IdList(ids=("start-node",))}),
    )


# ------------------------------------------------------------------------------------------------ the tasks


def prepare_task() -> CompiledTask:
    """A container task: env, resources, ports, data config, every metadata field, a security context."""
    return CompiledTask(template=TaskTemplate(
        id=PREPARE_ID,
        type="python-task",
        metadata=TaskMetadata(
            discoverable=True,
            runtime=RuntimeMetadata(type=RuntimeType.FLYTE_SDK, version="1.13.5", flavor="python"),
            timeout=Duration.from_parts(3600, 1),
            retries=RetryStrategy(retries=2),
            discovery_version="1.2",
            deprecated_error_message="use prepare_v2",
            interruptible=True,
            cache_serializable=True,
            tags={"stage": "prep"},
            pod_template_name="gpu-pool",
            cache_ignore_input_vars=("seed", "debug"),
            generates_deck=False,
            k8s_object_metadata=K8sObjectMetadata(labels={"app": "prepare"}),
        ),
        interface=interface({"limit": simple(SimpleType.INTEGER)}, {"o0": LiteralType(collection_type=simple(
            SimpleType.STRING))}),
        custom={"plugin": {"retries": 3.0, "tags": ["a", None, True]}},
        container=Container(
            image=IMAGE,
            command=("pyflyte-execute",),
            args=("--inputs", "{{.input}}", "--output-prefix", "{{.outputPrefix}}"),
            resources=resources("2", "8Gi", gpu="1"),
            env=(KeyValuePair(key="FLYTE_INTERNAL_IMAGE", value=IMAGE),
                 KeyValuePair(key="LOG_LEVEL", value="debug"), KeyValuePair(key="EMPTY", value="")),
            config=(KeyValuePair(key="primary_container_name", value="main"),),
            ports=(ContainerPort(container_port=8080, name="http"),),
            data_loading_config=DataLoadingConfig(enabled=True, input_path="/var/inputs", output_path="/var/outputs",
                                          format=LiteralMapFormat.PROTO,
                                          io_strategy=IOStrategy(download_mode=DownloadMode.DOWNLOAD_STREAM,
                                                                 upload_mode=UploadMode.UPLOAD_EAGER)),
            architecture=ContainerArchitecture.ARM64,
        ),
        task_type_version=2,
        security_context=SecurityContext(
            run_as=Identity(iam_role="arn:aws:iam::123456789012:role/flyte", k8s_service_account="flyte-worker",
                            oauth2_client=OAuth2Client(client_id="flyte-client",
                                                       client_secret=Secret(group="oauth", key="client-secret"))),
            secrets=(Secret(group="aws", group_version="v1", key="token", mount_requirement=MountType.ENV_VAR,
                            env_var="AWS_TOKEN"),
                     Secret(group="db", key="password", mount_requirement=MountType.FILE)),
            tokens=(OAuth2TokenRequest(name="api", type_=OAuth2TokenRequestType.CLIENT_CREDENTIALS,
                                       client=OAuth2Client(client_id="api-client"),
                                       idp_discovery_endpoint="https://idp.acme.example/.well-known",
                                       token_endpoint="https://idp.acme.example/token"),),
        ),
        config={"flyte.org/cache": "on"},
    ))


def train_task() -> CompiledTask:
    """A pod task: a K8sPod target with a pod spec; empty timeout, retries and security context, as set."""
    pod_spec = {
        "containers": [{"name": "primary", "image": IMAGE, "args": ["train"],
                        "resources": {"limits": {"nvidia.com/gpu": "1"}}}],
        "tolerations": [],
        "nodeSelector": {},
    }
    return CompiledTask(template=TaskTemplate(
        id=TRAIN_ID,
        type="sidecar",
        metadata=TaskMetadata(timeout=Duration(0), retries=RetryStrategy(), interruptible=False),
        interface=interface({"frame": LiteralType(map_value_type=simple(SimpleType.FLOAT))},
                            {"o0": simple(SimpleType.FLOAT)}),
        k8s_pod=K8sPod(metadata=K8sObjectMetadata(labels={"app": "train"}, annotations={"owner": "ml"}),
                       pod_spec=pod_spec, data_config=DataLoadingConfig(), primary_container_name="primary"),
        security_context=SecurityContext(),
        extended_resources=ExtendedResources(gpu_accelerator=GPUAccelerator(device="nvidia-l4", unpartitioned=True)),
    ))


def query_task() -> CompiledTask:
    """A SQL task: an empty interface and an empty custom struct, both set."""
    return CompiledTask(template=TaskTemplate(
        id=QUERY_ID,
        type="sqlite",
        metadata=TaskMetadata(runtime=RuntimeMetadata()),
        interface=TypedInterface(),
        custom={},
        sql=Sql(statement="SELECT partition, count(*) FROM events WHERE ds = '{{ .inputs.ds }}' GROUP BY 1",
                dialect=SqlDialect.ANSI),
    ))


def launch_plan() -> CompiledLaunchPlan:
    return CompiledLaunchPlan(template=LaunchPlanTemplate(
        id=LAUNCH_PLAN_ID,
        interface=interface({"scores": simple(SimpleType.FLOAT), "note": simple(SimpleType.NONE)}, {}),
        fixed_inputs=LiteralMap(literals={"note": Literal(scalar=Scalar(none_type=Void())),
                                          "retries": Literal(scalar=integer(2))}),
    ))


def full_closure() -> CompiledWorkflowClosure:
    return CompiledWorkflowClosure(
        primary=primary(),
        sub_workflows=(sub_workflow(),),
        tasks=(prepare_task(), train_task(), query_task()),
        launch_plans=(launch_plan(),
                      CompiledLaunchPlan(template=LaunchPlanTemplate(id=LAUNCH_PLAN_ID, fixed_inputs=LiteralMap()))),
    )


def empty_closure() -> CompiledWorkflowClosure:
    """Every level present and empty."""
    return CompiledWorkflowClosure(primary=CompiledWorkflow(template=WorkflowTemplate(), connections=ConnectionSet()),
                                   tasks=(CompiledTask(template=TaskTemplate()),),
                                   launch_plans=(CompiledLaunchPlan(),))


CLOSURES = {"full": full_closure, "bundled example": examples.dynamic_workflow, "empty": empty_closure}


def dynamic_records() -> dict[str, Entity]:
    """A closure in each record of the node-execution API that carries one."""
    closure = full_closure()
    metadata = DynamicWorkflowNodeMetadata(WORKFLOW_ID, closure, dynamic_job_spec_uri=SPEC_URI)
    return {
        "metadata": metadata,
        "get data response": NodeExecutionGetDataResponse(
            inputs=UrlBlob(url="https://flyte.acme.example/api/v1/data/n4/inputs", bytes=512),
            outputs=UrlBlob(),
            full_inputs=LiteralMap(literals={"limit": Literal(scalar=integer(10_000))}),
            full_outputs=LiteralMap(),
            dynamic_workflow=metadata,
            flyte_urls=FlyteURLs(inputs="flyte://v1/flytesnacks/development/f3k9x2/n4/i",
                                 outputs="flyte://v1/flytesnacks/development/f3k9x2/n4/o"),
        ),
        "workflow response": DynamicNodeWorkflowResponse(compiled_workflow=closure),
    }


RECORDS = [*(f"closure {name}" for name in CLOSURES), *(f"dynamic {name}" for name in dynamic_records())]


def make_record(name: str) -> Entity:
    kind, _, which = name.partition(" ")
    return CLOSURES[which]() if kind == "closure" else dynamic_records()[which]


every_record = pytest.mark.parametrize("name", RECORDS)


# -------------------------------------------------------------------------------------------- round trips


@every_record
def test_proto_and_bytes_round_trip_byte_for_byte(name: str) -> None:
    record = make_record(name)
    message = record.to_flyte_idl()
    data = record.to_bytes()
    assert message.SerializeToString(deterministic=True) == data
    assert type(message).FromString(data) == message
    assert type(record).from_flyte_idl(message) == record
    assert type(record).from_bytes(data) == record
    assert type(record).from_bytes(data).to_bytes() == data


@every_record
def test_dict_is_message_to_dict_and_reads_back(name: str) -> None:
    record = make_record(name)
    message = record.to_flyte_idl()
    data = record.to_dict()
    assert data == json_format.MessageToDict(message)
    assert json.dumps(data, sort_keys=True) == json.dumps(json_format.MessageToDict(message), sort_keys=True)
    assert type(record).from_dict(data) == record
    assert type(record).from_dict(json.loads(json.dumps(data))) == record
    # proto field names, as ParseDict also takes them
    assert type(record).from_dict(json_format.MessageToDict(message, preserving_proto_field_name=True)) == record


@every_record
def test_text_is_message_to_string_and_reads_back(name: str) -> None:
    record = make_record(name)
    message = record.to_flyte_idl()
    text = record.to_text()
    assert text == text_format.MessageToString(message)
    assert text_format.Parse(text, type(message)()) == message
    assert type(record).from_text(text) == record
    assert type(record).from_text(text_format.MessageToString(message, as_one_line=True)) == record


# --------------------------------------------------------- what the message holds: the oracle's own accessors


def test_the_message_holds_every_node_kind_where_protobuf_expects_it() -> None:
    m = full_closure().to_flyte_idl()
    assert isinstance(m, compiler_pb2.CompiledWorkflowClosure)
    nodes = {n.id: n for n in m.primary.template.nodes}
    assert [n.WhichOneof("target") for n in m.primary.template.nodes] == [
        "task_node", "task_node", "branch_node", "gate_node", "gate_node", "gate_node", "array_node",
        "workflow_node", "workflow_node"]

    overrides = nodes["n0"].task_node.overrides
    assert [(e.name, e.value) for e in overrides.resources.limits] == [(tasks_pb2.Resources.CPU, "2"),
                                                                       (tasks_pb2.Resources.MEMORY, "8Gi")]
    assert overrides.extended_resources.gpu_accelerator.partition_size == "1g.5gb"
    assert overrides.extended_resources.shared_memory.size_limit == "2Gi"
    assert (nodes["n0"].metadata.timeout.seconds, nodes["n0"].metadata.timeout.nanos) == (600, 250)
    assert nodes["n0"].metadata.HasField("cache_serializable") and not nodes["n0"].metadata.cache_serializable
    bindings = {b.var: b.binding for b in nodes["n0"].inputs}
    assert bindings["limit"].scalar.primitive.integer == 10_000
    assert bindings["sources"].collection.bindings[0].promise.var == "source"
    assert bindings["options"].map.bindings["since"].promise.node_id == "start-node"
    assert bindings["options"].map.bindings["none"].scalar.HasField("none_type")

    if_else = nodes["n2"].branch_node.if_else
    conjunction = if_else.case.condition.conjunction
    assert conjunction.operator == condition_pb2.ConjunctionExpression.AND
    assert conjunction.left_expression.comparison.operator == condition_pb2.ComparisonExpression.GT
    assert conjunction.right_expression.comparison.right_value.scalar.primitive.string_value == "full"
    assert if_else.other[0].condition.comparison.right_value.primitive.float_value == 0.5
    assert (if_else.case.then_node.id, if_else.other[0].then_node.id, if_else.else_node.id) == (
        "n2-n0", "n2-n1", "n2-n2")
    assert [a.WhichOneof("value") for a in nodes["n2"].inputs[2].binding.promise.attr_path] == [
        "string_value", "int_value"]

    assert nodes["n3"].gate_node.approve.signal_id == "deploy-approval"
    assert nodes["n4"].gate_node.signal.type.simple == 2  # FLOAT
    sleep = nodes["n5"].gate_node.sleep.duration
    assert (sleep.seconds, sleep.nanos) == (90, 500_000_001)

    array = nodes["n6"].array_node
    assert (array.parallelism, array.min_success_ratio, array.WhichOneof("success_criteria")) == (
        8, 0.75, "min_success_ratio")
    assert array.HasField("is_original_sub_node_interface") and array.is_original_sub_node_interface.value is False
    assert array.execution_mode == workflow_pb2.ArrayNode.FULL_STATE and array.node.id == "n6-n0"

    assert nodes["n7"].workflow_node.sub_workflow_ref.name == "pipelines.etl.load_partition"
    assert nodes["n8"].workflow_node.launchplan_ref.resource_type == identifier_pb2.LAUNCH_PLAN
    assert list(m.primary.connections.upstream["n2"].ids) == ["n0", "n1"]
    assert list(m.primary.connections.downstream["n0"].ids) == ["n1", "n2", "n6"]
    assert m.primary.template.failure_node.id == "fn"


def test_the_message_holds_every_task_target_and_security_context() -> None:
    prepare, train, query = full_closure().to_flyte_idl().tasks
    p = prepare.template
    assert p.WhichOneof("target") == "container"
    assert [(kv.key, kv.value) for kv in p.container.env] == [
        ("FLYTE_INTERNAL_IMAGE", IMAGE), ("LOG_LEVEL", "debug"), ("EMPTY", "")]
    assert p.container.architecture == tasks_pb2.Container.ARM64
    assert p.container.data_config.io_strategy.upload_mode == tasks_pb2.IOStrategy.UPLOAD_EAGER
    assert (p.metadata.timeout.seconds, p.metadata.timeout.nanos) == (3600, 1)
    assert p.metadata.retries.retries == 2 and p.metadata.interruptible and p.metadata.cache_serializable
    assert p.metadata.HasField("generates_deck") and p.metadata.generates_deck.value is False  # a BoolValue
    assert list(p.metadata.cache_ignore_input_vars) == ["seed", "debug"]
    assert p.custom["plugin"]["tags"][1] is None
    assert p.security_context.run_as.oauth2_client.client_secret.key == "client-secret"
    assert p.security_context.secrets[0].mount_requirement == 1  # ENV_VAR
    assert p.security_context.tokens[0].client.client_id == "api-client"

    t = train.template
    assert t.WhichOneof("target") == "k8s_pod"
    assert t.k8s_pod.pod_spec["containers"][0]["resources"]["limits"]["nvidia.com/gpu"] == "1"
    assert t.k8s_pod.HasField("data_config") and t.k8s_pod.data_config.ByteSize() == 0
    assert t.metadata.HasField("timeout") and t.metadata.HasField("retries")
    assert t.HasField("security_context") and t.security_context.ByteSize() == 0
    assert t.extended_resources.gpu_accelerator.WhichOneof("partition_size_value") == "unpartitioned"

    q = query.template
    assert q.WhichOneof("target") == "sql" and q.sql.dialect == tasks_pb2.Sql.ANSI
    assert q.HasField("interface") and q.interface.ByteSize() == 0
    assert q.HasField("custom") and len(q.custom) == 0


# ------------------------------------------------------------------ Admin's empty sub-messages come back set


def empty_parts(closure: CompiledWorkflowClosure) -> dict[str, Any]:
    """The explicitly set empty sub-messages of the full closure, by where they are."""
    nodes = {n.id: n for n in closure.primary.template.nodes}
    train, query = closure.tasks[1].template, closure.tasks[2].template
    return {
        "node timeout": nodes["n1"].metadata.timeout,
        "node retries": nodes["n1"].metadata.retries,
        "void binding": nodes["n0"].inputs[2].binding.map.bindings["none"].scalar.none_type,
        "empty overrides": nodes["n6"].array_node.node.task_node.overrides,
        "task timeout": train.metadata.timeout,
        "task retries": train.metadata.retries,
        "security context": train.security_context,
        "pod data config": train.k8s_pod.data_config,
        "empty interface": query.interface,
        "empty custom": query.custom,
        "empty runtime": query.metadata.runtime,
        "sub-workflow metadata": closure.sub_workflows[0].template.metadata,
        "empty fixed inputs": closure.launch_plans[1].template.fixed_inputs,
        "void fixed input": closure.launch_plans[0].template.fixed_inputs.literals["note"].scalar.none_type,
    }


EMPTY_VALUES = {
    "node timeout": timedelta(0), "node retries": RetryStrategy(), "void binding": Void(),
    "empty overrides": TaskNodeOverrides(), "task timeout": timedelta(0), "task retries": RetryStrategy(),
    "security context": SecurityContext(), "pod data config": DataLoadingConfig(), "empty interface": TypedInterface(),
    "empty custom": {}, "empty runtime": RuntimeMetadata(), "sub-workflow metadata": WorkflowMetadata(),
    "empty fixed inputs": LiteralMap(), "void fixed input": Void(),
}


@pytest.mark.parametrize("fmt", ["proto", "bytes", "dict", "text"])
def test_explicitly_set_empty_submessages_stay_set(fmt: str) -> None:
    closure = full_closure()
    back = {
        "proto": lambda: CompiledWorkflowClosure.from_flyte_idl(closure.to_flyte_idl()),
        "bytes": lambda: CompiledWorkflowClosure.from_bytes(closure.to_bytes()),
        "dict": lambda: CompiledWorkflowClosure.from_dict(closure.to_dict()),
        "text": lambda: CompiledWorkflowClosure.from_text(closure.to_text()),
    }[fmt]()
    parts = empty_parts(back)
    assert parts == EMPTY_VALUES
    assert all(v is not None for v in parts.values())


def test_nanoseconds_of_timeouts_and_sleeps_are_kept_in_every_format() -> None:
    closure = full_closure()
    task_timeout = Duration.from_parts(3600, 1)
    data = closure.to_dict()
    assert data["tasks"][0]["template"]["metadata"]["timeout"] == "3600.000000001s"
    assert data["primary"]["template"]["nodes"][5]["gateNode"]["sleep"]["duration"] == "90.500000001s"
    assert "nanos: 250\n" in closure.to_text()
    for back in (CompiledWorkflowClosure.from_dict(data), CompiledWorkflowClosure.from_text(closure.to_text()),
                 CompiledWorkflowClosure.from_bytes(closure.to_bytes())):
        timeout = back.tasks[0].template.metadata.timeout
        assert timeout == task_timeout and timeout.to_parts() == (3600, 1)
        assert back.primary.template.nodes[0].metadata.timeout.to_parts() == (600, 250)


# ----------------------------------------------------------------------------- DynamicWorkflowNodeMetadata


def test_dynamic_metadata_takes_the_seeds_positional_order_then_the_spec_uri_by_keyword() -> None:
    closure = full_closure()
    metadata = DynamicWorkflowNodeMetadata(WORKFLOW_ID, closure, dynamic_job_spec_uri=SPEC_URI)
    assert metadata.id == WORKFLOW_ID
    assert metadata.compiled_workflow == closure
    assert isinstance(metadata.compiled_workflow, CompiledWorkflowClosure)
    assert metadata.dynamic_job_spec_uri == SPEC_URI
    assert DynamicWorkflowNodeMetadata(WORKFLOW_ID, closure).dynamic_job_spec_uri == ""
    with pytest.raises(TypeError):
        DynamicWorkflowNodeMetadata(WORKFLOW_ID, closure, SPEC_URI)  # type: ignore[misc]
    with pytest.raises(TypeError, match="compiled_workflow"):
        DynamicWorkflowNodeMetadata(WORKFLOW_ID, WORKFLOW_ID)  # type: ignore[arg-type]


def test_dynamic_metadata_converts_a_compiled_workflow_message() -> None:
    closure = full_closure()
    given = DynamicWorkflowNodeMetadata(WORKFLOW_ID.to_flyte_idl(), closure.to_flyte_idl(),
                                        dynamic_job_spec_uri=SPEC_URI)
    assert given == DynamicWorkflowNodeMetadata(WORKFLOW_ID, closure, dynamic_job_spec_uri=SPEC_URI)
    assert type(given.compiled_workflow) is CompiledWorkflowClosure


def test_dynamic_metadata_from_an_admin_message_has_a_typed_compiled_workflow() -> None:
    closure = full_closure()
    message = node_execution_pb2.DynamicWorkflowNodeMetadata(
        id=WORKFLOW_ID.to_flyte_idl(), compiled_workflow=closure.to_flyte_idl(), dynamic_job_spec_uri=SPEC_URI)
    record = DynamicWorkflowNodeMetadata.from_flyte_idl(message)
    assert record.compiled_workflow == closure
    assert record.dynamic_job_spec_uri == SPEC_URI
    assert record.to_flyte_idl() == message
    assert record.to_bytes() == message.SerializeToString(deterministic=True)

    response = node_execution_pb2.NodeExecutionGetDataResponse(dynamic_workflow=message)
    assert NodeExecutionGetDataResponse.from_bytes(response.SerializeToString()).dynamic_workflow == record
    workflow = node_execution_pb2.DynamicNodeWorkflowResponse(compiled_workflow=closure.to_flyte_idl())
    assert DynamicNodeWorkflowResponse.from_dict(json_format.MessageToDict(workflow)).compiled_workflow == closure


# -------------------------------------------------------------------------------------------- the show view


def node_ids(node: Node) -> list[str]:
    """A node's id and those of the nodes inside it (branch cases, an array's sub-node)."""
    ids = [node.id]
    if node.branch_node is not None and node.branch_node.if_else is not None:
        block = node.branch_node.if_else
        for inner in [block.case.then_node if block.case else None, *(b.then_node for b in block.other),
                      block.else_node]:
            if inner is not None:
                ids += node_ids(inner)
    if node.array_node is not None and node.array_node.node is not None:
        ids += node_ids(node.array_node.node)
    return ids


def test_show_names_the_nodes_and_tasks_of_the_compiled_workflow() -> None:
    metadata = dynamic_records()["metadata"]
    assert isinstance(metadata, DynamicWorkflowNodeMetadata)
    closure = metadata.compiled_workflow
    assert closure is not None and closure.primary is not None and closure.primary.template is not None
    view = metadata.verbose_string()

    workflows = [closure.primary.template, *(w.template for w in closure.sub_workflows if w.template)]
    nodes = [n for template in workflows for n in (*template.nodes, template.failure_node) if n is not None]
    ids = [i for node in nodes for i in node_ids(node)]
    assert len(ids) == 15
    for node_id in ids:
        assert re.search(rf"^\s+{re.escape(node_id)}\b", view, re.MULTILINE), f"node {node_id} not shown"
    for task in closure.tasks:
        assert task.template is not None and task.template.id is not None
        assert task.template.id.name in view
    assert LAUNCH_PLAN_ID.name in view and SUB_WORKFLOW_ID.name in view
    for kind in ("task", "branch", "gate", "array", "workflow"):
        assert re.search(rf"^\s+n\d: {kind}\b", view, re.MULTILINE), f"no {kind} node line"
    assert "deploy-approval" in view and "threshold" in view  # what the gates wait for
    assert SPEC_URI in view

    # an outline, not a dump of the message
    assert "reference_id" not in view and "upstream_node_ids" not in view
    assert len(view.splitlines()) * 4 < len(metadata.to_text().splitlines())
