"""A bundled example run: the node executions of one workflow execution, as Flyte Admin would list them.

``flyte-node-models show`` prints it when given no file; the tests and the README use it too. It is made
with the package's own constructors, and has what real runs have: nanosecond timestamps, a cache-hit
task node with its catalog key, a dynamic node (whose generated workflow :func:`dynamic_node_data`
returns), a node with its outputs inline, a launch-plan node that started a child execution, and a
node that failed with a user error.
"""

# (An entity's constructor defaults are derived from its protobuf descriptor when the class is made,
# which a static checker cannot see; these calls are checked at run time, by attrs' converters.)

from __future__ import annotations

from .admin.common import FlyteURLs, UrlBlob
from .core.catalog import CatalogArtifactTag, CatalogCacheStatus, CatalogMetadata
from .core.compiler import CompiledTask, CompiledWorkflow, CompiledWorkflowClosure, ConnectionSet, IdList
from .core.condition import BooleanExpression, ComparisonExpression, ComparisonExpressionOperator, Operand
from .core.execution import ErrorKind, ExecutionError, NodeExecutionPhase
from .core.identifier import (
    Identifier,
    NodeExecutionIdentifier,
    ResourceType,
    TaskExecutionIdentifier,
    WorkflowExecutionIdentifier,
)
from .core.workflow import ArrayNode, BranchNode, IfBlock, IfElseBlock, Node, NodeMetadata, TaskNode, WorkflowTemplate
from .interface import TypedInterface, Variable
from .literals import (
    Binding,
    BindingData,
    BindingDataCollection,
    Blob,
    BlobMetadata,
    Literal,
    LiteralCollection,
    LiteralMap,
    Primitive,
    RetryStrategy,
    Scalar,
    StructuredDataset,
    StructuredDatasetMetadata,
)
from .node_execution import (
    DynamicWorkflowNodeMetadata,
    NodeExecution,
    NodeExecutionClosure,
    NodeExecutionGetDataResponse,
    NodeExecutionList,
    NodeExecutionMetaData,
    TaskNodeMetadata,
    WorkflowNodeMetadata,
)
from .task import (
    Container,
    ResourceEntry,
    ResourceName,
    Resources,
    RuntimeMetadata,
    RuntimeType,
    TaskMetadata,
    TaskTemplate,
)
from .types import BlobDimensionality, BlobType, LiteralType, OutputReference, SimpleType, StructuredDatasetType
from .wellknown import Duration, FrozenDict, Timestamp

PROJECT, DOMAIN = "flytesnacks", "development"
EXECUTION = WorkflowExecutionIdentifier(project=PROJECT, domain=DOMAIN, name="akx7rq2m9wzt4c8j5pvn")
VERSION = "3f9a1c7e"
IMAGE = f"ghcr.io/acme/ml-training:{VERSION}"
#: Where Flyte Propeller keeps this execution's inputs and outputs.
DATA = f"s3://acme-flyte-data/metadata/propeller/{PROJECT}-{DOMAIN}-{EXECUTION.name}"

_START = 1_714_564_800  # 2024-05-01T12:00:00Z


def _at(seconds: int, nanos: int) -> Timestamp:
    """An instant ``seconds`` (and ``nanos``) into the run, as Flyte Admin records it: to the nanosecond."""
    return Timestamp.from_parts(_START + seconds, nanos)


def _task(name: str) -> Identifier:
    return Identifier(resource_type=ResourceType.TASK, project=PROJECT, domain=DOMAIN, name=name, version=VERSION)


def _node(node_id: str) -> NodeExecutionIdentifier:
    return NodeExecutionIdentifier(node_id=node_id, execution_id=EXECUTION)


def _float(value: float) -> Literal:
    return Literal(scalar=Scalar(primitive=Primitive(float_value=value)))


def _string(value: str) -> Literal:
    return Literal(scalar=Scalar(primitive=Primitive(string_value=value)))


def _simple(simple: SimpleType) -> LiteralType:
    return LiteralType(simple=simple)


PARQUET = StructuredDatasetType(format="parquet")
MODEL_FILE = BlobType(format="joblib", dimensionality=BlobDimensionality.SINGLE)


def _metadata(node_id: str, **flags: bool) -> NodeExecutionMetaData:
    return NodeExecutionMetaData(retry_group="0", spec_node_id=node_id, **flags)


def cached_node() -> NodeExecution:
    """``n0``: loading the dataset hit the cache; the catalog key says which earlier run made the outputs."""
    return NodeExecution(
        id=_node("n0"),
        input_uri=f"{DATA}/n0/data/inputs.pb",
        closure=NodeExecutionClosure(
            phase=NodeExecutionPhase.SUCCEEDED,
            started_at=_at(1, 212_345_678),
            duration=Duration.from_parts(0, 884_213_337),
            output_uri=f"{DATA}/n0/data/0/outputs.pb",
            task_node_metadata=TaskNodeMetadata(
                cache_status=CatalogCacheStatus.CACHE_HIT,
                catalog_key=CatalogMetadata(
                    dataset_id=Identifier(
                        resource_type=ResourceType.DATASET, project=PROJECT, domain=DOMAIN,
                        name="flyte_task-ml.pipelines.training.load_dataset", version="1.0-Pq8LrX2z-2b7d9f1c",
                    ),
                    artifact_tag=CatalogArtifactTag(
                        artifact_id="8d0f3c52-6a1e-4b8e-9c2d-7f5a1b3e9d40", name="flyte_cached-HN2qJcVZ6W1oRk4y"
                    ),
                    source_task_execution=TaskExecutionIdentifier(
                        task_id=_task("ml.pipelines.training.load_dataset"),
                        node_execution_id=NodeExecutionIdentifier(
                            node_id="n0",
                            execution_id=WorkflowExecutionIdentifier(
                                project=PROJECT, domain=DOMAIN, name="f2mb8xq4lwz7tk1c9rdv"
                            ),
                        ),
                        retry_attempt=0,
                    ),
                ),
            ),
            created_at=_at(0, 987_654_321),
            updated_at=_at(2, 96_558_015),
        ),
        metadata=_metadata("n0"),
    )


def dynamic_node() -> NodeExecution:
    """``n1``: a dynamic task that generated a workflow at run time (see :func:`dynamic_node_data`)."""
    return NodeExecution(
        id=_node("n1"),
        input_uri=f"{DATA}/n1/data/inputs.pb",
        closure=NodeExecutionClosure(
            phase=NodeExecutionPhase.SUCCEEDED,
            started_at=_at(2, 310_442_871),
            duration=Duration.from_parts(734, 501_920_113),
            output_uri=f"{DATA}/n1/data/0/outputs.pb",
            task_node_metadata=TaskNodeMetadata(
                cache_status=CatalogCacheStatus.CACHE_DISABLED,
                checkpoint_uri=f"s3://acme-flyte-data/checkpoints/{EXECUTION.name}/n1/0/_flytecheckpoints",
            ),
            created_at=_at(2, 154_800_266),
            updated_at=_at(736, 812_362_984),
            dynamic_job_spec_uri=f"{DATA}/n1/data/0/futures.pb",
        ),
        metadata=_metadata("n1", is_parent_node=True, is_dynamic=True),
    )


def evaluated_outputs() -> LiteralMap:
    """What ``n2`` returned: a float, a model file, a nested map, a list and a dataset."""
    return LiteralMap(literals=FrozenDict({
        "accuracy": _float(0.9431),
        "metrics": Literal(map=LiteralMap(literals=FrozenDict({
            "precision": _float(0.9517), "recall": _float(0.9204), "f1": _float(0.9358),
        }))),
        "top_features": Literal(collection=LiteralCollection(literals=(
            _string("tenure_months"), _string("monthly_charges"), _string("contract_type"),
        ))),
        "evaluated_at": Literal(scalar=Scalar(primitive=Primitive(datetime=_at(749, 603_118_442)))),
        "model": Literal(scalar=Scalar(blob=Blob(
            metadata=BlobMetadata(type=MODEL_FILE), uri=f"{DATA}/n1/data/0/dn3/model.joblib",
        ))),
        "predictions": Literal(scalar=Scalar(structured_dataset=StructuredDataset(
            uri=f"s3://acme-flyte-data/raw/{EXECUTION.name}/n2/predictions",
            metadata=StructuredDatasetMetadata(structured_dataset_type=PARQUET),
        ))),
    }))


def outputs_node() -> NodeExecution:
    """``n2``: evaluation, whose outputs Flyte Admin returns inline as literals."""
    return NodeExecution(
        id=_node("n2"),
        input_uri=f"{DATA}/n2/data/inputs.pb",
        closure=NodeExecutionClosure(
            phase=NodeExecutionPhase.SUCCEEDED,
            started_at=_at(737, 45_009_377),
            duration=Duration.from_parts(12, 640_772_905),
            deck_uri=f"{DATA}/n2/data/0/deck.html",
            task_node_metadata=TaskNodeMetadata(cache_status=CatalogCacheStatus.CACHE_POPULATED),
            created_at=_at(736, 901_223_417),
            updated_at=_at(749, 702_559_130),
            output_data=evaluated_outputs(),
        ),
        metadata=_metadata("n2"),
    )


CHILD_EXECUTION = WorkflowExecutionIdentifier(project=PROJECT, domain=DOMAIN, name="b2zrgk7d4vlqnw9s1t8c")


def workflow_node() -> NodeExecution:
    """``n3``: a launch-plan node, whose work ran as a child workflow execution."""
    return NodeExecution(
        id=_node("n3"),
        input_uri=f"{DATA}/n3/data/inputs.pb",
        closure=NodeExecutionClosure(
            phase=NodeExecutionPhase.SUCCEEDED,
            started_at=_at(749, 815_331_052),
            duration=Duration.from_parts(95, 118_204_667),
            output_uri=f"{DATA}/n3/data/0/outputs.pb",
            workflow_node_metadata=WorkflowNodeMetadata(execution_id=CHILD_EXECUTION),
            created_at=_at(749, 760_018_845),
            updated_at=_at(844, 933_535_719),
        ),
        metadata=_metadata("n3", is_parent_node=True),
    )


DEPLOY_ERROR = """\
Traceback (most recent call last):
  File "/root/ml/pipelines/training.py", line 142, in deploy_model
    raise ValueError(f"accuracy {accuracy:.4f} is below the deployment threshold {threshold}")
ValueError: accuracy 0.9431 is below the deployment threshold 0.95"""


def failed_node() -> NodeExecution:
    """``n4``: deployment refused the model; a user error with its traceback."""
    return NodeExecution(
        id=_node("n4"),
        input_uri=f"{DATA}/n4/data/inputs.pb",
        closure=NodeExecutionClosure(
            phase=NodeExecutionPhase.FAILED,
            started_at=_at(845, 11_872_004),
            duration=Duration.from_parts(3, 402_117_559),
            error=ExecutionError(
                code="USER:ValueError",
                message=DEPLOY_ERROR,
                error_uri=f"{DATA}/n4/data/0/error.pb",
                kind=ErrorKind.USER,
                timestamp=_at(848, 398_661_204),
                worker=f"{EXECUTION.name}-n4-0",
            ),
            task_node_metadata=TaskNodeMetadata(cache_status=CatalogCacheStatus.CACHE_DISABLED),
            created_at=_at(844, 967_301_888),
            updated_at=_at(848, 413_989_563),
        ),
        metadata=_metadata("n4"),
    )


def example_run() -> NodeExecutionList:
    """The node executions of the example workflow execution, in the order Flyte Admin lists them."""
    return NodeExecutionList(
        node_executions=(cached_node(), dynamic_node(), outputs_node(), workflow_node(), failed_node())
    )


# ----------------------------------------------------------------- the workflow the dynamic node generated


def _interface(inputs: dict[str, LiteralType], outputs: dict[str, LiteralType]) -> TypedInterface:
    def variables(types: dict[str, LiteralType]) -> dict[str, Variable]:
        return {name: Variable(type=t, description=name.replace("_", " ")) for name, t in types.items()}

    return TypedInterface(inputs=variables(inputs), outputs=variables(outputs))


def _compiled_task(name: str, interface: TypedInterface, cpu: str, memory: str) -> CompiledTask:
    return CompiledTask(template=TaskTemplate(
        id=_task(name),
        type="python-task",
        metadata=TaskMetadata(
            discoverable=False,
            runtime=RuntimeMetadata(type=RuntimeType.FLYTE_SDK, version="1.13.5", flavor="python"),
            timeout=Duration(minutes=30),
            retries=RetryStrategy(retries=2),
        ),
        interface=interface,
        container=Container(
            image=IMAGE,
            args=("pyflyte-execute", "--inputs", "{{.input}}", "--output-prefix", "{{.outputPrefix}}",
                  "--resolver", "flytekit.core.python_auto_container.default_task_resolver", "--",
                  "task-module", "ml.pipelines.training", "task-name", name.rsplit(".", 1)[-1]),
            resources=Resources(
                requests=(ResourceEntry(name=ResourceName.CPU, value=cpu),
                          ResourceEntry(name=ResourceName.MEMORY, value=memory)),
                limits=(ResourceEntry(name=ResourceName.CPU, value=cpu),
                        ResourceEntry(name=ResourceName.MEMORY, value=memory)),
            ),
        ),
    ))


def _promise(node_id: str, var: str) -> BindingData:
    return BindingData(promise=OutputReference(node_id=node_id, var=var))


def _task_node(node_id: str, task: str, inputs: dict[str, BindingData], upstream: tuple[str, ...] = ()) -> Node:
    return Node(
        id=node_id,
        metadata=NodeMetadata(name=task.rsplit(".", 1)[-1], timeout=Duration(0), retries=RetryStrategy()),
        inputs=tuple(Binding(var=var, binding=data) for var, data in inputs.items()),
        upstream_node_ids=upstream,
        task_node=TaskNode(reference_id=_task(task)),
    )


def dynamic_workflow() -> CompiledWorkflowClosure:
    """What ``n1`` generated: train one model per fold, score them all in an array node, keep the best
    if it is good enough (a branch)."""
    train, score, select = (f"ml.pipelines.training.{t}" for t in ("train_fold", "score_model", "select_best"))
    dataset = BindingData(scalar=Scalar(structured_dataset=StructuredDataset(
        uri=f"s3://acme-flyte-data/raw/{EXECUTION.name}/n0/dataset",
        metadata=StructuredDatasetMetadata(structured_dataset_type=PARQUET),
    )))
    fold = [BindingData(scalar=Scalar(primitive=Primitive(integer=i))) for i in range(2)]
    models = BindingData(collection=BindingDataCollection(bindings=(_promise("dn0", "o0"), _promise("dn1", "o0"))))
    nodes = (
        _task_node("dn0", train, {"data": dataset, "fold": fold[0]}),
        _task_node("dn1", train, {"data": dataset, "fold": fold[1]}),
        Node(
            id="dn2",
            metadata=NodeMetadata(name="score_model"),
            inputs=(Binding(var="model", binding=models),),
            upstream_node_ids=("dn0", "dn1"),
            array_node=ArrayNode(
                node=_task_node("dn2-n0", score, {"model": _promise("dn2", "model")}),
                parallelism=2,
                min_success_ratio=1.0,
            ),
        ),
        Node(
            id="dn3",
            metadata=NodeMetadata(name="good_enough"),
            inputs=(Binding(var="scores", binding=_promise("dn2", "o0")),
                    Binding(var="best_score", binding=_promise("dn2", "best"))),
            upstream_node_ids=("dn2",),
            branch_node=BranchNode(if_else=IfElseBlock(
                case=IfBlock(
                    condition=BooleanExpression(comparison=ComparisonExpression(
                        operator=ComparisonExpressionOperator.GTE,
                        left_value=Operand(var="best_score"),
                        right_value=Operand(primitive=Primitive(float_value=0.9)),
                    )),
                    then_node=_task_node("dn3-n0", select, {"scores": _promise("dn2", "o0")}),
                ),
                else_node=_task_node("dn3-n1", train, {"data": dataset, "fold": fold[0]}),
            )),
        ),
    )
    model, scores = LiteralType(blob=MODEL_FILE), LiteralType(collection_type=_simple(SimpleType.FLOAT))
    template = WorkflowTemplate(
        id=Identifier(resource_type=ResourceType.WORKFLOW, project=PROJECT, domain=DOMAIN,
                      name="ml.pipelines.training.train_model", version=VERSION),
        interface=_interface({"data": LiteralType(structured_dataset_type=PARQUET)}, {"o0": model}),
        nodes=nodes,
        outputs=(Binding(var="o0", binding=_promise("dn3", "o0")),),
    )
    ids = {"start-node": ("dn0", "dn1"), "dn0": ("dn2",), "dn1": ("dn2",), "dn2": ("dn3",), "dn3": ("end-node",)}
    upstream: dict[str, list[str]] = {}
    for source, targets in ids.items():
        for target in targets:
            upstream.setdefault(target, []).append(source)
    connections = ConnectionSet(
        downstream=FrozenDict({k: IdList(ids=v) for k, v in ids.items()}),
        upstream=FrozenDict({k: IdList(ids=tuple(v)) for k, v in upstream.items()}),
    )
    data = LiteralType(structured_dataset_type=PARQUET)
    return CompiledWorkflowClosure(
        primary=CompiledWorkflow(template=template, connections=connections),
        tasks=(
            _compiled_task(train, _interface({"data": data, "fold": _simple(SimpleType.INTEGER)}, {"o0": model}),
                           "4", "16Gi"),
            _compiled_task(score, _interface({"model": model}, {"o0": _simple(SimpleType.FLOAT)}), "1", "2Gi"),
            _compiled_task(select, _interface({"scores": scores}, {"o0": model}), "500m", "1Gi"),
        ),
    )


def dynamic_node_data() -> NodeExecutionGetDataResponse:
    """What Flyte Admin's ``GetNodeExecutionData`` returns for the dynamic node ``n1``."""
    url = f"https://flyte.acme.example/api/v1/data/node_executions/{PROJECT}/{DOMAIN}/{EXECUTION.name}/n1"
    return NodeExecutionGetDataResponse(
        inputs=UrlBlob(url=f"{url}/inputs", bytes=412),
        outputs=UrlBlob(url=f"{url}/outputs", bytes=188),
        dynamic_workflow=DynamicWorkflowNodeMetadata(
            id=Identifier(resource_type=ResourceType.WORKFLOW, project=PROJECT, domain=DOMAIN,
                          name="ml.pipelines.training.train_model", version=VERSION),
            compiled_workflow=dynamic_workflow(),
            dynamic_job_spec_uri=f"{DATA}/n1/data/0/futures.pb",
        ),
        flyte_urls=FlyteURLs(
            inputs=f"flyte://v1/{PROJECT}/{DOMAIN}/{EXECUTION.name}/n1/i",
            outputs=f"flyte://v1/{PROJECT}/{DOMAIN}/{EXECUTION.name}/n1/o",
        ),
    )
