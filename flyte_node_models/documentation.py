"""Documentation of tasks, workflows and launch plans (``flyteidl/admin/description_entity.proto``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flyteidl.admin import description_entity_pb2

from ._model import Entity, ProtoEnum, entity, field, oneof_value, proto_enum

if TYPE_CHECKING:
    from .core.identifier import Identifier


@proto_enum(description_entity_pb2.DescriptionFormat.DESCRIPTOR)
class DescriptionFormat(ProtoEnum):
    """How a long description is written."""

    DESCRIPTION_FORMAT_UNKNOWN = 0
    DESCRIPTION_FORMAT_MARKDOWN = 1
    DESCRIPTION_FORMAT_HTML = 2
    DESCRIPTION_FORMAT_RST = 3
    # flytekit's names, as aliases: a member's name stays flyteidl's
    UNKNOWN = 0
    MARKDOWN = 1
    HTML = 2
    RST = 3


@entity(description_entity_pb2.DescriptionEntity)
class Documentation(Entity):
    """What documents an entity: a one-line and a long description, a link to its source, tags."""

    short_description: str = ""
    long_description: Description = field(default=None, metadata={"reads": "empty"})
    source_code: SourceCode | None = None
    id: Identifier | None = field(default=None, kw_only=True)
    tags: tuple[str, ...] = field(default=(), kw_only=True)


@entity(description_entity_pb2.Description)
class Description(Entity):
    """A long description, inline or at a URI, with its format and an icon."""

    value: str | None = None
    uri: str | None = None
    icon_link: str | None = field(default="", metadata={"reads": "none"})
    #: RST unless given, as flytekit's constructor has it (a message without a format reads UNKNOWN)
    format: DescriptionFormat = field(default=DescriptionFormat.RST, metadata={"flytekit_default": True})

    content = oneof_value("content")


@entity(description_entity_pb2.SourceCode)
class SourceCode(Entity):
    """A link to the source code that defines an entity."""

    link: str = ""


Description.DescriptionFormat = DescriptionFormat  # type: ignore[attr-defined]
