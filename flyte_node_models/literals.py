"""Literals: the values Flyte passes between nodes, and bindings (``flyteidl/core/literals.proto``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flyteidl.core import literals_pb2

from ._model import Entity, entity, field, oneof_value, to_duration, to_timestamp
from .types import Error, LiteralType, StructuredDatasetType  # as flytekit imports them here
from .wellknown import Duration, FrozenDict, JsonValue, Timestamp

if TYPE_CHECKING:
    from .types import BlobType, OutputReference, SchemaType

@entity(literals_pb2.LiteralMap)
class LiteralMap(Entity):
    """Named literals: the inputs or outputs of a task or workflow."""

    literals: FrozenDict[str, Literal] = FrozenDict()


@entity(literals_pb2.Literal)
class Literal(Entity):
    """A value Flyte passes between nodes: a scalar, a collection, a map or offloaded data."""

    scalar: Scalar | None = None
    collection: LiteralCollection | None = None
    map: LiteralMap | None = None
    hash: str | None = field(default="", metadata={"reads": "none"})
    metadata: FrozenDict[str, str] | None = field(default=FrozenDict(), metadata={"reads": "none"})
    offloaded_metadata: LiteralOffloadedMetadata | None = None

    value = oneof_value()


@entity(literals_pb2.Scalar)
class Scalar(Entity):
    """A single value: a primitive, blob, binary, schema, none, error, generic struct, dataset or union."""

    primitive: Primitive | None = None
    blob: Blob | None = None
    binary: Binary | None = None
    schema: Schema | None = None
    union: Union | None = None
    none_type: Void | None = None
    error: Error | None = None
    generic: FrozenDict[str, JsonValue] | None = None
    structured_dataset: StructuredDataset | None = None

    value = oneof_value()


@entity(literals_pb2.Primitive)
class Primitive(Entity):
    """An integer, float, string, boolean, datetime or duration."""

    integer: int | None = None
    float_value: float | None = None
    string_value: str | None = None
    boolean: bool | None = None
    datetime: Timestamp | None = field(default=None, converter=to_timestamp, metadata={"accepts": ("naive",)})
    duration: Duration | None = field(default=None, converter=to_duration)

    value = oneof_value()


@entity(literals_pb2.Blob)
class Blob(Entity):
    """A file or directory in blob storage, with its type."""

    metadata: BlobMetadata = field(default=None, metadata={"reads": "empty"})
    uri: str = ""


@entity(literals_pb2.BlobMetadata)
class BlobMetadata(Entity):
    """The type of a blob."""

    type: BlobType = field(default=None, metadata={"reads": "empty"})


@entity(literals_pb2.Binary)
class Binary(Entity):
    """Opaque bytes with a tag that says how to read them."""

    value: bytes = b""
    tag: str = ""


@entity(literals_pb2.Schema)
class Schema(Entity):
    """A tabular dataset at a URI, with its column types."""

    uri: str = ""
    type: SchemaType = field(default=None, metadata={"reads": "empty"})


@entity(literals_pb2.Void)
class Void(Entity):
    """The value of a None: nothing."""



@entity(literals_pb2.StructuredDataset)
class StructuredDataset(Entity):
    """A structured dataset (a dataframe) at a URI, with its metadata."""

    uri: str = ""
    metadata: StructuredDatasetMetadata = field(default=None, metadata={"reads": "empty"})


@entity(literals_pb2.StructuredDatasetMetadata)
class StructuredDatasetMetadata(Entity):
    """The type of a structured dataset."""

    structured_dataset_type: StructuredDatasetType = field(default=None, metadata={"reads": "empty"})


@entity(literals_pb2.Union)
class Union(Entity):
    """A value of a union type, with the variant type it holds."""

    value: Literal = field(default=None, metadata={"reads": "empty"})
    stored_type: LiteralType = field(default=None, metadata={"reads": "empty", "proto": "type"})


@entity(literals_pb2.LiteralCollection)
class LiteralCollection(Entity):
    """A list of literals."""

    literals: tuple[Literal, ...] = ()


@entity(literals_pb2.LiteralOffloadedMetadata)
class LiteralOffloadedMetadata(Entity):
    """Where a literal too big to inline was offloaded: URI, size and inferred type."""

    uri: str = ""
    size_bytes: int = 0
    inferred_type: LiteralType | None = None


@entity(literals_pb2.RetryStrategy)
class RetryStrategy(Entity):
    """How many times to retry a failed node or task."""

    retries: int = 0


@entity(literals_pb2.Binding)
class Binding(Entity):
    """Binds one input variable of a node to its data."""

    var: str = ""
    binding: BindingData = field(default=None, metadata={"reads": "empty"})


@entity(literals_pb2.BindingData)
class BindingData(Entity):
    """Where a binding's data comes from: a scalar, a collection, a map, a union or another node's output."""

    scalar: Scalar | None = None
    collection: BindingDataCollection | None = None
    promise: OutputReference | None = None
    map: BindingDataMap | None = None
    union: UnionInfo | None = field(default=None, kw_only=True)
    offloaded_metadata: LiteralOffloadedMetadata | None = field(default=None, kw_only=True)

    value = oneof_value()

    def to_literal_model(self) -> Literal:
        """The literal these binding data stand for, when they hold no promise (another node's output)."""
        if self.promise is not None:
            ref = self.promise
            raise ValueError(f"BindingData.promise: binding data that refer to another node's output "
                             f"({ref.node_id}.{ref.var}) have no literal")
        if self.collection is not None:
            return Literal(collection=LiteralCollection(tuple(b.to_literal_model() for b in self.collection.bindings)))
        if self.map is not None:
            return Literal(map=LiteralMap(FrozenDict({k: b.to_literal_model() for k, b in self.map.bindings.items()})))
        if self.offloaded_metadata is not None:
            return Literal(offloaded_metadata=self.offloaded_metadata)
        return Literal(scalar=self.scalar)


@entity(literals_pb2.BindingDataCollection)
class BindingDataCollection(Entity):
    """A list of binding data."""

    bindings: tuple[BindingData, ...] = ()


@entity(literals_pb2.BindingDataMap)
class BindingDataMap(Entity):
    """Named binding data."""

    bindings: FrozenDict[str, BindingData] = FrozenDict()


@entity(literals_pb2.UnionInfo)
class UnionInfo(Entity):
    """The union type a binding targets."""

    target_type: LiteralType | None = None


@entity(literals_pb2.KeyValuePair)
class KeyValuePair(Entity):
    """A key and its string value."""

    key: str = ""
    value: str = ""
