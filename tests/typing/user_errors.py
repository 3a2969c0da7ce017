"""Mistakes a type checker reports in user code. ``tox -e type`` checks this file with ``mypy --strict``,
which includes ``--warn-unused-ignores``: each ``type: ignore[code]`` below must silence an error of its code,
so the check fails if mypy stops reporting one. ``test_user_code.py`` runs each function: run time refuses
what the checker reports."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import attrs

from flyte_node_models import model_for
from flyte_node_models.core.catalog import CatalogCacheStatus, CatalogMetadata
from flyte_node_models.core.execution import NodeExecutionPhase
from flyte_node_models.node_execution import NodeExecution, NodeExecutionClosure, TaskNodeMetadata

closure = NodeExecutionClosure(phase=NodeExecutionPhase.RUNNING, started_at=datetime(2024, 5, 1, tzinfo=UTC))
node = NodeExecution(input_uri="s3://bucket/inputs.pb", closure=closure)


def evolve_with_a_wrong_type() -> None:
    attrs.evolve(node, input_uri=3)  # type: ignore[arg-type]


def evolve_a_field_that_is_not_there() -> None:
    attrs.evolve(node, input_url="s3://elsewhere")  # type: ignore[call-arg]


def evolve_a_nested_record_with_a_wrong_type() -> None:
    attrs.evolve(closure, duration=90)  # type: ignore[arg-type]


def construct_with_a_string_for_a_timestamp() -> None:
    NodeExecutionClosure(started_at="2024-05-01T12:00:00Z")  # type: ignore[arg-type]


def construct_with_a_timestamp_for_a_duration() -> None:
    NodeExecutionClosure(duration=datetime(2024, 5, 1, tzinfo=UTC))  # type: ignore[arg-type]


def pass_a_keyword_only_field_by_position() -> None:
    # checkpoint_uri (a proto field flytekit lacks) is keyword-only, after flytekit's cache_status and catalog_key
    catalog_key = CatalogMetadata()
    TaskNodeMetadata(CatalogCacheStatus.CACHE_MISS, catalog_key, "s3://bucket/checkpoint")  # type: ignore[call-arg]


def set_a_field() -> None:
    node.input_uri = "s3://elsewhere"  # type: ignore[misc]


def call_what_an_entity_lacks() -> None:
    model_for("NodeExecution").no_such_method()  # type: ignore[attr-defined]


#: Each mistake, and what run time raises for it.
MISTAKES: list[tuple[Callable[[], None], type[Exception]]] = [
    (evolve_with_a_wrong_type, TypeError),
    (evolve_a_field_that_is_not_there, TypeError),
    (evolve_a_nested_record_with_a_wrong_type, TypeError),
    (construct_with_a_string_for_a_timestamp, TypeError),
    (construct_with_a_timestamp_for_a_duration, TypeError),
    (pass_a_keyword_only_field_by_position, TypeError),
    (set_a_field, attrs.exceptions.FrozenInstanceError),
    (call_what_an_entity_lacks, AttributeError),
]
