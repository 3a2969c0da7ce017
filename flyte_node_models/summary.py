"""A run's node executions summed up in one pass: phases, cache statuses, retries, the slowest and the
failed nodes and the wall-clock span, for the whole run and for each parent node's children.

:func:`summarize` folds any iterable of node executions — records read from a stream, the pages of
``NodeExecutionList`` records, or the ``(parent_id, node_execution)`` pairs of the Admin client's
``all_node_executions`` — keeping only counts, the few slowest and a bounded list of failures, so that
its memory does not grow with the run.

A node execution's parent is the one given beside it, else told from its node id: flytepropeller names
a child ``{parent}-{attempt}-{spec node id}`` (``metadata.retry_group`` is the attempt). A child whose
id it shortened to a hash (ids longer than 20 characters) cannot be told apart that way: such nodes
are counted under :data:`UNKNOWN_PARENT`.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from ._errors import ConversionError
from .converters.view import duration as show_duration
from .converters.view import timestamp as show_timestamp
from .core.catalog import CatalogCacheStatus
from .core.execution import NodeExecutionPhase
from .node_execution import NodeExecution, NodeExecutionList
from .wellknown import Duration, Timestamp
from .wellknown.duration import total_nanoseconds

__all__ = ["UNKNOWN_PARENT", "GroupSummary", "RunSummary", "summarize"]

#: The parent of child node executions whose hashed node id does not say which node it is.
UNKNOWN_PARENT = "?"
#: Phases whose node executions are listed as failed (with or without an error).
FAILED_PHASES = frozenset((NodeExecutionPhase.FAILED, NodeExecutionPhase.TIMED_OUT))

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_since = datetime.__sub__  # in C: a plain timedelta


def _nanoseconds(t: Timestamp) -> int:
    """Nanoseconds since the Unix epoch (exact, and cheaper than Timestamp arithmetic)."""
    d = _since(t, _EPOCH)
    return ((d.days * 86400 + d.seconds) * 1_000_000 + d.microseconds) * 1000 + t._ns


class GroupSummary:
    """What the node executions of one group (the whole run, or one parent's children) add up to."""

    __slots__ = ("cache_statuses", "failed", "failed_count", "node_executions", "phases", "retried", "retries",
                 "slowest", "_first_start", "_last_end", "_max_failed", "_max_slowest", "_seq")

    def __init__(self, max_slowest: int, max_failed: int) -> None:
        self.node_executions = 0
        self.phases: dict[NodeExecutionPhase, int] = {}
        self.cache_statuses: dict[CatalogCacheStatus, int] = {}
        self.retried = 0  # node executions on a parent's attempt after the first
        # a parent's retries are its children's highest retry group; a run's, its parents' summed
        self.retries = 0
        # a min-heap of (nanoseconds, -seq, parent, node id, phase): what is shown of a node, not the node
        self.slowest: list[tuple[int, int, str, str, str]] = []
        self.failed: list[dict[str, Any]] = []  # the first max_failed, as to_dict shows them
        self.failed_count = 0
        self._first_start: int | None = None  # nanoseconds since the epoch
        self._last_end: int | None = None
        self._max_slowest, self._max_failed = max_slowest, max_failed
        self._seq = itertools.count()

    def count(self, node: NodeExecution, parent: str, retries: int, phase: NodeExecutionPhase,
              cache_status: CatalogCacheStatus | None, start: int | None, end: int | None,
              duration: int | None, failed: bool) -> None:
        """Count one node execution, whose facts :meth:`RunSummary.add` has worked out."""
        self.node_executions += 1
        if retries:
            self.retried += 1
        self.phases[phase] = self.phases.get(phase, 0) + 1
        if cache_status is not None:
            self.cache_statuses[cache_status] = self.cache_statuses.get(cache_status, 0) + 1
        if start is not None and (self._first_start is None or start < self._first_start):
            self._first_start = start
        if end is not None and (self._last_end is None or end > self._last_end):
            self._last_end = end
        if duration is not None and self._max_slowest:
            item = (duration, -next(self._seq), parent, _node_id(node), phase.name)  # ties: the first seen stays
            if len(self.slowest) < self._max_slowest:
                heapq.heappush(self.slowest, item)
            elif item > self.slowest[0]:
                heapq.heapreplace(self.slowest, item)
        if failed:
            self.failed_count += 1
            if len(self.failed) < self._max_failed:
                self.failed.append({"node_id": _node_id(node), "parent": parent or None, "phase": phase.name,
                                    **_error(node)})

    @property
    def first_start(self) -> Timestamp | None:
        """The earliest start (or, for a node not started, creation)."""
        return None if self._first_start is None else Timestamp.from_parts(*divmod(self._first_start, 1_000_000_000))

    @property
    def last_end(self) -> Timestamp | None:
        """The latest end: a node's start and duration, else its last update."""
        return None if self._last_end is None else Timestamp.from_parts(*divmod(self._last_end, 1_000_000_000))

    @property
    def wall_clock(self) -> Duration | None:
        """From the first start to the last end (a node's start and duration, else its last update)."""
        if self._first_start is None or self._last_end is None:
            return None
        return Duration.from_nanoseconds(self._last_end - self._first_start)

    def slowest_nodes(self) -> list[dict[str, Any]]:
        """The slowest node executions, slowest first: node id, parent (None: top level), phase, duration."""
        return [{"node_id": node_id, "parent": parent or None, "phase": phase,
                 "duration": _json_duration(Duration.from_nanoseconds(ns))}
                for ns, _, parent, node_id, phase in sorted(self.slowest, reverse=True)]

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON: counts by enum name, times in RFC 3339, durations in protobuf's JSON form."""
        wall = self.wall_clock
        return {
            "node_executions": self.node_executions,
            "phases": {p.name: n for p, n in sorted(self.phases.items())},
            "cache_statuses": {s.name: n for s, n in sorted(self.cache_statuses.items())},
            "retried_node_executions": self.retried,
            "retries": self.retries,
            "started_at": _json_time(self.first_start),
            "ended_at": _json_time(self.last_end),
            "wall_clock": None if wall is None else _json_duration(wall),
            "slowest": self.slowest_nodes(),
            "failed_count": self.failed_count,
            "failed": [dict(f) for f in self.failed],
        }

    def report(self, indent: str = "") -> list[str]:
        """Lines for people."""
        wall = self.wall_clock
        lines = [f"{indent}node executions: {self.node_executions}"]
        if wall is not None:
            lines.append(f"{indent}wall clock: {show_duration(wall)} "
                         f"({show_timestamp(self.first_start)} to {show_timestamp(self.last_end)})")  # type: ignore[arg-type]
        lines.append(f"{indent}phases: {_counts(self.phases)}")
        if self.cache_statuses:
            lines.append(f"{indent}cache: {_counts(self.cache_statuses)}")
        if self.retried:
            lines.append(f"{indent}retried: {self.retried} node executions, {self.retries} retries")
        if self.slowest:
            lines.append(f"{indent}slowest:")
            lines += [f"{indent}  {node_id}  {show_duration(Duration.from_nanoseconds(ns))}  {phase}"
                      for ns, _, _, node_id, phase in sorted(self.slowest, reverse=True)]
        if self.failed_count:
            lines.append(f"{indent}failed: {self.failed_count}"
                         + (f" (the first {len(self.failed)} shown)" if len(self.failed) < self.failed_count else ""))
            for f in self.failed:
                what = " ".join(x for x in (f["kind"], f["code"]) if x)
                lines.append(f"{indent}  {f['node_id']}  {f['phase']}"
                             + (f"  {what}" if what else "") + (f": {f['message']}" if f["message"] else ""))
        return lines


class RunSummary:
    """A run's summary: ``run`` for every node execution, ``by_parent`` for each parent's children
    (``""`` holds the top-level nodes)."""

    def __init__(self, max_slowest: int = 5, max_failed: int = 50) -> None:
        self.run = GroupSummary(max_slowest, max_failed)
        self.by_parent: dict[str, GroupSummary] = {}
        self._limits = (max_slowest, max_failed)

    def add(self, node: NodeExecution, parent: str | None = None) -> None:
        """Count one node execution; its parent is told from its node id unless given."""
        if type(node) is not NodeExecution:
            raise ConversionError(f"expected a NodeExecution, got {type(node).__name__}")
        attempt = node.metadata.retry_group  # (an unset metadata reads empty, as flytekit shows it)
        if parent is None:
            parent = _parent(node, attempt)
        retries = int(attempt) if attempt.isdigit() else 0
        closure = node.closure if node.is_set("closure") else None
        phase, cache_status, start, end, duration, failed = NodeExecutionPhase.UNDEFINED, None, None, None, None, False
        if closure is not None:
            phase = closure.phase
            task = closure.task_node_metadata
            cache_status = task.cache_status if task is not None else None
            # (what it holds: flytekit reads an unset start as the epoch, an unset duration as zero)
            started = closure.started_at if closure.is_set("started_at") else None
            took = closure.duration if closure.is_set("duration") else None
            if started is not None:
                start = _nanoseconds(started)
            elif closure.created_at is not None:
                start = _nanoseconds(closure.created_at)
            if took is not None:
                duration = total_nanoseconds(took)
            if started is not None and took is not None:
                end = start + duration  # type: ignore[operator]
            elif closure.updated_at is not None:
                end = _nanoseconds(closure.updated_at)
            failed = closure.error is not None or phase in FAILED_PHASES
        group = self.by_parent.get(parent)
        if group is None:
            group = self.by_parent[parent] = GroupSummary(*self._limits)
        if retries > group.retries:  # the parent was retried (again): its children's attempt says how often
            self.run.retries += retries - group.retries
            group.retries = retries
        facts = (node, parent, retries, phase, cache_status, start, end, duration, failed)
        group.count(*facts)
        self.run.count(*facts)

    def to_dict(self) -> dict[str, Any]:
        """The whole run's figures, and ``by_parent``: a list of each parent's (``null``: top level)."""
        out = self.run.to_dict()
        out["by_parent"] = [{"parent": parent or None, **group.to_dict()}
                            for parent, group in sorted(self.by_parent.items())]
        return out

    def report(self) -> str:
        lines = ["run", *self.run.report("  ")]
        for parent, group in sorted(self.by_parent.items()):
            if parent or len(self.by_parent) > 1:
                lines += ["", "top-level nodes" if not parent else f"children of {parent}", *group.report("  ")]
        return "\n".join(lines) + "\n"


def summarize(nodes: Iterable[Any], *, slowest: int = 5, failed: int = 50) -> RunSummary:
    """The summary of node executions in one pass. ``nodes`` yields ``NodeExecution`` records,
    ``NodeExecutionList`` pages, or ``(parent_id, NodeExecution)`` pairs (parent None: top level).
    ``slowest``: how many of the slowest nodes each group keeps; ``failed``: how many failed ones."""
    summary = RunSummary(slowest, failed)
    add = summary.add
    for item in nodes:
        if type(item) is NodeExecution:
            add(item)
        elif type(item) is NodeExecutionList:
            for node in item.node_executions:
                add(node)
        elif type(item) is tuple and len(item) == 2:
            add(item[1], item[0] or "")
        else:
            raise ConversionError(f"expected node executions, got {type(item).__name__}")
    return summary


def _parent(node: NodeExecution, attempt: str) -> str:
    """The parent's node id told from a node id ``{parent}-{attempt}-{spec node id}``; ``""`` for a
    top-level node, :data:`UNKNOWN_PARENT` for a hashed one."""
    node_id, spec = node.id.node_id, node.metadata.spec_node_id  # (unset ones read empty)
    if not spec or node_id == spec:
        return ""
    suffix = f"-{attempt}-{spec}"
    if attempt and node_id.endswith(suffix) and len(node_id) > len(suffix):
        return node_id[: -len(suffix)]
    return UNKNOWN_PARENT


def _counts(counts: dict[Any, int]) -> str:
    return ", ".join(f"{e.name} {n}" for e, n in sorted(counts.items()))


def _node_id(node: NodeExecution) -> str:
    return node.id.node_id


def _error(node: NodeExecution) -> dict[str, str]:
    error = node.closure.error
    if error is None:
        return {"kind": "", "code": "", "message": ""}
    lines = [line.strip() for line in error.message.splitlines() if line.strip()]
    if lines and lines[0].startswith("Traceback (most recent call last)"):
        lines = lines[-1:]  # a Python traceback says what it is on its last line
    return {"kind": error.kind.name, "code": error.code, "message": lines[0] if lines else ""}


def _json_time(value: Timestamp | None) -> str | None:
    return None if value is None else show_timestamp(value)


def _json_duration(value: Duration) -> str:
    total = total_nanoseconds(value)
    seconds, nanos = divmod(abs(total), 1_000_000_000)
    return ("-" if total < 0 else "") + f"{seconds}.{nanos:09d}".rstrip("0").rstrip(".") + "s"
