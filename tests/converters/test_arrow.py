"""The Arrow format: every entity type round-trips through Arrow tables, record batches and Parquet files,
and the schema says what a person or a query engine needs: nanosecond timestamps, enum names, oneof
members, JSON text, wire bytes below recursion."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from typing import Any

import fixtures
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import ENTITY_CLASSES, class_id, messages

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

from flyte_node_models import ConversionError, Entity  # noqa: E402
from flyte_node_models.converters import arrow  # noqa: E402
from flyte_node_models.core.execution import NodeExecutionPhase  # noqa: E402
from flyte_node_models.literals import Literal, LiteralCollection, LiteralMap, Primitive, Scalar  # noqa: E402
from flyte_node_models.node_execution import NodeExecution, NodeExecutionClosure  # noqa: E402
from flyte_node_models.wellknown import Duration, FrozenDict, Timestamp  # noqa: E402


def records(cls: type[Entity]) -> st.SearchStrategy[list[Any]]:
    return st.lists(messages(cls).map(cls.from_flyte_idl), max_size=3)


@pytest.mark.parametrize("cls", ENTITY_CLASSES, ids=class_id)
@given(data=st.data())
def test_every_type_round_trips_through_arrow(cls: type[Entity], data: st.DataObject) -> None:
    xs = data.draw(records(cls))
    table = arrow.to_table(xs, cls)
    table.validate(full=True)
    assert table.num_rows == len(xs)
    assert table.schema.equals(arrow.schema(cls), check_metadata=True)
    assert arrow.from_table(table, cls) == xs
    assert list(arrow.from_batches(arrow.to_batches(iter(xs), cls, batch_size=2), cls)) == xs


#: A Parquet file costs about a second per thousand columns (a compiled workflow's schema has thousands):
#: a quarter of the profile's examples go through one.
PARQUET_EXAMPLES = max(2, settings().max_examples // 4)


@pytest.mark.parametrize("cls", ENTITY_CLASSES, ids=class_id)
@settings(max_examples=PARQUET_EXAMPLES)
@given(data=st.data())
def test_every_type_round_trips_through_parquet(
    cls: type[Entity], data: st.DataObject, tmp_path_factory: pytest.TempPathFactory
) -> None:
    xs = data.draw(records(cls))
    path = tmp_path_factory.mktemp("parquet") / f"{cls.__name__}.parquet"
    arrow.write_parquet(xs, path, cls)
    assert arrow.read_parquet(path, cls) == xs


def test_realistic_nodes_round_trip_through_parquet(tmp_path: Any) -> None:
    xs = [make() for make in fixtures.NODES]
    arrow.write_parquet(xs, tmp_path / "nodes.parquet")
    assert arrow.read_parquet(tmp_path / "nodes.parquet", NodeExecution) == xs
    # pyarrow's own reader gives the same table
    read = pq.read_table(tmp_path / "nodes.parquet")
    assert read.equals(arrow.to_table(xs)) and read.schema.metadata == arrow.schema(NodeExecution).metadata


# --------------------------------------------------------------------------------------------- the schema


def column_type(schema: Any, path: str) -> Any:
    return column_field(schema, path).type


def column_field(schema: Any, path: str) -> Any:
    first, *rest = path.split(".")
    f = schema.field(first)
    for name in rest:
        f = f.type.field(name)
    return f


def test_schema_is_readable() -> None:
    s = arrow.schema(NodeExecution)
    assert s.names == ["id", "input_uri", "closure", "metadata"]
    assert s.metadata == {b"flyte.message": b"flyteidl.admin.NodeExecution"}
    assert column_type(s, "closure.started_at") == pa.timestamp("ns", "UTC")
    assert column_type(s, "closure.duration") == pa.duration("ns")
    assert column_type(s, "closure.duration_parts") == pa.struct([("seconds", pa.int64()), ("nanos", pa.int32())])
    assert column_type(s, "closure.phase") == pa.dictionary(pa.int32(), pa.string())
    assert column_field(s, "closure.phase").metadata == {b"flyte.enum": b"flyteidl.core.NodeExecution.Phase"}
    assert column_field(s, "closure").metadata == {b"flyte.message": b"flyteidl.admin.NodeExecutionClosure"}
    which = column_field(s, "closure.output_result")
    assert which.metadata == {b"flyte.oneof": b"output_uri,error,output_data"}
    closure = column_type(s, "closure")
    names = [f.name for f in closure]
    assert names.index("output_result") < names.index("output_uri")  # the member set, before the members
    assert column_type(s, "closure.output_data.literals").key_type == pa.string()


def test_recursive_types_are_wire_bytes_below_the_recursion() -> None:
    s = arrow.schema(Literal)
    literals = column_field(s, "collection.literals")
    assert literals.type == pa.list_(pa.binary())
    assert literals.metadata == {b"flyte.message": b"flyteidl.core.Literal", b"flyte.encoding": b"protobuf"}
    assert column_type(s, "map.literals") == pa.map_(pa.string(), pa.binary())
    # one level down the values are still columns
    assert column_type(s, "scalar.primitive.integer") == pa.int64()

    value = Literal(collection=LiteralCollection(literals=(
        Literal(scalar=Scalar(primitive=Primitive(integer=7))),
        Literal(collection=LiteralCollection(literals=(Literal(scalar=Scalar(primitive=Primitive(string_value="x"))),))),
    )))
    table = arrow.to_table([value])
    stored = table.column("collection").combine_chunks().field("literals").to_pylist()[0]
    assert [Literal.from_bytes(b) for b in stored] == list(value.collection.literals)
    assert arrow.from_table(table, Literal) == [value]


def test_enum_names_and_unknown_numbers() -> None:
    known = NodeExecution(closure=NodeExecutionClosure(phase=NodeExecutionPhase.SUCCEEDED))
    unknown = NodeExecution(closure=NodeExecutionClosure(phase=NodeExecutionPhase(99)))
    table = arrow.to_table([known, unknown])
    phases = table.column("closure").combine_chunks().field("phase")
    assert pa.types.is_dictionary(phases.type)
    assert phases.to_pylist() == ["SUCCEEDED", "99"]
    back = arrow.from_table(table, NodeExecution)
    assert back == [known, unknown]
    assert back[1].closure.phase == 99 and not back[1].closure.phase.is_known


def test_unset_and_empty_sub_messages_stay_apart() -> None:
    xs = [NodeExecution(), NodeExecution(closure=NodeExecutionClosure()), NodeExecution(input_uri="s3://x")]
    table = arrow.to_table(xs)
    assert table.column("closure").is_null().to_pylist() == [True, False, True]
    assert arrow.from_table(table, NodeExecution) == xs


def test_oneof_column_says_which_member_is_set() -> None:
    xs = [NodeExecution(closure=NodeExecutionClosure(output_uri="s3://o")),
          NodeExecution(closure=NodeExecutionClosure()),
          NodeExecution(closure=NodeExecutionClosure(output_data=LiteralMap()))]
    closure = arrow.to_table(xs).column("closure").combine_chunks()
    assert closure.field("output_result").to_pylist() == ["output_uri", None, "output_data"]
    assert closure.field("output_uri").to_pylist() == ["s3://o", None, None]


TIMES = [
    Timestamp.from_parts(-62_135_596_800, 0),  # 0001-01-01T00:00:00Z
    Timestamp.from_parts(253_402_300_799, 999_999_999),  # 9999-12-31T23:59:59.999999999Z
    Timestamp.from_parts(1_714_564_800, 123_456_789),
    Timestamp.from_parts(-9_223_372_037, 145_224_192),  # the first instant int64 nanoseconds hold
    Timestamp.from_parts(-9_223_372_037, 145_224_191),  # one before it
]
DURATIONS = [
    Duration.from_parts(315_576_000_000, 999_999_999), Duration.from_parts(-315_576_000_000, -999_999_999),
    Duration.from_parts(12, 640_772_905), Duration.from_nanoseconds(2**63 - 1), Duration.from_nanoseconds(2**63),
]


def test_timestamps_and_durations_beyond_int64_nanoseconds(tmp_path: Any) -> None:
    xs = [NodeExecution(closure=NodeExecutionClosure(started_at=t, duration=d))
          for t, d in zip(TIMES, DURATIONS, strict=True)]
    closure = arrow.to_table(xs).column("closure").combine_chunks()
    assert closure.field("started_at").is_null().to_pylist() == [True, True, False, False, True]
    assert closure.field("started_at_parts").is_null().to_pylist() == [False, False, True, True, False]
    assert closure.field("started_at_parts").to_pylist()[0] == {"seconds": -62_135_596_800, "nanos": 0}
    assert closure.field("duration").is_null().to_pylist() == [True, True, False, False, True]
    assert closure.field("started_at").cast(pa.int64()).to_pylist()[2] == 1_714_564_800_123_456_789
    arrow.write_parquet(xs, tmp_path / "times.parquet")
    assert arrow.read_parquet(tmp_path / "times.parquet", NodeExecution) == xs


def test_parquet_keeps_durations_through_the_arrow_schema(tmp_path: Any) -> None:
    xs = [fixtures.NODES[0]()]
    arrow.write_parquet(xs, tmp_path / "d.parquet")
    # Parquet itself has no duration type: the column is int64 ...
    parquet_schema = pq.ParquetFile(tmp_path / "d.parquet").schema
    assert parquet_schema.column(parquet_schema.names.index("duration")).physical_type == "INT64"
    # ... and the Arrow schema kept in the file restores it
    assert column_type(pq.read_schema(tmp_path / "d.parquet"), "closure.duration") == pa.duration("ns")
    assert arrow.read_parquet(tmp_path / "d.parquet", NodeExecution) == xs


def test_json_values_are_readable_json_and_keep_nan() -> None:
    generic = FrozenDict({"a": 1.5, "nan": math.nan, "inf": -math.inf, "t": True, "l": (None, "x"),
                          "d": FrozenDict()})
    x = Literal(scalar=Scalar(generic=generic))
    text = arrow.to_table([x]).column("scalar").combine_chunks().field("generic").to_pylist()[0]
    loaded = json.loads(text)
    assert loaded["a"] == 1.5 and math.isnan(loaded["nan"]) and loaded["inf"] == -math.inf
    assert loaded["l"] == [None, "x"] and loaded["t"] is True
    assert arrow.from_table(arrow.to_table([x]), Literal) == [x]


# ------------------------------------------------------------------------------------------ engines' tables


def test_a_table_of_other_types_is_cast_to_the_schema() -> None:
    xs = [make() for make in fixtures.NODES]
    table = arrow.to_table(xs)
    columns = zip(table.column_names, table.columns, strict=True)
    # as an engine might give it back: no dictionaries at the top, columns reordered
    plain = pa.table({name: (c.cast(pa.string()) if pa.types.is_dictionary(c.type) else c) for name, c in columns})
    plain = plain.select(list(reversed(plain.column_names)))
    assert arrow.from_table(plain, NodeExecution) == xs


def test_bad_tables_are_refused_naming_the_column() -> None:
    good = arrow.to_table([fixtures.NODES[0]()])
    with pytest.raises(ConversionError, match="no column closure"):
        arrow.from_table(good.drop_columns(["closure"]), NodeExecution)
    with pytest.raises(ConversionError, match="unknown column extra"):
        arrow.from_table(good.append_column("extra", pa.array([1])), NodeExecution)
    with pytest.raises(ConversionError) as e:
        arrow.from_table(good.set_column(1, "input_uri", pa.array([[1]])), NodeExecution)
    assert e.value.path == "input_uri"
    with pytest.raises(ConversionError) as e:
        arrow.from_table(good.set_column(1, "input_uri", pa.array([None], pa.string())), NodeExecution)
    assert e.value.path == "[0].input_uri" and "null" in e.value.reason


def set_closure_field(table: Any, name: str, values: Any) -> Any:
    closure = table.column("closure").combine_chunks()
    fields = list(closure.type)
    arrays = [values if f.name == name else closure.field(f.name) for f in fields]
    i = table.schema.get_field_index("closure")
    new = pa.StructArray.from_arrays(arrays, fields=fields, mask=closure.is_null())
    return table.set_column(i, table.schema.field(i), new)


def test_bad_values_are_refused_naming_the_field() -> None:
    table = arrow.to_table([fixtures.NODES[0](), fixtures.NODES[1]()])
    phases = pa.array(["SUCCEEDED", "SUCEEDED"]).dictionary_encode().cast(pa.dictionary(pa.int32(), pa.string()))
    with pytest.raises(ConversionError) as e:
        arrow.from_table(set_closure_field(table, "phase", phases), NodeExecution)
    assert e.value.path == "[1].closure.phase" and "'SUCEEDED'" in e.value.reason

    which = pa.array(["error", "output_uri"]).dictionary_encode().cast(pa.dictionary(pa.int8(), pa.string()))
    with pytest.raises(ConversionError) as e:
        arrow.from_table(set_closure_field(table, "output_result", which), NodeExecution)
    assert e.value.path == "[0].closure.output_result"


def test_bad_wire_bytes_below_recursion_are_refused() -> None:
    good = Literal(collection=LiteralCollection(literals=(Literal(),)))
    table = arrow.to_table([good])
    collection = pa.StructArray.from_arrays([pa.array([[b"\xff\xff"]], pa.list_(pa.binary()))],
                                            fields=list(table.schema.field("collection").type))
    bad = table.set_column(table.schema.get_field_index("collection"), table.schema.field("collection"), collection)
    with pytest.raises(ConversionError) as e:
        arrow.from_table(bad, Literal)
    assert e.value.path.startswith("[0].collection.literals")


def test_records_of_one_class_only() -> None:
    with pytest.raises(ConversionError) as e:
        arrow.to_table([NodeExecution(), Literal()])
    assert e.value.path == "[1]"
    with pytest.raises(ConversionError, match="pass cls"):
        arrow.to_table([])
    assert arrow.to_table([], NodeExecution).schema == arrow.schema(NodeExecution)


def test_batches_stream() -> None:
    xs = [NodeExecution(input_uri=str(i)) for i in range(5)]
    batches = list(arrow.to_batches(iter(xs), NodeExecution, batch_size=2))
    assert [b.num_rows for b in batches] == [2, 2, 1]
    assert arrow.from_record_batch(arrow.to_record_batch(xs), NodeExecution) == xs
    assert list(arrow.from_batches(batches, NodeExecution)) == xs


def test_cattrs_converter_rows() -> None:
    x = fixtures.NODES[0]()
    row = arrow.converter.unstructure(x)
    assert isinstance(row, tuple) and len(row) == len(arrow.schema(NodeExecution))


# ---------------------------------------------------------------------------------------------- the extra


def run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)


def test_the_package_never_imports_pyarrow() -> None:
    done = run("import sys, flyte_node_models, flyte_node_models.converters; assert 'pyarrow' not in sys.modules")
    assert done.returncode == 0, done.stderr


def test_missing_pyarrow_names_the_extra() -> None:
    done = run("import sys; sys.modules['pyarrow'] = None\nimport flyte_node_models.converters.arrow")
    assert done.returncode != 0
    assert "pip install 'flyte_node_models[arrow]'" in done.stderr


# ------------------------------------------------------------------------------------ first use from threads

RACE = """
import json, random, sys, threading
cases = json.load(sys.stdin)
from flyte_node_models import model_for
from flyte_node_models.converters import arrow
records = [model_for(name).from_bytes(bytes.fromhex(wire)) for name, wire in cases]
barrier = threading.Barrier(8)
failures = []

def work(seed):
    order = list(range(len(records)))
    random.Random(seed).shuffle(order)
    barrier.wait()
    for i in order:
        try:
            if arrow.from_table(arrow.to_table([records[i]]), type(records[i])) != [records[i]]:
                failures.append(f"{type(records[i]).__name__}: not equal")
        except Exception as e:
            failures.append(f"{type(records[i]).__name__}: {type(e).__name__}: {e}")

threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
for t in threads: t.start()
for t in threads: t.join()
print(json.dumps(failures))
"""


def test_first_use_from_many_threads() -> None:
    from flyte_node_models import examples

    records = [*examples.example_run().node_executions, examples.dynamic_node_data(), examples.evaluated_outputs(),
               examples.dynamic_workflow(), *(make() for make in fixtures.NODES)]
    cases = json.dumps([(r.PROTO.DESCRIPTOR.full_name, r.to_bytes().hex()) for r in records])
    done = subprocess.run([sys.executable, "-c", RACE], input=cases, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []


# ------------------------------------------------------------------------------------------ the command line


def test_command_line_converts_to_and_reads_parquet(tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    from flyte_node_models import examples
    from flyte_node_models.cli import main

    run = examples.example_run()
    (tmp_path / "run.pb").write_bytes(run.to_bytes())
    assert main(["convert", str(tmp_path / "run.pb"), "--to", "parquet", "-o", str(tmp_path / "run.parquet")]) == 0
    assert arrow.read_parquet(tmp_path / "run.parquet", NodeExecution) == list(run.node_executions)
    capsys.readouterr()
    assert main(["convert", str(tmp_path / "run.parquet"), "--to", "json"]) == 0
    written = json.loads(capsys.readouterr().out)  # several records: a JSON array
    assert [NodeExecution.from_dict(d) for d in written] == list(run.node_executions)
    assert main(["show", "--short", str(tmp_path / "run.parquet")]) == 0
    assert capsys.readouterr().out.count("\n") == len(run.node_executions)

    data = examples.dynamic_node_data()  # one record of another type: the file's schema names it
    (tmp_path / "data.pb").write_bytes(data.to_bytes())
    assert main(["convert", str(tmp_path / "data.pb"), "--to", "parquet", "-o", str(tmp_path / "data.parquet")]) == 0
    capsys.readouterr()
    assert main(["convert", str(tmp_path / "data.parquet"), "--to", "json"]) == 0
    assert type(data).from_json(capsys.readouterr().out) == data
    assert main(["convert", str(tmp_path / "data.parquet"), "--to", "json", "-o", str(tmp_path / "x")]) == 1
    assert "-o is for --to parquet" in capsys.readouterr().err

    assert main(["convert", str(tmp_path / "run.pb"), "--to", "parquet"]) == 1
    assert "-o FILE" in capsys.readouterr().err
    (tmp_path / "not.parquet").write_bytes(b"not parquet")
    assert main(["show", str(tmp_path / "not.parquet")]) == 1
    assert "as Parquet" in capsys.readouterr().err
