"""TODO module doc."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flyteidl.admin import common_pb2

from .._model import Entity, ProtoEnum, field, entity, proto_enum

@proto_enum(common_pb2.Sort.DESCRIPTOR.enum_types_by_name["Direction"])
class SortDirection(ProtoEnum):
    """TODO flyteidl.admin.Sort.Direction."""

    DESCENDING = 0
    ASCENDING = 1


@entity(common_pb2.Sort)
class Sort(Entity):
    """TODO flyteidl.admin.Sort."""

    key: str
    direction: SortDirection


@entity(common_pb2.UrlBlob)
class UrlBlob(Entity):
    """TODO flyteidl.admin.UrlBlob."""

    url: str
    bytes: int


@entity(common_pb2.FlyteURLs)
class FlyteURLs(Entity):
    """TODO flyteidl.admin.FlyteURLs."""

    inputs: str
    outputs: str
    deck: str


Sort.Direction = SortDirection  # type: ignore[attr-defined]
