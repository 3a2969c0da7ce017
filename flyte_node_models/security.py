"""TODO module doc."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flyteidl.core import security_pb2

from ._model import Entity, ProtoEnum, field, entity, proto_enum

@proto_enum(security_pb2.Secret.DESCRIPTOR.enum_types_by_name["MountType"])
class MountType(ProtoEnum):
    """TODO flyteidl.core.Secret.MountType."""

    ANY = 0
    ENV_VAR = 1
    FILE = 2


@proto_enum(security_pb2.OAuth2TokenRequest.DESCRIPTOR.enum_types_by_name["Type"])
class OAuth2TokenRequestType(ProtoEnum):
    """TODO flyteidl.core.OAuth2TokenRequest.Type."""

    CLIENT_CREDENTIALS = 0


@entity(security_pb2.SecurityContext)
class SecurityContext(Entity):
    """TODO flyteidl.core.SecurityContext."""

    run_as: Identity | None
    secrets: tuple[Secret, ...]
    tokens: tuple[OAuth2TokenRequest, ...]


@entity(security_pb2.Identity)
class Identity(Entity):
    """TODO flyteidl.core.Identity."""

    iam_role: str
    k8s_service_account: str
    oauth2_client: OAuth2Client | None
    execution_identity: str


@entity(security_pb2.OAuth2Client)
class OAuth2Client(Entity):
    """TODO flyteidl.core.OAuth2Client."""

    client_id: str
    client_secret: Secret | None


@entity(security_pb2.Secret)
class Secret(Entity):
    """TODO flyteidl.core.Secret."""

    group: str
    group_version: str
    key: str
    mount_requirement: MountType
    env_var: str


@entity(security_pb2.OAuth2TokenRequest)
class OAuth2TokenRequest(Entity):
    """TODO flyteidl.core.OAuth2TokenRequest."""

    name: str
    type: OAuth2TokenRequestType
    client: OAuth2Client | None
    idp_discovery_endpoint: str
    token_endpoint: str


Secret.MountType = MountType  # type: ignore[attr-defined]
OAuth2TokenRequest.Type = OAuth2TokenRequestType  # type: ignore[attr-defined]
