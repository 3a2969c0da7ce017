"""``google.protobuf.Duration`` as a ``timedelta`` that keeps nanoseconds."""

from __future__ import annotations

from datetime import timedelta
from fractions import Fraction
from typing import Any

from .._errors import excerpt

MAX_SECONDS = 315_576_000_000  # protobuf's limit: about 10,000 years
_MAX_NANOSECONDS = MAX_SECONDS * 1_000_000_000 + 999_999_999
_new = timedelta.__new__
#: The nanoseconds below a microsecond (0-999) that Timestamps and Durations hold: shared ints, so that a
#: value's nanoseconds cost its slot only.
NANOS = tuple(range(1000))


def total_nanoseconds(value: timedelta) -> int:
    """The exact length of a ``timedelta`` (or :class:`Duration`) in nanoseconds."""
    return ((value.days * 86400 + value.seconds) * 1_000_000 + value.microseconds) * 1000 + getattr(value, "_ns", 0)


class Duration(timedelta):
    """A ``timedelta`` with the nanoseconds a protobuf ``Duration`` carries.

    ``nanosecond`` is the part below the microsecond (0-999, counted forward like ``microseconds``).
    Equality, hashing, ordering, negation, ``+`` and ``-`` take it into account; a ``Duration``
    whose ``nanosecond`` is 0 equals the plain ``timedelta`` of the same length.

    Its constructors (``Duration(...)``, ``from_timedelta``, ``from_nanoseconds``, ``from_parts``) refuse a
    length outside protobuf's range, ±315,576,000,000 seconds (and 999,999,999 nanoseconds), with
    ``ValueError``, as records do; arithmetic, like ``timedelta``'s, may go past it.
    """

    __slots__ = ("_ns",)
    _ns: int

    def __new__(cls, *args: Any, nanoseconds: int = 0, **kwargs: Any) -> Duration:
        try:
            base = timedelta(*args, **kwargs)
        except OverflowError as e:  # past even timedelta's range
            raise ValueError(f"{e}: outside protobuf's range for a Duration, ±{MAX_SECONDS} seconds") from None
        return from_nanoseconds(in_range(total_nanoseconds(base) + nanoseconds))

    @property
    def nanosecond(self) -> int:
        return self._ns

    @classmethod
    def from_nanoseconds(cls, total: int) -> Duration:
        return from_nanoseconds(in_range(total))

    @classmethod
    def from_timedelta(cls, value: timedelta) -> Duration:
        total = in_range(total_nanoseconds(value))
        return value if type(value) is cls else from_nanoseconds(total)

    @classmethod
    def from_parts(cls, seconds: int, nanos: int) -> Duration:
        """The protobuf ``Duration(seconds, nanos)``; rejects what protobuf calls invalid."""
        return from_parts(seconds, nanos)

    def total_nanoseconds(self) -> int:
        return total_nanoseconds(self)

    def to_parts(self) -> tuple[int, int]:
        """``(seconds, nanos)`` as the protobuf message has them: both truncated toward zero, same sign."""
        seconds = self.days * 86400 + self.seconds
        nanos = self.microseconds * 1000 + self._ns
        if seconds < 0 < nanos:  # timedelta counts its parts forward from a negative day; protobuf toward zero
            return seconds + 1, nanos - 1_000_000_000
        return seconds, nanos

    def __repr__(self) -> str:
        r = timedelta.__repr__(self)
        if not self._ns:
            return r
        return f"{r[:-1]}, nanoseconds={self._ns})" if r[-2] != "(" else f"{r[:-1]}nanoseconds={self._ns})"

    def __str__(self) -> str:
        return f"{timedelta.__str__(self)}+{self._ns}ns" if self._ns else timedelta.__str__(self)

    def __reduce__(self) -> tuple[Any, ...]:
        return (from_nanoseconds, (total_nanoseconds(self),))

    # the base's hash (in C): equal values have equal timedelta parts, and a nanosecond of 0 equals the plain timedelta
    __hash__ = timedelta.__hash__

    def __eq__(self, other: object) -> bool:
        if isinstance(other, timedelta):
            return total_nanoseconds(self) == total_nanoseconds(other)
        if _message_name(other) == "google.protobuf.Duration":  # the same span (messages are unhashable)
            return self.to_parts() == (other.seconds, other.nanos)  # type: ignore[attr-defined]
        return NotImplemented

    def __ne__(self, other: object) -> bool:
        eq = self.__eq__(other)
        return eq if eq is NotImplemented else not eq

    def __lt__(self, other: timedelta) -> bool:
        return total_nanoseconds(self) < total_nanoseconds(other) if isinstance(other, timedelta) else NotImplemented

    def __le__(self, other: timedelta) -> bool:
        return total_nanoseconds(self) <= total_nanoseconds(other) if isinstance(other, timedelta) else NotImplemented

    def __gt__(self, other: timedelta) -> bool:
        return total_nanoseconds(self) > total_nanoseconds(other) if isinstance(other, timedelta) else NotImplemented

    def __ge__(self, other: timedelta) -> bool:
        return total_nanoseconds(self) >= total_nanoseconds(other) if isinstance(other, timedelta) else NotImplemented

    def __neg__(self) -> Duration:
        return from_nanoseconds(-total_nanoseconds(self))

    def __abs__(self) -> Duration:
        return from_nanoseconds(abs(total_nanoseconds(self)))

    def __pos__(self) -> Duration:
        return self

    def __mul__(self, other: Any) -> Any:
        if isinstance(other, int):
            return from_nanoseconds(total_nanoseconds(self) * other)
        if isinstance(other, float):  # rounded to the nanosecond, half to even, as timedelta rounds microseconds
            return from_nanoseconds(round(total_nanoseconds(self) * Fraction(other)))
        return NotImplemented

    __rmul__ = __mul__

    def __floordiv__(self, other: Any) -> Any:
        if isinstance(other, timedelta):
            return total_nanoseconds(self) // total_nanoseconds(other)
        if isinstance(other, int):
            return from_nanoseconds(total_nanoseconds(self) // other)
        return NotImplemented

    def __truediv__(self, other: Any) -> Any:
        if isinstance(other, timedelta):
            return total_nanoseconds(self) / total_nanoseconds(other)
        if isinstance(other, (int, float)):
            return from_nanoseconds(round(Fraction(total_nanoseconds(self)) / Fraction(other)))
        return NotImplemented

    def __mod__(self, other: Any) -> Any:
        if isinstance(other, timedelta):
            return from_nanoseconds(total_nanoseconds(self) % total_nanoseconds(other))
        return NotImplemented

    def __divmod__(self, other: Any) -> Any:
        if isinstance(other, timedelta):
            q, r = divmod(total_nanoseconds(self), total_nanoseconds(other))
            return q, from_nanoseconds(r)
        return NotImplemented

    def __add__(self, other: Any) -> Any:
        if isinstance(other, timedelta):
            return from_nanoseconds(total_nanoseconds(self) + total_nanoseconds(other))
        return NotImplemented  # datetime + Duration is handled by the datetime (Timestamp keeps nanoseconds)

    __radd__ = __add__

    def __sub__(self, other: Any) -> Any:
        if isinstance(other, timedelta):
            return from_nanoseconds(total_nanoseconds(self) - total_nanoseconds(other))
        return NotImplemented

    def __rsub__(self, other: Any) -> Any:
        if isinstance(other, timedelta):
            return from_nanoseconds(total_nanoseconds(other) - total_nanoseconds(self))
        return NotImplemented


def in_range(total: int) -> int:
    """``total`` nanoseconds, refused (ValueError) when outside protobuf's range for a Duration."""
    if not -_MAX_NANOSECONDS <= total <= _MAX_NANOSECONDS:
        raise ValueError(f"{excerpt(total)} nanoseconds is outside protobuf's range for a Duration, "
                         f"±{MAX_SECONDS} seconds")
    return total


def from_nanoseconds(total: int) -> Duration:
    """The :class:`Duration` of ``total`` nanoseconds, unchecked (arithmetic's)."""
    us, ns = divmod(total, 1000)
    out: Duration = _new(Duration, 0, 0, us)
    out._ns = NANOS[ns]
    return out


def from_parts(seconds: int, nanos: int) -> Duration:
    """The protobuf ``Duration(seconds, nanos)`` as a :class:`Duration`; rejects what protobuf calls invalid."""
    if not -MAX_SECONDS <= seconds <= MAX_SECONDS:
        raise ValueError(f"duration seconds {seconds} is outside ±{MAX_SECONDS}")
    if not -999_999_999 <= nanos <= 999_999_999:
        raise ValueError(f"duration nanos {nanos} is outside ±999999999")
    if (seconds < 0 < nanos) or (nanos < 0 < seconds):
        raise ValueError(f"duration seconds {seconds} and nanos {nanos} have different signs")
    # seconds are whole microseconds: nanos alone split into microseconds and the nanoseconds below them
    out: Duration = _new(Duration, 0, seconds, nanos // 1000)
    out._ns = NANOS[nanos % 1000]
    return out


def _message_name(v: object) -> str | None:
    """The full name of a protobuf message's type (``google.protobuf.Duration``), None for anything else."""
    return getattr(getattr(type(v), "DESCRIPTOR", None), "full_name", None)
