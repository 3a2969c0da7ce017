"""Typed interfaces of tasks and workflows (``flyteidl/core/interface.proto``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flyteidl.core import interface_pb2

from ._model import Entity, entity
from .wellknown import FrozenDict

if TYPE_CHECKING:
    from .core.artifact_id import ArtifactID, ArtifactTag
    from .types import LiteralType

@entity(interface_pb2.TypedInterface)
class TypedInterface(Entity):
    """The typed inputs and outputs of a task or workflow."""

    inputs: VariableMap | None = None
    outputs: VariableMap | None = None


@entity(interface_pb2.VariableMap)
class VariableMap(Entity):
    """Named variables."""

    variables: FrozenDict[str, Variable] = FrozenDict()


@entity(interface_pb2.Variable)
class Variable(Entity):
    """A typed variable with a description and an artifact."""

    type: LiteralType | None = None
    description: str = ""
    artifact_partial_id: ArtifactID | None = None
    artifact_tag: ArtifactTag | None = None
