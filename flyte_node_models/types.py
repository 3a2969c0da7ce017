"""Literal types (``flyteidl/core/types.proto``)."""

from __future__ import annotations

from flyteidl.core import types_pb2

from ._model import Entity, ProtoEnum, entity, field, oneof_value, proto_enum
from .wellknown import FrozenDict, JsonValue


@proto_enum(types_pb2.BlobType.DESCRIPTOR.enum_types_by_name["BlobDimensionality"])
class BlobDimensionality(ProtoEnum):
    """Whether a blob is a single file or a multipart directory."""

    SINGLE = 0
    MULTIPART = 1


@proto_enum(types_pb2.SchemaType.DESCRIPTOR.nested_types_by_name["SchemaColumn"].enum_types_by_name["SchemaColumnType"])
class SchemaColumnType(ProtoEnum):
    """The type of a schema column."""

    INTEGER = 0
    FLOAT = 1
    STRING = 2
    BOOLEAN = 3
    DATETIME = 4
    DURATION = 5


@proto_enum(types_pb2.SimpleType.DESCRIPTOR)
class SimpleType(ProtoEnum):
    """The simple literal types."""

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
    """The type of a blob: its format and whether it is one file or many."""

    format: str = ""
    dimensionality: BlobDimensionality = BlobDimensionality.SINGLE


@entity(types_pb2.SchemaType)
class SchemaType(Entity):
    """The columns of a schema type."""

    columns: tuple[SchemaColumn, ...] = ()


@entity(types_pb2.SchemaType.SchemaColumn)
class SchemaColumn(Entity):
    """A named, typed column of a schema."""

    name: str = ""
    type: SchemaColumnType = SchemaColumnType.INTEGER


@entity(types_pb2.Error)
class Error(Entity):
    """An error value: the node that failed and its message."""

    failed_node_id: str = ""
    message: str = ""


@entity(types_pb2.StructuredDatasetType)
class StructuredDatasetType(Entity):
    """The type of a structured dataset: columns, format and external schema."""

    columns: tuple[DatasetColumn, ...] = ()
    format: str = ""
    external_schema_type: str | None = field(default="", metadata={"reads": "none"})
    external_schema_bytes: bytes | None = field(default=b"", metadata={"reads": "none"})


@entity(types_pb2.StructuredDatasetType.DatasetColumn)
class DatasetColumn(Entity):
    """A named column of a structured dataset with its literal type."""

    name: str = ""
    literal_type: LiteralType = field(default=None, metadata={"reads": "empty"})


@entity(types_pb2.LiteralType)
class LiteralType(Entity):
    """The type of a literal: simple, schema, collection, map, blob, enum, dataset or union."""

    simple: SimpleType | None = None
    schema: SchemaType | None = None
    collection_type: LiteralType | None = None
    map_value_type: LiteralType | None = None
    blob: BlobType | None = None
    enum_type: EnumType | None = None
    union_type: UnionType | None = None
    structured_dataset_type: StructuredDatasetType | None = None
    metadata: FrozenDict[str, JsonValue] | None = None
    structure: TypeStructure | None = None
    annotation: TypeAnnotation | None = None


@entity(types_pb2.EnumType)
class EnumType(Entity):
    """An enum type: the names of its values."""

    values: tuple[str, ...] = ()


@entity(types_pb2.UnionType)
class UnionType(Entity):
    """A union type: its variant types."""

    variants: tuple[LiteralType, ...] = ()


@entity(types_pb2.TypeAnnotation)
class TypeAnnotation(Entity):
    """Free-form annotations on a literal type."""

    annotations: FrozenDict[str, JsonValue] = field(default=None, metadata={"reads": "empty"})

    @classmethod
    def merge_annotations(cls, annotation: TypeAnnotation, other_annotation: TypeAnnotation) -> TypeAnnotation:
        """The annotations of both, ``other_annotation``'s winning where both have a key."""
        return cls(FrozenDict({**(annotation.annotations or {}), **(other_annotation.annotations or {})}))


@entity(types_pb2.TypeStructure)
class TypeStructure(Entity):
    """The tag and dataclass fields that tell apart types of the same shape."""

    tag: str = ""
    dataclass_type: FrozenDict[str, LiteralType] = FrozenDict()


@entity(types_pb2.OutputReference)
class OutputReference(Entity):
    """A reference to another node's output variable, optionally into an attribute path."""

    node_id: str = ""
    var: str = ""
    attr_path: tuple[PromiseAttribute, ...] = field(default=(), metadata={"accepts": ("scalar",)})


@entity(types_pb2.PromiseAttribute)
class PromiseAttribute(Entity):
    """One step of an attribute path into an output: a string key or an integer index."""

    string_value: str | None = None
    int_value: int | None = None

    value = oneof_value()


TypeAnnotationModel = TypeAnnotation  # flytekit's name for it in this module

BlobType.BlobDimensionality = BlobDimensionality  # type: ignore[attr-defined]
SchemaColumn.SchemaColumnType = SchemaColumnType  # type: ignore[attr-defined]
SchemaType.SchemaColumn = SchemaColumn  # type: ignore[attr-defined]
StructuredDatasetType.DatasetColumn = DatasetColumn  # type: ignore[attr-defined]
