"""The run summary: one pass over node executions in any input form, by parent; exact on a run of
100,000 node executions through the command line."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import attrs
import pytest

from flyte_node_models import ConversionError, examples
from flyte_node_models.core.catalog import CatalogCacheStatus
from flyte_node_models.core.execution import ErrorKind, ExecutionError, NodeExecutionPhase
from flyte_node_models.core.identifier import NodeExecutionIdentifier, WorkflowExecutionIdentifier
from flyte_node_models.node_execution import (
    NodeExecution,
    NodeExecutionClosure,
    NodeExecutionList,
    NodeExecutionMetaData,
    TaskNodeMetadata,
)
from flyte_node_models.summary import UNKNOWN_PARENT, summarize
from flyte_node_models.wellknown import Duration, Timestamp

RUN = examples.example_run()
EXECUTION = WorkflowExecutionIdentifier(project="flytesnacks", domain="development", name="r3kq8x2mfw9tzl4c7pvn")


def node(node_id: str, spec: str, attempt: str = "", *, phase: NodeExecutionPhase = NodeExecutionPhase.SUCCEEDED,
         start: int = 0, seconds: int = 1, cache: CatalogCacheStatus | None = None,
         error: ExecutionError | None = None) -> NodeExecution:
    return NodeExecution(
        id=NodeExecutionIdentifier(node_id=node_id, execution_id=EXECUTION),
        closure=NodeExecutionClosure(
            phase=phase, started_at=Timestamp.from_parts(1_714_564_800 + start, 0),
            duration=Duration(seconds=seconds), error=error,
            task_node_metadata=None if cache is None else TaskNodeMetadata(cache_status=cache),
        ),
        metadata=NodeExecutionMetaData(retry_group=attempt, spec_node_id=spec),
    )


def test_the_example_run() -> None:
    s = summarize([RUN])
    d = s.to_dict()
    assert d["node_executions"] == 5
    assert d["phases"] == {"SUCCEEDED": 4, "FAILED": 1}
    assert d["cache_statuses"] == {"CACHE_DISABLED": 2, "CACHE_HIT": 1, "CACHE_POPULATED": 1}
    assert [x["node_id"] for x in d["slowest"]] == ["n1", "n3", "n2", "n4", "n0"]
    assert d["slowest"][0]["duration"] == "734.501920113s"
    assert d["failed_count"] == 1
    failed = d["failed"][0]
    assert (failed["node_id"], failed["kind"], failed["code"]) == ("n4", "USER", "USER:ValueError")
    # a Python traceback's first line says nothing: its last line is the message
    assert failed["message"] == "ValueError: accuracy 0.9431 is below the deployment threshold 0.95"
    assert (d["started_at"], d["ended_at"]) == ("2024-05-01T12:00:01.212345678Z", "2024-05-01T12:14:08.413989563Z")
    assert d["wall_clock"] == "847.201643885s"
    assert [g["parent"] for g in d["by_parent"]] == [None]
    json.dumps(d)  # plain JSON
    report = s.report()
    assert "node executions: 5" in report and "wall clock: 14m07.201643885s" in report
    assert "n4  FAILED  USER USER:ValueError: ValueError: accuracy 0.9431" in report


def test_records_pages_and_pairs_are_all_taken() -> None:
    nodes = list(RUN.node_executions)
    one = summarize(nodes).to_dict()
    assert summarize([RUN]).to_dict() == one
    assert summarize((None, n) for n in nodes).to_dict() == one
    with pytest.raises(ConversionError, match="expected node executions"):
        summarize([examples.dynamic_node_data()])


def test_children_are_counted_under_their_parent() -> None:
    nodes = [
        node("n0", "n0", cache=CatalogCacheStatus.CACHE_HIT, seconds=30),
        node("n1", "n1", seconds=100),
        node("n1-0-dn0", "dn0", "0", cache=CatalogCacheStatus.CACHE_MISS, seconds=5),
        node("n1-1-dn0", "dn0", "1", phase=NodeExecutionPhase.FAILED, seconds=7,
             error=ExecutionError(code="USER:OOM", message="\n  killed: out of memory\nmore", kind=ErrorKind.SYSTEM)),
        node("n1-1-dn0-0-t1", "t1", "0", phase=NodeExecutionPhase.TIMED_OUT, seconds=2),
        node("f3b1c0d9e8a7f6e5d4c3", "dn7", "2"),  # a hashed child id: its parent cannot be told
    ]
    s = summarize(nodes, slowest=2)
    groups = {g["parent"]: g for g in s.to_dict()["by_parent"]}
    assert set(groups) == {None, "n1", "n1-1-dn0", UNKNOWN_PARENT}
    assert groups[None]["node_executions"] == 2 and groups["n1"]["node_executions"] == 2
    assert groups["n1"]["phases"] == {"SUCCEEDED": 1, "FAILED": 1}
    assert groups["n1"]["cache_statuses"] == {"CACHE_MISS": 1}
    assert (groups["n1"]["retried_node_executions"], groups["n1"]["retries"]) == (1, 1)
    assert groups["n1"]["failed"] == [{"node_id": "n1-1-dn0", "parent": "n1", "phase": "FAILED", "kind": "SYSTEM",
                                       "code": "USER:OOM", "message": "killed: out of memory"}]
    assert groups["n1-1-dn0"]["failed"][0]["phase"] == "TIMED_OUT"
    assert [x["node_id"] for x in groups[None]["slowest"]] == ["n1", "n0"]
    run = s.to_dict()
    assert run["node_executions"] == 6 and run["failed_count"] == 2 and run["retries"] == 1 + 2
    assert [x["node_id"] for x in run["slowest"]] == ["n1", "n0"]
    # a given parent wins over the one told by the node id
    given = summarize([("n0", nodes[2])]).to_dict()
    assert given["by_parent"][0]["parent"] == "n0"
    assert "children of n1" in s.report()


def test_what_a_node_lacks_is_not_made_up() -> None:
    bare = NodeExecution()
    d = summarize([bare, attrs.evolve(bare, closure=NodeExecutionClosure())]).to_dict()
    assert d["node_executions"] == 2 and d["phases"] == {"UNDEFINED": 2} and d["cache_statuses"] == {}
    assert d["wall_clock"] is None and d["slowest"] == [] and d["failed"] == []


def test_ties_keep_the_first_seen_and_failures_are_bounded() -> None:
    nodes = [node(f"n{i}", f"n{i}", phase=NodeExecutionPhase.FAILED, seconds=10) for i in range(30)]
    d = summarize(nodes, slowest=3, failed=4).to_dict()
    assert [x["node_id"] for x in d["slowest"]] == ["n0", "n1", "n2"]
    assert d["failed_count"] == 30 and [x["node_id"] for x in d["failed"]] == ["n0", "n1", "n2", "n3"]


# ------------------------------------------------------------------------------------ 100,000 nodes


PHASES = ["SUCCEEDED"] * 6 + ["FAILED", "RUNNING", "QUEUED", "SKIPPED", "ABORTED", "TIMED_OUT", "RECOVERED"]
CACHES = ["CACHE_DISABLED", "CACHE_MISS", "CACHE_HIT", "CACHE_POPULATED", "CACHE_LOOKUP_FAILURE", "CACHE_SKIPPED"]


def generated_run(n: int, seed: int = 9) -> tuple[list[str], dict[str, Any]]:
    """JSON lines of ``n`` node executions (parents, children to depth 3, retries, failures, cache statuses),
    and what a summary must find in them, counted here as they are made."""
    rnd = random.Random(seed)
    execution = {"project": "flytesnacks", "domain": "development", "name": "r3kq8x2mfw9tzl4c7pvn"}
    phases: Counter[str] = Counter()
    caches: Counter[str] = Counter()
    by_parent: Counter[str | None] = Counter()
    failed = 0
    attempts: dict[str | None, int] = {}  # a parent's retries: its children's highest attempt
    first, last = 10**12, 0
    parents: list[tuple[str, int]] = []  # (node id, depth)
    lines = []
    for i in range(n):
        if parents and rnd.random() < 0.8:
            parent, depth = parents[rnd.randrange(len(parents))]
            attempt = rnd.choice("0001")
            spec = f"n{rnd.randrange(40)}"
            node_id = f"{parent}-{attempt}-{spec}"
        else:
            parent, depth, attempt, spec = None, -1, "", f"n{i}"
            node_id = spec
        if depth < 2 and len(parents) < 2000 and rnd.random() < 0.02:
            parents.append((node_id, depth + 1))
        phase = PHASES[rnd.randrange(len(PHASES))]
        start_ms = ((10 + i % 10) * 3600 + i % 60 * 60) * 1000 + i % 1000  # of the day
        end_ms = start_ms + i % 3600 * 1000 + 500
        first, last = min(first, start_ms), max(last, end_ms)
        closure: dict[str, Any] = {"phase": phase, "duration": f"{i % 3600}.5s", "updatedAt": "2024-05-01T23:00:00Z",
                                   "startedAt": f"2024-05-01T{10 + i % 10:02d}:{i % 60:02d}:00.{i % 1000:03d}Z"}
        if phase == "FAILED":
            closure["error"] = {"code": "USER:ValueError", "message": f"bad input {i}\ntraceback", "kind": "USER"}
        elif rnd.random() < 0.9:
            cache = CACHES[rnd.randrange(len(CACHES))]
            closure["taskNodeMetadata"] = {"cacheStatus": cache} if cache != "CACHE_DISABLED" else {}
            caches[cache] += 1
        phases[phase] += 1
        by_parent[parent] += 1
        failed += phase in ("FAILED", "TIMED_OUT")
        attempts[parent] = max(attempts.get(parent, 0), int(attempt or 0))
        record = {"id": {"nodeId": node_id, "executionId": execution}, "inputUri": f"s3://bucket/{node_id}/inputs.pb",
                  "closure": closure, "metadata": {"retryGroup": attempt, "specNodeId": spec}}
        lines.append(json.dumps(record))
    expected = {"node_executions": n, "phases": dict(phases), "cache_statuses": dict(caches),
                "failed_count": failed, "retries": sum(attempts.values()), "by_parent": dict(by_parent),
                "started_at": _time_of_day(first), "ended_at": _time_of_day(last)}
    return lines, expected


def _time_of_day(ms: int) -> str:
    seconds, ms = divmod(ms, 1000)
    text = f"2024-05-01T{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
    return text + (f".{ms:03d}Z" if ms else "Z")


def run_cli(*argv: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "flyte_node_models", *argv], input=stdin, capture_output=True,
                          timeout=300)


def test_summary_json_is_exact_on_a_run_of_100000_node_executions(tmp_path: Path) -> None:
    lines, expected = generated_run(100_000)
    path = tmp_path / "run.jsonl"
    path.write_text("\n".join(lines) + "\n")
    done = run_cli("summary", str(path), "--json")
    assert done.returncode == 0, done.stderr.decode()
    got = json.loads(done.stdout)
    for key in ("node_executions", "phases", "cache_statuses", "failed_count", "retries", "started_at", "ended_at"):
        assert got[key] == expected[key], key
    assert {g["parent"]: g["node_executions"] for g in got["by_parent"]} == expected["by_parent"]
    assert got["slowest"][0]["duration"] == "3599.5s"


@pytest.mark.parametrize("form", ["jsonl", "array", "list-json", "list-binary", "list-text", "details"])
def test_summary_reads_every_input_form(tmp_path: Path, form: str) -> None:
    nodes = RUN.node_executions
    page = NodeExecutionList(node_executions=nodes)
    data = {
        "jsonl": "".join(json.dumps(n.to_dict()) + "\n" for n in nodes).encode(),
        "array": json.dumps([n.to_dict() for n in nodes], indent="\t").encode(),
        "list-json": json.dumps(page.to_dict(), indent=2).encode(),
        "list-binary": page.to_bytes(),
        "list-text": page.to_text().encode(),
        "details": json.dumps([{"node_exec": n.to_dict(), "task_execs": []} for n in nodes]).encode(),
    }[form]
    path = tmp_path / "input"
    path.write_bytes(data)
    expected = summarize([RUN]).to_dict()
    done = run_cli("summary", str(path), "--json")
    assert done.returncode == 0, done.stderr.decode()
    assert json.loads(done.stdout) == expected
    piped = run_cli("summary", "-", stdin=data)
    assert piped.returncode == 0 and piped.stdout.decode() == summarize([RUN]).report()


def test_summary_of_a_bad_stream_names_the_record(tmp_path: Path) -> None:
    lines = [json.dumps(n.to_dict()) for n in RUN.node_executions]
    lines[1] = lines[1].replace('"phase":"SUCCEEDED"', '"phase":"EXPLODED"').replace(
        '"phase": "SUCCEEDED"', '"phase": "EXPLODED"')
    done = run_cli("summary", "-", stdin="\n".join(lines).encode())
    assert done.returncode == 1 and done.stdout == b""
    err = done.stderr.decode()
    assert "line 2: closure.phase:" in err and "Traceback" not in err and len(err.splitlines()) == 1


@pytest.mark.parametrize("slowest", ["-3", "many"])
def test_summary_refuses_a_count_that_is_no_count(slowest: str) -> None:
    done = run_cli("summary", "-", "--slowest", slowest, stdin=b"")
    assert done.returncode == 2 and b"--slowest: expected a whole number, 0 or more" in done.stderr
    assert b"Traceback" not in done.stderr
