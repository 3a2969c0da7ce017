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
import struct
import threading
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from types import SimpleNamespace
from typing import Any, ClassVar, TypeVar, cast, dataclass_transform

import attrs
from google.protobuf.descriptor import Descriptor, EnumDescriptor, FieldDescriptor

from .wellknown import Duration, FrozenDict, Timestamp
from .wellknown.frozendict import EMPTY
from .wellknown.struct import freeze_list, freeze_struct, freeze_value, number

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
    if fd.is_repeated:
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
                raise TypeError(f"expected int ({kind}), got {type(v).__name__} {v!r}")
            if not low <= v <= high:
                raise ValueError(f"{v} is out of range for {kind}")
            return v if type(v) is int else int(v)

        return check_int
    if kind == "string":
        def check_str(v: object) -> str:
            if isinstance(v, str):
                return v if type(v) is str else str(v)
            raise TypeError(f"expected str, got {type(v).__name__} {v!r}")
        return check_str
    if kind == "bytes":
        def check_bytes(v: Any) -> bytes:
            if isinstance(v, (bytes, bytearray, memoryview)):
                return bytes(v)
            raise TypeError(f"expected bytes, got {type(v).__name__} {v!r}")
        return check_bytes
    if kind == "bool":
        def check_bool(v: object) -> bool:
            if isinstance(v, bool):
                return v
            raise TypeError(f"expected bool, got {type(v).__name__} {v!r}")
        return check_bool
    if kind in ("double", "float"):
        single = kind == "float"

        def check_float(v: Any) -> float:
            out = number(v)
            if single and out == out:  # keep what a 32-bit float keeps: the record equals its round trip
                (out,) = struct.unpack("<f", struct.pack("<f", out))
            return out
        return check_float
    raise AssertionError(kind)


def _value_check(spec: ValueSpec) -> Callable[[Any], Any]:
    kind = spec.kind
    if kind == "enum":
        def check_enum(v: Any) -> ProtoEnum:
            cls = spec.enum
            if type(v) is cls:
                return v
            if isinstance(v, int) and not isinstance(v, bool):
                out = cls(int(v))  # unknown numbers in int32 become members
                return out
            if isinstance(v, str) and v in cls._member_map_:
                return cls[v]
            raise TypeError(f"expected {cls.__name__} or int, got {type(v).__name__} {v!r}")
        return check_enum
    if kind == "message":
        def check_message(v: Any) -> Entity:
            cls = spec.entity
            if type(v) is cls:
                return v
            if type(v) is cls.PROTO:
                return cls.from_flyte_idl(v)
            raise TypeError(f"expected {cls.__name__}, got {type(v).__name__}")
        return check_message
    if kind == "timestamp":
        def check_timestamp(v: Any) -> Timestamp:
            if type(v) is Timestamp and v.tzinfo is Timestamp.min.tzinfo:
                return v
            if isinstance(v, datetime):
                return Timestamp.from_datetime(v)
            if _is_pb(v, "google.protobuf.Timestamp"):
                return Timestamp.from_parts(v.seconds, v.nanos)
            raise TypeError(f"expected an aware datetime, got {type(v).__name__} {v!r}")
        return check_timestamp
    if kind == "duration":
        def check_duration(v: Any) -> Duration:
            if isinstance(v, timedelta):
                return Duration.from_timedelta(v)
            if _is_pb(v, "google.protobuf.Duration"):
                return Duration.from_parts(v.seconds, v.nanos)
            raise TypeError(f"expected a timedelta, got {type(v).__name__} {v!r}")
        return check_duration
    if kind == "struct":
        return lambda v: v if type(v) is FrozenDict else freeze_struct(v)
    if kind == "list_value":
        return freeze_list
    if kind == "value":
        return freeze_value
    if kind == "wrapper":
        assert spec.wrapped is not None
        return _value_check(spec.wrapped)
    return _scalar_check(kind)


def _is_pb(v: Any, full_name: str) -> bool:
    d = getattr(v, "DESCRIPTOR", None)
    return isinstance(d, Descriptor) and d.full_name == full_name


def _field_converter(spec: FieldSpec) -> Callable[[Any], Any]:
    """Normalizes and checks a field's value: tuples for repeated fields, FrozenDicts for maps."""
    one = _value_check(spec.value)
    if spec.shape == "repeated":
        def repeated(v: Any) -> tuple[Any, ...]:
            if isinstance(v, (str, bytes, dict)) or not isinstance(v, Iterable):
                raise TypeError(f"expected a sequence, got {type(v).__name__}")
            return tuple([one(x) for x in v])
        return repeated
    if spec.shape == "map":
        assert spec.key is not None
        key = _value_check(spec.key)

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

    def converter(v: Any) -> Any:
        try:
            return convert(v)
        except TypeError as e:
            raise TypeError(f"{cls_name}.{spec.attr}: {e}") from None
        except ValueError as e:  # out of range, naive datetime, a ConversionError of a protobuf message given
            raise ValueError(f"{cls_name}.{spec.attr}: {e}") from None

    return converter


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

    @property
    def is_empty(self) -> bool:
        """Whether every field has its default: the message would serialize to no bytes."""
        return bool(self == _EMPTY[type(self)])


_EMPTY: dict[type, Any] = {}


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


def _field(default: Any = attrs.NOTHING, *, proto: str | None = None, kw_only: bool = False,
           converter: Callable[[Any], Any] | None = None) -> Any:
    """Declare a field whose default is not the usual one, whose protobuf name differs from the
    attribute's (``proto="executionId"``), or which is keyword-only (proto fields flytekit lacks)."""
    metadata = {"proto": proto} if proto else {}
    return attrs.field(default=default, kw_only=kw_only, converter=converter, metadata=metadata)


@dataclass_transform(frozen_default=True, field_specifiers=(attrs.field, _field))
def _entity(pb_class: Any) -> Callable[[type[T]], type[T]]:
    """Make a declaration a frozen, slotted, hashable attrs class mirroring ``pb_class``.

    Each attribute is paired with the protobuf field of its name (or its ``proto=`` name, or the field
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
            spec = field_spec(a.name, fd, cls.SHARE_STRINGS)  # type: ignore[attr-defined]
            specs.append(spec)
            if a.default is attrs.NOTHING or a.default != _default(spec) or type(a.default) is not type(_default(spec)):
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
            out.append(a.evolve(converter=_attrs_converter(cls.__name__, spec)))
        cls.FIELDS = tuple(sorted(specs, key=lambda s: s.number))  # type: ignore[attr-defined]
        oneofs: dict[str, tuple[str, ...]] = {}
        for s in cls.FIELDS:  # type: ignore[attr-defined]
            if s.oneof:
                oneofs[s.oneof] = oneofs.get(s.oneof, ()) + (s.attr,)
        cls.ONEOFS = oneofs  # type: ignore[attr-defined]
        return out

    def make(cls: type[T]) -> type[T]:
        cls.PROTO = pb_class
        if not any(not _synthetic(o) for o in descriptor.oneofs):
            cls.__attrs_post_init__ = None  # type: ignore[assignment,method-assign]  # nothing to check
        # Records that hold other messages or sequences cache their hash; flat ones hash their few scalars
        # faster than a cache is filled (and are smaller without it).
        flat = all(fd.message_type is None and not fd.is_repeated for fd in descriptor.fields)
        made = attrs.frozen(cls, cache_hash=not flat, weakref_slot=False, field_transformer=transform)
        _HASHES.install(made, flat)
        _BY_NAME[descriptor.full_name] = made
        _EMPTY[made] = _Lazy(made)
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
        empty = _EMPTY[self.cls] = self.cls()
        return bool(empty == other)

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
                made = cls.__hash__ if cls.__hash__ is not first_hash else self.generate(cls)
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
