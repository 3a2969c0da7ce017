"""The one exception for rejected input."""

from __future__ import annotations


class ConversionError(ValueError):
    """Input that cannot become a record (or a record that cannot be written in a format).

    ``path`` is the dotted path of the offending field (``closure.taskNodeMetadata.cacheStatus``),
    ``reason`` says what was wrong with it. Converters raise it at the bad field and prefix the path
    on the way out, so the message always names where the problem is.
    """

    def __init__(self, reason: str, path: str = "") -> None:
        super().__init__(reason, path)
        self.reason = reason
        self.path = path

    def prefix(self, part: str) -> ConversionError:
        """Put ``part`` (a field name or ``[index]``) in front of the path; returns self."""
        if not self.path:
            self.path = part
        elif self.path[0] == "[":
            self.path = part + self.path
        else:
            self.path = f"{part}.{self.path}"
        self.args = (self.reason, self.path)
        return self

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}" if self.path else self.reason

    def __reduce__(self) -> tuple[type[ConversionError], tuple[str, str]]:
        return (type(self), (self.reason, self.path))
