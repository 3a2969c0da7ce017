"""Task templates, containers and resources (``flyteidl/core/tasks.proto``), and tasks as Flyte Admin keeps
them (``flyteidl/admin/task.proto``)."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from flyteidl.admin import agent_pb2, task_pb2
from flyteidl.core import tasks_pb2

from ._model import Entity, ProtoEnum, entity, field, proto_enum, to_duration, to_timestamp
from .core.compiler import CompiledTask  # flytekit keeps it here too: the same class
from .documentation import Documentation  # as flytekit imports it here
from .wellknown import Duration, FrozenDict, JsonValue, Timestamp, thaw

if TYPE_CHECKING:
    from .core.identifier import Identifier, TaskExecutionIdentifier
    from .core.workflow import TaskNodeOverrides
    from .interface import TypedInterface
    from .literals import KeyValuePair, RetryStrategy
    from .security import Identity, SecurityContext

@proto_enum(tasks_pb2.Resources.DESCRIPTOR.enum_types_by_name["ResourceName"])
class ResourceName(ProtoEnum):
    """The name of a resource."""

    UNKNOWN = 0
    CPU = 1
    GPU = 2
    MEMORY = 3
    STORAGE = 4
    EPHEMERAL_STORAGE = 5


@proto_enum(tasks_pb2.DataLoadingConfig.DESCRIPTOR.enum_types_by_name["LiteralMapFormat"])
class LiteralMapFormat(ProtoEnum):
    """The file format of a literal map."""

    JSON = 0
    YAML = 1
    PROTO = 2


@proto_enum(tasks_pb2.IOStrategy.DESCRIPTOR.enum_types_by_name["DownloadMode"])
class DownloadMode(ProtoEnum):
    """When inputs are downloaded."""

    DOWNLOAD_EAGER = 0
    DOWNLOAD_STREAM = 1
    DO_NOT_DOWNLOAD = 2


@proto_enum(tasks_pb2.IOStrategy.DESCRIPTOR.enum_types_by_name["UploadMode"])
class UploadMode(ProtoEnum):
    """When outputs are uploaded."""

    UPLOAD_ON_EXIT = 0
    UPLOAD_EAGER = 1
    DO_NOT_UPLOAD = 2


@proto_enum(tasks_pb2.RuntimeMetadata.DESCRIPTOR.enum_types_by_name["RuntimeType"])
class RuntimeType(ProtoEnum):
    """The kind of runtime that built a task."""

    OTHER = 0
    FLYTE_SDK = 1


@proto_enum(tasks_pb2.Container.DESCRIPTOR.enum_types_by_name["Architecture"])
class ContainerArchitecture(ProtoEnum):
    """The CPU architecture of a container image."""

    UNKNOWN = 0
    AMD64 = 1
    ARM64 = 2
    ARM_V6 = 3
    ARM_V7 = 4


@proto_enum(tasks_pb2.Sql.DESCRIPTOR.enum_types_by_name["Dialect"])
class SqlDialect(ProtoEnum):
    """The SQL dialect of a statement."""

    UNDEFINED = 0
    ANSI = 1
    HIVE = 2
    OTHER = 3


@entity(tasks_pb2.Resources)
class Resources(Entity):
    """The resources a container requests and is limited to."""

    requests: tuple[ResourceEntry, ...] = ()
    limits: tuple[ResourceEntry, ...] = ()


@entity(tasks_pb2.Resources.ResourceEntry)
class ResourceEntry(Entity):
    """An amount of one resource."""

    name: ResourceName = ResourceName.UNKNOWN
    value: str = ""


@entity(tasks_pb2.ExtendedResources)
class ExtendedResources(Entity):
    """Resources beyond cpu and memory: GPU accelerator and shared memory."""

    gpu_accelerator: GPUAccelerator | None = None
    shared_memory: SharedMemory | None = None


@entity(tasks_pb2.GPUAccelerator)
class GPUAccelerator(Entity):
    """The GPU a task asks for: device and partition."""

    device: str = ""
    unpartitioned: bool | None = None
    partition_size: str | None = None


@entity(tasks_pb2.SharedMemory)
class SharedMemory(Entity):
    """Shared memory mounted into a task."""

    mount_path: str = ""
    mount_name: str = ""
    size_limit: str = ""


@entity(tasks_pb2.K8sPod)
class K8sPod(Entity):
    """A Kubernetes pod spec to run a task in."""

    metadata: K8sObjectMetadata = field(default=None, metadata={"reads": "empty"})
    pod_spec: FrozenDict[str, JsonValue] | None = None
    data_config: DataLoadingConfig | None = None
    primary_container_name: str = ""

    def to_pod_template(self) -> Any:
        """flytekit's ``PodTemplate`` of the pod's labels, annotations and spec, as flytekit's ``K8sPod`` makes it
        (flytekit is needed: ``pip install flytekit``)."""
        pod_template = _from_flytekit("flytekit", "PodTemplate")
        metadata = self.metadata  # (an unset one reads empty)
        return pod_template(labels=dict(metadata.labels), annotations=dict(metadata.annotations),
                            pod_spec=None if self.pod_spec is None else thaw(self.pod_spec))

    @classmethod
    def from_pod_template(cls, pod_template: Any) -> K8sPod:
        """The pod of flytekit's ``PodTemplate``: its labels, annotations, primary container's name, and its pod
        spec as Kubernetes writes it in JSON (flytekit is needed: ``pip install flytekit``)."""
        api_client = _from_flytekit("kubernetes.client", "ApiClient")
        return cls(metadata=K8sObjectMetadata(labels=pod_template.labels, annotations=pod_template.annotations),
                   pod_spec=api_client().sanitize_for_serialization(pod_template.pod_spec),
                   primary_container_name=pod_template.primary_container_name)


@entity(tasks_pb2.K8sObjectMetadata)
class K8sObjectMetadata(Entity):
    """Kubernetes labels and annotations."""

    labels: FrozenDict[str, str] = FrozenDict()
    annotations: FrozenDict[str, str] = FrozenDict()


@entity(tasks_pb2.DataLoadingConfig)
class DataLoadingConfig(Entity):
    """How a container reads its inputs and writes its outputs."""

    input_path: str = ""
    output_path: str = ""
    enabled: bool = False
    format: LiteralMapFormat = LiteralMapFormat.JSON
    io_strategy: IOStrategy | None = None

    LITERALMAP_FORMAT_JSON = LiteralMapFormat.JSON
    LITERALMAP_FORMAT_YAML = LiteralMapFormat.YAML
    LITERALMAP_FORMAT_PROTO = LiteralMapFormat.PROTO


@entity(tasks_pb2.IOStrategy)
class IOStrategy(Entity):
    """When inputs are downloaded and outputs uploaded."""

    download_mode: DownloadMode = DownloadMode.DOWNLOAD_EAGER
    upload_mode: UploadMode = UploadMode.UPLOAD_ON_EXIT

    DOWNLOAD_MODE_EAGER = DownloadMode.DOWNLOAD_EAGER
    DOWNLOAD_MODE_STREAM = DownloadMode.DOWNLOAD_STREAM
    DOWNLOAD_MODE_NO_DOWNLOAD = DownloadMode.DO_NOT_DOWNLOAD
    UPLOAD_MODE_EAGER = UploadMode.UPLOAD_EAGER
    UPLOAD_MODE_ON_EXIT = UploadMode.UPLOAD_ON_EXIT
    UPLOAD_MODE_NO_UPLOAD = UploadMode.DO_NOT_UPLOAD


@entity(tasks_pb2.TaskTemplate)
class TaskTemplate(Entity):
    """A task's definition: type, metadata, interface, custom data and target (container, pod or SQL)."""

    id: Identifier = field(default=None, metadata={"reads": "empty"})
    type: str = ""
    metadata: TaskMetadata = field(default=None, metadata={"reads": "empty"})
    interface: TypedInterface = field(default=None, metadata={"reads": "empty"})
    custom: FrozenDict[str, JsonValue] = field(default=None, metadata={"reads": "empty"})
    container: Container | None = None
    task_type_version: int = 0
    security_context: SecurityContext | None = None
    config: FrozenDict[str, str] = FrozenDict()
    k8s_pod: K8sPod | None = None
    sql: Sql | None = None
    extended_resources: ExtendedResources | None = None


@entity(tasks_pb2.TaskMetadata)
class TaskMetadata(Entity):
    """How a task runs: cache, retries, timeout, interruptibility and more."""

    discoverable: bool = False
    runtime: RuntimeMetadata = field(default=None, metadata={"reads": "empty"})
    timeout: Duration = field(default=None, converter=to_duration, metadata={"reads": "empty"})
    retries: RetryStrategy = field(default=None, metadata={"reads": "empty"})
    interruptible: bool | None = None
    discovery_version: str = ""
    deprecated_error_message: str = ""
    cache_serializable: bool = False
    pod_template_name: str = ""
    cache_ignore_input_vars: tuple[str, ...] = ()
    is_eager: bool = False
    generates_deck: bool = field(default=None, metadata={"reads": "empty"})
    k8s_object_metadata: K8sObjectMetadata | None = field(default=None, metadata={"proto": "metadata"})
    tags: FrozenDict[str, str] = field(default=FrozenDict(), kw_only=True)


@entity(tasks_pb2.RuntimeMetadata)
class RuntimeMetadata(Entity):
    """The SDK that built a task and its version."""

    type: RuntimeType = RuntimeType.OTHER
    version: str = ""
    flavor: str = ""


@entity(tasks_pb2.Container)
class Container(Entity):
    """A container to run: image, command, args, resources and environment."""

    image: str = ""
    command: tuple[str, ...] = ()
    args: tuple[str, ...] = ()
    resources: Resources = field(default=None, metadata={"reads": "empty"})
    env: Mapping[str, str] | tuple[KeyValuePair, ...] = field(default=(), metadata={"reads": "mapping"})
    config: Mapping[str, str] | tuple[KeyValuePair, ...] = field(default=(), metadata={"reads": "mapping"})
    data_loading_config: DataLoadingConfig | None = field(default=None, metadata={"proto": "data_config"})
    ports: tuple[ContainerPort, ...] = field(default=(), kw_only=True)
    architecture: ContainerArchitecture = field(default=ContainerArchitecture.UNKNOWN, kw_only=True)


@entity(tasks_pb2.ContainerPort)
class ContainerPort(Entity):
    """A port a container exposes."""

    container_port: int = 0
    name: str = ""


@entity(tasks_pb2.Sql)
class Sql(Entity):
    """A SQL statement to run, with its dialect."""

    statement: str = ""
    dialect: SqlDialect = SqlDialect.UNDEFINED


@entity(agent_pb2.TaskExecutionMetadata)
class TaskExecutionMetadata(Entity):
    """What a task execution runs as, as an agent sees it: its id, namespace, labels, account and environment."""

    task_execution_id: TaskExecutionIdentifier = field(default=None, metadata={"reads": "empty"})
    namespace: str = ""
    labels: FrozenDict[str, str] = FrozenDict()
    annotations: FrozenDict[str, str] = FrozenDict()
    k8s_service_account: str = ""
    environment_variables: FrozenDict[str, str] = FrozenDict()
    identity: Identity = field(default=None, metadata={"reads": "empty"})
    max_attempts: int = field(default=0, kw_only=True)
    interruptible: bool = field(default=False, kw_only=True)
    interruptible_failure_threshold: int = field(default=0, kw_only=True)
    overrides: TaskNodeOverrides | None = field(default=None, kw_only=True)


@entity(task_pb2.Task)
class Task(Entity):
    """A task as Flyte Admin keeps it: its id, its compiled template and when it was made, a description."""

    id: Identifier = field(default=None, metadata={"reads": "empty"})
    closure: TaskClosure = field(default=None, metadata={"reads": "empty"})
    short_description: str = ""


@entity(task_pb2.TaskSpec)
class TaskSpec(Entity):
    """What is registered to make a task: its template and its documentation."""

    template: TaskTemplate = field(default=None, metadata={"reads": "empty"})
    docs: Documentation = field(default=None, metadata={"reads": "empty", "proto": "description"})


@entity(task_pb2.TaskClosure)
class TaskClosure(Entity):
    """What Flyte Admin makes of a registered task: the compiled task and when it was made."""

    compiled_task: CompiledTask = field(default=None, metadata={"reads": "empty"})
    created_at: Timestamp | None = field(default=None, converter=to_timestamp, kw_only=True)


Resources.ResourceName = ResourceName  # type: ignore[attr-defined]
DataLoadingConfig.LiteralMapFormat = LiteralMapFormat  # type: ignore[attr-defined]
IOStrategy.DownloadMode = DownloadMode  # type: ignore[attr-defined]
IOStrategy.UploadMode = UploadMode  # type: ignore[attr-defined]
RuntimeMetadata.RuntimeType = RuntimeType  # type: ignore[attr-defined]
Container.Architecture = ContainerArchitecture  # type: ignore[attr-defined]
Sql.Dialect = SqlDialect  # type: ignore[attr-defined]
Resources.ResourceEntry = ResourceEntry  # type: ignore[attr-defined]


def _from_flytekit(module: str, name: str) -> Any:
    """``module.name``, from flytekit or what it installs, which this library does not depend on."""
    try:
        return getattr(importlib.import_module(module), name)
    except ImportError as e:
        raise ImportError(f"K8sPod's pod templates are flytekit's PodTemplate, whose pod specs are Kubernetes': "
                          f"pip install flytekit kubernetes ({e})") from e
