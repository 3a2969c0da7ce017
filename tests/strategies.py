"""Hypothesis strategies of valid protobuf messages, built from descriptors alone.

``messages(pb_class)`` draws messages of any type flyteidl declares: a random subset of its fields,
at most one member of each oneof, a few entries in repeated and map fields, every scalar over its
whole range (int ends, NaN, ±inf, -0.0, 32-bit floats, non-ASCII strings with quotes and escapes),
enum numbers this flyteidl does not know, timestamps and durations at nanosecond precision up to the
ends of their valid range, and explicitly set empty sub-messages (Flyte Admin writes ``timeout {}``).
"""

from __future__ import annotations

import functools
from typing import Any

from google.protobuf import message_factory, struct_pb2
from google.protobuf.descriptor import Descriptor, FieldDescriptor
from google.protobuf.duration_pb2 import Duration
from google.protobuf.timestamp_pb2 import Timestamp
from hypothesis import strategies as st

import flyte_node_models  # noqa: F401  (registers every entity)
from flyte_node_models._compat import is_repeated
from flyte_node_models._model import Entity, model_for, registered

INT_RANGES = {
    "int32": (-(2**31), 2**31 - 1),
    "uint32": (0, 2**32 - 1),
    "int64": (-(2**63), 2**63 - 1),
    "uint64": (0, 2**64 - 1),
}
_INT_KIND = {
    FieldDescriptor.TYPE_INT32: "int32", FieldDescriptor.TYPE_SINT32: "int32", FieldDescriptor.TYPE_SFIXED32: "int32",
    FieldDescriptor.TYPE_UINT32: "uint32", FieldDescriptor.TYPE_FIXED32: "uint32",
    FieldDescriptor.TYPE_INT64: "int64", FieldDescriptor.TYPE_SINT64: "int64", FieldDescriptor.TYPE_SFIXED64: "int64",
    FieldDescriptor.TYPE_UINT64: "uint64", FieldDescriptor.TYPE_FIXED64: "uint64",
}

TIMESTAMP_MIN = -62_135_596_800  # 0001-01-01T00:00:00Z
TIMESTAMP_MAX = 253_402_300_799  # 9999-12-31T23:59:59Z
DURATION_MAX = 315_576_000_000
NANOS_MAX = 999_999_999

#: A few entries are enough to show repeated and map fields; more only slows the tests down.
MAX_ENTRIES = 3
#: Strings that break naive escaping: quotes, backslashes, control and non-ASCII characters.
TRICKY_STRINGS = ['"', "'", "\\", '\\"', "\n\t\r", "\x00\x07\x7f", "é", "日本語", "😀", 'a "b" \'c\' \\d', "\u2028"]


def integers(kind: str) -> st.SearchStrategy[int]:
    """Any integer of a protobuf integer kind, with the ends of its range drawn often."""
    low, high = INT_RANGES[kind]
    return st.one_of(st.sampled_from(sorted({low, high, 0, 1, low + 1, high - 1})), st.integers(low, high))


def strings() -> st.SearchStrategy[str]:
    # codec="utf-8" leaves out surrogates, which protobuf cannot encode.
    return st.one_of(st.sampled_from(TRICKY_STRINGS), st.text(st.characters(codec="utf-8"), max_size=12))


# NaN is drawn only as Python's own float("nan"): records keep one NaN (so that they compare equal), which
# drops the sign and payload bits of other NaNs; the binary format is the only one that could carry them.
NAN = float("nan")


def doubles() -> st.SearchStrategy[float]:
    ends = [0.0, -0.0, NAN, float("inf"), float("-inf"), 5e-324, 1.7976931348623157e308]
    return st.one_of(st.sampled_from(ends), st.floats(allow_nan=False))


def floats32() -> st.SearchStrategy[float]:
    return st.one_of(st.just(NAN), st.floats(width=32, allow_nan=False))


def timestamps() -> st.SearchStrategy[Timestamp]:
    """Valid ``google.protobuf.Timestamp`` messages, 0001-01-01T00:00:00Z..9999-12-31T23:59:59.999999999Z."""
    ends = st.sampled_from([(TIMESTAMP_MIN, 0), (TIMESTAMP_MAX, NANOS_MAX), (0, 0), (-1, NANOS_MAX), (0, 1)])
    any_ = st.tuples(st.integers(TIMESTAMP_MIN, TIMESTAMP_MAX), st.integers(0, NANOS_MAX))
    return st.one_of(ends, any_).map(lambda p: Timestamp(seconds=p[0], nanos=p[1]))


def durations() -> st.SearchStrategy[Duration]:
    """Valid ``google.protobuf.Duration`` messages across ±315576000000 s, nanos of the seconds' sign."""
    ends = st.sampled_from([(DURATION_MAX, NANOS_MAX), (-DURATION_MAX, -NANOS_MAX), (0, 0), (0, -1), (0, 1), (-1, 0)])

    def same_sign(seconds: int, nanos: int, negative: bool) -> tuple[int, int]:
        return seconds, -nanos if seconds < 0 or (seconds == 0 and negative) else nanos

    any_ = st.builds(same_sign, st.integers(-DURATION_MAX, DURATION_MAX), st.integers(0, NANOS_MAX), st.booleans())
    return st.one_of(ends, any_).map(lambda p: Duration(seconds=p[0], nanos=p[1]))


def values(depth: int, json_safe: bool = False) -> st.SearchStrategy[struct_pb2.Value]:
    """``google.protobuf.Value`` messages that always have a kind; NaN/±inf only when not ``json_safe``
    (``MessageToDict`` cannot write them)."""
    numbers = st.floats(allow_nan=False, allow_infinity=not json_safe)
    if not json_safe:
        numbers = st.one_of(st.just(NAN), numbers)
    leaves = st.one_of(
        st.just(struct_pb2.Value(null_value=struct_pb2.NULL_VALUE)),
        numbers.map(lambda v: struct_pb2.Value(number_value=v)),
        strings().map(lambda v: struct_pb2.Value(string_value=v)),
        st.booleans().map(lambda v: struct_pb2.Value(bool_value=v)),
    )
    if depth <= 0:
        return leaves
    return st.one_of(
        leaves,
        structs(depth - 1, json_safe).map(lambda v: struct_pb2.Value(struct_value=v)),
        list_values(depth - 1, json_safe).map(lambda v: struct_pb2.Value(list_value=v)),
    )


def structs(depth: int, json_safe: bool = False) -> st.SearchStrategy[struct_pb2.Struct]:
    entries = st.dictionaries(strings(), values(depth, json_safe), max_size=MAX_ENTRIES)
    return entries.map(lambda d: struct_pb2.Struct(fields=d))


def list_values(depth: int, json_safe: bool = False) -> st.SearchStrategy[struct_pb2.ListValue]:
    items = st.lists(values(depth, json_safe), max_size=MAX_ENTRIES)
    return items.map(lambda v: struct_pb2.ListValue(values=v))


def descriptor_of(target: Any) -> Descriptor:
    """The message descriptor of a descriptor, protobuf class or message, or entity class."""
    if isinstance(target, Descriptor):
        return target
    if isinstance(target, type) and issubclass(target, Entity):
        return target.PROTO.DESCRIPTOR
    return target.DESCRIPTOR


def messages(target: Any, max_depth: int = 3, *, json_safe: bool = False) -> st.SearchStrategy[Any]:
    """Valid protobuf messages of ``target``'s type (a protobuf class, descriptor or entity class).

    Message fields nest at most ``max_depth`` levels below this one; deeper, only explicitly set empty
    messages. ``json_safe`` leaves out what ``json_format.MessageToDict`` cannot write (NaN and ±inf
    inside ``google.protobuf.Value``).
    """
    return _message(descriptor_of(target), max_depth, json_safe)


@functools.cache
def _message(descriptor: Descriptor, depth: int, json_safe: bool) -> st.SearchStrategy[Any]:
    name = descriptor.full_name
    if name == "google.protobuf.Timestamp":
        return timestamps()
    if name == "google.protobuf.Duration":
        return durations()
    if name == "google.protobuf.Value":
        return values(depth, json_safe)
    if name == "google.protobuf.Struct":
        return structs(depth, json_safe)
    if name == "google.protobuf.ListValue":
        return list_values(depth, json_safe)

    cls = message_factory.GetMessageClass(descriptor)
    choices = []  # one strategy per real oneof: {} or {member: value}
    optional = {}  # every other field, each present or not
    for oneof in descriptor.oneofs:
        if _synthetic(oneof):
            continue
        members = [_field(f, depth, json_safe).map(functools.partial(_single, f.name)) for f in oneof.fields]
        choices.append(st.one_of(st.just({}), *members))
    for f in descriptor.fields:
        if f.containing_oneof is None or _synthetic(f.containing_oneof):
            optional[f.name] = _field(f, depth, json_safe)

    def build(parts: tuple[dict[str, Any], ...]) -> Any:
        kwargs: dict[str, Any] = {}
        for part in parts:
            kwargs.update(part)
        return cls(**kwargs)

    return st.tuples(st.fixed_dictionaries({}, optional=optional), *choices).map(build)


def _single(name: str, value: Any) -> dict[str, Any]:
    return {name: value}


def _synthetic(oneof: Any) -> bool:
    # proto3 ``optional`` makes a one-member oneof; it is presence, not a choice.
    return len(oneof.fields) == 1 and oneof.name == "_" + oneof.fields[0].name


def _field(f: FieldDescriptor, depth: int, json_safe: bool) -> st.SearchStrategy[Any]:
    """What the message constructor takes for field ``f``."""
    if f.message_type is not None and f.message_type.GetOptions().map_entry:
        key = _value(f.message_type.fields_by_name["key"], depth, json_safe)
        value = _value(f.message_type.fields_by_name["value"], depth, json_safe)
        return st.dictionaries(key, value, max_size=MAX_ENTRIES)
    one = _value(f, depth, json_safe)
    if is_repeated(f):
        return st.lists(one, max_size=MAX_ENTRIES)
    return one


def _value(f: FieldDescriptor, depth: int, json_safe: bool) -> st.SearchStrategy[Any]:
    """One value of field ``f`` (an element, for repeated fields)."""
    t = f.type
    if t in (FieldDescriptor.TYPE_MESSAGE, FieldDescriptor.TYPE_GROUP):
        empty = st.builds(message_factory.GetMessageClass(f.message_type))
        if f.message_type.full_name == "google.protobuf.Value":
            return _message(f.message_type, max(depth - 1, 0), json_safe)  # a Value is never empty
        if depth <= 0:
            return empty
        return st.one_of(empty, _message(f.message_type, depth - 1, json_safe))
    if t in _INT_KIND:
        return integers(_INT_KIND[t])
    if t == FieldDescriptor.TYPE_ENUM:
        known = sorted(v.number for v in f.enum_type.values)
        return st.one_of(st.sampled_from(known), integers("int32"))
    if t == FieldDescriptor.TYPE_DOUBLE:
        return doubles()
    if t == FieldDescriptor.TYPE_FLOAT:
        return floats32()
    if t == FieldDescriptor.TYPE_BOOL:
        return st.booleans()
    if t == FieldDescriptor.TYPE_STRING:
        return strings()
    if t == FieldDescriptor.TYPE_BYTES:
        return st.binary(max_size=12)
    raise AssertionError(f"unexpected field type {t} of {f.full_name}")


# -------------------------------------------------------------------------------- the classes to test


def _entities() -> list[type[Entity]]:
    found = [c for c in registered().values() if issubclass(c, Entity)]
    return sorted(found, key=lambda c: (c.__name__, c.__module__))


def _reachable(*roots: Any) -> list[type[Entity]]:
    seen: dict[str, Descriptor] = {}
    todo = [descriptor_of(r) for r in roots]
    while todo:
        d = todo.pop()
        if d.full_name in seen:
            continue
        seen[d.full_name] = d
        todo += [f.message_type for f in d.fields if f.message_type is not None]
    names = registered()
    found = [c for n in seen if n in names and issubclass(c := names[n], Entity)]
    return sorted(found, key=lambda c: (c.__name__, c.__module__))


#: Every entity class, by name.
ENTITY_CLASSES: list[type[Entity]] = _entities()
#: The entities reachable from ``flyteidl.admin.NodeExecution`` and ``NodeExecutionList``, and from the files
#: a node execution points at (error documents, dynamic job specs) and the rest of flytekit's models.
FOUNDATION_CLASSES: list[type[Entity]] = _reachable(*map(model_for, (
    "flyteidl.admin.NodeExecution", "flyteidl.admin.NodeExecutionList", "flyteidl.core.ErrorDocument",
    "flyteidl.core.DynamicJobSpec", "flyteidl.admin.Task", "flyteidl.admin.TaskSpec",
    "flyteidl.admin.TaskExecutionMetadata", "flyteidl.core.ParameterMap", "flyteidl.core.TaskLog",
    "flyteidl.core.SignalIdentifier")))


def class_id(cls: type) -> str:
    """A short pytest id for a parametrized entity class."""
    return cls.__name__
