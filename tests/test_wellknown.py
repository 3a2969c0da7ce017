"""Timestamp and Duration keep nanoseconds through arithmetic, comparison, hashing and pickling;
FrozenDict is an immutable, hashable dict."""

from __future__ import annotations

import copy
import pickle
from datetime import datetime, timedelta, timezone
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from strategies import DURATION_MAX, NANOS_MAX, TIMESTAMP_MAX, TIMESTAMP_MIN, durations, timestamps

from flyte_node_models.wellknown import UTC, Duration, FrozenDict, Timestamp

NS = 1_000_000_000


def ts_of(p: Any) -> Timestamp:
    return Timestamp.from_parts(p.seconds, p.nanos)


def dur_of(p: Any) -> Duration:
    return Duration.from_parts(p.seconds, p.nanos)


def total(p: Any) -> int:
    return p.seconds * NS + p.nanos  # type: ignore[no-any-return]


# ------------------------------------------------------------------------------------------ Timestamp


@given(timestamps())
def test_timestamp_parts_round_trip(p: Any) -> None:
    t = ts_of(p)
    assert t.to_parts() == (p.seconds, p.nanos)
    assert type(t) is Timestamp and t.tzinfo is UTC
    assert (t.microsecond, t.nanosecond) == divmod(p.nanos, 1000)
    assert Timestamp.from_datetime(t) is t


@pytest.mark.parametrize(
    ("seconds", "nanos", "fields"),
    [
        (TIMESTAMP_MIN, 0, (1, 1, 1, 0, 0, 0, 0, 0)),
        (TIMESTAMP_MAX, NANOS_MAX, (9999, 12, 31, 23, 59, 59, 999_999, 999)),
        (0, 0, (1970, 1, 1, 0, 0, 0, 0, 0)),
        (-1, NANOS_MAX, (1969, 12, 31, 23, 59, 59, 999_999, 999)),
        (1_715_938_201, 123_456_789, (2024, 5, 17, 9, 30, 1, 123_456, 789)),
    ],
)
def test_timestamp_parts_at_the_ends(seconds: int, nanos: int, fields: tuple[int, ...]) -> None:
    t = Timestamp.from_parts(seconds, nanos)
    assert (t.year, t.month, t.day, t.hour, t.minute, t.second, t.microsecond, t.nanosecond) == fields
    assert t.to_parts() == (seconds, nanos)


@pytest.mark.parametrize(("seconds", "nanos"), [(TIMESTAMP_MAX + 1, 0), (TIMESTAMP_MIN - 1, NANOS_MAX), (0, -1),
                                                (0, NS), (2**63 - 1, 0)])
def test_timestamp_out_of_range_is_refused(seconds: int, nanos: int) -> None:
    with pytest.raises(ValueError, match="timestamp"):
        Timestamp.from_parts(seconds, nanos)


@given(timestamps(), timestamps())
def test_timestamp_order_and_equality_follow_the_parts(a: Any, b: Any) -> None:
    x, y = ts_of(a), ts_of(b)
    pa, pb = (a.seconds, a.nanos), (b.seconds, b.nanos)
    assert (x < y, x <= y, x == y, x != y, x >= y, x > y) == (pa < pb, pa <= pb, pa == pb, pa != pb, pa >= pb, pa > pb)
    if x == y:
        assert hash(x) == hash(y)


@given(timestamps())
def test_timestamp_against_a_plain_datetime(p: Any) -> None:
    t = ts_of(p)
    plain = datetime(t.year, t.month, t.day, t.hour, t.minute, t.second, t.microsecond, timezone.utc)  # noqa: UP017
    if t.nanosecond == 0:
        assert t == plain and plain == t and hash(t) == hash(plain)
        assert not (t < plain) and t <= plain and t >= plain
    else:
        assert t != plain and plain != t
        assert t > plain and plain < t and plain <= t and not (t <= plain)
    assert Timestamp.from_datetime(plain) == plain


def test_timestamp_equals_the_same_instant_in_another_zone() -> None:
    t = Timestamp(2024, 5, 17, 9, 30, 1, 5, UTC)
    cest = datetime(2024, 5, 17, 11, 30, 1, 5, timezone(timedelta(hours=2)))
    assert t == cest and hash(t) == hash(cest)
    assert Timestamp.from_datetime(cest).tzinfo is UTC
    assert Timestamp(2024, 5, 17, 9, 30, 1, 5, UTC, nanosecond=1) != cest


@given(timestamps(), durations())
def test_timestamp_arithmetic_keeps_nanoseconds(p: Any, d: Any) -> None:
    t, delta = ts_of(p), dur_of(d)
    expected = total(p) + total(d)
    assume(TIMESTAMP_MIN * NS <= expected <= TIMESTAMP_MAX * NS + NANOS_MAX)
    later = t + delta
    assert type(later) is Timestamp
    assert later.to_parts() == divmod(expected, NS)
    assert delta + t == later
    assert later - delta == t
    back = later - t
    assert type(back) is Duration and back == delta
    assert t - later == -delta


def test_timestamp_arithmetic_with_plain_values() -> None:
    t = Timestamp.from_parts(0, 999)
    assert (t + timedelta(microseconds=1)).to_parts() == (0, 1999)
    assert (timedelta(seconds=-1) + t).to_parts() == (-1, 999)
    assert t - datetime(1970, 1, 1, tzinfo=timezone.utc) == Duration(nanoseconds=999)  # noqa: UP017
    assert datetime(1970, 1, 1, tzinfo=timezone.utc) - t == Duration(nanoseconds=-999)  # noqa: UP017
    assert (t - Duration(nanoseconds=1000)).to_parts() == (-1, NS - 1)


@given(timestamps())
def test_timestamp_pickles_and_copies_with_its_nanoseconds(p: Any) -> None:
    t = ts_of(p)
    for again in (pickle.loads(pickle.dumps(t)), copy.copy(t), copy.deepcopy(t)):
        assert type(again) is Timestamp
        assert again.to_parts() == t.to_parts() and again == t and hash(again) == hash(t)


@given(timestamps(), st.integers(0, 999))
def test_timestamp_replace_keeps_or_sets_nanoseconds(p: Any, ns: int) -> None:
    t = ts_of(p)
    for same in (t.replace(), t.replace(fold=1), t.replace(tzinfo=UTC)):
        assert type(same) is Timestamp and same == t and same.nanosecond == t.nanosecond
    assert t.replace(nanosecond=ns).nanosecond == ns
    assert t.replace(nanosecond=ns).replace(nanosecond=t.nanosecond) == t
    with pytest.raises(ValueError, match="nanosecond"):
        t.replace(nanosecond=1000)


def test_timestamp_text_shows_nanoseconds() -> None:
    t = Timestamp.from_parts(1_715_938_201, 123_456_789)
    assert t.isoformat() == "2024-05-17T09:30:01.123456789+00:00"
    assert str(t) == "2024-05-17 09:30:01.123456789+00:00"
    assert "nanosecond=789" in repr(t)
    assert Timestamp.from_parts(1_715_938_201, 0).isoformat() == "2024-05-17T09:30:01+00:00"


def test_timestamp_refuses_naive_datetimes_and_bad_nanoseconds() -> None:
    with pytest.raises(ValueError, match="naive"):
        Timestamp.from_datetime(datetime(2024, 5, 17))
    with pytest.raises(ValueError, match="nanosecond"):
        Timestamp(2024, 5, 17, tzinfo=UTC, nanosecond=1000)


# ------------------------------------------------------------------------------------------ Duration


@given(durations())
def test_duration_parts_round_trip(p: Any) -> None:
    d = dur_of(p)
    assert d.to_parts() == (p.seconds, p.nanos)
    assert d.total_nanoseconds() == total(p)
    assert Duration.from_nanoseconds(total(p)) == d
    assert 0 <= d.nanosecond < 1000


@pytest.mark.parametrize(("seconds", "nanos"), [(DURATION_MAX, NANOS_MAX), (-DURATION_MAX, -NANOS_MAX), (0, -1),
                                                (-1, 0), (0, 0), (-5, -999_999_999), (0, NANOS_MAX)])
def test_duration_parts_at_the_ends_and_below_zero(seconds: int, nanos: int) -> None:
    d = Duration.from_parts(seconds, nanos)
    assert d.to_parts() == (seconds, nanos)
    assert (-d).to_parts() == (-seconds, -nanos)
    assert (d < timedelta(0)) == (seconds * NS + nanos < 0)


def test_negative_duration_counts_like_timedelta() -> None:
    d = Duration.from_parts(-1, -500)  # -1.000000500 s
    assert d == -Duration.from_parts(1, 500)
    assert (d.days, d.seconds, d.microseconds, d.nanosecond) == (-1, 86398, 999_999, 500)
    assert d < timedelta(seconds=-1) and d > timedelta(seconds=-1, microseconds=-1)


@pytest.mark.parametrize(("seconds", "nanos"), [(DURATION_MAX + 1, 0), (-DURATION_MAX - 1, 0), (1, -1), (-1, 1),
                                                (0, NS), (0, -NS)])
def test_duration_out_of_range_is_refused(seconds: int, nanos: int) -> None:
    with pytest.raises(ValueError, match="duration"):
        Duration.from_parts(seconds, nanos)


@given(durations(), durations())
def test_duration_arithmetic_and_order_follow_nanoseconds(a: Any, b: Any) -> None:
    x, y = dur_of(a), dur_of(b)
    na, nb = total(a), total(b)
    assert (x + y).total_nanoseconds() == na + nb
    assert (x - y).total_nanoseconds() == na - nb
    assert (-x).total_nanoseconds() == -na and abs(x).total_nanoseconds() == abs(na)
    assert (x < y, x <= y, x == y, x != y, x >= y, x > y) == (na < nb, na <= nb, na == nb, na != nb, na >= nb, na > nb)
    assert type(x + y) is Duration and type(x - y) is Duration
    if x == y:
        assert hash(x) == hash(y)


@given(durations(), durations(), st.integers(-1000, 1000))
def test_duration_scaling_and_division_keep_nanoseconds(a: Any, b: Any, k: int) -> None:
    x, y = dur_of(a), dur_of(b)
    na, nb = total(a), total(b)
    assume(abs(na * k) <= DURATION_MAX * NS)
    assert type(x * k) is Duration and (x * k).total_nanoseconds() == na * k == (k * x).total_nanoseconds()
    assert (x * 0.5).total_nanoseconds() == round(Fraction(na, 2))  # to the nanosecond, half to even
    assert +x is x
    if k:
        assert (x // k).total_nanoseconds() == na // k
    if nb:
        assert x // y == na // nb and x / y == na / nb
        q, r = divmod(x, y)
        assert (q, r.total_nanoseconds()) == divmod(na, nb) and (x % y).total_nanoseconds() == na % nb
        assert type(r) is Duration


@given(durations())
def test_duration_against_a_plain_timedelta(p: Any) -> None:
    d = dur_of(p)
    us, ns = divmod(total(p), 1000)
    plain = timedelta(microseconds=us)
    if ns == 0:
        assert d == plain and plain == d and hash(d) == hash(plain)
    else:
        assert d != plain and plain != d and plain < d and d > plain
    assert (plain + d).total_nanoseconds() == us * 1000 + total(p)
    assert (plain - d).total_nanoseconds() == us * 1000 - total(p)
    assert (d - plain).total_nanoseconds() == ns
    if abs(us * 1000) < (DURATION_MAX + 1) * NS:
        assert Duration.from_timedelta(plain) == plain
    else:  # the microsecond below the most negative Duration
        with pytest.raises(ValueError, match="outside protobuf's range"):
            Duration.from_timedelta(plain)


@given(durations())
def test_duration_pickles_and_copies_with_its_nanoseconds(p: Any) -> None:
    d = dur_of(p)
    for again in (pickle.loads(pickle.dumps(d)), copy.copy(d), copy.deepcopy(d)):
        assert type(again) is Duration and again.to_parts() == d.to_parts() and hash(again) == hash(d)


def test_duration_constructor_and_text() -> None:
    d = Duration(seconds=1, microseconds=2, nanoseconds=3)
    assert d.to_parts() == (1, 2003)
    assert str(d) == "0:00:01.000002+3ns"
    assert "nanoseconds=3" in repr(d)
    assert Duration(nanoseconds=-1).to_parts() == (0, -1)
    assert repr(Duration(seconds=2)) == "Duration(seconds=2)"


# ------------------------------------------------------------------------------------------ FrozenDict

MUTATIONS = [
    lambda d: d.__setitem__("a", 2),
    lambda d: d.__delitem__("a"),
    lambda d: d.clear(),
    lambda d: d.pop("a"),
    lambda d: d.popitem(),
    lambda d: d.setdefault("z", 0),
    lambda d: d.update(z=0),
    lambda d: d.__ior__({"z": 0}),
]


@pytest.mark.parametrize("mutate", MUTATIONS, ids=["setitem", "delitem", "clear", "pop", "popitem", "setdefault",
                                                   "update", "ior"])
def test_frozen_dict_cannot_change(mutate: Any) -> None:
    d = FrozenDict({"a": 1, "b": (2, 3)})
    with pytest.raises(TypeError, match="immutable"):
        mutate(d)
    assert d == {"a": 1, "b": (2, 3)}


def test_frozen_dict_augmented_or_rebinds_without_changing() -> None:
    d = e = FrozenDict({"a": 1})
    with pytest.raises(TypeError):
        d |= {"b": 2}
    assert e == {"a": 1} and d is e
    merged = e | {"b": 2}
    assert type(merged) is FrozenDict and merged == {"a": 1, "b": 2} and e == {"a": 1}


@given(st.dictionaries(st.text(max_size=3), st.integers() | st.text(max_size=3), max_size=6))
def test_frozen_dict_hash_is_by_value(items: dict[str, Any]) -> None:
    a = FrozenDict(items)
    b = FrozenDict(reversed(list(items.items())))
    assert a == b == items and hash(a) == hash(b)
    assert isinstance(a, dict)
    assert {a: "x"}[b] == "x"
    again = pickle.loads(pickle.dumps(a))
    assert type(again) is FrozenDict and again == a and hash(again) == hash(a)


def test_frozen_dict_with_unhashable_values_cannot_hash() -> None:
    with pytest.raises(TypeError):
        hash(FrozenDict({"a": [1]}))
    assert repr(FrozenDict({"a": 1})) == "FrozenDict({'a': 1})"
