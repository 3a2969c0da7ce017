"""The dict format (proto3 JSON mapping) against protobuf's ``json_format`` as the oracle.

Writing must equal ``MessageToDict`` exactly (types included: ``True`` is not ``1``, ``1.0`` is not ``1``).
Reading must give what ``ParseDict`` + ``from_flyte_idl`` gives for every form ``ParseDict`` accepts, and
refuse with a ``ConversionError`` naming the field what ``ParseDict`` refuses or silently changes. Nesting
is limited as in every format here (protobuf's binary decoder counts map entries; ParseDict does not).
"""

from __future__ import annotations

import base64
import json
import math
import sys
from datetime import datetime, timedelta
from types import MappingProxyType
from typing import Any

import fixtures
import oracle_versions
import pytest
from flyteidl.admin import node_execution_pb2
from flyteidl.core import literals_pb2, types_pb2
from google.protobuf import duration_pb2, json_format, timestamp_pb2
from google.protobuf.descriptor import Descriptor, FieldDescriptor
from google.protobuf.message import DecodeError
from hypothesis import given
from hypothesis import strategies as st
from strategies import ENTITY_CLASSES, class_id, descriptor_of, messages

from flyte_node_models import ConversionError, Entity
from flyte_node_models._compat import is_repeated
from flyte_node_models.core.workflow import ArrayNode, Node
from flyte_node_models.literals import Binary, Literal, LiteralCollection, Primitive, Scalar
from flyte_node_models.node_execution import NodeExecution, NodeExecutionClosure, NodeExecutionList, TaskNodeMetadata
from flyte_node_models.types import LiteralType
from flyte_node_models.wellknown import Duration, Timestamp

dict_format = sys.modules["flyte_node_models.converters.dict"]
every_entity = pytest.mark.parametrize("cls", ENTITY_CLASSES, ids=class_id)


def assert_same_json(got: Any, want: Any, path: str = "") -> None:
    """Equal as JSON values *and* as Python types, floats by their repr (so -0.0 and NaN count)."""
    assert type(got) is type(want), f"{path or 'top'}: {type(got).__name__} {got!r} != {type(want).__name__} {want!r}"
    if isinstance(want, dict):
        assert set(got) == set(want), f"{path}: keys {list(got)} != {list(want)}"
        for key in want:
            assert_same_json(got[key], want[key], f"{path}.{key}")
    elif isinstance(want, list):
        assert len(got) == len(want), f"{path}: {len(got)} items != {len(want)}"
        for i, (g, w) in enumerate(zip(got, want, strict=True)):
            assert_same_json(g, w, f"{path}[{i}]")
    elif isinstance(want, float):
        assert repr(got) == repr(want), f"{path}: {got!r} != {want!r}"
    else:
        assert got == want, f"{path}: {got!r} != {want!r}"


def parse_dict(cls: type[Entity], data: Any, **kwargs: Any) -> Entity:
    """The oracle's record: ``ParseDict`` into the message, then ``from_flyte_idl``."""
    return cls.from_flyte_idl(json_format.ParseDict(data, cls.PROTO(), **kwargs))


def parse_dict_refuses(cls: type[Entity], data: Any, **kwargs: Any) -> bool:
    try:
        parse_dict(cls, data, **kwargs)
    except (json_format.ParseError, ConversionError, ValueError, TypeError, OverflowError):
        return True  # ParseDict lets a few Python errors out unwrapped; a refusal all the same
    return False


# ------------------------------------------------------------------------------------ generated messages


@every_entity
@given(data=st.data())
def test_to_dict_is_message_to_dict(cls: type[Entity], data: st.DataObject) -> None:
    p = data.draw(messages(cls, json_safe=True))
    assert_same_json(cls.from_flyte_idl(p).to_dict(), json_format.MessageToDict(p))


@every_entity
@given(data=st.data())
def test_from_dict_of_message_to_dict_is_the_record(cls: type[Entity], data: st.DataObject) -> None:
    p = data.draw(messages(cls, json_safe=True))
    d = json_format.MessageToDict(p)
    record = cls.from_flyte_idl(p)
    try:
        json_format.ParseDict(d, cls.PROTO())
    except json_format.ParseError:
        # protobuf does not read all it writes: a float field at float32's maximum is written as
        # 3.4028235e+38, which ParseDict calls too large. We reject it as ParseDict does.
        with pytest.raises(ConversionError):
            cls.from_dict(d)
        return
    assert cls.from_dict(d) == record
    assert cls.from_dict(json.loads(json.dumps(d))) == record  # through real JSON text, too


def _reaches_struct(descriptor: Descriptor, seen: set[str] | None = None) -> bool:
    seen = set() if seen is None else seen
    if descriptor.full_name in seen:
        return False
    seen.add(descriptor.full_name)
    return descriptor.full_name == "google.protobuf.Struct" or any(
        _reaches_struct(f.message_type, seen) for f in descriptor.fields if f.message_type is not None)


STRUCT_HOLDERS = [c for c in ENTITY_CLASSES if _reaches_struct(c.PROTO.DESCRIPTOR)]


@pytest.mark.parametrize("cls", STRUCT_HOLDERS, ids=class_id)
@given(data=st.data())
def test_nan_in_a_struct_fails_where_message_to_dict_fails(cls: type[Entity], data: st.DataObject) -> None:
    p = data.draw(messages(cls))  # NaN and ±inf allowed inside google.protobuf.Value
    record = cls.from_flyte_idl(p)
    try:
        want = json_format.MessageToDict(p)
    except json_format.SerializeToJsonError:
        with pytest.raises(ConversionError, match="no JSON form"):
            record.to_dict()
    else:
        assert_same_json(record.to_dict(), want)


# ----------------------------------------------------------------------------- other forms ParseDict takes


def _other_names(data: st.DataObject, f: FieldDescriptor) -> str:
    return data.draw(st.sampled_from([f.json_name, f.name]))


def vary(data: st.DataObject, descriptor: Descriptor, js: dict[str, Any]) -> dict[str, Any]:
    """An equivalent proto3-JSON object in other forms ``ParseDict`` accepts: proto field names, enum
    numbers, 64-bit integers as numbers, times with offsets, URL-safe base64, nulls for absent fields."""
    by_json = {f.json_name: f for f in descriptor.fields}
    out = {}
    for key, value in js.items():
        f = by_json[key]
        out[_other_names(data, f)] = _vary_field(data, f, value)
    absent = [f for f in descriptor.fields if f.json_name not in js]
    if absent:
        for f in data.draw(st.lists(st.sampled_from(absent), max_size=2, unique_by=lambda f: f.name)):
            out[_other_names(data, f)] = None
    return out


def _vary_field(data: st.DataObject, f: FieldDescriptor, value: Any) -> Any:
    if f.message_type is not None and f.message_type.GetOptions().map_entry:
        inner = f.message_type.fields_by_name["value"]
        return {k: _vary_value(data, inner, v) for k, v in value.items()}
    if is_repeated(f):
        return [_vary_value(data, f, v) for v in value]
    return _vary_value(data, f, value)


def _vary_value(data: st.DataObject, f: FieldDescriptor, v: Any) -> Any:
    t = f.type
    if t == FieldDescriptor.TYPE_MESSAGE:
        name = f.message_type.full_name
        if name == "google.protobuf.Timestamp":
            return _vary_timestamp(data, v)
        if name == "google.protobuf.Duration":
            return _vary_duration(data, v)
        if name in ("google.protobuf.Struct", "google.protobuf.Value", "google.protobuf.ListValue"):
            return _integral_numbers_as_ints(v) if data.draw(st.booleans()) else v
        if f.message_type.file.name == "google/protobuf/wrappers.proto":
            return _vary_value(data, f.message_type.fields_by_name["value"], v)
        return vary(data, f.message_type, v)
    if t == FieldDescriptor.TYPE_ENUM:
        number = f.enum_type.values_by_name[v].number if isinstance(v, str) else v
        return data.draw(st.sampled_from([v, number, str(number), float(number)]))
    if f.cpp_type in (FieldDescriptor.CPPTYPE_INT64, FieldDescriptor.CPPTYPE_UINT64):
        n = int(v)
        return data.draw(st.sampled_from([v, n, float(n)] if abs(n) < 2**53 else [v, n]))
    if f.cpp_type in (FieldDescriptor.CPPTYPE_INT32, FieldDescriptor.CPPTYPE_UINT32):
        return data.draw(st.sampled_from([v, str(v), float(v)]))
    if f.cpp_type in (FieldDescriptor.CPPTYPE_DOUBLE, FieldDescriptor.CPPTYPE_FLOAT):
        if isinstance(v, str):  # "NaN", "Infinity", "-Infinity"
            return v
        forms = [v, repr(v)]
        if v.is_integer() and v != 0 and abs(v) < 2**53:
            forms.append(int(v))
        return data.draw(st.sampled_from(forms))
    if t == FieldDescriptor.TYPE_BYTES:
        raw = base64.b64decode(v)
        return data.draw(st.sampled_from([v, base64.urlsafe_b64encode(raw).decode(), v.rstrip("=")]))
    return v


def _integral_numbers_as_ints(v: Any) -> Any:
    if isinstance(v, float) and v.is_integer() and abs(v) < 2**53 and math.copysign(1, v) > 0:
        return int(v)
    if isinstance(v, dict):
        return {k: _integral_numbers_as_ints(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_integral_numbers_as_ints(x) for x in v]
    return v


def _vary_timestamp(data: st.DataObject, v: str) -> str:
    ts = timestamp_pb2.Timestamp()
    ts.FromJsonString(v)
    minutes = data.draw(st.integers(-(23 * 60 + 59), 23 * 60 + 59))
    try:
        local = datetime(1970, 1, 1) + timedelta(seconds=ts.seconds + minutes * 60)
    except OverflowError:
        return v
    fraction = f".{ts.nanos:09d}".rstrip("0") if ts.nanos and data.draw(st.booleans()) else f".{ts.nanos:09d}"
    hours, mins = divmod(abs(minutes), 60)
    return f"{local.isoformat()[:19]}{fraction}{'-' if minutes < 0 else '+'}{hours:02d}:{mins:02d}"


def _vary_duration(data: st.DataObject, v: str) -> str:
    d = duration_pb2.Duration()
    d.FromJsonString(v)
    negative = d.seconds < 0 or d.nanos < 0
    digits = data.draw(st.integers(1, 9))
    fraction = f"{abs(d.nanos):09d}"
    if fraction[digits:].strip("0"):
        digits = 9
    return f"{'-' if negative else ''}{abs(d.seconds)}.{fraction[:digits]}s"


@every_entity
@given(data=st.data())
def test_other_forms_give_what_parse_dict_gives(cls: type[Entity], data: st.DataObject) -> None:
    p = data.draw(messages(cls, json_safe=True))
    variant = vary(data, descriptor_of(cls), json_format.MessageToDict(p))
    want = parse_dict(cls, variant)
    assert want == cls.from_flyte_idl(p)  # the variant means the same message
    assert cls.from_dict(variant) == want


SAME_AS_PARSE_DICT = [
    # timestamps: offsets, any number of fraction digits, and what Timestamp.FromJsonString tolerates
    ({"closure": {"startedAt": "1972-01-01T10:00:20.021-05:00"}}),
    ({"closure": {"startedAt": "1972-01-01T10:00:20.021+05:30"}}),
    ({"closure": {"startedAt": "1972-01-01T10:00:20-00:00"}}),
    ({"closure": {"startedAt": "1972-01-01T10:00:20.5Z"}}),
    ({"closure": {"startedAt": "1972-01-01T10:00:20.12345678Z"}}),
    ({"closure": {"startedAt": "1972-01-01T10:00:20.Z"}}),
    ({"closure": {"startedAt": "1972-1-1T1:0:2.1e-1Z"}}),
    ({"closure": {"startedAt": "1972-01-01T10:00:59+05:-30"}}),
    ({"closure": {"startedAt": "\u0661\u0669\u0667\u0662-01-01T10:00:59Z"}}),  # Arabic-Indic digits
    ({"closure": {"startedAt": "0001-01-01T00:00:00Z", "updatedAt": "9999-12-31T23:59:59.999999999Z"}}),
    ({"closure": {"startedAt": "0001-01-01T01:00:00+01:00"}}),
    # durations
    ({"closure": {"duration": "-0.000000001s"}}),
    ({"closure": {"duration": "1.0000000005s"}}),
    ({"closure": {"duration": "-315576000000.999999999s"}}),
    ({"closure": {"duration": "+5s"}}),
    ({"closure": {"duration": "1.s"}}),
    # enums: names, numbers, numeric strings, integral floats, unknown numbers
    ({"closure": {"phase": 3, "taskNodeMetadata": {"cacheStatus": "4"}}}),
    ({"closure": {"phase": " 3", "taskNodeMetadata": {"cacheStatus": 4.0}}}),
    ({"closure": {"phase": 99, "taskNodeMetadata": {"cacheStatus": -7}}}),
    ({"closure": {"phase": "SUCCEEDED"}, "metadata": {"isParentNode": True, "isArray": False}}),
    # proto names, nulls
    ({"input_uri": "x", "closure": {"output_uri": "y", "task_node_metadata": None, "phase": None}, "metadata": None}),
    ({"closure": {"outputUri": "y", "error": None}}),
    ({"inputUri": None, "id": {}}),
]


@pytest.mark.parametrize("data", SAME_AS_PARSE_DICT, ids=lambda d: json.dumps(d, ensure_ascii=True)[:60])
def test_forms_parse_dict_accepts(data: dict[str, Any]) -> None:
    assert NodeExecution.from_dict(data) == parse_dict(NodeExecution, data)


def _primitive(**value: Any) -> dict[str, Any]:
    return {"scalar": {"primitive": value}}


LITERAL_FORMS = [
    _primitive(integer="12"), _primitive(integer=12), _primitive(integer=12.0),
    _primitive(integer="\t12"), _primitive(integer="-9223372036854775808"), _primitive(integer=2**63 - 1),
    _primitive(integer="\u0661\u0662"),
    _primitive(floatValue="NaN"), _primitive(floatValue="Infinity"), _primitive(floatValue="-Infinity"),
    _primitive(floatValue="-0"), _primitive(floatValue=" 1.5 "), _primitive(floatValue="1e400"),
    _primitive(floatValue=1), _primitive(floatValue=2**53), _primitive(floatValue="inf"), _primitive(floatValue="NAN"),
    _primitive(floatValue=5e-324), _primitive(float_value="1_0.5"),
    {"scalar": {"binary": {"value": "YQ"}}}, {"scalar": {"binary": {"value": "YQ="}}},
    {"scalar": {"binary": {"value": "YQ====="}}}, {"scalar": {"binary": {"value": "-_-_"}}},
    {"scalar": {"binary": {"value": "+/+/"}}}, {"scalar": {"binary": {"value": "===="}}},
    {"scalar": {"binary": {"value": "YR"}}}, {"scalar": {"binary": {"value": b"YWJj"}}},
    {"scalar": {"generic": {"a": None, "b": [None, 1, 2.5, "s", True, {"c": []}], "d": {}, "n": float("nan")}}},
    {"scalar": {"generic": {"big": 2**53, "neg": -(2**60), "inf": float("inf")}}},
    {"collection": {"literals": [{}, {"scalar": {"noneType": {}}}]}, "hash": "h", "metadata": {"k": "v"}},
    {"map": {"literals": {"a": {}, "b": {"map": {}}}}},
]


@pytest.mark.parametrize("data", LITERAL_FORMS, ids=lambda d: repr(d)[:60])
def test_literal_forms_parse_dict_accepts(data: dict[str, Any]) -> None:
    assert Literal.from_dict(data) == parse_dict(Literal, data)


#: Forms that ParseDict reads from protobuf 6.30 on, and refuses before; the library reads them on every release.
LITERAL_FORMS_SINCE_6_30 = [
    (_primitive(integer="1e3"), Primitive(integer=1000)),
    (_primitive(integer="9.0071992547409920e15"), Primitive(integer=2**53)),
    ({"scalar": {"generic": {"t": ("tuple", "is", "a", "list")}}}, Scalar(generic={"t": ("tuple", "is", "a", "list")})),
]


@pytest.mark.parametrize(("data", "value"), LITERAL_FORMS_SINCE_6_30, ids=lambda d: repr(d)[:60])
def test_literal_forms_parse_dict_accepts_since_6_30(data: dict[str, Any], value: Primitive | Scalar) -> None:
    expected = Literal(scalar=value if isinstance(value, Scalar) else Scalar(primitive=value))
    assert Literal.from_dict(data) == expected
    if oracle_versions.PARSE_DICT_READS_INTEGERS_AS_NUMBERS:
        assert parse_dict(Literal, data) == expected
    else:
        assert parse_dict_refuses(Literal, data)


def test_float32_forms() -> None:
    for ratio in (0.1, "0.1", 1, "3.4028234663852886e38", "-0", "NaN", "Infinity", 1e-46):
        data = {"minSuccessRatio": ratio}
        assert ArrayNode.from_dict(data) == parse_dict(ArrayNode, data), ratio


# ------------------------------------------------------------------------------------------ written forms


WRITTEN = [
    (Primitive(float_value=-0.0), {"floatValue": -0.0}),
    (Primitive(float_value=float("nan")), {"floatValue": "NaN"}),
    (Primitive(float_value=float("-inf")), {"floatValue": "-Infinity"}),
    (Primitive(integer=-(2**63)), {"integer": "-9223372036854775808"}),
    (Primitive(integer=0), {"integer": "0"}),  # a oneof member is written even at its default
    (Primitive(boolean=False), {"boolean": False}),
    (Primitive(string_value=""), {"stringValue": ""}),
    (Primitive(datetime=Timestamp.from_parts(0, 0)), {"datetime": "1970-01-01T00:00:00Z"}),
    (Primitive(datetime=Timestamp.from_parts(-62_135_596_800, 10_000_000)), {"datetime": "0001-01-01T00:00:00.010Z"}),
    (Primitive(datetime=Timestamp.from_parts(1, 1000)), {"datetime": "1970-01-01T00:00:01.000001Z"}),
    (Primitive(datetime=Timestamp.from_parts(253_402_300_799, 999_999_999)),
     {"datetime": "9999-12-31T23:59:59.999999999Z"}),
    (Primitive(duration=Duration.from_parts(0, -1)), {"duration": "-0.000000001s"}),
    (Primitive(duration=Duration.from_parts(1, 500_000_000)), {"duration": "1.500s"}),
    (Primitive(duration=Duration.from_parts(-315_576_000_000, 0)), {"duration": "-315576000000s"}),
    (ArrayNode(min_success_ratio=0.1), {"minSuccessRatio": 0.1}),
    (ArrayNode(min_success_ratio=1 / 3), {"minSuccessRatio": 0.33333334}),
    (ArrayNode(parallelism=0), {"parallelism": 0}),
    (Scalar(generic={"i": 3, "l": [None, True, "x"], "o": {}}),
     {"generic": {"i": 3.0, "l": [None, True, "x"], "o": {}}}),
    (Literal(scalar=Scalar(binary=Binary(value=b"\xfb\xff", tag="t"))),
     {"scalar": {"binary": {"value": "+/8=", "tag": "t"}}}),
    (NodeExecutionClosure(phase=42), {"phase": 42}),
    (NodeExecutionClosure(task_node_metadata=TaskNodeMetadata()), {"taskNodeMetadata": {}}),
    (LiteralType(simple=0), {"simple": "NONE"}),
]


@pytest.mark.parametrize(("record", "want"), WRITTEN, ids=lambda x: repr(x)[:50])
def test_written_forms(record: Entity, want: dict[str, Any]) -> None:
    assert_same_json(record.to_dict(), want)
    assert_same_json(json_format.MessageToDict(record.to_flyte_idl()), want)


@pytest.mark.parametrize("make", fixtures.NODES, ids=lambda f: f.__name__)
def test_realistic_nodes(make: Any) -> None:
    record = make()
    want = json_format.MessageToDict(record.to_flyte_idl())
    assert_same_json(record.to_dict(), want)
    assert NodeExecution.from_dict(want) == record
    run = fixtures.example_run()
    assert NodeExecutionList.from_dict(run.to_dict()) == run


def test_nan_in_a_struct_names_its_path() -> None:
    record = Literal(scalar=Scalar(generic={"ok": 1.0, "l": [1.0, float("inf")]}))
    with pytest.raises(json_format.SerializeToJsonError):
        json_format.MessageToDict(record.to_flyte_idl())
    with pytest.raises(ConversionError) as caught:
        record.to_dict()
    assert caught.value.path == "scalar.generic['l'][1]"
    assert "Infinity" in caught.value.reason


def test_duration_beyond_protobuf_range_is_refused_when_made() -> None:
    with pytest.raises(ValueError, match=r"^NodeExecutionClosure\.duration: .*range"):  # so no writer meets it
        NodeExecutionClosure(duration=timedelta(days=4_000_000))


# ------------------------------------------------------------------------------------------ bad input

REJECTS, MANGLES = "ParseDict rejects", "ParseDict mangles"
#: ParseDict reads no integer written with a fraction before protobuf 6.30.
MANGLES_SINCE_6_30 = MANGLES if oracle_versions.PARSE_DICT_READS_INTEGERS_AS_NUMBERS else REJECTS
closure = NodeExecutionClosure

BAD = [
    # (class, input, path of the error, words in its reason, what ParseDict does)
    (NodeExecution, {"bogus": 1}, "bogus", "no field 'bogus'", REJECTS),
    (NodeExecution, {"closure": {"taskNodeMetadata": {"catalogKey": {"nope": 1}}}},
     "closure.taskNodeMetadata.catalogKey.nope", "no field", REJECTS),
    (NodeExecution, {"closure": {"taskNodeMetadata": {"cacheStatus": "HIT"}}},
     "closure.taskNodeMetadata.cacheStatus", "not a value of flyteidl.core.CatalogCacheStatus", REJECTS),
    (NodeExecution, {"closure": {"taskNodeMetadata": {"cacheStatus": 3.5}}},
     "closure.taskNodeMetadata.cacheStatus", "float 3.5", MANGLES),
    (NodeExecution, {"closure": {"phase": True}}, "closure.phase", "bool True", MANGLES),
    (NodeExecution, {"closure": {"phase": 2**40}}, "closure.phase", "out of range", MANGLES),
    (NodeExecution, {"closure": {"phase": "3.0"}}, "closure.phase", "not a value", REJECTS),
    (NodeExecution, {"closure": {"phase": [3]}}, "closure.phase", "list", REJECTS),
    (NodeExecution, {"inputUri": "a", "input_uri": "b"}, "inputUri", "given twice", MANGLES),
    (NodeExecution, {"closure": {"outputUri": "x", "output_uri": None}}, "closure.outputUri", "given twice", MANGLES),
    (NodeExecution, {"closure": {"outputUri": "x", "error": {}}}, "closure.error", "oneof 'output_result'", REJECTS),
    (NodeExecution, {"closure": {"output_uri": "x", "outputData": {}}}, "closure.outputData", "oneof", REJECTS),
    (NodeExecution, {"inputUri": 5}, "inputUri", "expected a string, got int 5", REJECTS),
    (NodeExecution, {"inputUri": "\ud800"}, "inputUri", "surrogate", REJECTS),
    (NodeExecution, {"inputUri": "\ud83d\ude00"}, "inputUri", "surrogate", REJECTS),
    (NodeExecution, {"metadata": {"isParentNode": "true"}}, "metadata.isParentNode", "expected true or false",
     REJECTS),
    (NodeExecution, {"metadata": {"isParentNode": 1}}, "metadata.isParentNode", "expected true or false", REJECTS),
    (NodeExecution, {"closure": "abc"}, "closure", "expected a JSON object", REJECTS),
    (NodeExecution, {"closure": []}, "closure", "expected a JSON object", MANGLES),  # an empty closure
    (NodeExecution, {"closure": {"startedAt": "1972-01-01t10:00:20Z"}}, "closure.startedAt", "lowercase", REJECTS),
    (NodeExecution, {"closure": {"startedAt": "1972-01-01T10:00:20z"}}, "closure.startedAt", "not a valid timestamp",
     REJECTS),
    (NodeExecution, {"closure": {"startedAt": "1972-01-01T10:00:20"}}, "closure.startedAt", "timestamp", REJECTS),
    (NodeExecution, {"closure": {"startedAt": "1972-01-01T10:00:60Z"}}, "closure.startedAt", "second", REJECTS),
    (NodeExecution, {"closure": {"startedAt": "1972-01-01T10:00:20.1234567891Z"}}, "closure.startedAt",
     "fractional digits", REJECTS),
    (NodeExecution, {"closure": {"startedAt": "0001-01-01T00:00:00+00:01"}}, "closure.startedAt", "outside", REJECTS),
    (NodeExecution, {"closure": {"createdAt": 0}}, "closure.createdAt", "expected an RFC 3339 timestamp", REJECTS),
    (NodeExecution, {"closure": {"updatedAt": "1972-01-01T10:00:20+0530"}}, "closure.updatedAt", "offset", REJECTS),
    (NodeExecution, {"closure": {"duration": "1.5"}}, "closure.duration", "ends with 's'", REJECTS),
    (NodeExecution, {"closure": {"duration": 1.5}}, "closure.duration", "expected a duration string", REJECTS),
    (NodeExecution, {"closure": {"duration": "315576000001s"}}, "closure.duration", "outside", REJECTS),
    (NodeExecution, {"closure": {"duration": " -1.5s"}}, "closure.duration", "signs", REJECTS),
    (NodeExecution, {"closure": {"taskNodeMetadata": {"catalogKey": {"datasetId": {"resourceType": "NOPE"}}}}},
     "closure.taskNodeMetadata.catalogKey.datasetId.resourceType", "flyteidl.core.ResourceType", REJECTS),
    (NodeExecutionList, {"nodeExecutions": [{}, {}, {}, {"closure": {"phase": "X"}}]},
     "nodeExecutions[3].closure.phase", "not a value", REJECTS),
    (NodeExecutionList, {"nodeExecutions": [{}, None]}, "nodeExecutions[1]", "null is not allowed", REJECTS),
    (NodeExecutionList, {"nodeExecutions": {"a": {}}}, "nodeExecutions", "expected a JSON array", REJECTS),
    (NodeExecutionList, {"nodeExecutions": "abc"}, "nodeExecutions", "expected a JSON array", REJECTS),
    (NodeExecution, {"closure": {"outputData": {"literals": {"key": {"scalar": {"primitive": {"integer": "1.5"}}}}}}},
     "closure.outputData.literals['key'].scalar.primitive.integer", "not an integer", REJECTS),
    (NodeExecution, {"closure": {"outputData": {"literals": {"key": None}}}}, "closure.outputData.literals['key']",
     "null is not allowed", REJECTS),
    (NodeExecution, {"closure": {"outputData": {"literals": []}}}, "closure.outputData.literals", "JSON object",
     REJECTS),
    (Literal, {"metadata": {"k": 1}}, "metadata['k']", "expected a string", REJECTS),
    (Literal, {"metadata": {1: "v"}}, "metadata[1]", "strings", REJECTS),
    (Literal, {"metadata": {"a": "b", "k": "\udc00"}}, "metadata['k']", "surrogate", REJECTS),
    (Node, {"upstreamNodeIds": ["a", 5]}, "upstreamNodeIds[1]", "expected a string", REJECTS),
    (Node, {"upstreamNodeIds": ["a", None]}, "upstreamNodeIds[1]", "null is not allowed", REJECTS),
    (Node, {"upstreamNodeIds": "a"}, "upstreamNodeIds", "expected a JSON array", REJECTS),
    (Literal, _primitive(integer=True), "scalar.primitive.integer", "bool", REJECTS),
    (Literal, _primitive(integer=2**63), "scalar.primitive.integer", "out of range for int64", REJECTS),
    (Literal, _primitive(integer="1 2"), "scalar.primitive.integer", "space", REJECTS),
    (Literal, _primitive(integer="abc"), "scalar.primitive.integer", "not an integer", REJECTS),
    (Literal, _primitive(integer=1.5), "scalar.primitive.integer", "not an integer", REJECTS),
    (Literal, _primitive(integer="9007199254740993.0"), "scalar.primitive.integer", "exactly", MANGLES_SINCE_6_30),
    (Literal, _primitive(floatValue=True), "scalar.primitive.floatValue", "bool", MANGLES),
    (Literal, _primitive(floatValue="nan"), "scalar.primitive.floatValue", "NaN", REJECTS),
    (Literal, _primitive(floatValue=float("nan")), "scalar.primitive.floatValue", "not JSON", REJECTS),
    (Literal, _primitive(floatValue=float("inf")), "scalar.primitive.floatValue", "not JSON", REJECTS),
    (Literal, _primitive(floatValue="one"), "scalar.primitive.floatValue", "not a number", REJECTS),
    (Literal, _primitive(floatValue=2**53 + 1), "scalar.primitive.floatValue", "no exact double", MANGLES),
    (Literal, _primitive(integer=1, floatValue=1.0), "scalar.primitive.floatValue", "oneof 'value'", REJECTS),
    (Literal, {"scalar": {"binary": {"value": "Y"}}}, "scalar.binary.value", "whole bytes", REJECTS),
    (Literal, {"scalar": {"binary": {"value": "Y Q"}}}, "scalar.binary.value", "not base64", REJECTS),
    (Literal, {"scalar": {"binary": {"value": "YQ==YQ=="}}}, "scalar.binary.value", "not base64", MANGLES),
    (Literal, {"scalar": {"binary": {"value": "YQ=x"}}}, "scalar.binary.value", "not base64", MANGLES),
    (Literal, {"scalar": {"binary": {"value": "YW!J"}}}, "scalar.binary.value", "not base64", MANGLES),
    (Literal, {"scalar": {"binary": {"value": 5}}}, "scalar.binary.value", "expected a base64 string", REJECTS),
    (Literal, {"scalar": {"generic": []}}, "scalar.generic", "Struct", REJECTS),
    (Literal, {"scalar": {"generic": {"a": {"b": [1, 2**60 + 1]}}}}, "scalar.generic['a']['b'][1]",
     "no exact double", MANGLES),
    (Literal, {"scalar": {"generic": {"a": [1, {2: 3}]}}}, "scalar.generic['a'][1][2]", "strings", REJECTS),
    (Literal, {"scalar": {"generic": {"a": {1, 2}}}}, "scalar.generic['a']", "not a JSON value", REJECTS),
    (Literal, {"scalar": {"generic": {"a": "\udc00"}}}, "scalar.generic['a']", "surrogate", REJECTS),
    (Literal, {"collection": {"literals": [{}, {"collection": {"literals": [{"hash": 1}]}}]}},
     "collection.literals[1].collection.literals[0].hash", "expected a string", REJECTS),
    (ArrayNode, {"minSuccessRatio": 1e39}, "minSuccessRatio", "32-bit float", REJECTS),
    (ArrayNode, {"minSuccessRatio": "1e39"}, "minSuccessRatio", "32-bit float", MANGLES),
    (ArrayNode, {"parallelism": -1}, "parallelism", "out of range for uint32", REJECTS),
    (ArrayNode, {"parallelism": "4294967296"}, "parallelism", "out of range for uint32", REJECTS),
    (ArrayNode, {"isOriginalSubNodeInterface": "yes"}, "isOriginalSubNodeInterface", "true or false", REJECTS),
    (LiteralType, {"simple": "INTEGER", "blob": {}}, "blob", "oneof 'type'", REJECTS),
    (LiteralType, {"simple": "INTEGER", "metadata": 3}, "metadata", "Struct", REJECTS),
]


@pytest.mark.parametrize(("cls", "data", "path", "reason", "oracle"), BAD, ids=[f"{b[0].__name__}-{b[2]}" for b in BAD])
def test_bad_input(cls: type[Entity], data: Any, path: str, reason: str, oracle: str) -> None:
    with pytest.raises(ConversionError) as caught:
        cls.from_dict(data)
    assert caught.value.path == path
    assert reason in caught.value.reason
    assert str(caught.value) == f"{path}: {caught.value.reason}"
    assert parse_dict_refuses(cls, data) == (oracle == REJECTS)


@pytest.mark.parametrize("data", [[], "{}", None, 3, b"{}", [("inputUri", "x")]], ids=repr)
def test_top_level_must_be_an_object(data: Any) -> None:
    with pytest.raises(ConversionError, match="expected a dict") as caught:
        NodeExecution.from_dict(data)
    assert caught.value.path == ""


def test_top_level_non_string_key() -> None:
    for ignore in (False, True):
        with pytest.raises(ConversionError, match="field names are strings"):
            NodeExecution.from_dict({"inputUri": "x", 7: "y"}, ignore_unknown_fields=ignore)


def test_mappings_are_objects() -> None:
    data = MappingProxyType({"inputUri": "x", "closure": MappingProxyType({"phase": "FAILED"})})
    assert NodeExecution.from_dict(data) == NodeExecution(input_uri="x", closure=NodeExecutionClosure(phase=5))


# ------------------------------------------------------------------------------------- ignore_unknown_fields

UNKNOWN = [
    {"inputUri": "x", "newTopField": {"a": [1]}},
    {"closure": {"phase": "QUEUED", "newField": 1, "taskNodeMetadata": {"cacheStatus": 2, "new": None}}},
    {"closure": {"phase": "SOME_NEW_PHASE", "outputUri": "o"}},
    {"closure": {"taskNodeMetadata": {"cacheStatus": "CACHE_NEW"}}},
    {"closure": {"outputData": {"literals": {"a": {"scalar": {"primitive": {"integer": "1"}, "future": 2}}}}}},
]
#: What the unknown enum names above are read as, ignored: ParseDict refuses them before protobuf 5.27.
UNKNOWN_ENUM_NAMES_IGNORED = {
    json.dumps(UNKNOWN[2]): NodeExecution(closure=closure(output_uri="o")),
    json.dumps(UNKNOWN[3]): NodeExecution(closure=closure(task_node_metadata=TaskNodeMetadata())),
}


def parse_dict_ignoring(cls: type[Entity], data: dict[str, Any]) -> Entity:
    """ParseDict's record with ``ignore_unknown_fields=True``, as protobuf 5.27 on gives it."""
    if not oracle_versions.PARSE_DICT_DROPS_UNKNOWN_ENUM_NAMES and json.dumps(data) in UNKNOWN_ENUM_NAMES_IGNORED:
        assert parse_dict_refuses(cls, data, ignore_unknown_fields=True)
        return UNKNOWN_ENUM_NAMES_IGNORED[json.dumps(data)]
    return parse_dict(cls, data, ignore_unknown_fields=True)


@pytest.mark.parametrize("data", UNKNOWN, ids=lambda d: json.dumps(d)[:60])
def test_ignore_unknown_fields(data: dict[str, Any]) -> None:
    with pytest.raises(ConversionError, match="ignore_unknown_fields|not a value"):
        NodeExecution.from_dict(data)
    assert parse_dict_refuses(NodeExecution, data)
    got = NodeExecution.from_dict(data, ignore_unknown_fields=True)
    assert got == parse_dict_ignoring(NodeExecution, data)
    if json.dumps(data) in UNKNOWN_ENUM_NAMES_IGNORED:
        assert got == UNKNOWN_ENUM_NAMES_IGNORED[json.dumps(data)]


def test_ignored_enum_name_in_a_oneof_leaves_it_unset() -> None:
    data = {"simple": "FUTURE_TYPE", "metadata": {"k": "v"}}
    got = LiteralType.from_dict(data, ignore_unknown_fields=True)
    if oracle_versions.PARSE_DICT_DROPS_UNKNOWN_ENUM_NAMES:
        assert got == parse_dict(LiteralType, data, ignore_unknown_fields=True)
    assert got.simple is None and got.metadata == {"k": "v"}


def test_unknown_fields_still_count_for_other_errors() -> None:
    with pytest.raises(ConversionError) as caught:
        NodeExecution.from_dict({"new": 1, "closure": {"phase": 2.5}}, ignore_unknown_fields=True)
    assert caught.value.path == "closure.phase"


# ----------------------------------------------------------------------------------------------- nesting


def _nested_collections(n: int) -> dict[str, Any]:
    literal: dict[str, Any] = {"scalar": {"primitive": {"integer": "7"}}}
    for _ in range(n):
        literal = {"collection": {"literals": [literal]}}
    return literal


def _nested_maps(n: int) -> dict[str, Any]:
    literal: dict[str, Any] = {"scalar": {"primitive": {"datetime": "2024-05-17T09:30:01Z"}}}
    for i in range(n):
        literal = {"map": {"literals": {f"k{i}": literal}}}
    return literal


def _nested_struct(n: int) -> dict[str, Any]:
    value: Any = 1
    for i in range(n):
        value = [value] if i % 2 else {"v": value}
    return {"scalar": {"generic": {"top": value}}}


def _nested_types(n: int) -> dict[str, Any]:
    t: dict[str, Any] = {"simple": "INTEGER"}
    for _ in range(n):
        t = {"collectionType": t}
    return t


NESTINGS = [(Literal, _nested_collections), (Literal, _nested_maps), (Literal, _nested_struct),
            (LiteralType, _nested_types)]


def _reads(read: Any, data: Any) -> bool:
    try:
        read(data)
    except (json_format.ParseError, ConversionError):
        return False
    return True


def _deepest(read: Any, build: Any) -> int:
    low, high = 0, 200  # read(build(low)) succeeds, read(build(high)) fails
    while high - low > 1:
        mid = (low + high) // 2
        if _reads(read, build(mid)):
            low = mid
        else:
            high = mid
    return low


@pytest.mark.parametrize(("cls", "build"), NESTINGS, ids=lambda x: getattr(x, "__name__", ""))
def test_nesting_limit_is_the_binary_formats(cls: type[Entity], build: Any) -> None:
    deepest = _deepest(cls.from_dict, build)
    assert 30 < deepest < 100
    record = cls.from_dict(build(deepest))
    message = json_format.ParseDict(build(deepest), cls.PROTO())
    assert record == cls.from_flyte_idl(message) == cls.from_bytes(record.to_bytes())
    assert_same_json(record.to_dict(), json_format.MessageToDict(message))
    with pytest.raises(ConversionError, match="nested more than 100") as caught:
        cls.from_dict(build(deepest + 1))
    assert caught.value.path  # it says where
    too_deep = json_format.ParseDict(build(deepest + 1), cls.PROTO(), max_recursion_depth=1000)
    with pytest.raises(ConversionError, match="100"):  # the proto format draws the line at the same place
        cls.from_flyte_idl(too_deep)


def test_parse_dict_reads_maps_deeper_than_protobufs_binary_decoder() -> None:
    # ParseDict does not count map entries; the binary decoder (and every format here) does.
    ours = _deepest(Literal.from_dict, _nested_maps)
    theirs = _deepest(lambda d: json_format.ParseDict(d, literals_pb2.Literal()), _nested_maps)
    assert ours < theirs
    deepest_parse_dict_reads = json_format.ParseDict(_nested_maps(theirs), literals_pb2.Literal())
    with pytest.raises(DecodeError):
        literals_pb2.Literal.FromString(deepest_parse_dict_reads.SerializeToString())


def test_records_are_made_within_the_same_limit() -> None:
    record = Literal(scalar=Scalar(primitive=Primitive(integer=1)))
    for _ in range(48):
        record = Literal(collection=LiteralCollection(literals=(record,)))
    assert Literal.from_dict(record.to_dict()) == record  # the innermost Primitive is level 99
    with pytest.raises(ValueError, match=r"^Literal\.collection: .*deeper than protobuf's limit of 100"):
        Literal(collection=LiteralCollection(literals=(record,)))  # so no writer meets it


def _wrapped(literal: Any, times: int, as_json: bool) -> Any:
    for _ in range(times):
        literal = {"collection": {"literals": [literal]}} if as_json else \
            Literal(collection=LiteralCollection(literals=(literal,)))
    return literal


# Literal n wraps deep is level 2n + 1, its Scalar 2n + 2, the Struct 2n + 3; each struct entry is a level,
# its Value one more, and a Value's ListValue or Struct one more again.
STRUCTS_AT_THE_LIMIT = [(46, {"a": [1.0]}, True), (47, {"a": [1.0]}, False), (47, {"a": []}, True),
                        (47, {"a": 1.0}, True), (48, {"a": 1.0}, False), (47, {"a": {}}, True),
                        (48, {"a": {}}, False), (48, {}, True), (49, {}, False)]


@pytest.mark.parametrize(("wraps", "generic", "fits"), STRUCTS_AT_THE_LIMIT, ids=repr)
def test_structs_at_the_limit(wraps: int, generic: dict[str, Any], fits: bool) -> None:
    data = _wrapped({"scalar": {"generic": generic}}, wraps, as_json=True)
    if not fits:
        with pytest.raises(ValueError, match="deeper than protobuf's limit of 100"):
            _wrapped(Literal(scalar=Scalar(generic=generic)), wraps, as_json=False)
    record = _wrapped(Literal(scalar=Scalar(generic=generic)), wraps, as_json=False) if fits else None
    message = json_format.ParseDict(data, literals_pb2.Literal(), max_recursion_depth=1000)
    assert _reads(Literal.from_flyte_idl, message) == fits  # the proto format agrees
    if fits:
        want = json_format.MessageToDict(json_format.ParseDict(data, literals_pb2.Literal()))
        assert_same_json(record.to_dict(), want)
        assert Literal.from_dict(data) == record
    else:
        with pytest.raises(ConversionError, match="nested more than 100"):
            Literal.from_dict(data)


# ------------------------------------------------------------------------------------------ the converter


def test_cattrs_converter_entry_points() -> None:
    converter = dict_format.converter
    record = fixtures.cache_hit_task_node()
    data = converter.unstructure(record)
    assert data == record.to_dict()
    assert converter.structure(data, NodeExecution) == record
    assert converter.structure_with({"closure": {"x": 1}}, NodeExecution, ignore_unknown_fields=True) == \
        NodeExecution(closure=NodeExecutionClosure())
    fresh = dict_format.make_converter()
    assert fresh.structure(data, NodeExecution) == record and fresh.unstructure(record) == data


def test_dicts_written_are_fresh_and_mutable() -> None:
    record = fixtures.output_data_node()
    one, two = record.to_dict(), record.to_dict()
    assert one == two and one is not two
    literals = one["closure"]["outputData"]["literals"]
    assert type(literals) is dict and type(literals["rows"]["collection"]["literals"]) is list
    literals.clear()
    assert record.to_dict() == two


def test_reading_does_not_change_the_input() -> None:
    data = json_format.MessageToDict(fixtures.output_data_node().to_flyte_idl())
    before = json.dumps(data, sort_keys=True)
    NodeExecution.from_dict(data)
    NodeExecution.from_dict({**data, "new": 1}, ignore_unknown_fields=True)
    assert json.dumps(data, sort_keys=True) == before


def test_proto_names_and_json_names_give_one_record() -> None:
    record = fixtures.cache_hit_task_node()
    proto_named = json_format.MessageToDict(record.to_flyte_idl(), preserving_proto_field_name=True)
    numbered = json_format.MessageToDict(record.to_flyte_idl(), use_integers_for_enums=True)
    assert NodeExecution.from_dict(proto_named) == record == NodeExecution.from_dict(numbered)


def test_literal_type_annotations_and_struct_values() -> None:
    p = types_pb2.LiteralType(simple=types_pb2.STRUCT)
    p.metadata.update({"a": [1, "b", None, {"c": False}]})
    record = LiteralType.from_flyte_idl(p)
    assert_same_json(record.to_dict(), json_format.MessageToDict(p))
    assert LiteralType.from_dict(json_format.MessageToDict(p)) == record
    assert record.metadata == {"a": (1.0, "b", None, {"c": False})}


def test_empty_and_explicitly_empty_messages() -> None:
    p = node_execution_pb2.NodeExecution()
    p.closure.output_data.SetInParent()
    p.closure.task_node_metadata.catalog_key.SetInParent()
    record = NodeExecution.from_flyte_idl(p)
    want = {"closure": {"taskNodeMetadata": {"catalogKey": {}}, "outputData": {}}}
    assert_same_json(record.to_dict(), want)
    assert NodeExecution.from_dict(want) == record
    assert NodeExecution().to_dict() == {} and NodeExecution.from_dict({}) == NodeExecution()


def test_bytes_in_any_base64_alphabet() -> None:
    raw = bytes(range(256))
    p = literals_pb2.Literal(scalar=literals_pb2.Scalar(binary=literals_pb2.Binary(value=raw)))
    record = Literal.from_flyte_idl(p)
    for text in (base64.b64encode(raw).decode(), base64.urlsafe_b64encode(raw).decode(),
                 base64.urlsafe_b64encode(raw).decode().rstrip("=")):
        assert Literal.from_dict({"scalar": {"binary": {"value": text}}}) == record
    assert record.to_dict() == json_format.MessageToDict(p)
