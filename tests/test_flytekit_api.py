"""What flytekit's constructors take and what its classes show, here without flytekit (tox's ``parity`` env
checks the same against flytekit itself): normalized to the one canonical record of each message."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from google.protobuf import struct_pb2

from flyte_node_models.core.workflow import GateNode, Node, SleepCondition, TaskNode, WorkflowNode
from flyte_node_models.interface import TypedInterface, Variable, VariableMap
from flyte_node_models.literals import KeyValuePair, Primitive, Scalar
from flyte_node_models.node_execution import NodeExecutionClosure
from flyte_node_models.security import Secret, SecurityContext
from flyte_node_models.task import Container, Sql
from flyte_node_models.types import OutputReference, PromiseAttribute


def test_none_is_unset_for_every_kind_of_field() -> None:
    assert Sql(None, None) == Sql()
    assert Container("img", None, None, None, None, None) == Container("img")
    assert SecurityContext(None, None, None).is_empty


def test_mappings_become_the_records_flytekit_shows_as_dicts() -> None:
    variable = Variable(description="x")
    made = TypedInterface({"x": variable}, {})
    assert made == TypedInterface(VariableMap({"x": variable}), VariableMap())
    assert made.inputs["x"] is variable and list(made.inputs.items()) == [("x", variable)] and "x" in made.inputs
    assert Container(env={"A": "1", "B": ""}).env == (KeyValuePair("A", "1"), KeyValuePair("B", ""))


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
    assert Node(task_node=TaskNode()).target == TaskNode() and WorkflowNode().reference is None


def test_secret_reads_none_where_unset_and_keeps_the_proto_on_the_wire() -> None:
    secret = Secret("grp", group_version="v1")
    assert (secret.group, secret.key, secret.group_version, secret.env_var) == ("grp", None, "v1", None)
    assert secret.to_dict() == {"group": "grp", "groupVersion": "v1"} and Secret.from_bytes(secret.to_bytes()) == secret
    assert Secret(key=None) == Secret()
    with pytest.raises(ValueError, match="^Secret.env_var: 'my-var' is not an environment variable name"):
        Secret(env_var="my-var")
    with pytest.raises(TypeError, match="^Secret.group: expected str"):
        Secret(group=5)  # type: ignore[arg-type]
