"""flytekit keeps ``BlobType`` and ``EnumType`` in ``flytekit.models.core.types``; they are declared in
:mod:`flyte_node_models.types` with the rest of ``flyteidl/core/types.proto`` and are the same classes here."""

from ..types import BlobDimensionality, BlobType, EnumType

__all__ = ["BlobDimensionality", "BlobType", "EnumType"]
