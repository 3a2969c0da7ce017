"""The protobuf format: records to and from flyteidl's messages and wire bytes.

Reading a message, a generated function per class reads each field once (``WhichOneof`` once per
oneof) and fills a new record through its slots. Writing, a generated function per class makes the
keyword arguments of the message's constructor — nested messages as dicts — so that upb builds the
whole tree in one call.
"""

from __future__ import annotations

from typing import Any

import cattrs
from google.protobuf import message as pb_message
from google.protobuf import struct_pb2, unknown_fields

from .._compat import MAP_VALUE_DICTS, STRUCT_DICTS, is_repeated
from .._errors import ConversionError, excerpt
from .._model import MAX_DEPTH, SHARED_STRINGS, Entity, FieldSpec, ValueSpec, share_string
from ..wellknown import FrozenDict
from ..wellknown.duration import from_parts as duration
from ..wellknown.frozendict import EMPTY
from ..wellknown.struct import NAN
from ..wellknown.timestamp import from_parts as timestamp
from ._codegen import FieldLines, Hooks, RecordCode, convert_each, convert_items


def is_entity(cls: Any) -> bool:
    return isinstance(cls, type) and issubclass(cls, Entity)


# ------------------------------------------------------------------------------------ message -> record


# How deep records nest: at most MAX_DEPTH (100) messages, counting the top one and map entries as upb's
# decoder does. Within it, every format's reader accepts the record (upb's limit is one deeper, ParseDict's
# the same without map entries), so a record always round-trips; the constructors keep to it too.
#: Kinds whose values are messages: their readers and writers take the value's depth and check it.
NESTING = ("message", "struct", "list_value", "value", "timestamp", "duration", "wrapper")


def too_deep() -> ConversionError:
    return ConversionError(f"messages nest deeper than protobuf's limit of {MAX_DEPTH}")


def _value_from_pb(m: Any, d: int) -> Any:
    if d > MAX_DEPTH:
        raise too_deep()
    kind = m.WhichOneof("kind")
    if kind == "string_value":
        return m.string_value
    if kind == "number_value":
        v = m.number_value
        return v if v == v else NAN
    if kind == "bool_value":
        return m.bool_value
    if kind == "struct_value":
        return _struct_from_pb(m.struct_value, d + 1)
    if kind == "list_value":
        return _list_from_pb(m.list_value, d + 1)
    if kind == "null_value":
        return None
    raise ConversionError("google.protobuf.Value has no kind set")


def _struct_from_pb(m: Any, d: int) -> FrozenDict[str, Any]:
    if d > MAX_DEPTH:
        raise too_deep()
    if not m.fields:
        return EMPTY
    return FrozenDict(convert_items(_same, lambda v: _value_from_pb(v, d + 2), m.fields))  # + its map entry


def _list_from_pb(m: Any, d: int) -> tuple[Any, ...]:
    if d > MAX_DEPTH:
        raise too_deep()
    try:
        return tuple(convert_each(lambda v: _value_from_pb(v, d + 1), m.values))
    except ConversionError as e:
        raise e.prefix("values") from None


def _double(v: float) -> float:
    return v if v == v else NAN


def _leaf(convert: Any) -> Any:
    """A reader or writer of a message with no messages inside (Timestamp, Duration, a wrapper) that
    takes the message's depth and checks it."""
    def leaf(value: Any, d: int) -> Any:
        if d > MAX_DEPTH:
            raise too_deep()
        return convert(value)
    return leaf


def _reader(spec: ValueSpec, hooks: Hooks) -> str | None:
    """The name of a function turning one protobuf value of ``spec`` into its record value, or None
    when the protobuf value is already it (strings, ints, bools, bytes). Readers of NESTING kinds
    take the value's depth as a second argument."""
    kind = spec.kind
    if kind == "message":
        return hooks.name(spec.entity)
    if kind == "enum":
        cls = spec.enum
        members = cls._value2member_map_

        def enum(v: int) -> Any:
            try:
                return members[v]
            except KeyError:
                return cls(v)

        return hooks.add(enum, "enum")
    if kind in ("double", "float"):
        return hooks.add(_double, "dbl")
    if kind == "timestamp":
        return hooks.add(_leaf(lambda m: timestamp(m.seconds, m.nanos)), "ts")
    if kind == "duration":
        return hooks.add(_leaf(lambda m: duration(m.seconds, m.nanos)), "dur")
    if kind == "struct":
        return hooks.add(_struct_from_pb, "struct")
    if kind == "list_value":
        return hooks.add(_list_from_pb, "list")
    if kind == "value":
        return hooks.add(_value_from_pb, "value")
    if kind == "wrapper":
        assert spec.wrapped is not None
        inner = _reader(spec.wrapped, hooks)
        inner_fn = _same if inner is None else hooks.namespace[inner]
        return hooks.add(_leaf(lambda m: inner_fn(m.value)), "wrap")
    return None


def _read_expr(spec: FieldSpec, hooks: Hooks, src: str, level: int) -> str:
    """An expression for the record value of field ``spec`` read from ``src`` (``p.name``) in a message
    ``level`` levels below the function's own (at depth ``d``): its values are at depth ``dv`` (the
    message's depth + 1), a map's values at ``dv + 1`` (past the entry)."""
    dv = f"d + {level + 1}"
    fn = _reader(spec.value, hooks)
    depth = spec.value.kind in NESTING
    if spec.shape == "repeated":
        if fn is None:
            return f"tuple({src})"
        return f"{hooks.add(_sequence)}({fn}, {src}, {dv if depth else 'None'})"
    if spec.shape == "map":
        key = _reader(spec.key, hooks) if spec.key else None
        return f"{hooks.add(_mapping)}({fn or 'None'}, {key or 'None'}, {src}, {dv}, {depth})"
    kind = spec.value.kind
    if kind in ("timestamp", "duration"):  # inlined: the hottest values of a node execution
        make = hooks.add(timestamp if kind == "timestamp" else duration, kind)
        return f"({make}((m := {src}).seconds, m.nanos) if d < {MAX_DEPTH - level} else too_deep_raise())"
    if kind == "enum":
        members = hooks.add(spec.value.enum._value2member_map_, "members")
        return f"({members}[v] if (v := {src}) in {members} else {hooks.add(spec.value.enum, 'enum')}(v))"
    if spec.shared:  # '' is one object already
        get, share = hooks.add(SHARED_STRINGS.get, "shared"), hooks.add(share_string, "share")
        return f"(({get}(v) or {share}(v)) if (v := {src}) else v)"
    if fn is None:
        return src
    return f"{fn}({src}, {dv})" if depth else f"{fn}({src})"


def _same(v: Any) -> Any:
    return v


def too_deep_raise() -> Any:
    raise too_deep()


def _sequence(fn: Any, items: Any, d: int | None) -> tuple[Any, ...]:
    return tuple(convert_each(fn if d is None else lambda x: fn(x, d), items))


def _mapping(fn: Any, key: Any, items: Any, entry_depth: int, nesting: bool) -> FrozenDict[Any, Any]:
    """A map field's FrozenDict; its entries are messages at ``entry_depth``, its values one deeper."""
    if not items:
        return EMPTY  # one empty map for all records
    if entry_depth > MAX_DEPTH:
        raise too_deep()
    if fn is None and key is None:
        return FrozenDict(items)
    value = _same if fn is None else (lambda v: fn(v, entry_depth + 1)) if nesting else fn
    return FrozenDict(convert_items(key or _same, value, items))


#: How many levels of child messages a reader reads inline rather than calling their own functions.
_INLINE_LEVELS = 2


def _generate_structure(cls: type[Entity], hooks: Hooks) -> str:
    """The reader of ``cls``: a function of the message and its depth. Child messages of other types are
    read inline (a few levels down), which saves a call per message."""
    name = hooks.name(cls)
    record = RecordCode(cls, hooks)
    lines = [f"def {name}(p, d):", f"    if d > {MAX_DEPTH}: raise too_deep()", *record.new(), "    try:"]
    field_at_line = FieldLines()
    _read_fields(cls, hooks, lines, field_at_line, (cls,), "")
    lines += [
        *field_at_line.handlers(hooks),
        *record.finish(),
        "    return o",
    ]
    return "\n".join(lines) + "\n"


def _read_fields(cls: type[Entity], hooks: Hooks, lines: list[str], field_at_line: FieldLines,
                 stack: tuple[type[Entity], ...], path: str) -> None:
    """Lines reading the fields of message ``p{n}`` into record ``o{n}`` (``p``, ``o`` at the top), where
    ``n`` is how many levels below the function's own message (at depth ``d``) it is (``len(stack) - 1``);
    ``path`` leads there. Each line's field path goes in ``field_at_line``."""
    level = len(stack) - 1
    suffix = str(level) if level else ""
    p, o = f"p{suffix}", f"o{suffix}"
    indent = "    " * (level + 2)
    record = RecordCode(cls, hooks)
    asks, presence = presence_code(cls, hooks, p, suffix)
    lines += [f"{indent}{line}" for line in asks]
    for spec in cls.FIELDS:
        first = len(lines) + 1
        here = f"{path}.{spec.name}" if path else spec.name
        src = f"{p}.{spec.name}"
        present = presence.get(spec.name, "")
        child = spec.value.entity if spec.value.kind == "message" else None
        if child is not None and spec.shape == "optional" and child not in stack and level < _INLINE_LEVELS:
            n = str(level + 1)
            child_record = RecordCode(child, hooks)
            lines += [
                f"{indent}if {present}:",
                f"{indent}    if d >= {MAX_DEPTH - level}: raise too_deep()",  # the child is at depth d + n
                *([f"{indent}    p{n} = {src}"] if child.FIELDS else []),
                *child_record.new(f"o{n}", f"{indent}    "),
            ]
            _read_fields(child, hooks, lines, field_at_line, (*stack, child), here)
            lines += [
                *child_record.finish(f"o{n}", f"{indent}    "),
                f"{indent}    {record.set(o, spec.attr, f'o{n}')}",
                f"{indent}else:",
                f"{indent}    {record.set(o, spec.attr, 'None')}",
            ]
        else:
            value = _read_expr(spec, hooks, src, level)
            lines.append(f"{indent}{record.set(o, spec.attr, f'{value} if {present} else None')}" if present
                         else f"{indent}{record.set(o, spec.attr, value)}")
        field_at_line.claim(first, lines, here)


def presence_code(cls: type[Entity], hooks: Hooks, p: str, suffix: str) -> tuple[list[str], dict[str, str]]:
    """How generated code tells which fields of message ``p`` (of ``cls``) are set: statements asking each
    oneof once which member it holds (into ``w{suffix}_{oneof}``), and for each field with presence, by
    name, an expression that is true when it is set. Methods are called unbound: no method object is
    made per call."""
    asks = []
    if cls.ONEOFS:
        which = hooks.add(cls.PROTO.WhichOneof, "which")
        asks = [f"w{suffix}_{oneof} = {which}({p}, {oneof!r})" for oneof in cls.ONEOFS]
    has = hooks.add(cls.PROTO.HasField, "has")
    presence = {}
    for spec in cls.FIELDS:
        if spec.oneof:
            presence[spec.name] = f"w{suffix}_{spec.oneof} == {spec.name!r}"
        elif spec.shape == "optional":
            presence[spec.name] = f"{has}({p}, {spec.name!r})"
    return asks, presence


# ------------------------------------------------------------------------------------ record -> message


def _value_to_kwargs(v: Any, d: int) -> dict[str, Any]:
    if d > MAX_DEPTH:
        raise too_deep()
    if v is None:
        return {"null_value": 0}
    t = type(v)
    if t is str:
        return {"string_value": v}
    if t is bool:
        return {"bool_value": v}
    if t is float:
        return {"number_value": v}
    if t is tuple:
        return {"list_value": _list_to_kwargs(v, d + 1)}
    return {"struct_value": _struct_to_kwargs(v, d + 1)}


def _list_to_kwargs(v: tuple[Any, ...], d: int) -> dict[str, Any]:
    if d > MAX_DEPTH:
        raise too_deep()
    return {"values": [_value_to_kwargs(x, d + 1) for x in v]}


def _struct_as_json(v: FrozenDict[str, Any], d: int) -> Any:
    # protobuf reads a dict given for a Struct as JSON (Struct.update), which is what the record holds;
    # only its depth needs checking.
    if not _struct_fits(v, d):
        raise too_deep()
    return v


def _struct_as_fields(v: FrozenDict[str, Any], d: int) -> Any:
    # A protobuf that reads a dict given for a Struct as its keyword arguments, and takes no dicts for a
    # map's messages, is given the Value messages of its map.
    if d + (2 if v else 0) > MAX_DEPTH:  # past the map entry and the Value
        raise too_deep()
    return {"fields": {k: struct_pb2.Value(**_value_to_kwargs(x, d + 2)) for k, x in v.items()}}


_struct_to_kwargs = _struct_as_json if STRUCT_DICTS else _struct_as_fields


def _struct_fits(v: Any, d: int) -> bool:
    """Whether a Struct (dict) or ListValue (tuple) at depth ``d`` nests within :data:`MAX_DEPTH`."""
    if isinstance(v, dict):
        # Struct, then per key a map entry and a Value, then the Value's Struct or ListValue
        return d + (2 if v else 0) <= MAX_DEPTH and all(
            _struct_fits(x, d + 3) for x in v.values() if isinstance(x, (dict, tuple)))
    return d + (1 if v else 0) <= MAX_DEPTH and all(_struct_fits(x, d + 2) for x in v if isinstance(x, (dict, tuple)))


def _parts(v: Any) -> dict[str, int]:
    s, n = v.to_parts()
    return {"seconds": s, "nanos": n}


def _writer(spec: ValueSpec, hooks: Hooks) -> str | None:
    """The name of a function turning one record value into what the message constructor takes,
    or None when it takes the value as it is. Writers of NESTING kinds take the value's depth too."""
    kind = spec.kind
    if kind == "message":
        return hooks.name(spec.entity)
    if kind in ("timestamp", "duration"):
        return hooks.add(_leaf(_parts), "parts")
    if kind == "struct":
        return hooks.add(_struct_to_kwargs, "struct")
    if kind == "list_value":
        return hooks.add(_list_to_kwargs, "list")
    if kind == "value":
        return hooks.add(_value_to_kwargs, "value")
    if kind == "wrapper":
        return hooks.add(_leaf(lambda v: {"value": v}), "wrap")
    return None


def _generate_unstructure(cls: type[Entity], hooks: Hooks) -> str:
    name = hooks.name(cls)
    lines = [f"def {name}(o, d):", f"    if d > {MAX_DEPTH}: raise too_deep()", "    d1 = d + 1", "    k = {}",
             "    try:"]
    field_at_line = {}  # the line of each field's statement: where a failure happened names the field
    for spec in cls.FIELDS:
        fn = _writer(spec.value, hooks)
        if fn is not None and spec.value.kind in NESTING:
            call = f"{fn}({{}}, d1 + 1)" if spec.shape == "map" else f"{fn}({{}}, d1)"  # past the map entry
        elif fn is not None:
            call = f"{fn}({{}})"
        else:
            call = "{}"
        lines.append(f"        v = o.{spec.attr}")
        each = f"lambda x: {call.format('x')}"  # elements go through convert_each/_items: failures name them
        if spec.shape == "map" and spec.value.kind == "message" and not MAP_VALUE_DICTS:
            each = f"lambda x: {hooks.add(spec.value.entity.PROTO, 'pb')}(**{call.format('x')})"
        if spec.shape == "repeated":
            value = f"{hooks.add(convert_each)}({each}, v)" if fn else "v"
            lines.append(f"        if v: k[{spec.name!r}] = {value}")
        elif spec.shape == "map":  # its entries are messages at d1
            value = f"{hooks.add(convert_items)}({hooks.add(_same)}, {each}, v)" if fn else "v"
            lines.append(f"        if v: k[{spec.name!r}] = ({value} if d1 <= {MAX_DEPTH} else too_deep_raise())")
        elif spec.shape == "optional":
            lines.append(f"        if v is not None: k[{spec.name!r}] = {call.format('v')}")
        elif spec.value.kind in ("double", "float"):
            lines.append(f"        k[{spec.name!r}] = v")  # -0.0 is falsy but is a value
        else:
            lines.append(f"        if v: k[{spec.name!r}] = v")
        field_at_line[len(lines)] = spec.name
    where = hooks.add(field_at_line, "lines")
    lines += [
        "        pass",
        "    except ConversionError as e:",
        f"        raise e.prefix({where}.get(e.__traceback__.tb_lineno, '')) from None",
        "    return k",
    ]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------- the converter


class ProtoConverter(cattrs.Converter):
    """cattrs converter between records and protobuf messages; ``structure(msg, cls)``/``unstructure(rec)``."""

    def __init__(self) -> None:
        super().__init__()
        self.readers = Hooks("from_pb", _generate_structure, too_deep=too_deep, too_deep_raise=too_deep_raise)
        self.writers = Hooks("to_pb_kwargs", _generate_unstructure, too_deep=too_deep, too_deep_raise=too_deep_raise)
        configure_converter(self)

    def kwargs_of(self, record: Entity) -> dict[str, Any]:
        """The keyword arguments of ``PROTO(**kwargs)`` for ``record``, nested messages as dicts."""
        return self.writers[type(record)](record, 1)  # type: ignore[no-any-return]

    def from_bytes(self, data: bytes, cls: type[Entity], *, ignore_unknown_fields: bool = False) -> Any:
        return self.structure(self.parse(data, cls, ignore_unknown_fields=ignore_unknown_fields), cls)

    def parse(self, data: bytes, cls: type[Entity], *, ignore_unknown_fields: bool = False) -> Any:
        """The ``cls.PROTO`` message of wire bytes, with every field known to this flyteidl: a field it does
        not know is an error naming where it is, or dropped with ``ignore_unknown_fields``."""
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise ConversionError(f"expected bytes, got {type(data).__name__}")
        if type(data) is not bytes:
            data = bytes(data)  # protobuf before 5.28 parses no bytearray
        try:
            message = cls.PROTO.FromString(data)
        except (pb_message.DecodeError, UnicodeDecodeError) as e:  # protobuf's pure-Python parser: the latter
            name = cls.PROTO.DESCRIPTOR.full_name
            raise ConversionError(f"not a valid {name} in protobuf wire format: {e}") from None
        if not ignore_unknown_fields:
            message.DiscardUnknownFields()
            # Bytes that are the known fields' own encoding hold no unknown field (they parse as this message,
            # which has none). Other bytes (unknown fields, or a writer's other order or encoding) are parsed
            # again and their size compared before and after the unknown fields are dropped.
            if message.SerializeToString() != data:
                again = cls.PROTO.FromString(data)
                size = again.ByteSize()
                again.DiscardUnknownFields()
                if again.ByteSize() != size:
                    raise _unknown_field_error(cls.PROTO.FromString(data))
        return message


def _unknown_field_error(message: Any) -> ConversionError:
    """Say where the first field unknown to this flyteidl is (the message is known to have one)."""
    return _find_unknown(message) or ConversionError("a field is unknown to this flyteidl")


def _find_unknown(message: Any) -> ConversionError | None:
    found = unknown_fields.UnknownFieldSet(message)
    if len(found):
        field = found[0]
        return ConversionError(
            f"field number {field.field_number} (wire type {field.wire_type}) is unknown to "
            f"{message.DESCRIPTOR.full_name} in this flyteidl; pass ignore_unknown_fields=True to drop it"
        )
    for descriptor, value in message.ListFields():
        if descriptor.message_type is None:
            continue
        if descriptor.message_type.GetOptions().map_entry:
            if descriptor.message_type.fields_by_name["value"].message_type is None:
                continue
            children: Any = [(f"[{excerpt(k)}]", value[k]) for k in value]
        elif is_repeated(descriptor):
            children = [(f"[{i}]", v) for i, v in enumerate(value)]
        else:
            children = [(None, value)]
        for where, child in children:
            error = _find_unknown(child)
            if error is not None:
                if where:
                    error.prefix(where)
                return error.prefix(descriptor.name)
    return None


def configure_converter(converter: ProtoConverter) -> None:
    readers, writers = converter.readers, converter.writers

    def structure_factory(cls: type[Entity]) -> Any:
        read = readers[cls]
        expected = cls.PROTO

        def structure(p: Any, _: Any = None) -> Any:
            if type(p) is not expected:
                raise ConversionError(f"expected a {expected.DESCRIPTOR.full_name} message, got {type(p).__name__}")
            return read(p, 1)

        return structure

    def unstructure_factory(cls: type[Entity]) -> Any:
        write = writers[cls]
        make = cls.PROTO
        return lambda record: make(**write(record, 1))

    converter.register_structure_hook_factory(is_entity, structure_factory)
    converter.register_unstructure_hook_factory(is_entity, unstructure_factory)


def make_converter() -> ProtoConverter:
    return ProtoConverter()


converter = make_converter()
