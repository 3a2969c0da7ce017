"""The protobuf format on generated messages of every entity type, and the ways bad input is refused."""

from __future__ import annotations

import gc
import pickle
from typing import Any

import attrs
import fixtures
import pytest
from flyteidl.admin import node_execution_pb2
from flyteidl.core import execution_pb2, identifier_pb2, literals_pb2
from google.protobuf import duration_pb2, json_format, struct_pb2, text_format, timestamp_pb2
from hypothesis import assume, given
from hypothesis import strategies as st
from strategies import ENTITY_CLASSES, FOUNDATION_CLASSES, class_id, messages

from flyte_node_models import ConversionError, Entity, model_for
from flyte_node_models.node_execution import (
    NodeExecution,
    NodeExecutionClosure,
    NodeExecutionList,
    NodeExecutionMetaData,
)

every_entity = pytest.mark.parametrize("cls", ENTITY_CLASSES, ids=class_id)


def wire(p: Any) -> bytes:
    return p.SerializeToString(deterministic=True)  # type: ignore[no-any-return]


def has_nan(p: Any) -> bool:
    # protobuf before 5.27 compares NaN fields unequal, so a message holding one is not == to its copy.
    return p != type(p).FromString(p.SerializeToString())  # type: ignore[no-any-return]


# ------------------------------------------------------------------------------------------ round trips


@every_entity
@given(data=st.data())
def test_message_round_trip(cls: type[Entity], data: st.DataObject) -> None:
    p = data.draw(messages(cls))
    record = cls.from_flyte_idl(p)
    back = record.to_flyte_idl()
    assert type(back) is cls.PROTO
    assert wire(back) == wire(p)
    if not has_nan(p):
        assert back == p
    assert record.to_bytes() == wire(p)
    assert record.serialize_to_string() == wire(p)
    assert cls.from_bytes(p.SerializeToString()) == record


@every_entity
@given(data=st.data())
def test_value_equality_hash_and_pickle(cls: type[Entity], data: st.DataObject) -> None:
    p = data.draw(messages(cls))
    one, two = cls.from_flyte_idl(p), cls.from_bytes(wire(p))
    assert one is not two
    assert one == two  # NaN included: records hold one shared NaN object
    assert not (one != two)
    assert hash(one) == hash(two)
    assert {one: 1}[two] == 1
    copy = pickle.loads(pickle.dumps(one))
    assert type(copy) is cls
    assert copy == one
    assert hash(copy) == hash(one)
    assert copy.to_bytes() == one.to_bytes()


def records_within(x: Any) -> list[Any]:
    """``x`` and every record it holds, however deep."""
    if isinstance(x, Entity):
        return [x, *(r for a in attrs.fields(type(x)) for r in records_within(getattr(x, a.name)))]
    if isinstance(x, tuple):
        return [r for v in x for r in records_within(v)]
    if isinstance(x, dict):
        return [r for v in x.values() for r in records_within(v)]
    return []


@every_entity
@given(data=st.data())
def test_every_reader_gives_finished_frozen_records_all_the_way_down(cls: type[Entity], data: st.DataObject) -> None:
    # readers fill large records as an unfrozen twin class and then give them their class
    p = data.draw(messages(cls))
    read = [cls.from_flyte_idl(p), cls.from_text(text_format.MessageToString(p))]
    try:
        read.append(cls.from_dict(json_format.MessageToDict(p)))
    except json_format.SerializeToJsonError:  # a NaN in a Struct has no JSON form
        pass
    for record in read:
        for r in records_within(record):
            assert type(r) is model_for(r.PROTO), type(r)
            fields = attrs.fields(type(r))
            if fields:
                with pytest.raises(attrs.exceptions.FrozenInstanceError):
                    setattr(r, fields[0].name, getattr(r, fields[0].name))


def test_a_failed_read_leaves_no_half_filled_record() -> None:
    def filling() -> list[Any]:
        gc.collect()
        return [o for o in gc.get_objects() if type(o).__name__.endswith("Filling")]

    assert filling() == []
    bad = {"closure": {"phase": "SUCCEEDED", "startedAt": "2024-02-30T00:00:00Z"}}
    with pytest.raises(ConversionError, match="closure.startedAt"):
        NodeExecution.from_dict(bad)
    with pytest.raises(ConversionError, match="closure.phase"):
        NodeExecution.from_text('closure { deck_uri: "x" phase: NOT_A_PHASE }')
    assert filling() == []


@every_entity
@given(data=st.data())
def test_evolve_returns_a_new_record_and_records_are_frozen(cls: type[Entity], data: st.DataObject) -> None:
    record = cls.from_flyte_idl(data.draw(messages(cls)))
    before = record.to_bytes()
    try:
        same = attrs.evolve(record)
    except ValueError:  # the wire may hold what a constructor refuses (a Secret's env_var that is no name)
        assume(False)
    assert same == record and same is not record
    fields = attrs.fields(cls)
    if not fields:
        return
    a = data.draw(st.sampled_from(fields))
    default = getattr(cls(), a.name)
    changed = attrs.evolve(record, **{a.alias: default})  # a private field (Secret._key) is given by its alias
    assert getattr(changed, a.name) == default
    assert type(changed) is cls and changed is not record
    assert record.to_bytes() == before  # the original did not change
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        setattr(record, a.name, default)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        delattr(record, a.name)
    with pytest.raises((attrs.exceptions.FrozenInstanceError, AttributeError)):
        record.not_a_field = 1  # type: ignore[attr-defined]
    assert record.to_bytes() == before


@pytest.mark.parametrize("cls", FOUNDATION_CLASSES, ids=class_id)
@given(data=st.data())
def test_random_bytes_give_a_record_or_a_conversion_error(cls: type[Entity], data: st.DataObject) -> None:
    blob = data.draw(st.binary(max_size=40))
    try:
        record = cls.from_bytes(blob)
    except ConversionError:
        return
    # What parses without unknown fields is the record protobuf reads, and every later step works.
    assert record == cls.from_flyte_idl(cls.PROTO.FromString(blob))
    assert cls.from_bytes(record.to_bytes()) == record


@pytest.mark.parametrize("cls", FOUNDATION_CLASSES, ids=class_id)
@given(data=st.data())
def test_truncated_bytes_are_refused(cls: type[Entity], data: st.DataObject) -> None:
    blob = wire(data.draw(messages(cls)))
    if not blob:
        return
    # Cutting the last byte always leaves a field short: its varint, fixed value or length-delimited body.
    with pytest.raises(ConversionError, match="wire format"):
        cls.from_bytes(blob[:-1])


# ------------------------------------------------------------------------------------------ bad input


@pytest.mark.parametrize("garbage", [b"\xff", b"\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff", b"\x0a\x05ab", b"\x08",
                                     b"\x0f", b"\x0a\xff\xff\xff\xff\x0f"])
def test_garbage_bytes(garbage: bytes) -> None:
    with pytest.raises(ConversionError, match="flyteidl.admin.NodeExecution"):
        NodeExecution.from_bytes(garbage)


@pytest.mark.parametrize("not_bytes", ["a string", 12, None, NodeExecution()])
def test_from_bytes_takes_bytes(not_bytes: Any) -> None:
    with pytest.raises(ConversionError, match="expected bytes"):
        NodeExecution.from_bytes(not_bytes)


def test_memoryview_and_bytearray_are_bytes() -> None:
    blob = wire(node_execution_pb2.NodeExecution(input_uri="s3://in"))
    assert NodeExecution.from_bytes(bytearray(blob)) == NodeExecution.from_bytes(memoryview(blob))
    assert NodeExecution.from_bytes(blob).input_uri == "s3://in"


def _with_unknown_field(message: Any, number: int = 999) -> Any:
    """A copy of ``message`` carrying a varint field ``number`` that its type does not declare."""
    tag = bytes(_varint(number << 3))
    return type(message).FromString(message.SerializeToString() + tag + b"\x01")


def _varint(n: int) -> list[int]:
    out = []
    while True:
        out.append((n & 0x7F) | (0x80 if n > 0x7F else 0))
        n >>= 7
        if not n:
            return out


def test_unknown_field_is_an_error_naming_its_path() -> None:
    closure = _with_unknown_field(node_execution_pb2.NodeExecutionClosure(phase=3))
    p = node_execution_pb2.NodeExecution(input_uri="s3://in")
    p.closure.CopyFrom(closure)
    with pytest.raises(ConversionError) as caught:
        NodeExecution.from_bytes(p.SerializeToString())
    assert caught.value.path == "closure"
    assert "999" in str(caught.value) and str(caught.value).startswith("closure: ")
    record = NodeExecution.from_bytes(p.SerializeToString(), ignore_unknown_fields=True)
    assert record == NodeExecution(input_uri="s3://in", closure=NodeExecutionClosure(phase=3))


def test_unknown_field_deep_in_a_repeated_field() -> None:
    meta = _with_unknown_field(node_execution_pb2.TaskNodeMetadata(cache_status=2), number=77)
    items = [node_execution_pb2.NodeExecution(input_uri=str(i)) for i in range(3)]
    items[1].closure.task_node_metadata.CopyFrom(meta)
    p = node_execution_pb2.NodeExecutionList(node_executions=items)
    with pytest.raises(ConversionError) as caught:
        NodeExecutionList.from_bytes(p.SerializeToString())
    assert caught.value.path == "node_executions[1].closure.task_node_metadata"
    assert "77" in caught.value.reason
    kept = NodeExecutionList.from_bytes(p.SerializeToString(), ignore_unknown_fields=True)
    assert kept.node_executions[1].closure.task_node_metadata.cache_status == 2


def test_unknown_field_at_the_top() -> None:
    p = _with_unknown_field(node_execution_pb2.NodeExecution(input_uri="x"), number=12345)
    with pytest.raises(ConversionError, match="12345") as caught:
        NodeExecution.from_bytes(p.SerializeToString())
    assert caught.value.path == ""


@pytest.mark.parametrize("wrong", [node_execution_pb2.NodeExecutionClosure(), identifier_pb2.Identifier(), {}, None,
                                   b"", "flyteidl.admin.NodeExecution"])
def test_from_flyte_idl_wants_its_own_message_type(wrong: Any) -> None:
    with pytest.raises(ConversionError, match="expected a flyteidl.admin.NodeExecution message"):
        NodeExecution.from_flyte_idl(wrong)


TIMESTAMP_MAX = 253_402_300_799
BAD_TIMES = [
    ("started_at", timestamp_pb2.Timestamp(seconds=TIMESTAMP_MAX + 1)),
    ("started_at", timestamp_pb2.Timestamp(seconds=-62_135_596_801)),
    ("updated_at", timestamp_pb2.Timestamp(seconds=0, nanos=-1)),
    ("created_at", timestamp_pb2.Timestamp(seconds=0, nanos=1_000_000_000)),
    ("duration", duration_pb2.Duration(seconds=315_576_000_001)),
    ("duration", duration_pb2.Duration(seconds=-315_576_000_001)),
    ("duration", duration_pb2.Duration(seconds=1, nanos=-1)),
    ("duration", duration_pb2.Duration(seconds=-1, nanos=1)),
    ("duration", duration_pb2.Duration(nanos=1_000_000_000)),
]


@pytest.mark.parametrize(("name", "value"), BAD_TIMES, ids=[f"{n}-{v.seconds}-{v.nanos}" for n, v in BAD_TIMES])
def test_time_out_of_range_names_its_path(name: str, value: Any) -> None:
    p = node_execution_pb2.NodeExecution()
    getattr(p.closure, name).CopyFrom(value)
    for read in (lambda: NodeExecution.from_flyte_idl(p), lambda: NodeExecution.from_bytes(p.SerializeToString())):
        with pytest.raises(ConversionError) as caught:
            read()
        assert caught.value.path == f"closure.{name}"


def test_time_out_of_range_inside_an_error_in_a_list() -> None:
    p = node_execution_pb2.NodeExecutionList(node_executions=[node_execution_pb2.NodeExecution()] * 2)
    p.node_executions[1].closure.error.CopyFrom(execution_pb2.ExecutionError(timestamp={"seconds": 2**40}))
    with pytest.raises(ConversionError) as caught:
        NodeExecutionList.from_flyte_idl(p)
    assert caught.value.path == "node_executions[1].closure.error.timestamp"


def test_value_without_kind_names_its_path() -> None:
    scalar = literals_pb2.Scalar(generic=struct_pb2.Struct(fields={"ok": struct_pb2.Value(bool_value=True),
                                                                    "bad": struct_pb2.Value()}))
    p = literals_pb2.LiteralMap(literals={"x": literals_pb2.Literal(scalar=scalar)})
    from flyte_node_models.literals import LiteralMap

    with pytest.raises(ConversionError, match="no kind") as caught:
        LiteralMap.from_flyte_idl(p)
    assert caught.value.path == "literals['x'].scalar.generic['bad']"


def test_value_without_kind_in_a_list_value() -> None:
    items = [struct_pb2.Value(null_value=0), struct_pb2.Value()]
    listed = struct_pb2.Value(list_value=struct_pb2.ListValue(values=items))
    p = literals_pb2.Scalar(generic=struct_pb2.Struct(fields={"l": listed}))
    from flyte_node_models.literals import Scalar

    with pytest.raises(ConversionError, match="no kind") as caught:
        Scalar.from_bytes(p.SerializeToString())
    assert caught.value.path.startswith("generic['l']")
    assert "[1]" in caught.value.path


def test_conversion_errors_pickle_and_are_value_errors() -> None:
    with pytest.raises(ValueError) as caught:
        NodeExecution.from_bytes(b"\xff")
    error = caught.value
    assert isinstance(error, ConversionError)
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.path, copy.reason, str(copy)) == (error.path, error.reason, str(error))


# ------------------------------------------------------------------------------------------ NaN


def _holding_nan() -> list[Entity]:
    from flyte_node_models.core.workflow import ArrayNode
    from flyte_node_models.literals import Primitive, Scalar

    nan = float("nan")
    return [Primitive(float_value=nan), ArrayNode(min_success_ratio=nan), Scalar(generic={"n": nan, "l": [nan]})]


@pytest.mark.parametrize("record", _holding_nan(), ids=lambda r: type(r).__name__)
def test_records_holding_nan_are_equal_by_value(record: Entity) -> None:
    cls = type(record)
    again = cls.from_bytes(record.to_bytes())
    assert record == record
    assert again == record and hash(again) == hash(record)
    assert cls.from_flyte_idl(record.to_flyte_idl()) == record


@pytest.mark.parametrize("record", _holding_nan(), ids=lambda r: type(r).__name__)
def test_records_holding_nan_survive_pickle(record: Entity) -> None:
    copy = pickle.loads(pickle.dumps(record))
    assert copy == record and hash(copy) == hash(record)
    assert copy.to_bytes() == record.to_bytes()


# ------------------------------------------------------------------------------------------ realistic records


@pytest.mark.parametrize("make", fixtures.NODES, ids=lambda f: f.__name__)
def test_realistic_nodes_round_trip_byte_for_byte(make: Any) -> None:
    record = make()
    assert record == make() and hash(record) == hash(make())
    blob = record.to_bytes()
    pb = node_execution_pb2.NodeExecution.FromString(blob)
    assert wire(pb) == blob
    assert NodeExecution.from_bytes(blob) == record
    assert NodeExecution.from_flyte_idl(pb) == record
    assert pickle.loads(pickle.dumps(record)) == record


def test_realistic_nodes_are_all_different() -> None:
    records = [make() for make in fixtures.NODES]
    assert len(set(records)) == len(records)


def test_admin_nanoseconds_reach_the_message() -> None:
    pb = fixtures.cache_hit_task_node().to_flyte_idl()
    assert (pb.closure.started_at.seconds, pb.closure.started_at.nanos) == (1_715_938_201, 123_456_789)
    assert (pb.closure.duration.seconds, pb.closure.duration.nanos) == (0, 84_211_007)
    assert pb.closure.task_node_metadata.catalog_key.source_task_execution.task_id.name == "workflows.etl.clean_rows"
    record = NodeExecution.from_flyte_idl(pb)
    assert record.closure.started_at.nanosecond == 789
    assert record.closure.started_at.to_parts() == (1_715_938_201, 123_456_789)


def test_explicitly_set_empty_submessages_survive_the_wire() -> None:
    pb = node_execution_pb2.NodeExecution.FromString(fixtures.empty_submessages_node().to_bytes())
    assert pb.HasField("metadata") and pb.id.HasField("execution_id")
    for name in ("started_at", "duration", "task_node_metadata", "output_data"):
        assert pb.closure.HasField(name), name
    assert pb.closure.task_node_metadata.HasField("catalog_key")
    back = NodeExecution.from_flyte_idl(pb)
    assert back.metadata == NodeExecutionMetaData() and back.metadata.is_empty
    assert back.closure.output_data is not None and back.closure.error is None


def test_every_prefix_of_a_run_is_a_record_or_a_conversion_error() -> None:
    blob = fixtures.example_run().to_bytes()
    refused = 0
    for cut in range(len(blob)):
        try:
            NodeExecutionList.from_bytes(blob[:cut])
        except ConversionError:
            refused += 1
    assert refused > len(blob) // 2  # most cuts land inside a field
    assert NodeExecutionList.from_bytes(blob) == fixtures.example_run()


def test_bytes_in_another_order_or_encoding_are_read() -> None:
    # what other writers may do: fields out of order, a field given twice (the last counts), a map entry
    # without its key; none of them is an unknown field
    first = node_execution_pb2.NodeExecution(input_uri="s3://old", closure={"phase": 3}).SerializeToString()
    data = first + node_execution_pb2.NodeExecution(input_uri="s3://in", id={"node_id": "n0"}).SerializeToString()
    assert NodeExecution.from_bytes(data) == NodeExecution.from_flyte_idl(
        node_execution_pb2.NodeExecution.FromString(data))
    assert NodeExecution.from_bytes(data).input_uri == "s3://in"
    keyless = bytes([0x0A, 3, 0x12, 1, ord("x")])  # labels {"": "x"}, its key left out
    assert dict(model_for("flyteidl.core.K8sObjectMetadata").from_bytes(keyless).labels) == {"": "x"}


def test_an_unknown_field_is_found_where_the_bytes_are_as_short_as_the_known_fields_encoding() -> None:
    # a map entry without its key is 2 bytes shorter than protobuf writes it, an unknown varint field 2
    # bytes long: the bytes are as long as the message without unknown fields encodes to
    cls = model_for("flyteidl.core.K8sObjectMetadata")
    data = bytes([0x0A, 3, 0x12, 1, ord("x")]) + bytes([15 << 3, 1])
    known = cls.PROTO.FromString(data)
    known.DiscardUnknownFields()
    assert known.ByteSize() == len(data)  # so sizes alone would not tell
    with pytest.raises(ConversionError, match="field number 15 .* unknown to flyteidl.core.K8sObjectMetadata"):
        cls.from_bytes(data)
    assert dict(cls.from_bytes(data, ignore_unknown_fields=True).labels) == {"": "x"}
