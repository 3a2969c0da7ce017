"""The files a node execution points at: the error document at ``error_uri`` and the dynamic job spec at
``dynamic_job_spec_uri``, read by ``flyte-node-models show`` as it reads any record."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from flyte_node_models import Entity
from flyte_node_models.cli import main
from flyte_node_models.core.errors import ContainerError, ErrorDocument
from flyte_node_models.core.execution import ErrorKind
from flyte_node_models.core.identifier import Identifier, ResourceType
from flyte_node_models.core.workflow import Node, NodeMetadata, TaskNode
from flyte_node_models.dynamic_job import DynamicJobSpec
from flyte_node_models.literals import Binding, BindingData, Primitive, Scalar
from flyte_node_models.task import Container, TaskTemplate

ERROR = ErrorDocument(ContainerError("USER:ValueError", "bad input: -1", ContainerError.Kind.NON_RECOVERABLE,
                                     ErrorKind.USER, datetime(2024, 5, 1, 9, 30, tzinfo=UTC), "worker-3"))
TASK = Identifier(ResourceType.TASK, "flytesnacks", "development", "wf.square", "v1")
SPEC = DynamicJobSpec(
    tasks=[TaskTemplate(TASK, "python-task", container=Container("img:1", ["pyflyte-execute"], [], None,
                                                                  {"LOG_LEVEL": "debug"}, {}))],
    nodes=[Node(id=f"dn{i}", metadata=NodeMetadata(f"square-{i}", timedelta(minutes=5)), task_node=TaskNode(TASK))
           for i in range(3)],
    min_successes=3,
    outputs=[Binding("o0", BindingData(scalar=Scalar(primitive=Primitive(integer=9))))],
)


def encode(record: Entity, fmt: str) -> bytes:
    return {"json": lambda: json.dumps(record.to_dict()).encode(), "text": lambda: record.to_text().encode(),
            "binary": record.to_bytes}[fmt]()


@pytest.mark.parametrize("fmt", ["json", "text", "binary"])
@pytest.mark.parametrize(("record", "shows"), [(ERROR, "bad input: -1"), (SPEC, "square-2")], ids=["error", "spec"])
def test_show_reads_the_file_in_any_format(capsysbinary: Any, tmp_path: Path, fmt: str, record: Entity,
                                           shows: str) -> None:
    path = tmp_path / f"document.{fmt}"
    path.write_bytes(encode(record, fmt))
    assert main(["show", str(path)]) == 0
    out = capsysbinary.readouterr().out.decode()
    assert out == record.verbose_string() + "\n"
    assert shows in out


@pytest.mark.parametrize("record", [ERROR, SPEC], ids=["error", "spec"])
def test_the_documents_round_trip_in_every_format(record: Entity) -> None:
    cls = type(record)
    assert cls.from_bytes(record.to_bytes()) == cls.from_dict(record.to_dict()) == cls.from_text(record.to_text())
    assert cls.from_flyte_idl(record.to_flyte_idl()) == record


def test_the_error_document_reads_as_flytekit_shows_it() -> None:
    error = ERROR.error
    assert (error.code, error.kind, error.origin, error.worker) == (
        "USER:ValueError", ContainerError.Kind.NON_RECOVERABLE, ErrorKind.USER, "worker-3")
    assert error.to_flyte_idl().timestamp.seconds == int(datetime(2024, 5, 1, 9, 30, tzinfo=UTC).timestamp())
    assert SPEC.tasks[0].container.env == {"LOG_LEVEL": "debug"} and len(SPEC.nodes) == 3
