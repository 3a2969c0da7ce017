"""TODO module doc."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flyteidl.core import tasks_pb2

from ._model import Entity, ProtoEnum, field, entity, proto_enum
from .wellknown import Duration, FrozenDict, JsonValue

if TYPE_CHECKING:
    from .core.identifier import Identifier
    from .interface import TypedInterface
    from .literals import KeyValuePair, RetryStrategy
    from .security import SecurityContext

@proto_enum(tasks_pb2.Resources.DESCRIPTOR.enum_types_by_name["ResourceName"])
class ResourceName(ProtoEnum):
    """TODO flyteidl.core.Resources.ResourceName."""

    UNKNOWN = 0
    CPU = 1
    GPU = 2
    MEMORY = 3
    STORAGE = 4
    EPHEMERAL_STORAGE = 5


@proto_enum(tasks_pb2.DataLoadingConfig.DESCRIPTOR.enum_types_by_name["LiteralMapFormat"])
class LiteralMapFormat(ProtoEnum):
    """TODO flyteidl.core.DataLoadingConfig.LiteralMapFormat."""

    JSON = 0
    YAML = 1
    PROTO = 2


@proto_enum(tasks_pb2.IOStrategy.DESCRIPTOR.enum_types_by_name["DownloadMode"])
class DownloadMode(ProtoEnum):
    """TODO flyteidl.core.IOStrategy.DownloadMode."""

    DOWNLOAD_EAGER = 0
    DOWNLOAD_STREAM = 1
    DO_NOT_DOWNLOAD = 2


@proto_enum(tasks_pb2.IOStrategy.DESCRIPTOR.enum_types_by_name["UploadMode"])
class UploadMode(ProtoEnum):
    """TODO flyteidl.core.IOStrategy.UploadMode."""

    UPLOAD_ON_EXIT = 0
    UPLOAD_EAGER = 1
    DO_NOT_UPLOAD = 2


@proto_enum(tasks_pb2.RuntimeMetadata.DESCRIPTOR.enum_types_by_name["RuntimeType"])
class RuntimeType(ProtoEnum):
    """TODO flyteidl.core.RuntimeMetadata.RuntimeType."""

    OTHER = 0
    FLYTE_SDK = 1


@proto_enum(tasks_pb2.Container.DESCRIPTOR.enum_types_by_name["Architecture"])
class ContainerArchitecture(ProtoEnum):
    """TODO flyteidl.core.Container.Architecture."""

    UNKNOWN = 0
    AMD64 = 1
    ARM64 = 2
    ARM_V6 = 3
    ARM_V7 = 4


@proto_enum(tasks_pb2.Sql.DESCRIPTOR.enum_types_by_name["Dialect"])
class SqlDialect(ProtoEnum):
    """TODO flyteidl.core.Sql.Dialect."""

    UNDEFINED = 0
    ANSI = 1
    HIVE = 2
    OTHER = 3


@entity(tasks_pb2.Resources)
class Resources(Entity):
    """TODO flyteidl.core.Resources."""

    requests: tuple[ResourceEntry, ...]
    limits: tuple[ResourceEntry, ...]


@entity(tasks_pb2.Resources.ResourceEntry)
class ResourceEntry(Entity):
    """TODO flyteidl.core.Resources.ResourceEntry."""

    name: ResourceName
    value: str


@entity(tasks_pb2.ExtendedResources)
class ExtendedResources(Entity):
    """TODO flyteidl.core.ExtendedResources."""

    gpu_accelerator: GPUAccelerator | None
    shared_memory: SharedMemory | None


@entity(tasks_pb2.GPUAccelerator)
class GPUAccelerator(Entity):
    """TODO flyteidl.core.GPUAccelerator."""

    device: str
    unpartitioned: bool | None
    partition_size: str | None


@entity(tasks_pb2.SharedMemory)
class SharedMemory(Entity):
    """TODO flyteidl.core.SharedMemory."""

    mount_path: str
    mount_name: str
    size_limit: str


@entity(tasks_pb2.K8sPod)
class K8sPod(Entity):
    """TODO flyteidl.core.K8sPod."""

    metadata: K8sObjectMetadata | None
    pod_spec: FrozenDict[str, JsonValue] | None
    data_config: DataLoadingConfig | None
    primary_container_name: str


@entity(tasks_pb2.K8sObjectMetadata)
class K8sObjectMetadata(Entity):
    """TODO flyteidl.core.K8sObjectMetadata."""

    labels: FrozenDict[str, str]
    annotations: FrozenDict[str, str]


@entity(tasks_pb2.DataLoadingConfig)
class DataLoadingConfig(Entity):
    """TODO flyteidl.core.DataLoadingConfig."""

    enabled: bool
    input_path: str
    output_path: str
    format: LiteralMapFormat
    io_strategy: IOStrategy | None


@entity(tasks_pb2.IOStrategy)
class IOStrategy(Entity):
    """TODO flyteidl.core.IOStrategy."""

    download_mode: DownloadMode
    upload_mode: UploadMode


@entity(tasks_pb2.TaskTemplate)
class TaskTemplate(Entity):
    """TODO flyteidl.core.TaskTemplate."""

    id: Identifier | None
    type: str
    metadata: TaskMetadata | None
    interface: TypedInterface | None
    custom: FrozenDict[str, JsonValue] | None
    container: Container | None
    task_type_version: int
    security_context: SecurityContext | None
    extended_resources: ExtendedResources | None
    config: FrozenDict[str, str]
    k8s_pod: K8sPod | None
    sql: Sql | None


@entity(tasks_pb2.TaskMetadata)
class TaskMetadata(Entity):
    """TODO flyteidl.core.TaskMetadata."""

    discoverable: bool
    runtime: RuntimeMetadata | None
    timeout: Duration | None
    retries: RetryStrategy | None
    discovery_version: str
    deprecated_error_message: str
    interruptible: bool | None
    cache_serializable: bool
    tags: FrozenDict[str, str]
    pod_template_name: str
    cache_ignore_input_vars: tuple[str, ...]
    is_eager: bool
    generates_deck: bool | None
    metadata: K8sObjectMetadata | None


@entity(tasks_pb2.RuntimeMetadata)
class RuntimeMetadata(Entity):
    """TODO flyteidl.core.RuntimeMetadata."""

    type: RuntimeType
    version: str
    flavor: str


@entity(tasks_pb2.Container)
class Container(Entity):
    """TODO flyteidl.core.Container."""

    image: str
    command: tuple[str, ...]
    args: tuple[str, ...]
    resources: Resources | None
    env: tuple[KeyValuePair, ...]
    config: tuple[KeyValuePair, ...]
    ports: tuple[ContainerPort, ...]
    data_config: DataLoadingConfig | None
    architecture: ContainerArchitecture


@entity(tasks_pb2.ContainerPort)
class ContainerPort(Entity):
    """TODO flyteidl.core.ContainerPort."""

    container_port: int
    name: str


@entity(tasks_pb2.Sql)
class Sql(Entity):
    """TODO flyteidl.core.Sql."""

    statement: str
    dialect: SqlDialect


Resources.ResourceName = ResourceName  # type: ignore[attr-defined]
DataLoadingConfig.LiteralMapFormat = LiteralMapFormat  # type: ignore[attr-defined]
IOStrategy.DownloadMode = DownloadMode  # type: ignore[attr-defined]
IOStrategy.UploadMode = UploadMode  # type: ignore[attr-defined]
RuntimeMetadata.RuntimeType = RuntimeType  # type: ignore[attr-defined]
Container.Architecture = ContainerArchitecture  # type: ignore[attr-defined]
Sql.Dialect = SqlDialect  # type: ignore[attr-defined]
Resources.ResourceEntry = ResourceEntry  # type: ignore[attr-defined]
