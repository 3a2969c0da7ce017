"""Protobuf messages straight to proto3-JSON dicts and compact JSON text (``converters.proto_json``)
against the records' way, ``from_flyte_idl(m).to_dict()``, as the oracle: the same dict (types, float
signs and key order included: JSON lines are written from it) and the same text as the records' dict
encoded, or the same error, for messages of every entity class."""

from __future__ import annotations

import json
import sys
from typing import Any

import pytest
from flyteidl.admin import node_execution_pb2
from flyteidl.core import literals_pb2
from google.protobuf import struct_pb2
from hypothesis import given
from hypothesis import strategies as st
from strategies import ENTITY_CLASSES, TIMESTAMP_MAX, TIMESTAMP_MIN, class_id, messages
from test_nesting import CHAINS, LIMIT, chain_id

from flyte_node_models import ConversionError, Entity
from flyte_node_models.converters import proto_json
from flyte_node_models.literals import Literal
from flyte_node_models.node_execution import NodeExecution, NodeExecutionClosure
from flyte_node_models.wellknown.duration import from_parts as duration
from flyte_node_models.wellknown.timestamp import from_parts as timestamp

dict_format = sys.modules["flyte_node_models.converters.dict"]
every_entity = pytest.mark.parametrize("cls", ENTITY_CLASSES, ids=class_id)


def by_records(message: Any, cls: type[Entity]) -> tuple[dict[str, Any] | None, str | None]:
    """The records' way: the dict, or the error's text."""
    try:
        return cls.from_flyte_idl(message).to_dict(), None
    except ConversionError as e:
        return None, str(e)


def assert_same_as_records(message: Any, cls: type[Entity]) -> None:
    want, error = by_records(message, cls)
    # the generated functions alone, without the records' way behind them
    generated, generated_text = proto_json.writers[cls], proto_json.text_writers[cls]
    if error is None:
        assert repr(proto_json.to_dict(message, cls)) == repr(want)  # repr: True is not 1, -0.0 not 0.0, key order
        assert repr(generated(message, 1)) == repr(want)
        assert proto_json.to_json(message, cls) == generated_text(message, 1) == proto_json.dumps(want)
        assert proto_json.dumps(want) == json.dumps(want, ensure_ascii=False, separators=(",", ":"))
    else:
        for convert, fn in ((proto_json.to_dict, generated), (proto_json.to_json, generated_text)):
            with pytest.raises(ConversionError) as caught:
                convert(message, cls)
            assert str(caught.value) == error
            with pytest.raises((ConversionError, *proto_json.BAD_VALUE)):  # it writes nothing the records refuse
                fn(message, 1)


@every_entity
@given(data=st.data())
def test_every_message_gives_what_its_record_gives(cls: type[Entity], data: st.DataObject) -> None:
    # not json_safe: NaN and infinities in a google.protobuf.Value, which the dict format refuses
    assert_same_as_records(data.draw(messages(cls)), cls)


@given(seconds=st.integers(TIMESTAMP_MIN, TIMESTAMP_MAX),
       nanos=st.one_of(st.integers(0, 999_999_999), st.integers(0, 999).map(lambda n: n * 1_000_000),
                       st.integers(0, 999_999).map(lambda n: n * 1000)))
def test_timestamps_from_parts_are_the_dict_formats(seconds: int, nanos: int) -> None:
    assert proto_json._timestamp_json(seconds, nanos) == dict_format._timestamp_json(timestamp(seconds, nanos))


@given(seconds=st.integers(-315_576_000_000, 315_576_000_000), nanos=st.integers(0, 999_999_999),
       negative=st.booleans())
def test_durations_from_parts_are_the_dict_formats(seconds: int, nanos: int, negative: bool) -> None:
    if seconds < 0 or (seconds == 0 and negative):
        nanos = -nanos
    assert proto_json._duration_json(seconds, nanos) == dict_format._duration_json(duration(seconds, nanos))


def closure(**fields: Any) -> Any:
    return node_execution_pb2.NodeExecution(closure=node_execution_pb2.NodeExecutionClosure(**fields))


@pytest.mark.parametrize("message", [
    closure(started_at={"seconds": TIMESTAMP_MAX + 1}),
    closure(started_at={"seconds": TIMESTAMP_MIN - 1}),
    closure(updated_at={"seconds": 5, "nanos": -1}),
    closure(created_at={"nanos": 1_000_000_000}),
    closure(duration={"seconds": 315_576_000_001}),
    closure(duration={"seconds": 1, "nanos": -1}),  # signs differ
    closure(duration={"seconds": -1, "nanos": 1}),
], ids=lambda m: str(m).replace("\n", " "))
def test_values_out_of_range_are_refused_as_records_refuse_them(message: Any) -> None:
    assert by_records(message, NodeExecution)[1] is not None
    assert_same_as_records(message, NodeExecution)


@pytest.mark.parametrize(("message", "written"), [
    (closure(started_at={}), {"startedAt": "1970-01-01T00:00:00Z"}),  # set, at zero
    (closure(duration={}, updated_at={"nanos": 5}), {"duration": "0s", "updatedAt": "1970-01-01T00:00:00.000000005Z"}),
    (closure(phase=1), {"phase": "QUEUED"}),  # times unset
    (closure(error={"timestamp": {}}), {"error": {"timestamp": "1970-01-01T00:00:00Z"}}),
])
def test_times_at_zero_are_written_when_set(message: Any, written: dict[str, Any]) -> None:
    assert proto_json.to_dict(message, NodeExecution) == {"closure": written}
    assert_same_as_records(message, NodeExecution)


def test_nan_in_a_struct_is_refused_as_the_dict_format_refuses_it() -> None:
    generic = struct_pb2.Struct(fields={"x": struct_pb2.Value(number_value=float("nan"))})
    message = literals_pb2.Literal(scalar=literals_pb2.Scalar(generic=generic))
    assert "no JSON form" in by_records(message, Literal)[1]  # type: ignore[operator]
    assert_same_as_records(message, Literal)


@pytest.mark.parametrize("chain", CHAINS, ids=chain_id)
def test_at_and_past_the_nesting_limit(chain: Any) -> None:
    for depth in (LIMIT, LIMIT + 1):
        if chain.reaches(depth):
            assert_same_as_records(chain.message(depth), chain.top)


def test_a_list_element_is_written_at_its_depth() -> None:
    chain = next(c for c in CHAINS if c.name == "literal collections")
    inner = chain.message(LIMIT)  # at the limit from the top: one too deep as an element of a list
    assert proto_json.to_dict(inner, Literal, 1) == Literal.from_flyte_idl(inner).to_dict()
    with pytest.raises(ConversionError, match="deep"):
        proto_json.to_dict(inner, Literal, 2)
    with pytest.raises(ConversionError, match="deep"):
        proto_json.to_json(inner, Literal, 2)


def test_a_message_of_another_type_is_refused() -> None:
    with pytest.raises(ConversionError, match="a flyteidl.admin.NodeExecution message, got NodeExecutionClosure"):
        proto_json.to_dict(node_execution_pb2.NodeExecutionClosure(), NodeExecution)
    with pytest.raises(ConversionError, match="expected a flyteidl.admin.NodeExecutionClosure message"):
        proto_json.to_dict(NodeExecutionClosure(), NodeExecutionClosure)
    with pytest.raises(ConversionError, match="expected a flyteidl.admin.NodeExecutionClosure message"):
        proto_json.to_json(node_execution_pb2.NodeExecution(), NodeExecutionClosure)
