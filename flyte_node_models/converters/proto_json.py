"""Protobuf messages straight to the dict format (proto3 JSON), with no records in between.

``to_dict(message)`` is ``cls.from_flyte_idl(message).to_dict()`` for a message of any entity class: the
same dict, or the same error. A generated function per class reads each field of the message once, as
the protobuf format's reader does, and writes it with the dict format's value writers, without making
the record that would only be written and dropped. It serves JSON written from wire bytes (see
``streams.write_jsonl_from_bytes``).

A message the generated function does not write (one nested too deeply, a timestamp out of range, NaN in
a ``google.protobuf.Value``) is read and written the records' way, which says what is wrong and where.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date
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
from .proto import _read_expr, too_deep, too_deep_raise
from .proto import converter as proto_converter

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


def _generate(cls: type[Entity], hooks: Hooks) -> str:
    """The writer of ``cls``: a function of the message and its depth (counted as the protobuf format's
    reader counts it) returning the dict. It raises on anything the records' way would refuse, without
    saying where: :func:`to_dict` then takes that way, which does."""
    name = hooks.name(cls)
    lines = [f"def {name}(p, d):", f"    if d > {MAX_DEPTH}: raise TOO_DEEP()", "    j = {}"]
    _write_fields(cls, hooks, lines, (cls,))
    lines.append("    return j")
    return "\n".join(lines) + "\n"


def _write_fields(cls: type[Entity], hooks: Hooks, lines: list[str], stack: tuple[type[Entity], ...]) -> None:
    """Lines writing the fields of message ``p{n}`` into dict ``j{n}`` (``p``, ``j`` at the top), ``n`` levels
    (``len(stack) - 1``) below the function's own message, which is at depth ``d``."""
    level = len(stack) - 1
    suffix = str(level) if level else ""
    p, j = f"p{suffix}", f"j{suffix}"
    indent = "    " * (level + 1)
    child_depth = f"d + {level + 1}"
    has = hooks.add(cls.PROTO.HasField, "has")  # unbound: no method object made per call
    for oneof in cls.ONEOFS:
        lines.append(f"{indent}w{suffix}_{oneof} = {hooks.add(cls.PROTO.WhichOneof, 'which')}({p}, {oneof!r})")
    for spec in cls.FIELDS:
        src, target = f"{p}.{spec.name}", f"{j}[{spec.json_name!r}]"
        if spec.oneof:
            present = f"w{suffix}_{spec.oneof} == {spec.name!r}"
        elif spec.shape == "optional":
            present = f"{has}({p}, {spec.name!r})"
        else:
            present = ""
        kind = spec.value.kind
        if kind == "message" and spec.shape == "optional":
            child = spec.value.entity
            lines.append(f"{indent}if {present}:")
            if child not in stack and level < _INLINE_LEVELS:
                n = str(level + 1)
                lines += [f"{indent}    if d >= {MAX_DEPTH - level}: raise TOO_DEEP()",
                          f"{indent}    p{n} = {src}", f"{indent}    j{n} = {{}}"]
                _write_fields(child, hooks, lines, (*stack, child))
                lines.append(f"{indent}    {target} = j{n}")
            else:
                lines.append(f"{indent}    {target} = {hooks.name(child)}({src}, {child_depth})")
        elif kind == "message" and spec.shape == "repeated":
            write = hooks.name(spec.value.entity)
            lines += [f"{indent}v = {src}", f"{indent}if v: {target} = [{write}(x, {child_depth}) for x in v]"]
        elif spec.shape == "map":  # its entries are messages at the child depth, their values one deeper
            lines += [f"{indent}v = {src}", f"{indent}if v:",
                      f"{indent}    if {child_depth} > {MAX_DEPTH}: raise TOO_DEEP()"]
            if kind == "message":
                key = _map_key_json(spec.key) if spec.key is not None else None
                k = "k" if key is None else f"{hooks.add(key, 'key')}(k)"
                write = hooks.name(spec.value.entity)
                lines.append(f"{indent}    {target} = {{{k}: {write}(x, d + {level + 2}) for k, x in v.items()}}")
            else:
                if kind not in _RAW:
                    lines.append(f"{indent}    v = {_read_expr(spec, hooks, 'v', level)}")
                lines.append(f"{indent}    {target} = {_container_expr(spec, hooks, 'v', child_depth)}")
        elif kind in ("timestamp", "duration") and spec.shape == "optional":  # the commonest well-known values
            lines += [f"{indent}if {present}:",
                      f"{indent}    if d >= {MAX_DEPTH - level}: raise TOO_DEEP()",
                      f"{indent}    m = {src}",
                      f"{indent}    {target} = {kind.upper()}(m.seconds, m.nanos)"]
        else:
            value = src if kind in _RAW else _read_expr(spec, hooks, src, level)
            lines.append(f"{indent}v = {value} if {present} else None" if present else f"{indent}v = {value}")
            lines += _write_value(spec, hooks, target, child_depth, indent)


def _write_value(spec: FieldSpec, hooks: Hooks, target: str, depth: str, indent: str) -> list[str]:
    """Lines putting the JSON of a field's record value ``v`` in ``target``, when the dict format writes it."""
    if spec.shape == "repeated":
        return [f"{indent}if v: {target} = {_container_expr(spec, hooks, 'v', depth)}"]
    value = _write_expr(spec.value, hooks, "v", depth) or "v"
    if spec.shape == "optional":
        return [f"{indent}if v is not None: {target} = {value}"]
    if spec.value.kind in ("double", "float"):  # -0.0 is falsy but not the default
        return [f"{indent}if v or COPYSIGN(1.0, v) < 0: {target} = {value}"]
    return [f"{indent}if v: {target} = {value}"]


writers = Hooks("pb_to_dict", _generate, TOO_DEEP=too_deep, TIMESTAMP=_timestamp_json, DURATION=_duration_json,
                INF=math.inf, COPYSIGN=math.copysign, too_deep_raise=too_deep_raise)


def to_dict(message: Any, cls: type[Entity], depth: int = 1) -> dict[str, Any]:
    """``cls.from_flyte_idl(message).to_dict()``, without the record; ``message`` is a ``cls.PROTO``
    message at nesting level ``depth`` (1 at the top, 2 for an element of a list message, ...)."""
    if type(message) is not cls.PROTO:
        raise ConversionError(f"expected a {cls.PROTO.DESCRIPTOR.full_name} message, got {type(message).__name__}")
    return writer(cls)(message, depth)


_writers: dict[type, Callable[[Any, int], dict[str, Any]]] = {}


def writer(cls: type[Entity]) -> Callable[[Any, int], dict[str, Any]]:
    """:func:`to_dict` of ``cls.PROTO`` messages, as a function of the message and its depth that does not
    check the message's type."""
    made = _writers.get(cls)
    if made is None:
        write = writers[cls]
        read_record, write_record = proto_converter.readers[cls], dict_converter.writers[cls]

        def made(message: Any, depth: int) -> dict[str, Any]:
            try:
                return write(message, depth)  # type: ignore[no-any-return]
            except (*BAD_VALUE, RecursionError, ConversionError):
                pass
            # the records' way, which raises what is wrong and where
            return write_record(read_record(message, depth), depth)  # type: ignore[no-any-return]

        _writers[cls] = made
    return made
