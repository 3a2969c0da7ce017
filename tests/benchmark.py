"""Speed and memory of flyte_node_models against its references, measured in one run on the same records.

References: protobuf's ``json_format`` and ``text_format`` working on the flyteidl message, and flytekit's
models (``flytekit.models.node_execution``) built from the same message. Every number is the median of
several repeats (this machine is noisy); a ratio is the reference's median time over ours, so higher is
better. A target is met when every record meets it on its own. This is a report: it always exits 0.

Run it as ``tox -e bench`` (flytekit is installed in that environment only) or ``python tests/benchmark.py``.
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import os
import platform
import statistics
import subprocess
import sys
import time
import traceback
import tracemalloc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import google.protobuf
from flyteidl.admin import node_execution_pb2
from google.protobuf import json_format, text_format
from google.protobuf.internal import api_implementation

import flyte_node_models
from flyte_node_models import node_execution

try:
    import flytekit
    from flytekit.models import node_execution as fk_node_execution
except ImportError:  # the report says so; the other references still run
    flytekit = None
    fk_node_execution = None

# ------------------------------------------------------------------------------------------- records
# What Flyte Admin returns for three nodes of one run, and a dynamic node's compiled workflow.

RUN_NAME = "f8a3b1c2d4e5f6a7b8c9"  # the run's execution name; memory is measured on records of distinct runs
_RUN = f'project: "flytesnacks" domain: "development" name: "{RUN_NAME}"'
_PREFIX = f"s3://my-s3-bucket/metadata/propeller/flytesnacks-development-{RUN_NAME}"

CACHED_TASK_NODE = f"""
id {{ node_id: "n0" execution_id {{ {_RUN} }} }}
input_uri: "{_PREFIX}/n0/data/inputs.pb"
closure {{
  phase: SUCCEEDED
  started_at {{ seconds: 1732694400 nanos: 123456789 }}
  duration {{ seconds: 2 nanos: 345678901 }}
  output_uri: "{_PREFIX}/n0/data/0/outputs.pb"
  created_at {{ seconds: 1732694399 nanos: 987654321 }}
  updated_at {{ seconds: 1732694402 nanos: 469135690 }}
  task_node_metadata {{
    cache_status: CACHE_HIT
    catalog_key {{
      dataset_id {{
        resource_type: DATASET project: "flytesnacks" domain: "development"
        name: "flyte_task-workflows.example.square" version: "1.0-Hx3JqcPr-4bdc5ee8"
      }}
      artifact_tag {{ artifact_id: "2b7e1516-28ae-4d2a-a6ab-f7158809cf4f" name: "flyte_cached-Sq1vQxq7Bz4" }}
      source_task_execution {{
        task_id {{
          resource_type: TASK project: "flytesnacks" domain: "development"
          name: "workflows.example.square" version: "v1"
        }}
        node_execution_id {{ node_id: "n0" execution_id {{
          project: "flytesnacks" domain: "development" name: "a0c4e3b1f29d8e7c6b5a"
        }} }}
      }}
    }}
    checkpoint_uri: "{_PREFIX}/n0/0/_flytecheckpoints"
  }}
  deck_uri: "{_PREFIX}/n0/data/0/deck.html"
}}
metadata {{ retry_group: "0" spec_node_id: "n0" }}
"""

FAILED_NODE = f"""
id {{ node_id: "n1" execution_id {{ {_RUN} }} }}
input_uri: "{_PREFIX}/n1/data/inputs.pb"
closure {{
  phase: FAILED
  started_at {{ seconds: 1732694403 nanos: 5000 }}
  duration {{ seconds: 41 nanos: 999999999 }}
  error {{
    code: "USER:ValueError"
    message: "Traceback (most recent call last):\\n  File \\"workflows/example.py\\", line 12, in divide\\n"
             "    raise ValueError(\\"b must not be 0\\")\\nValueError: b must not be 0"
    error_uri: "{_PREFIX}/n1/data/2/error.pb"
    kind: USER
    timestamp {{ seconds: 1732694444 nanos: 999999999 }}
    worker: "{RUN_NAME}-n1-2"
  }}
  created_at {{ seconds: 1732694402 nanos: 600000001 }}
  updated_at {{ seconds: 1732694445 nanos: 4999 }}
  task_node_metadata {{ cache_status: CACHE_DISABLED checkpoint_uri: "{_PREFIX}/n1/2/_flytecheckpoints" }}
}}
metadata {{ retry_group: "2" spec_node_id: "n1" }}
"""

WORKFLOW_NODE = f"""
id {{ node_id: "n2" execution_id {{ {_RUN} }} }}
input_uri: "{_PREFIX}/n2/data/inputs.pb"
closure {{
  phase: SUCCEEDED
  started_at {{ seconds: 1732694403 nanos: 250000000 }}
  duration {{ seconds: 95 nanos: 1 }}
  output_uri: "{_PREFIX}/n2/data/0/outputs.pb"
  workflow_node_metadata {{
    executionId {{ project: "flytesnacks" domain: "development" name: "b7d9e1f3a5c7e9b1d3f5" }}
  }}
  created_at {{ seconds: 1732694402 nanos: 700000000 }}
  updated_at {{ seconds: 1732694498 nanos: 250000001 }}
}}
metadata {{ is_parent_node: true spec_node_id: "n2" }}
"""


def _task_id(name: str) -> str:
    return f'resource_type: TASK project: "flytesnacks" domain: "development" name: "{name}" version: "v1"'


def _int_var(name: str, collection: bool = False) -> str:
    literal_type = "collection_type { simple: INTEGER }" if collection else "simple: INTEGER"
    return f'variables {{ key: "{name}" value {{ type {{ {literal_type} }} description: "{name}" }} }}'


def _int_binding(var: str, value: int) -> str:
    return f'inputs {{ var: "{var}" binding {{ scalar {{ primitive {{ integer: {value} }} }} }} }}'


def _task_node(node_id: str, task: str, inputs: str, upstream: Sequence[str] = ()) -> str:
    ups = " ".join(f'upstream_node_ids: "{u}"' for u in upstream)
    return f"""nodes {{
      id: "{node_id}"
      metadata {{ name: "{task.rsplit(".", 1)[-1]}" timeout {{}} retries {{}} }}
      {inputs}
      {ups}
      task_node {{ reference_id {{ {_task_id(task)} }} }}
    }}"""


def _compiled_task(name: str, inputs: str, outputs: str) -> str:
    return f"""tasks {{ template {{
      id {{ {_task_id(name)} }}
      type: "python-task"
      metadata {{
        discoverable: true
        runtime {{ type: FLYTE_SDK version: "1.16.0" flavor: "python" }}
        timeout {{ seconds: 600 }}
        retries {{ retries: 3 }}
        discovery_version: "1.0"
        interruptible: true
      }}
      interface {{ inputs {{ {inputs} }} outputs {{ {outputs} }} }}
      container {{
        image: "cr.flyte.org/flyteorg/flytekit:py3.11-1.16.0"
        args: "pyflyte-execute" args: "--inputs" args: "{{{{.input}}}}" args: "--output-prefix"
        args: "{{{{.outputPrefix}}}}" args: "--resolver"
        args: "flytekit.core.python_auto_container.default_task_resolver"
        args: "--" args: "task-module" args: "workflows.dynamic" args: "task-name" args: "{name.rsplit(".", 1)[-1]}"
        resources {{
          requests {{ name: CPU value: "500m" }} requests {{ name: MEMORY value: "1Gi" }}
          limits {{ name: CPU value: "1" }} limits {{ name: MEMORY value: "2Gi" }}
        }}
        env {{ key: "FLYTE_INTERNAL_IMAGE" value: "cr.flyte.org/flyteorg/flytekit:py3.11-1.16.0" }}
      }}
    }} }}"""


DYNAMIC_NODE = f"""
id {{
  resource_type: WORKFLOW project: "flytesnacks" domain: "development"
  name: "workflows.dynamic.fan_out" version: "v1"
}}
compiled_workflow {{
  primary {{
    template {{
      id {{
        resource_type: WORKFLOW project: "flytesnacks" domain: "development"
        name: "workflows.dynamic.fan_out" version: "v1"
      }}
      metadata {{}}
      interface {{ inputs {{ {_int_var("n")} }} outputs {{ {_int_var("o0", collection=True)} }} }}
      nodes {{ id: "start-node" }}
      nodes {{
        id: "end-node"
        inputs {{ var: "o0" binding {{ promise {{ node_id: "dn3" var: "o0" }} }} }}
        upstream_node_ids: "dn3"
      }}
      {_task_node("dn0", "workflows.dynamic.square", _int_binding("x", 1))}
      {_task_node("dn1", "workflows.dynamic.square", _int_binding("x", 2))}
      {_task_node("dn2", "workflows.dynamic.square", _int_binding("x", 3))}
      {_task_node("dn3", "workflows.dynamic.collect",
                  'inputs { var: "xs" binding { collection {'
                  ' bindings { promise { node_id: "dn0" var: "o0" } }'
                  ' bindings { promise { node_id: "dn1" var: "o0" } }'
                  ' bindings { promise { node_id: "dn2" var: "o0" } } } } }',
                  upstream=("dn0", "dn1", "dn2"))}
      outputs {{ var: "o0" binding {{ promise {{ node_id: "dn3" var: "o0" }} }} }}
      metadata_defaults {{}}
    }}
    connections {{
      downstream {{ key: "start-node" value {{ ids: "dn0" ids: "dn1" ids: "dn2" }} }}
      downstream {{ key: "dn0" value {{ ids: "dn3" }} }}
      downstream {{ key: "dn1" value {{ ids: "dn3" }} }}
      downstream {{ key: "dn2" value {{ ids: "dn3" }} }}
      downstream {{ key: "dn3" value {{ ids: "end-node" }} }}
      upstream {{ key: "dn0" value {{ ids: "start-node" }} }}
      upstream {{ key: "dn1" value {{ ids: "start-node" }} }}
      upstream {{ key: "dn2" value {{ ids: "start-node" }} }}
      upstream {{ key: "dn3" value {{ ids: "dn0" ids: "dn1" ids: "dn2" }} }}
      upstream {{ key: "end-node" value {{ ids: "dn3" }} }}
    }}
  }}
  {_compiled_task("workflows.dynamic.square", _int_var("x"), _int_var("o0"))}
  {_compiled_task("workflows.dynamic.collect", _int_var("xs", collection=True), _int_var("o0", collection=True))}
}}
dynamic_job_spec_uri: "{_PREFIX}/n3/data/0/futures.pb"
"""


@dataclass
class Record:
    """One record under test: its protobuf message, and our and flytekit's classes for it."""

    label: str
    source: str  # the message in text format
    ours: Any  # the flyte_node_models entity class
    reference: Any  # the flytekit model class, or None without flytekit
    pb_class: Any

    def __post_init__(self) -> None:
        self.message = text_format.Parse(self.source, self.pb_class())
        self.as_dict = json_format.MessageToDict(self.message)
        self.as_text = text_format.MessageToString(self.message)

    def of_other_runs(self, n: int) -> list[Any]:
        """``n`` messages of this record as other runs would have it: the same but for the run's name."""
        return [text_format.Parse(self.source.replace(RUN_NAME, f"r{i:019x}"), self.pb_class()) for i in range(n)]


def _records(pb_class: Any, ours: Any, ref_name: str, texts: dict[str, str]) -> list[Record]:
    ref = getattr(fk_node_execution, ref_name) if fk_node_execution else None
    return [Record(label, text, ours, ref, pb_class) for label, text in texts.items()]


NODE_RECORDS = _records(node_execution_pb2.NodeExecution, node_execution.NodeExecution, "NodeExecution", {
    "cached task node": CACHED_TASK_NODE,
    "failed node": FAILED_NODE,
    "workflow node": WORKFLOW_NODE,
})
DYNAMIC_RECORDS = _records(
    node_execution_pb2.DynamicWorkflowNodeMetadata, node_execution.DynamicWorkflowNodeMetadata,
    "DynamicWorkflowNodeMetadata", {"dynamic node": DYNAMIC_NODE},
)

# ------------------------------------------------------------------------------------------- timing


def _timer(fn: Callable[[Any], Any], arg: Any) -> Callable[[int], float]:
    def run(number: int) -> float:
        loop = range(number)
        with _no_gc():
            start = time.perf_counter()
            for _ in loop:
                fn(arg)
            return time.perf_counter() - start

    return run


@contextmanager
def _no_gc() -> Iterator[None]:
    """The cyclic collector off, as ``timeit`` has it: its pauses depend on the whole heap, not the code timed."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _fresh_timer(make: Callable[[], Any], fn: Callable[[Any], Any]) -> Callable[[int], float]:
    """A timer calling ``fn`` once on each of ``number`` objects made beforehand (for cached results)."""

    def run(number: int) -> float:
        pool = [make() for _ in range(number)]
        with _no_gc():
            start = time.perf_counter()
            for x in pool:
                fn(x)
            return time.perf_counter() - start

    return run


@dataclass
class Op:
    """One measured operation: ours and the reference's way of doing it to a record."""

    name: str
    reference: str  # what it is compared with
    target: float | None  # required ratio (reference time / our time); None for information only
    ours: Callable[[Record], Callable[[int], float]]
    theirs: Callable[[Record], Callable[[int], float]]
    needs_flytekit: bool = False


def _ours(r: Record) -> Any:
    return r.ours.from_flyte_idl(r.message)


def _theirs(r: Record) -> Any:
    return r.reference.from_flyte_idl(r.message)


OPS = [
    Op("record -> dict", "json_format.MessageToDict", 10,
       lambda r: _timer(type(_ours(r)).to_dict, _ours(r)),
       lambda r: _timer(json_format.MessageToDict, r.message)),
    Op("dict -> record", "json_format.ParseDict", 10,
       lambda r: _timer(r.ours.from_dict, r.as_dict),
       lambda r: _timer(lambda d: json_format.ParseDict(d, type(r.message)()), r.as_dict)),
    Op("record -> text", "text_format.MessageToString", 2,
       lambda r: _timer(type(_ours(r)).to_text, _ours(r)),
       lambda r: _timer(text_format.MessageToString, r.message)),
    Op("text -> record", "text_format.Parse", None,
       lambda r: _timer(r.ours.from_text, r.as_text),
       lambda r: _timer(lambda t: text_format.Parse(t, type(r.message)()), r.as_text)),
    Op("from_flyte_idl", "flytekit from_flyte_idl", 2,
       lambda r: _timer(r.ours.from_flyte_idl, r.message),
       lambda r: _timer(r.reference.from_flyte_idl, r.message), needs_flytekit=True),
    Op("to_flyte_idl", "flytekit to_flyte_idl", 2,
       lambda r: _timer(type(_ours(r)).to_flyte_idl, _ours(r)),
       lambda r: _timer(type(_theirs(r)).to_flyte_idl, _theirs(r)), needs_flytekit=True),
    Op("hash, first call", "flytekit __hash__", 10,
       lambda r: _fresh_timer(lambda: _ours(r), hash),
       lambda r: _fresh_timer(lambda: _theirs(r), hash), needs_flytekit=True),
    Op("hash, again", "flytekit __hash__", 10,
       lambda r: _timer(hash, _hashed(_ours(r))),
       lambda r: _timer(hash, _hashed(_theirs(r))), needs_flytekit=True),
    Op("== equal copy", "flytekit __eq__", 10,
       lambda r: _timer(_ours(r).__eq__, _ours(r)),
       lambda r: _timer(_theirs(r).__eq__, _theirs(r)), needs_flytekit=True),
]


def _hashed(x: Any) -> Any:
    hash(x)
    return x


# ------------------------------------------------------------------------------------------- streams
# A run's worth of plain node executions (ids, times, URIs and metadata, no literals) as one NodeExecutionList.


def stream_messages(n: int) -> list[Any]:
    """``n`` plain node executions of one run: their own node ids, URIs, times and cache statuses."""
    base = text_format.Parse(CACHED_TASK_NODE, node_execution_pb2.NodeExecution())
    base.closure.task_node_metadata.ClearField("catalog_key")  # plain: a cache status, no catalog entry
    out = []
    for i in range(n):
        m = node_execution_pb2.NodeExecution()
        m.CopyFrom(base)
        node = f"n{i}"
        m.id.node_id = m.metadata.spec_node_id = node
        m.input_uri = f"{_PREFIX}/{node}/data/inputs.pb"
        c = m.closure
        c.output_uri = f"{_PREFIX}/{node}/data/0/outputs.pb"
        c.deck_uri = f"{_PREFIX}/{node}/data/0/deck.html"
        c.task_node_metadata.checkpoint_uri = f"{_PREFIX}/{node}/0/_flytecheckpoints"
        c.task_node_metadata.cache_status = i % 4
        for t in (c.started_at, c.created_at, c.updated_at):
            t.seconds += i * 7
            t.nanos = (t.nanos + i * 1_000_003) % 1_000_000_000
        c.duration.seconds = i % 600
        out.append(m)
    return out


def measure_streams(n: int, repeats: int) -> list[Row]:
    """Whole-list operations on ``n`` node executions, each timed once per repeat (medians)."""
    import io

    from flyte_node_models import streams

    messages = stream_messages(n)
    wire = node_execution_pb2.NodeExecutionList(node_executions=messages).SerializeToString()
    records = [node_execution.NodeExecution.from_flyte_idl(m) for m in messages]
    sink = io.BytesIO()
    streams.write_jsonl(records, sink)
    lines = sink.getvalue()
    text_lines = lines.decode().splitlines()

    def bytes_to_jsonl_ours() -> None:
        streams.write_jsonl_from_bytes(wire, io.BytesIO())

    def bytes_to_jsonl_theirs() -> None:
        out = io.BytesIO()
        for m in node_execution_pb2.NodeExecutionList.FromString(wire).node_executions:
            out.write(json_format.MessageToJson(m).encode() + b"\n")

    def jsonl_to_records_ours() -> None:
        list(streams.read_jsonl(io.BytesIO(lines), node_execution.NodeExecution))

    def jsonl_to_records_theirs() -> None:
        [json_format.Parse(line, node_execution_pb2.NodeExecution()) for line in text_lines]

    cases = [
        ("wire -> JSON lines", "MessageToJson per record", 5, bytes_to_jsonl_ours, bytes_to_jsonl_theirs),
        ("JSON lines -> recs", "json_format.Parse", 8, jsonl_to_records_ours, jsonl_to_records_theirs),
        ("record -> dict", "json_format.MessageToDict", 10,
         lambda: [r.to_dict() for r in records], lambda: [json_format.MessageToDict(m) for m in messages]),
    ]
    rows = []
    for name, reference, target, ours, theirs in cases:
        row = Row(name, reference, target, section="streams")
        try:
            ours()
        except Exception as e:
            row.problem = f"{type(e).__name__}: {e}"
            rows.append(row)
            continue
        t_ours, t_theirs = [], []
        for _ in range(repeats):
            for fn, times in ((ours, t_ours), (theirs, t_theirs)):
                with _no_gc():
                    start = time.perf_counter()
                    fn()
                    times.append((time.perf_counter() - start) / n)
        row.ours, row.theirs = statistics.median(t_ours), statistics.median(t_theirs)
        row.worst = row.theirs / row.ours
        rows.append(row)
    return rows


# ------------------------------------------------------------------------------------------- memory


def bytes_per_record(make: Callable[[Any], Any], messages: Sequence[Any]) -> float:
    """Bytes that live records made from ``messages`` hold, nested objects included, per record (tracemalloc)."""
    make(messages[0])  # warm: generated code and caches are not a record's cost
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        kept = [make(m) for m in messages]
        gc.collect()
        after = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    del kept
    return (after - before) / len(messages)


# ------------------------------------------------------------------------------------------- report


@dataclass
class Row:
    op: str
    reference: str
    target: float | None
    ours: float = 0.0  # seconds per call, summed over the records
    theirs: float = 0.0
    worst: float = float("inf")  # the smallest per-record ratio
    problem: str = ""
    notes: list[str] = field(default_factory=list)
    section: str = ""

    @property
    def ratio(self) -> float:
        return self.theirs / self.ours if self.ours else float("nan")

    @property
    def verdict(self) -> str:
        if self.problem:
            return "n/a"
        if self.target is None:
            return "info"
        return "MET" if self.worst >= self.target else "NOT MET"


def measure(op: Op, records: Sequence[Record], repeats: int, min_time: float) -> Row:
    row = Row(op.name, op.reference, op.target)
    if op.needs_flytekit and flytekit is None:
        row.problem = "flytekit is not installed"
        return row
    for r in records:
        try:
            ours, theirs = op.ours(r), op.theirs(r)
            ours(1)
        except Exception as e:  # a format still being built, or broken: the report says which
            row.problem = f"{r.label}: {type(e).__name__}: {e}"
            return row
        # Alternate ours and theirs within each repeat so that drift on the machine hits both alike.
        n_ours = _calibrate(ours, min_time)
        n_theirs = _calibrate(theirs, min_time)
        t_ours, t_theirs = [], []
        for _ in range(repeats):
            t_ours.append(ours(n_ours) / n_ours)
            t_theirs.append(theirs(n_theirs) / n_theirs)
        m_ours, m_theirs = statistics.median(t_ours), statistics.median(t_theirs)
        row.ours += m_ours
        row.theirs += m_theirs
        row.worst = min(row.worst, m_theirs / m_ours)
        row.notes.append(f"{r.label} {m_theirs / m_ours:.1f}x")
    return row


def _calibrate(run: Callable[[int], float], min_time: float) -> int:
    number = 1
    while (elapsed := run(number)) < min_time:
        number = max(number * 2, int(number * min_time / max(elapsed, 1e-9) * 1.2))
    return number


def _us(seconds: float) -> str:
    return f"{seconds * 1e6:10.2f}"


def print_table(title: str, rows: Sequence[Row]) -> None:
    print(f"\n{title}")
    print(f"{'operation':<18} {'reference':<28} {'ours us':>10} {'ref us':>10} {'ratio':>7} {'worst':>7}"
          f" {'target':>7}  result")
    for row in rows:
        target = f">={row.target:g}x" if row.target else "-"
        if row.problem:
            print(f"{row.op:<18} {row.reference:<28} {'':>10} {'':>10} {'':>7} {'':>7} {target:>7}  n/a: {row.problem}")
            continue
        print(f"{row.op:<18} {row.reference:<28} {_us(row.ours)} {_us(row.theirs)} {row.ratio:6.1f}x"
              f" {row.worst:6.1f}x {target:>7}  {row.verdict}")


@dataclass
class Memory:
    """Bytes per record, ours and flytekit's, for each record of a section: the whole heap a record keeps
    (judged, where malloc can tell) and the Python objects it holds (tracemalloc)."""

    label: str
    ours: list[float] = field(default_factory=list)  # Python objects (tracemalloc)
    theirs: list[float] = field(default_factory=list)
    heap_ours: list[float] = field(default_factory=list)  # the whole heap; empty where malloc cannot tell
    heap_theirs: list[float] = field(default_factory=list)
    problem: str = ""
    target: float = 0.5  # ours may take at most this share of flytekit's, record by record

    @property
    def by_heap(self) -> bool:
        return len(self.heap_ours) == len(self.ours) > 0

    @property
    def shares(self) -> list[float]:
        """Ours over flytekit's, record by record, by the judged measure."""
        ours, theirs = (self.heap_ours, self.heap_theirs) if self.by_heap else (self.ours, self.theirs)
        return [o / t for o, t in zip(ours, theirs, strict=True)]

    @property
    def worst_share(self) -> float:
        return max(self.shares)

    @property
    def met(self) -> bool:
        return not self.problem and self.worst_share <= self.target


def measure_memory(label: str, records: Sequence[Record], n: int, heap: dict[tuple[str, str], float]) -> Memory:
    mem = Memory(label)
    if flytekit is None:
        mem.problem = "flytekit is not installed"
        return mem
    for r in records:
        messages = r.of_other_runs(n)
        try:
            mem.ours.append(bytes_per_record(r.ours.from_flyte_idl, messages))
        except Exception as e:
            mem.problem = f"{r.label}: {type(e).__name__}: {e}"
            return mem
        mem.theirs.append(bytes_per_record(r.reference.from_flyte_idl, messages))
        if (r.label, "ours") in heap and (r.label, "flytekit") in heap:
            mem.heap_ours.append(heap[r.label, "ours"])
            mem.heap_theirs.append(heap[r.label, "flytekit"])
    return mem


def print_memory(sections: Sequence[tuple[Sequence[Record], Memory]]) -> None:
    print("\nmemory per record, each record from its own run's message (records share only what runs share)")
    print("  whole heap: malloc's bytes in use per record, Python's and protobuf's, in a child process (judged:"
          " a flytekit NodeExecution keeps its protobuf message, whose memory Python's tracer does not see)")
    print("  python objects: tracemalloc, the bytes of the Python objects a record holds, nested ones included")
    print(f"{'record':<18} {'heap: ours B':>12} {'flytekit B':>11} {'ours/ref':>9} {'target':>7}  {'result':<8}"
          f"  {'objects: ours B':>15} {'flytekit B':>11} {'ours/ref':>9}")
    for records, mem in sections:
        if mem.problem:
            print(f"{mem.label:<18} n/a: {mem.problem}")
            continue
        for i, r in enumerate(records):
            share = mem.shares[i]
            verdict = "MET" if share <= mem.target else "NOT MET"
            if mem.by_heap:
                line = f"{r.label:<18} {mem.heap_ours[i]:12,.0f} {mem.heap_theirs[i]:11,.0f} {share:9.2f}"
            else:
                line = f"{r.label:<18} {'n/a (needs glibc; objects judged)':>34}"
            line += f" {'<=' + str(mem.target):>7}  {verdict:<8}"
            line += f"  {mem.ours[i]:15,.0f} {mem.theirs[i]:11,.0f} {mem.ours[i] / mem.theirs[i]:9.2f}"
            print(line)


def heap_per_record(n: int) -> dict[tuple[str, str], float]:
    """Whole-heap bytes per record, ours and flytekit's, measured in a child process whose every allocation,
    Python's and protobuf's, goes through malloc; empty where malloc cannot tell (not glibc)."""
    env = {**os.environ, "PYTHONMALLOC": "malloc"}
    try:
        done = subprocess.run([sys.executable, __file__, "--heap-probe", str(n)], env=env, capture_output=True,
                              text=True, timeout=600)
    except (OSError, subprocess.SubprocessError):
        return {}
    out = {}
    for line in done.stdout.splitlines():
        label, side, size = line.split("\t")
        out[label, side] = float(size)
    return out


def _heap_probe(n: int) -> None:
    """The child of :func:`heap_per_record`: for each record and side, the heap that ``n`` records keep once the
    messages they were made from are dropped."""
    try:
        mallinfo2 = ctypes.CDLL("libc.so.6").mallinfo2
    except (OSError, AttributeError):
        return

    class MallInfo2(ctypes.Structure):
        _fields_ = [(name, ctypes.c_size_t) for name in
                    ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks",
                     "keepcost")]

    mallinfo2.restype = MallInfo2

    def in_use() -> int:
        info = mallinfo2()
        return int(info.uordblks + info.hblkhd)

    for r in NODE_RECORDS + DYNAMIC_RECORDS:
        for side, make in (("ours", r.ours.from_flyte_idl), ("flytekit", r.reference.from_flyte_idl)):
            make(r.message)
            gc.collect()
            before = in_use()
            messages = r.of_other_runs(n)
            kept = [make(m) for m in messages]
            del messages
            gc.collect()
            print(f"{r.label}\t{side}\t{(in_use() - before) / n}", flush=True)
            del kept


def check_fidelity(records: Sequence[Record]) -> tuple[list[str], list[str]]:
    """What our records get wrong about the messages (a fast converter that loses data proves nothing),
    and which checks wait for a format still being built."""
    problems, pending = [], []
    for r in records:
        try:
            checks = _fidelity_checks(r)
        except Exception as e:
            problems.append(f"{r.label}: from_flyte_idl(m): {type(e).__name__}: {e}")
            continue
        for what, check in checks:
            try:
                if not check():
                    problems.append(f"{r.label}: {what} does not hold")
            except NotImplementedError:
                pending.append(f"{r.label}: {what}")
            except Exception as e:
                problems.append(f"{r.label}: {what}: {type(e).__name__}: {e}")
    return problems, pending


def _fidelity_checks(r: Record) -> list[tuple[str, Callable[[], bool]]]:
    rec = r.ours.from_flyte_idl(r.message)
    return [
        ("to_flyte_idl(from_flyte_idl(m)) == m", lambda: bool(rec.to_flyte_idl() == r.message)),
        ("to_dict() == MessageToDict(m)", lambda: bool(rec.to_dict() == r.as_dict)),
        ("from_dict(MessageToDict(m)) == record", lambda: bool(r.ours.from_dict(r.as_dict) == rec)),
        ("to_text() == MessageToString(m)", lambda: bool(rec.to_text() == r.as_text)),
        ("from_text(MessageToString(m)) == record", lambda: bool(r.ours.from_text(r.as_text) == rec)),
    ]


# ------------------------------------------------------------------------------ the Flyte Admin client
# Node executions per second from the test Flyte Admin (tests/admin_server.py, in a process of its own on
# 127.0.0.1): a run's whole tree (every parent's children, paged by 100) fetched by our client, concurrently
# and one call at a time, beside flytekit's SynchronousFlyteClient walking the same tree page by page.


def _walk_with_flytekit(fk_client: Any, execution: Any, parent: str | None = None) -> int:
    from flytekit.clients.helpers import iterate_node_executions

    count = 0
    for node in iterate_node_executions(fk_client, execution, sort_by=None, unique_parent_id=parent):
        count += 1
        m = node.metadata
        if m is not None and (m.is_parent_node or m.is_dynamic or m.is_array):
            count += _walk_with_flytekit(fk_client, execution, node.id.node_id)
    return count


def measure_admin_client(top: int, repeats: int) -> None:
    print("\nFlyte Admin client: a run's node executions from the test Admin server (another process,"
          " 127.0.0.1, pages of 100), node executions per second (median)")
    try:
        from flyte_node_models.client import AdminClient
    except ImportError as e:
        print(f"  not measured: {e}")
        return
    server = subprocess.Popen([sys.executable, os.path.join(os.path.dirname(__file__), "admin_server.py"),
                               "--top", str(top)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        endpoint, name, nodes = server.stdout.readline().split()  # type: ignore[union-attr]
        project, domain, run = name.split("/")

        def ours(concurrency: int) -> Callable[[], int]:
            def fetch() -> int:
                with AdminClient(endpoint, insecure=True, concurrency=concurrency) as admin:
                    return sum(1 for _ in admin.all_node_executions(name, page_size=100))
            return fetch

        def protobuf_only() -> int:  # the same calls, no records: what the server and gRPC allow
            import grpc
            from flyteidl.service.admin_pb2_grpc import AdminServiceStub

            with grpc.insecure_channel(endpoint) as channel:
                stub, count, parents = AdminServiceStub(channel), 0, [""]
                while parents:
                    request = node_execution_pb2.NodeExecutionListRequest(limit=100, unique_parent_id=parents.pop())
                    request.workflow_execution_id.project, request.workflow_execution_id.domain = project, domain
                    request.workflow_execution_id.name = run
                    while True:
                        page = stub.ListNodeExecutions(request, timeout=30)
                        count += len(page.node_executions)
                        parents += [n.id.node_id for n in page.node_executions if n.metadata.is_parent_node]
                        if not page.token:
                            break
                        request.token = page.token
                return count

        ways: list[tuple[str, Callable[[], int]]] = [
            ("flyte_node_models AdminClient, 8 calls at a time", ours(8)),
            ("flyte_node_models AdminClient, 1 call at a time", ours(1)),
            ("flyteidl's stub alone, 1 call at a time (no records)", protobuf_only),
        ]
        if flytekit is not None:
            from flytekit.clients.friendly import SynchronousFlyteClient
            from flytekit.configuration import PlatformConfig
            from flytekit.models.core.identifier import WorkflowExecutionIdentifier

            def theirs() -> int:
                fk_client = SynchronousFlyteClient(PlatformConfig(endpoint=endpoint, insecure=True))
                try:
                    return _walk_with_flytekit(fk_client, WorkflowExecutionIdentifier(project, domain, run))
                finally:
                    fk_client._channel.close()
            ways.append(("flytekit SynchronousFlyteClient, list_node_executions", theirs))
        rates = {}
        for label, fetch in ways:
            times = []
            for _ in range(repeats):
                t0 = time.perf_counter()
                got = fetch()
                times.append(time.perf_counter() - t0)
                if got != int(nodes):
                    raise AssertionError(f"{label} fetched {got} node executions of {nodes}")
            rates[label] = int(nodes) / statistics.median(times)
            print(f"  {label:<56} {rates[label]:>9,.0f} /s  ({nodes} in {statistics.median(times):.2f} s)")
        if flytekit is None:
            print("  flytekit: NOT INSTALLED (tox -e bench installs it)")
        else:
            reference = rates[ways[-1][0]]
            print("  ratio to flytekit: " + ", ".join(f"{rates[label] / reference:.1f}x {label}"
                                                    for label, _ in ways[:2]))
    finally:
        server.stdin.close()  # type: ignore[union-attr]
        server.wait(timeout=30)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15, help="timed repeats per operation (median is quoted)")
    parser.add_argument("--min-time", type=float, default=0.02, help="seconds each repeat lasts at least")
    parser.add_argument("--memory-records", type=int, default=1000, help="records built per memory measurement")
    parser.add_argument("--per-record", action="store_true", help="print each record's ratio under the tables")
    parser.add_argument("--stream-nodes", type=int, default=10_000, help="node executions of the stream measurements")
    parser.add_argument("--admin-top", type=int, default=180,
                        help="top-level nodes of the run the Admin client fetches (180: 3,042 nodes)")
    parser.add_argument("--only", choices=("streams",), help="measure only this section")
    parser.add_argument("--heap-probe", type=int, help=argparse.SUPPRESS)  # the child of heap_per_record
    args = parser.parse_args(argv)
    if args.heap_probe:
        _heap_probe(args.heap_probe)
        return 0

    started = time.perf_counter()
    print("flyte_node_models benchmark: ratio = reference time / our time (median of"
          f" {args.repeats} repeats); 'worst' = the smallest per-record ratio, which must meet the target")
    print(f"python {platform.python_version()}, protobuf {google.protobuf.__version__} ({api_implementation.Type()}),"
          f" flytekit {flytekit.__version__ if flytekit else 'NOT INSTALLED'},"
          f" flyte_node_models from {flyte_node_models.__file__}")

    problems, pending = check_fidelity(NODE_RECORDS + DYNAMIC_RECORDS) if args.only is None else ([], [])
    if args.only is not None:
        print(f"only the {args.only} section")
    elif problems:
        print("fidelity: PROBLEMS\n  " + "\n  ".join(problems))
    else:
        print("fidelity: every record round-trips through protobuf and matches protobuf's dict and text"
              + (f" (not checked, format not built: {len(pending)} checks)" if pending else ""))

    sections = [
        ("nodes", "node executions: " + ", ".join(r.label for r in NODE_RECORDS) + " (times summed over the three)",
         NODE_RECORDS),
        ("dynamic", "dynamic node: DynamicWorkflowNodeMetadata with a compiled workflow (6 nodes, 2 tasks)",
         DYNAMIC_RECORDS),
    ] if args.only is None else []
    all_rows = []
    for section, title, records in sections:
        rows = [measure(op, records, args.repeats, args.min_time) for op in OPS]
        for row in rows:
            row.section = section
        all_rows += rows
        print_table(title, rows)
        if args.per_record:
            for row in rows:
                if row.notes:
                    print(f"  {row.op}: {', '.join(row.notes)}")

    stream_rows = measure_streams(args.stream_nodes, args.repeats)
    all_rows += stream_rows
    print_table(f"streams: {args.stream_nodes:,} plain node executions (ids, times, URIs, metadata) of one"
                " NodeExecutionList, per record", stream_rows)

    memory = []
    if args.only is None:
        heap = heap_per_record(args.memory_records) if flytekit else {}
        memory = [(records, measure_memory(label, records, args.memory_records, heap))
                  for label, records in (("node executions", NODE_RECORDS), ("dynamic node", DYNAMIC_RECORDS))]
        print_memory(memory)
        measure_admin_client(args.admin_top, max(3, args.repeats // 5))

    judged = [r for r in all_rows if r.verdict in ("MET", "NOT MET")]
    missed = [f"{r.section} {r.op} ({r.worst:.1f}x < {r.target:g}x)" for r in judged if r.verdict == "NOT MET"]
    measured_memory = [m for _, m in memory if not m.problem]
    missed += [f"memory of {m.label} ({m.worst_share:.2f} of flytekit's {'heap' if m.by_heap else 'objects'})"
               for m in measured_memory if not m.met]
    skipped = [f"{r.section} {r.op}" for r in all_rows if r.problem]
    skipped += [f"{m.label} memory" for _, m in memory if m.problem]
    total = len(judged) + len(measured_memory)
    print(f"\nsummary: {total - len(missed)} of {total} targets met"
          + (f"; NOT MET: {', '.join(missed)}" if missed else "")
          + (f"; not measured: {', '.join(skipped)}" if skipped else "")
          + ("; FIDELITY PROBLEMS (see above)" if problems else ""))
    print(f"took {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    try:
        main()
    except Exception:  # a report: say what broke it, and still exit 0
        traceback.print_exc()
        print("REPORT INCOMPLETE: the benchmark stopped on the error above")
    sys.exit(0)
