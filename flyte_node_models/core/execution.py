"""Execution phases, errors and quality of service (``flyteidl/core/execution.proto``)."""

from __future__ import annotations

from flyteidl.core import execution_pb2

from .._model import Entity, ProtoEnum, entity, field, proto_enum, to_duration, to_timestamp
from ..wellknown import Duration, Timestamp


@proto_enum(execution_pb2.ExecutionError.DESCRIPTOR.enum_types_by_name["ErrorKind"])
class ErrorKind(ProtoEnum):
    """Whose fault an error is: the user code or the system."""

    UNKNOWN = 0
    USER = 1
    SYSTEM = 2


@proto_enum(execution_pb2.NodeExecution.DESCRIPTOR.enum_types_by_name["Phase"])
class NodeExecutionPhase(ProtoEnum):
    """The phase of a node execution, from queued to a terminal phase."""

    UNDEFINED = 0
    QUEUED = 1
    RUNNING = 2
    SUCCEEDED = 3
    FAILING = 4
    FAILED = 5
    ABORTED = 6
    SKIPPED = 7
    TIMED_OUT = 8
    DYNAMIC_RUNNING = 9
    RECOVERED = 10


@proto_enum(execution_pb2.WorkflowExecution.DESCRIPTOR.enum_types_by_name["Phase"])
class WorkflowExecutionPhase(ProtoEnum):
    """The phase of a workflow execution."""

    UNDEFINED = 0
    QUEUED = 1
    RUNNING = 2
    SUCCEEDING = 3
    SUCCEEDED = 4
    FAILING = 5
    FAILED = 6
    ABORTED = 7
    TIMED_OUT = 8
    ABORTING = 9


@proto_enum(execution_pb2.TaskExecution.DESCRIPTOR.enum_types_by_name["Phase"])
class TaskExecutionPhase(ProtoEnum):
    """The phase of a task execution."""

    UNDEFINED = 0
    QUEUED = 1
    RUNNING = 2
    SUCCEEDED = 3
    ABORTED = 4
    FAILED = 5
    INITIALIZING = 6
    WAITING_FOR_RESOURCES = 7
    RETRYABLE_FAILED = 8


@proto_enum(execution_pb2.TaskLog.DESCRIPTOR.enum_types_by_name["MessageFormat"])
class TaskLogMessageFormat(ProtoEnum):
    """The format of a task log's messages."""

    UNKNOWN = 0
    CSV = 1
    JSON = 2


@proto_enum(execution_pb2.QualityOfService.DESCRIPTOR.enum_types_by_name["Tier"])
class QualityOfServiceTier(ProtoEnum):
    """A named quality-of-service tier."""

    UNDEFINED = 0
    HIGH = 1
    MEDIUM = 2
    LOW = 3


@entity(execution_pb2.ExecutionError)
class ExecutionError(Entity):
    """Why an execution failed: code, message, where the error document is, and whose fault."""

    code: str = ""
    message: str = ""
    error_uri: str = ""
    kind: ErrorKind = ErrorKind.UNKNOWN
    timestamp: Timestamp | None = field(default=None, converter=to_timestamp, kw_only=True)
    worker: str = field(default="", kw_only=True)


@entity(execution_pb2.TaskLog)
class TaskLog(Entity):
    """A link to the logs of a task execution: its URI, name, format and how long it is kept."""

    uri: str = ""
    name: str = ""
    message_format: TaskLogMessageFormat = TaskLogMessageFormat.UNKNOWN
    ttl: Duration = field(default=None, converter=to_duration, metadata={"reads": "empty"})
    show_while_pending: bool = field(default=False, kw_only=True, metadata={"proto": "ShowWhilePending"})
    hide_once_finished: bool = field(default=False, kw_only=True, metadata={"proto": "HideOnceFinished"})


@entity(execution_pb2.QualityOfService)
class QualityOfService(Entity):
    """The quality of service an execution asks for: a tier or a spec."""

    tier: QualityOfServiceTier | None = None
    spec: QualityOfServiceSpec | None = None


@entity(execution_pb2.QualityOfServiceSpec)
class QualityOfServiceSpec(Entity):
    """A quality of service given by how long an execution may wait in the queue."""

    queueing_budget: Duration | None = field(default=None, converter=to_duration)


ExecutionError.ErrorKind = ErrorKind  # type: ignore[attr-defined]
TaskLog.MessageFormat = TaskLogMessageFormat  # type: ignore[attr-defined]
QualityOfService.Tier = QualityOfServiceTier  # type: ignore[attr-defined]
