"""Speed and size of the Arrow format against protarrow, measured in one run on the same node executions.

Ours turns records into a table and a table back into records; protarrow turns the same records' protobuf
messages into a table and back. protarrow refuses recursive messages (``Literal`` in a node's
``output_data``) unless told to prune them (``skip_recursive_messages``), which it is here so that it can
run at all; it also refuses a ``LiteralMap`` and a compiled workflow outright, which the report shows.
Every time is the median of several repeats; a ratio is protarrow's median over ours (higher is better).
This is a report: it always exits 0.

Run it as ``tox -e bench`` (protarrow is installed in that environment only) or
``python tests/benchmark_arrow.py [--nodes N] [--repeats R]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa

sys.path.insert(0, str(Path(__file__).parent))

import runs

from flyte_node_models import examples
from flyte_node_models.converters import arrow
from flyte_node_models.core.compiler import CompiledWorkflowClosure
from flyte_node_models.literals import LiteralMap
from flyte_node_models.node_execution import NodeExecution

try:
    import protarrow
except ImportError:
    protarrow = None

TARGET = 3.0  # how many times faster than protarrow each direction should be


def median_seconds(work: Callable[[], Any], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)

    records = runs.large_run(args.nodes)
    records[0] = examples.outputs_node()  # one node with its outputs inline: literals, recursive
    print(f"{len(records):,} NodeExecution records; times are medians of {args.repeats} repeats\n")

    arrow.to_table(records[:10])  # first use generates the functions: not what is measured
    arrow.from_table(arrow.to_table(records[:10]), NodeExecution)
    ours_table = arrow.to_table(records)
    assert arrow.from_table(ours_table, NodeExecution) == records
    ours_write = median_seconds(lambda: arrow.to_table(records), args.repeats)
    ours_read = median_seconds(lambda: arrow.from_table(ours_table, NodeExecution), args.repeats)

    rows = [("records -> table", ours_write), ("table -> records", ours_read)]
    if protarrow is None:
        print("protarrow is not installed (tox -e bench installs it): our times only\n")
        for name, ours in rows:
            print(f"  {name:18} ours {ours * 1e3:9.1f} ms")
        print(f"  table size in memory: ours {ours_table.nbytes / 1e6:.1f} MB")
        return 0

    pb = NodeExecution.PROTO
    messages = [r.to_flyte_idl() for r in records]
    config = protarrow.ProtarrowConfig(enum_type=pa.dictionary(pa.int32(), pa.string()), skip_recursive_messages=True)
    theirs_table = protarrow.messages_to_table(messages, pb, config)
    theirs_write = median_seconds(lambda: protarrow.messages_to_table(messages, pb, config), args.repeats)
    theirs_read = median_seconds(lambda: protarrow.table_to_messages(theirs_table, pb), args.repeats)

    print(f"  {'':18} {'ours':>10} {'protarrow':>10} {'ratio':>7}  target {TARGET:g}x")
    for (name, ours), theirs in zip(rows, (theirs_write, theirs_read), strict=True):
        ratio = theirs / ours
        verdict = "met" if ratio >= TARGET else "NOT met"
        print(f"  {name:18} {ours * 1e3:7.1f} ms {theirs * 1e3:7.1f} ms {ratio:6.2f}x  {verdict}")
    print(f"\n  table size in memory: ours {ours_table.nbytes / 1e6:.1f} MB, "
          f"protarrow's {theirs_table.nbytes / 1e6:.1f} MB (ours keeps the literals protarrow prunes)")
    back = protarrow.table_to_messages(theirs_table, pb)
    lost = sum(1 for m, b in zip(messages, back, strict=True) if m != b)
    print(f"  protarrow's round trip changed {lost:,} of {len(messages):,} messages; ours changed none\n")

    print("Recursive messages, without pruning:")
    recursive = ((LiteralMap, examples.evaluated_outputs()), (CompiledWorkflowClosure, examples.dynamic_workflow()))
    for cls, value in recursive:
        try:
            protarrow.messages_to_table([value.to_flyte_idl()], cls.PROTO)
            said = "accepted"
        except (TypeError, RecursionError, ValueError) as e:
            said = f"refused: {type(e).__name__}: {str(e)[:80]}"
        ours_ok = arrow.from_table(arrow.to_table([value]), cls) == [value]
        print(f"  {cls.__name__:24} protarrow {said}; ours {'round-trips it' if ours_ok else 'FAILED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
