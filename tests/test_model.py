"""Constructing records: the seed's signatures, validation, normalization, enums, the registry."""

from __future__ import annotations

import inspect
import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import attrs
import pytest
from flyteidl.admin import node_execution_pb2
from flyteidl.core import catalog_pb2, literals_pb2, workflow_pb2
from google.protobuf import duration_pb2, timestamp_pb2
from hypothesis import given
from hypothesis import strategies as st
from strategies import ENTITY_CLASSES, FOUNDATION_CLASSES, class_id, messages

import flyte_node_models
from flyte_node_models import Entity, ProtoEnum, _model, model_for
from flyte_node_models.core.catalog import CatalogCacheStatus, CatalogMetadata
from flyte_node_models.core.execution import ExecutionError, NodeExecutionPhase
from flyte_node_models.core.identifier import Identifier, NodeExecutionIdentifier, WorkflowExecutionIdentifier
from flyte_node_models.core.workflow import NodeMetadata
from flyte_node_models.documentation import Description, DescriptionFormat
from flyte_node_models.literals import Literal, LiteralCollection, LiteralMap, Primitive, Scalar
from flyte_node_models.node_execution import (
    DynamicWorkflowNodeMetadata,
    NodeExecution,
    NodeExecutionClosure,
    NodeExecutionList,
    NodeExecutionListRequest,
    NodeExecutionMetaData,
    TaskNodeMetadata,
    WorkflowNodeMetadata,
)
from flyte_node_models.wellknown import Duration, FrozenDict, Timestamp

# The constructor parameters of flytekit.models.node_execution, in its order (the seed API page).
SEED = {
    DynamicWorkflowNodeMetadata: ["id", "compiled_workflow"],
    NodeExecution: ["id", "input_uri", "closure", "metadata"],
    NodeExecutionClosure: ["phase", "started_at", "duration", "output_uri", "deck_uri", "error",
                           "workflow_node_metadata", "task_node_metadata", "created_at", "updated_at"],
    TaskNodeMetadata: ["cache_status", "catalog_key"],
    WorkflowNodeMetadata: ["execution_id"],
}
WORKFLOW_RUN = WorkflowExecutionIdentifier(project="flytesnacks", domain="development", name="f8a2c1d0e")
T0 = Timestamp(2024, 5, 17, 9, 30, 1, 123456, UTC, nanosecond=789)


# ------------------------------------------------------------------------------------------ signatures


@pytest.mark.parametrize("cls", list(SEED), ids=class_id)
def test_seed_parameters_come_first_in_the_seed_order(cls: type[Entity]) -> None:
    params = list(inspect.signature(cls).parameters.values())
    seed = SEED[cls]
    assert [p.name for p in params[: len(seed)]] == seed
    assert all(p.kind is p.POSITIONAL_OR_KEYWORD for p in params[: len(seed)])
    extra = params[len(seed):]
    assert all(p.kind is p.KEYWORD_ONLY and p.default is not p.empty for p in extra), extra
    # Together they are the message's fields, each once.
    assert sorted(p.name for p in params) == sorted(s.label for s in cls.FIELDS)


def test_seed_constructors_take_positional_arguments() -> None:
    meta = TaskNodeMetadata(CatalogCacheStatus.CACHE_HIT, CatalogMetadata(), checkpoint_uri="s3://ck")
    closure = NodeExecutionClosure(NodeExecutionPhase.SUCCEEDED, T0, Duration(seconds=3, nanoseconds=5), "s3://out",
                                   "s3://deck", None, None, meta, T0, T0 + timedelta(seconds=4),
                                   dynamic_job_spec_uri="s3://djs")
    node = NodeExecution(NodeExecutionIdentifier("n0", WORKFLOW_RUN), "s3://in", closure, NodeExecutionMetaData())
    assert node.closure.task_node_metadata.checkpoint_uri == "s3://ck"
    assert node.closure.target_metadata is meta
    assert node.id.execution_id.name == "f8a2c1d0e"
    assert node.closure.duration.to_parts() == (3, 5)
    assert WorkflowNodeMetadata(WORKFLOW_RUN).execution_id == WORKFLOW_RUN
    assert DynamicWorkflowNodeMetadata(Identifier(1, "p", "d", "t", "v")).id.name == "t"
    assert NodeExecution.from_flyte_idl(node.to_flyte_idl()) == node


def test_extra_proto_fields_are_keyword_only() -> None:
    with pytest.raises(TypeError):
        TaskNodeMetadata(0, None, "s3://ck")  # type: ignore[misc]
    with pytest.raises(TypeError):
        NodeExecutionClosure(0, None, None, None, "", None, None, None, None, None, None)  # type: ignore[misc]


@pytest.mark.parametrize("cls", ENTITY_CLASSES, ids=class_id)
def test_every_entity_constructs_empty(cls: type[Entity]) -> None:
    # (but where flytekit's constructor has a default the proto lacks: Description's format is RST)
    flytekits = {s.label: _model._default(s) for s in cls.FIELDS
                 if attrs.fields_dict(cls)[s.attr].metadata.get("flytekit_default")}
    empty = cls(**flytekits)
    assert empty.is_empty
    assert empty.to_bytes() == b""
    assert empty == cls.from_bytes(b"") == cls.from_flyte_idl(cls.PROTO())
    assert (cls() == empty) is not bool(flytekits)


def test_flytekit_constructor_defaults_leave_the_empty_message_the_protos() -> None:
    made = Description()
    assert made.format is DescriptionFormat.RST and made.to_dict() == {"format": "DESCRIPTION_FORMAT_RST"}
    assert Description.from_dict({}).format is DescriptionFormat.DESCRIPTION_FORMAT_UNKNOWN
    assert Description.from_dict({}).is_empty and not made.is_empty
    assert DescriptionFormat.RST is DescriptionFormat.DESCRIPTION_FORMAT_RST
    assert made.format.name == "DESCRIPTION_FORMAT_RST"  # the alias names the proto's member


# ------------------------------------------------------------------------------------------ validation


@pytest.mark.parametrize(
    ("make", "where"),
    [
        (lambda: NodeExecution(id="n0"), "NodeExecution.id"),
        (lambda: NodeExecution(input_uri=b"s3://in"), "NodeExecution.input_uri"),
        (lambda: NodeExecution(closure=TaskNodeMetadata()), "NodeExecution.closure"),
        (lambda: NodeExecutionClosure(phase="RUNNNING"), "NodeExecutionClosure.phase"),
        (lambda: NodeExecutionClosure(phase=2.0), "NodeExecutionClosure.phase"),
        (lambda: NodeExecutionClosure(phase=True), "NodeExecutionClosure.phase"),
        (lambda: NodeExecutionClosure(phase=2**31), "NodeExecutionClosure.phase"),
        (lambda: NodeExecutionClosure(started_at="2024-05-17T09:30:01Z"), "NodeExecutionClosure.started_at"),
        (lambda: NodeExecutionClosure(started_at=datetime(2024, 5, 17)), "NodeExecutionClosure.started_at"),
        (lambda: NodeExecutionClosure(duration=3), "NodeExecutionClosure.duration"),
        (lambda: NodeExecutionMetaData(is_parent_node=1), "NodeExecutionMetaData.is_parent_node"),
        (lambda: NodeExecutionListRequest(limit=2**32), "NodeExecutionListRequest.limit"),
        (lambda: NodeExecutionListRequest(limit=-1), "NodeExecutionListRequest.limit"),
        (lambda: NodeExecutionListRequest(limit="10"), "NodeExecutionListRequest.limit"),
        (lambda: NodeExecutionList(node_executions=NodeExecution()), "NodeExecutionList.node_executions"),
        (lambda: NodeExecutionList(node_executions=[NodeExecution(), "x"]), "NodeExecutionList.node_executions"),
        (lambda: NodeExecutionList(node_executions="abc"), "NodeExecutionList.node_executions"),
        (lambda: LiteralMap(literals=[Literal()]), "LiteralMap.literals"),
        (lambda: LiteralMap(literals={1: Literal()}), "LiteralMap.literals"),
        (lambda: LiteralMap(literals={"a": 1}), "LiteralMap.literals"),
        (lambda: Primitive(integer=2**63), "Primitive.integer"),
        (lambda: Primitive(float_value="1.5"), "Primitive.float_value"),
        (lambda: Primitive(float_value=2**53 + 1), "Primitive.float_value"),
        (lambda: Scalar(generic={"a": object()}), "Scalar.generic"),
        (lambda: Scalar(generic={1: "a"}), "Scalar.generic"),
    ],
)
def test_wrong_values_fail_naming_the_field(make: Any, where: str) -> None:
    with pytest.raises((TypeError, ValueError), match=rf"^{where}: "):
        make()


def test_attrs_evolve_validates_too() -> None:
    with pytest.raises(TypeError, match="NodeExecution.input_uri"):
        attrs.evolve(NodeExecution(), input_uri=3)


def test_two_members_of_one_oneof_fail() -> None:
    with pytest.raises(ValueError, match="output_uri and error .*output_result"):
        NodeExecutionClosure(output_uri="s3://out", error=ExecutionError(code="E"))
    with pytest.raises(ValueError, match="target_metadata"):
        NodeExecutionClosure(workflow_node_metadata=WorkflowNodeMetadata(), task_node_metadata=TaskNodeMetadata())
    with pytest.raises(ValueError, match="value"):
        Literal(scalar=Scalar(), collection=LiteralCollection())
    closure = NodeExecutionClosure(output_uri="s3://out")
    with pytest.raises(ValueError, match="output_result"):
        attrs.evolve(closure, output_data=LiteralMap())
    assert attrs.evolve(closure, output_uri=None, output_data=LiteralMap()).output_data == LiteralMap()


# ------------------------------------------------------------------------------------------ normalization


def test_protobuf_messages_given_to_fields_are_converted() -> None:
    pb = node_execution_pb2.NodeExecutionMetaData(retry_group="2", is_parent_node=True, spec_node_id="n3")
    node = NodeExecution(metadata=pb)
    assert type(node.metadata) is NodeExecutionMetaData
    assert node.metadata == NodeExecutionMetaData("2", True, "n3")
    assert node.to_flyte_idl().metadata == pb
    with pytest.raises(TypeError, match="NodeExecution.metadata"):
        NodeExecution(metadata=node_execution_pb2.NodeExecutionClosure())
    closure = NodeExecutionClosure(started_at=timestamp_pb2.Timestamp(seconds=1, nanos=7),
                                   duration=duration_pb2.Duration(seconds=-2, nanos=-9))
    assert closure.started_at == Timestamp.from_parts(1, 7)
    assert closure.duration.to_parts() == (-2, -9)


def test_lists_become_tuples_and_dicts_become_frozen_dicts() -> None:
    many = NodeExecutionList([NodeExecution(input_uri="a"), NodeExecution(input_uri="b")])
    assert type(many.node_executions) is tuple
    assert NodeExecutionList(node_executions=iter([NodeExecution()])).node_executions == (NodeExecution(),)
    literals = LiteralMap({"a": Literal(hash="h")})
    assert type(literals.literals) is FrozenDict
    with pytest.raises(TypeError):
        literals.literals["b"] = Literal()  # type: ignore[index]
    assert hash(literals) == hash(LiteralMap(FrozenDict({"a": Literal(hash="h")})))
    generic = Scalar(generic={"list": [1, 2.5, None, {"x": True}], "n": 3})
    assert generic.generic == {"list": (1.0, 2.5, None, {"x": True}), "n": 3.0}
    assert type(generic.generic["list"]) is tuple and type(generic.generic["list"][3]) is FrozenDict
    assert type(generic.generic["n"]) is float
    hash(generic)


def test_times_are_normalized_to_utc_timestamps_and_durations() -> None:
    cest = timezone(timedelta(hours=2))
    closure = NodeExecutionClosure(started_at=datetime(2024, 5, 17, 11, 30, 1, 5, cest), duration=timedelta(hours=1))
    assert type(closure.started_at) is Timestamp and closure.started_at.tzinfo == UTC
    assert closure.started_at == datetime(2024, 5, 17, 9, 30, 1, 5, UTC)
    assert type(closure.duration) is Duration and closure.duration == timedelta(hours=1)


def test_records_with_equal_times_hash_alike_however_the_times_were_given() -> None:
    cest = timezone(timedelta(hours=2))
    instant = Timestamp(2024, 5, 17, 9, 30, 1, 5, UTC, nanosecond=7)
    given_ways = [
        NodeExecutionClosure(started_at=instant),
        NodeExecutionClosure(started_at=Timestamp(2024, 5, 17, 11, 30, 1, 5, cest, nanosecond=7)),
        NodeExecutionClosure(started_at=instant.replace(fold=1)),
        NodeExecutionClosure.from_dict({"startedAt": "2024-05-17T11:30:01.000005007+02:00"}),
        NodeExecutionClosure.from_text("started_at { seconds: 1715938201 nanos: 5007 }"),
    ]
    assert all(c == given_ways[0] for c in given_ways)
    assert len({hash(c) for c in given_ways}) == 1
    assert type(hash(given_ways[0])) is int
    # the nanoseconds and the date both count
    assert NodeExecutionClosure(started_at=instant.replace(nanosecond=8)) not in set(given_ways)
    assert NodeExecutionClosure(started_at=instant.replace(day=18)) not in set(given_ways)


def test_records_share_their_identifier_strings_whichever_way_they_are_read() -> None:
    def node(run: str) -> NodeExecution:
        # strings made at run time, as a reader makes them: equal, but distinct objects
        run_id = WorkflowExecutionIdentifier(
            project="".join(["flyte", "snacks"]), domain="".join(["develop", "ment"]), name=run)
        return NodeExecution(id=NodeExecutionIdentifier(node_id="".join(["n", "0"]), execution_id=run_id))

    made = [node("r1"), node("r2")]
    made += [
        NodeExecution.from_flyte_idl(made[0].to_flyte_idl()), NodeExecution.from_bytes(made[1].to_bytes()),
        NodeExecution.from_dict(json.loads(json.dumps(made[0].to_dict()))), NodeExecution.from_text(made[1].to_text()),
    ]
    first = made[0].id
    assert first is not None and first.execution_id is not None
    for record in made[1:]:
        assert record.id is not None and record.id.execution_id is not None
        assert record.id.node_id is first.node_id
        assert record.id.execution_id.project is first.execution_id.project
        assert record.id.execution_id.domain is first.execution_id.domain
    assert made[2] == made[0] and made[3] == made[1] and made[4] == made[0] and made[5] == made[1]


def test_the_shared_strings_table_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_model, "SHARED_STRINGS_MAX", 8)
    ids = [WorkflowExecutionIdentifier.from_dict({"project": f"p{i}", "name": f"run-{i}"}) for i in range(50)]
    assert len(_model.SHARED_STRINGS) <= 8
    assert [(x.project, x.name) for x in ids] == [(f"p{i}", f"run-{i}") for i in range(50)]


def test_enums_accept_members_numbers_and_names() -> None:
    assert TaskNodeMetadata(2).cache_status is CatalogCacheStatus.CACHE_HIT
    assert TaskNodeMetadata("CACHE_HIT").cache_status is CatalogCacheStatus.CACHE_HIT
    assert TaskNodeMetadata().cache_status is CatalogCacheStatus.CACHE_DISABLED
    assert isinstance(CatalogCacheStatus.CACHE_HIT, ProtoEnum)


@pytest.mark.parametrize("number", [99, -1, 2**31 - 1, -(2**31)])
def test_unknown_enum_numbers_are_kept_and_round_trip(number: int) -> None:
    meta = TaskNodeMetadata(number)
    assert meta.cache_status == number and not meta.cache_status.is_known
    assert isinstance(meta.cache_status, CatalogCacheStatus)
    assert meta.to_flyte_idl().cache_status == number
    assert TaskNodeMetadata.from_bytes(meta.to_bytes()) == meta
    from_pb = TaskNodeMetadata.from_flyte_idl(node_execution_pb2.TaskNodeMetadata(cache_status=number))
    assert from_pb == meta and hash(from_pb) == hash(meta)
    assert CatalogCacheStatus.CACHE_HIT.is_known


# ------------------------------------------------------------------------------------------ registry


def test_model_for_every_way_of_naming_a_message() -> None:
    pb = node_execution_pb2.NodeExecution
    assert model_for(pb) is NodeExecution
    assert model_for(pb()) is NodeExecution
    assert model_for(pb.DESCRIPTOR) is NodeExecution
    assert model_for("flyteidl.admin.NodeExecution") is NodeExecution
    assert flyte_node_models.model_for("flyteidl.core.CatalogMetadata") is CatalogMetadata
    # an entity class name, as the command line's --type takes it
    assert model_for("NodeExecution") is NodeExecution
    assert model_for("LiteralMap") is LiteralMap
    with pytest.raises(KeyError, match="no message type 'flyteidl.admin.NoSuchThing'"):
        model_for("flyteidl.admin.NoSuchThing")
    with pytest.raises(KeyError, match="no message type 'NoSuchThing'"):
        model_for("NoSuchThing")


def test_model_for_gives_entities_only() -> None:
    # what it gives has the entity methods (it is typed so); enums are in registered()
    for name in (catalog_pb2.CatalogCacheStatus.DESCRIPTOR, "flyteidl.core.CatalogCacheStatus", "CatalogCacheStatus"):
        with pytest.raises(KeyError, match="is the enum CatalogCacheStatus, not a message"):
            model_for(name)
    assert _model.registered()["flyteidl.core.CatalogCacheStatus"] is CatalogCacheStatus


def test_model_for_refuses_a_class_name_of_two_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    other = type("NodeExecution", (), {})
    monkeypatch.setitem(_model._BY_NAME, "acme.v1.NodeExecution", other)
    with pytest.raises(KeyError, match="'NodeExecution' is the class name of 2 messages: give one of "
                                       "acme.v1.NodeExecution, flyteidl.admin.NodeExecution"):
        model_for("NodeExecution")
    assert model_for("flyteidl.admin.NodeExecution") is NodeExecution  # full names stay unambiguous


def test_timestamp_and_duration_fields_declare_what_type_checkers_see_them_take() -> None:
    # a converter is what mypy types a constructor parameter by: forgetting it would ask users for a Timestamp
    with pytest.raises(TypeError, match=r"^Closure.started_at: declare field\(default=None, converter=to_timestamp\)"):
        @_model.entity(node_execution_pb2.NodeExecutionClosure)
        class Closure(Entity):
            started_at: Timestamp | None = None
    with pytest.raises(TypeError, match=r"^Closure.duration: declare field\(default=None, converter=to_duration\)"):
        @_model.entity(node_execution_pb2.NodeExecutionClosure)
        class Closure(Entity):
            duration: Duration | None = _model.field(default=None, converter=_model.to_timestamp)
    with pytest.raises(TypeError, match="^Closure.deck_uri: only Timestamp and Duration fields declare a converter"):
        @_model.entity(node_execution_pb2.NodeExecutionClosure)
        class Closure(Entity):
            deck_uri: str = _model.field(default="", converter=str)
    assert "flyteidl.admin.NodeExecutionClosure" in _model.registered()  # the real one, still
    assert model_for("NodeExecutionClosure") is NodeExecutionClosure


def test_the_converters_fields_declare_make_what_the_fields_hold() -> None:
    aware = datetime(2024, 5, 1, 14, tzinfo=timezone(timedelta(hours=2)))
    assert _model.to_timestamp(aware) == Timestamp(2024, 5, 1, 12, tzinfo=UTC) and _model.to_timestamp(None) is None
    assert type(_model.to_timestamp(aware)) is Timestamp
    assert _model.to_duration(timedelta(minutes=1)) == Duration(seconds=60) and _model.to_duration(None) is None
    assert type(_model.to_duration(timedelta(minutes=1))) is Duration


@pytest.mark.parametrize("cls", ENTITY_CLASSES, ids=class_id)
def test_model_for_finds_every_entity(cls: type[Entity]) -> None:
    assert model_for(cls.PROTO) is cls
    assert model_for(cls.PROTO.DESCRIPTOR.full_name) is cls
    assert model_for(cls.__name__) is cls  # no two entities share a class name


# ------------------------------------------------------------------------------------------ presence


@pytest.mark.parametrize("cls", FOUNDATION_CLASSES, ids=class_id)
@given(data=st.data())
def test_is_empty_is_serializing_to_nothing(cls: type[Entity], data: st.DataObject) -> None:
    record = cls.from_flyte_idl(data.draw(messages(cls)))
    assert record.is_empty == (record.to_bytes() == b"")


def test_explicitly_set_empty_messages_are_kept() -> None:
    closure = NodeExecutionClosure(task_node_metadata=TaskNodeMetadata(), error=ExecutionError())
    assert not closure.is_empty and closure.task_node_metadata.is_empty
    pb = closure.to_flyte_idl()
    assert pb.HasField("task_node_metadata") and pb.HasField("error")
    assert pb.WhichOneof("output_result") == "error"
    assert NodeExecutionClosure.from_bytes(closure.to_bytes()) == closure
    assert NodeExecutionClosure() != closure


def test_admin_timeout_zero_stays_set() -> None:
    # Flyte Admin writes `timeout {}`: a set Duration of zero, not an absent one.
    pb = workflow_pb2.NodeMetadata(name="n0")
    pb.timeout.SetInParent()
    meta = NodeMetadata.from_flyte_idl(pb)
    assert meta.timeout == timedelta(0) and meta.timeout is not None
    assert meta.to_flyte_idl().HasField("timeout")
    assert meta.to_bytes() == pb.SerializeToString(deterministic=True)
    unset = NodeMetadata.from_flyte_idl(workflow_pb2.NodeMetadata(name="n0"))
    assert unset._timeout is None and unset != meta and not unset.to_flyte_idl().HasField("timeout")
    assert unset.timeout == timedelta(0)  # as flytekit reads an unset duration


def test_empty_literal_map_is_not_no_output_data() -> None:
    closure = NodeExecutionClosure(output_data=LiteralMap())
    pb = closure.to_flyte_idl()
    assert pb.WhichOneof("output_result") == "output_data"
    assert NodeExecutionClosure.from_flyte_idl(pb).output_data == LiteralMap()
    assert NodeExecutionClosure.from_flyte_idl(node_execution_pb2.NodeExecutionClosure()).output_data is None
    assert literals_pb2.LiteralMap() == pb.output_data


def test_json_values_compare_by_kind_as_well_as_value() -> None:
    # In Python True == 1.0; as JSON (and in protobuf's Value) they are a bool and a number.
    from flyte_node_models.literals import Scalar

    assert Scalar(generic={"a": True}) != Scalar(generic={"a": 1.0})
    assert Scalar(generic={"a": [False]}) != Scalar(generic={"a": [0.0]})
    assert Scalar(generic={"a": {"b": True}}) != Scalar(generic={"a": {"b": 1}})
    same = Scalar(generic={"a": [1.0, {"b": True, "c": None}], "n": float("nan")})
    again = Scalar.from_bytes(same.to_bytes())
    assert same == again and hash(same) == hash(again)
    assert Scalar(generic={"a": True}).to_bytes() != Scalar(generic={"a": 1.0}).to_bytes()
