"""``google.protobuf.Struct``, ``Value`` and ``ListValue`` as immutable JSON values.

A ``Struct`` is a :class:`FrozenDict` of str to JSON value, a ``ListValue`` a tuple, a ``Value`` one of
``None`` (``null_value``), ``bool``, ``float`` (``number_value``), ``str``, a tuple or a ``FrozenDict``.
"""

from __future__ import annotations

import math
from typing import Any, Union

from .._errors import excerpt
from .frozendict import EMPTY, FrozenDict

JsonValue = Union[None, bool, float, str, tuple["JsonValue", ...], "FrozenDict[str, JsonValue]"]

#: The one NaN object records hold, so that records holding NaN compare and hash equal.
NAN = float("nan")

#: protobuf's nesting limit: how many levels of messages a value may have, counted as its binary decoder
#: counts them: the top message is level 1, and every message below it one more, map entries and
#: well-known messages included (a ``Struct`` is a level, its entries the next, their ``Value``\ s the next).
#: Records and every format keep to it.
MAX_DEPTH = 100


class TooDeep(ValueError):
    """A value that nests deeper than :data:`MAX_DEPTH`."""

    def __init__(self) -> None:
        super().__init__(f"nests deeper than protobuf's limit of {MAX_DEPTH} messages")


def number(value: float) -> float:
    """A ``number_value``: a float, with NaN made the shared :data:`NAN`; ints only when exact."""
    if type(value) is float:
        return value if value == value else NAN
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"expected a number, got {type(value).__name__} {excerpt(value)}")
    try:
        out = float(value)
    except OverflowError:
        raise ValueError(f"{excerpt(value)} is too large for a double") from None
    if isinstance(value, int) and not math.isinf(out) and int(out) != value:
        raise ValueError(f"{excerpt(value)} has no exact double value")
    return out if out == out else NAN


def utf8(value: str) -> str:
    """``value``, refused (ValueError) when it has no UTF-8 form: a lone surrogate, which protobuf strings
    cannot hold."""
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as e:
            raise ValueError(f"{excerpt(value)} holds a lone surrogate ({value[e.start]!r} at index {e.start}), "
                             "which has no UTF-8 form: protobuf strings are UTF-8") from None
    return value


def freeze_value(value: Any, room: int = MAX_DEPTH) -> JsonValue:
    """The immutable JSON value of a Python JSON-like value (dicts, lists, tuples, scalars), as the
    ``Value`` message it is, with ``room`` levels of nesting (see :data:`MAX_DEPTH`) for it."""
    if room < 1:
        raise TooDeep
    t = type(value)
    if value is None or t is bool:
        return value  # type: ignore[no-any-return]
    if t is str:
        return utf8(value)
    if isinstance(value, dict):
        return freeze_struct(value, room - 1)
    if isinstance(value, (list, tuple)):
        return freeze_list(value, room - 1)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return number(value)
    if isinstance(value, str):
        return utf8(str(value))
    raise TypeError(f"{type(value).__name__} {excerpt(value)} is not a JSON value")


def freeze_struct(value: Any, room: int = MAX_DEPTH) -> FrozenDict[str, JsonValue]:
    """The immutable ``Struct`` of a dict with str keys (a FrozenDict too, checked again), with ``room``
    levels of nesting for it."""
    if not isinstance(value, dict):
        raise TypeError(f"expected a dict for a Struct, got {type(value).__name__}")
    if room < 1:
        raise TooDeep
    out = {}
    for key, item in value.items():
        if type(key) is not str:
            raise TypeError(f"Struct keys are strings, got {type(key).__name__} {excerpt(key)}")
        out[utf8(key)] = freeze_value(item, room - 2)  # past the map entry
    return FrozenDict(out) if out else EMPTY


def freeze_list(value: Any, room: int = MAX_DEPTH) -> tuple[JsonValue, ...]:
    """The immutable ``ListValue`` of a list or tuple, with ``room`` levels of nesting for it."""
    if not isinstance(value, (list, tuple)):
        raise TypeError(f"expected a list for a ListValue, got {type(value).__name__}")
    if room < 1:
        raise TooDeep
    return tuple([freeze_value(item, room - 1) for item in value])


def json_depth(value: JsonValue) -> int:
    """How many levels of messages an immutable JSON value is as a ``Value`` (1 for a scalar)."""
    if isinstance(value, dict):
        return 1 + struct_depth(value)
    if isinstance(value, tuple):
        return 1 + list_depth(value)
    return 1


def struct_depth(value: FrozenDict[str, JsonValue]) -> int:
    """How many levels of messages an immutable ``Struct`` is (1 when empty)."""
    return 1 + max([1 + json_depth(x) for x in value.values()], default=0)


def list_depth(value: tuple[JsonValue, ...]) -> int:
    """How many levels of messages an immutable ``ListValue`` is (1 when empty)."""
    return 1 + max([json_depth(x) for x in value], default=0)


def thaw(value: JsonValue) -> Any:
    """Plain ``dict``/``list`` JSON from an immutable JSON value."""
    if isinstance(value, dict):
        return {k: thaw(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return [thaw(v) for v in value]
    return value
