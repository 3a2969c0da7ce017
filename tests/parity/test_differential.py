"""Each flytekit model class against this library's class at the same path, flytekit as the oracle.

For every pair: the positional parameters have the same names in the same order (the rest of ours are
keyword-only); every public attribute of flytekit's class exists on ours; a record read from a message
reads, property by property (field by field for flytekit's dataclasses), as flytekit's object of the same
message, unset fields too, up to the intentional differences and what flytekit loses (listed below); and
flytekit's object and ours, built from the same arguments, write the same message. Every name of flytekit's
enums and int constants is ours, with its number. Messages are generated from the descriptors.
"""

from __future__ import annotations

import dataclasses
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
           "annotation", "admin.common", "dynamic_job", "documentation"]

#: flytekit attributes with no counterpart, and why: mutators (records are frozen; ``attrs.evolve`` makes a
#: changed copy).
ABSENT = {
    ("Literal", "set_metadata"): "mutator",
    ("Container", "add_env"): "mutator",
}


#: Fields flytekit's models do not read: left out of the comparison.
FLYTEKIT_DROPS = {
    "task.K8sPod.primary_container_name": "flytekit's from_flyte_idl does not read it",
    "core.compiler.CompiledTask.template": "flytekit's from_flyte_idl reads None (task.CompiledTask reads it)",
}
#: Fields of which flytekit loses some set values (beyond those of :func:`_flytekit_loses`): compared while
#: they are unset, and where flytekit reads a set value.
FLYTEKIT_LOSES = {
    "core.workflow.TaskNode.overrides": "flytekit reads overrides without resources as None",
    "types.OutputReference.attr_path": "flytekit reads a step as string_value or int_value: an empty string, and "
                                       "a step with neither, as 0",
    "documentation.Description.value": "flytekit reads an empty string as None",
    "documentation.Description.uri": "flytekit reads an empty string as None",
}
#: Unset fields that records read otherwise than flytekit's from_flyte_idl, and why (compared where set).
UNSET_READ_OTHERWISE = {
    # a record is one per message, and reads as flytekit's constructor makes it
    "security.Secret.group": "flytekit's Secret() has group None, its from_flyte_idl reads a message without one ''",
    # flytekit writes no message for an empty SecurityContext (its to_flyte_idl is None), so it cannot keep an
    # explicitly set empty one, which records do; its own test (test_task_template_security_context) tells the
    # two apart by secrets and tokens read as None, which records read as empty tuples
    "security.SecurityContext.secrets": "unset, flytekit reads None; records an empty tuple",
    "security.SecurityContext.tokens": "unset, flytekit reads None; records an empty tuple",
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
    """A flytekit class's properties, or its fields where it is a dataclass (``documentation``'s)."""
    fields = [f.name for f in dataclasses.fields(cls)] if dataclasses.is_dataclass(cls) else []
    return sorted(n for n in {*dir(cls), *fields} if not n.startswith("_") and n not in _BASE
                  and (n in fields or isinstance(inspect.getattr_static(cls, n), property)))


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
    """Assert that our ``ours`` reads as flytekit's ``theirs``, up to the intentional differences (tuples for
    lists, FrozenDicts for dicts, IntEnums for ints and Enums, nanoseconds, typed records for protobuf messages).
    Unset fields read as flytekit reads them; only what flytekit loses of a set field is let pass (see
    :func:`_flytekit_loses`), which records keep (and other tests check against protobuf)."""
    if hasattr(theirs, "to_flyte_idl") and isinstance(ours, Entity):
        where = f"{type(theirs).__module__.removeprefix('flytekit.models.')}.{type(theirs).__name__}"
        for name in _public_properties(type(theirs)):
            try:
                read = getattr(theirs, name)
            except Exception:  # a property flytekit cannot read for this message
                continue
            mine = getattr(ours, name)
            known, held = f"{where}.{name}", _is_set(ours, name)
            if (known in FLYTEKIT_DROPS or _flytekit_loses(read, mine, ours, name)
                    or (known in FLYTEKIT_LOSES and held) or (known in UNSET_READ_OTHERWISE and not held)):
                continue
            _same(read, mine, f"{at}.{name}")
        return
    if isinstance(theirs, Message) and theirs.DESCRIPTOR.full_name in ("google.protobuf.Struct",
                                                                       "google.protobuf.ListValue"):
        assert _json(_pb_json(theirs)) == _json(ours), at
        return
    if isinstance(theirs, Message) and isinstance(ours, Entity):  # a typed record where flytekit keeps protobuf
        assert ours.to_flyte_idl() == theirs, at
        return
    if hasattr(theirs, "items"):
        assert hasattr(ours, "items"), f"{at}: flytekit reads {theirs!r}, this library {ours!r}"
        assert sorted(theirs) == sorted(ours), at
        for k in theirs:
            _same(theirs[k], ours[k], f"{at}[{k!r}]")
        return
    if _sequence(theirs):
        assert isinstance(ours, tuple), f"{at}: flytekit reads {theirs!r}, this library {ours!r}"
        assert len(theirs) == len(ours), at
        for i, (a, b) in enumerate(zip(theirs, ours, strict=True)):
            _same(a, b, f"{at}[{i}]")
        return
    if isinstance(ours, Entity) and "value" in type(ours).ONEOFS:  # a str/int attribute path step
        ours = ours.value  # type: ignore[attr-defined]
    assert _plain(theirs) == _plain(ours), f"{at}: flytekit reads {theirs!r}, this library {ours!r}"


def _flytekit_loses(theirs: Any, ours: Any, record: Entity, name: str) -> bool:
    """Whether flytekit reads None for what the record's field or oneof ``name`` holds: an explicitly set empty
    message (a Struct too), a set zero duration, or a member of a oneof flytekit does not know (``Literal.value``
    leaves out ``offloaded_metadata``, ``Node.target`` gate and array nodes)."""
    if theirs is not None or ours is None or not _is_set(record, name):
        return False
    cls = type(record)
    if name in cls.ONEOFS:
        return True  # ours reads a member: flytekit does not know it
    spec = next(s for s in cls.FIELDS if s.label == name)
    if spec.shape != "optional" or spec.value.kind not in ("message", "duration", "struct"):
        return False
    held = getattr(record, spec.attr)
    return bool(held.is_empty) if spec.value.kind == "message" else not held


def _is_set(record: Entity, name: str) -> bool:
    """Whether the record's field (by the name users read it by) or oneof ``name`` holds a value: unset, it
    reads as flytekit reads it. A name that is neither (flytekit's own reading of fields) counts as unset."""
    cls = type(record)
    if name in cls.ONEOFS:
        return any(getattr(record, m) is not None for m in cls.ONEOFS[name])
    spec = next((s for s in cls.FIELDS if s.label == name), None)
    if spec is None:
        return False
    held = getattr(record, spec.attr)
    return held is not None and held != attrs.fields_dict(cls)[spec.attr].default


def _flytekit_reads(theirs: type, message: Any) -> Any:
    try:
        read = theirs.from_flyte_idl(message)
    except Exception:  # a message flytekit's model cannot read (e.g. an env_var it refuses)
        assume(False)
    assume(read is not None)  # flytekit reads a SourceCode without a link as None
    return read


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


def test_the_comparison_sees_an_unset_field_read_otherwise() -> None:
    # an unset field must read as flytekit reads it: a record reading the proto default instead is caught
    from flytekit.models.literals import Literal as TheirLiteral
    from flytekit.models.node_execution import NodeExecutionClosure as TheirClosure

    from flyte_node_models.literals import Literal
    from flyte_node_models.node_execution import NodeExecutionClosure

    class AsHeld(NodeExecutionClosure):  # reads what it holds: None for the unset duration
        duration = property(lambda self: self._duration)

    class Unhashed(Literal):  # reads "" for the unset hash, where flytekit reads None
        hash = property(lambda self: self._hash)

    closure = NodeExecutionClosure()
    _same(TheirClosure.from_flyte_idl(closure.to_flyte_idl()), closure, "NodeExecutionClosure")
    with pytest.raises(AssertionError, match=r"NodeExecutionClosure\.duration: flytekit reads datetime.timedelta\(0\)"):
        _same(TheirClosure.from_flyte_idl(closure.to_flyte_idl()), AsHeld(), "NodeExecutionClosure")
    with pytest.raises(AssertionError, match=r"Literal\.hash: flytekit reads None, this library ''"):
        _same(TheirLiteral.from_flyte_idl(Literal().to_flyte_idl()), Unhashed(), "Literal")
    # while what flytekit loses of a set value passes: a set empty Struct, which flytekit reads as None
    from flytekit.models.types import LiteralType as TheirType

    from flyte_node_models.types import LiteralType

    set_empty = LiteralType(metadata={})
    assert set_empty.metadata == {} and TheirType.from_flyte_idl(set_empty.to_flyte_idl()).metadata is None
    _same(TheirType.from_flyte_idl(set_empty.to_flyte_idl()), set_empty, "LiteralType")


def _constant_classes() -> dict[str, tuple[type, Any]]:
    """flytekit's enums and classes of int constants (``Resources.ResourceName``, ``NodeExecutionPhase``), in
    the mirrored modules and in their model classes, with ours of the same name at the same place."""
    found: dict[str, tuple[type, Any]] = {}
    places = [(m, importlib.import_module(f"flytekit.models.{m}"), importlib.import_module(f"flyte_node_models.{m}"))
              for m in MODULES]
    places += [(path, theirs, ours) for path, (theirs, ours) in PAIRS.items()]
    for path, theirs, ours in places:
        for name, cls in vars(theirs).items():
            if (name.startswith("_") or not inspect.isclass(cls) or issubclass(cls, FlyteIdlEntity)
                    or not cls.__module__.startswith("flytekit.models") or not _constants(cls)):
                continue
            found.setdefault(f"{path}.{name}", (cls, getattr(ours, name, None)))
    return found


def _constants(cls: type) -> dict[str, int]:
    if issubclass(cls, enum.Enum):
        return {name: int(member.value) for name, member in cls.__members__.items()}
    return {name: v for name, v in vars(cls).items() if name.isupper() and type(v) is int}


CONSTANTS = _constant_classes()


def test_constant_classes_are_walked() -> None:
    assert {"documentation.Description.DescriptionFormat", "task.Resources.ResourceName",
            "core.execution.NodeExecutionPhase"} <= set(CONSTANTS)


#: flytekit's constants whose numbers are not flyteidl's: ours have the names, with flyteidl's numbers.
FLYTEKIT_NUMBERS_WRONGLY = {
    "task.Sql.Dialect": "flytekit's ANSI is 0 and HIVE 1; flyteidl's are 1 and 2 (0 is UNDEFINED)",
}


@pytest.mark.parametrize("path", sorted(CONSTANTS))
def test_every_name_of_flytekits_constants_is_ours_with_its_value(path: str) -> None:
    theirs, ours = CONSTANTS[path]
    assert ours is not None, f"{path} has no counterpart"
    if path in FLYTEKIT_NUMBERS_WRONGLY:
        differ = {name: value for name, value in _constants(theirs).items() if not hasattr(ours, name)}
    else:
        differ = {name: value for name, value in _constants(theirs).items() if getattr(ours, name, None) != value}
    assert not differ, f"{path}: {differ}"
    if isinstance(ours, enum.EnumMeta):  # flytekit's names are aliases: a member's name stays flyteidl's
        assert all(ours[name].name in ours.DESCRIPTOR.values_by_name for name in _constants(theirs))


def test_pod_templates_convert_as_flytekits() -> None:
    pytest.importorskip("kubernetes")  # flytekit's PodTemplate holds a Kubernetes pod spec
    from flytekit import PodTemplate
    from flytekit.models.task import K8sPod as Theirs
    from kubernetes.client import V1Container, V1PodSpec

    from flyte_node_models.task import K8sPod

    template = PodTemplate(pod_spec=V1PodSpec(containers=[V1Container(name="main", image="img", args=["a"])]),
                           labels={"team": "ml"}, annotations={"note": "x"}, primary_container_name="main")
    ours, theirs = K8sPod.from_pod_template(template), Theirs.from_pod_template(template)
    assert ours.to_flyte_idl() == theirs.to_flyte_idl() and ours.primary_container_name == "main"
    empty = Theirs.from_flyte_idl(K8sPod().to_flyte_idl())
    for mine, expected in ((ours.to_pod_template(), theirs.to_pod_template()),
                           (K8sPod().to_pod_template(), empty.to_pod_template())):
        assert (mine.labels, mine.annotations, mine.pod_spec, mine.primary_container_name) == (
            expected.labels, expected.annotations, expected.pod_spec, expected.primary_container_name)
