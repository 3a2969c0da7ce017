"""How a record is declared: the ``Entity`` base, the ``@entity`` decorator and proto enums.

A declaration names the protobuf message it mirrors and lists its fields with types and defaults;
everything else — validators, normalizing converters, the per-field facts the formats need
(:class:`FieldSpec`) — is derived here from the message's descriptor, once, when the class is made.

Type checkers see a declaration as the attrs class it makes (see ``MYPY`` below): ``attrs.evolve`` is
checked, and a ``Timestamp`` or ``Duration`` field's constructor parameter takes what its converter takes.
"""

# mypy: implicit-reexport
# (mypy sees ``entity`` as ``attrs.frozen`` imported here, see MYPY below: the declaration modules import it.)

from __future__ import annotations

import enum
import linecache
import math
import struct
import threading
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any, ClassVar, TypeVar, cast, dataclass_transform

import attrs
from google.protobuf.descriptor import Descriptor, EnumDescriptor, FieldDescriptor

from ._compat import is_repeated
from ._errors import excerpt
from .wellknown import Duration, FrozenDict, Timestamp
from .wellknown.frozendict import EMPTY
from .wellknown.struct import (
    MAX_DEPTH,
    TooDeep,
    freeze_list,
    freeze_struct,
    freeze_value,
    json_depth,
    list_depth,
    number,
    struct_depth,
    utf8,
)

#: Converters fill this in when ``flyte_node_models.converters`` is imported (it always is: the
#: package imports it), so that entity methods reach the formats without the entity layer importing them.
#: (The methods return what the formats give with ``type: ignore`` rather than ``cast()``: a call per record.)
FORMATS: Any = SimpleNamespace(proto=None, dict=None, text=None, view=None)

_BY_NAME: dict[str, type] = {}  # proto full name -> entity class or enum class

#: Held while code or tables that are made lazily, on first use, are made (each format's per-class
#: functions, record hashes): any number of threads may make first calls at once.
GENERATION_LOCK = threading.RLock()

T = TypeVar("T", bound="Entity")

# ---------------------------------------------------------------------------------------------- enums


class ProtoEnum(enum.IntEnum):
    """A protobuf enum. A number this flyteidl does not know (a newer server) becomes a member too,
    named by its number, so that it is kept and written back unchanged."""

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if type(value) is int and -(2**31) <= value < 2**31:
            member = int.__new__(cls, value)
            member._name_ = str(value)
            member._value_ = value
            return cls._value2member_map_.setdefault(value, member)
        return None

    @property
    def is_known(self) -> bool:
        """Whether this number is a value of the enum as this flyteidl declares it."""
        return self._name_ in type(self)._member_map_

    @classmethod
    def enum_to_string(cls, int_value: int) -> str:
        """flytekit's name of a value: the member's name (its number for one this flyteidl does not know)."""
        return str(cls(int_value).name)


E = TypeVar("E", bound=type[ProtoEnum])


def proto_enum(descriptor: EnumDescriptor) -> Callable[[E], E]:
    """Register an enum class as the mirror of a protobuf enum."""

    def register(cls: E) -> E:
        cls.DESCRIPTOR = descriptor  # type: ignore[attr-defined]
        _BY_NAME[descriptor.full_name] = cls
        return cls

    return register


# --------------------------------------------------------------------------------------- field facts

_INT_RANGES = {
    "int32": (-(2**31), 2**31 - 1),
    "uint32": (0, 2**32 - 1),
    "int64": (-(2**63), 2**63 - 1),
    "uint64": (0, 2**64 - 1),
}
_SCALARS = {
    FieldDescriptor.TYPE_DOUBLE: "double", FieldDescriptor.TYPE_FLOAT: "float",
    FieldDescriptor.TYPE_INT64: "int64", FieldDescriptor.TYPE_SFIXED64: "int64", FieldDescriptor.TYPE_SINT64: "int64",
    FieldDescriptor.TYPE_UINT64: "uint64", FieldDescriptor.TYPE_FIXED64: "uint64",
    FieldDescriptor.TYPE_INT32: "int32", FieldDescriptor.TYPE_SFIXED32: "int32", FieldDescriptor.TYPE_SINT32: "int32",
    FieldDescriptor.TYPE_UINT32: "uint32", FieldDescriptor.TYPE_FIXED32: "uint32",
    FieldDescriptor.TYPE_BOOL: "bool", FieldDescriptor.TYPE_STRING: "string", FieldDescriptor.TYPE_BYTES: "bytes",
    FieldDescriptor.TYPE_ENUM: "enum",
}
#: Well-known messages that records hold as Python values rather than entities.
WELL_KNOWN = {
    "google.protobuf.Timestamp": "timestamp",
    "google.protobuf.Duration": "duration",
    "google.protobuf.Struct": "struct",
    "google.protobuf.Value": "value",
    "google.protobuf.ListValue": "list_value",
    **{f"google.protobuf.{w}Value": "wrapper" for w in
       ("Double", "Float", "Int64", "UInt64", "Int32", "UInt32", "Bool", "String", "Bytes")},
}


@attrs.frozen
class ValueSpec:
    """What one value of a field is: a scalar kind, an enum, an entity or a well-known type."""

    kind: str  # a scalar kind ("string", "int64", ...), "enum", "message", or a WELL_KNOWN kind
    descriptor: FieldDescriptor
    wrapped: ValueSpec | None = None  # for "wrapper": the spec of its ``value`` field

    @property
    def enum(self) -> type[ProtoEnum]:
        return cast(type[ProtoEnum], _BY_NAME[self.descriptor.enum_type.full_name])

    @property
    def entity(self) -> type[Entity]:
        return cast(type[Entity], _BY_NAME[self.descriptor.message_type.full_name])

    @property
    def message_name(self) -> str:
        return str(self.descriptor.message_type.full_name)


@attrs.frozen
class FieldSpec:
    """A record field paired with the protobuf field it mirrors: what every format derives from."""

    attr: str  # the Python attribute
    descriptor: FieldDescriptor
    value: ValueSpec  # of each element for repeated fields, of each value for maps
    shape: str  # "single", "optional" (None when unset), "repeated" or "map"
    key: ValueSpec | None = None  # for maps
    oneof: str | None = None
    shared: bool = False  # a string field whose values records share (see share_string)

    @property
    def name(self) -> str:
        return str(self.descriptor.name)

    @property
    def label(self) -> str:
        """The field's name as users read it: a private attribute (``_group``) by its public reader's name."""
        return self.attr.lstrip("_")

    @property
    def json_name(self) -> str:
        return str(self.descriptor.json_name)

    @property
    def number(self) -> int:
        return int(self.descriptor.number)


def value_spec(fd: FieldDescriptor) -> ValueSpec:
    if fd.type in (FieldDescriptor.TYPE_MESSAGE, FieldDescriptor.TYPE_GROUP):
        kind = WELL_KNOWN.get(fd.message_type.full_name, "message")
        if kind == "wrapper":
            return ValueSpec(kind, fd, value_spec(fd.message_type.fields_by_name["value"]))
        return ValueSpec(kind, fd)
    return ValueSpec(_SCALARS[fd.type], fd)


def field_spec(attr: str, fd: FieldDescriptor, share_strings: bool = False) -> FieldSpec:
    oneof = fd.containing_oneof
    oneof_name = oneof.name if oneof is not None and not _synthetic(oneof) else None
    if fd.message_type is not None and fd.message_type.GetOptions().map_entry:
        entry = fd.message_type
        return FieldSpec(attr, fd, value_spec(entry.fields_by_name["value"]), "map",
                         key=value_spec(entry.fields_by_name["key"]))
    if is_repeated(fd):
        return FieldSpec(attr, fd, value_spec(fd), "repeated")
    optional = fd.has_presence
    value = value_spec(fd)
    return FieldSpec(attr, fd, value, "optional" if optional else "single", oneof=oneof_name,
                     shared=share_strings and value.kind == "string" and not optional)


#: The strings that records share, by value. Identifiers repeat the same few projects, domains, names,
#: versions and node ids across all the records of a workflow: each record that shares them holds a
#: reference rather than a copy. The table is bounded (it starts over when full), so at most
#: SHARED_STRINGS_MAX strings outlive the records that held them.
SHARED_STRINGS: dict[str, str] = {}
SHARED_STRINGS_MAX = 1 << 16


def share_string(s: str) -> str:
    """The shared string equal to ``s`` (an exact ``str``), which becomes it if there is none."""
    shared = SHARED_STRINGS.get(s)
    if shared is None:
        if len(SHARED_STRINGS) >= SHARED_STRINGS_MAX:
            SHARED_STRINGS.clear()
        shared = SHARED_STRINGS[s] = s
    return shared


def _synthetic(oneof: Any) -> bool:
    # proto3 ``optional`` makes a one-member oneof; it is presence, not a choice.
    return len(oneof.fields) == 1 and oneof.name == "_" + oneof.fields[0].name


# ------------------------------------------------------------------- validation at construction


def _scalar_check(kind: str) -> Callable[[Any], Any]:
    """A function that returns the normalized value of one element, or raises TypeError/ValueError."""
    if kind in _INT_RANGES:
        low, high = _INT_RANGES[kind]

        def check_int(v: object) -> int:
            if isinstance(v, bool) or not isinstance(v, int):
                raise TypeError(f"expected int ({kind}), got {type(v).__name__} {excerpt(v)}")
            if not low <= v <= high:
                raise ValueError(f"{excerpt(v)} is out of range for {kind}")
            return v if type(v) is int else int(v)

        return check_int
    if kind == "string":
        def check_str(v: object) -> str:
            if isinstance(v, str):
                return utf8(v if type(v) is str else str(v))
            raise TypeError(f"expected str, got {type(v).__name__} {excerpt(v)}")
        return check_str
    if kind == "bytes":
        def check_bytes(v: Any) -> bytes:
            if isinstance(v, (bytes, bytearray, memoryview)):
                return bytes(v)
            raise TypeError(f"expected bytes, got {type(v).__name__} {excerpt(v)}")
        return check_bytes
    if kind == "bool":
        def check_bool(v: object) -> bool:
            if isinstance(v, bool):
                return v
            raise TypeError(f"expected bool, got {type(v).__name__} {excerpt(v)}")
        return check_bool
    if kind == "double":
        return number
    if kind == "float":
        def check_float(v: Any) -> float:
            """A 32-bit float: the nearest one to ``v``, which is what the record keeps (so that it equals its
            round trip). A finite ``v`` beyond the largest (±3.4028235e+38, once rounded) is refused, as the
            dict format refuses it, rather than made an infinity as a protobuf message, ``text_format`` and
            ``ParseDict`` of a string make it: give ``inf`` for infinity."""
            out = number(v)
            if out - out == 0:  # finite: infinities and NaN are 32-bit floats already
                try:
                    (out,) = struct.unpack("<f", struct.pack("<f", out))
                except OverflowError:
                    raise ValueError(f"{excerpt(v)} is out of range for a 32-bit float (at most ±3.4028235e+38)"
                                     ) from None
            return out
        return check_float
    raise AssertionError(kind)


def _value_check(spec: ValueSpec, room: int) -> Callable[[Any], Any]:
    """A function that returns the normalized value of one element of a field, or raises TypeError/ValueError;
    the value has ``room`` levels of nesting (see :data:`MAX_DEPTH`) for it."""
    kind = spec.kind
    if kind == "enum":
        low, high = _INT_RANGES["int32"]

        def check_enum(v: Any) -> ProtoEnum:
            cls = spec.enum
            if type(v) is cls:
                return v
            if isinstance(v, int) and not isinstance(v, bool):
                if not low <= v <= high:
                    raise ValueError(f"{excerpt(v)} is out of range for enum {cls.__name__} (int32)")
                return cls(int(v))  # unknown numbers become members
            if isinstance(v, str) and v in cls._member_map_:
                return cls[v]
            raise TypeError(f"expected {cls.__name__} or int, got {type(v).__name__} {excerpt(v)}")
        return check_enum
    if kind == "message":
        def check_message(v: Any) -> Entity:
            cls = spec.entity
            if type(v) is not cls:
                if type(v) is not cls.PROTO:
                    raise TypeError(f"expected {cls.__name__}, got {type(v).__name__}")
                v = cls.from_flyte_idl(v)
            if (_BOUNDS.get(cls) or depth_bound(cls)) <= room or nests_within(v, room):
                return v  # type: ignore[no-any-return]
            raise TooDeep
        return check_message
    if kind == "timestamp":
        def check_timestamp(v: Any) -> Timestamp:
            if type(v) is Timestamp and v.tzinfo is Timestamp.min.tzinfo:
                return v
            if isinstance(v, datetime):
                return Timestamp.from_datetime(v)
            if _is_pb(v, "google.protobuf.Timestamp"):
                return Timestamp.from_parts(v.seconds, v.nanos)
            raise TypeError(f"expected an aware datetime, got {type(v).__name__} {excerpt(v)}")
        return check_timestamp
    if kind == "duration":
        def check_duration(v: Any) -> Duration:
            if isinstance(v, timedelta):
                return Duration.from_timedelta(v)
            if _is_pb(v, "google.protobuf.Duration"):
                return Duration.from_parts(v.seconds, v.nanos)
            raise TypeError(f"expected a timedelta, got {type(v).__name__} {excerpt(v)}")
        return check_duration
    if kind == "struct":  # a FrozenDict is checked again too: it may hold anything
        return lambda v: freeze_struct(v, room)
    if kind == "list_value":
        return lambda v: freeze_list(v, room)
    if kind == "value":
        return lambda v: freeze_value(v, room)
    if kind == "wrapper":
        assert spec.wrapped is not None
        return _value_check(spec.wrapped, room)
    return _scalar_check(kind)


def _is_pb(v: Any, full_name: str) -> bool:
    d = getattr(v, "DESCRIPTOR", None)
    return isinstance(d, Descriptor) and d.full_name == full_name


def _field_converter(spec: FieldSpec) -> Callable[[Any], Any]:
    """Normalizes and checks a field's value: tuples for repeated fields, FrozenDicts for maps."""
    # the record is the first level of nesting; its fields' values the second, a map's values the third
    one = _value_check(spec.value, MAX_DEPTH - 2 if spec.shape == "map" else MAX_DEPTH - 1)
    if spec.shape == "repeated":
        def repeated(v: Any) -> tuple[Any, ...]:
            if isinstance(v, (str, bytes, dict)) or not isinstance(v, Iterable):
                raise TypeError(f"expected a sequence, got {type(v).__name__}")
            return tuple([one(x) for x in v])
        return repeated
    if spec.shape == "map":
        assert spec.key is not None
        key = _value_check(spec.key, 0)

        def mapping(v: Any) -> FrozenDict[Any, Any]:
            if not hasattr(v, "items"):
                raise TypeError(f"expected a mapping, got {type(v).__name__}")
            return FrozenDict({key(k): one(x) for k, x in v.items()}) if v else EMPTY
        return mapping
    if spec.shape == "optional":
        return lambda v: None if v is None else one(v)
    if spec.shared:
        return lambda v: share_string(one(v))
    return one


def _attrs_converter(cls_name: str, spec: FieldSpec) -> Callable[[Any], Any]:
    convert = _field_converter(spec)
    where = f"{cls_name}.{spec.label}"  # as the constructor names it (Secret._key is ``key``)

    def converter(v: Any) -> Any:
        try:
            return convert(v)
        except TypeError as e:
            raise TypeError(f"{where}: {e}") from None
        except (ValueError, OverflowError) as e:  # out of range, too deep, a ConversionError of a message given
            raise ValueError(f"{where}: {e}") from None

    return converter


# How deep records nest. A record's constructor refuses a value that would make it nest deeper than
# MAX_DEPTH (counted as every format's reader counts), so that every record has every format, and repr,
# hash, == and the views (which recurse) stay far from Python's recursion limit. Most classes cannot nest
# that deep whatever their values: their records are never walked. Those whose fields reach back to their
# own class or hold Struct values can: the constructor walks such records it is given, down to where the
# declarations bound what is left, and remembers the records it walked (the readers, which check depth as
# they read, fill records without constructors).

_BOUNDS: dict[type, float] = {}  # entity class -> how many levels its records can nest at most
#: class -> (attr, shape, kind, how many levels the field's values can nest at most) of its nesting fields
_NESTED: dict[type, tuple[tuple[str, str, str, float], ...]] = {}
_LEAF_MESSAGES = ("timestamp", "duration", "wrapper")  # messages with no messages in them
#: id -> (record, room) of records of unbounded classes found to nest within ``room`` levels: a record given
#: again (to attrs.evolve, or to the constructor of its parent) is not walked again. Bounded: it starts over
#: when full, so at most FITTING_MAX records outlive the records that held them.
_FITTING: dict[int, tuple[Entity, int]] = {}
FITTING_MAX = 1 << 12


def depth_bound(cls: type[Entity]) -> float:
    """The most levels of nesting a record of ``cls`` can have, itself the first (``inf``: no bound)."""
    bound = _BOUNDS.get(cls)
    if bound is None:
        with GENERATION_LOCK:
            found: dict[type, float] = {}
            bound = _bound(cls, found, set())
            _NESTED.update({c: _nesting_fields(c, found) for c in found})
            _BOUNDS.update(found)
    return bound


def _bound(cls: type[Entity], found: dict[type, float], open_: set[type]) -> float:
    bound = _BOUNDS.get(cls) or found.get(cls)
    if bound is not None:
        return bound
    if cls in open_:  # it reaches back to itself
        return math.inf
    open_.add(cls)
    bound = 1 + max([_field_bound(spec, found, open_) for spec in cls.FIELDS], default=0)
    open_.discard(cls)
    found[cls] = bound
    return bound


def _field_bound(spec: FieldSpec, found: dict[type, float], open_: set[type]) -> float:
    """How many levels a field's values (a map's entries) can nest at most."""
    kind = spec.value.kind
    if kind == "message":
        below = _bound(spec.value.entity, found, open_)
    elif kind in _LEAF_MESSAGES:
        below = 1
    elif kind in ("struct", "value", "list_value"):
        below = math.inf
    else:
        below = 0
    return below + (spec.shape == "map")  # a map's entries are messages too


def _nesting_fields(cls: type[Entity], found: dict[type, float]) -> tuple[tuple[str, str, str, float], ...]:
    bounds = [(s, _field_bound(s, found, set())) for s in cls.FIELDS]
    return tuple((s.attr, s.shape, s.value.kind, bound) for s, bound in bounds if bound)


def nests_within(record: Entity, room: int) -> bool:
    """Whether ``record`` nests at most ``room`` levels deep, itself the first."""
    cls = type(record)
    if (_BOUNDS.get(cls) or depth_bound(cls)) <= room:
        return True
    known = _FITTING.get(id(record))
    if known is not None and known[0] is record and known[1] <= room:
        return True
    if room < 1:
        return False
    below = room - 1
    walked = False
    for attr, shape, kind, bound in _NESTED[cls]:
        if bound <= below:
            continue
        v = getattr(record, attr)
        if v is None:
            continue
        walked = True
        if shape == "repeated":
            if not all(_value_nests_within(kind, x, below) for x in v):
                return False
        elif shape == "map":
            if v and (below < 1 or not all(_value_nests_within(kind, x, below - 1) for x in v.values())):
                return False
        elif not _value_nests_within(kind, v, below):
            return False
    if walked:  # worth remembering
        if len(_FITTING) >= FITTING_MAX:
            _FITTING.clear()
        _FITTING[id(record)] = (record, room)
    return True


def _value_nests_within(kind: str, v: Any, room: int) -> bool:
    if kind == "message":
        return nests_within(v, room)
    if kind == "struct":
        return struct_depth(v) <= room
    if kind == "value":
        return json_depth(v) <= room
    if kind == "list_value":
        return list_depth(v) <= room
    return kind not in _LEAF_MESSAGES or room >= 1  # scalars (map values) are no level


# ---------------------------------------------------------------------------------------- entities


class Entity:
    """Base of every record: the methods that reach the formats, written once."""

    __slots__ = ()
    #: The protobuf message class this entity mirrors.
    PROTO: ClassVar[Any]
    #: Every field's facts, in field-number order.
    FIELDS: ClassVar[tuple[FieldSpec, ...]]
    #: oneof name -> the attributes that are its members.
    ONEOFS: ClassVar[dict[str, tuple[str, ...]]]
    #: field name (as the constructor names it) -> its attribute and proto3 default, for :meth:`is_set`.
    HELD: ClassVar[dict[str, tuple[str, Any]]]
    #: Whether the records of the class share equal string values (see :func:`share_string`): for identifiers,
    #: whose few values repeat across many records. Declared ``class Identifier(Entity, share_strings=True)``.
    SHARE_STRINGS: ClassVar[bool] = False
    __attrs_attrs__: ClassVar[tuple[attrs.Attribute[Any], ...]]  # made by attrs on each entity

    def __init_subclass__(cls, *, share_strings: bool = False, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if share_strings:  # (attrs makes the slotted class again, without the keyword: it keeps the value)
            cls.SHARE_STRINGS = True

    def __attrs_post_init__(self) -> None:
        for oneof, members in type(self).ONEOFS.items():
            present = [m for m in members if getattr(self, m) is not None]
            if len(present) > 1:
                raise ValueError(
                    f"{type(self).__name__}: {' and '.join(present)} are members of oneof {oneof!r}; set at most one"
                )

    # protobuf messages and bytes
    @classmethod
    def from_flyte_idl(cls: type[T], p: Any) -> T:
        """The record of a protobuf message of this entity's type.

        Fields a newer flyteidl sent that this one does not know sit in the message's unknown fields,
        which a record cannot hold: read wire data with :meth:`from_bytes`, which refuses them (or drops
        them when asked)."""
        return FORMATS.proto.structure(p, cls)  # type: ignore[no-any-return]

    def to_flyte_idl(self) -> Any:
        """The protobuf message of this record."""
        return FORMATS.proto.unstructure(self)

    @classmethod
    def from_bytes(cls: type[T], data: bytes, *, ignore_unknown_fields: bool = False) -> T:
        """The record of protobuf wire bytes. Fields this flyteidl does not know are an error unless ignored."""
        return FORMATS.proto.from_bytes(data, cls, ignore_unknown_fields=ignore_unknown_fields)  # type: ignore[no-any-return]

    def to_bytes(self) -> bytes:
        """Protobuf wire bytes, serialized deterministically."""
        return self.to_flyte_idl().SerializeToString(deterministic=True)  # type: ignore[no-any-return]

    def serialize_to_string(self) -> bytes:
        """flytekit's name for :meth:`to_bytes`."""
        return self.to_bytes()

    # proto3 JSON mapping
    @classmethod
    def from_dict(cls: type[T], data: Any, *, ignore_unknown_fields: bool = False) -> T:
        """The record of a proto3-JSON dict (what Flyte Admin's REST API and ``flytectl -o json`` give)."""
        return FORMATS.dict.structure_with(data, cls, ignore_unknown_fields=ignore_unknown_fields)  # type: ignore[no-any-return]

    def to_dict(self) -> dict[str, Any]:
        """The proto3-JSON dict, as ``json_format.MessageToDict`` writes it."""
        return FORMATS.dict.unstructure(self)  # type: ignore[no-any-return]

    @classmethod
    def from_json(cls: type[T], text: str | bytes, *, ignore_unknown_fields: bool = False) -> T:
        """The record of proto3-JSON text (``str``, or UTF-8 ``bytes``), read directly, as ``json_format.Parse``
        reads it: unlike ``from_dict(json.loads(text))``, a key given twice in an object is an error."""
        return FORMATS.dict.from_json(text, cls, ignore_unknown_fields)  # type: ignore[no-any-return]

    def to_json(self, *, indent: int | None = 2, ensure_ascii: bool = True) -> str:
        """proto3-JSON text, as ``json_format.MessageToJson`` writes it: indented by ``indent``, or on one
        line with ``indent=None``; non-ASCII characters escaped unless ``ensure_ascii=False``."""
        return FORMATS.dict.to_json(self, indent, ensure_ascii)  # type: ignore[no-any-return]

    # protobuf text format
    @classmethod
    def from_text(cls: type[T], text: str) -> T:
        """The record of protobuf text format, as ``text_format.Parse`` reads it."""
        return FORMATS.text.structure(text, cls)  # type: ignore[no-any-return]

    def to_text(self) -> str:
        """Protobuf text format, as ``text_format.MessageToString`` writes it."""
        return FORMATS.text.unstructure(self)  # type: ignore[no-any-return]

    # views for people
    def short_string(self) -> str:
        """One line naming the record and its set fields."""
        return FORMATS.view.short(self)  # type: ignore[no-any-return]

    def verbose_string(self) -> str:
        """An indented, multi-line view of the record."""
        return FORMATS.view.verbose(self)  # type: ignore[no-any-return]

    # pickling goes through wire bytes: compact, and what comes back is canonical (one shared NaN)
    def __reduce__(self) -> tuple[Any, ...]:
        return (_from_bytes, (type(self), self.to_bytes()))

    def __copy__(self: T) -> T:
        return self  # immutable

    def __deepcopy__(self: T, memo: Any) -> T:
        return self

    def is_set(self, name: str) -> bool:
        """Whether the message holds field ``name`` (as the constructor names it): a message or optional field
        that is present (an empty one too), a repeated field or map with entries, a scalar other than its
        proto3 default. What users read of an unset field is flytekit's reading (an empty closure, the
        epoch): this tells unset from set."""
        held = type(self).HELD.get(name)
        if held is None:
            raise AttributeError(f"{type(self).__name__} has no field {name!r}")
        v = getattr(self, held[0])
        default = held[1]
        return v is not None and v != default

    @property
    def is_empty(self) -> bool:
        """Whether every field has its default: the message would serialize to no bytes."""
        return bool(self == _EMPTY[type(self)])


_EMPTY: dict[type, Any] = {}


def empty_record(cls: type[T]) -> T:
    """The record of the empty message of ``cls``: every field holds its proto3 default."""
    empty = _EMPTY[cls]
    if type(empty) is _Lazy:
        empty = _EMPTY[cls] = cls(**{s.label: _default(s) for s in cls.FIELDS})
    return empty  # type: ignore[no-any-return]


def _from_bytes(cls: type[Entity], data: bytes) -> Entity:
    return cls.from_bytes(data)


def to_timestamp(value: datetime | None) -> Timestamp | None:
    """The ``Timestamp`` of an aware ``datetime``. Every ``Timestamp`` field declares it as its converter,
    ``field(default=None, converter=to_timestamp)``, so that type checkers see the constructor take any
    datetime, as it does (the field's own check makes the ``Timestamp``, and takes flyteidl's message too)."""
    return None if value is None else Timestamp.from_datetime(value)


def to_duration(value: timedelta | None) -> Duration | None:
    """The ``Duration`` of a ``timedelta``: what every ``Duration`` field declares as its converter (see
    :func:`to_timestamp`)."""
    return None if value is None else Duration.from_timedelta(value)


#: The converter a field of each kind declares (and only those fields declare one).
TYPED_INPUT: dict[str, Callable[[Any], Any]] = {"timestamp": to_timestamp, "duration": to_duration}


def _field(default: Any = attrs.NOTHING, *, kw_only: bool = False, converter: Callable[[Any], Any] | None = None,
           metadata: Mapping[str, Any] | None = None) -> Any:
    """Declare a field whose default is not the usual one, which is keyword-only (proto fields flytekit lacks),
    whose constructor parameter takes what a converter takes (``converter=to_timestamp``), or with facts in
    ``metadata``: ``"proto"``, its protobuf name where that is not the attribute's (``{"proto": "type"}``), and
    ``"accepts"``, what more of flytekit's it takes (``{"accepts": ("one",)}``, see :data:`ACCEPTS`), and
    ``"reads"``, what users read, as flytekit shows it (``{"reads": "none"}``, see :data:`READS`), and
    ``"flytekit_default"``: the constructor's default is flytekit's, not the proto3 default (a message that
    leaves the field out still reads as the proto's).

    It takes what ``attrs.field`` takes, no more: mypy sees ``attrs.field`` here (see ``MYPY``)."""
    facts = dict(metadata or {})
    if set(facts) - FACTS:
        raise TypeError(f"field(metadata=...): {sorted(set(facts) - FACTS)} are none of {sorted(FACTS)}")
    unknown = set(facts.get("accepts", ())) - set(ACCEPTS)
    if unknown:
        raise TypeError(f"field(metadata={{'accepts': ...}}): {sorted(unknown)} are none of {sorted(ACCEPTS)}")
    if facts.get("reads", "none") not in READS:
        raise TypeError(f"field(metadata={{'reads': ...}}): {facts['reads']!r} is none of {sorted(READS)}")
    return attrs.field(default=default, kw_only=kw_only, converter=converter, metadata=facts)


@dataclass_transform(frozen_default=True, field_specifiers=(attrs.field, _field))
def _entity(pb_class: Any) -> Callable[[type[T]], type[T]]:
    """Make a declaration a frozen, slotted, hashable attrs class mirroring ``pb_class``.

    Each attribute is paired with the protobuf field of its name (or its metadata's ``"proto"``, or the field
    flyteidl names in camelCase, ``executionId`` for ``execution_id``) and declares its proto3 default:
    ``None`` for messages, oneof members and proto3 ``optional`` fields, ``()`` for repeated fields,
    ``FrozenDict()`` for maps, ``""``, ``b""``, ``0``, ``0.0``, ``False``, or the enum's zero. A ``Timestamp``
    or ``Duration`` field declares its converter too (see :func:`to_timestamp`).
    """
    descriptor: Descriptor = pb_class.DESCRIPTOR

    def transform(cls: type, fields: list[attrs.Attribute]) -> list[attrs.Attribute]:  # type: ignore[type-arg]
        out = []
        specs = []
        for a in fields:
            proto_name = a.metadata.get("proto", a.name)
            fd = descriptor.fields_by_name.get(proto_name) or descriptor.fields_by_camelcase_name.get(camel(a.name))
            if fd is None:
                raise TypeError(f"{cls.__name__}.{a.name}: {descriptor.full_name} has no field {proto_name!r}")
            # a field users read otherwise than it is held keeps its value in a private attribute (its reader's
            # name is the constructor's parameter, FieldSpec.label)
            attr = "_" + a.name if "reads" in a.metadata else a.name
            spec = field_spec(attr, fd, cls.SHARE_STRINGS)  # type: ignore[attr-defined]
            specs.append(spec)
            if a.default is attrs.NOTHING or type(a.default) is not type(_default(spec)) or (
                    a.default != _default(spec) and not a.metadata.get("flytekit_default")):
                raise TypeError(f"{cls.__name__}.{a.name}: declare the proto3 default, {_default(spec)!r}")
            typed: Any = TYPED_INPUT.get(spec.value.kind) if spec.shape == "optional" else None
            if a.converter is not typed:
                raise TypeError(f"{cls.__name__}.{a.name}: " + (
                    f"declare field(default=None, converter={typed.__name__}), what type checkers see the constructor "
                    "take" if typed else "only Timestamp and Duration fields declare a converter"))
            if spec.value.kind in ("double", "float") and spec.shape in ("single", "optional"):
                # attrs compares fields with ==, and NaN != NaN; tuples and dicts compare the shared NAN by identity
                a = a.evolve(eq_key=_float_key)
            elif spec.value.kind in ("struct", "value", "list_value") and spec.shape in ("single", "optional"):
                # in Python True == 1.0, but a JSON true is not the number 1: compare JSON values by kind too
                a = a.evolve(eq_key=_json_key)
            own = _attrs_converter(cls.__name__, spec)
            out.append(a.evolve(name=attr, alias=a.name, converter=flytekit_input(cls.__name__, spec, a.metadata, own)))
        cls.FIELDS = tuple(sorted(specs, key=lambda s: s.number))  # type: ignore[attr-defined]
        oneofs: dict[str, tuple[str, ...]] = {}
        for s in cls.FIELDS:  # type: ignore[attr-defined]
            if s.oneof:
                oneofs[s.oneof] = oneofs.get(s.oneof, ()) + (s.attr,)
        cls.ONEOFS = oneofs  # type: ignore[attr-defined]
        cls.HELD = {s.label: (s.attr, _default(s)) for s in cls.FIELDS}  # type: ignore[attr-defined]
        return out

    def make(cls: type[T]) -> type[T]:
        cls.PROTO = pb_class
        if not any(not _synthetic(o) for o in descriptor.oneofs):
            cls.__attrs_post_init__ = None  # type: ignore[assignment,method-assign]  # nothing to check
        # Records that hold other messages or sequences cache their hash; flat ones hash their few scalars
        # faster than a cache is filled (and are smaller without it).
        flat = all(fd.message_type is None and not is_repeated(fd) for fd in descriptor.fields)
        made = attrs.frozen(cls, cache_hash=not flat, weakref_slot=False, field_transformer=transform)
        _HASHES.install(made, flat)
        _BY_NAME[descriptor.full_name] = made
        _EMPTY[made] = _Lazy(made)
        readers(made)
        if any(s.attr != s.label for s in made.FIELDS):
            made.__repr__ = _labelled_repr(made)  # type: ignore[method-assign]
        return made

    return make


def camel(name: str) -> str:
    """``execution_id`` as ``executionId``."""
    head, *rest = name.split("_")
    return head + "".join(w.capitalize() for w in rest)


# How type checkers see a declaration: as the attrs class it makes. mypy's attrs plugin checks ``attrs.evolve``
# and types a constructor parameter by the field's converter, but knows attrs' own decorators by name only: to
# mypy, ``entity`` and ``field`` are ``attrs.frozen`` and ``attrs.field``. Other checkers (pyright, ...) see
# the functions above, through ``dataclass_transform`` and its field specifiers' ``converter``. ``MYPY`` is
# False at run time, and true to mypy alone (as ``TYPE_CHECKING`` is to all).
MYPY = False
if MYPY:
    from attrs import field as field
    from attrs import frozen as entity
else:
    entity = _entity
    field = _field


class _Lazy:
    """The empty record of a class, made on first comparison (classes it refers to may come later)."""

    def __init__(self, cls: type) -> None:
        self.cls = cls

    def __eq__(self, other: object) -> bool:
        return bool(empty_record(self.cls) == other)

    __hash__ = None  # type: ignore[assignment]


class _Hashes:
    """The ``__hash__`` of every record class that holds messages or sequences, generated on its first
    hash (when the classes of its fields all exist) into one namespace, where each calls its children's
    by name.

    It keeps the hash in attrs' cache slot as a plain int (attrs wraps it in an int subclass, which costs
    more to make than most of the hash), and hashes a Timestamp field by its UTC date and time and
    nanoseconds (``datetime.__hash__`` works out a UTC offset first, which costs twice as much). Flat
    records keep attrs' own hash of their few scalars."""

    def __init__(self) -> None:
        self.namespace: dict[str, Any] = {"REDUCE": _REDUCE}
        self.names: dict[type, str] = {}

    def install(self, cls: type, flat: bool) -> None:
        name = self.names[cls] = f"H{len(self.names)}_{cls.__name__}"
        if flat:  # attrs' own: a hash of its few scalars
            self.namespace[name] = cls.__hash__
            return

        def first_hash(record: Any) -> int:
            with GENERATION_LOCK:
                current: Callable[[Any], int] = cls.__dict__["__hash__"]  # another thread's may be made
                made = current if current is not first_hash else self.generate(cls)
            return made(record)

        self.namespace[name] = cls.__hash__ = first_hash  # type: ignore[method-assign,assignment]

    def generate(self, cls: type) -> Callable[[Any], int]:
        name = self.names[cls]
        terms = []
        for a in attrs.fields(cls):
            spec = next(s for s in cls.FIELDS if s.attr == a.name)  # type: ignore[attr-defined]
            kind, child = spec.value.kind, self.names.get(spec.value.entity) if spec.value.kind == "message" else None
            if a.eq_key is not None:
                self.namespace[f"{name}_{a.name}_key"] = a.eq_key
                terms.append(f"(None if (v := self.{a.name}) is None else {name}_{a.name}_key(v))")
            elif spec.shape == "repeated" or spec.shape == "map":
                terms.append(f"self.{a.name}")
            elif kind == "timestamp":
                # as the record holds them, equal Timestamps are the same UTC date and time (in their pickled
                # state, which leaves out fold) with the same nanoseconds
                terms.append(f"(None if (v := self.{a.name}) is None else (REDUCE(v)[1][0], v._ns))")
            elif child:
                terms.append(f"(None if (v := self.{a.name}) is None else {child}(v))")
            else:
                terms.append(f"self.{a.name}")
        source = (
            f"def {name}(self):\n"
            "    h = self._attrs_cached_hash\n"
            "    if h is None:\n"
            f"        h = hash(({hash(name)}, {', '.join(terms)}))\n"
            f"        {name}_set(self, h)\n"
            "    return h\n"
        )
        self.namespace[f"{name}_set"] = cls.__dict__["_attrs_cached_hash"].__set__
        filename = f"<hash {cls.__module__}.{cls.__qualname__}>"
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
        exec(compile(source, filename, "exec"), self.namespace)  # noqa: S102 - our own generated code
        made: Callable[[Any], int] = self.namespace[name]
        cls.__hash__ = made  # type: ignore[assignment]
        return made


_REPR_CONTEXT = threading.local()  # the records whose repr is being made, in this thread


def _labelled_repr(cls: type) -> Callable[[Any], str]:
    """attrs' repr, with each field named as the constructor names it (``group=``, not ``_group=``): the
    record's class, then each field's value; ``...`` for a record met again inside its own repr."""
    labels = {s.attr: s.label for s in cls.FIELDS}  # type: ignore[attr-defined]
    parts = ", ".join(f"{labels[a.name]}={{self.{a.name}!r}}" for a in attrs.fields(cls) if a.repr)
    source = (
        "def __repr__(self):\n"
        "    seen = getattr(CONTEXT, 'seen', None)\n"
        "    if seen is None:\n"
        "        seen = CONTEXT.seen = set()\n"
        "    if id(self) in seen:\n"
        "        return '...'\n"
        "    seen.add(id(self))\n"
        "    try:\n"
        f"        return f'{{self.__class__.__qualname__}}({parts})'\n"
        "    finally:\n"
        "        seen.discard(id(self))\n"
    )
    filename = f"<repr {cls.__module__}.{cls.__qualname__}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    namespace: dict[str, Any] = {"CONTEXT": _REPR_CONTEXT}
    exec(compile(source, filename, "exec"), namespace)  # noqa: S102 - our own generated code
    return namespace["__repr__"]  # type: ignore[no-any-return]


_REDUCE = datetime.__reduce__  # (class, (state, tzinfo)); the state bytes hold the date and time
_HASHES = _Hashes()


def _float_key(v: float | None) -> float | str | None:
    return v if v == v else "NaN"


_TRUE, _FALSE = object(), object()  # stand for JSON's true and false: no number equals them


def _json_key(v: Any) -> Any:
    """A JSON value as something that compares and hashes by value *and* kind (``True`` is not ``1.0``)."""
    if type(v) is bool:
        return _TRUE if v else _FALSE
    if isinstance(v, dict):
        return frozenset([(k, _json_key(x)) for k, x in v.items()])
    if isinstance(v, tuple):
        return tuple([_json_key(x) for x in v])
    return v if v == v else "NaN"  # None, str, float


def _default(spec: FieldSpec) -> Any:
    if spec.shape == "repeated":
        return ()
    if spec.shape == "map":
        return EMPTY
    if spec.shape == "optional":
        return None
    kind = spec.value.kind
    if kind == "enum":
        return spec.value.enum(0)
    return {"string": "", "bytes": b"", "bool": False, "double": 0.0, "float": 0.0}.get(kind, 0)


def model_for(x: Any) -> type[Entity]:
    """The entity class for a protobuf message class, message or descriptor, or for a name as the command
    line's ``--type`` takes it: a message's full name (``"flyteidl.admin.NodeExecution"``) or an entity class
    name (``"NodeExecution"``). A KeyError says why there is none: an unknown name, an enum's (see
    :func:`registered`), or a class name of more than one message (naming their full names)."""
    name = x if isinstance(x, str) else getattr(x, "DESCRIPTOR", x).full_name
    if name in _BY_NAME or not isinstance(x, str):
        full_names = [name]
    else:
        full_names = sorted(full for full, c in _BY_NAME.items() if c.__name__ == name)
        if len(full_names) > 1:
            raise KeyError(f"{name!r} is the class name of {len(full_names)} messages: give one of "
                           f"{', '.join(full_names)}")
    found = _BY_NAME.get(full_names[0]) if full_names else None
    if found is None:
        raise KeyError(f"no message type {name!r}: give a protobuf full name (flyteidl.admin.NodeExecution) or an "
                       "entity class name (NodeExecution)" if isinstance(x, str) else f"no entity mirrors {name!r}")
    if not issubclass(found, Entity):
        raise KeyError(f"{name!r} is the enum {found.__name__}, not a message")
    return found


def registered() -> dict[str, type]:
    """Every registered entity and enum class by protobuf full name."""
    return dict(_BY_NAME)


# ------------------------------------------------------------------ what flytekit takes and shows
#
# flytekit's constructors take more than the canonical values; records normalize it on the way in, so that
# equal messages still give equal records. Every field takes None as "unset" (its proto3 default). A field
# of a message that is one map takes a mapping (``TypedInterface(inputs={"x": Variable(...)})``), a
# repeated field of key-value pairs takes a mapping (``Container(env={"A": "1"})``). The rest a declaration
# opts into, with ``field(metadata={"accepts": (...)})``:

#: The facts a field's metadata may hold (see :func:`_field`).
FACTS = {"proto", "accepts", "reads", "flytekit_default"}
#: What a field's ``"accepts"`` may name, and what each takes.
ACCEPTS = {
    "one": "a single record for a repeated field, as a sequence of one",
    "naive": "a naive datetime, as UTC",
    "scalar": "a str, int, float or bool for a record that is a oneof of scalars: the member of that type",
}
#: What a field's ``"reads"`` may name: what users read of it, as flytekit shows it. The record holds the
#: field's value in a private attribute (``_group``), which the formats read and write, so that records stay
#: one per message: what users read is all that changes.
READS = {
    "none": "None while it holds its proto3 default (flytekit's Secret.group, Literal.hash)",
    "empty": "its kind's empty value while it is unset: an empty record, a zero Duration, the epoch Timestamp, an "
             "empty FrozenDict for a Struct, the wrapped type's zero (flytekit's NodeExecution.closure, TaskLog.ttl)",
    "mapping": "a FrozenDict: of the pairs of a repeated key-value field (the last of a key given twice), or of "
               "the map of a record that is one map (flytekit's Container.env, TypedInterface.inputs)",
}


def flytekit_input(cls_name: str, spec: FieldSpec, metadata: Any,
                   convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``convert`` (the field's own check) after normalizing what flytekit's constructor takes."""
    accepts = metadata.get("accepts", ())
    empty = _default(spec)
    steps: list[Callable[[Any], Any]] = []
    if spec.value.kind == "message" and spec.shape != "map":
        steps.append(_message_input(spec, "one" in accepts, "scalar" in accepts))
    if "naive" in accepts:
        steps.append(_naive_as_utc)
    if spec.value.kind == "struct":
        steps.append(_struct_message_as_json)

    def take(v: Any) -> Any:
        if v is None:
            return empty
        try:
            for step in steps:
                v = step(v)
        except TypeError as e:
            raise TypeError(f"{cls_name}.{spec.label}: {e}") from None
        except ValueError as e:  # a record made of what was given (a dict for a map message) refused it
            raise ValueError(f"{cls_name}.{spec.label}: {e}") from None
        return convert(v)

    return take


def _message_input(spec: FieldSpec, one: bool, scalar: bool) -> Callable[[Any], Any]:
    def element(v: Any) -> Any:
        cls = spec.value.entity
        if type(v) is cls or isinstance(v, Entity):
            return v
        if isinstance(v, Mapping) and len(cls.FIELDS) == 1 and cls.FIELDS[0].shape == "map":
            return cls(v)  # type: ignore[call-arg]
        if scalar and isinstance(v, (str, int, float)):
            return _from_scalar(cls, v)
        return v

    if spec.shape != "repeated":
        return element

    def elements(v: Any) -> Any:
        cls = spec.value.entity
        if one and type(v) is cls:
            return (v,)
        if isinstance(v, Mapping) and _is_pair(cls):
            return [cls(k, x) for k, x in v.items()]  # type: ignore[call-arg]
        if isinstance(v, (str, bytes, Mapping)) or not isinstance(v, Iterable):
            return v  # the field's check says what is wrong
        return [element(x) for x in v]

    return elements


def _is_pair(cls: type[Entity]) -> bool:
    return [(s.name, s.value.kind, s.shape) for s in cls.FIELDS] == [("key", "string", "single"),
                                                                       ("value", "string", "single")]


_SCALAR_KINDS = {str: ("string",), bool: ("bool",), int: tuple(_INT_RANGES), float: ("double", "float")}


def _from_scalar(cls: type[Entity], v: str | int | float) -> Any:
    kinds = _SCALAR_KINDS.get(type(v), ())
    members = [s.label for s in cls.FIELDS if s.oneof and s.value.kind in kinds]
    if len(members) != 1:
        raise TypeError(f"expected {cls.__name__} or a value of one of its members, got {type(v).__name__} {v!r}")
    return cls(**{members[0]: v})


def _struct_message_as_json(v: Any) -> Any:
    """A ``google.protobuf.Struct`` message (which flytekit passes, ``Scalar(generic=...)``) as its JSON object."""
    return _json_of_struct(v) if _is_pb(v, "google.protobuf.Struct") else v


def _json_of_struct(m: Any) -> dict[str, Any]:
    return {k: _json_of_value(x) for k, x in m.fields.items()}


def _json_of_value(v: Any) -> Any:
    kind = v.WhichOneof("kind")
    if kind == "struct_value":
        return _json_of_struct(v.struct_value)
    if kind == "list_value":
        return [_json_of_value(x) for x in v.list_value.values]
    return None if kind in (None, "null_value") else getattr(v, kind)


def _naive_as_utc(v: Any) -> Any:
    if isinstance(v, datetime) and v.tzinfo is None:
        return v.replace(tzinfo=UTC)
    return v


def readers(cls: type[Entity]) -> None:
    """Give each field declared with ``"reads"`` its reader, under the field's public name."""
    for a in attrs.fields(cls):
        reads = a.metadata.get("reads")
        if reads is not None:
            spec = next(s for s in cls.FIELDS if s.attr == a.name)
            slot = cls.__dict__[a.name].__get__  # the slot's own reader
            if reads == "none":
                reader = _none_reader(slot, _default(spec))
            elif reads == "mapping":
                reader = _mapping_reader(slot, spec)
            else:  # a member of a oneof is unset while no member is set
                others = [cls.__dict__[m].__get__ for m in cls.ONEOFS.get(spec.oneof or "", ()) if m != a.name]
                reader = _empty_reader(slot, spec, others)
            setattr(cls, spec.label, reader)


def _none_reader(slot: Callable[[Any], Any], default: Any) -> property:
    def read(self: Any) -> Any:
        v = slot(self)
        return None if v == default else v

    return property(read, doc="The field's value, or None while it is not set.")


def _mapping_reader(slot: Callable[[Any], Any], spec: FieldSpec) -> property:
    if spec.shape == "repeated":
        pair = spec.value.descriptor.message_type
        if spec.value.kind != "message" or [(f.name, f.type) for f in pair.fields] != [
                ("key", FieldDescriptor.TYPE_STRING), ("value", FieldDescriptor.TYPE_STRING)]:
            raise TypeError(f"{spec.attr}: only key-value pairs and records of one map read as a mapping")

        def pairs(self: Any) -> FrozenDict[Any, Any]:
            v = slot(self)
            return FrozenDict({kv.key: kv.value for kv in v}) if v else EMPTY

        return property(pairs, doc="The key-value pairs, as a mapping.")
    inner: list[Callable[[Any], Any]] = []  # found on first read (the record's class may come later)

    def mapping(self: Any) -> FrozenDict[Any, Any]:
        v = slot(self)
        if v is None:
            return EMPTY
        if not inner:
            (one,) = type(v).FIELDS
            inner.append(type(v).__dict__[one.attr].__get__)
        return inner[0](v)  # type: ignore[no-any-return]

    return property(mapping, doc="The map of the record of one map, or an empty one while it is not set.")


def _empty_reader(slot: Callable[[Any], Any], spec: FieldSpec, others: list[Callable[[Any], Any]]) -> property:
    empty: list[Any] = []  # made on first read (the entity class of a message field may come later)

    def read(self: Any) -> Any:
        v = slot(self)
        if v is None:
            if others and any(other(self) is not None for other in others):
                return None
            if not empty:
                empty.append(_empty_value(spec.value))
            return empty[0]
        return v

    return property(read, doc="The field's value, or its kind's empty value while it is not set.")


def _empty_value(value: ValueSpec) -> Any:
    kind = value.kind
    if kind == "message":
        return empty_record(value.entity)
    if kind == "wrapper":
        assert value.wrapped is not None
        return _default(FieldSpec("", value.wrapped.descriptor, value.wrapped, "single"))
    return {"timestamp": Timestamp.from_parts(0, 0), "duration": Duration(0), "struct": EMPTY,
            "list_value": ()}.get(kind)


def oneof_value(oneof: str = "value") -> Any:
    """flytekit's ``.value`` of a record holding a oneof: whichever member is set, or None."""

    def value(self: Any) -> Any:
        members = type(self).ONEOFS[oneof]
        for member in members:
            v = getattr(self, member)
            if v is not None:
                return v
        for member in members:  # none is set: what a member declared with "reads" (held privately) reads
            if member.startswith("_"):  # (flytekit's WorkflowNode.reference, an empty sub-workflow reference)
                return getattr(self, member[1:])
        return None

    return property(value, doc=f"Whichever member of oneof {oneof!r} is set, or None.")
