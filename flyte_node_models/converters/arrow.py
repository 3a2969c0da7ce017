"""The Arrow format: records as Arrow tables and record batches, one row per record, and as Parquet files.

It needs pyarrow, the ``[arrow]`` extra (``pip install 'flyte_node_models[arrow]'``); importing the package
never imports it. ``to_table(records)`` and ``from_table(table, cls)`` are the two directions;
``to_batches``/``from_batches`` stream, ``write_parquet``/``read_parquet`` go through a file.

The schema of a class (``schema(cls)``) is derived from its declaration, and says what each column means
in its field metadata (``flyte.message``, ``flyte.enum``, ``flyte.encoding``, ``flyte.oneof``):

- a column per field, named as the protobuf field; a sub-message is a struct, null when unset, so that
  an unset message and an explicitly set empty one stay apart; a message with no fields is a struct of
  one ``present`` column (Parquet cannot hold a struct with no columns);
- repeated fields are lists, maps are Arrow maps;
- enums are their names, dictionary-encoded; a number this flyteidl does not know is written as its
  digits (``"7"``), which is read back as that number;
- each oneof is its member columns and a column of its own name (before the members) holding the name of
  the member that is set, or null;
- timestamps are ``timestamp("ns", "UTC")`` and durations ``duration("ns")``. Protobuf's range is wider
  than 64-bit nanoseconds (years 1677 to 2262, ±292 years): a value outside it is null there, and is
  held in the column ``<field>_parts`` beside it, a ``struct<seconds: int64, nanos: int32>`` that is null
  for every value within range (timestamps and durations in lists and maps, should flyteidl grow any,
  are such structs throughout);
- ``Struct``, ``Value`` and ``ListValue`` are JSON text (NaN and infinities as JSON5 and Python write
  them, ``NaN``, ``Infinity``, ``-Infinity``: strict JSON has no way to say them);
- recursive messages (``Literal``, ``LiteralType``, ``BooleanExpression``, ``BindingData``, a workflow's
  ``Node``): below the point where a type recurses, a column of a message type that is already being
  expanded above it holds that message's protobuf wire bytes (``flyte.encoding: protobuf``), so that the
  schema is finite and nothing is lost.

Parquet has no duration type: pyarrow writes durations as int64 and keeps the Arrow schema in the file's
metadata (``ARROW:schema``), from which ``read_parquet`` (and ``pyarrow.parquet.read_table``) restores
them, as it restores the dictionary-encoded enums and the field metadata. The round trip holds through
any engine that keeps that schema; one that reads only Parquet's own types sees durations as int64
nanoseconds.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

try:
    import pyarrow as pa
except ImportError as e:  # pragma: no cover - shown when the extra is missing
    raise ImportError("the Arrow format needs pyarrow: pip install 'flyte_node_models[arrow]'") from e

import attrs
import cattrs

from .._errors import ConversionError, excerpt
from .._model import GENERATION_LOCK, Entity, FieldSpec, ValueSpec, share_string
from ..wellknown.duration import from_nanoseconds, total_nanoseconds
from ..wellknown.duration import from_parts as duration_from_parts
from ..wellknown.frozendict import EMPTY, FrozenDict
from ..wellknown.struct import NAN, freeze_list, freeze_struct, freeze_value
from ..wellknown.timestamp import from_parts as timestamp_from_parts
from ._codegen import FieldLines, Hooks, RecordCode, convert_each

__all__ = [
    "converter", "from_batches", "from_record_batch", "from_table", "read_parquet", "schema", "to_batches",
    "to_record_batch", "to_table", "write_parquet",
]

_NS_MIN, _NS_MAX = -(2**63), 2**63 - 1
_BILLION = 1_000_000_000
_JSON_KINDS = ("struct", "value", "list_value")
_SCALAR_TYPES = {
    "double": pa.float64(), "float": pa.float32(), "int64": pa.int64(), "uint64": pa.uint64(),
    "int32": pa.int32(), "uint32": pa.uint32(), "bool": pa.bool_(), "string": pa.string(), "bytes": pa.binary(),
}
_ENUM_TYPE = pa.dictionary(pa.int32(), pa.string())
_WHICH_TYPE = pa.dictionary(pa.int8(), pa.string())
_PARTS_TYPE = pa.struct([("seconds", pa.int64()), ("nanos", pa.int32())])


# ------------------------------------------------------------------------------------------- the columns


@attrs.frozen
class _Column:
    """One column of a message's struct: a field's value, the ``_parts`` of a timestamp or duration
    field, the member set of a oneof, or the ``present`` column of a message with no fields."""

    name: str
    role: str  # "value", "parts", "which" or "present"
    spec: FieldSpec | None = None
    members: tuple[FieldSpec, ...] = ()


_COLUMNS: dict[type, tuple[_Column, ...]] = {}


def _columns(cls: type[Entity]) -> tuple[_Column, ...]:
    made = _COLUMNS.get(cls)
    if made is not None:
        return made
    out: list[_Column] = []
    for spec in cls.FIELDS:
        if spec.oneof and spec.attr == cls.ONEOFS[spec.oneof][0]:
            members = tuple(s for s in cls.FIELDS if s.oneof == spec.oneof)
            out.append(_Column(spec.oneof, "which", members=members))
        out.append(_Column(spec.name, "value", spec))
        if spec.value.kind in ("timestamp", "duration") and spec.shape in ("single", "optional"):
            out.append(_Column(f"{spec.name}_parts", "parts", spec))
    if not out:
        out.append(_Column("present", "present"))
    names = [c.name for c in out]
    if len(set(names)) != len(names):
        raise AssertionError(f"{cls.__name__}: columns of the same name in {names}")
    _COLUMNS[cls] = made = tuple(out)
    return made


# A node is a message type where it appears in a schema, with the types in its own strongly connected
# component (the types it reaches that reach it back) that are expanded above it. It is all a column's
# shape depends on: a child type already in the node's context is held as wire bytes, a child type of
# the same component is a new node, and a child type of another component starts afresh (its own
# top-level shape, shared by every class whose records hold it).
Node = tuple[type[Entity], frozenset[type[Entity]]]
_REACH: dict[type, frozenset[type[Entity]]] = {}


def _reach(cls: type[Entity]) -> frozenset[type[Entity]]:
    """The message types that records of ``cls`` may hold, at any depth."""
    made = _REACH.get(cls)
    if made is None:
        seen: set[type[Entity]] = set()
        todo = [s.value.entity for s in cls.FIELDS if s.value.kind == "message"]
        while todo:
            c = todo.pop()
            if c not in seen:
                seen.add(c)
                todo += [s.value.entity for s in c.FIELDS if s.value.kind == "message"]
        made = _REACH[cls] = frozenset(seen)
    return made


def _child(node: Node, child: type[Entity]) -> Node | None:
    """The node of a field of type ``child`` in ``node``; None when it is held as wire bytes."""
    cls, context = node
    if child in context:
        return None
    if child in _reach(cls) and cls in _reach(child):  # the same component: recursion goes on below
        return child, context | {child}
    return child, frozenset([child])


def _top(cls: type[Entity]) -> Node:
    return cls, frozenset([cls])


# -------------------------------------------------------------------------------------------- the schema

_TYPES: dict[Node, pa.StructType] = {}


def _struct_type(node: Node) -> pa.StructType:
    made = _TYPES.get(node)
    if made is None:
        with GENERATION_LOCK:
            made = _TYPES.get(node)
            if made is None:
                made = _TYPES[node] = pa.struct(_fields(node))
    return made


def _fields(node: Node) -> list[pa.Field]:
    out = []
    for column in _columns(node[0]):
        if column.role == "which":
            names = ",".join(m.name for m in column.members)
            out.append(pa.field(column.name, _WHICH_TYPE, metadata={"flyte.oneof": names}))
        elif column.role == "present":
            out.append(pa.field(column.name, pa.bool_()))
        elif column.role == "parts":
            assert column.spec is not None
            out.append(pa.field(column.name, _PARTS_TYPE, metadata={"flyte.parts_of": column.spec.name}))
        else:
            assert column.spec is not None
            out.append(_field(column.spec, node))
    return out


def _field(spec: FieldSpec, node: Node) -> pa.Field:
    value, metadata = _value_type(spec.value, node, spec.shape in ("repeated", "map"))
    if spec.shape == "repeated":
        return pa.field(spec.name, pa.list_(value), metadata=metadata)
    if spec.shape == "map":
        assert spec.key is not None
        key, _ = _value_type(spec.key, node, True)
        return pa.field(spec.name, pa.map_(key, value), metadata=metadata)
    return pa.field(spec.name, value, metadata=metadata)


def _value_type(spec: ValueSpec, node: Node, element: bool) -> tuple[pa.DataType, dict[str, str] | None]:
    kind = spec.kind
    if kind == "message":
        child = _child(node, spec.entity)
        if child is None:
            return pa.binary(), {"flyte.message": spec.message_name, "flyte.encoding": "protobuf"}
        return _struct_type(child), {"flyte.message": spec.message_name}
    if kind == "enum":
        return _ENUM_TYPE, {"flyte.enum": str(spec.descriptor.enum_type.full_name)}
    if kind in ("timestamp", "duration"):
        if element:
            return _PARTS_TYPE, {"flyte.message": spec.message_name}
        return (pa.timestamp("ns", "UTC") if kind == "timestamp" else pa.duration("ns")), None
    if kind in _JSON_KINDS:
        return pa.string(), {"flyte.message": spec.message_name, "flyte.encoding": "json"}
    if kind == "wrapper":
        assert spec.wrapped is not None
        return _SCALAR_TYPES[spec.wrapped.kind], {"flyte.message": spec.message_name}
    return _SCALAR_TYPES[kind], None


def schema(cls: type[Entity]) -> pa.Schema:
    """The Arrow schema of a table of ``cls`` records."""
    return _schemas(cls)[0]


_SCHEMAS: dict[type, tuple[pa.Schema, pa.Schema]] = {}


def _schemas(cls: type[Entity]) -> tuple[pa.Schema, pa.Schema]:
    """``cls``'s schema, and the plain one (see :func:`_plain`) that its values are read and written as."""
    made = _SCHEMAS.get(cls)
    if made is None:
        target = pa.schema(list(_struct_type(_top(cls))), metadata={"flyte.message": cls.PROTO.DESCRIPTOR.full_name})
        made = _SCHEMAS[cls] = target, pa.schema([f.with_type(_plain(f.type)) for f in target])
    return made


# --------------------------------------------------------------------- records to rows, generated per node


def _timestamp_ns(t: Any) -> int | None:
    if t is None:
        return None
    seconds, nanos = t.to_parts()
    ns = seconds * _BILLION + nanos
    return ns if _NS_MIN <= ns <= _NS_MAX else None


def _timestamp_parts(t: Any) -> tuple[int, int] | None:
    if t is None or _timestamp_ns(t) is not None:
        return None
    return t.to_parts()  # type: ignore[no-any-return]


def _duration_ns(d: Any) -> int | None:
    if d is None:
        return None
    ns = total_nanoseconds(d)
    return ns if _NS_MIN <= ns <= _NS_MAX else None


def _duration_parts(d: Any) -> tuple[int, int] | None:
    if d is None or _NS_MIN <= total_nanoseconds(d) <= _NS_MAX:
        return None
    return d.to_parts()  # type: ignore[no-any-return]


def _parts(v: Any) -> tuple[int, int]:
    return v.to_parts()  # type: ignore[no-any-return]


def _json(v: Any) -> str:
    return json.dumps(v, ensure_ascii=False)  # FrozenDicts are dicts, tuples arrays; NaN as NaN


def _to_bytes(v: Entity) -> bytes:
    return v.to_bytes()


Define = Callable[[Node, str, Hooks, Callable[[Node], str], int], str]


def _generate(cls: type[Entity], hooks: Hooks, define: Define) -> str:
    """The source of the functions of ``cls``'s top node and of the nodes of its component below it; each
    function's source is told how many lines come before it."""
    names = {_top(cls): hooks.name(cls)}
    todo = [_top(cls)]

    def name_of(node: Node) -> str:
        if node == _top(node[0]):
            return hooks.name(node[0])
        name = names.get(node)
        if name is None:
            name = names[node] = f"{names[_top(cls)]}__{len(names)}_{node[0].__name__}"
            todo.append(node)
        return name

    sources: list[str] = []
    lines = 0
    while todo:
        node = todo.pop()
        sources.append(define(node, names[node], hooks, name_of, lines))
        lines += sources[-1].count("\n")
    return "".join(sources)


def _write_value(spec: ValueSpec, node: Node, hooks: Hooks, name_of: Callable[[Node], str], v: str) -> str | None:
    """An expression for the Arrow value of one value ``v`` of a list, a map or a field; None when it is
    ``v`` itself."""
    kind = spec.kind
    if kind == "message":
        child = _child(node, spec.entity)
        return f"{hooks.add(_to_bytes, 'bytes')}({v})" if child is None else f"{name_of(child)}({v})"
    if kind == "enum":
        return f"{v}._name_"
    if kind in ("timestamp", "duration"):
        return f"{hooks.add(_parts, 'parts')}({v})"
    if kind in _JSON_KINDS:
        return f"{hooks.add(_json, 'json')}({v})"
    return None


def _define_writer(node: Node, name: str, hooks: Hooks, name_of: Callable[[Node], str], _: int) -> str:
    cls = node[0]
    values = []
    for column in _columns(cls):
        spec = column.spec
        if column.role == "present":
            values.append("True")
        elif column.role == "which":
            chosen = " else ".join(f"{m.name!r} if o.{m.attr} is not None" for m in column.members)
            values.append(f"({chosen} else None)")
        elif column.role == "parts":
            assert spec is not None
            parts = _timestamp_parts if spec.value.kind == "timestamp" else _duration_parts
            values.append(f"{hooks.add(parts, 'parts')}(o.{spec.attr})")
        else:
            assert spec is not None
            src = f"o.{spec.attr}"
            if spec.value.kind in ("timestamp", "duration") and spec.shape in ("single", "optional"):
                ns = _timestamp_ns if spec.value.kind == "timestamp" else _duration_ns
                values.append(f"{hooks.add(ns, 'ns')}({src})")
                continue
            one = _write_value(spec.value, node, hooks, name_of, "v")
            if one is None:
                values.append(src)
            elif spec.shape == "repeated":
                values.append(f"[{one} for v in {src}]")
            elif spec.shape == "map":
                values.append(f"[(k, {one}) for k, v in {src}.items()]")
            elif spec.shape == "optional":
                values.append(f"(None if (v := {src}) is None else {one})")
            else:  # a plain scalar is its own value: only an enum is written otherwise
                assert spec.value.kind == "enum", spec
                values.append(f"{src}._name_")
    return f"def {name}(o):\n    return ({', '.join(values)},)\n"


def _generate_writer(cls: type[Entity], hooks: Hooks) -> str:
    return _generate(cls, hooks, _define_writer)


# --------------------------------------------------------------------- rows to records, generated per node


def _null() -> Any:
    raise ConversionError("is null; the field always has a value")


def _nulls_in(items: list[Any]) -> list[Any]:
    if None in items:
        raise ConversionError("is null; the field always has a value", f"[{items.index(None)}]")
    return items


def _double(v: Any) -> float:
    if v is None:
        return _null()  # type: ignore[no-any-return]
    return v if v == v else NAN


def _enum_reader(spec: ValueSpec) -> Callable[[Any], Any]:
    cls = spec.enum
    members = cls._member_map_

    def read_enum(name: Any) -> Any:
        member = members.get(name)
        if member is not None:
            return member
        if name is None:
            return _null()
        try:
            return cls(int(name))  # a number this flyteidl does not know, written as its digits
        except ValueError:
            raise ConversionError(f"{excerpt(name)} is neither a name of {cls.__name__} nor a number") from None

    return read_enum


def _moment_reader(kind: str) -> Callable[[Any, Any], Any]:
    if kind == "timestamp":
        def read_timestamp(ns: int | None, parts: dict[str, int] | None) -> Any:
            if ns is not None:
                return timestamp_from_parts(*divmod(ns, _BILLION))
            return None if parts is None else timestamp_from_parts(parts["seconds"], parts["nanos"])
        return read_timestamp

    def read_duration(ns: int | None, parts: dict[str, int] | None) -> Any:
        if ns is not None:
            return from_nanoseconds(ns)
        return None if parts is None else duration_from_parts(parts["seconds"], parts["nanos"])
    return read_duration


def _element_moment_reader(kind: str) -> Callable[[dict[str, int]], Any]:
    make = timestamp_from_parts if kind == "timestamp" else duration_from_parts
    return lambda parts: make(parts["seconds"], parts["nanos"])


def _loads(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError as e:  # JSONDecodeError, and RecursionError's kin
        raise ConversionError(f"not JSON: {e}") from None


_FREEZE = {"struct": freeze_struct, "value": freeze_value, "list_value": freeze_list}


def _json_reader(kind: str) -> Callable[[str], Any]:
    freeze = _FREEZE[kind]
    return lambda text: freeze(_loads(text))


def _from_bytes_reader(cls: type[Entity]) -> Callable[[bytes], Entity]:
    return cls.from_bytes


def _oneof_check(which: str | None, members: tuple[tuple[str, Any], ...]) -> None:
    present = [name for name, value in members if value is not None]
    if len(present) > 1:
        raise ConversionError(f"{' and '.join(present)} are members of the oneof; at most one may be set")
    expected = present[0] if present else None
    if which != expected:
        raise ConversionError(f"says {which!r} is set, but {expected!r} is")


def _mapping(key: Callable[[Any], Any] | None, value: Callable[[Any], Any] | None, items: Any) -> Any:
    """A map field's FrozenDict from an Arrow map's ``(key, value)`` pairs."""
    if not items:
        return EMPTY
    out: dict[Any, Any] = {}
    k = None
    try:
        for k, v in items:
            if v is None:
                raise ConversionError("is null; a map's values always have one")
            out[k if key is None else key(k)] = v if value is None else value(v)
    except ConversionError as e:
        raise e.prefix(f"[{k!r}]") from None
    return FrozenDict(out)


def _read_value(spec: ValueSpec, node: Node, hooks: Hooks, name_of: Callable[[Node], str]) -> str | None:
    """The name of a function reading one Arrow value (not null) of ``spec``; None when it is the value."""
    kind = spec.kind
    if kind == "message":
        child = _child(node, spec.entity)
        return hooks.add(_from_bytes_reader(spec.entity), "from_bytes") if child is None else name_of(child)
    if kind == "enum":
        return hooks.add(_enum_reader(spec), "enum")
    if kind in ("double", "float"):
        return hooks.add(_double, "double")
    if kind in ("timestamp", "duration"):
        return hooks.add(_element_moment_reader(kind), kind)
    if kind in _JSON_KINDS:
        return hooks.add(_json_reader(kind), "json")
    if kind == "wrapper":
        assert spec.wrapped is not None
        return _read_value(spec.wrapped, node, hooks, name_of)
    return None


def _define_reader(node: Node, name: str, hooks: Hooks, name_of: Callable[[Node], str], offset: int) -> str:
    cls = node[0]
    record = RecordCode(cls, hooks)
    lines = [f"def {name}(r):", *record.new(), "    try:"]
    paths = FieldLines()
    checks = []
    for column in _columns(cls):
        spec = column.spec
        first = len(lines) + 1
        if column.role == "which":
            pairs = "".join(f"({m.name!r}, o.{m.attr}), " for m in column.members)
            checks.append((f"        {hooks.add(_oneof_check, 'oneof')}(r[{column.name!r}], ({pairs}))", column.name))
            continue
        if column.role != "value":
            continue
        assert spec is not None
        src = f"r[{spec.name!r}]"
        kind = spec.value.kind
        one = _read_value(spec.value, node, hooks, name_of)
        if kind in ("timestamp", "duration") and spec.shape in ("single", "optional"):
            value = f"{hooks.add(_moment_reader(kind), kind)}({src}, r[{spec.name + '_parts'!r}])"
        elif spec.shape == "repeated":
            each = f"{hooks.add(convert_each, 'each')}({one}, v)" if one else f"{hooks.add(_nulls_in, 'nulls')}(v)"
            value = f"(tuple({each}) if (v := {src}) else ())"
        elif spec.shape == "map":
            assert spec.key is not None
            key = _read_value(spec.key, node, hooks, name_of)
            value = f"{hooks.add(_mapping, 'map')}({key}, {one}, {src})"
        elif spec.shape == "optional":
            value = src if one is None else f"(None if (v := {src}) is None else {one}(v))"
        elif one is not None:  # enums and floats refuse null themselves
            value = f"{one}({src})"
        else:
            value = f"(v if (v := {src}) is not None else {hooks.add(_null, 'null')}())"
        if spec.shared:
            value = f"{hooks.add(share_string, 'share')}({value})"
        lines.append(f"        {record.set('o', spec.attr, value)}")
        paths.claim(first, lines, spec.name)
    for check, path in checks:
        lines.append(check)
        paths.claim(len(lines), lines, path)
    lines += [*paths.handlers(hooks), *record.finish(), "    return o"]
    shifted = {line + offset: path for line, path in paths.items()}  # where the function sits in the source
    paths.clear()
    paths.update(shifted)
    return "\n".join(lines) + "\n"


def _generate_reader(cls: type[Entity], hooks: Hooks) -> str:
    return _generate(cls, hooks, _define_reader)


# -------------------------------------------------------------------------------------- the converter


def _plain(t: pa.DataType) -> pa.DataType:
    """The type ``t`` is read as before its values become Python ones: timestamps and durations as int64
    nanoseconds (Python's own types stop at microseconds), dictionaries as their values."""
    if pa.types.is_timestamp(t) or pa.types.is_duration(t):
        return pa.int64()
    if pa.types.is_dictionary(t):
        return _plain(t.value_type)
    if pa.types.is_struct(t):
        return pa.struct([f.with_type(_plain(f.type)) for f in t])
    if pa.types.is_map(t):
        return pa.map_(t.key_field.with_type(_plain(t.key_type)), t.item_field.with_type(_plain(t.item_type)))
    if pa.types.is_list(t):
        return pa.list_(t.value_field.with_type(_plain(t.value_type)))
    return t


class ArrowConverter(cattrs.Converter):
    """cattrs converter between records and Arrow rows: ``unstructure(record)`` is the row as a tuple in
    the order of ``schema(type(record))`` (what ``pyarrow.array`` takes for a struct), ``structure(row, cls)``
    the record of a row as pyarrow gives it (``to_pylist()``, timestamps and durations as int64 nanoseconds)."""

    def __init__(self) -> None:
        super().__init__()
        self.writers = Hooks("to_arrow", _generate_writer)
        self.readers = Hooks("from_arrow", _generate_reader)
        self.register_structure_hook_factory(_is_entity, self._structure_of)
        self.register_unstructure_hook_factory(_is_entity, self.writers.__getitem__)

    def _structure_of(self, cls: type[Entity]) -> Callable[[Any, Any], Any]:
        read = self.readers[cls]

        def structure(row: Any, _: Any = None) -> Any:
            return read(row)

        return structure

    def to_record_batch(self, records: Iterable[Entity], cls: type[Entity] | None = None) -> pa.RecordBatch:
        records = list(records)
        if cls is None:
            if not records:
                raise ConversionError("no records, and no class to make the schema of: pass cls")
            cls = type(records[0])
        write = self.writers[cls]
        rows = []
        for i, record in enumerate(records):
            if type(record) is not cls:
                raise ConversionError(f"expected a {cls.__name__} record, got {type(record).__name__}", f"[{i}]")
            rows.append(write(record))
        target, plain = _schemas(cls)
        columns: Iterable[Any] = zip(*rows, strict=True) if rows else [[] for _ in target]
        # Built as plain types (enums as strings, timestamps as int64), then cast: pyarrow builds a null
        # struct's dictionary column with indices into an empty dictionary, which no cast can read.
        arrays = [pa.array(column, type=p.type).cast(f.type)
                  for column, p, f in zip(columns, plain, target, strict=True)]
        return pa.RecordBatch.from_arrays(arrays, schema=target)

    def from_table(self, table: pa.Table | pa.RecordBatch, cls: type[Entity]) -> list[Any]:
        if isinstance(table, pa.RecordBatch):
            table = pa.Table.from_batches([table])
        target, plain = _schemas(cls)
        if not table.schema.equals(target, check_metadata=False):
            table = _conform(table, target, cls)
        if not table.num_rows:  # (pyarrow cannot cast some empty nested columns)
            return []
        rows = table.cast(plain).to_pylist()
        return convert_each(self.readers[cls], rows)


def _is_entity(cls: Any) -> bool:
    return isinstance(cls, type) and issubclass(cls, Entity)


def _conform(table: pa.Table, target: pa.Schema, cls: type[Entity]) -> pa.Table:
    """``table`` with ``target``'s columns and types, or a ConversionError naming the column that cannot be."""
    missing = [n for n in target.names if n not in table.schema.names]
    extra = [n for n in table.schema.names if n not in target.names]
    if missing or extra:
        said = [f"no column {', '.join(missing)}"] if missing else []
        said += [f"unknown column {', '.join(extra)}"] if extra else []
        raise ConversionError(f"not a table of {cls.__name__} records: {'; '.join(said)}")
    table = table.select(target.names)
    columns = []
    for f, column in zip(target, table.columns, strict=True):
        if column.type.equals(f.type, check_metadata=False):
            columns.append(column)
            continue
        try:
            columns.append(column.cast(f.type))
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError) as e:
            raise ConversionError(f"{column.type} cannot be read as {f.type}: {e}", f.name) from None
    return pa.Table.from_arrays(columns, schema=target)


converter = ArrowConverter()


# ----------------------------------------------------------------------------------------------- the API


def to_record_batch(records: Iterable[Entity], cls: type[Entity] | None = None) -> pa.RecordBatch:
    """A record batch of ``records``, one row each, all of one class (``cls``, needed when there are none)."""
    return converter.to_record_batch(records, cls)


def to_table(records: Iterable[Entity], cls: type[Entity] | None = None) -> pa.Table:
    """A table of ``records``, one row each, all of one class (``cls``, needed when there are none)."""
    return pa.Table.from_batches([converter.to_record_batch(records, cls)])


def to_batches(records: Iterable[Entity], cls: type[Entity], batch_size: int = 10_000) -> Iterator[pa.RecordBatch]:
    """Record batches of at most ``batch_size`` rows, made as ``records`` (any iterable) are drawn."""
    batch: list[Entity] = []
    for record in records:
        batch.append(record)
        if len(batch) == batch_size:
            yield converter.to_record_batch(batch, cls)
            batch = []
    if batch:
        yield converter.to_record_batch(batch, cls)


def from_table(table: pa.Table | pa.RecordBatch, cls: type[Entity]) -> list[Any]:
    """The ``cls`` records of a table's (or record batch's) rows. A table whose columns have other types
    that cast to the schema's (from an engine, say) is cast first; one that cannot be is a ConversionError."""
    return converter.from_table(table, cls)


def from_record_batch(batch: pa.RecordBatch, cls: type[Entity]) -> list[Any]:
    """The ``cls`` records of a record batch's rows."""
    return converter.from_table(batch, cls)


def from_batches(batches: Iterable[pa.RecordBatch], cls: type[Entity]) -> Iterator[Any]:
    """The ``cls`` records of a stream of record batches, a batch at a time."""
    for batch in batches:
        yield from converter.from_table(batch, cls)


def write_parquet(records: Iterable[Entity], path: Any, cls: type[Entity] | None = None,
                  batch_size: int = 10_000, **options: Any) -> None:
    """Write ``records`` to a Parquet file, a row group per ``batch_size`` records (``options`` go to
    ``pyarrow.parquet.ParquetWriter``)."""
    import pyarrow.parquet as pq

    records = iter(records)
    if cls is None:
        first = next(records, None)
        if first is None:
            raise ConversionError("no records, and no class to make the schema of: pass cls")
        cls = type(first)
        records = _chain(first, records)
    with pq.ParquetWriter(path, schema(cls), **options) as writer:
        for batch in to_batches(records, cls, batch_size):
            writer.write_batch(batch)


def _chain(first: Entity, rest: Iterator[Entity]) -> Iterator[Entity]:
    yield first
    yield from rest


def read_parquet(path: Any, cls: type[Entity]) -> list[Any]:
    """The ``cls`` records of a Parquet file written by :func:`write_parquet` (or holding the same schema)."""
    import pyarrow.parquet as pq

    return converter.from_table(pq.read_table(path), cls)
