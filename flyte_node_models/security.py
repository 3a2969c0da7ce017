"""Security contexts, identities and secrets (``flyteidl/core/security.proto``)."""

from __future__ import annotations

from flyteidl.core import security_pb2

from ._model import Entity, ProtoEnum, entity, proto_enum


@proto_enum(security_pb2.Secret.DESCRIPTOR.enum_types_by_name["MountType"])
class MountType(ProtoEnum):
    """How a secret is mounted."""

    ANY = 0
    ENV_VAR = 1
    FILE = 2


@proto_enum(security_pb2.OAuth2TokenRequest.DESCRIPTOR.enum_types_by_name["Type"])
class OAuth2TokenRequestType(ProtoEnum):
    """The OAuth2 grant type."""

    CLIENT_CREDENTIALS = 0


@entity(security_pb2.SecurityContext)
class SecurityContext(Entity):
    """Who an execution runs as and the secrets and tokens it may use."""

    run_as: Identity | None = None
    secrets: tuple[Secret, ...] = ()
    tokens: tuple[OAuth2TokenRequest, ...] = ()


@entity(security_pb2.Identity)
class Identity(Entity):
    """An identity: IAM role, Kubernetes service account, OAuth2 client or execution identity."""

    iam_role: str = ""
    k8s_service_account: str = ""
    oauth2_client: OAuth2Client | None = None
    execution_identity: str = ""


@entity(security_pb2.OAuth2Client)
class OAuth2Client(Entity):
    """An OAuth2 client id and its secret."""

    client_id: str = ""
    client_secret: Secret | None = None


@entity(security_pb2.Secret)
class Secret(Entity):
    """A secret a task needs, and how it is mounted."""

    group: str = ""
    group_version: str = ""
    key: str = ""
    mount_requirement: MountType = MountType.ANY
    env_var: str = ""


@entity(security_pb2.OAuth2TokenRequest)
class OAuth2TokenRequest(Entity):
    """An OAuth2 token a task needs."""

    name: str = ""
    type: OAuth2TokenRequestType = OAuth2TokenRequestType.CLIENT_CREDENTIALS
    client: OAuth2Client | None = None
    idp_discovery_endpoint: str = ""
    token_endpoint: str = ""


Secret.MountType = MountType  # type: ignore[attr-defined]
OAuth2TokenRequest.Type = OAuth2TokenRequestType  # type: ignore[attr-defined]
