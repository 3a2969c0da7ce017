"""A timeline of a run: a Gantt chart of its node executions, drawn with matplotlib (the ``[plot]`` extra).

Each node execution is a row: its queued span, from ``created_at`` to ``started_at``, is pale grey, and its
running span, from ``started_at`` for its ``duration``, is coloured by its phase (a node still running runs
to its ``updated_at``). A cache hit is marked ◆ and a retry (a retry group other than 0) ↻ at the end of
its row. Children sit under their parent, indented. The time axis is seconds since the run's first
node execution was created.

Past :data:`MAX_ROWS` rows would be too thin to read: the children of each parent are drawn together in
one row under it, and if that is still too many, consecutive top-level rows share a row, and the title
says so. Only matplotlib's object API is used (``Figure``, ``Axes.broken_barh``): no pyplot state.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .converters.view import duration
from .core.catalog import CatalogCacheStatus
from .core.execution import NodeExecutionPhase
from .node_execution import NodeExecution, NodeExecutionList
from .tables import CHILD_NODE_ID
from .wellknown import Duration, Timestamp

#: The most rows a timeline draws one node execution to a row.
MAX_ROWS = 60
PHASE_COLOURS = {
    NodeExecutionPhase.SUCCEEDED: "#2e9e4f",
    NodeExecutionPhase.RECOVERED: "#79c07f",
    NodeExecutionPhase.FAILED: "#d64541",
    NodeExecutionPhase.FAILING: "#ec8f6a",
    NodeExecutionPhase.TIMED_OUT: "#a0522d",
    NodeExecutionPhase.ABORTED: "#e0a526",
    NodeExecutionPhase.RUNNING: "#3b7dd8",
    NodeExecutionPhase.DYNAMIC_RUNNING: "#7a5fc9",
    NodeExecutionPhase.QUEUED: "#9e9e9e",
    NodeExecutionPhase.SKIPPED: "#cfcfcf",
}
OTHER_COLOUR = "#555555"
QUEUED_COLOUR = "#e3e3e3"


def _matplotlib() -> Any:
    try:
        from matplotlib.figure import Figure
    except ImportError as e:
        raise ImportError("drawing a timeline needs matplotlib: pip install 'flyte_node_models[plot]'") from e
    return Figure


class _Row:
    def __init__(self, label: str, nodes: list[NodeExecution], child: bool) -> None:
        self.label, self.nodes, self.child = label, nodes, child


def _seconds(t: Any, start: Any) -> float:
    return (t - start).total_nanoseconds() / 1e9  # type: ignore[no-any-return]


def _rows(records: list[NodeExecution]) -> tuple[list[_Row], str]:
    """The rows to draw and what was collapsed to make them fit (empty when nothing was)."""
    by_id = {r.id.node_id: r for r in records if r.is_set("id")}
    children: dict[str, list[NodeExecution]] = {}
    top: list[NodeExecution] = []
    for r in records:
        node_id = r.id.node_id if r.is_set("id") else ""
        parent = _parent_of(node_id, by_id)
        (children.setdefault(parent, []) if parent else top).append(r)

    def rows_of(r: NodeExecution, depth: int) -> list[_Row]:
        node_id = r.id.node_id if r.is_set("id") else "?"
        out = [_Row(("  " * (depth - 1) + "└ " if depth else "") + node_id, [r], depth > 0)]
        for c in children.get(node_id, ()):
            out += rows_of(c, depth + 1)
        return out

    rows = [row for r in top for row in rows_of(r, 0)]
    if len(rows) <= MAX_ROWS:
        return rows, ""

    def descendants(node_id: str) -> list[NodeExecution]:
        found = []
        for c in children.get(node_id, ()):
            found += [c, *descendants(c.id.node_id if c.is_set("id") else "")]
        return found

    rows = []
    for r in top:
        rows.append(_Row(r.id.node_id if r.is_set("id") else "?", [r], False))
        below = descendants(r.id.node_id) if r.is_set("id") else []
        if below:
            rows.append(_Row(f"  └ {len(below)} children", below, True))
    said = "children drawn together under their parent"
    if len(rows) > MAX_ROWS:
        per = math.ceil(len(rows) / MAX_ROWS)
        merged = []
        for i in range(0, len(rows), per):
            group = rows[i:i + per]
            nodes = [n for row in group for n in row.nodes]
            tops = [row.label for row in group if not row.child] or [group[0].label.strip()]
            label = tops[0] if len(tops) == 1 else f"{tops[0]}–{tops[-1]}"
            merged.append(_Row(f"{label} ({len(nodes)})", nodes, False))
        rows = merged
        said += f", and up to {per} rows drawn as one"
    return rows, said


def _parent_of(node_id: str, by_id: dict[str, NodeExecution]) -> str | None:
    candidate = node_id
    while (match := CHILD_NODE_ID.match(candidate)) is not None:
        candidate = match["parent"]
        if candidate in by_id:
            return candidate
    return None


def _short(value: Duration) -> str:
    """A duration to the millisecond (to the second past a minute), as the views write durations."""
    ns = value.total_nanoseconds()
    step = 1_000_000_000 if abs(ns) >= 60_000_000_000 else 1_000_000
    return duration(Duration.from_nanoseconds(round(ns / step) * step))


def _created(r: NodeExecution) -> Timestamp:
    assert r.closure.created_at is not None
    return r.closure.created_at


def timeline(records: Iterable[NodeExecution] | NodeExecutionList, *, title: str | None = None) -> Any:
    """A ``matplotlib.figure.Figure`` of the node executions' timeline (see the module's description)."""
    Figure = _matplotlib()
    if isinstance(records, NodeExecutionList):
        records = records.node_executions
    nodes = [r for r in records if r.closure.created_at is not None]
    if not nodes:
        raise ValueError("no node execution with a created_at time to draw")
    nodes.sort(key=_created)
    start = _created(nodes[0])
    rows, collapsed = _rows(nodes)

    height = min(2.0 + 0.28 * len(rows), 24.0)
    figure = Figure(figsize=(12, height), layout="constrained")
    axes = figure.subplots()
    phases_seen: set[Any] = set()
    cache_hits: list[tuple[float, int]] = []
    retries: list[tuple[float, int]] = []
    end = 0.0
    counts: list[tuple[int, int, int, float]] = []  # (row, cache hits, retries, end) of rows of many nodes
    labels: list[tuple[int, float, int, str]] = []  # (row, end, marks, duration) of rows of one node
    for y, row in enumerate(rows):
        hits = retried = 0
        row_end = 0.0
        queued: list[tuple[float, float]] = []
        running: dict[Any, list[tuple[float, float]]] = {}
        if row.child:
            axes.axhspan(y - 0.5, y + 0.5, color="#f4f6fa", zorder=0)
        for r in row.nodes:
            c = r.closure
            assert c is not None and c.created_at is not None
            created = _seconds(c.created_at, start)
            finish = _seconds(c.updated_at, start) if c.updated_at else created
            began = _seconds(c.started_at, start) if c.is_set("started_at") else None  # (else it reads the epoch)
            queued.append((created, (began if began is not None else finish) - created))
            if began is not None:
                done = began + c.duration.total_nanoseconds() / 1e9 if c.is_set("duration") else max(finish, began)
                running.setdefault(c.phase, []).append((began, done - began))
                finish = max(finish, done)
            row_end = max(row_end, finish)
            end = max(end, finish)
            if c.task_node_metadata and c.task_node_metadata.cache_status is CatalogCacheStatus.CACHE_HIT:
                hits += 1
                cache_hits.append((finish, y))
            if r.metadata and r.metadata.retry_group not in ("", "0"):
                retried += 1
                retries.append((finish, y))
        if len(row.nodes) > 1:  # marks would pile up: a row of many says how many instead
            cache_hits = [m for m in cache_hits if m[1] != y]
            retries = [m for m in retries if m[1] != y]
            counts.append((y, hits, retried, row_end))
        elif row.nodes[0].closure.is_set("duration"):
            labels.append((y, row_end, hits + retried, _short(row.nodes[0].closure.duration)))
        axes.broken_barh(queued, (y - 0.3, 0.6), facecolors=QUEUED_COLOUR, edgecolor="none")
        for phase, spans in running.items():
            phases_seen.add(phase)
            alpha = 1.0 if len(row.nodes) == 1 else 0.6
            axes.broken_barh(spans, (y - 0.3, 0.6), facecolors=PHASE_COLOURS.get(phase, OTHER_COLOUR),
                             alpha=alpha, edgecolor="none")
    pad = max(end, 1e-9) * 0.012
    if cache_hits:
        axes.scatter([x + pad for x, _ in cache_hits], [y for _, y in cache_hits], marker="D", s=22,
                     color="#f0b400", edgecolors="#6b5000", linewidths=0.6, zorder=3)
    if retries:
        hit_rows = {y for _, y in cache_hits}
        axes.scatter([x + pad * (3 if y in hit_rows else 1) for x, y in retries], [y for _, y in retries],
                     marker="$↻$", s=60, color="#333333", zorder=3)

    for y, row_end, marks, said in labels if len(rows) <= 40 else ():
        axes.text(row_end + pad * (1 + 2.2 * marks), y, said, va="center", fontsize=7.5, color="#444444")
    for y, hits, retried, row_end in counts:
        said = "  ".join(t for t in (f"◆{hits}" if hits else "", f"↻{retried}" if retried else "") if t)
        if said:
            axes.text(row_end + pad, y, said, va="center", fontsize=7, color="#444444")
    axes.set_yticks(range(len(rows)), [row.label for row in rows], fontsize=8 if len(rows) > 30 else 9)
    axes.set_ylim(len(rows) - 0.5, -0.5)
    axes.set_xlim(0, end * 1.06 + pad * 4)
    axes.set_xlabel(f"seconds since {start.isoformat(timespec='seconds')} (UTC, the first node execution's creation)")
    axes.grid(axis="x", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)

    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles: list[Any] = [Patch(color=QUEUED_COLOUR, label="queued")]
    handles += [Patch(color=PHASE_COLOURS.get(p, OTHER_COLOUR), label=p.name.lower().replace("_", " "))
                for p in sorted(phases_seen)]
    if cache_hits or any(hits for _, hits, _, _ in counts):
        handles.append(Line2D([], [], linestyle="none", marker="D", markersize=5, color="#f0b400",
                              markeredgecolor="#6b5000", label="cache hit"))
    if retries or any(retried for _, _, retried, _ in counts):
        handles.append(Line2D([], [], linestyle="none", marker="$↻$", markersize=8, color="#333333", label="retry"))
    figure.legend(handles=handles, loc="outside right upper", fontsize=8, frameon=False)
    heading = title or f"{len(nodes):,} node executions"
    if collapsed:
        heading += f" in {len(rows)} rows ({collapsed})"
    axes.set_title(heading, fontsize=11, loc="left")
    return figure


def save_timeline(records: Iterable[NodeExecution] | NodeExecutionList, path: str | Path, *,
                  title: str | None = None) -> None:
    """Draw the timeline to ``path``: PNG, SVG or HTML (an SVG in a page), by its suffix."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".png", ".svg", ".html", ".htm"):
        raise ValueError(f"{path}: a timeline is drawn as .png, .svg or .html")
    figure = timeline(records, title=title)
    if suffix in (".png", ".svg"):
        figure.savefig(path, dpi=150)
        return
    svg = io.StringIO()
    figure.savefig(svg, format="svg")
    page = ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Run timeline</title></head>\n"
            f"<body style=\"margin:1em\">\n{svg.getvalue()}\n</body></html>\n")
    path.write_text(page, encoding="utf-8")
