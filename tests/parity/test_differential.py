"""Each flytekit model class against this library's class at the same path, flytekit as the oracle.

For every pair: the positional parameters have the same names in the same order (the rest of ours are
keyword-only); every public attribute of flytekit's class exists on ours; a record read from a message
reads, property by property, as flytekit's object of the same message; and flytekit's object and ours,
built from the same arguments, write the same message. Messages are generated from the descriptors.
"""

from __future__ import annotations

import enum
import importlib
import inspect
import math
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import pytest
from flytekit.models.common import FlyteIdlEntity
from google.protobuf.message import Message
from hypothesis import assume, given
from hypothesis import strategies as st
from strategies import messages

from flyte_node_models import Entity
from flyte_node_models.wellknown.duration import total_nanoseconds

MODULES = ["node_execution", "core.identifier", "core.catalog", "core.execution", "core.compiler", "core.workflow",
           "core.condition", "core.types", "core.errors", "literals", "types", "task", "interface", "security",
           "annotation", "admin.common", "dynamic_job"]

#: flytekit attributes with no counterpart, and why: mutators (records are frozen; ``attrs.evolve`` makes a
#: changed copy) and conversions to flytekit's own non-model classes.
ABSENT = {
    ("Literal", "set_metadata"): "mutator",
    ("Container", "add_env"): "mutator",
    ("K8sPod", "to_pod_template"): "makes flytekit's PodTemplate (flytekit.core), not a model",
    ("K8sPod", "from_pod_template"): "reads flytekit's PodTemplate (flytekit.core), not a model",
}


#: Fields flytekit's models read or write wrongly: left out of the comparison.
FLYTEKIT_DROPS = {
    ("K8sPod", "primary_container_name"): "flytekit's from_flyte_idl does not read it",
}
#: Classes whose to_flyte_idl is wrong in flytekit, and how.
FLYTEKIT_WRITES_WRONGLY = {
    "core.compiler.ConnectionSet": "flytekit writes upstream as downstream too",
    "core.workflow.ArrayNode": "flytekit reads both members of oneof success_criteria (0 for the unset one), "
                               "and a record refuses two members of a oneof",
}


def _pairs() -> dict[str, tuple[type, type[Entity]]]:
    """flytekit's model classes (nested ones too) with ours at the same path, by ``module.Class``."""
    found: dict[str, tuple[type, type[Entity]]] = {}

    def walk(path: str, theirs: Any, ours: Any) -> None:
        for name, cls in vars(theirs).items():
            if name.startswith("_") or not inspect.isclass(cls) or not issubclass(cls, FlyteIdlEntity):
                continue
            mine = getattr(ours, name, None)
            assert mine is not None, f"flytekit.models.{path}.{name} has no counterpart"
            if f"{path}.{name}" not in found:
                found[f"{path}.{name}"] = (cls, mine)
                walk(f"{path}.{name}", cls, mine)

    for module in MODULES:
        walk(module, importlib.import_module(f"flytekit.models.{module}"),
             importlib.import_module(f"flyte_node_models.{module}"))
    return found


PAIRS = _pairs()
IDS = sorted(PAIRS)


def test_every_mirrored_module_is_walked() -> None:
    assert {"task.TaskTemplate", "interface.TypedInterface", "core.errors.ErrorDocument",
            "dynamic_job.DynamicJobSpec", "task.Resources.ResourceEntry"} <= set(PAIRS)
    assert all(issubclass(ours, Entity) for _, ours in PAIRS.values())


def _positional(cls: type) -> list[str]:
    params = list(inspect.signature(cls).parameters.values())
    return [p.name for p in params if p.kind is p.POSITIONAL_OR_KEYWORD]


@pytest.mark.parametrize("path", IDS)
def test_positional_parameters_are_flytekits(path: str) -> None:
    theirs, ours = PAIRS[path]
    assert _positional(ours) == _positional(theirs)
    rest = [p for p in inspect.signature(ours).parameters.values() if p.name not in _positional(ours)]
    assert all(p.kind is p.KEYWORD_ONLY for p in rest), rest


@pytest.mark.parametrize("path", IDS)
def test_every_public_attribute_of_flytekits_class_exists(path: str) -> None:
    theirs, ours = PAIRS[path]
    missing = [a for a in dir(theirs) if not a.startswith("_") and not hasattr(ours, a)
               and (theirs.__name__, a) not in ABSENT]
    assert not missing, f"{path}: {missing}"


#: What every flytekit model has from its base (``is_empty`` is whether flytekit writes no bytes, and flytekit
#: writes explicitly set empty sub-messages for unset ones; ours is whether the record is the empty one).
_BASE = {n for n in dir(FlyteIdlEntity) if not n.startswith("_")}


def _public_properties(cls: type) -> list[str]:
    return sorted(n for n in dir(cls) if not n.startswith("_") and n not in _BASE
                  and isinstance(inspect.getattr_static(cls, n), property))


def _empty(v: Any) -> bool:
    """Unset, or holding nothing but unset fields. flytekit reads an unset field as None, as a zero value, or
    as an object of unset fields, and an explicitly set empty message as None; records read None for what
    is unset and keep explicitly set empty messages."""
    if isinstance(v, datetime):
        return v.timestamp() == 0
    if isinstance(v, enum.Enum):
        return v.value == 0
    if isinstance(v, Entity):
        return all(_empty(getattr(v, a.name)) for a in attrs.fields(type(v)))
    if isinstance(v, Message):
        return all(_empty(x) for _, x in v.ListFields())
    if hasattr(v, "to_flyte_idl"):
        return all(_empty(_read(v, name)) for name in _public_properties(type(v)))
    if hasattr(v, "items"):
        return not len(v)
    return not v or (_sequence(v) and not len(v))


def _read(v: Any, name: str) -> Any:
    try:
        return getattr(v, name)
    except Exception:  # a property flytekit cannot read for this message
        return None


def _json(v: Any) -> Any:
    """A JSON value with tuples as lists and numbers as floats (a Struct holds doubles)."""
    if isinstance(v, dict):
        return {k: _json(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_json(x) for x in v]
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return "NaN" if v != v else float(v)
    return v


def _pb_json(m: Any) -> Any:
    """A ``google.protobuf`` Struct, ListValue or Value as its JSON value (NaN and infinities too)."""
    name = m.DESCRIPTOR.full_name
    if name == "google.protobuf.Struct":
        return {k: _pb_json(x) for k, x in m.fields.items()}
    if name == "google.protobuf.ListValue":
        return [_pb_json(x) for x in m.values]
    kind = m.WhichOneof("kind")
    return _pb_json(getattr(m, kind)) if kind in ("struct_value", "list_value") else (
        None if kind in (None, "null_value") else getattr(m, kind))


def _sequence(v: Any) -> bool:  # protobuf's repeated containers, which flytekit returns, are no lists
    return not isinstance(v, (str, bytes)) and hasattr(v, "__len__") and hasattr(v, "__getitem__")


def _plain(v: Any) -> Any:
    """A value as plain Python data, for comparing one read through flytekit with one read here."""
    if isinstance(v, enum.Enum):
        return v.value if not isinstance(v, int) else int(v)
    # flytekit keeps microseconds (a datetime, a timedelta), records nanoseconds: compared to the microsecond
    if isinstance(v, datetime):
        u = v.astimezone(UTC) if v.tzinfo else v
        return ("time", datetime(u.year, u.month, u.day, u.hour, u.minute, u.second, u.microsecond))
    if isinstance(v, timedelta):  # to the microsecond as flytekit reads a Duration: its nanos toward zero
        nanos = total_nanoseconds(v)
        seconds, rest = divmod(abs(nanos), 10**9)
        return ("duration", (-1 if nanos < 0 else 1) * (seconds * 10**6 + rest // 1000))
    if isinstance(v, Message):
        if v.DESCRIPTOR.full_name == "google.protobuf.Timestamp":
            return _plain(v.ToDatetime())
        if v.DESCRIPTOR.full_name == "google.protobuf.Duration":
            return _plain(v.ToTimedelta())
        return ("message", v.SerializeToString(deterministic=True))
    if isinstance(v, (Entity, FlyteIdlEntity)):
        return ("message", v.to_flyte_idl().SerializeToString(deterministic=True))
    if isinstance(v, float) and math.isnan(v):
        return "NaN"
    return v


def _same(theirs: Any, ours: Any, at: str) -> None:
    """Assert that our ``ours`` reads as flytekit's ``theirs``, where flytekit reads a value: flytekit loses
    some of what a message holds (it reads explicitly set empty messages, zero durations, oneof members it
    does not know and a few fields as unset), which records keep (and other tests check against protobuf)."""
    if _empty(theirs):
        return
    if hasattr(theirs, "to_flyte_idl") and isinstance(ours, Entity):
        for name in _public_properties(type(theirs)):
            if (type(theirs).__name__, name) not in FLYTEKIT_DROPS:
                _same(_read(theirs, name), getattr(ours, name), f"{at}.{name}")
        return
    if isinstance(theirs, Message) and theirs.DESCRIPTOR.full_name in ("google.protobuf.Struct",
                                                                       "google.protobuf.ListValue"):
        assert _json(_pb_json(theirs)) == _json(ours), at
        return
    if isinstance(theirs, Message) and isinstance(ours, Entity):  # a typed record where flytekit keeps protobuf
        assert ours.to_flyte_idl() == theirs, at
        return
    if hasattr(theirs, "items"):
        if isinstance(ours, tuple):  # repeated key-value pairs, which flytekit shows as a dict
            ours = {kv.key: kv.value for kv in ours}
        assert sorted(theirs) == sorted(ours), at
        for k in theirs:
            _same(theirs[k], ours[k], f"{at}[{k!r}]")
        return
    if _sequence(theirs):
        assert len(theirs) == len(ours), at
        for i, (a, b) in enumerate(zip(theirs, ours, strict=True)):
            _same(a, b, f"{at}[{i}]")
        return
    if isinstance(ours, Entity) and "value" in type(ours).ONEOFS:  # a str/int attribute path step
        ours = ours.value  # type: ignore[attr-defined]
    assert _plain(theirs) == _plain(ours), f"{at}: flytekit reads {theirs!r}, this library {ours!r}"


def _flytekit_reads(theirs: type, message: Any) -> Any:
    try:
        return theirs.from_flyte_idl(message)
    except Exception:  # a message flytekit's model cannot read (e.g. an env_var it refuses)
        assume(False)


@pytest.mark.parametrize("path", IDS)
@given(data=st.data())
def test_records_read_from_a_message_read_as_flytekits(path: str, data: st.DataObject) -> None:
    theirs, ours = PAIRS[path]
    message = data.draw(messages(ours, max_depth=2))
    _same(_flytekit_reads(theirs, message), ours.from_flyte_idl(message), path)


def _ours(arg: Any) -> Any:
    """flytekit's argument as this library takes it: its models as their protobuf messages."""
    if hasattr(arg, "to_flyte_idl"):  # flytekit's models (TypeAnnotation too, which is no FlyteIdlEntity)
        return arg.to_flyte_idl()
    if isinstance(arg, enum.Enum):
        return arg.value
    if isinstance(arg, list):
        return [_ours(x) for x in arg]
    if isinstance(arg, dict):
        return {k: _ours(x) for k, x in arg.items()}
    return arg


@pytest.mark.parametrize("path", IDS)
@given(data=st.data())
def test_the_same_arguments_write_the_same_message(path: str, data: st.DataObject) -> None:
    if path in FLYTEKIT_WRITES_WRONGLY:
        pytest.skip(FLYTEKIT_WRITES_WRONGLY[path])
    theirs, ours = PAIRS[path]
    message = data.draw(messages(ours, max_depth=2))
    read = _flytekit_reads(theirs, message)
    names = [p.name for p in list(inspect.signature(theirs.__init__).parameters.values())[1:]
             if p.kind is p.POSITIONAL_OR_KEYWORD]
    # (flytekit's DataLoadingConfig keeps its arguments without properties to read them by)
    args = {name: getattr(read, name) if hasattr(read, name) else getattr(read, f"_{name}") for name in names}
    try:
        expected = theirs(**args).to_flyte_idl()
    except Exception:  # arguments flytekit's own reader gives that its constructor refuses
        assume(False)
    record = ours(**{name: _ours(v) for name, v in args.items()})
    if expected is not None:  # (flytekit writes None for an empty SecurityContext)
        _writes_what_flytekit_writes(expected, record.to_flyte_idl(), path)


def _writes_what_flytekit_writes(expected: Message, got: Message, at: str) -> None:
    """Every field flytekit wrote, ours wrote the same (an explicitly set empty message may be unset in ours:
    flytekit writes those for fields it was not given)."""
    for fd, value in expected.ListFields():
        where = f"{at}.{fd.name}"
        if fd.message_type is not None and not fd.is_repeated and not fd.message_type.GetOptions().map_entry:
            if not got.HasField(fd.name):
                assert not value.ByteSize(), f"{where}: flytekit writes {value}, this library nothing"
            elif fd.message_type.full_name.startswith("google.protobuf."):
                assert getattr(got, fd.name) == value, where
            else:
                _writes_what_flytekit_writes(value, getattr(got, fd.name), where)
        else:
            mine = getattr(got, fd.name)
            if fd.message_type is not None and fd.message_type.GetOptions().map_entry:
                same = {k: _plain(x) for k, x in mine.items()} == {k: _plain(x) for k, x in value.items()}
            elif fd.is_repeated:
                same = [_plain(x) for x in mine] == [_plain(x) for x in value]
            else:
                same = _plain(mine) == _plain(value)
            assert same, f"{where}: flytekit writes {value!r}, this library {mine!r}"


def test_the_comparison_sees_a_difference() -> None:
    # _same must fail where the readings differ: a record whose key was changed.
    from flytekit.models.core.identifier import Identifier as Theirs

    from flyte_node_models.core.identifier import Identifier

    mine = Identifier(1, "p", "d", "n", "v")
    with pytest.raises(AssertionError, match="Identifier.name"):
        _same(Theirs.from_flyte_idl(mine.to_flyte_idl()), attrs.evolve(mine, name="other"), "Identifier")
