"""An immutable, hashable mapping: what map fields hold."""

from __future__ import annotations

from typing import Any, NoReturn, TypeVar

K = TypeVar("K")
V = TypeVar("V")


def _immutable(self: Any, *args: Any, **kwargs: Any) -> NoReturn:
    raise TypeError(f"{type(self).__name__} is immutable")


class FrozenDict(dict[K, V]):
    """A ``dict`` that cannot change after construction, and so can be hashed.

    It is a real ``dict`` (``json.dumps`` and ``isinstance(x, dict)`` work, lookups are C speed);
    every mutating method raises ``TypeError``.
    """

    __slots__ = ()

    def __hash__(self) -> int:  # type: ignore[override]
        # not cached, as a tuple's is not: records cache theirs, and a cache would cost a slot in every map
        return hash(frozenset(self.items()))

    def __repr__(self) -> str:
        return f"FrozenDict({dict.__repr__(self)})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (dict(self),))

    @classmethod
    def fromkeys(cls, keys: Any, value: Any = None) -> FrozenDict[Any, Any]:
        return cls(dict.fromkeys(keys, value))

    def __or__(self, other: Any) -> FrozenDict[K, V]:  # type: ignore[override]
        return type(self)({**self, **other})

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = __ior__ = _immutable


EMPTY: FrozenDict[Any, Any] = FrozenDict()
