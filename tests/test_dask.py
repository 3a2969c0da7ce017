"""Records through a distributed engine: a Dask cluster of two worker processes turns a bag of wire-byte
blobs into records and into Arrow, and a dataframe aggregation over the result equals the local one.

Records cross processes as they are: pickled, which is their wire bytes (``Entity.__reduce__``).
"""

from __future__ import annotations

from typing import Any

import pytest
import runs

pytest.importorskip("pyarrow")
dask = pytest.importorskip("dask")
pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

import dask.bag as db  # noqa: E402
import dask.dataframe as dd  # noqa: E402
import pyarrow as pa  # noqa: E402

from flyte_node_models.converters import arrow  # noqa: E402
from flyte_node_models.node_execution import NodeExecution  # noqa: E402
from flyte_node_models.tables import node_table  # noqa: E402

NODES = 10_000
PARTITIONS = 8
#: How long the cluster may take to start and to answer, on a busy 2-core machine.
TIMEOUT = 180


def frame(records: list[NodeExecution]) -> Any:
    """A partition's node table as pandas, which Dask dataframes are made of."""
    return node_table(records, runs.TASKS).to_pandas()


def gather(client: Any, futures: list[Any]) -> list[Any]:
    distributed.wait(futures, timeout=TIMEOUT)
    return client.gather(futures)  # type: ignore[no-any-return]


def table_of(records: list[NodeExecution]) -> Any:
    """A partition's records as an Arrow table of the Arrow format."""
    return arrow.to_table(records, NodeExecution)


def aggregate(df: Any) -> Any:
    """Per task and phase: how many node executions, their total and longest duration."""
    grouped = df.groupby(["task_name", "phase"], observed=True)["duration_ns"]
    return grouped.agg(["count", "sum", "max"])


@pytest.fixture(scope="module")
def client() -> Any:
    with dask.config.set({"distributed.comm.timeouts.connect": f"{TIMEOUT}s", "distributed.worker.daemon": False}):
        cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                           worker_dashboard_address=None, timeout=TIMEOUT)
        try:
            with distributed.Client(cluster, timeout=TIMEOUT) as c:
                c.wait_for_workers(2, timeout=TIMEOUT)
                yield c
        finally:
            cluster.close(timeout=TIMEOUT)


def test_workers_turn_blobs_into_records_and_arrow(client: Any) -> None:
    records = runs.large_run(NODES)
    blobs = [r.to_bytes() for r in records]

    bag = db.from_sequence(blobs, npartitions=PARTITIONS).map(NodeExecution.from_bytes)  # records, on the workers
    parts = bag.map_partitions(frame).to_delayed()
    meta = frame(records[:1]).iloc[:0]
    df = dd.from_delayed(parts, meta=meta)
    distributed_result = client.compute(aggregate(df)).result(timeout=TIMEOUT)

    local = aggregate(frame(records))
    assert distributed_result.sort_index().equals(local.sort_index())
    assert int(distributed_result["count"].sum()) == int(local["count"].sum()) > 0

    # Arrow tables as partitions, gathered: the records come back whole
    tables = gather(client, client.compute(bag.map_partitions(table_of).to_delayed()))
    assert len(tables) == PARTITIONS
    assert arrow.from_table(pa.concat_tables(tables), NodeExecution) == records


def test_records_pickle_as_wire_bytes(client: Any) -> None:
    records = runs.large_run(50)
    back = gather(client, client.scatter(records))
    assert back == records
    assert records[0].__reduce__()[1] == (NodeExecution, records[0].to_bytes())
