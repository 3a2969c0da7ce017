"""TODO module doc."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flyteidl.core import types_pb2

from ._model import Entity, ProtoEnum, field, entity, proto_enum
from .wellknown import FrozenDict, JsonValue

@proto_enum(types_pb2.BlobType.DESCRIPTOR.enum_types_by_name["BlobDimensionality"])
class BlobDimensionality(ProtoEnum):
    """TODO flyteidl.core.BlobType.BlobDimensionality."""

    SINGLE = 0
    MULTIPART = 1


@proto_enum(types_pb2.SchemaType.DESCRIPTOR.nested_types_by_name["SchemaColumn"].enum_types_by_name["SchemaColumnType"])
class SchemaColumnType(ProtoEnum):
    """TODO flyteidl.core.SchemaType.SchemaColumn.SchemaColumnType."""

    INTEGER = 0
    FLOAT = 1
    STRING = 2
    BOOLEAN = 3
    DATETIME = 4
    DURATION = 5


@proto_enum(types_pb2.SimpleType.DESCRIPTOR)
class SimpleType(ProtoEnum):
    """TODO flyteidl.core.SimpleType."""

    NONE = 0
    INTEGER = 1
    FLOAT = 2
    STRING = 3
    BOOLEAN = 4
    DATETIME = 5
    DURATION = 6
    BINARY = 7
    ERROR = 8
    STRUCT = 9


@entity(types_pb2.BlobType)
class BlobType(Entity):
    """TODO flyteidl.core.BlobType."""

    format: str
    dimensionality: BlobDimensionality


@entity(types_pb2.SchemaType)
class SchemaType(Entity):
    """TODO flyteidl.core.SchemaType."""

    columns: tuple[SchemaColumn, ...]


@entity(types_pb2.SchemaType.SchemaColumn)
class SchemaColumn(Entity):
    """TODO flyteidl.core.SchemaType.SchemaColumn."""

    name: str
    type: SchemaColumnType


@entity(types_pb2.Error)
class Error(Entity):
    """TODO flyteidl.core.Error."""

    failed_node_id: str
    message: str


@entity(types_pb2.StructuredDatasetType)
class StructuredDatasetType(Entity):
    """TODO flyteidl.core.StructuredDatasetType."""

    columns: tuple[DatasetColumn, ...]
    format: str
    external_schema_type: str
    external_schema_bytes: bytes


@entity(types_pb2.StructuredDatasetType.DatasetColumn)
class DatasetColumn(Entity):
    """TODO flyteidl.core.StructuredDatasetType.DatasetColumn."""

    name: str
    literal_type: LiteralType | None


@entity(types_pb2.LiteralType)
class LiteralType(Entity):
    """TODO flyteidl.core.LiteralType."""

    simple: SimpleType | None
    schema: SchemaType | None
    collection_type: LiteralType | None
    map_value_type: LiteralType | None
    blob: BlobType | None
    metadata: FrozenDict[str, JsonValue] | None
    enum_type: EnumType | None
    structured_dataset_type: StructuredDatasetType | None
    annotation: TypeAnnotation | None
    union_type: UnionType | None
    structure: TypeStructure | None


@entity(types_pb2.EnumType)
class EnumType(Entity):
    """TODO flyteidl.core.EnumType."""

    values: tuple[str, ...]


@entity(types_pb2.UnionType)
class UnionType(Entity):
    """TODO flyteidl.core.UnionType."""

    variants: tuple[LiteralType, ...]


@entity(types_pb2.TypeAnnotation)
class TypeAnnotation(Entity):
    """TODO flyteidl.core.TypeAnnotation."""

    annotations: FrozenDict[str, JsonValue] | None


@entity(types_pb2.TypeStructure)
class TypeStructure(Entity):
    """TODO flyteidl.core.TypeStructure."""

    tag: str
    dataclass_type: FrozenDict[str, LiteralType]


@entity(types_pb2.OutputReference)
class OutputReference(Entity):
    """TODO flyteidl.core.OutputReference."""

    node_id: str
    var: str
    attr_path: tuple[PromiseAttribute, ...]


@entity(types_pb2.PromiseAttribute)
class PromiseAttribute(Entity):
    """TODO flyteidl.core.PromiseAttribute."""

    string_value: str | None
    int_value: int | None


BlobType.BlobDimensionality = BlobDimensionality  # type: ignore[attr-defined]
SchemaColumn.SchemaColumnType = SchemaColumnType  # type: ignore[attr-defined]
SchemaType.SchemaColumn = SchemaColumn  # type: ignore[attr-defined]
StructuredDatasetType.DatasetColumn = DatasetColumn  # type: ignore[attr-defined]
