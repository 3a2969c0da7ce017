"""Protobuf messages straight to the dict format (proto3 JSON), with no records in between.

``to_dict(message, cls)`` is ``cls.from_flyte_idl(message).to_dict()`` for a message of any entity
class, and ``to_json(message, cls)`` that dict as compact JSON text (a JSON line): the same output, or
the same error. A generated function per class and output reads each field of the message once, as the
protobuf format's reader does, and writes it with the dict format's value writers, without making the
record that would only be written and dropped; the text functions write the commonest values (strings,
enums, integers, times) as text themselves, and the rest through the dict's JSON. They serve JSON
written from wire bytes (see ``streams.write_jsonl_from_bytes``).

A message a generated function does not write (one nested too deeply, a timestamp out of range, NaN in a
``google.protobuf.Value``) is read and written the records' way, which says what is wrong and where.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from json.encoder import c_make_encoder, encode_basestring  # type: ignore[attr-defined]
from typing import Any

from .._errors import ConversionError
from .._model import MAX_DEPTH, Entity, FieldSpec
from ..wellknown.duration import MAX_SECONDS as DURATION_MAX_SECONDS
from ..wellknown.duration import from_parts as duration
from ..wellknown.timestamp import MAX_SECONDS, MIN_SECONDS
from ._codegen import BAD_VALUE, Hooks
from .dict import _DATES, _THREE_DIGITS, _TWO_DIGITS, _container_expr, _date_json, _map_key_json, _write_expr
from .dict import _duration_json as _record_duration_json
from .dict import converter as dict_converter
from .proto import _read_expr, presence_code, too_deep, too_deep_raise
from .proto import converter as proto_converter


def _no_default(value: Any) -> Any:
    raise TypeError(f"{type(value).__name__} is not a JSON value")


def _compact_encoder() -> Callable[[Any], str]:
    """``json.dumps(value, ensure_ascii=False, separators=(",", ":"))``, made once: the C encoder itself
    when there is one, without the check for circular values (a dict format's never are)."""
    if c_make_encoder is None:
        return json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    encode = c_make_encoder(None, _no_default, encode_basestring, None, ":", ",", False, False, True)
    join = "".join
    return lambda value: join(encode(value, 0))


#: Compact JSON text, as JSON lines hold it.
dumps = _compact_encoder()

#: Kinds whose protobuf value the dict format writes as it writes the record's value of it.
_RAW = frozenset(("string", "bool", "int32", "uint32", "int64", "uint64", "bytes", "enum", "double", "float"))
_EPOCH_DAY = date(1970, 1, 1).toordinal()
_from_ordinal = date.fromordinal


def _timestamp_json(seconds: int, nanos: int) -> str:
    """The dict format's JSON of ``Timestamp(seconds, nanos)`` (see its ``_timestamp_json``), from the
    message's parts."""
    minute = _MINUTES.get(seconds // 60) or _minute(seconds)
    if not 0 <= nanos <= 999_999_999:
        raise ValueError("a timestamp out of range")  # the records' reader says how
    if nanos % 1000:  # nanoseconds, the commonest (Admin writes them): _fraction inline
        three = _THREE_DIGITS
        return f"{minute}{_TWO_DIGITS[seconds % 60]}.{three[nanos // 1_000_000]}{three[nanos // 1000 % 1000]}" \
               f"{three[nanos % 1000]}Z"
    return f"{minute}{_TWO_DIGITS[seconds % 60]}{_fraction(nanos)}Z"


_MINUTES: dict[int, str] = {}  # seconds // 60 -> "YYYY-MM-DDTHH:MM:": the timestamps of a run share a few


def _minute(seconds: int) -> str:
    if not MIN_SECONDS <= seconds <= MAX_SECONDS:
        raise ValueError("a timestamp out of range")
    if len(_MINUTES) > 4096:
        _MINUTES.clear()
    day, s = divmod(seconds, 86400)
    day += _EPOCH_DAY
    text = _MINUTES[seconds // 60] = \
        f"{_DATES.get(day) or _date_json(_from_ordinal(day))}T{_TWO_DIGITS[s // 3600]}:{_TWO_DIGITS[s // 60 % 60]}:"
    return text


def _duration_json(seconds: int, nanos: int) -> str:
    """The dict format's JSON of ``Duration(seconds, nanos)``, from the message's parts."""
    if 0 <= seconds <= DURATION_MAX_SECONDS and 0 <= nanos <= 999_999_999:
        return f"{seconds}{_fraction(nanos)}s"
    return _record_duration_json(duration(seconds, nanos))  # negative (or invalid: the records' reader says how)


def _fraction(nanos: int) -> str:
    """Nanoseconds as a Timestamp's or Duration's JSON has them: no digits, or 3, 6 or 9."""
    three = _THREE_DIGITS
    if nanos % 1000:
        return f".{three[nanos // 1_000_000]}{three[nanos // 1000 % 1000]}{three[nanos % 1000]}"
    if not nanos:
        return ""
    if nanos % 1_000_000:
        return f".{three[nanos // 1_000_000]}{three[nanos // 1000 % 1000]}"
    return f".{three[nanos // 1_000_000]}"


#: How many levels of child messages a function writes inline rather than calling their own functions.
_INLINE_LEVELS = 2


class _Dicts:
    """How a generated function puts the JSON of a field in the object it writes: as an item of dict
    ``j{n}`` (``j`` at the top), ``n`` levels below the function's own message."""

    def __init__(self, hooks: Hooks) -> None:
        self.hooks = hooks

    def begin(self) -> list[str]:
        return ["    j = {}"]

    def open(self, n: int, key: str, indent: str) -> list[str]:
        return [f"{indent}j{n} = {{}}"]

    def close(self, n: int, key: str, indent: str) -> list[str]:
        return [f"{indent}{_level('j', n - 1)}[{key!r}] = j{n}"]

    def put(self, n: int, spec: FieldSpec, value: str) -> str:
        """A statement putting ``value`` (its JSON as a dict holds it) under the field's key."""
        return f"{_level('j', n)}[{spec.json_name!r}] = {value}"

    def message(self, n: int, spec: FieldSpec, value: str) -> str:
        """A statement putting ``value``, what a function of this output gives, under the field's key."""
        return self.put(n, spec, value)

    def sequence(self, each: str) -> str:
        """The output of a repeated field of messages ``v``, given that of each element ``x``."""
        return f"[{each} for x in v]"

    def mapping(self, key: str, each: str) -> str:
        """The output of a map of messages ``v``, given the JSON key and value of each entry ``k, x``."""
        return f"{{{key}: {each} for k, x in v.items()}}"

    def finish(self) -> list[str]:
        return ["    return j"]


class _Text(_Dicts):
    """As :class:`_Dicts`, but as compact JSON text, as JSON lines hold it: pieces appended to list ``o``,
    each field's led by ``c{n}``, what comes before the next field of its object (nothing, then a comma)."""

    def begin(self) -> list[str]:
        return ["    o = ['{']", "    a = o.append", "    c = ''"]

    def open(self, n: int, key: str, indent: str) -> list[str]:
        before = _level("c", n - 1)
        return [f"{indent}a({self.piece(before, key, '{{')}); {before} = ','", f"{indent}c{n} = ''"]

    def close(self, n: int, key: str, indent: str) -> list[str]:
        return [f"{indent}a('}}')"]

    def put(self, n: int, spec: FieldSpec, value: str) -> str:
        return self.message(n, spec, *self.text(spec, value))

    def message(self, n: int, spec: FieldSpec, value: str, quoted: bool = False) -> str:
        """A statement putting ``value``, the JSON text of the field (with ``quoted``, of a JSON string
        that needs no escapes, without its quotes), under the field's key."""
        before, first = _level("c", n), ""
        if set(value) & set("{}'\\"):  # not an f-string's expression
            first, value = f"x = {value}; ", "x"
        text = f'"{{{value}}}"' if quoted else f"{{{value}}}"
        return f"{first}a({self.piece(before, spec.json_name, text)}); {before} = ','"

    @staticmethod
    def piece(before: str, key: str, after: str) -> str:
        """An f-string: ``before``'s value, the JSON of ``key`` and a colon, then ``after``."""
        name = json.dumps(key)
        assert not set(name) & set("{}'\\"), name  # JSON names are identifiers
        return f"f'{{{before}}}{name}:{after}'"

    def sequence(self, each: str) -> str:
        return f"'[' + ','.join([{each} for x in v]) + ']'"

    def mapping(self, key: str, each: str) -> str:
        return f"'{{' + ','.join([STRING({key}) + ':' + {each} for k, x in v.items()]) + '}}'"

    def text(self, spec: FieldSpec, value: str) -> tuple[str, bool]:
        """The JSON text of a field's value, given the JSON a dict holds for it (``value``, of the field's
        value ``v``), and whether it is a JSON string's text without its quotes (one needing no escapes)."""
        vspec = spec.value.wrapped if spec.value.wrapped is not None else spec.value
        kind = "container" if spec.shape in ("repeated", "map") else vspec.kind
        if kind == "string":
            return f"STRING({value})", False
        if kind in ("timestamp", "duration", "int64", "uint64"):
            return value, True
        if kind in ("int32", "uint32"):
            return value, False
        if kind == "enum":  # its name, or its number when this flyteidl does not know it
            names = {d.number: json.dumps(d.name) for d in vspec.descriptor.enum_type.values}
            return f"{self.hooks.add(names, 'names')}.get(v) or v", False
        if kind == "bool":
            return f"('true' if {value} else 'false')", False
        return f"DUMPS({value})", False

    def finish(self) -> list[str]:
        return ["    a('}')", "    return ''.join(o)"]


def _level(name: str, n: int) -> str:
    return f"{name}{n}" if n else name


def _generate(cls: type[Entity], hooks: Hooks, text: bool) -> str:
    """The writer of ``cls``: a function of the message and its depth (counted as the protobuf format's
    reader counts it) returning the dict, or with ``text`` its compact JSON text. It raises on anything
    the records' way would refuse, without saying where: :func:`writer` then takes that way, which does."""
    name = hooks.name(cls)
    out = _Text(hooks) if text else _Dicts(hooks)
    lines = [f"def {name}(p, d):", f"    if d > {MAX_DEPTH}: raise TOO_DEEP()", *out.begin()]
    _write_fields(cls, hooks, out, lines, (cls,))
    lines += out.finish()
    return "\n".join(lines) + "\n"


def _write_fields(cls: type[Entity], hooks: Hooks, out: _Dicts, lines: list[str],
                  stack: tuple[type[Entity], ...]) -> None:
    """Lines writing the fields of message ``p{n}`` (``p`` at the top), ``n`` levels (``len(stack) - 1``)
    below the function's own message, which is at depth ``d``."""
    level = len(stack) - 1
    suffix = str(level) if level else ""
    p = f"p{suffix}"
    indent = "    " * (level + 1)
    child_depth = f"d + {level + 1}"
    asks, presence = presence_code(cls, hooks, p, suffix)
    lines += [f"{indent}{line}" for line in asks]
    for spec in cls.FIELDS:
        src = f"{p}.{spec.name}"
        present = presence.get(spec.name, "")
        kind = spec.value.kind
        if kind == "message" and spec.shape == "optional":
            child = spec.value.entity
            lines.append(f"{indent}if {present}:")
            if child not in stack and level < _INLINE_LEVELS:
                n = level + 1
                lines += [f"{indent}    if d >= {MAX_DEPTH - level}: raise TOO_DEEP()", f"{indent}    p{n} = {src}",
                          *out.open(n, spec.json_name, f"{indent}    ")]
                _write_fields(child, hooks, out, lines, (*stack, child))
                lines += out.close(n, spec.json_name, f"{indent}    ")
            else:
                lines.append(f"{indent}    {out.message(level, spec, f'{hooks.name(child)}({src}, {child_depth})')}")
        elif kind == "message" and spec.shape == "repeated":
            value = out.sequence(f"{hooks.name(spec.value.entity)}(x, {child_depth})")
            lines += [f"{indent}v = {src}", f"{indent}if v: {out.message(level, spec, value)}"]
        elif spec.shape == "map":  # its entries are messages at the child depth, their values one deeper
            lines += [f"{indent}v = {src}", f"{indent}if v:",
                      f"{indent}    if {child_depth} > {MAX_DEPTH}: raise TOO_DEEP()"]
            if kind == "message":
                key = _map_key_json(spec.key) if spec.key is not None else None
                k = "k" if key is None else f"{hooks.add(key, 'key')}(k)"
                value = out.mapping(k, f"{hooks.name(spec.value.entity)}(x, d + {level + 2})")
                lines.append(f"{indent}    {out.message(level, spec, value)}")
            else:
                if kind not in _RAW:
                    lines.append(f"{indent}    v = {_read_expr(spec, hooks, 'v', level)}")
                lines.append(f"{indent}    {out.put(level, spec, _container_expr(spec, hooks, 'v', child_depth))}")
        elif kind in ("timestamp", "duration") and spec.shape == "optional":  # the commonest well-known values
            if not spec.oneof:  # a time that is not zero is set, without asking
                lines += [f"{indent}m = {src}", f"{indent}seconds, nanos = m.seconds, m.nanos",
                          f"{indent}if seconds or nanos or {present}:"]
            else:
                lines += [f"{indent}if {present}:", f"{indent}    m = {src}",
                          f"{indent}    seconds, nanos = m.seconds, m.nanos"]
            lines += [f"{indent}    if d >= {MAX_DEPTH - level}: raise TOO_DEEP()",
                      f"{indent}    {out.put(level, spec, f'{kind.upper()}(seconds, nanos)')}"]
        else:
            value = src if kind in _RAW else _read_expr(spec, hooks, src, level)
            lines.append(f"{indent}v = {value} if {present} else None" if present else f"{indent}v = {value}")
            lines += _write_value(spec, hooks, out, level, child_depth, indent)


def _write_value(spec: FieldSpec, hooks: Hooks, out: _Dicts, n: int, depth: str, indent: str) -> list[str]:
    """Lines putting the JSON of a field's record value ``v``, when the dict format writes it."""
    if spec.shape == "repeated":
        return [f"{indent}if v: {out.put(n, spec, _container_expr(spec, hooks, 'v', depth))}"]
    value = _write_expr(spec.value, hooks, "v", depth) or "v"
    if spec.shape == "optional":
        return [f"{indent}if v is not None: {out.put(n, spec, value)}"]
    if spec.value.kind in ("double", "float"):  # -0.0 is falsy but not the default
        return [f"{indent}if v or COPYSIGN(1.0, v) < 0: {out.put(n, spec, value)}"]
    return [f"{indent}if v: {out.put(n, spec, value)}"]


_GLOBALS = {"TOO_DEEP": too_deep, "TIMESTAMP": _timestamp_json, "DURATION": _duration_json, "INF": math.inf,
            "COPYSIGN": math.copysign, "too_deep_raise": too_deep_raise}
#: The functions writing dicts, and those writing compact JSON text, of each class's messages.
writers = Hooks("pb_to_dict", functools.partial(_generate, text=False), **_GLOBALS)
text_writers = Hooks("pb_to_json", functools.partial(_generate, text=True), **_GLOBALS, STRING=encode_basestring,
                     DUMPS=dumps)


def to_dict(message: Any, cls: type[Entity], depth: int = 1) -> dict[str, Any]:
    """``cls.from_flyte_idl(message).to_dict()``, without the record; ``message`` is a ``cls.PROTO``
    message at nesting level ``depth`` (1 at the top, 2 for an element of a list message, ...)."""
    _check_type(message, cls)
    return writer(cls)(message, depth)  # type: ignore[no-any-return]


def to_json(message: Any, cls: type[Entity], depth: int = 1) -> str:
    """:func:`dumps` of :func:`to_dict`: the message's compact proto3-JSON text, as a JSON line holds it."""
    _check_type(message, cls)
    return writer(cls, text=True)(message, depth)  # type: ignore[no-any-return]


def _check_type(message: Any, cls: type[Entity]) -> None:
    if type(message) is not cls.PROTO:
        raise ConversionError(f"expected a {cls.PROTO.DESCRIPTOR.full_name} message, got {type(message).__name__}")


_writers: dict[tuple[type, bool], Callable[[Any, int], Any]] = {}


def writer(cls: type[Entity], *, text: bool = False) -> Callable[[Any, int], Any]:
    """:func:`to_dict` (with ``text``, :func:`to_json`) of ``cls.PROTO`` messages, as a function of the
    message and its depth that does not check the message's type."""
    made = _writers.get((cls, text))
    if made is None:
        write = (text_writers if text else writers)[cls]
        read_record, write_record = proto_converter.readers[cls], dict_converter.writers[cls]
        finish = dumps if text else _same

        def made(message: Any, depth: int) -> Any:
            try:
                return write(message, depth)
            except (*BAD_VALUE, RecursionError, ConversionError):
                pass
            # the records' way, which raises what is wrong and where
            return finish(write_record(read_record(message, depth), depth))

        _writers[cls, text] = made
    return made


def _same(value: Any) -> Any:
    return value


def each(messages: Iterable[Any], cls: type[Entity], depth: int, *, text: bool = False) -> Iterator[Any]:
    """:func:`to_dict` (with ``text``, :func:`to_json`) of each ``cls.PROTO`` message of a repeated field,
    one at a time, whose failures say which message (``[3]``)."""
    write, either = (text_writers if text else writers)[cls], writer(cls, text=text)
    for i, message in enumerate(messages):
        try:
            out = write(message, depth)
        except (*BAD_VALUE, RecursionError, ConversionError):
            try:
                out = either(message, depth)  # the records' way says what is wrong
            except ConversionError as e:
                raise e.prefix(f"[{i}]") from None
        yield out
