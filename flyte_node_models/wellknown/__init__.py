"""Python values for protobuf's well-known types, as records hold them.

``Timestamp`` is a UTC ``datetime`` and ``Duration`` a ``timedelta``, both keeping nanoseconds;
``Struct``/``Value``/``ListValue`` are immutable JSON values; map fields are :class:`FrozenDict`.
"""

from datetime import UTC

from .duration import Duration
from .frozendict import FrozenDict
from .struct import JsonValue, freeze_value, thaw
from .timestamp import Timestamp

__all__ = ["UTC", "Duration", "FrozenDict", "JsonValue", "Timestamp", "freeze_value", "thaw"]
