"""Placeholder until the dict format lands (work in progress in this commit)."""

from __future__ import annotations

from typing import Any


class _Pending:
    def __getattr__(self, name: str) -> Any:
        raise NotImplementedError("the dict format is not built yet")


converter: Any = _Pending()
