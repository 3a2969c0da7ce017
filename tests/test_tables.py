"""``node_table``: one row per node execution, queried with DuckDB and Polars, checked against the same
figures worked out in Python from the records themselves."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest
import runs

pa = pytest.importorskip("pyarrow")
duckdb = pytest.importorskip("duckdb")
pl = pytest.importorskip("polars")

from flyte_node_models import ConversionError, examples  # noqa: E402
from flyte_node_models.core.catalog import CatalogCacheStatus  # noqa: E402
from flyte_node_models.node_execution import NodeExecution  # noqa: E402
from flyte_node_models.tables import COLUMNS, node_table  # noqa: E402

RECORDS = runs.large_run(3_000)


@pytest.fixture(scope="module")
def table() -> Any:
    return node_table(RECORDS, runs.TASKS)


def quantile(values: list[int], q: float) -> float:
    """The linearly interpolated quantile, as DuckDB's quantile_cont and Polars' "linear" compute it."""
    ordered = sorted(values)
    at = q * (len(ordered) - 1)
    low = math.floor(at)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (at - low)


def expected_phase_counts() -> dict[str, int]:
    return dict(Counter(r.closure.phase.name for r in RECORDS))


def expected_p95() -> dict[str, float]:
    by_task: dict[str, list[int]] = defaultdict(list)
    for r in RECORDS:
        task = runs.TASKS.get(r.metadata.spec_node_id)
        if task is not None and r.closure.is_set("duration"):
            by_task[task.name].append(r.closure.duration.total_nanoseconds())
    return {name: quantile(values, 0.95) for name, values in by_task.items()}


def expected_cache_hit_rate() -> float:
    statuses = [r.closure.task_node_metadata.cache_status for r in RECORDS if r.closure.task_node_metadata]
    return statuses.count(CatalogCacheStatus.CACHE_HIT) / len(statuses)


# ---------------------------------------------------------------------------------------------- DuckDB


def test_duckdb_phase_counts(table: Any) -> None:
    nodes = table  # noqa: F841 - DuckDB reads the Arrow table by its name
    rows = duckdb.sql("SELECT phase, count(*) FROM nodes GROUP BY phase").fetchall()
    assert dict(rows) == expected_phase_counts()


def test_duckdb_p95_duration_per_task(table: Any) -> None:
    nodes = table  # noqa: F841 - DuckDB reads the Arrow table by its name
    rows = duckdb.sql("""
        SELECT task_name, quantile_cont(duration_ns, 0.95) AS p95
        FROM nodes WHERE duration_ns IS NOT NULL AND task_name IS NOT NULL GROUP BY task_name
    """).fetchall()
    got = dict(rows)
    want = expected_p95()
    assert got.keys() == want.keys()
    for name in want:
        assert got[name] == pytest.approx(want[name], rel=1e-12)


def test_duckdb_cache_hit_rate(table: Any) -> None:
    nodes = table  # noqa: F841 - DuckDB reads the Arrow table by its name
    [(rate,)] = duckdb.sql("""
        SELECT avg(CASE WHEN cache_status = 'CACHE_HIT' THEN 1 ELSE 0 END)
        FROM nodes WHERE cache_status IS NOT NULL
    """).fetchall()
    assert rate == pytest.approx(expected_cache_hit_rate(), rel=1e-12)


# ---------------------------------------------------------------------------------------------- Polars


def test_polars_phase_counts(table: Any) -> None:
    df = pl.from_arrow(table)
    counts = df.group_by("phase").len()
    assert dict(zip(counts["phase"], counts["len"], strict=True)) == expected_phase_counts()


def test_polars_p95_duration_per_task(table: Any) -> None:
    df = pl.from_arrow(table).drop_nulls(["duration_ns", "task_name"])
    p95 = df.group_by("task_name").agg(pl.col("duration_ns").quantile(0.95, interpolation="linear"))
    got = dict(zip(p95["task_name"], p95["duration_ns"], strict=True))
    want = expected_p95()
    assert got.keys() == want.keys()
    for name in want:
        assert got[name] == pytest.approx(want[name], rel=1e-12)


def test_polars_cache_hit_rate(table: Any) -> None:
    df = pl.from_arrow(table).drop_nulls("cache_status")
    rate = df.select((pl.col("cache_status") == "CACHE_HIT").mean()).item()
    assert rate == pytest.approx(expected_cache_hit_rate(), rel=1e-12)


def test_polars_keeps_nanoseconds(table: Any) -> None:
    df = pl.from_arrow(table)
    queued = df.select((pl.col("started_at") - pl.col("created_at")).dt.total_nanoseconds()).to_series().to_list()
    want = [(c.started_at - c.created_at).total_nanoseconds() if c.is_set("started_at") else None
            for c in (r.closure for r in RECORDS)]
    assert queued == want


# ----------------------------------------------------------------------------------------- the columns


def test_columns_of_the_example_run() -> None:
    table = node_table(examples.example_run())
    assert table.column_names == list(COLUMNS)
    assert table.schema.field("created_at").type == pa.timestamp("ns", "UTC")
    rows = {row["node_id"]: row for row in table.cast(pa.schema(
        [f.with_type(pa.int64()) if pa.types.is_timestamp(f.type) else f for f in table.schema])).to_pylist()}
    n0, n4 = examples.cached_node(), examples.failed_node()
    assert rows["n0"]["cache_status"] == "CACHE_HIT"
    assert rows["n0"]["task_name"] == n0.closure.task_node_metadata.catalog_key.source_task_execution.task_id.name
    assert rows["n0"]["duration_ns"] == n0.closure.duration.total_nanoseconds()
    s, n = n0.closure.started_at.to_parts()
    assert rows["n0"]["started_at"] == s * 1_000_000_000 + n
    assert rows["n0"]["execution_name"] == examples.EXECUTION.name
    n4_error = (rows["n4"]["phase"], rows["n4"]["error_kind"], rows["n4"]["error_code"])
    assert n4_error == ("FAILED", "USER", n4.closure.error.code)
    assert rows["n4"]["error_message"] == n4.closure.error.message
    assert rows["n2"]["deck_uri"] == examples.outputs_node().closure.deck_uri
    assert rows["n3"]["output_uri"] == examples.workflow_node().closure.output_uri
    assert rows["n1"]["parent_node_id"] is None


def test_parents_and_tasks_of_a_large_run(table: Any) -> None:
    rows = table.select(["node_id", "parent_node_id", "task_name", "spec_node_id"]).to_pylist()
    for record, row in zip(RECORDS, rows, strict=True):
        node_id = record.id.node_id
        assert row["parent_node_id"] == (node_id.split("-0-")[0] if "-0-" in node_id else None)
        task = runs.TASKS.get(record.metadata.spec_node_id)
        assert row["task_name"] == (task.name if task else None)


def test_parent_is_the_nearest_parent_among_the_records() -> None:
    def node(node_id: str, parent: bool = False) -> NodeExecution:
        return NodeExecution.from_dict({"id": {"nodeId": node_id}, "metadata": {"isParentNode": parent}})

    xs = [node("n1", True), node("n1-0-dn2", True), node("n1-0-dn2-0-n0"), node("end-node"), node("a-1-b-0-c")]
    assert node_table(xs).column("parent_node_id").to_pylist() == [None, "n1", "n1-0-dn2", None, "a-1-b"]


def test_only_node_executions() -> None:
    with pytest.raises(ConversionError) as e:
        node_table([examples.cached_node(), examples.dynamic_node_data()])
    assert e.value.path == "[1]"


# ------------------------------------------------------------------------------------------ the README

README = Path(__file__).parent.parent / "README.md"


def readme_blocks() -> list[str]:
    """The ``py`` examples of the README's "Tables and pictures" section."""
    text = README.read_text()
    section = text[text.index("## Tables and pictures"):]
    section = section[:section.index("\n## ", 3)]
    return re.findall(r"^```py\n(.*?)^```", section, re.M | re.S)


def test_readme_examples_run(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("matplotlib")
    monkeypatch.chdir(tmp_path)
    blocks = readme_blocks()
    assert len(blocks) == 4
    namespace: dict[str, object] = {"__name__": "readme"}
    for block in blocks:
        if "LocalCluster" in block:
            continue  # the same pattern as tests/test_dask.py, which runs a cluster once
        exec(compile(block.replace("/tmp/", f"{tmp_path}/"), str(README), "exec"), namespace)  # noqa: S102
