"""Shared Flyte Admin messages: sorting and links (``flyteidl/admin/common.proto``)."""

from __future__ import annotations

from flyteidl.admin import common_pb2

from .._model import Entity, ProtoEnum, entity, proto_enum


@proto_enum(common_pb2.Sort.DESCRIPTOR.enum_types_by_name["Direction"])
class SortDirection(ProtoEnum):
    """Ascending or descending."""

    DESCENDING = 0
    ASCENDING = 1


@entity(common_pb2.Sort)
class Sort(Entity):
    """The order of a list request: a key and a direction."""

    key: str = ""
    direction: SortDirection = SortDirection.DESCENDING

    @classmethod
    def from_python_std(cls, text: str) -> Sort:
        """The sort that ``"asc(key)"`` or ``"desc(key)"`` names."""
        stripped = text.strip()
        for prefix, direction in (("asc(", SortDirection.ASCENDING), ("desc(", SortDirection.DESCENDING)):
            if stripped.startswith(prefix) and stripped.endswith(")"):
                return cls(key=stripped[len(prefix):-1].strip(), direction=direction)
        raise ValueError(f"Sort: {text!r} is neither 'asc(key)' nor 'desc(key)'")


@entity(common_pb2.UrlBlob)
class UrlBlob(Entity):
    """A link to data in blob storage, with its size in bytes."""

    url: str = ""
    bytes: int = 0


@entity(common_pb2.FlyteURLs)
class FlyteURLs(Entity):
    """flyte:// links to the inputs, outputs and deck of an execution."""

    inputs: str = ""
    outputs: str = ""
    deck: str = ""


Sort.Direction = SortDirection  # type: ignore[attr-defined]
