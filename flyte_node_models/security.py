"""Security contexts, identities and secrets (``flyteidl/core/security.proto``)."""

from __future__ import annotations

import re

from flyteidl.core import security_pb2

from ._model import Entity, ProtoEnum, entity, field, proto_enum


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
    secrets: tuple[Secret, ...] = field(default=(), metadata={"accepts": ("one",)})
    tokens: tuple[OAuth2TokenRequest, ...] = field(default=(), metadata={"accepts": ("one",)})


@entity(security_pb2.Identity)
class Identity(Entity):
    """An identity: IAM role, Kubernetes service account, OAuth2 client or execution identity."""

    iam_role: str | None = field(default="", metadata={"reads": "none"})
    k8s_service_account: str | None = field(default="", metadata={"reads": "none"})
    oauth2_client: OAuth2Client | None = None
    execution_identity: str | None = field(default="", metadata={"reads": "none"})


@entity(security_pb2.OAuth2Client)
class OAuth2Client(Entity):
    """An OAuth2 client id and its secret."""

    client_id: str = ""
    client_secret: Secret = field(default=None, metadata={"reads": "empty"})


@entity(security_pb2.Secret)
class Secret(Entity):
    """A secret a task needs, and how it is mounted. ``group``, ``key``, ``group_version`` and ``env_var``
    read None when they are not set, as flytekit shows them."""

    group: str | None = field(default="", metadata={"reads": "none"})
    key: str | None = field(default="", metadata={"reads": "none"})
    group_version: str | None = field(default="", metadata={"reads": "none"})
    mount_requirement: MountType = MountType.ANY
    env_var: str | None = field(default="", metadata={"reads": "none"})

    @env_var.validator
    def _check_env_var(self, _: object, value: str) -> None:
        if value and not _ENV_VAR.fullmatch(value):
            raise ValueError(f"Secret.env_var: {value!r} is not an environment variable name "
                             "(capitals, digits and underscores, not starting with a digit)")


@entity(security_pb2.OAuth2TokenRequest)
class OAuth2TokenRequest(Entity):
    """An OAuth2 token a task needs."""

    name: str = ""
    client: OAuth2Client | None = None
    idp_discovery_endpoint: str = ""
    token_endpoint: str = ""
    type_: OAuth2TokenRequestType = field(default=OAuth2TokenRequestType.CLIENT_CREDENTIALS, metadata={"proto": "type"})


_ENV_VAR = re.compile(r"[A-Z_][A-Z0-9_]*")

Secret.MountType = MountType  # type: ignore[attr-defined]
OAuth2TokenRequest.Type = OAuth2TokenRequestType  # type: ignore[attr-defined]
