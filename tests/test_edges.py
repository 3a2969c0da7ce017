"""Values at the edges of their ranges: lossless in every format, refused cleanly where protobuf has no form.

- 32-bit floats and doubles at their ends (largest, smallest subnormal, infinities, NaN, their string forms)
  are written as ``json_format``/``text_format`` write them and read as they read them;
- strings without a UTF-8 form, timestamps and durations outside protobuf's ranges, numbers too large for
  their field and nesting past protobuf's limit are refused when a record is made: a ``TypeError`` or
  ``ValueError`` naming ``Class.field``, never an ``OverflowError`` (readers: a ``ConversionError`` naming
  the path);
- every operation on the deepest records the constructors make works (no ``RecursionError``);
- an error message shows a bounded excerpt of a bad value or key, with its length.
"""

from __future__ import annotations

import copy
import math
import pickle
import sys
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import attrs
import pytest
from flyteidl.core import literals_pb2, workflow_pb2
from google.protobuf import json_format, text_format
from hypothesis import given
from hypothesis import strategies as st
from strategies import ENTITY_CLASSES, class_id
from test_nesting import CHAINS, LIMIT, chain_id

from flyte_node_models import ConversionError, Entity
from flyte_node_models._errors import EXCERPT_CHARACTERS, excerpt
from flyte_node_models.core.identifier import Identifier
from flyte_node_models.core.workflow import ArrayNode
from flyte_node_models.literals import Literal, LiteralCollection, LiteralMap, Primitive, Scalar
from flyte_node_models.node_execution import NodeExecution, NodeExecutionClosure
from flyte_node_models.task import Container
from flyte_node_models.types import LiteralType
from flyte_node_models.wellknown import Duration, FrozenDict, Timestamp

FLOAT32_MAX = float.fromhex("0x1.fffffep+127")  # 3.4028234663852886e+38, written 3.4028235e+38
FLOAT32_MIN_SUBNORMAL = float.fromhex("0x1p-149")  # 1.401298464324817e-45
FLOAT32_MIN_NORMAL = float.fromhex("0x1p-126")
#: The midpoint between the largest 32-bit float and the next power of two: it and all beyond round to infinity.
FLOAT32_OVERFLOW = float.fromhex("0x1.ffffffp+127")
DOUBLE_MIN_SUBNORMAL = 5e-324
INF, NAN = math.inf, math.nan
MIB = 1 << 20


def same_float(a: float, b: float) -> bool:
    return (a != a and b != b) or (a == b and math.copysign(1, a) == math.copysign(1, b))


# -------------------------------------------------------------------------------- floats at their ends

FLOAT32_EDGES = [FLOAT32_MAX, -FLOAT32_MAX, FLOAT32_MIN_SUBNORMAL, -FLOAT32_MIN_SUBNORMAL, FLOAT32_MIN_NORMAL,
                 INF, -INF, NAN, 0.0, -0.0, 0.1, 16777217.0]
DOUBLE_EDGES = [sys.float_info.max, -sys.float_info.max, DOUBLE_MIN_SUBNORMAL, -DOUBLE_MIN_SUBNORMAL,
                sys.float_info.min, INF, -INF, NAN, 0.0, -0.0, 2.0**53, 0.1]


def array_node(v: float) -> tuple[ArrayNode, Any]:
    return ArrayNode(min_success_ratio=v), workflow_pb2.ArrayNode(min_success_ratio=v)


def primitive(v: float) -> tuple[Primitive, Any]:
    return Primitive(float_value=v), literals_pb2.Primitive(float_value=v)


@pytest.mark.parametrize("v", FLOAT32_EDGES, ids=repr)
def test_float32_ends_are_written_as_protobuf_writes_them_and_come_back(v: float) -> None:
    record, message = array_node(v)
    assert same_float(record.min_success_ratio, message.min_success_ratio)
    # by bytes: protobuf before 5.27 compares messages holding a NaN unequal
    assert record.to_flyte_idl().SerializeToString() == message.SerializeToString()
    assert record.to_dict() == json_format.MessageToDict(message)
    assert record.to_text() == text_format.MessageToString(message)
    for back in (ArrayNode.from_dict(record.to_dict()), ArrayNode.from_text(record.to_text()),
                 ArrayNode.from_bytes(record.to_bytes()), ArrayNode.from_flyte_idl(message)):
        assert back == record and same_float(back.min_success_ratio, record.min_success_ratio)


def test_float32_largest_value_is_read_as_message_to_dict_writes_it() -> None:
    assert json_format.MessageToDict(array_node(FLOAT32_MAX)[1]) == {"minSuccessRatio": 3.4028235e38}
    for given_ in (3.4028235e38, "3.4028235e38", "3.4028235e+38", -3.4028235e38, "-3.4028235e38"):
        assert ArrayNode.from_dict({"minSuccessRatio": given_}).min_success_ratio == math.copysign(FLOAT32_MAX,
                                                                                                  float(given_))
    # ParseDict reads the string form alike (and refuses the number it writes itself)
    parsed = json_format.ParseDict({"minSuccessRatio": "3.4028235e38"}, workflow_pb2.ArrayNode())
    assert ArrayNode.from_dict({"minSuccessRatio": "3.4028235e38"}) == ArrayNode.from_flyte_idl(parsed)


# Forms that json_format.ParseDict reads: the record is what it reads.
FLOAT32_FORMS = ["3.4028235e38", "-3.4028235e38", "3.4028235e+38", "Infinity", "-Infinity", "NaN", "1.4e-45",
                 "1e-46", "-0", "0.1", 1.4e-45, 1e-46, -0.0, 16777217, "16777217", 1.17549435e-38]


@pytest.mark.parametrize("given_", FLOAT32_FORMS, ids=repr)
def test_float32_forms_read_as_parse_dict_reads_them(given_: Any) -> None:
    expected = json_format.ParseDict({"minSuccessRatio": given_}, workflow_pb2.ArrayNode()).min_success_ratio
    assert same_float(ArrayNode.from_dict({"minSuccessRatio": given_}).min_success_ratio, expected)


DOUBLE_FORMS = ["1.7976931348623157e308", "-1.7976931348623157e308", "5e-324", "4e-324", "1e-400", "Infinity",
                "-Infinity", "NaN", "-0", 5e-324, sys.float_info.max, 2**53, "1e309"]


@pytest.mark.parametrize("given_", DOUBLE_FORMS, ids=repr)
def test_double_forms_read_as_parse_dict_reads_them(given_: Any) -> None:
    expected = json_format.ParseDict({"floatValue": given_}, literals_pb2.Primitive()).float_value
    assert same_float(Primitive.from_dict({"floatValue": given_}).float_value, expected)


@pytest.mark.parametrize("given_", ["3.4028235677973366e38", "3.5e38", "1e39", "-1e39", 1e39, 3.5e38])
def test_float32_beyond_the_largest_is_refused_by_the_dict_format(given_: Any) -> None:
    # ParseDict makes such a string an infinity, and refuses such a number
    with pytest.raises(ConversionError, match="out of range for a 32-bit float") as caught:
        ArrayNode.from_dict({"minSuccessRatio": given_})
    assert caught.value.path == "minSuccessRatio"


@pytest.mark.parametrize("v", DOUBLE_EDGES, ids=repr)
def test_double_ends_are_written_as_protobuf_writes_them_and_come_back(v: float) -> None:
    record, message = primitive(v)
    assert record.to_dict() == json_format.MessageToDict(message)
    assert record.to_text() == text_format.MessageToString(message)
    for back in (Primitive.from_dict(record.to_dict()), Primitive.from_text(record.to_text()),
                 Primitive.from_bytes(record.to_bytes())):
        assert back == record and same_float(back.float_value, v)


@given(st.floats(width=32) | st.sampled_from(FLOAT32_EDGES))
def test_every_float32_round_trips_in_every_format(v: float) -> None:
    record, message = array_node(v)
    assert record.to_dict() == json_format.MessageToDict(message)
    assert record.to_text() == text_format.MessageToString(message)
    assert ArrayNode.from_dict(record.to_dict()) == record
    assert ArrayNode.from_text(record.to_text()) == record
    assert ArrayNode.from_bytes(record.to_bytes()) == record


@given(st.floats(min_value=FLOAT32_MAX, max_value=sys.float_info.max).flatmap(lambda f: st.sampled_from([f, int(f)])))
def test_a_float32_is_the_nearest_one_and_beyond_the_largest_a_value_error(v: float) -> None:
    # a protobuf message makes such a value an infinity; a record keeps only what a 32-bit float holds, and
    # refuses a finite value that would become infinite
    beyond = abs(v) >= FLOAT32_OVERFLOW
    if not beyond:
        assert ArrayNode(min_success_ratio=v).min_success_ratio == FLOAT32_MAX
        return
    with pytest.raises(ValueError, match=r"^ArrayNode\.min_success_ratio: .* out of range for a 32-bit float"):
        ArrayNode(min_success_ratio=v)
    with pytest.raises(ValueError, match=r"^ArrayNode\.min_success_ratio: .* out of range for a 32-bit float"):
        ArrayNode(min_success_ratio=-v)


def test_numbers_too_large_for_their_field_name_the_field() -> None:
    cases = [
        (lambda: Primitive(float_value=10**400), r"^Primitive\.float_value: an int of 1329 bits is too large"),
        (lambda: ArrayNode(min_success_ratio=1e39), r"^ArrayNode\.min_success_ratio: 1e\+39 is out of range"),
        (lambda: ArrayNode(min_success_ratio=10**400), r"^ArrayNode\.min_success_ratio: an int of 1329 bits"),
        (lambda: Scalar(generic={"n": 10**400}), r"^Scalar\.generic: an int of 1329 bits is too large"),
        (lambda: Primitive(integer=10**5000), r"^Primitive\.integer: an int of 16610 bits is out of range"),
        (lambda: NodeExecutionClosure(phase=10**5000), r"^NodeExecutionClosure\.phase: an int of 16610 bits"),
    ]
    for make, message in cases:
        with pytest.raises(ValueError, match=message) as caught:
            make()
        assert not isinstance(caught.value, OverflowError)
    assert ArrayNode(min_success_ratio=INF).min_success_ratio == INF


# ----------------------------------------------------------------------------- strings without UTF-8

SURROGATES = ["\ud800", "a\udfff", "\udc80b", "x" * 10 + "\ud83d"]
STRING_PLACES = [  # (make a record holding s, the field the error names)
    (lambda s: NodeExecution(input_uri=s), "NodeExecution.input_uri"),
    (lambda s: Identifier(name=s), "Identifier.name"),  # a shared string
    (lambda s: Container(command=["run", s]), "Container.command"),  # repeated
    (lambda s: Literal(metadata={s: "v"}), "Literal.metadata"),  # a map key
    (lambda s: Literal(metadata={"k": s}), "Literal.metadata"),  # a map value
    (lambda s: Scalar(generic={"a": [1.0, {"b": s}]}), "Scalar.generic"),  # a Struct string
    (lambda s: Scalar(generic={"a": {s: None}}), "Scalar.generic"),  # a Struct key
    (lambda s: Scalar(generic=FrozenDict({s: 1.0})), "Scalar.generic"),  # a FrozenDict is checked too
]


@pytest.mark.parametrize(("make", "field"), STRING_PLACES, ids=[f for _, f in STRING_PLACES])
@pytest.mark.parametrize("s", SURROGATES, ids=ascii)
def test_a_string_without_utf8_is_refused_when_made(make: Any, field: str, s: str) -> None:
    with pytest.raises(ValueError, match=f"^{field}: .*lone surrogate") as caught:
        make(s)
    assert not isinstance(caught.value, UnicodeError)
    make(s.encode("utf-8", "replace").decode())  # the same string, encodable: made, and written
    make(s.encode("utf-8", "replace").decode()).to_bytes()


@given(st.text(st.characters(min_codepoint=0xD700, max_codepoint=0xE100), max_size=4))
def test_a_record_is_made_exactly_when_its_strings_have_utf8(s: str) -> None:
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        with pytest.raises(ValueError, match=r"^NodeExecution\.input_uri: .*surrogate"):
            NodeExecution(input_uri=s)
        return
    record = NodeExecution(input_uri=s)
    assert NodeExecution.from_bytes(record.to_bytes()) == record
    assert NodeExecution.from_text(record.to_text()) == NodeExecution.from_dict(record.to_dict()) == record


@pytest.mark.parametrize(("data", "path"), [
    ({"inputUri": "\ud800"}, "inputUri"),
    ({"closure": {"outputData": {"literals": {"\udc00": {}}}}}, "closure.outputData.literals"),
    ({"closure": {"outputData": {"literals": {"k": {"scalar": {"generic": {"a": ["\ud800"]}}}}}}},
     "closure.outputData.literals['k'].scalar.generic['a'][0]"),
    ({"closure": {"outputData": {"literals": {"k": {"scalar": {"generic": {"\ud800": 1}}}}}}},
     "closure.outputData.literals['k'].scalar.generic"),
])
def test_the_dict_format_refuses_strings_without_utf8_naming_the_path(data: Any, path: str) -> None:
    with pytest.raises(ConversionError, match="surrogate") as caught:
        NodeExecution.from_dict(data)
    assert caught.value.path.startswith(path)


def test_the_text_format_refuses_strings_without_utf8_naming_the_path() -> None:
    with pytest.raises(ConversionError, match="surrogate") as caught:
        NodeExecution.from_text('input_uri: "\ud800"')
    assert caught.value.path == "input_uri"
    with pytest.raises(ConversionError, match="surrogate") as caught:
        Literal.from_text('metadata { key: "k" value: "a\udfff" }')
    assert caught.value.path.startswith("metadata")


# ------------------------------------------------------------------------ timestamps and durations

EAST, WEST = timezone(timedelta(hours=1)), timezone(timedelta(hours=-1))
TIMESTAMPS_OUT_OF_RANGE = [datetime(1, 1, 1, tzinfo=EAST), datetime(1, 1, 1, 0, 59, 59, 999999, tzinfo=EAST),
                           datetime(9999, 12, 31, 23, 0, tzinfo=WEST), datetime(1, 1, 1, tzinfo=timezone.max)]
TIMESTAMPS_AT_THE_ENDS = [datetime(1, 1, 1, 1, tzinfo=EAST), datetime(1, 1, 1, tzinfo=UTC),
                          datetime(9999, 12, 31, 22, 59, 59, 999999, tzinfo=WEST),
                          Timestamp(9999, 12, 31, 23, 59, 59, 999999, UTC, nanosecond=999)]


@pytest.mark.parametrize("when", TIMESTAMPS_OUT_OF_RANGE, ids=repr)
def test_a_timestamp_outside_protobufs_range_is_refused_when_made(when: datetime) -> None:
    with pytest.raises(ValueError, match=r"^NodeExecutionClosure\.started_at: .*outside protobuf's range") as caught:
        NodeExecutionClosure(started_at=when)
    assert not isinstance(caught.value, OverflowError)
    with pytest.raises(ValueError, match="outside protobuf's range"):
        Timestamp.from_datetime(when)
    with pytest.raises(ValueError, match="outside protobuf's range"):
        Timestamp(when.year, when.month, when.day, when.hour, when.minute, tzinfo=when.tzinfo)


@pytest.mark.parametrize("when", TIMESTAMPS_AT_THE_ENDS, ids=repr)
def test_timestamps_at_the_ends_of_protobufs_range_are_made_and_round_trip(when: datetime) -> None:
    record = NodeExecutionClosure(started_at=when)
    assert record.started_at == when
    for back in (NodeExecutionClosure.from_dict(record.to_dict()), NodeExecutionClosure.from_text(record.to_text()),
                 NodeExecutionClosure.from_bytes(record.to_bytes())):
        assert back == record


offsets = st.timedeltas(min_value=timedelta(hours=-23, minutes=-59), max_value=timedelta(hours=23, minutes=59))
edge_days = st.sampled_from([datetime(1, 1, 1), datetime(1, 1, 1, 23, 59), datetime(9999, 12, 31),
                             datetime(9999, 12, 31, 23, 59, 59, 999999)])


@given(st.one_of(edge_days, st.datetimes()), offsets.map(timezone))
def test_an_aware_datetime_is_made_exactly_when_protobuf_can_hold_its_instant(naive: datetime, zone: Any) -> None:
    when = naive.replace(tzinfo=zone)
    since_epoch = naive - datetime(1970, 1, 1) - zone.utcoffset(None)  # exact, as timedeltas are
    if timedelta(seconds=-62_135_596_800) <= since_epoch < timedelta(seconds=253_402_300_800):
        record = NodeExecutionClosure(started_at=when)
        assert record.started_at == when and NodeExecutionClosure.from_bytes(record.to_bytes()) == record
    else:
        with pytest.raises(ValueError, match=r"^NodeExecutionClosure\.started_at: "):
            NodeExecutionClosure(started_at=when)


DURATION_MAX = timedelta(seconds=315_576_000_000)


@pytest.mark.parametrize("length", [DURATION_MAX + timedelta(seconds=1), -DURATION_MAX - timedelta(seconds=1),
                                    timedelta.max, timedelta.min, timedelta(days=4_000_000)], ids=str)
def test_a_duration_outside_protobufs_range_is_refused_when_made(length: timedelta) -> None:
    with pytest.raises(ValueError, match=r"^NodeExecutionClosure\.duration: .*outside protobuf's range"):
        NodeExecutionClosure(duration=length)
    with pytest.raises(ValueError, match="outside protobuf's range"):
        Duration.from_timedelta(length)
    with pytest.raises(ValueError, match="outside protobuf's range"):
        Duration(length.days, length.seconds, length.microseconds)


def test_durations_at_the_ends_of_protobufs_range_are_made_and_round_trip() -> None:
    for parts in ((315_576_000_000, 999_999_999), (-315_576_000_000, -999_999_999)):
        length = Duration.from_parts(*parts)
        assert Duration.from_nanoseconds(length.total_nanoseconds()) == length
        record = NodeExecutionClosure(duration=length)
        for back in (NodeExecutionClosure.from_dict(record.to_dict()), NodeExecutionClosure.from_text(record.to_text()),
                     NodeExecutionClosure.from_bytes(record.to_bytes())):
            assert back == record and back.duration.to_parts() == parts
    with pytest.raises(ValueError, match="outside protobuf's range"):
        Duration.from_nanoseconds(315_576_000_001 * 10**9)
    with pytest.raises(ValueError, match="outside protobuf's range"):  # past even timedelta's range: no OverflowError
        Duration(days=10**9)


@given(st.timedeltas())
def test_a_timedelta_is_made_a_duration_exactly_when_protobuf_can_hold_it(length: timedelta) -> None:
    if abs(length) < DURATION_MAX + timedelta(seconds=1):
        record = NodeExecutionClosure(duration=length)
        assert record.duration == length and NodeExecutionClosure.from_dict(record.to_dict()) == record
    else:
        with pytest.raises(ValueError, match=r"^NodeExecutionClosure\.duration: "):
            NodeExecutionClosure(duration=length)


# ----------------------------------------------------------------------------------------- nesting

AT_LIMIT = [c for c in CHAINS if c.reaches(LIMIT)]
OPERATIONS = {
    "repr": repr, "str": str, "hash": hash, "short_string": lambda r: r.short_string(),
    "verbose_string": lambda r: r.verbose_string(),
    "eq": lambda r: r == copy.deepcopy(r) == pickle.loads(pickle.dumps(r)),
    "ne": lambda r: r != attrs.evolve(r), "pickle": lambda r: pickle.loads(pickle.dumps(r)),
    "evolve": attrs.evolve, "to_dict": lambda r: type(r).from_dict(r.to_dict()),
    "to_text": lambda r: type(r).from_text(r.to_text()), "to_bytes": lambda r: type(r).from_bytes(r.to_bytes()),
}


@pytest.mark.parametrize("operation", OPERATIONS)
@pytest.mark.parametrize("chain", AT_LIMIT, ids=chain_id)
def test_every_operation_works_on_the_deepest_records_made(chain: Any, operation: str) -> None:
    made = chain.record(LIMIT)
    read = chain.top.from_bytes(made.to_bytes())  # the readers' records: unhashed, filled without constructors
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(_frames()) + 600)  # well below Python's default, whatever pytest's stack is
    try:
        for record in (made, read):
            OPERATIONS[operation](record)
    finally:
        sys.setrecursionlimit(limit)


def test_six_hundred_levels_cannot_be_made_and_what_is_made_works() -> None:
    record = Literal(hash="leaf")
    steps = 0
    with pytest.raises(ValueError, match=r"^Literal\.collection: nests deeper than protobuf's limit of 100"):
        while steps < 600:  # two levels a step
            record = Literal(collection=LiteralCollection(literals=(record,)))
            steps += 1
    assert steps == 49  # the 50th step would make 101 levels
    for operation in OPERATIONS.values():
        operation(record)


def _frames() -> list[Any]:
    frame, frames = sys._getframe(), []
    while frame is not None:
        frames.append(frame)
        frame = frame.f_back  # type: ignore[assignment]
    return frames


def test_records_read_at_the_limit_are_refused_as_children_where_they_would_pass_it() -> None:
    chain = next(c for c in CHAINS if c.name == "literal collections")
    deepest = Literal.from_bytes(chain.record(LIMIT).to_bytes())  # made by a reader: no constructor saw it
    with pytest.raises(ValueError, match=r"^LiteralCollection\.literals: nests deeper than protobuf's limit of 100"):
        LiteralCollection(literals=(deepest,))
    one_less = Literal.from_bytes(chain.record(LIMIT - 1).to_bytes())
    assert LiteralCollection(literals=(one_less,)).literals == (one_less,)
    with pytest.raises(ValueError, match=r"^LiteralMap\.literals: nests deeper than protobuf's limit of 100"):
        LiteralMap(literals={"k": one_less})  # a map's values are a level further down, past its entries
    assert attrs.evolve(deepest, hash="x").collection == deepest.collection  # at the limit it is made again


def test_struct_values_are_refused_past_the_limit_without_recursion_error() -> None:
    deep: Any = None
    for _ in range(10_000):
        deep = {"a": [deep]}
    with pytest.raises(ValueError, match=r"^Scalar\.generic: nests deeper than protobuf's limit of 100"):
        Scalar(generic=deep)
    frozen: Any = 1.0
    for _ in range(200):
        frozen = FrozenDict({"a": frozen})  # built without a record's checks
    with pytest.raises(ValueError, match=r"^Scalar\.generic: nests deeper"):
        Scalar(generic=frozen)
    with pytest.raises(TypeError, match=r"^Scalar\.generic: "):
        Scalar(generic=FrozenDict({"a": object()}))


@given(st.integers(1, 60))
def test_the_constructors_draw_the_line_where_the_readers_do(levels: int) -> None:
    # each LiteralType level is one message, the innermost one with a Struct of ``levels`` nested lists
    inner: Any = []
    for _ in range(levels - 1):
        inner = [inner]
    json = {"metadata": {"a": inner}}  # LiteralType, Struct, entry, Value, ListValue (, Value, ListValue)...
    depth = 4 + 2 * (levels - 1) + 1
    wraps = LIMIT - depth
    data: Any = json
    for _ in range(wraps + 1):
        data = {"collectionType": data}
    message = json_format.ParseDict(data, LiteralType.PROTO(), max_recursion_depth=10_000)
    try:
        read = LiteralType.from_flyte_idl(message)
    except ConversionError:
        read = None
    try:
        made: Any = LiteralType(metadata={"a": inner})
        for _ in range(wraps + 1):
            made = LiteralType(collection_type=made)
    except ValueError:
        made = None
    assert (read is None) == (made is None) == (depth + wraps + 1 > LIMIT)
    if made is not None:
        assert made == read


# ---------------------------------------------------------------------------------------- excerpts

BIG = "x" * (10 * MIB)


def bounded(e: BaseException) -> str:
    message = str(e)
    assert len(message) < 2 * EXCERPT_CHARACTERS + 300, message[:500]
    return message


def test_the_excerpt_is_bounded_says_the_length_and_never_fails() -> None:
    assert excerpt("abc") == "'abc'" and excerpt(b"ab") == "b'ab'" and excerpt(3) == "3"
    assert excerpt(BIG) == repr("x" * EXCERPT_CHARACTERS) + f"... ({10 * MIB} characters)"
    assert excerpt(BIG.encode()).endswith(f"... ({10 * MIB} bytes)")
    assert excerpt(10**5000) == "an int of 16610 bits"
    assert excerpt(list(range(10**6))).endswith(" characters)") and len(excerpt(list(range(10**6)))) < 300
    nested: Any = []
    for _ in range(100_000):
        nested = [nested]
    assert excerpt(nested) == "a list"  # its repr is too deep to make


@pytest.mark.parametrize("make", [
    lambda: NodeExecution(input_uri=BIG.encode()),
    lambda: NodeExecution(input_uri=BIG + "\ud800"),
    lambda: NodeExecution(input_uri=list(BIG)),
    lambda: Literal(metadata={BIG + "\udc00": "v"}),
    lambda: Scalar(generic={BIG: object()}),
    lambda: Scalar(generic={1: BIG}),
    lambda: NodeExecutionClosure(phase=BIG),
    lambda: NodeExecutionClosure(started_at=BIG),
    lambda: Primitive(integer=BIG),
    lambda: Primitive(integer=10**10000),
    lambda: Primitive(float_value=BIG),
])
def test_constructor_errors_show_a_bounded_excerpt(make: Any) -> None:
    with pytest.raises((TypeError, ValueError)) as caught:
        make()
    bounded(caught.value)


@pytest.mark.parametrize(("data", "length"), [
    ({"inputUri": 10**4000}, None),
    ({"closure": {"phase": BIG}}, 10 * MIB),
    ({"closure": {"startedAt": BIG}}, 10 * MIB),
    ({"closure": {"duration": BIG}}, 10 * MIB),
    ({"closure": {"outputData": {"literals": {BIG: {"hash": 1}}}}}, 10 * MIB),
    ({"closure": {"outputData": {"literals": {"k": {"scalar": {"primitive": {"integer": BIG}}}}}}}, 10 * MIB),
    ({"closure": {"outputData": {"literals": {"k": {"scalar": {"primitive": {"floatValue": BIG}}}}}}}, 10 * MIB),
    ({"closure": {"outputData": {"literals": {"k": {"scalar": {"generic": {BIG: {1: 2}}}}}}}}, 10 * MIB),
    ({BIG: 1}, 10 * MIB),
    ({"closure": {"deckUri": BIG.encode()}}, 10 * MIB),
])
def test_dict_errors_show_a_bounded_excerpt_with_its_length(data: Any, length: int | None) -> None:
    with pytest.raises(ConversionError) as caught:
        NodeExecution.from_dict(data)
    message = bounded(caught.value)
    if length is not None:
        assert str(length) in message


PRIMITIVE = "scalar { primitive"


@pytest.mark.parametrize("text", [
    f"{BIG}: 1",
    f"closure {{ phase: {BIG} }}",
    f"closure {{ output_data {{ literals {{ key: 'k' value {{ {PRIMITIVE} {{ integer: {'9' * 4000} }} }} }} }} }}",
    f"input_uri: {BIG}",
    f"closure {{ output_data {{ literals {{ key: 'k' value {{ {PRIMITIVE} {{ float_value: {BIG} }} }} }} }} }}",
])
def test_text_errors_show_a_bounded_excerpt(text: str) -> None:
    with pytest.raises(ConversionError) as caught:
        NodeExecution.from_text(text)
    bounded(caught.value)


def test_a_huge_key_given_twice_is_named_by_an_excerpt() -> None:
    text = '{"closure": {"outputData": {"literals": {"%s": {}, "%s": {}}}}}' % (BIG, BIG)  # noqa: UP031
    with pytest.raises(ConversionError, match="given twice") as caught:
        NodeExecution.from_json(text)
    assert str(10 * MIB) in bounded(caught.value)
    assert caught.value.path.startswith("closure.outputData.literals['xxx")


# ------------------------------------------------------------------- every field, every bad value

BAD_VALUES = [10**400, -(10**5000), 1e39, -1e39, "\ud800", ["\udfff"], {"\ud800": 1.0}, {"k": "\udc00"},
              datetime(1, 1, 1, tzinfo=EAST), datetime(9999, 12, 31, 23, 30, tzinfo=WEST), timedelta.max,
              timedelta(seconds=-315_576_000_001), object(), BIG.encode(), b"\xff", NAN, [[[[[[[[[[[]]]]]]]]]]]]


@pytest.mark.parametrize("cls", ENTITY_CLASSES, ids=class_id)
def test_every_field_takes_a_value_or_refuses_it_naming_the_field(cls: type[Entity]) -> None:
    for a in attrs.fields(cls):
        for bad in BAD_VALUES:
            try:
                record = cls(**{a.alias: bad})
            except (TypeError, ValueError) as e:
                assert not isinstance(e, (OverflowError, UnicodeError, ConversionError)), (a.name, repr(e)[:300])
                assert bounded(e).startswith((f"{cls.__name__}.{a.name}: ", f"{cls.__name__}.{a.alias}: ")), str(e)
            else:  # what a record holds, every format can write
                record.to_bytes()
                record.to_dict()
                record.to_text()
