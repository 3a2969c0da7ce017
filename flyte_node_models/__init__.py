"""Typed, immutable records of Flyte node executions, lossless across protobuf, proto3-JSON and text."""

from . import node_execution, literals, types, interface, task, security  # noqa: F401  (register entities)
from .admin import common  # noqa: F401
from .core import artifact_id, catalog, compiler, condition, execution, identifier, workflow  # noqa: F401
from ._errors import ConversionError
from ._model import Entity, ProtoEnum, model_for
from . import converters  # noqa: F401  (binds the formats to the entity methods)

__all__ = ["ConversionError", "Entity", "ProtoEnum", "model_for"]
