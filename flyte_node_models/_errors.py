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


#: How many characters of a bad value or key an error message shows.
EXCERPT_CHARACTERS = 200


def excerpt(value: object) -> str:
    """``repr(value)`` for an error message, at most :data:`EXCERPT_CHARACTERS` of it: a longer string,
    bytes or repr is cut, and its length said (``'aaa'... (10485760 characters)``). Never fails."""
    limit = EXCERPT_CHARACTERS
    if isinstance(value, (str, bytes, bytearray)):
        if len(value) <= limit:
            return repr(value)
        return f"{value[:limit]!r}... ({len(value)} {'characters' if isinstance(value, str) else 'bytes'})"
    if isinstance(value, int) and value.bit_length() > 3 * limit:  # more digits than shown (or str() takes)
        return f"an int of {value.bit_length()} bits"
    try:
        text = repr(value)
    except Exception:  # a failing repr, or one nested too deep to make
        return f"a {type(value).__name__}"
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text)} characters)"
