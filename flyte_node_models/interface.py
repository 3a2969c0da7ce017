"""Typed interfaces of tasks and workflows (``flyteidl/core/interface.proto``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs
from flyteidl.core import interface_pb2

from ._model import Entity, entity, field, oneof_value
from .types import LiteralType
from .wellknown import FrozenDict

if TYPE_CHECKING:
    from .core.artifact_id import ArtifactID, ArtifactQuery, ArtifactTag
    from .literals import Literal

@entity(interface_pb2.TypedInterface)
class TypedInterface(Entity):
    """The typed inputs and outputs of a task or workflow. Each side is held as a :class:`VariableMap`, and
    reads as its variables by name (``interface.inputs["x"]``), as flytekit shows it; a dict is taken too."""

    inputs: Mapping[str, Variable] = field(default=None, metadata={"reads": "mapping"})
    outputs: Mapping[str, Variable] = field(default=None, metadata={"reads": "mapping"})

    def transform_interface_to_list(self, bound_inputs: Iterable[str] = (),
                                    excluded_inputs: Iterable[str] = ()) -> TypedInterface:
        """The interface of a map over this one: each input (but the bound ones, and less the excluded ones)
        and each output becomes a list of its type."""
        bound, excluded = set(bound_inputs), set(excluded_inputs)
        assert self.inputs is not None and self.outputs is not None  # (they read a mapping, unset too)
        return TypedInterface(
            {k: v if k in bound else v.as_list() for k, v in self.inputs.items() if k not in excluded},
            {k: v.as_list() for k, v in self.outputs.items()},
        )


@entity(interface_pb2.VariableMap)
class VariableMap(Entity):
    """Named variables."""

    variables: FrozenDict[str, Variable] = FrozenDict()


@entity(interface_pb2.Variable)
class Variable(Entity):
    """A typed variable with a description and an artifact."""

    type: LiteralType = field(default=None, metadata={"reads": "empty"})
    description: str = ""
    artifact_partial_id: ArtifactID | None = None
    artifact_tag: ArtifactTag | None = None

    def as_list(self) -> Variable:
        """The variable of a list of this one's type."""
        return attrs.evolve(self, type=LiteralType(collection_type=self.type))

    def to_flyte_idl_list(self) -> Any:
        """The protobuf message of :meth:`as_list`: flytekit's name for it."""
        return self.as_list().to_flyte_idl()


@entity(interface_pb2.Parameter)
class Parameter(Entity):
    """An input of a launch plan: its variable, and a default, whether it is required, or an artifact."""

    var: Variable = field(default=None, metadata={"reads": "empty"})
    default: Literal | None = None
    required: bool | None = None
    artifact_query: ArtifactQuery | None = None
    artifact_id: ArtifactID | None = None

    behavior = oneof_value("behavior")


@entity(interface_pb2.ParameterMap)
class ParameterMap(Entity):
    """Named parameters."""

    parameters: FrozenDict[str, Parameter] = FrozenDict()
