"""What flytekit's constructors take and what its classes show, here without flytekit (tox's ``parity`` env
checks the same against flytekit itself): normalized to the one canonical record of each message."""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta

import attrs
import pytest
from google.protobuf import duration_pb2, struct_pb2, timestamp_pb2

from flyte_node_models.core.identifier import Identifier
from flyte_node_models.core.workflow import GateNode, Node, SleepCondition, TaskNode, WorkflowNode
from flyte_node_models.interface import TypedInterface, Variable, VariableMap
from flyte_node_models.literals import KeyValuePair, Literal, Primitive, Scalar
from flyte_node_models.node_execution import NodeExecution, NodeExecutionClosure
from flyte_node_models.security import Secret, SecurityContext
from flyte_node_models.task import Container, K8sPod, Sql, TaskTemplate
from flyte_node_models.types import OutputReference, PromiseAttribute
from flyte_node_models.wellknown import Duration, Timestamp


def test_none_is_unset_for_every_kind_of_field() -> None:
    assert Sql(None, None) == Sql()
    assert Container("img", None, None, None, None, None) == Container("img")
    assert SecurityContext(None, None, None).is_empty


def test_mappings_become_the_records_flytekit_shows_as_dicts() -> None:
    variable = Variable(description="x")
    made = TypedInterface({"x": variable}, {})
    assert made == TypedInterface(VariableMap({"x": variable}), VariableMap())
    assert made.inputs == {"x": variable} and made.outputs == {} and TypedInterface().inputs == {}
    container = Container(env={"A": "1", "B": ""})
    assert container == Container(env=[KeyValuePair("A", "1"), KeyValuePair("B", "")])
    assert container.env == {"A": "1", "B": ""} and container.config == {}
    # what the record holds (and writes) is the message's: the pairs, in order, and the VariableMap
    assert container._env == (KeyValuePair("A", "1"), KeyValuePair("B", ""))
    assert made._inputs == VariableMap({"x": variable})
    assert container.to_dict()["env"] == [{"key": "A", "value": "1"}, {"key": "B"}]
    # a key given twice reads as the last, as a dict of the pairs does (the pairs are kept)
    twice = Container.from_dict({"env": [{"key": "A", "value": "1"}, {"key": "A", "value": "2"}]})
    assert twice.env == {"A": "2"} and Container.from_bytes(twice.to_bytes()) == twice


def test_one_secret_is_a_sequence_of_one_but_only_where_flytekit_takes_it() -> None:
    secret = Secret("aws", "token")
    assert SecurityContext(secrets=secret).secrets == (secret,)
    with pytest.raises(TypeError, match="^Container.ports: "):
        Container(ports=KeyValuePair())  # type: ignore[arg-type]


def test_naive_datetimes_are_utc_only_in_primitives() -> None:
    assert Primitive(datetime=datetime(2024, 5, 1)) == Primitive(datetime=datetime(2024, 5, 1, tzinfo=UTC))
    with pytest.raises(ValueError, match="^NodeExecutionClosure.started_at: "):
        NodeExecutionClosure(started_at=datetime(2024, 5, 1))


def test_attribute_paths_take_strings_and_indexes() -> None:
    ref = OutputReference("n0", "o0", ["a", 0])
    assert ref.attr_path == (PromiseAttribute(string_value="a"), PromiseAttribute(int_value=0))
    assert [step.value for step in ref.attr_path] == ["a", 0]
    with pytest.raises(TypeError, match="^OutputReference.attr_path: "):
        OutputReference(attr_path=[1.5])


def test_struct_messages_are_json_objects() -> None:
    s = struct_pb2.Struct()
    s.update({"a": 1, "b": [True, None, {"c": "d"}]})
    assert Scalar(generic=s) == Scalar(generic={"a": 1.0, "b": [True, None, {"c": "d"}]})


def test_value_is_whichever_member_is_set() -> None:
    assert Primitive(integer=0).value == 0 and Primitive().value is None
    assert Scalar(primitive=Primitive(boolean=False)).value == Primitive(boolean=False)
    sleep = GateNode(sleep=SleepCondition())
    assert sleep.condition == SleepCondition() and Node(gate_node=sleep).target is sleep
    assert Node(task_node=TaskNode()).target == TaskNode()
    # with no member set, a oneof reads as flytekit reads it: WorkflowNode's an empty sub-workflow reference
    assert WorkflowNode().reference == Identifier() == WorkflowNode().sub_workflow_ref
    launch_plan = WorkflowNode(launchplan_ref=Identifier(name="lp"))
    assert launch_plan.reference == Identifier(name="lp") and launch_plan.sub_workflow_ref is None


def test_secret_reads_none_where_unset_and_keeps_the_proto_on_the_wire() -> None:
    secret = Secret("grp", group_version="v1")
    assert (secret.group, secret.key, secret.group_version, secret.env_var) == ("grp", None, "v1", None)
    assert secret.to_dict() == {"group": "grp", "groupVersion": "v1"} and Secret.from_bytes(secret.to_bytes()) == secret
    assert Secret(key=None) == Secret()
    with pytest.raises(ValueError, match="^Secret.env_var: 'my-var' is not an environment variable name"):
        Secret(env_var="my-var")
    with pytest.raises(TypeError, match="^Secret.group: expected str"):
        Secret(group=5)  # type: ignore[arg-type]


def test_unset_fields_read_as_flytekit_reads_them_and_the_message_stays_exact() -> None:
    node = NodeExecution.from_dict({"inputUri": "s3://in"})
    # flytekit reads an unset closure as an empty one, its unset start as the epoch and duration as zero
    assert node.closure == NodeExecutionClosure() and node.id.node_id == ""
    assert node.closure.started_at == Timestamp.from_parts(0, 0) and node.closure.duration == Duration(0)
    assert node.closure.created_at is None  # which flytekit reads as None
    assert Literal().hash is None and Literal(hash="h").hash == "h" and TaskTemplate().custom == {}
    # what the record holds, and so every format, is the message's: unset stays unset, set empty stays set
    assert node._closure is None and node.to_dict() == {"inputUri": "s3://in"}
    assert NodeExecution.from_bytes(node.to_bytes()) == node
    set_empty = NodeExecution.from_dict({"inputUri": "s3://in", "closure": {}})
    assert set_empty.closure == node.closure and set_empty != node and set_empty.to_dict()["closure"] == {}
    # the constructor's parameter is the public name; attrs.evolve takes it too
    assert NodeExecution(closure=NodeExecutionClosure(deck_uri="d")).closure.deck_uri == "d"
    assert attrs.evolve(node, closure=None) == node


def test_pod_templates_need_flytekit_and_say_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "flytekit", None)  # as where flytekit is not installed
    monkeypatch.setitem(sys.modules, "kubernetes", None)
    with pytest.raises(ImportError, match="pip install flytekit"):
        K8sPod().to_pod_template()
    with pytest.raises(ImportError, match="pip install flytekit"):
        K8sPod.from_pod_template(object())


def test_repr_names_fields_as_the_constructor_does() -> None:
    assert repr(Secret("aws", env_var="TOKEN")) == (
        "Secret(group='aws', key='', group_version='', mount_requirement=<MountType.ANY: 0>, env_var='TOKEN')")
    assert repr(NodeExecution(input_uri="s3://in")) == (
        "NodeExecution(id=None, input_uri='s3://in', closure=None, metadata=None)")  # what it holds


def test_is_set_tells_an_unset_field_from_one_read_as_flytekit_reads_it() -> None:
    closure = NodeExecutionClosure.from_dict({"duration": "0s"})
    assert closure.is_set("duration") and not closure.is_set("started_at") and not closure.is_set("deck_uri")
    assert closure.duration == timedelta(0) and closure.started_at.timestamp() == 0  # (both read zero)
    with pytest.raises(AttributeError, match="NodeExecutionClosure has no field 'nope'"):
        closure.is_set("nope")


def test_timestamps_and_durations_equal_the_protobuf_messages_of_the_same_instant() -> None:
    at = Timestamp.from_parts(10, 20)
    assert at == timestamp_pb2.Timestamp(seconds=10, nanos=20) == at
    assert at != timestamp_pb2.Timestamp(seconds=10, nanos=21) and at != duration_pb2.Duration(seconds=10, nanos=20)
    span = Duration.from_parts(-1, -5)
    assert span == duration_pb2.Duration(seconds=-1, nanos=-5) and span != duration_pb2.Duration(seconds=1)
    assert hash(at) == hash(Timestamp.from_parts(10, 20))  # (messages are unhashable: no hash to agree with)
