"""A flat table of node executions for analysis: one row per node execution, the columns people query.

``node_table(records)`` needs pyarrow (the ``[arrow]`` extra). Unlike the Arrow format's tables
(:mod:`flyte_node_models.converters.arrow`), which keep every field, it keeps what a query about a run
needs, flat, with plain column types every engine reads (DuckDB, Polars, pandas, Spark).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from ._errors import ConversionError
from .core.compiler import CompiledWorkflow, CompiledWorkflowClosure
from .core.identifier import Identifier
from .node_execution import NodeExecution, NodeExecutionList

#: Flyte names the node executions that a parent (a dynamic or sub-workflow node) starts
#: ``{parent node id}-{retry attempt}-{node id}``.
CHILD_NODE_ID = re.compile(r"^(?P<parent>.+)-\d+-[^-]+$")

#: The columns of :func:`node_table`, in order, with what each holds.
COLUMNS = {
    "execution_project": "the workflow execution's project",
    "execution_domain": "its domain",
    "execution_name": "its name",
    "node_id": "the node execution's node id",
    "parent_node_id": "the node id of the parent node execution, for a child of a dynamic or sub-workflow node",
    "spec_node_id": "the node of the workflow it runs",
    "retry_group": "the retry group",
    "phase": "the phase's name (SUCCEEDED, FAILED, ...)",
    "created_at": "when it was created (queued), UTC, nanoseconds",
    "started_at": "when it started running",
    "updated_at": "when it was last updated",
    "duration_ns": "how long it ran, in nanoseconds",
    "task_project": "the task it ran: project",
    "task_domain": "domain",
    "task_name": "name",
    "task_version": "version",
    "cache_status": "the cache status's name (CACHE_HIT, CACHE_MISS, ...), for task nodes",
    "is_parent_node": "whether it started child node executions",
    "error_kind": "for a failed node: USER or SYSTEM",
    "error_code": "the error's code",
    "error_message": "the error's message",
    "output_uri": "where its outputs are",
    "deck_uri": "where its deck is",
}


def _schema() -> Any:
    import pyarrow as pa

    ts = pa.timestamp("ns", "UTC")
    # Names are plain strings, not dictionaries: partitions made apart (Dask's, say) then have one type.
    types = {"created_at": ts, "started_at": ts, "updated_at": ts, "duration_ns": pa.int64(),
             "is_parent_node": pa.bool_()}
    return pa.schema([pa.field(name, types.get(name, pa.string()), metadata={"description": about})
                      for name, about in COLUMNS.items()])


def workflow_tasks(workflow: CompiledWorkflowClosure) -> dict[str, Identifier]:
    """The task each task node of a compiled workflow (and of its sub-workflows) runs, by node id."""
    found: dict[str, Identifier] = {}
    compiled: list[CompiledWorkflow] = [w for w in (workflow.primary, *workflow.sub_workflows) if w is not None]
    for w in compiled:
        for node in w.template.nodes if w.template else ():
            if node.task_node is not None and node.task_node.reference_id is not None:
                found.setdefault(node.id, node.task_node.reference_id)
    return found


def node_table(records: Iterable[NodeExecution] | NodeExecutionList,
               tasks: Mapping[str, Identifier] | CompiledWorkflowClosure | None = None) -> Any:
    """A ``pyarrow.Table`` of node executions, one row each, with the columns of :data:`COLUMNS`.

    A node execution does not say which task it ran: ``tasks`` does, as the compiled workflow (see
    :func:`workflow_tasks`) or a mapping of spec node id to task identifier. Without it, a cache hit's
    task is the one its catalog entry names, and other task columns are null. Timestamps outside the
    years 1677 to 2262 (what int64 nanoseconds hold) are null here; the Arrow format keeps them.
    """
    # the Arrow format first: without pyarrow, it says which extra to install
    from .converters.arrow import _duration_ns, _plain, _timestamp_ns  # noqa: I001
    import pyarrow as pa

    if isinstance(records, NodeExecutionList):
        records = records.node_executions
    if isinstance(tasks, CompiledWorkflowClosure):
        tasks = workflow_tasks(tasks)
    tasks = tasks or {}
    columns: dict[str, list[Any]] = {name: [] for name in COLUMNS}
    rows = list(records)
    for i, r in enumerate(rows):
        if type(r) is not NodeExecution:
            raise ConversionError(f"expected a NodeExecution record, got {type(r).__name__}", f"[{i}]")
    # what the records hold: flytekit's readings of what is unset (an empty closure, the epoch) are no facts
    parents = {(r.id.execution_id, r.id.node_id) for r in rows if r.is_set("id") and r.metadata.is_parent_node}
    for r in rows:
        node = r.id if r.is_set("id") else None
        execution = node.execution_id if node and node.is_set("execution_id") else None
        closure = r.closure if r.is_set("closure") else None
        metadata = r.metadata if r.is_set("metadata") else None
        task_meta = closure.task_node_metadata if closure else None
        error = closure.error if closure else None
        node_id = node.node_id if node else None
        task = tasks.get(metadata.spec_node_id) if metadata else None
        source = task_meta.catalog_key.source_task_execution if task_meta else None
        if task is None and source is not None and source.is_set("task_id"):
            task = source.task_id
        values = {
            "execution_project": execution.project if execution else None,
            "execution_domain": execution.domain if execution else None,
            "execution_name": execution.name if execution else None,
            "node_id": node_id,
            "parent_node_id": _parent(execution, node_id, parents),
            "spec_node_id": metadata.spec_node_id if metadata else None,
            "retry_group": metadata.retry_group if metadata else None,
            "phase": closure.phase.name if closure else None,
            "created_at": _timestamp_ns(closure.created_at) if closure else None,
            "started_at": _timestamp_ns(closure.started_at) if closure and closure.is_set("started_at") else None,
            "updated_at": _timestamp_ns(closure.updated_at) if closure else None,
            "duration_ns": _duration_ns(closure.duration) if closure and closure.is_set("duration") else None,
            "task_project": task.project if task else None,
            "task_domain": task.domain if task else None,
            "task_name": task.name if task else None,
            "task_version": task.version if task else None,
            "cache_status": task_meta.cache_status.name if task_meta else None,
            "is_parent_node": metadata.is_parent_node if metadata else None,
            "error_kind": error.kind.name if error else None,
            "error_code": error.code if error else None,
            "error_message": error.message if error else None,
            "output_uri": closure.output_uri if closure else None,
            "deck_uri": (closure.deck_uri or None) if closure else None,
        }
        for name, value in values.items():
            columns[name].append(value)
    schema = _schema()
    return pa.table([pa.array(columns[f.name], type=_plain(f.type)).cast(f.type) for f in schema], schema=schema)


def _parent(execution: Any, node_id: str | None, parents: set[tuple[Any, str]]) -> str | None:
    """The parent's node id: the longest ``{parent}-{retry}-`` prefix that is a parent node execution
    among the records, else the one Flyte's naming gives."""
    if not node_id or (match := CHILD_NODE_ID.match(node_id)) is None:
        return None
    longest = candidate = match["parent"]
    while (execution, candidate) not in parents:
        match = CHILD_NODE_ID.match(candidate)
        if match is None:
            return longest
        candidate = match["parent"]
    return candidate
