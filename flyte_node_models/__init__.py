"""Typed, immutable records of Flyte node executions, lossless across protobuf, proto3-JSON and text."""

from . import (  # noqa: F401  (register entities)
    converters,
    documentation,
    dynamic_job,
    interface,
    literals,
    node_execution,
    security,
    task,
    types,
)
from ._errors import ConversionError
from ._model import Entity, ProtoEnum, model_for
from .admin import common  # noqa: F401
from .core import artifact_id, catalog, compiler, condition, errors, execution, identifier, workflow  # noqa: F401

__all__ = ["ConversionError", "Entity", "ProtoEnum", "model_for"]
