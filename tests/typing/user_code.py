"""User code as a type checker sees it: ``tox -e type`` checks this file with ``mypy --strict`` (no plugin
to configure), and ``test_user_code.py`` runs it. Each ``assert_type`` is what mypy must infer."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import assert_type

import attrs

from flyte_node_models import Entity, model_for
from flyte_node_models.core.execution import NodeExecutionPhase
from flyte_node_models.core.identifier import NodeExecutionIdentifier, WorkflowExecutionIdentifier
from flyte_node_models.literals import LiteralMap
from flyte_node_models.node_execution import NodeExecution, NodeExecutionClosure
from flyte_node_models.wellknown import Duration, Timestamp

# Constructors take any aware datetime and any timedelta for Timestamp and Duration fields, as at run time;
# what a record holds reads as a Timestamp and a Duration.
closure = NodeExecutionClosure(
    phase=NodeExecutionPhase.RUNNING,
    started_at=datetime(2024, 5, 1, 12, tzinfo=UTC),
    duration=timedelta(seconds=90),
)
assert_type(closure.started_at, Timestamp)  # never None: unset, it reads the epoch, as flytekit reads it
assert_type(closure.duration, Duration)
assert closure.started_at.nanosecond == 0 and NodeExecutionClosure().duration == Duration(0)
assert closure.duration == Duration(seconds=90)
# ... and a Timestamp or Duration is a datetime or timedelta, so it is taken as well
later = NodeExecutionClosure(started_at=closure.started_at + Duration(nanoseconds=5), duration=closure.duration)
assert later.started_at is not None and later.started_at.nanosecond == 5

node = NodeExecution(
    id=NodeExecutionIdentifier("n0", WorkflowExecutionIdentifier("flytesnacks", "development", "f3a1")),
    input_uri="s3://bucket/inputs.pb",
    closure=closure,
)

# attrs.evolve, the README's way to change a record, is checked field by field and keeps the record's type.
assert node.closure is not None
done = attrs.evolve(node, closure=attrs.evolve(
    node.closure, phase=NodeExecutionPhase.SUCCEEDED, duration=Duration.from_parts(12, 500_000_001),
))
assert_type(done, NodeExecution)
moved = attrs.evolve(closure, started_at=datetime(2024, 5, 2, tzinfo=UTC))  # what the constructor takes
assert_type(moved, NodeExecutionClosure)
assert moved.started_at is not None and moved.started_at.day == 2
assert done.closure is not None and done.closure.phase == NodeExecutionPhase.SUCCEEDED

# model_for gives an entity class, whose methods are typed: from a message, a full name or a class name.
message = done.to_flyte_idl()
cls = model_for(message)
assert_type(cls, type[Entity])
record = cls.from_flyte_idl(message)
assert_type(record, Entity)
assert record == done
assert_type(model_for("LiteralMap").from_dict({}), Entity)
assert model_for("LiteralMap") is model_for("flyteidl.core.LiteralMap") is LiteralMap
data: bytes = model_for("NodeExecution").from_bytes(done.to_bytes()).to_bytes()
assert data == done.to_bytes()
# and an entity class's own methods give its records
assert_type(NodeExecution.from_dict(done.to_dict()), NodeExecution)
