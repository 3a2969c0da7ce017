"""Error documents: what a failed task writes at a node execution's ``error_uri``
(``flyteidl/core/errors.proto``)."""

from __future__ import annotations

from flyteidl.core import errors_pb2

from .._model import Entity, ProtoEnum, entity, field, proto_enum, to_timestamp
from ..wellknown import Timestamp
from .execution import ErrorKind


@proto_enum(errors_pb2.ContainerError.DESCRIPTOR.enum_types_by_name["Kind"])
class ContainerErrorKind(ProtoEnum):
    """Whether retrying the container can help."""

    NON_RECOVERABLE = 0
    RECOVERABLE = 1


@entity(errors_pb2.ContainerError)
class ContainerError(Entity):
    """An error a container reported: code, message, whether it is recoverable, whose fault, when and where."""

    code: str = ""
    message: str = ""
    kind: ContainerErrorKind = ContainerErrorKind.NON_RECOVERABLE
    origin: ErrorKind = ErrorKind.UNKNOWN
    timestamp: Timestamp = field(default=None, converter=to_timestamp, metadata={"reads": "empty"})
    worker: str = ""


@entity(errors_pb2.ErrorDocument)
class ErrorDocument(Entity):
    """The file a failed task writes at a node execution's ``error_uri``: its container error."""

    error: ContainerError = field(default=None, metadata={"reads": "empty"})


ContainerError.Kind = ContainerErrorKind  # type: ignore[attr-defined]
