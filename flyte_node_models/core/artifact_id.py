"""Artifact identifiers and bindings (``flyteidl/core/artifact_id.proto``)."""

from __future__ import annotations

from flyteidl.core import artifact_id_pb2

from .._model import Entity, ProtoEnum, entity, field, proto_enum, to_timestamp
from ..wellknown import FrozenDict, Timestamp


@proto_enum(artifact_id_pb2.Operator.DESCRIPTOR)
class Operator(ProtoEnum):
    """An operator of a time transform."""

    MINUS = 0
    PLUS = 1


@proto_enum(artifact_id_pb2.Granularity.DESCRIPTOR)
class Granularity(ProtoEnum):
    """The granularity of a time partition."""

    UNSET = 0
    MINUTE = 1
    HOUR = 2
    DAY = 3
    MONTH = 4


@entity(artifact_id_pb2.ArtifactID)
class ArtifactID(Entity):
    """Names an artifact: key, version and partitions."""

    artifact_key: ArtifactKey | None = None
    version: str = ""
    partitions: Partitions | None = None
    time_partition: TimePartition | None = None


@entity(artifact_id_pb2.ArtifactKey)
class ArtifactKey(Entity):
    """An artifact's key: project, domain, name and org."""

    project: str = ""
    domain: str = ""
    name: str = ""
    org: str = ""


@entity(artifact_id_pb2.Partitions)
class Partitions(Entity):
    """The partition values of an artifact."""

    value: FrozenDict[str, LabelValue] = FrozenDict()


@entity(artifact_id_pb2.LabelValue)
class LabelValue(Entity):
    """A partition value: static, a time, or bound at run time."""

    static_value: str | None = None
    time_value: Timestamp | None = field(default=None, converter=to_timestamp)
    triggered_binding: ArtifactBindingData | None = None
    input_binding: InputBindingData | None = None
    runtime_binding: RuntimeBinding | None = None


@entity(artifact_id_pb2.ArtifactBindingData)
class ArtifactBindingData(Entity):
    """Binds a partition or time partition to an artifact."""

    partition_key: str | None = None
    bind_to_time_partition: bool | None = None
    time_transform: TimeTransform | None = None


@entity(artifact_id_pb2.TimeTransform)
class TimeTransform(Entity):
    """A transform of a time partition: a format and an operator."""

    transform: str = ""
    op: Operator = Operator.MINUS


@entity(artifact_id_pb2.InputBindingData)
class InputBindingData(Entity):
    """Binds a value to an input variable."""

    var: str = ""


@entity(artifact_id_pb2.RuntimeBinding)
class RuntimeBinding(Entity):
    """A value bound at run time."""



@entity(artifact_id_pb2.TimePartition)
class TimePartition(Entity):
    """The time partition of an artifact, with its granularity."""

    value: LabelValue | None = None
    granularity: Granularity = Granularity.UNSET


@entity(artifact_id_pb2.ArtifactQuery)
class ArtifactQuery(Entity):
    """Finds an artifact: by id, by tag, by URI, or bound to another artifact."""

    artifact_id: ArtifactID | None = None
    artifact_tag: ArtifactTag | None = None
    uri: str | None = None
    binding: ArtifactBindingData | None = None


@entity(artifact_id_pb2.ArtifactTag)
class ArtifactTag(Entity):
    """A tagged artifact: key and value."""

    artifact_key: ArtifactKey | None = None
    value: LabelValue | None = None
