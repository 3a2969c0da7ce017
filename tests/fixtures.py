"""Realistic node-execution records, built by hand the way Flyte Admin returns them.

Admin's timestamps carry nanoseconds, and it writes explicitly set empty sub-messages; both are here.
Each function returns a new record, so tests and other helpers may use them freely.
"""

from __future__ import annotations

from collections.abc import Callable

from flyte_node_models.core.catalog import CatalogArtifactTag, CatalogCacheStatus, CatalogMetadata
from flyte_node_models.core.execution import ErrorKind, ExecutionError, NodeExecutionPhase
from flyte_node_models.core.identifier import (
    Identifier,
    NodeExecutionIdentifier,
    ResourceType,
    TaskExecutionIdentifier,
    WorkflowExecutionIdentifier,
)
from flyte_node_models.literals import (
    Blob,
    BlobMetadata,
    Literal,
    LiteralCollection,
    LiteralMap,
    Primitive,
    Scalar,
    Void,
)
from flyte_node_models.node_execution import (
    NodeExecution,
    NodeExecutionClosure,
    NodeExecutionList,
    NodeExecutionMetaData,
    TaskNodeMetadata,
    WorkflowNodeMetadata,
)
from flyte_node_models.types import BlobDimensionality, BlobType
from flyte_node_models.wellknown import Duration, Timestamp

PROJECT, DOMAIN = "flytesnacks", "development"
RUN = WorkflowExecutionIdentifier(project=PROJECT, domain=DOMAIN, name="a4xk2m9vq7", org="acme")
BUCKET = "s3://flyte-metadata/metadata/propeller/flytesnacks-development-a4xk2m9vq7"


def node_id(name: str) -> NodeExecutionIdentifier:
    return NodeExecutionIdentifier(node_id=name, execution_id=RUN)


def at(seconds: int, nanos: int) -> Timestamp:
    return Timestamp.from_parts(seconds, nanos)


def cache_hit_task_node() -> NodeExecution:
    """A task node whose outputs came from the cache: catalog key, source execution, nanosecond times."""
    task = Identifier(ResourceType.TASK, PROJECT, DOMAIN, "workflows.etl.clean_rows", "v7Zq1Xw", org="acme")
    source = TaskExecutionIdentifier(
        task_id=task,
        node_execution_id=NodeExecutionIdentifier("n0", WorkflowExecutionIdentifier(PROJECT, DOMAIN, "f3k9c0b1z2")),
        retry_attempt=0,
    )
    catalog = CatalogMetadata(
        dataset_id=Identifier(ResourceType.DATASET, PROJECT, DOMAIN, "flyte_task-workflows.etl.clean_rows", "1.2-Kx8"),
        artifact_tag=CatalogArtifactTag(artifact_id="0f5b7e9a-5c1d-4c62-9a5e-1c1f3f2b8d11", name="flyte_cached-Kx8Q"),
        source_task_execution=source,
    )
    closure = NodeExecutionClosure(
        NodeExecutionPhase.SUCCEEDED,
        started_at=at(1_715_938_201, 123_456_789),
        duration=Duration.from_parts(0, 84_211_007),
        output_uri=f"{BUCKET}/n0/data/0/outputs.pb",
        task_node_metadata=TaskNodeMetadata(CatalogCacheStatus.CACHE_HIT, catalog),
        created_at=at(1_715_938_200, 987_654_321),
        updated_at=at(1_715_938_201, 207_667_796),
    )
    meta = NodeExecutionMetaData(retry_group="0", spec_node_id="n0")
    return NodeExecution(node_id("n0"), f"{BUCKET}/n0/data/inputs.pb", closure, meta)


def failed_node() -> NodeExecution:
    """A task node that failed with a user error; the closure's output is the ``ExecutionError``."""
    error = ExecutionError(
        code="USER:ValueError",
        message='Traceback (most recent call last):\n  File "etl.py", line 42\nValueError: column "price" is empty',
        error_uri=f"{BUCKET}/n1/data/0/error.pb",
        kind=ErrorKind.USER,
        timestamp=at(1_715_938_263, 500_000_001),
        worker="n1-0-dn0-0",
    )
    closure = NodeExecutionClosure(
        NodeExecutionPhase.FAILED,
        started_at=at(1_715_938_202, 1),
        duration=Duration.from_parts(61, 499_999_999),
        error=error,
        deck_uri=f"{BUCKET}/n1/data/0/deck.html",
        task_node_metadata=TaskNodeMetadata(CatalogCacheStatus.CACHE_DISABLED, None, checkpoint_uri=f"{BUCKET}/n1/ck"),
        created_at=at(1_715_938_201, 999_999_999),
        updated_at=at(1_715_938_263, 600_000_000),
    )
    return NodeExecution(node_id("n1"), f"{BUCKET}/n1/data/inputs.pb", closure,
                         NodeExecutionMetaData(retry_group="0", spec_node_id="n1"))


def workflow_node() -> NodeExecution:
    """A sub-workflow node: a parent node whose target is another workflow execution."""
    child = WorkflowExecutionIdentifier(project=PROJECT, domain=DOMAIN, name="a4xk2m9vq7-n2-0", org="acme")
    closure = NodeExecutionClosure(
        NodeExecutionPhase.RUNNING,
        started_at=at(1_715_938_264, 42),
        workflow_node_metadata=WorkflowNodeMetadata(child),
        created_at=at(1_715_938_263, 700_000_000),
        updated_at=at(1_715_938_264, 43),
    )
    meta = NodeExecutionMetaData(retry_group="0", is_parent_node=True, spec_node_id="n2", is_array=False)
    return NodeExecution(node_id("n2"), f"{BUCKET}/n2/data/inputs.pb", closure, meta)


def output_literals() -> LiteralMap:
    """Outputs of several literal kinds: primitives, a blob, a collection, a nested map, a struct, none."""

    def primitive(**value: object) -> Literal:
        return Literal(scalar=Scalar(primitive=Primitive(**value)))

    frame = Blob(
        metadata=BlobMetadata(type=BlobType(format="parquet", dimensionality=BlobDimensionality.MULTIPART)),
        uri="s3://flyte-data/raw/ab/a4xk2m9vq7-n3-0/o3",
    )
    return LiteralMap({
        "count": primitive(integer=-(2**63)),
        "ratio": primitive(float_value=-0.0),
        "label": primitive(string_value='naïve "quoted" \\ label ✓'),
        "ok": primitive(boolean=True),
        "at": primitive(datetime=at(1_715_938_265, 1)),
        "took": primitive(duration=Duration.from_parts(-3, -250)),
        "frame": Literal(scalar=Scalar(blob=frame), hash="sha256:9f2c"),
        "rows": Literal(collection=LiteralCollection([primitive(integer=1), primitive(integer=2), Literal()])),
        "by_region": Literal(map=LiteralMap({"eu": primitive(float_value=1.5), "us": primitive(float_value=2e-300)})),
        "config": Literal(scalar=Scalar(generic={"retries": 3, "tags": ["a", None, True], "nested": {"x": -1.25}})),
        "nothing": Literal(scalar=Scalar(none_type=Void()), metadata={"source": "cache"}),
    })


def output_data_node() -> NodeExecution:
    """A succeeded node that carries its outputs inline (``output_data``) rather than an ``output_uri``."""
    closure = NodeExecutionClosure(
        NodeExecutionPhase.SUCCEEDED,
        started_at=at(1_715_938_264, 100),
        duration=Duration.from_parts(1, 1),
        task_node_metadata=TaskNodeMetadata(CatalogCacheStatus.CACHE_POPULATED, CatalogMetadata()),
        created_at=at(1_715_938_264, 0),
        updated_at=at(1_715_938_265, 101),
        output_data=output_literals(),
        dynamic_job_spec_uri=f"{BUCKET}/n3/data/0/futures.pb",
    )
    return NodeExecution(node_id("n3"), f"{BUCKET}/n3/data/inputs.pb", closure,
                         NodeExecutionMetaData(retry_group="1", spec_node_id="n3", is_dynamic=True))


def empty_submessages_node() -> NodeExecution:
    """A queued node as Admin first writes it: every sub-message set, most of them empty."""
    closure = NodeExecutionClosure(
        NodeExecutionPhase.QUEUED,
        started_at=Timestamp.from_parts(0, 0),  # set, at the epoch: not the same as unset
        duration=Duration(0),
        task_node_metadata=TaskNodeMetadata(catalog_key=CatalogMetadata()),
        created_at=at(1_715_938_266, 5),
        updated_at=at(1_715_938_266, 5),
        output_data=LiteralMap(),
    )
    return NodeExecution(NodeExecutionIdentifier("n4", WorkflowExecutionIdentifier()), "", closure,
                         NodeExecutionMetaData())


#: Every single-node fixture.
NODES: list[Callable[[], NodeExecution]] = [
    cache_hit_task_node, failed_node, workflow_node, output_data_node, empty_submessages_node,
]


def example_run() -> NodeExecutionList:
    """A workflow run's node executions, one of each kind above, as Admin's list call returns them."""
    return NodeExecutionList([make() for make in NODES], token="5")
