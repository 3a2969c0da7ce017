"""``google.protobuf.Struct``, ``Value`` and ``ListValue`` as immutable JSON values.

A ``Struct`` is a :class:`FrozenDict` of str to JSON value, a ``ListValue`` a tuple, a ``Value`` one of
``None`` (``null_value``), ``bool``, ``float`` (``number_value``), ``str``, a tuple or a ``FrozenDict``.
"""

from __future__ import annotations

import math
from typing import Any, Union

from .frozendict import FrozenDict

JsonValue = Union[None, bool, float, str, tuple["JsonValue", ...], "FrozenDict[str, JsonValue]"]

#: The one NaN object records hold, so that records holding NaN compare and hash equal.
NAN = float("nan")


def number(value: float) -> float:
    """A ``number_value``: a float, with NaN made the shared :data:`NAN`; ints only when exact."""
    if type(value) is float:
        return value if value == value else NAN
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"expected a number, got {type(value).__name__} {value!r}")
    out = float(value)
    if isinstance(value, int) and not math.isinf(out) and int(out) != value:
        raise ValueError(f"integer {value} has no exact double value")
    return out if out == out else NAN


def freeze_value(value: Any) -> JsonValue:
    """The immutable JSON value of a Python JSON-like value (dicts, lists, tuples, scalars)."""
    if value is None or type(value) is bool or type(value) is str:
        return value
    if isinstance(value, dict):
        return freeze_struct(value)
    if isinstance(value, (list, tuple)):
        return freeze_list(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return number(value)
    raise TypeError(f"{type(value).__name__} {value!r} is not a JSON value")


def freeze_struct(value: Any) -> FrozenDict[str, JsonValue]:
    if not isinstance(value, dict):
        raise TypeError(f"expected a dict for a Struct, got {type(value).__name__}")
    out = {}
    for key, item in value.items():
        if type(key) is not str:
            raise TypeError(f"Struct keys are strings, got {type(key).__name__} {key!r}")
        out[key] = freeze_value(item)
    return FrozenDict(out)


def freeze_list(value: Any) -> tuple[JsonValue, ...]:
    if not isinstance(value, (list, tuple)):
        raise TypeError(f"expected a list for a ListValue, got {type(value).__name__}")
    return tuple([freeze_value(item) for item in value])


def thaw(value: JsonValue) -> Any:
    """Plain ``dict``/``list`` JSON from an immutable JSON value."""
    if isinstance(value, dict):
        return {k: thaw(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return [thaw(v) for v in value]
    return value
