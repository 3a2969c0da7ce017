"""The catalog: cache entries of task executions (``flyteidl/core/catalog.proto``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flyteidl.core import catalog_pb2

from .._model import Entity, ProtoEnum, entity, field, proto_enum

if TYPE_CHECKING:
    from ..core.identifier import Identifier, TaskExecutionIdentifier

@proto_enum(catalog_pb2.CatalogCacheStatus.DESCRIPTOR)
class CatalogCacheStatus(ProtoEnum):
    """What happened with the cache for a task execution."""

    CACHE_DISABLED = 0
    CACHE_MISS = 1
    CACHE_HIT = 2
    CACHE_POPULATED = 3
    CACHE_LOOKUP_FAILURE = 4
    CACHE_PUT_FAILURE = 5
    CACHE_SKIPPED = 6
    CACHE_EVICTED = 7


@entity(catalog_pb2.CatalogMetadata)
class CatalogMetadata(Entity):
    """The catalog (cache) entry a task execution used: dataset, artifact tag and source execution."""

    dataset_id: Identifier = field(default=None, metadata={"reads": "empty"})
    artifact_tag: CatalogArtifactTag = field(default=None, metadata={"reads": "empty"})
    source_task_execution: TaskExecutionIdentifier = field(default=None, metadata={"reads": "empty"})

    @property
    def source_execution(self) -> TaskExecutionIdentifier | None:
        """flytekit's name for the execution the entry came from: ``source_task_execution``."""
        return self.source_task_execution


@entity(catalog_pb2.CatalogArtifactTag)
class CatalogArtifactTag(Entity, share_strings=True):
    """An artifact in the catalog: its id and tag name."""

    artifact_id: str = ""
    name: str = ""
