"""``google.protobuf.Timestamp`` as a UTC ``datetime`` that keeps nanoseconds."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from .duration import NANOS, Duration, _message_name, total_nanoseconds

MIN_SECONDS = -62_135_596_800  # 0001-01-01T00:00:00Z
MAX_SECONDS = 253_402_300_799  # 9999-12-31T23:59:59Z
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_ONE_US = timedelta(microseconds=1)
_new = datetime.__new__


class Timestamp(datetime):
    """A ``datetime`` with the nanoseconds a protobuf ``Timestamp`` carries.

    ``nanosecond`` is the part below the microsecond (0-999). Equality, hashing, ordering and
    ``+``/``-`` with ``timedelta`` (and :class:`Duration`) take it into account; a ``Timestamp``
    whose ``nanosecond`` is 0 equals the plain ``datetime`` of the same instant.

    An aware one is within protobuf's range, 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z:
    making one whose UTC time is outside it (0001-01-01 in a time zone east of UTC) raises ``ValueError``.
    """

    __slots__ = ("_ns",)  # one slot and a shared int: a record's timestamps are most of its memory
    _ns: int

    def __new__(cls, *args: Any, nanosecond: int = 0, **kwargs: Any) -> Timestamp:
        if not 0 <= nanosecond < 1000:
            raise ValueError(f"nanosecond must be in 0..999, not {nanosecond}")
        self = _new(cls, *args, **kwargs)
        if self.year in _EDGE_YEARS:
            _check_range(self)
        self._ns = NANOS[nanosecond]
        return self

    @property
    def nanosecond(self) -> int:
        return self._ns

    @classmethod
    def from_datetime(cls, value: datetime) -> Timestamp:
        """The UTC ``Timestamp`` of an aware ``datetime`` (a ``Timestamp`` keeps its nanoseconds)."""
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r}: give it a tzinfo (e.g. timezone.utc)")
        if type(value) is cls and value.tzinfo is UTC:
            return value
        if value.year in _EDGE_YEARS:
            _check_range(value)
        d = value.astimezone(UTC)
        return cls(d.year, d.month, d.day, d.hour, d.minute, d.second, d.microsecond, UTC,
                   nanosecond=getattr(value, "_ns", 0))

    @classmethod
    def from_parts(cls, seconds: int, nanos: int) -> Timestamp:
        """The instant ``seconds`` + ``nanos`` after the Unix epoch, as protobuf counts them."""
        return from_parts(seconds, nanos)

    def to_parts(self) -> tuple[int, int]:
        """``(seconds, nanos)`` since the Unix epoch: the protobuf message's two fields."""
        d = datetime.__sub__(self, _EPOCH)
        return d.days * 86400 + d.seconds, d.microseconds * 1000 + self._ns

    def replace(self, *args: Any, nanosecond: int | None = None, **kwargs: Any) -> Timestamp:
        """As ``datetime.replace``, keeping the nanoseconds unless ``nanosecond`` is given."""
        if nanosecond is not None and not 0 <= nanosecond < 1000:
            raise ValueError(f"nanosecond must be in 0..999, not {nanosecond}")
        out: Timestamp = datetime.replace(self, *args, **kwargs)  # made in C: no __new__, no nanoseconds yet
        out._ns = self._ns if nanosecond is None else NANOS[nanosecond]
        return out

    def isoformat(self, sep: str = "T", timespec: str = "auto") -> str:
        """As ``datetime.isoformat``; ``"auto"`` shows nanoseconds when there are some, ``"nanoseconds"`` always."""
        if timespec == "nanoseconds" or (timespec == "auto" and self._ns):
            text = datetime.isoformat(self, sep, "microseconds")
            end = text.index(".", 10) + 7
            return f"{text[:end]}{self._ns:03d}{text[end:]}"
        return datetime.isoformat(self, sep, timespec)

    def __str__(self) -> str:
        return self.isoformat(" ")

    def __repr__(self) -> str:
        r = datetime.__repr__(self)
        return f"{r[:-1]}, nanosecond={self._ns})" if self._ns else r

    def __reduce_ex__(self, protocol: Any) -> tuple[Any, ...]:
        plain = datetime(*self.timetuple()[:6], self.microsecond, self.tzinfo, fold=self.fold)
        return (_restore, (plain, self._ns))

    # the base's hash (in C): equal values have equal datetime parts, and a nanosecond of 0 equals the plain datetime
    __hash__ = datetime.__hash__

    def __eq__(self, other: object) -> bool:
        if isinstance(other, datetime):
            return datetime.__eq__(self, other) and self._ns == getattr(other, "_ns", 0)
        if _message_name(other) == "google.protobuf.Timestamp":  # the same instant (messages are unhashable)
            return self.to_parts() == (other.seconds, other.nanos)  # type: ignore[attr-defined]
        return NotImplemented

    def __ne__(self, other: object) -> bool:
        eq = self.__eq__(other)
        return eq if eq is NotImplemented else not eq

    def _cmp(self, other: datetime) -> int:
        if datetime.__eq__(self, other):
            return (self._ns > (o := getattr(other, "_ns", 0))) - (self._ns < o)
        return 1 if datetime.__gt__(self, other) else -1

    def __lt__(self, other: date) -> bool:
        return self._cmp(other) < 0 if isinstance(other, datetime) else NotImplemented

    def __le__(self, other: date) -> bool:
        return self._cmp(other) <= 0 if isinstance(other, datetime) else NotImplemented

    def __gt__(self, other: date) -> bool:
        return self._cmp(other) > 0 if isinstance(other, datetime) else NotImplemented

    def __ge__(self, other: date) -> bool:
        return self._cmp(other) >= 0 if isinstance(other, datetime) else NotImplemented

    def __add__(self, other: timedelta) -> Timestamp:
        if not isinstance(other, timedelta):
            return NotImplemented
        us, ns = divmod(self._ns + total_nanoseconds(other), 1000)
        out: Timestamp = datetime.__add__(self.replace(), timedelta(microseconds=us))
        out._ns = NANOS[ns]
        return out

    __radd__ = __add__

    def __sub__(self, other: Any) -> Any:
        if isinstance(other, timedelta):
            return self + (-Duration.from_nanoseconds(total_nanoseconds(other)))
        if isinstance(other, datetime):
            delta = datetime.__sub__(self, other)
            return Duration.from_nanoseconds(total_nanoseconds(delta) + self._ns - getattr(other, "_ns", 0))
        return NotImplemented

    def __rsub__(self, other: Any) -> Any:
        if isinstance(other, datetime):  # a plain datetime minus a Timestamp
            delta = datetime.__sub__(other, self)
            return Duration.from_nanoseconds(total_nanoseconds(delta) + getattr(other, "_ns", 0) - self._ns)
        return NotImplemented


_EDGE_YEARS = (1, 9999)  # a UTC offset takes no other year's times out of range


def _check_range(value: datetime) -> None:
    """Refuse an aware datetime whose UTC time is before year 1 or after 9999."""
    if value.tzinfo is not None and value.utcoffset():
        d = datetime.__sub__(value, _EPOCH)
        if not MIN_SECONDS <= d.days * 86400 + d.seconds <= MAX_SECONDS:
            raise ValueError(f"{datetime.__repr__(value)} is outside protobuf's range for a Timestamp, "
                             "0001-01-01T00:00:00Z..9999-12-31T23:59:59.999999999Z")


def _restore(value: datetime, nanosecond: int) -> Timestamp:
    return Timestamp(value.year, value.month, value.day, value.hour, value.minute, value.second,
                     value.microsecond, value.tzinfo, fold=value.fold, nanosecond=nanosecond)


def from_parts(seconds: int, nanos: int) -> Timestamp:
    """The protobuf ``Timestamp(seconds, nanos)`` as a :class:`Timestamp`; rejects what protobuf calls invalid."""
    if not MIN_SECONDS <= seconds <= MAX_SECONDS:
        raise ValueError(f"timestamp seconds {seconds} is outside 0001-01-01..9999-12-31")
    if not 0 <= nanos <= 999_999_999:
        raise ValueError(f"timestamp nanos {nanos} is outside 0..999999999")
    # The date and time are worked out in C (a naive datetime), and its pickled state (10 bytes) makes
    # the Timestamp: cheaper than reading its seven fields and passing them to the constructor.
    naive = _PLAIN_EPOCH + _ONE_US * (seconds * 1_000_000 + nanos // 1000)
    out: Timestamp = _new_from_state(Timestamp, _reduce(naive)[1][0], UTC)
    out._ns = NANOS[nanos % 1000]
    return out


_PLAIN_EPOCH = datetime(1970, 1, 1)
_reduce = datetime.__reduce__  # (datetime, (state,)) for a naive datetime
_new_from_state: Any = datetime.__new__  # also takes a datetime's pickled state (bytes) and a tzinfo

