"""Large generated runs: node executions of one workflow execution, as Flyte Admin would list them.

``large_run(n)`` makes ``n`` node executions, repeatably: top-level task nodes and dynamic parents whose
children are named ``{parent}-0-dn{i}``, phases mostly SUCCEEDED with failures, retries, running and
queued nodes, cache hits and misses, nanosecond times. ``TASKS`` says which task each spec node runs.
"""

from __future__ import annotations

import random

from flyte_node_models.core.catalog import CatalogCacheStatus
from flyte_node_models.core.execution import ErrorKind, ExecutionError, NodeExecutionPhase
from flyte_node_models.core.identifier import (
    Identifier,
    NodeExecutionIdentifier,
    ResourceType,
    WorkflowExecutionIdentifier,
)
from flyte_node_models.node_execution import (
    NodeExecution,
    NodeExecutionClosure,
    NodeExecutionMetaData,
    TaskNodeMetadata,
)
from flyte_node_models.wellknown import Duration, Timestamp

RUN = WorkflowExecutionIdentifier(project="flytesnacks", domain="development", name="r8k2m4q9x1")
TASK_NAMES = ["etl.extract", "etl.clean_rows", "etl.join", "ml.featurize", "ml.train", "ml.evaluate", "ml.deploy"]
TASKS = {f"t{i}": Identifier(ResourceType.TASK, RUN.project, RUN.domain, name, "v3")
         for i, name in enumerate(TASK_NAMES)}
START = 1_714_564_800


def large_run(n: int, seed: int = 7, children_per_parent: int = 40) -> list[NodeExecution]:
    rng = random.Random(seed)
    out: list[NodeExecution] = []
    clock = START * 1_000_000_000
    parent = None
    child = top = 0
    while len(out) < n:
        if parent is not None and child < children_per_parent:
            node_id, spec, is_parent = f"{parent}-0-dn{child}", f"t{rng.randrange(len(TASKS))}", False
            child += 1
        else:
            parent, child = None, 0
            is_parent = rng.random() < 0.3
            node_id, spec = f"n{top}", ("dyn" if is_parent else f"t{rng.randrange(len(TASKS))}")
            top += 1
            if is_parent:
                parent = node_id
        clock += rng.randrange(1, 2_000_000_000)
        out.append(_node(rng, node_id, spec, is_parent, clock))
    return out


def _node(rng: random.Random, node_id: str, spec: str, is_parent: bool, created: int) -> NodeExecution:
    roll = rng.random()
    phase = (NodeExecutionPhase.SUCCEEDED if roll < 0.85 else NodeExecutionPhase.FAILED if roll < 0.93
             else NodeExecutionPhase.RUNNING if roll < 0.97 else NodeExecutionPhase.QUEUED)
    queued = rng.randrange(10_000_000, 3_000_000_000)
    ran = int(rng.lognormvariate(21, 1.2))  # about a second, with a long tail
    started = created + queued
    error = None
    if phase is NodeExecutionPhase.FAILED:
        kind = rng.choice([ErrorKind.USER, ErrorKind.SYSTEM])
        code = "USER:ValueError" if kind is ErrorKind.USER else "SYSTEM:OOMKilled"
        error = ExecutionError(code=code, message=f"{code} in {node_id}", kind=kind)
    cache = None if is_parent else TaskNodeMetadata(cache_status=rng.choice(
        [CatalogCacheStatus.CACHE_HIT, CatalogCacheStatus.CACHE_MISS, CatalogCacheStatus.CACHE_POPULATED,
         CatalogCacheStatus.CACHE_DISABLED]))
    waiting = phase is NodeExecutionPhase.QUEUED
    return NodeExecution(
        id=NodeExecutionIdentifier(node_id=node_id, execution_id=RUN),
        input_uri=f"s3://bucket/{RUN.name}/{node_id}/inputs.pb",
        closure=NodeExecutionClosure(
            phase=phase,
            created_at=Timestamp.from_parts(*divmod(created, 1_000_000_000)),
            started_at=None if waiting else Timestamp.from_parts(*divmod(started, 1_000_000_000)),
            duration=None if waiting else Duration.from_nanoseconds(ran),
            updated_at=Timestamp.from_parts(*divmod(started + (0 if waiting else ran), 1_000_000_000)),
            output_uri=(f"s3://bucket/{RUN.name}/{node_id}/outputs.pb"
                        if phase is NodeExecutionPhase.SUCCEEDED else None),
            error=error,
            task_node_metadata=cache,
        ),
        metadata=NodeExecutionMetaData(retry_group=str(rng.choice([0, 0, 0, 1])), spec_node_id=spec,
                                       is_parent_node=is_parent, is_dynamic=is_parent),
    )
