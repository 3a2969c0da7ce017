"""The dict format: records to and from the proto3 JSON mapping, as protobuf's ``json_format`` has it.

Writing, a generated function per class reads each attribute once and puts what
``json_format.MessageToDict`` would put: JSON names, 64-bit integers as strings, enums by name (unknown
numbers as ints), bytes as base64, ``"NaN"``/``"Infinity"`` for such doubles, RFC 3339 timestamps,
``"1.5s"`` durations, structs as plain JSON; implicit-presence fields only when not their default.

Reading, a generated function per class looks each field up by its JSON name (and reads the input
again, normalized, when some keys were proto names, nulls or unknown) and accepts every form
``json_format.ParseDict`` accepts, giving the record that ``ParseDict`` and ``from_flyte_idl`` give. It
refuses what ``ParseDict`` refuses and what it silently changes: an enum given ``3.5``, ``True`` or
``2**40``; a bool for a number; a field given under both its names (ParseDict keeps the last); base64
with characters a lenient decoder would skip; an integer a double cannot hold exactly; a number too
large for a 32-bit float (ParseDict makes a string one infinity).

Nesting is counted as in every format of this library, the way protobuf's binary decoder counts it:
the top message is level 1, every message below it one more — well-known ones (``Timestamp``,
``Struct``, ``Value``, ...) and map entries (of scalar maps too) included — and more than
:data:`MAX_DEPTH` levels is a ``ConversionError`` both ways. ``ParseDict`` does not count map entries,
so it reads some deeply nested maps (and structs: their fields are a map) that this format refuses;
protobuf's binary decoder refuses them too, so a record read from a dict always has the other formats.
"""

from __future__ import annotations

import binascii
import json
import math
import re
import struct
import sys
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

import cattrs

from .._errors import EXCERPT_CHARACTERS, ConversionError, excerpt
from .._model import MAX_DEPTH, SHARED_STRINGS, Entity, FieldSpec, ValueSpec, share_string
from ..wellknown import FrozenDict
from ..wellknown.duration import MAX_SECONDS as DURATION_MAX_SECONDS
from ..wellknown.duration import NANOS, Duration, from_nanoseconds
from ..wellknown.duration import from_parts as duration
from ..wellknown.frozendict import EMPTY
from ..wellknown.struct import NAN, JsonValue, number
from ..wellknown.timestamp import Timestamp
from ..wellknown.timestamp import from_parts as timestamp
from ._codegen import BAD_VALUE, FieldLines, Hooks, RecordCode

_SKIP = object()  # an unknown enum name dropped under ignore_unknown_fields, as ParseDict drops it
_INF = math.inf
_UTC = UTC
_PLAIN_EPOCH = datetime(1970, 1, 1)
_INT_RANGES = {
    "int32": (-(2**31), 2**31 - 1),
    "uint32": (0, 2**32 - 1),
    "int64": (-(2**63), 2**63 - 1),
    "uint64": (0, 2**64 - 1),
}

Reader = Callable[[Any, int, bool], Any]  # (input value, its nesting level, ignore_unknown_fields)
KeyReader = Callable[[Any], Any]


def is_entity(cls: Any) -> bool:
    return isinstance(cls, type) and issubclass(cls, Entity)


def _describe(v: Any) -> str:
    """How an input value is named in an error message."""
    if v is None:
        return "null"
    return f"{type(v).__name__} {excerpt(v)}"


def _too_deep() -> ConversionError:
    return ConversionError(f"nested more than {MAX_DEPTH} messages deep (protobuf's nesting limit)")


# ==================================================================================== record -> dict


def _double_json(v: float) -> Any:
    """A double as MessageToDict writes it: the float, or "NaN"/"Infinity"/"-Infinity"."""
    if v != v:
        return "NaN"
    if v == _INF:
        return "Infinity"
    if v == -_INF:
        return "-Infinity"
    return v


def _float32(v: float) -> float:
    return struct.unpack("<f", struct.pack("<f", v))[0]  # type: ignore[no-any-return]


def _float_json(v: float) -> Any:
    """A 32-bit float as MessageToDict writes it: the shortest decimal (6 to 9 digits) that is the same
    32-bit float."""
    if not -_INF < v < _INF:
        return _double_json(v)
    for precision in range(6, 10):  # 9 significant digits tell every 32-bit float apart
        shortest = float(f"{v:.{precision}g}")
        if _float32(shortest) == v:
            return shortest
    return v  # not a 32-bit float (records round to one): as it is


_TWO_DIGITS = tuple(f"{i:02d}" for i in range(60))
_THREE_DIGITS = tuple(f"{i:03d}" for i in range(1000))
_DATES: dict[int, str] = {}  # day ordinal -> "YYYY-MM-DD": timestamps of one run share a few days
_date_text = date.isoformat


def _date_json(v: Any) -> str:
    """The "YYYY-MM-DD" of a Timestamp, kept in ``_DATES`` for the next timestamps of the same day."""
    if len(_DATES) > 4096:
        _DATES.clear()
    day = v.toordinal()
    text = _DATES[day] = _date_text(v)  # years 1..9999 are exactly protobuf's range, 4 digits each
    return text


def _timestamp_json(v: Any, depth: int = 0) -> str:
    """As protobuf's Timestamp.ToJsonString: UTC, 'Z', and 0, 3, 6 or 9 fractional digits."""
    text = _DATES.get(v.toordinal()) or _date_json(v)
    two = _TWO_DIGITS
    three = _THREE_DIGITS  # digits by table: cheaper than a format spec
    us = v.microsecond
    ns = v._ns  # the Timestamp's nanoseconds below the microsecond
    if ns:
        return f"{text}T{two[v.hour]}:{two[v.minute]}:{two[v.second]}.{three[us // 1000]}{three[us % 1000]}{three[ns]}Z"
    if not us:
        return f"{text}T{two[v.hour]}:{two[v.minute]}:{two[v.second]}Z"
    if us % 1000:
        return f"{text}T{two[v.hour]}:{two[v.minute]}:{two[v.second]}.{three[us // 1000]}{three[us % 1000]}Z"
    return f"{text}T{two[v.hour]}:{two[v.minute]}:{two[v.second]}.{three[us // 1000]}Z"


def _duration_json(v: Any, depth: int = 0) -> str:
    """As protobuf's Duration.ToJsonString: seconds, and 0, 3, 6 or 9 fractional digits, then 's'."""
    days = v.days
    if days < 0:  # negative: timedelta counts its parts forward from a negative day
        return _negative_duration_json(v)
    seconds = days * 86400 + v.seconds
    if seconds > DURATION_MAX_SECONDS:
        raise ConversionError(f"duration {v} is outside protobuf's range of ±{DURATION_MAX_SECONDS} seconds")
    three = _THREE_DIGITS
    us = v.microseconds
    ns = v._ns  # the Duration's nanoseconds below the microsecond
    if ns:
        return f"{seconds}.{three[us // 1000]}{three[us % 1000]}{three[ns]}s"
    if not us:
        return f"{seconds}s"
    if us % 1000:
        return f"{seconds}.{three[us // 1000]}{three[us % 1000]}s"
    return f"{seconds}.{three[us // 1000]}s"


def _negative_duration_json(v: Any) -> str:
    total = ((v.days * 86400 + v.seconds) * 1_000_000 + v.microseconds) * 1000 + v._ns
    seconds, nanos = divmod(-total, 1_000_000_000)
    if seconds > DURATION_MAX_SECONDS:
        raise ConversionError(f"duration {v} is outside protobuf's range of ±{DURATION_MAX_SECONDS} seconds")
    if not nanos:
        return f"-{seconds}s"
    if nanos % 1000:
        return f"-{seconds}.{nanos:09d}s"
    if nanos % 1_000_000:
        return f"-{seconds}.{nanos // 1000:06d}s"
    return f"-{seconds}.{nanos // 1_000_000:03d}s"


def _value_json(v: Any, depth: int) -> Any:
    """A ``google.protobuf.Value`` record value (at nesting level ``depth``) as plain JSON."""
    t = type(v)
    if t is str or t is bool or v is None:
        return v
    if t is float:
        if v - v == 0:  # finite
            return v
        raise ConversionError(f"{_double_json(v)} has no JSON form as a google.protobuf.Value number "
                              "(it would read back as a string)")
    if t is tuple:
        return _list_json(v, depth + 1)
    return _struct_json(v, depth + 1)


def _struct_json(v: Any, depth: int) -> dict[str, Any]:
    if depth + 2 > MAX_DEPTH and (v or depth > MAX_DEPTH):  # it is a level, its entries one more, values two
        raise _too_deep()
    out = {}
    depth += 2
    key = None
    try:
        for key, x in v.items():
            out[key] = _value_json(x, depth)
    except ConversionError as e:
        raise e.prefix(f"[{excerpt(key)}]") from None
    return out


def _list_json(v: Any, depth: int) -> list[Any]:
    if depth + 1 > MAX_DEPTH and (v or depth > MAX_DEPTH):  # it is a level, and its values one more
        raise _too_deep()
    out: list[Any] = []
    append = out.append
    depth += 1
    try:
        for x in v:
            append(_value_json(x, depth))
    except ConversionError as e:
        raise e.prefix(f"[{len(out)}]") from None
    return out


def _write_expr(spec: ValueSpec, hooks: Hooks, v: str, depth: str = "depth + 1") -> str | None:
    """An expression for the JSON of one value ``v`` of ``spec`` (a message's at level ``depth``), or None
    when it is ``v`` itself."""
    kind = spec.kind
    if kind in ("string", "bool", "int32", "uint32"):
        return None
    if kind in ("int64", "uint64"):
        return f"str({v})"
    if kind == "bytes":
        return f"{hooks.add(binascii.b2a_base64, 'b64')}({v}, newline=False).decode()"
    if kind == "double":
        return f"{v} if -INF < {v} < INF else {hooks.add(_double_json, 'dbl')}({v})"
    if kind == "float":
        return f"{hooks.add(_float_json, 'flt')}({v})"
    if kind == "enum":
        names = {d.number: d.name for d in spec.descriptor.enum_type.values}
        return f"{hooks.add(names, 'names')}.get({v}) or int({v})"  # names are never empty strings
    if kind == "wrapper":
        assert spec.wrapped is not None
        return _write_expr(spec.wrapped, hooks, v)
    if kind in ("timestamp", "duration"):  # no messages below: the level does not matter
        return f"{_writer(spec, hooks)}({v})"
    return f"{_writer(spec, hooks)}({v}, {depth})"


def _writer(spec: ValueSpec, hooks: Hooks) -> str:
    """The namespace name of the function writing one message or well-known value of ``spec``; it takes
    the value and its nesting level."""
    if spec.kind == "message":
        return hooks.name(spec.entity)
    known = {"timestamp": _timestamp_json, "duration": _duration_json, "struct": _struct_json,
             "list_value": _list_json, "value": _value_json}
    return hooks.add(known[spec.kind], spec.kind)


def _map_key_json(spec: ValueSpec) -> Callable[[Any], str] | None:
    if spec.kind == "bool":
        return lambda k: "true" if k else "false"
    return None if spec.kind == "string" else str


def _write_list(write: Callable[[Any, int], Any], v: Any, depth: int) -> list[Any]:
    """A repeated field of messages (or well-known values), whose errors say which element."""
    out: list[Any] = []
    append = out.append
    try:
        for x in v:
            append(write(x, depth))
    except ConversionError as e:
        raise e.prefix(f"[{len(out)}]") from None
    return out


def _write_map(write: Callable[[Any, int], Any], key: Callable[[Any], str] | None, v: Any,
               depth: int) -> dict[str, Any]:
    """A map of messages (or well-known values), whose errors say which key; ``depth`` is its entries'."""
    out = {}
    k = None
    depth += 1  # the values are one level below their entries
    try:
        for k, x in v.items():
            out[k if key is None else key(k)] = write(x, depth)
    except ConversionError as e:
        raise e.prefix(f"[{excerpt(k)}]") from None
    return out


def _nests(spec: FieldSpec) -> bool:
    """Whether the field holds messages one nesting level below its record: message fields, and maps
    (their entries are messages)."""
    return spec.descriptor.message_type is not None


def _at_limit(o: Any, depth: int, nested: tuple[tuple[str, str], ...]) -> None:
    """A record at the nesting limit may hold no message (nor map entry): refuse it, at its first nested
    field set; one beyond the limit is refused itself."""
    if depth > MAX_DEPTH:
        raise _too_deep()
    for attr, json_name in nested:
        v = getattr(o, attr)
        if v is not None and not (type(v) in (tuple, FrozenDict) and not v):
            raise _too_deep().prefix(json_name)


#: How many levels of child messages a writer writes inline rather than calling their own functions.
_INLINE_LEVELS = 2


def _generate_unstructure(cls: type[Entity], hooks: Hooks) -> str:
    """The writer of ``cls``: a function of the record and its nesting level. Child messages of other
    types are written inline (a few levels down), which saves a call per message."""
    name = hooks.name(cls)
    lines = [
        f"def {name}(o, depth):",
        f"    if depth >= {MAX_DEPTH}:",
        f"        AT_LIMIT(o, depth, {_nested(cls)!r})",
        "    d = {}",
        "    try:",
    ]
    paths = FieldLines()
    _write_fields(cls, hooks, lines, paths, (cls,), "")
    lines += [
        *paths.handlers(hooks, bad_values=False),
        "    return d",
    ]
    return "\n".join(lines) + "\n"


def _nested(cls: type[Entity]) -> tuple[tuple[str, str], ...]:
    return tuple((s.attr, s.json_name) for s in cls.FIELDS if _nests(s))


def _write_fields(cls: type[Entity], hooks: Hooks, lines: list[str], paths: FieldLines,
                  stack: tuple[type[Entity], ...], path: str) -> None:
    """Lines writing the fields of record ``o{n}`` (``o`` at the top) into dict ``d{n}``, where ``n`` is
    how many levels below the function's own record it is (``len(stack) - 1``); ``path`` leads there.
    The lines of fields that hold messages go in ``paths`` (by line number) with the field's path."""
    level = len(stack) - 1
    o, d, v = (f"o{level}", f"d{level}", f"v{level}") if level else ("o", "d", "v")
    indent = "    " * (level + 2)
    child_depth = f"depth + {level + 1}"
    for spec in cls.FIELDS:
        key = repr(spec.json_name)
        here = f"{path}.{spec.json_name}" if path else spec.json_name
        first = len(lines) + 1
        lines.append(f"{indent}{v} = {o}.{spec.attr}")
        if spec.shape in ("repeated", "map"):
            lines.append(f"{indent}if {v}: {d}[{key}] = {_container_expr(spec, hooks, v, child_depth)}")
        elif spec.value.kind == "message" and spec.value.entity not in stack and level + 1 <= _INLINE_LEVELS:
            child = spec.value.entity
            n = level + 1
            lines += [
                f"{indent}if {v} is not None:",
                f"{indent}    if depth >= {MAX_DEPTH - level - 1}:",  # {child_depth} >= MAX_DEPTH
                f"{indent}        AT_LIMIT({v}, {child_depth}, {_nested(child)!r})",
                f"{indent}    o{n} = {v}",
                f"{indent}    d{n} = {{}}",
            ]
            _write_fields(child, hooks, lines, paths, (*stack, child), here)
            lines.append(f"{indent}    {d}[{key}] = d{n}")
        else:
            value = _write_expr(spec.value, hooks, v, child_depth) or v
            if spec.shape == "optional" and spec.value.kind == "timestamp":
                lines += [f"{indent}if {v} is not None:", *_inline_timestamp(v, f"{d}[{key}]", indent + "    ")]
            elif spec.shape == "optional" and spec.value.kind == "duration":
                lines += [f"{indent}if {v} is not None:", *_inline_duration(v, f"{d}[{key}]", value, indent + "    ")]
            elif spec.shape == "optional":
                lines.append(f"{indent}if {v} is not None: {d}[{key}] = {value}")
            elif spec.value.kind in ("double", "float"):
                # -0.0 is falsy but not the default: protobuf writes it
                lines.append(f"{indent}if {v} or COPYSIGN(1.0, {v}) < 0: {d}[{key}] = {value}")
            else:
                lines.append(f"{indent}if {v}: {d}[{key}] = {value}")
        if _nests(spec):  # where an error below comes from
            paths.claim(first, lines, here)


def _inline_timestamp(v: str, target: str, indent: str) -> list[str]:
    """Lines putting the JSON of Timestamp ``v`` in ``target``: ``_timestamp_json`` without the call (the
    commonest well-known value of a record, several to a record)."""
    when = "{DATES.get(%s.toordinal()) or DATE(%s)}T{TWO[%s.hour]}:{TWO[%s.minute]}:{TWO[%s.second]}" % ((v,) * 5)
    return [
        f"{indent}us = {v}.microsecond",
        f"{indent}ns = {v}._ns",
        f"{indent}if ns:",
        f'{indent}    {target} = f"{when}.{{THREE[us // 1000]}}{{THREE[us % 1000]}}{{THREE[ns]}}Z"',
        f"{indent}elif not us:",
        f'{indent}    {target} = f"{when}Z"',
        f"{indent}elif us % 1000:",
        f'{indent}    {target} = f"{when}.{{THREE[us // 1000]}}{{THREE[us % 1000]}}Z"',
        f"{indent}else:",
        f'{indent}    {target} = f"{when}.{{THREE[us // 1000]}}Z"',
    ]


def _inline_duration(v: str, target: str, call: str, indent: str) -> list[str]:
    """Lines putting the JSON of Duration ``v`` in ``target``: ``_duration_json`` without the call when it
    is not negative and in range, ``call`` otherwise."""
    return [
        f"{indent}if {v}.days >= 0 and (secs := {v}.days * 86400 + {v}.seconds) <= {DURATION_MAX_SECONDS}:",
        f"{indent}    us = {v}.microseconds",
        f"{indent}    ns = {v}._ns",
        f"{indent}    if ns:",
        f'{indent}        {target} = f"{{secs}}.{{THREE[us // 1000]}}{{THREE[us % 1000]}}{{THREE[ns]}}s"',
        f"{indent}    elif not us:",
        f'{indent}        {target} = f"{{secs}}s"',
        f"{indent}    elif us % 1000:",
        f'{indent}        {target} = f"{{secs}}.{{THREE[us // 1000]}}{{THREE[us % 1000]}}s"',
        f"{indent}    else:",
        f'{indent}        {target} = f"{{secs}}.{{THREE[us // 1000]}}s"',
        f"{indent}else:",
        f"{indent}    {target} = {call}",
    ]


def _container_expr(spec: FieldSpec, hooks: Hooks, v: str, depth: str) -> str:
    """The JSON of the repeated or map field value ``v``, of a record whose children are at ``depth``."""
    assert spec.shape == "repeated" or spec.key is not None
    key_json = _map_key_json(spec.key) if spec.key is not None else None
    if spec.value.descriptor.message_type is not None and spec.value.kind != "wrapper":
        # messages: a loop, so that an error says where
        write = _writer(spec.value, hooks)
        if spec.shape == "repeated":
            return f"{hooks.add(_write_list, 'list')}({write}, {v}, {depth})"
        return f"{hooks.add(_write_map, 'map')}({write}, {hooks.add(key_json, 'key')}, {v}, {depth})"
    one = _write_expr(spec.value, hooks, "x")
    if spec.shape == "repeated":
        return f"[{one} for x in {v}]" if one else f"list({v})"
    k = "k" if key_json is None else f"{hooks.add(key_json, 'key')}(k)"
    if one is None and key_json is None:
        return f"dict({v})"
    return f"{{{k}: {one or 'x'} for k, x in {v}.items()}}"


# ==================================================================================== dict -> record
#
# Every reader takes (value, depth, ignore_unknown_fields): ``depth`` is the nesting level the value
# would have as a message (scalars ignore it), ``ignore`` only matters to enums and messages.


def _read_string(v: Any, depth: int = 0, ignore: bool = False) -> str:
    if type(v) is str and v.isascii():
        return v
    if not isinstance(v, str):
        raise ConversionError(f"expected a string, got {_describe(v)}")
    try:
        v.encode("utf-8")
    except UnicodeEncodeError:
        raise ConversionError(f"{_describe(v)} holds a surrogate code point, which has no UTF-8 form") from None
    return str(v)


def _share_read(v: Any) -> str:
    return share_string(v if type(v) is str and v.isascii() else _read_string(v))


def _read_bool(v: Any, depth: int = 0, ignore: bool = False) -> bool:
    if type(v) is bool:
        return v
    raise ConversionError(f"expected true or false, got {_describe(v)}")


_BASE64 = re.compile(r"[A-Za-z0-9+/_-]*=*", re.ASCII)
_URLSAFE = bytes.maketrans(b"-_", b"+/")


def _read_bytes(v: Any, depth: int = 0, ignore: bool = False) -> bytes:
    """Standard or URL-safe base64, with or without padding; nothing a lenient decoder would skip."""
    if isinstance(v, (bytes, bytearray)):
        try:
            v = bytes(v).decode("ascii")
        except UnicodeDecodeError:
            raise ConversionError(f"{_describe(v)} is not base64") from None
    elif not isinstance(v, str):
        raise ConversionError(f"expected a base64 string, got {_describe(v)}")
    if _BASE64.fullmatch(v) is None:
        raise ConversionError(f"{_describe(v)} is not base64 (standard or URL-safe alphabet, '=' only at the end)")
    data = v.rstrip("=").encode("ascii").translate(_URLSAFE)
    if len(data) % 4 == 1:
        raise ConversionError(f"{_describe(v)} is not base64: {len(data)} characters cannot encode whole bytes")
    return binascii.a2b_base64(data + b"=" * (-len(data) % 4))


def _exact_integer(text: str, value: float) -> int:
    """An integral float parsed from ``text``, refused when the float lost digits of the text's number."""
    n = int(value)
    if abs(n) >= 2**53:
        try:
            exact = Decimal(text.strip())
        except InvalidOperation:
            exact = None
        if exact != n:
            raise ConversionError(f"{excerpt(text)} is not exactly an integer a double can hold")
    return n


def _parse_integer(v: Any) -> int:
    """An integer given as a JSON number or string, in the forms ParseDict reads."""
    t = type(v)
    if t is int:
        return v  # type: ignore[no-any-return]
    if t is str:
        if " " in v:
            raise ConversionError(f"{excerpt(v)} is not an integer (it holds a space)")
        try:
            return int(v)
        except ValueError:
            pass
        try:
            f = float(v)
        except ValueError:
            raise ConversionError(f"{excerpt(v)} is not an integer") from None
        if not f.is_integer():
            raise ConversionError(f"{excerpt(v)} is not an integer")
        return _exact_integer(v, f)
    if t is float:
        if not v.is_integer():
            raise ConversionError(f"{excerpt(v)} is not an integer")
        return int(v)
    if isinstance(v, bool):
        raise ConversionError(f"expected an integer, got {_describe(v)}")
    if isinstance(v, (int, float, str)):
        return _parse_integer((int if isinstance(v, int) else float if isinstance(v, float) else str)(v))
    raise ConversionError(f"expected an integer, got {_describe(v)}")


def _int_reader(kind: str) -> Reader:
    low, high = _INT_RANGES[kind]

    def read(v: Any, depth: int = 0, ignore: bool = False) -> int:
        n = v if type(v) is int else _parse_integer(v)
        if low <= n <= high:
            return n
        raise ConversionError(f"{n} is out of range for {kind}")

    return read


def _read_double(v: Any, depth: int = 0, ignore: bool = False) -> float:
    t = type(v)
    if t is float:
        if v - v == 0:
            return v  # type: ignore[no-any-return]
        raise ConversionError(f"{excerpt(v)} as a number is not JSON; give it as the string \"NaN\", \"Infinity\" "
                              "or \"-Infinity\"")
    if t is int:
        return number(v)
    if t is str:
        if v == "nan":  # ParseDict refuses this one spelling Python's float() takes
            raise ConversionError("'nan' is not a number; write \"NaN\"")
        try:
            out = float(v)
        except ValueError:
            raise ConversionError(f"{excerpt(v)} is not a number") from None
        return out if out == out else NAN
    if isinstance(v, bool) or not isinstance(v, (int, float, str)):
        raise ConversionError(f"expected a number, got {_describe(v)}")
    return _read_double((int if isinstance(v, int) else float if isinstance(v, float) else str)(v))


def _read_float(v: Any, depth: int = 0, ignore: bool = False) -> float:
    out = _read_double(v)
    if out == out:
        try:
            return _float32(out)  # the nearest 32-bit float: 3.4028235e+38, as written, is the largest
        except OverflowError:  # rounds to no finite 32-bit float
            raise ConversionError(f"{excerpt(v)} is out of range for a 32-bit float (at most ±3.4028235e+38)") from None
    return out


def _enum_reader(spec: ValueSpec) -> Reader:
    cls = spec.enum
    descriptor = spec.descriptor.enum_type
    full_name = descriptor.full_name
    by_name = {d.name: cls(d.number) for d in descriptor.values}
    by_number = cls._value2member_map_
    low, high = _INT_RANGES["int32"]

    def read(v: Any, depth: int = 0, ignore: bool = False) -> Any:
        t = type(v)
        if t is str:
            member = by_name.get(v)
            if member is not None:
                return member
            try:
                n = int(v)  # ParseDict reads a numeric string as the number
            except ValueError:
                if ignore:
                    return _SKIP
                raise ConversionError(f"{excerpt(v)} is not a value of {full_name}") from None
        elif t is int:
            n = v
        elif t is float and v.is_integer():
            n = int(v)
        elif isinstance(v, str):
            return read(str(v), depth, ignore)
        elif isinstance(v, int) and not isinstance(v, bool):
            n = int(v)
        else:
            raise ConversionError(f"expected a {full_name} name or number, got {_describe(v)}")
        if not low <= n <= high:
            raise ConversionError(f"{n} is out of range for enum {full_name} (int32)")
        known = by_number.get(n)
        return known if known is not None else cls(n)

    return read


# Timestamps and durations: protobuf's canonical forms fast, everything else the way its
# FromJsonString reads it (which accepts more than RFC 3339: see _timestamp_slow).
_TIME = r"\d{4}-\d\d-\d\dT(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.(\d{1,9}))?"  # the date: fromisoformat checks it
_UTC_TIMESTAMP = re.compile(_TIME + "Z", re.ASCII).fullmatch
_OFFSET_TIMESTAMP = re.compile(_TIME + r"([+-])(\d\d):(\d\d)", re.ASCII).fullmatch
_DURATION = re.compile(r"(-?)(\d+)(?:\.(\d{1,9}))?s", re.ASCII).fullmatch
_SCALE = (1, 10**8, 10**7, 10**6, 10**5, 10**4, 1000, 100, 10, 1)  # digits of a fraction -> nanoseconds
_aware = datetime.fromisoformat  # reads 'Z', and any number of fraction digits (to the microsecond, truncated)
_naive = datetime.fromisoformat
_new_datetime: Any = datetime.__new__  # also takes a datetime's pickled state (bytes) and a tzinfo
_new_timedelta: Any = timedelta.__new__
_NS_DIGITS = {text: i for i, text in enumerate(_THREE_DIGITS)}  # "007" -> 7: cheaper than int()


def _read_timestamp(v: Any, depth: int = 0, ignore: bool = False) -> Any:
    if depth > MAX_DEPTH:
        raise _too_deep()
    try:
        if type(v) is not str or _UTC_TIMESTAMP(v) is None:
            if not isinstance(v, str):
                raise ConversionError(f"expected an RFC 3339 timestamp string, got {_describe(v)}")
            return _timestamp_offset(str(v))
        # "YYYY-MM-DDTHH:MM:SS[.f]Z": every such date and time is in protobuf's range. fromisoformat reads it
        # all but the nanoseconds below the microsecond, and its pickled state makes the Timestamp without
        # reading its fields one by one.
        out = _new_datetime(Timestamp, _aware(v).__reduce__()[1][0], _UTC)
        n = len(v)
        if n == 30:  # 9 fraction digits, protobuf's form when there are nanoseconds
            out._ns = _NS_DIGITS[v[26:29]]
        else:
            out._ns = NANOS[_fraction_ns(v)]
        return out
    except (ValueError, OverflowError) as e:
        raise ConversionError(f"{excerpt(v)} is not a valid timestamp: {e}") from None


def _fraction_ns(v: str) -> int:
    """The nanoseconds below the microsecond of "...:SS[.f]Z": fraction digits 7..9."""
    return int(v[26:-1].ljust(3, "0")) if len(v) > 27 else 0


def _timestamp_offset(v: str) -> Any:
    m = _OFFSET_TIMESTAMP(v)
    if m is None:
        return _timestamp_slow(v)
    fraction, sign, hours, minutes = m.groups()
    seconds = _seconds_since_epoch(_naive(v[:19]))
    offset = (int(hours) * 60 + int(minutes)) * 60
    return timestamp(seconds - offset if sign == "+" else seconds + offset,
                     int(fraction) * _SCALE[len(fraction)] if fraction else 0)


def _seconds_since_epoch(t: datetime) -> int:
    since = t - _PLAIN_EPOCH
    return since.days * 86400 + since.seconds


def _timestamp_slow(v: str) -> Any:
    """What ``Timestamp.FromJsonString`` makes of ``v``: the offset found at the first 'Z', else the first
    '+', else the last '-'; the date by ``strptime`` (so one-digit fields and non-ASCII digits pass); the
    fraction by ``float``; the offset hours and minutes by ``int``."""
    at = v.find("Z")
    if at == -1:
        at = v.find("+")
    if at == -1:
        at = v.rfind("-")
    if at == -1:
        raise ValueError("no time zone offset")
    whole, point, fraction = v[:at].partition(".")
    if "t" in whole:
        raise ValueError("a lowercase 't' is not accepted")
    seconds = _seconds_since_epoch(datetime.strptime(whole, "%Y-%m-%dT%H:%M:%S"))
    if len(fraction) > 9:
        raise ValueError(f"more than 9 fractional digits in {excerpt(fraction)}")
    nanos = round(float("0." + fraction) * 1e9) if fraction else 0
    offset = v[at:]
    if offset[0] == "Z":
        if len(offset) != 1:
            raise ValueError(f"trailing data after 'Z': {excerpt(offset[1:])}")
    else:
        hours, colon, minutes = offset[1:].partition(":")
        if not colon:
            raise ValueError(f"invalid time zone offset {excerpt(offset)}")
        shift = (int(hours) * 60 + int(minutes)) * 60
        seconds += -shift if offset[0] == "+" else shift
    return timestamp(seconds, nanos)


def _read_duration(v: Any, depth: int = 0, ignore: bool = False) -> Any:
    if depth > MAX_DEPTH:
        raise _too_deep()
    if type(v) is str and v[-1:] == "s" and v.isascii():  # "600s", "2.5s": the pattern's work, by hand
        whole, point, fraction = v[:-1].partition(".")
        # fewer than 12 digits: below DURATION_MAX_SECONDS
        if whole.isdigit() and len(whole) < 12 and (not point or (fraction.isdigit() and len(fraction) < 10)):
            if point:
                us, ns = divmod(int(fraction) * _SCALE[len(fraction)], 1000)
                out = _new_timedelta(Duration, 0, int(whole), us)
                out._ns = NANOS[ns]
            else:
                out = _new_timedelta(Duration, 0, int(whole))
                out._ns = 0
            return out
    if not isinstance(v, str):
        raise ConversionError(f"expected a duration string like \"1.5s\", got {_describe(v)}")
    try:
        m = _DURATION(v)
        if m is None:
            return _duration_slow(v)
        sign, whole, fraction = m.groups()
        seconds = int(whole)
        if seconds > DURATION_MAX_SECONDS:
            raise ValueError(f"duration seconds {seconds} is outside ±{DURATION_MAX_SECONDS}")
        nanos = int(fraction) * _SCALE[len(fraction)] if fraction else 0
        if sign:
            return from_nanoseconds(-(seconds * 1_000_000_000 + nanos))
        us, ns = divmod(nanos, 1000)
        out = _new_timedelta(Duration, 0, seconds, us)  # what from_nanoseconds makes, with less arithmetic
        out._ns = NANOS[ns]
        return out
    except (ValueError, OverflowError) as e:
        raise ConversionError(f"{excerpt(v)} is not a valid duration: {e}") from None


def _duration_slow(v: str) -> Any:
    """What ``Duration.FromJsonString`` makes of ``v``: seconds by ``int``, the fraction by ``float``,
    rounded to nanoseconds (so more than 9 digits pass), negative when the text starts with '-'."""
    if not v.endswith("s"):
        raise ValueError("a duration ends with 's'")
    whole, point, fraction = v[:-1].partition(".")
    seconds = int(whole)
    nanos = round(float(f"0.{fraction}") * 1e9) if point else 0
    return duration(seconds, -nanos if v[0] == "-" else nanos)


def _read_value(v: Any, depth: int, ignore: bool = False) -> JsonValue:
    """A ``google.protobuf.Value`` from any JSON value (null included)."""
    if depth > MAX_DEPTH:
        raise _too_deep()
    t = type(v)
    if t is str:
        return v if v.isascii() else _read_string(v)
    if t is float:
        return v if v == v else NAN
    if t is bool or v is None:
        return v  # type: ignore[no-any-return]
    if t is int:
        return number(v)
    if isinstance(v, dict):
        return _read_struct(v, depth + 1)
    if isinstance(v, (list, tuple)):
        return _read_list(v, depth + 1)
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return number(v)
    if isinstance(v, str):
        return _read_string(v)
    raise ConversionError(f"{_describe(v)} is not a JSON value")


def _read_struct(v: Any, depth: int, ignore: bool = False) -> FrozenDict[str, JsonValue]:
    if type(v) is not dict and not isinstance(v, Mapping):
        raise ConversionError(f"expected a JSON object for a google.protobuf.Struct, got {_describe(v)}")
    if depth > MAX_DEPTH or (v and depth + 1 > MAX_DEPTH):  # it is a level, and its entries one more
        raise _too_deep()
    out = {}
    depth += 2  # the values
    k = None
    try:
        for k, x in v.items():
            out[k if type(k) is str and k.isascii() else _read_key(k)] = _read_value(x, depth)
    except (ConversionError, *BAD_VALUE) as e:
        raise _at(e, f"[{excerpt(k)}]") from None
    return FrozenDict(out) if out else EMPTY


def _read_list(v: Any, depth: int, ignore: bool = False) -> tuple[JsonValue, ...]:
    if not isinstance(v, (list, tuple)):
        raise ConversionError(f"expected a JSON array for a google.protobuf.ListValue, got {_describe(v)}")
    if depth > MAX_DEPTH:
        raise _too_deep()
    out: list[JsonValue] = []
    append = out.append
    depth += 1
    try:
        for x in v:
            append(_read_value(x, depth))
    except (ConversionError, *BAD_VALUE) as e:
        raise _at(e, f"[{len(out)}]") from None
    return tuple(out)


def _read_key(k: Any, depth: int = 0, ignore: bool = False) -> str:
    if type(k) is not str:
        raise ConversionError(f"keys of a JSON object are strings, got {_describe(k)}")
    return _read_string(k)


def _at(e: Exception, where: str) -> ConversionError:
    """The error of an element, its path prefixed with where the element is.

    Containers say where by the loop's own position, never by reading elements again: reading again
    would repeat the whole failing subtree once per level of nesting, exponential in the depth."""
    if isinstance(e, ConversionError):
        return e.prefix(where)
    return ConversionError(str(e), where)


def _wrapper_reader(inner: Reader) -> Reader:
    def read(v: Any, depth: int, ignore: bool = False) -> Any:
        if depth > MAX_DEPTH:
            raise _too_deep()
        return inner(v, depth, ignore)

    return read


def _repeated(read: Reader, nullable: bool, v: Any, depth: int, ignore: bool) -> tuple[Any, ...]:
    if type(v) is not list and not isinstance(v, (list, tuple)):
        raise ConversionError(f"expected a JSON array, got {_describe(v)}")
    out: list[Any] = []
    append = out.append
    try:
        for x in v:
            append(read(x, depth, ignore))
    except (ConversionError, *BAD_VALUE) as e:
        where = f"[{len(out)}]"
        if v[len(out)] is None and not nullable:
            raise ConversionError("null is not allowed as an element of a repeated field", where) from None
        raise _at(e, where) from None
    if ignore and any(x is _SKIP for x in out):
        return tuple([x for x in out if x is not _SKIP])
    return tuple(out)


def _strings(v: Any, depth: int, ignore: bool) -> tuple[str, ...]:
    """A repeated string field: a list of ASCII strings as it is, anything else element by element."""
    if type(v) is list:
        for x in v:
            if type(x) is not str or not x.isascii():
                break
        else:
            return tuple(v)
    return _repeated(_read_string, False, v, depth, ignore)


def _string_map(v: Any, depth: int, ignore: bool) -> FrozenDict[str, str]:
    """A map of strings to strings: ASCII keys and values as they are, anything else entry by entry."""
    if type(v) is dict and depth <= MAX_DEPTH:
        for k, x in v.items():
            if type(k) is not str or type(x) is not str or not k.isascii() or not x.isascii():
                break
        else:
            return FrozenDict(v) if v else EMPTY
    return _map(None, _read_string, False, v, depth, ignore)


def _map(key: KeyReader | None, read: Reader, nullable: bool, v: Any, depth: int, ignore: bool) -> FrozenDict[Any, Any]:
    """A map field, ``key`` reading its keys (None: string keys); ``depth`` is its entries' level, its
    values are one deeper."""
    if type(v) is not dict and not isinstance(v, Mapping):
        raise ConversionError(f"expected a JSON object for a map, got {_describe(v)}")
    if v and depth > MAX_DEPTH:
        raise _too_deep()
    depth += 1
    out = {}
    k = x = None
    try:
        if key is None:
            for k, x in v.items():
                out[k if type(k) is str and k.isascii() else _read_key(k)] = read(x, depth, ignore)
        else:
            for k, x in v.items():
                out[key(k)] = read(x, depth, ignore)
    except (ConversionError, *BAD_VALUE) as e:
        where = f"[{excerpt(k)}]"
        try:
            (key or _read_key)(k)  # was it the key? (cheap to ask again: a key is a scalar)
        except (ConversionError, *BAD_VALUE) as key_error:
            raise _at(key_error, where) from None
        if x is None and not nullable:
            raise ConversionError("null is not allowed as a map value", where) from None
        raise _at(e, where) from None
    if ignore and any(x is _SKIP for x in out.values()):
        return FrozenDict({k: x for k, x in out.items() if x is not _SKIP})
    return FrozenDict(out) if out else EMPTY


def _map_key_reader(spec: ValueSpec) -> KeyReader:
    """Map keys are JSON object keys: always strings, whatever the key type."""
    if spec.kind == "string":
        return _read_key
    if spec.kind == "bool":
        def read_bool_key(k: Any) -> bool:
            if k in ("true", "false"):
                return bool(k == "true")
            raise ConversionError(f"expected \"true\" or \"false\" as a bool map key, got {_describe(k)}")
        return read_bool_key
    number_reader = _int_reader(spec.kind)

    def read_int_key(k: Any) -> int:
        return number_reader(_read_key(k), 0, False)  # type: ignore[no-any-return]

    return read_int_key


def _reader(spec: ValueSpec, hooks: Hooks) -> str:
    """The namespace name of the reader of one value of ``spec``."""
    kind = spec.kind
    if kind == "message":
        return hooks.name(spec.entity)
    if kind == "enum":
        return hooks.add(_enum_reader(spec), "enum")
    if kind in _INT_RANGES:
        return hooks.add(_int_reader(kind), kind)
    if kind == "wrapper":
        assert spec.wrapped is not None
        return hooks.add(_wrapper_reader(hooks.namespace[_reader(spec.wrapped, hooks)]), "wrap")
    simple: dict[str, Reader] = {
        "string": _read_string, "bool": _read_bool, "bytes": _read_bytes, "double": _read_double,
        "float": _read_float, "timestamp": _read_timestamp, "duration": _read_duration, "struct": _read_struct,
        "list_value": _read_list, "value": _read_value,
    }
    return hooks.add(simple[kind], kind)


def _proto_default(spec: FieldSpec, hooks: Hooks) -> str:
    """The record value of a field that is absent or null: the proto3 default (not a declared one)."""
    if spec.shape == "repeated":
        return "()"
    if spec.shape == "map":
        return hooks.add(EMPTY, "empty")
    if spec.shape == "optional":
        return "None"
    kind = spec.value.kind
    if kind == "enum":
        return hooks.add(spec.value.enum(0), "zero")
    return repr({"string": "", "bytes": b"", "bool": False, "double": 0.0, "float": 0.0}.get(kind, 0))


def _read_expr(spec: FieldSpec, hooks: Hooks, v: str, depth: str) -> str:
    """The expression reading the present, non-null input value ``v`` of field ``spec`` of a record
    whose children are at level ``depth``."""
    fn = _reader(spec.value, hooks)
    nullable = spec.value.kind == "value"  # null is a Value, and nothing else, in repeated fields and maps
    if spec.shape == "repeated":
        if spec.value.kind == "string":
            return f"{hooks.add(_strings, 'strings')}({v}, {depth}, ignore)"
        return f"{hooks.add(_repeated, 'seq')}({fn}, {nullable}, {v}, {depth}, ignore)"
    if spec.shape == "map":
        assert spec.key is not None
        if spec.key.kind == "string" and spec.value.kind == "string":
            return f"{hooks.add(_string_map, 'strings')}({v}, {depth}, ignore)"
        key = hooks.add(_map_key_reader(spec.key), "key") if spec.key.kind != "string" else "None"
        return f"{hooks.add(_map, 'map')}({key}, {fn}, {nullable}, {v}, {depth}, ignore)"
    if spec.shared:  # a string known already is a valid one
        get, share = hooks.add(SHARED_STRINGS.get, "shared"), hooks.add(_share_read, "share")
        return f"x if type({v}) is str and (x := {get}({v})) is not None else {share}({v})"
    if spec.value.kind == "string":  # the commonest fields: their fast paths inline
        return f"{v} if type({v}) is str and {v}.isascii() else {fn}({v})"
    if spec.value.kind == "bool":
        return f"{v} if type({v}) is bool else {fn}({v})"
    if spec.value.kind == "enum":  # a known name; the reader does the rest (and the falsy zero member)
        names = {d.name: spec.value.enum(d.number) for d in spec.value.descriptor.enum_type.values}
        return f"({hooks.add(names, 'names')}.get({v}) if type({v}) is str else None) or {fn}({v}, {depth}, ignore)"
    return f"{fn}({v}, {depth}, ignore)"


def _generate_structure(cls: type[Entity], hooks: Hooks) -> str:
    """The reader of ``cls``: a function of the input object, its nesting level and ignore_unknown_fields.

    It looks up each field by its JSON name only and counts the keys it used: when that is not every
    key (proto names, nulls, unknown fields, a non-string key), the input is normalized to JSON names —
    or refused — and read again, so the common case pays for nothing else. Child messages of other
    types are read inline (a few levels down) the same way, falling back to their own function when
    their keys do not all count."""
    name = hooks.name(cls)
    full_name = cls.PROTO.DESCRIPTOR.full_name
    lines = [
        f"def {name}(d, depth, ignore):",
        "    if type(d) is not dict:",
        f"        d = OBJECT(d, {full_name!r})",
        f"    if depth > {MAX_DEPTH}:",
        "        raise TOO_DEEP()",
        *_make(cls, hooks, "o", "    "),
        "    try:",
    ]
    paths = FieldLines()
    _read_fields(cls, hooks, lines, paths, (cls,), "", "        ")
    lines += [
        *paths.handlers(hooks),
        "    if n != len(d):",
        f"        return {name}(NORMALIZE(d, {hooks.add(_names(cls), 'names')}, ignore, {full_name!r}), depth, ignore)",
        *RecordCode(cls, hooks).finish(),
        "    return o",
    ]
    return "\n".join(lines) + "\n"


def _names(cls: type[Entity]) -> dict[str, str]:
    """Every key a field of ``cls`` may be given under (JSON and proto name) -> its JSON name."""
    return {name: s.json_name for s in cls.FIELDS for name in (s.json_name, s.name)}


def _make(cls: type[Entity], hooks: Hooks, o: str, indent: str) -> list[str]:
    """Lines making an empty record ``o`` of ``cls`` (its fields set by the lines after) and its key count."""
    n = "n" if o == "o" else f"n{o[1:]}"
    return [
        *RecordCode(cls, hooks).new(o, indent),
        f"{indent}{n} = 0",
        *(f"{indent}w{o[1:]}_{oneof} = None" for oneof, members in cls.ONEOFS.items() if len(members) > 1),
    ]


def _read_fields(cls: type[Entity], hooks: Hooks, lines: list[str], paths: FieldLines,
                 stack: tuple[type[Entity], ...], path: str, indent: str) -> None:
    """Lines reading the fields of input object ``d{l}`` into record ``o{l}``, counting keys in ``n{l}``
    (``d``, ``o``, ``n`` at the top), where ``l`` is how many levels below the function's own record it
    is (``len(stack) - 1``); ``path`` leads there. Each line's field path goes in ``paths`` (by line
    number), so that no line spends time saying where it is."""
    level = len(stack) - 1
    suffix = str(level) if level else ""
    d, o, n, v = f"d{suffix}", f"o{suffix}", f"n{suffix}", f"v{suffix}"
    child_depth = f"depth + {level + 1}"
    record = RecordCode(cls, hooks)
    for spec in cls.FIELDS:
        json_name = spec.json_name
        here = f"{path}.{json_name}" if path else json_name
        default = _proto_default(spec, hooks)
        first = len(lines) + 1
        lines += [
            f"{indent}{v} = {d}.get({json_name!r})",
            f"{indent}if {v} is not None:",
            f"{indent}    {n} += 1",
        ]
        if spec.oneof and len(cls.ONEOFS[spec.oneof]) > 1:  # a one-member oneof is never given twice
            w = f"w{suffix}_{spec.oneof}"
            lines += [
                f"{indent}    if {w} is not None:",
                f"{indent}        raise ONEOF({w}, {json_name!r}, {spec.oneof!r})",
                f"{indent}    {w} = {json_name!r}",
            ]
        if spec.value.kind == "message" and spec.shape == "optional" and spec.value.entity not in stack \
                and level + 1 <= _INLINE_LEVELS:
            child = spec.value.entity
            c = str(level + 1)
            lines += [
                f"{indent}    if type({v}) is dict and depth <= {MAX_DEPTH - level - 1}:",  # {child_depth} <= MAX_DEPTH
                f"{indent}        d{c} = {v}",
                *_make(child, hooks, f"o{c}", indent + "        "),
            ]
            _read_fields(child, hooks, lines, paths, (*stack, child), here, indent + "        ")
            lines += [
                *RecordCode(child, hooks).finish(f"o{c}", indent + "        "),
                f"{indent}        if n{c} != len(d{c}):  # not all its keys counted: its own function says why",
                f"{indent}            o{c} = {hooks.name(child)}(d{c}, {child_depth}, ignore)",
                f"{indent}        {v} = o{c}",
                f"{indent}    else:",
                f"{indent}        {v} = {hooks.name(child)}({v}, {child_depth}, ignore)",
            ]
        else:
            read = _read_expr(spec, hooks, v, child_depth)
            if spec.value.kind == "timestamp" and spec.shape == "optional":
                lines += _inline_read_timestamp(v, read, f"depth <= {MAX_DEPTH - level - 1}", f"{indent}    ")
            else:
                lines.append(f"{indent}    {v} = {read}")
            if spec.value.kind == "enum" and spec.shape in ("single", "optional"):
                lines += [f"{indent}    if {v} is SKIP:", f"{indent}        {v} = {default}"]
        if default != "None":
            lines += [f"{indent}else:", f"{indent}    {v} = {default}"]
        lines.append(f"{indent}{record.set(o, spec.attr, v)}")
        paths.claim(first, lines, here)


def _inline_read_timestamp(v: str, read: str, in_depth: str, indent: str) -> list[str]:
    """Lines reading input ``v`` as a Timestamp: protobuf's own form inline, as ``_read_timestamp`` reads it
    (the commonest well-known value, several to a record), anything else (or a bad date) by ``read``."""
    return [
        f"{indent}if type({v}) is str and {in_depth} and UTC_TIMESTAMP({v}) is not None:",
        f"{indent}    try:",
        f"{indent}        t = NEW_DATETIME(TIMESTAMP, AWARE({v}).__reduce__()[1][0], UTC)",
        f"{indent}    except ValueError:  # not a date (Feb 30): the reader says so",
        f"{indent}        t = {read}",
        f"{indent}    else:",
        f"{indent}        t._ns = NS_DIGITS[{v}[26:29]] if len({v}) == 30 else NANOS[FRACTION_NS({v})]",
        f"{indent}    {v} = t",
        f"{indent}else:",
        f"{indent}    {v} = {read}",
    ]


def _object(d: Any, full_name: str) -> Any:
    if isinstance(d, Mapping):
        return d
    raise ConversionError(f"expected a JSON object for {full_name}, got {_describe(d)}")


def _normalize(d: Mapping[Any, Any], names: dict[str, str], ignore: bool, full_name: str) -> dict[str, Any]:
    """The input object with JSON names for keys and without nulls (a null field is an unset one);
    refuses non-string keys, unknown fields (unless ignored) and a field given under both its names."""
    out: dict[str, Any] = {}
    given: dict[str, str] = {}  # JSON name -> the key that gave it
    for key, value in d.items():
        if not isinstance(key, str):
            raise ConversionError(f"field names are strings, got {_describe(key)}")
        json_name = names.get(key)
        if json_name is None:
            if ignore:
                continue
            name = str(key)
            raise ConversionError(f"{full_name} has no field {excerpt(key)}; "
                                  "pass ignore_unknown_fields=True to drop it",
                                  name if len(name) <= EXCERPT_CHARACTERS else excerpt(key))
        if json_name in given:
            raise ConversionError(f"given twice, as {excerpt(given[json_name])} and {excerpt(key)}", json_name)
        given[json_name] = key
        if value is not None:
            out[json_name] = value
    return out


def _oneof_conflict(first: str, second: str, oneof: str) -> ConversionError:
    return ConversionError(f"{first!r} and {second!r} are members of oneof {oneof!r}; give at most one")


# ===================================================================================== the converter


class DictConverter(cattrs.Converter):
    """cattrs converter between records and proto3-JSON dicts; ``structure(d, cls)``/``unstructure(rec)``."""

    def __init__(self) -> None:
        super().__init__()
        self.readers = Hooks(
            "from_dict", _generate_structure, SKIP=_SKIP, MAX_DEPTH=MAX_DEPTH,
            TOO_DEEP=_too_deep, OBJECT=_object, ONEOF=_oneof_conflict, NORMALIZE=_normalize,
            UTC_TIMESTAMP=_UTC_TIMESTAMP, NEW_DATETIME=_new_datetime, TIMESTAMP=Timestamp, AWARE=_aware, UTC=_UTC,
            NS_DIGITS=_NS_DIGITS, FRACTION_NS=_fraction_ns, NANOS=NANOS,
        )
        self.writers = Hooks("to_dict", _generate_unstructure, INF=_INF, COPYSIGN=math.copysign,
                             MAX_DEPTH=MAX_DEPTH, AT_LIMIT=_at_limit, DATES=_DATES, DATE=_date_json,
                             TWO=_TWO_DIGITS, THREE=_THREE_DIGITS)
        # entity class -> its generated function: what the entity methods reach without cattrs' dispatch
        self._read_by_class: dict[type, Reader] = {}
        self._write_by_class: dict[type, Callable[[Any, int], Any]] = {}
        configure_converter(self)

    def structure_with(self, data: Any, cls: type[Entity], ignore_unknown_fields: bool = False) -> Any:
        """The record of ``cls`` that the proto3-JSON ``data`` describes; fields unknown to this flyteidl
        (and enum names it does not know) are an error unless ``ignore_unknown_fields``."""
        read = self._read_by_class.get(cls)
        if read is None:
            if not is_entity(cls):
                raise TypeError(f"{cls!r} is not an entity class")
            read = self._read_by_class[cls] = self.readers[cls]
        if type(data) is not dict and not isinstance(data, Mapping):
            raise ConversionError(f"expected a dict (a JSON object) for {cls.PROTO.DESCRIPTOR.full_name}, "
                                  f"got {_describe(data)}")
        try:
            return read(data, 1, ignore_unknown_fields)
        except RecursionError:  # only when called already deep in the stack: nesting itself is limited
            raise ConversionError("nested too deeply for Python's recursion limit") from None

    def unstructure(self, obj: Any, unstructure_as: Any = None) -> Any:
        write = self._write_by_class.get(obj.__class__) if unstructure_as is None else None
        if write is None:
            return super().unstructure(obj, unstructure_as)
        try:
            return write(obj, 1)
        except RecursionError:
            raise ConversionError("nested too deeply for Python's recursion limit") from None

    # proto3-JSON text
    def from_json(self, text: str | bytes, cls: type[Entity], ignore_unknown_fields: bool = False) -> Any:
        """The record of ``cls`` that proto3-JSON text describes, read as ``json_format.Parse`` reads it."""
        return self.structure_with(load_json(text), cls, ignore_unknown_fields)

    def to_json(self, obj: Any, indent: int | None = 2, ensure_ascii: bool = True) -> str:
        """proto3-JSON text, as ``json_format.MessageToJson`` writes it (``indent=None``: one line)."""
        return json.dumps(self.unstructure(obj), indent=indent, ensure_ascii=ensure_ascii)


class _KeyTwice(Exception):
    pass


def _object_once(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    d = dict(pairs)
    if len(d) < len(pairs):
        raise _KeyTwice
    return d


#: Reads one JSON value from the start of a text, refusing a key given twice; made once. What it refuses
#: (leading whitespace included), load_json reads again to say what is wrong and where.
_scan_once: Callable[[str, int], tuple[Any, int]] = \
    json.JSONDecoder(object_pairs_hook=_object_once).scan_once  # type: ignore[attr-defined]  # what decode calls
_JSON_WHITESPACE = " \t\n\r"


def load_json(text: str | bytes) -> Any:
    """The JSON value of proto3-JSON text (``str``, or UTF-8 ``bytes``), checked as ``json_format.Parse``
    checks it: a key given twice in any object, at any depth, is an error naming the key's path. Like
    ``Parse`` it reads ``NaN`` and ``Infinity``, which only ``google.protobuf.Value`` then takes."""
    if isinstance(text, (bytes, bytearray, memoryview)):
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError as e:
            bad = e.object[e.start:e.start + 1]
            raise ConversionError(f"JSON text is UTF-8, and byte {e.start} ({bad!r}) is not") from None
    elif not isinstance(text, str):
        raise ConversionError(f"expected JSON text (str or bytes), got {_describe(text)}")
    try:  # the common case: a value from the first character, no key given twice, at most whitespace after
        value, end = _scan_once(text, 0)
        if end == len(text) or not text[end:].strip(_JSON_WHITESPACE):
            return value
    except (_KeyTwice, StopIteration, ValueError, RecursionError):
        pass
    twice: list[tuple[dict[str, Any], str]] = []  # objects that give a key twice, and the key

    def object_of(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        d = dict(pairs)
        if len(d) < len(pairs) and not twice:
            seen: set[str] = set()
            for k, _ in pairs:
                if k in seen:
                    twice.append((d, k))
                    break
                seen.add(k)
        return d

    try:
        value = json.loads(text, object_pairs_hook=object_of)
    except json.JSONDecodeError as e:
        raise ConversionError(f"not valid JSON: {e}") from None
    except RecursionError:
        raise ConversionError(f"JSON nested too deeply to read (protobuf's limit is {MAX_DEPTH} messages)") from None
    except ValueError:  # the one other error json.loads raises: an integer longer than int() reads
        raise ConversionError(f"a number of more than {sys.get_int_max_str_digits()} digits, "
                              "which no protobuf field holds") from None
    if twice:
        raise _key_twice(value, *twice[0])
    return value


def _key_twice(value: Any, target: dict[str, Any], key: str) -> ConversionError:
    """The error for ``key`` given twice in the object ``target`` inside ``value``, naming the key's path in
    the JSON: ``closure.error.message``, array items as ``[i]``, keys that are not names as ``['key']``."""
    stack = [(value, "")]
    while stack:
        v, path = stack.pop()
        if v is target:
            return ConversionError("the key is given twice in its object", _json_path(path, key))
        if isinstance(v, dict):
            stack.extend((x, _json_path(path, k)) for k, x in v.items())
        elif isinstance(v, list):
            stack.extend((x, f"{path}[{i}]") for i, x in enumerate(v))
    raise AssertionError("the object is in the value")


def _json_path(path: str, key: str) -> str:
    if not key.isidentifier() or len(key) > EXCERPT_CHARACTERS:
        return f"{path}[{excerpt(key)}]"
    return f"{path}.{key}" if path else key


def configure_converter(converter: DictConverter) -> None:
    def structure_factory(cls: type[Entity]) -> Any:
        return lambda data, _: converter.structure_with(data, cls)

    def unstructure_factory(cls: type[Entity]) -> Any:
        converter._write_by_class[cls] = converter.writers[cls]
        return converter.unstructure

    converter.register_structure_hook_factory(is_entity, structure_factory)
    converter.register_unstructure_hook_factory(is_entity, unstructure_factory)


def make_converter() -> DictConverter:
    return DictConverter()


converter = make_converter()
