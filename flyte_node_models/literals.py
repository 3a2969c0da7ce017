"""TODO module doc."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flyteidl.core import literals_pb2

from ._model import Entity, field, entity
from .wellknown import Duration, FrozenDict, JsonValue, Timestamp

if TYPE_CHECKING:
    from .types import BlobType, Error, LiteralType, OutputReference, SchemaType, StructuredDatasetType

@entity(literals_pb2.LiteralMap)
class LiteralMap(Entity):
    """TODO flyteidl.core.LiteralMap."""

    literals: FrozenDict[str, Literal]


@entity(literals_pb2.Literal)
class Literal(Entity):
    """TODO flyteidl.core.Literal."""

    scalar: Scalar | None
    collection: LiteralCollection | None
    map: LiteralMap | None
    hash: str
    metadata: FrozenDict[str, str]
    offloaded_metadata: LiteralOffloadedMetadata | None


@entity(literals_pb2.Scalar)
class Scalar(Entity):
    """TODO flyteidl.core.Scalar."""

    primitive: Primitive | None
    blob: Blob | None
    binary: Binary | None
    schema: Schema | None
    none_type: Void | None
    error: Error | None
    generic: FrozenDict[str, JsonValue] | None
    structured_dataset: StructuredDataset | None
    union: Union | None


@entity(literals_pb2.Primitive)
class Primitive(Entity):
    """TODO flyteidl.core.Primitive."""

    integer: int | None
    float_value: float | None
    string_value: str | None
    boolean: bool | None
    datetime: Timestamp | None
    duration: Duration | None


@entity(literals_pb2.Blob)
class Blob(Entity):
    """TODO flyteidl.core.Blob."""

    metadata: BlobMetadata | None
    uri: str


@entity(literals_pb2.BlobMetadata)
class BlobMetadata(Entity):
    """TODO flyteidl.core.BlobMetadata."""

    type: BlobType | None


@entity(literals_pb2.Binary)
class Binary(Entity):
    """TODO flyteidl.core.Binary."""

    value: bytes
    tag: str


@entity(literals_pb2.Schema)
class Schema(Entity):
    """TODO flyteidl.core.Schema."""

    uri: str
    type: SchemaType | None


@entity(literals_pb2.Void)
class Void(Entity):
    """TODO flyteidl.core.Void."""



@entity(literals_pb2.StructuredDataset)
class StructuredDataset(Entity):
    """TODO flyteidl.core.StructuredDataset."""

    uri: str
    metadata: StructuredDatasetMetadata | None


@entity(literals_pb2.StructuredDatasetMetadata)
class StructuredDatasetMetadata(Entity):
    """TODO flyteidl.core.StructuredDatasetMetadata."""

    structured_dataset_type: StructuredDatasetType | None


@entity(literals_pb2.Union)
class Union(Entity):
    """TODO flyteidl.core.Union."""

    value: Literal | None
    type: LiteralType | None


@entity(literals_pb2.LiteralCollection)
class LiteralCollection(Entity):
    """TODO flyteidl.core.LiteralCollection."""

    literals: tuple[Literal, ...]


@entity(literals_pb2.LiteralOffloadedMetadata)
class LiteralOffloadedMetadata(Entity):
    """TODO flyteidl.core.LiteralOffloadedMetadata."""

    uri: str
    size_bytes: int
    inferred_type: LiteralType | None


@entity(literals_pb2.RetryStrategy)
class RetryStrategy(Entity):
    """TODO flyteidl.core.RetryStrategy."""

    retries: int


@entity(literals_pb2.Binding)
class Binding(Entity):
    """TODO flyteidl.core.Binding."""

    var: str
    binding: BindingData | None


@entity(literals_pb2.BindingData)
class BindingData(Entity):
    """TODO flyteidl.core.BindingData."""

    scalar: Scalar | None
    collection: BindingDataCollection | None
    promise: OutputReference | None
    map: BindingDataMap | None
    union: UnionInfo | None
    offloaded_metadata: LiteralOffloadedMetadata | None


@entity(literals_pb2.BindingDataCollection)
class BindingDataCollection(Entity):
    """TODO flyteidl.core.BindingDataCollection."""

    bindings: tuple[BindingData, ...]


@entity(literals_pb2.BindingDataMap)
class BindingDataMap(Entity):
    """TODO flyteidl.core.BindingDataMap."""

    bindings: FrozenDict[str, BindingData]


@entity(literals_pb2.UnionInfo)
class UnionInfo(Entity):
    """TODO flyteidl.core.UnionInfo."""

    target_type: LiteralType | None = field(proto="targetType")


@entity(literals_pb2.KeyValuePair)
class KeyValuePair(Entity):
    """TODO flyteidl.core.KeyValuePair."""

    key: str
    value: str
