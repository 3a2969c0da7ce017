"""flytekit keeps ``TypeAnnotation`` in ``flytekit.models.annotation``; it is declared in
:mod:`flyte_node_models.types` and is the same class here."""

from .types import TypeAnnotation

__all__ = ["TypeAnnotation"]
