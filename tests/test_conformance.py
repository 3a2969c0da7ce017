"""Every message and enum reachable from ``flyteidl/admin/node_execution.proto`` (and from the other roots
flytekit's models mirror: the error documents and dynamic job specs a node execution points at, admin tasks,
parameters, task logs) has its entity, field for field and value for value. A flyteidl release that adds a
message, a field or an enum value turns this red, naming what is missing."""

from __future__ import annotations

import enum

import attrs
import pytest
from flyteidl.admin import agent_pb2, node_execution_pb2, task_pb2
from flyteidl.core import dynamic_job_pb2, errors_pb2, execution_pb2, identifier_pb2, interface_pb2
from google.protobuf.descriptor import Descriptor, EnumDescriptor

import flyte_node_models  # noqa: F401  (registers every entity)
from flyte_node_models import Entity, ProtoEnum
from flyte_node_models._model import WELL_KNOWN, registered


def reachable(file: object, *roots: Descriptor | EnumDescriptor) -> tuple[dict[str, Descriptor],
                                                                         dict[str, EnumDescriptor]]:
    """Messages (less map entries) and enums declared in ``file``, or given, or reached from them through fields."""
    messages: dict[str, Descriptor] = {}
    enums: dict[str, EnumDescriptor] = {}
    todo = list(file.message_types_by_name.values())  # type: ignore[attr-defined]
    enums.update({e.full_name: e for e in file.enum_types_by_name.values()})  # type: ignore[attr-defined]
    todo += [r for r in roots if isinstance(r, Descriptor)]
    enums.update({r.full_name: r for r in roots if isinstance(r, EnumDescriptor)})
    while todo:
        d = todo.pop()
        if d.full_name in messages:
            continue
        if not d.GetOptions().map_entry:
            messages[d.full_name] = d
        todo += d.nested_types
        enums.update({e.full_name: e for e in d.enum_types})
        for f in d.fields:
            if f.message_type is not None:
                todo.append(f.message_type)
            if f.enum_type is not None:
                enums[f.enum_type.full_name] = f.enum_type
    return messages, enums


#: flytekit's models beyond node_execution.proto's family.
ROOTS = (
    errors_pb2.ErrorDocument.DESCRIPTOR,
    dynamic_job_pb2.DynamicJobSpec.DESCRIPTOR,
    task_pb2.Task.DESCRIPTOR,
    task_pb2.TaskSpec.DESCRIPTOR,
    agent_pb2.TaskExecutionMetadata.DESCRIPTOR,
    interface_pb2.ParameterMap.DESCRIPTOR,
    execution_pb2.TaskLog.DESCRIPTOR,
    identifier_pb2.SignalIdentifier.DESCRIPTOR,
    execution_pb2.WorkflowExecution.Phase.DESCRIPTOR,
    execution_pb2.TaskExecution.Phase.DESCRIPTOR,
)
MESSAGES, ENUMS = reachable(node_execution_pb2.DESCRIPTOR, *ROOTS)
#: Well-known types records hold as Python values (Timestamp, Duration, Struct, Value, ListValue, wrappers).
VALUES = {name for name in MESSAGES if name in WELL_KNOWN}
VALUE_ENUMS = {"google.protobuf.NullValue"}  # Value's null_value: a record holds None
ENTITY_MESSAGES = sorted(set(MESSAGES) - VALUES)
ENTITY_ENUMS = sorted(set(ENUMS) - VALUE_ENUMS)


def entity_of(name: str) -> type[Entity]:
    cls = registered().get(name)
    assert cls is not None, f"{name} is reachable from flyteidl/admin/node_execution.proto but has no entity"
    assert isinstance(cls, type) and issubclass(cls, Entity), f"{name} is registered as {cls!r}, not an entity"
    return cls


def test_the_walk_finds_the_node_execution_family() -> None:
    assert "flyteidl.admin.NodeExecution" in MESSAGES and "flyteidl.core.CompiledWorkflowClosure" in MESSAGES
    assert "flyteidl.core.Literal" in MESSAGES and "flyteidl.core.BooleanExpression" in MESSAGES
    assert {"google.protobuf.Timestamp", "google.protobuf.Duration", "google.protobuf.Struct",
            "google.protobuf.Value", "google.protobuf.ListValue"} <= VALUES
    assert "flyteidl.core.NodeExecution.Phase" in ENUMS
    assert not any(MESSAGES[n].GetOptions().map_entry for n in MESSAGES)


@pytest.mark.parametrize("name", ENTITY_MESSAGES)
def test_message_has_an_entity_with_the_same_fields(name: str) -> None:
    descriptor = MESSAGES[name]
    cls = entity_of(name)
    assert cls.PROTO.DESCRIPTOR is descriptor, f"{cls.__name__} mirrors {cls.PROTO.DESCRIPTOR.full_name}, not {name}"
    declared = [spec.name for spec in cls.FIELDS]
    proto = {f.name for f in descriptor.fields}
    missing = sorted(proto - set(declared))
    assert not missing, f"{name}: fields {', '.join(missing)} have no attribute in {cls.__module__}.{cls.__name__}"
    twice = sorted({n for n in declared if declared.count(n) > 1})
    assert not twice, f"{name}: fields {', '.join(twice)} are declared more than once in {cls.__name__}"
    assert set(declared) == proto
    # Every attribute is one of those fields: nothing in the record that the message cannot carry.
    attributes = sorted(a.name for a in attrs.fields(cls))  # type: ignore[arg-type]
    assert attributes == sorted(spec.attr for spec in cls.FIELDS), f"{name}: {cls.__name__} has attributes {attributes}"
    for spec in cls.FIELDS:
        assert spec.descriptor is descriptor.fields_by_name[spec.name], f"{name}.{spec.name}: another message's field"


@pytest.mark.parametrize("name", sorted(VALUES))
def test_well_known_types_are_values(name: str) -> None:
    assert name not in registered(), f"{name} is held as a Python value, not an entity"
    assert name in WELL_KNOWN


@pytest.mark.parametrize("name", ENTITY_ENUMS)
def test_enum_has_every_value(name: str) -> None:
    descriptor = ENUMS[name]
    cls = registered().get(name)
    assert cls is not None, f"enum {name} is reachable from flyteidl/admin/node_execution.proto but has no ProtoEnum"
    assert isinstance(cls, type) and issubclass(cls, ProtoEnum), f"{name} is registered as {cls!r}"
    assert cls.DESCRIPTOR is descriptor  # type: ignore[attr-defined]
    members = {m.name: m.value for m in cls}
    for value in descriptor.values:
        assert members.get(value.name) == value.number, (
            f"enum {name}: value {value.name} = {value.number} is missing from {cls.__module__}.{cls.__name__}"
        )
    extra = sorted(set(members) - {v.name for v in descriptor.values})
    assert not extra, f"enum {name}: {cls.__name__} has members {extra} that flyteidl does not declare"


def test_every_entity_mirrors_a_reachable_message() -> None:
    stale = sorted(name for name, cls in registered().items()
                   if name not in MESSAGES and name not in ENUMS and not issubclass(cls, enum.Enum))
    assert not stale, f"entities whose message is not reachable from node_execution.proto: {stale}"
    stale_enums = sorted(name for name, cls in registered().items()
                         if issubclass(cls, enum.Enum) and name not in ENUMS)
    assert not stale_enums, f"enums not reachable from node_execution.proto: {stale_enums}"


def test_a_field_missing_from_a_declaration_is_found(monkeypatch: pytest.MonkeyPatch) -> None:
    # The check above must see a dropped field: hide one from a real entity and run it.
    from flyte_node_models.node_execution import TaskNodeMetadata

    monkeypatch.setattr(TaskNodeMetadata, "FIELDS", tuple(s for s in TaskNodeMetadata.FIELDS
                                                          if s.name != "checkpoint_uri"))
    with pytest.raises(AssertionError, match=r"flyteidl.admin.TaskNodeMetadata: fields checkpoint_uri have no"):
        test_message_has_an_entity_with_the_same_fields("flyteidl.admin.TaskNodeMetadata")
