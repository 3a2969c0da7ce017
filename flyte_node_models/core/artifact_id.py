"""TODO module doc."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flyteidl.core import artifact_id_pb2

from .._model import Entity, ProtoEnum, field, entity, proto_enum
from ..wellknown import FrozenDict, Timestamp

@proto_enum(artifact_id_pb2.Operator.DESCRIPTOR)
class Operator(ProtoEnum):
    """TODO flyteidl.core.Operator."""

    MINUS = 0
    PLUS = 1


@proto_enum(artifact_id_pb2.Granularity.DESCRIPTOR)
class Granularity(ProtoEnum):
    """TODO flyteidl.core.Granularity."""

    UNSET = 0
    MINUTE = 1
    HOUR = 2
    DAY = 3
    MONTH = 4


@entity(artifact_id_pb2.ArtifactID)
class ArtifactID(Entity):
    """TODO flyteidl.core.ArtifactID."""

    artifact_key: ArtifactKey | None
    version: str
    partitions: Partitions | None
    time_partition: TimePartition | None


@entity(artifact_id_pb2.ArtifactKey)
class ArtifactKey(Entity):
    """TODO flyteidl.core.ArtifactKey."""

    project: str
    domain: str
    name: str
    org: str


@entity(artifact_id_pb2.Partitions)
class Partitions(Entity):
    """TODO flyteidl.core.Partitions."""

    value: FrozenDict[str, LabelValue]


@entity(artifact_id_pb2.LabelValue)
class LabelValue(Entity):
    """TODO flyteidl.core.LabelValue."""

    static_value: str | None
    time_value: Timestamp | None
    triggered_binding: ArtifactBindingData | None
    input_binding: InputBindingData | None
    runtime_binding: RuntimeBinding | None


@entity(artifact_id_pb2.ArtifactBindingData)
class ArtifactBindingData(Entity):
    """TODO flyteidl.core.ArtifactBindingData."""

    partition_key: str | None
    bind_to_time_partition: bool | None
    time_transform: TimeTransform | None


@entity(artifact_id_pb2.TimeTransform)
class TimeTransform(Entity):
    """TODO flyteidl.core.TimeTransform."""

    transform: str
    op: Operator


@entity(artifact_id_pb2.InputBindingData)
class InputBindingData(Entity):
    """TODO flyteidl.core.InputBindingData."""

    var: str


@entity(artifact_id_pb2.RuntimeBinding)
class RuntimeBinding(Entity):
    """TODO flyteidl.core.RuntimeBinding."""



@entity(artifact_id_pb2.TimePartition)
class TimePartition(Entity):
    """TODO flyteidl.core.TimePartition."""

    value: LabelValue | None
    granularity: Granularity


@entity(artifact_id_pb2.ArtifactTag)
class ArtifactTag(Entity):
    """TODO flyteidl.core.ArtifactTag."""

    artifact_key: ArtifactKey | None
    value: LabelValue | None
