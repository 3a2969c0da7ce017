"""The text format: records to and from protobuf text format, as protobuf's ``text_format`` has it.

Writing, a generated function per class appends the lines of its set fields, in field-number order,
to a list: exactly what ``text_format.MessageToString`` prints for the record's message (2-space
indentation, strings escaped as it escapes them, floats as it rounds them, map entries by sorted key,
well-known types as the plain messages they are).

Reading, the text is cut into tokens by one regular expression (the tokens ``text_format``'s tokenizer
makes: identifiers, numbers, quoted strings, single characters; whitespace and ``#`` comments between
them), then a generated function per class reads its fields, with every spelling ``text_format.Parse``
accepts and the same refusals, and fills a new record only when its whole message has been read.

Nesting: ``text_format.Parse`` sets no depth limit of its own; like the other formats, this one holds
records to protobuf's limit of 100 levels, counted as upb's binary decoder counts them (the top message
is level 1; every message below it, map entries and well-known messages included, one level more).
Deeper, in either direction, is a ``ConversionError`` naming the path of the first message too deep,
never a ``RecursionError``.
"""

from __future__ import annotations

import inspect
import math
import re
import struct
import unicodedata
from collections.abc import Callable
from typing import Any

import attrs
import cattrs
from google.protobuf import text_format

from .._errors import EXCERPT_CHARACTERS, ConversionError, excerpt
from .._model import MAX_DEPTH, SHARED_STRINGS, Entity, FieldSpec, ValueSpec, share_string
from ..wellknown import FrozenDict
from ..wellknown.duration import from_parts as duration
from ..wellknown.frozendict import EMPTY
from ..wellknown.struct import NAN
from ..wellknown.timestamp import from_parts as timestamp
from ._codegen import Hooks, RecordCode

_MAX_INDENT = 2 * (MAX_DEPTH - 1)  # the indentation of the fields of a message at the deepest level

_SCALARS = frozenset({"string", "bytes", "bool", "double", "float", "int32", "uint32", "int64", "uint64", "enum"})
_INT_RANGES = {
    "int32": (-(2**31), 2**31 - 1),
    "uint32": (0, 2**32 - 1),
    "int64": (-(2**63), 2**63 - 1),
    "uint64": (0, 2**64 - 1),
}
_DEFAULTS: dict[str, Any] = {"string": "", "bytes": b"", "bool": False, "double": 0.0, "float": 0.0}


def is_entity(cls: Any) -> bool:
    return isinstance(cls, type) and issubclass(cls, Entity)


def _too_deep() -> ConversionError:
    return ConversionError(f"messages nest deeper than {MAX_DEPTH} levels, protobuf's limit")


# ======================================================================================= record -> text

# text_format escapes strings as C does: ASCII controls, DEL, quotes and backslash; without as_utf8
# (and always for bytes) also every byte of non-ASCII text, as three octal digits.
_STR_ESCAPES = {i: f"\\{i:03o}" for i in [*range(32), 127]}
_STR_ESCAPES.update({9: "\\t", 10: "\\n", 13: "\\r", 34: '\\"', 39: "\\'", 92: "\\\\"})
_BYTE_ESCAPES = {**_STR_ESCAPES, **{i: f"\\{i:03o}" for i in range(128, 256)}}
_NEEDS_ESCAPE = re.compile("[\x00-\x1f\x7f\"'\\\\]")

#: Whether ``text_format.MessageToString`` leaves non-ASCII text unescaped by default (protobuf's default
#: changed over its releases; the converter follows the installed one unless told otherwise).
AS_UTF8_DEFAULT: bool = inspect.signature(text_format.MessageToString).parameters["as_utf8"].default


def _escape_utf8(value: str) -> str:
    if _NEEDS_ESCAPE.search(value) is not None:
        value = value.translate(_STR_ESCAPES)
    if not value.isascii():
        _utf8(value)
    return value


def _escape_ascii(value: str) -> str:
    if value.isascii():
        return value if _NEEDS_ESCAPE.search(value) is None else value.translate(_STR_ESCAPES)
    return _utf8(value).decode("latin-1").translate(_BYTE_ESCAPES)


def _utf8(value: str) -> bytes:
    try:
        return value.encode("utf-8")
    except UnicodeEncodeError:
        raise ConversionError(f"{excerpt(value)} holds a lone surrogate, which protobuf strings cannot hold") from None


def _escape_bytes(value: bytes) -> str:
    return value.decode("latin-1").translate(_BYTE_ESCAPES)


def _to_float32(value: float) -> float:
    """The 32-bit float a double becomes when stored in a ``float`` field (too large: infinity)."""
    try:
        return struct.unpack("<f", struct.pack("<f", value))[0]  # type: ignore[no-any-return]
    except OverflowError:
        return math.copysign(math.inf, value)


def _float_text(value: float) -> str:
    """A ``float`` field's value as text_format prints it: the fewest digits (6 or more) that give
    back the same 32-bit float."""
    if value != value:
        return "nan"
    for precision in range(6, 10):  # 9 significant digits tell every 32-bit float apart
        shortest = float(f"{value:.{precision}g}")
        if _to_float32(shortest) == value:
            return repr(shortest)
    return repr(value)


_BOOL_TEXT = ("false", "true")


def _write_seconds_nanos(value: Any, w: Callable[[str], Any], ind: str) -> None:
    if len(ind) > _MAX_INDENT:
        raise _too_deep()
    seconds, nanos = value.to_parts()
    if seconds:
        w(f"{ind}seconds: {seconds}\n")
    if nanos:
        w(f"{ind}nanos: {nanos}\n")


def _struct_writers(escape: Callable[[str], str]) -> dict[str, Callable[..., None]]:
    """The writers of ``Struct``, ``ListValue`` and ``Value`` fields, escaping strings with ``escape``."""

    def write_struct(value: Any, w: Callable[[str], Any], ind: str) -> None:
        if len(ind) > _MAX_INDENT or (value and len(ind) >= _MAX_INDENT):  # its entries are a level further down
            raise _too_deep()
        sub = ind + "  "
        for key in sorted(value):
            try:
                w(f"{ind}fields {{\n")
                if key:
                    w(f'{sub}key: "{escape(key)}"\n')
                w(f"{sub}value {{\n")
                write_value(value[key], w, sub + "  ")
                w(f"{sub}}}\n{ind}}}\n")
            except ConversionError as e:
                raise e.prefix(f"[{excerpt(key)}]") from None

    def write_list(value: Any, w: Callable[[str], Any], ind: str) -> None:
        if len(ind) > _MAX_INDENT:
            raise _too_deep()
        sub = ind + "  "
        for index, item in enumerate(value):
            try:
                w(f"{ind}values {{\n")
                write_value(item, w, sub)
                w(f"{ind}}}\n")
            except ConversionError as e:
                raise e.prefix(f"[{index}]") from None

    def write_value(value: Any, w: Callable[[str], Any], ind: str) -> None:
        if len(ind) > _MAX_INDENT:
            raise _too_deep()
        t = type(value)
        if value is None:
            w(f"{ind}null_value: NULL_VALUE\n")
        elif t is bool:
            w(f"{ind}bool_value: {_BOOL_TEXT[value]}\n")
        elif t is float:
            w(f"{ind}number_value: {value!r}\n")
        elif t is str:
            w(f'{ind}string_value: "{escape(value)}"\n')
        elif t is tuple:
            w(f"{ind}list_value {{\n")
            write_list(value, w, ind + "  ")
            w(f"{ind}}}\n")
        else:
            w(f"{ind}struct_value {{\n")
            write_struct(value, w, ind + "  ")
            w(f"{ind}}}\n")

    return {"write_struct": write_struct, "write_list": write_list, "write_value": write_value}


def _f(template: str) -> str:
    """Source of an f-string; ``template`` has ``{expressions}`` and ``{{``/``}}`` for braces."""
    return "f" + repr(template)


def _has_value(spec: ValueSpec, x: str, hooks: Hooks) -> str:
    """An expression telling whether an implicit-presence field holding ``x`` is set (not its default)."""
    if spec.kind in ("double", "float"):
        return f"({x} or {hooks.add(math.copysign, 'copysign')}(1.0, {x}) < 0)"  # -0.0 is set
    return x


def _write_stmts(spec: ValueSpec, label: str, x: str, ind: str, sub: str, hooks: Hooks) -> list[str]:
    """Statements writing ``label`` with value ``x`` at indentation ``ind`` (a message's fields at ``sub``)."""
    kind = spec.kind
    if kind == "wrapper" or kind not in _SCALARS:
        opening, closing = _f("{" + ind + "}" + label + " {{\n"), _f("{" + ind + "}}}\n")
        return [f"w({opening})", f"{_writer(spec, hooks)}({x}, w, {sub})", f"w({closing})"]
    if kind == "string":
        text = '"{escape(' + x + ')}"'
    elif kind == "bytes":
        text = '"{' + hooks.add(_escape_bytes, "besc") + "(" + x + ')}"'
    elif kind == "bool":
        text = "{" + hooks.add(_BOOL_TEXT, "bool") + "[" + x + "]}"
    elif kind == "double":
        text = "{" + x + "!r}"
    elif kind == "float":
        text = "{" + hooks.add(_float_text, "flt") + "(" + x + ")}"
    elif kind == "enum":
        text = "{" + x + "._name_}"  # unknown numbers are members named by their number
    else:
        text = "{" + x + "}"
    line = _f("{" + ind + "}" + label + ": " + text + "\n")
    return [f"w({line})"]


def _writer(spec: ValueSpec, hooks: Hooks) -> str:
    """The name of the function writing the fields of a message value (entity or well-known)."""
    kind = spec.kind
    if kind == "message":
        return hooks.name(spec.entity)
    if kind in ("timestamp", "duration"):
        return hooks.add(_write_seconds_nanos, kind)
    if kind in ("struct", "list_value", "value"):
        return {"struct": "write_struct", "list_value": "write_list", "value": "write_value"}[kind]
    assert kind == "wrapper" and spec.wrapped is not None
    wrapped = spec.wrapped
    lines = [f"def {hooks.add(None, 'wrap')}(x, w, ind):",
             f"    if len(ind) > {_MAX_INDENT}: raise {hooks.add(_too_deep)}()",
             f"    if {_has_value(wrapped, 'x', hooks)}:",
             *(f"        {s}" for s in _write_stmts(wrapped, "value", "x", "ind", "None", hooks))]
    return _define(hooks, lines)


def _define(hooks: Hooks, lines: list[str]) -> str:
    """Compile a small helper function into the hooks' namespace; returns its name."""
    name = lines[0][4:lines[0].index("(")]
    exec(compile("\n".join(lines) + "\n", f"<{hooks.label} {name}>", "exec"), hooks.namespace)  # noqa: S102
    return name


def _generate_unstructure(cls: type[Entity], hooks: Hooks) -> str:
    name = hooks.name(cls)
    body = [f"    {s}" for spec in cls.FIELDS for s in _write_field(spec, hooks)]
    text = "\n".join(body)
    lines = [f"def {name}(o, w, ind):", f"    if len(ind) > {_MAX_INDENT}: raise {hooks.add(_too_deep)}()"]
    lines += ["    ind2 = ind + '  '"] if "ind2" in text else []
    lines += ["    ind3 = ind2 + '  '"] if "ind3" in text else []
    return "\n".join(lines) + "\n" + text + "\n"


def _write_field(spec: FieldSpec, hooks: Hooks) -> list[str]:
    """Statements writing field ``spec`` of record ``o``, each path-prefixed if writing it can fail."""
    label, value = spec.name, spec.value
    can_fail = value.kind not in _SCALARS or value.kind == "string"  # too deep; a lone surrogate
    where = None  # for repeated and map fields: an expression naming the failing element
    if spec.shape == "map":
        assert spec.key is not None
        opening, closing = _f("{ind}" + label + " {{\n"), _f("{ind}}}\n")
        entry = [f"w({opening})",
                 f"if {_has_value(spec.key, 'k', hooks)}:",
                 *(f"    {s}" for s in _write_stmts(spec.key, "key", "k", "ind2", "ind3", hooks))]
        stmts = _write_stmts(value, "value", "x", "ind2", "ind3", hooks)
        if value.kind in _SCALARS:
            entry += [f"if {_has_value(value, 'x', hooks)}:", *(f"    {s}" for s in stmts)]
        else:
            entry += stmts  # a message value is written even when empty
        entry.append(f"w({closing})")
        body = ["for k in sorted(v):", "    x = v[k]", *(f"    {s}" for s in entry)]
        where, can_fail = f"f'[{{{hooks.add(excerpt, 'excerpt')}(k)}}]'", True
    elif spec.shape == "repeated":
        body = ["for x in v:", *(f"    {s}" for s in _write_stmts(value, label, "x", "ind", "ind2", hooks))]
        where = "f'[{v.index(x)}]'"  # x failed; an equal element before it would have failed first
    else:
        test = "v is not None" if spec.shape == "optional" else _has_value(value, "v", hooks)
        body = [f"if {test}:", *(f"    {s}" for s in _write_stmts(value, label, "v", "ind", "ind2", hooks))]
    lines = [f"v = o.{spec.attr}"]
    if spec.shape == "map":  # its entries are messages a level down
        lines.append(f"if v and len(ind) >= {_MAX_INDENT}: raise {hooks.add(_too_deep)}().prefix({label!r})")
    if not can_fail:
        return lines + body
    prefix = f"e.prefix({label!r})" if where is None else f"e.prefix({where}).prefix({label!r})"
    return lines + ["try:", *(f"    {s}" for s in body), "except ConversionError as e:",
                    f"    raise {prefix} from None"]


# ======================================================================================= text -> record

# The tokens text_format's tokenizer makes. Whitespace and comments match with an empty group, so
# findall() gives "" for them; any character that starts no token is a token by itself.
_TOKEN = re.compile(
    r"""\s+|\#[^\n]*|(
        [A-Za-z_][0-9A-Za-z_+-]*                       # identifier
      | (?:[0-9+-]|\.[0-9])[0-9A-Za-z_.+-]*            # number
      | "[^"\n\\]*(?:\\.[^"\n\\]*)*(?:"|\\?$)          # strings, unterminated ones up to the line's end
      | '[^'\n\\]*(?:\\.[^'\n\\]*)*(?:'|\\?$)
      | .)""",
    re.VERBOSE | re.MULTILINE,
)
_CLOSE = {"{": "}", "<": ">"}
_FIELD_NAME = re.compile(r"\w")


class _At(ConversionError):
    """A ConversionError about token number ``at``; ``structure`` turns that into line:column."""

    def __init__(self, reason: str, at: int, path: str = "") -> None:
        super().__init__(reason, path)
        self.at = at


def _show(token: str) -> str:
    if not token:
        return "the end of the text"
    return excerpt(token)


def _tokens(text: str) -> list[str]:
    tokens = [token for token in _TOKEN.findall(text) if token]
    tokens.append("")  # the end: every lookahead t[i] is a string
    return tokens


def _line_column(text: str, at: int) -> tuple[int, int]:
    """Line and column (from 1) of token number ``at`` (past the last: the end of the text)."""
    offset = len(text)
    count = 0
    for match in _TOKEN.finditer(text):
        if match.group(1):
            if count == at:
                offset = match.start(1)
                break
            count += 1
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def _open(t: list[str], i: int, depth: int) -> tuple[str, int]:
    """Read the bracket opening a message one level below level ``depth``; the closing bracket and next index."""
    end = _CLOSE.get(t[i])
    if end is None:
        raise _At(f"expected '{{' or '<' to open a message, got {_show(t[i])}", i)
    if depth >= MAX_DEPTH:
        raise _At(f"messages nest deeper than {MAX_DEPTH} levels, protobuf's limit", i)
    return end, i + 1


def _unknown(t: list[str], i: int, end: str, type_name: str) -> _At:
    """The error for a token where a field name (or the message's end) should be."""
    token = t[i]
    if not token:
        return _At(f"expected {end!r} to close {type_name}, got the end of the text", i)
    if _FIELD_NAME.match(token):
        return _At(f"{type_name} has no field named {excerpt(token)}", i,
                   token if len(token) <= EXCERPT_CHARACTERS else excerpt(token))
    closing = f" or {end!r}" if end else ""
    return _At(f"expected a field name of {type_name}{closing}, got {_show(token)}", i)


def _twice(t: list[str], i: int, type_name: str, name: str, other: str | None = None, oneof: str = "") -> _At:
    if other is None or other == name:
        return _At(f"field {name!r} of {type_name} is given twice", i)
    return _At(f"field {name!r} is given along with {other!r}, another member of oneof {oneof!r} of {type_name}", i)


def _colon(t: list[str], i: int) -> _At:
    return _At(f"expected ':' after the field name, got {_show(t[i])}", i)


def _separator(t: list[str], i: int) -> int:
    """Skip the optional ',' or ';' after a field."""
    token = t[i]
    return i + 1 if token == "," or token == ";" else i


Reader = Callable[[list[str], int, int], tuple[Any, int]]


def _element(read: Reader, t: list[str], i: int, depth: int, items: list[Any]) -> int:
    """Read one element of a repeated field into ``items``."""
    try:
        value, i = read(t, i, depth)
    except ConversionError as e:
        raise e.prefix(f"[{len(items)}]") from None
    items.append(value)
    return i


def _elements(read: Reader, t: list[str], i: int, depth: int, items: list[Any]) -> int:
    """Read the ``[a, b, ...]`` list of a repeated field (``[`` already read) into ``items``."""
    if t[i] == "]":
        return i + 1
    while True:
        i = _element(read, t, i, depth, items)
        token = t[i]
        if token == "]":
            return i + 1
        if token != ",":
            raise _At(f"expected ',' or ']' in a list, got {_show(token)}", i)
        i += 1


# --------------------------------------------------------------------------------------------- scalars

_OCTAL_INT = re.compile(r"(-?)0(\d+)")  # C's 0755
_OCTAL_FLOAT = re.compile(r"-?0[0-9]+")  # a float may not start like one
_INFINITY = re.compile(r"-?inf(?:inity)?f?", re.IGNORECASE)
_NOT_A_NUMBER = re.compile(r"nanf?", re.IGNORECASE)
_TRUE = frozenset({"true", "True", "t", "1"})
_FALSE = frozenset({"false", "False", "f", "0"})


def _integer(token: str) -> int | None:
    """An integer as text_format reads it: decimal, 0x hex, 0o/0 octal, 0b binary, signed; or None."""
    octal = _OCTAL_INT.fullmatch(token)
    if octal is not None:
        token = f"{octal[1]}0o{octal[2]}"
    try:
        return int(token, 0)
    except ValueError:
        return None


def _int_reader(kind: str) -> Reader:
    low, high = _INT_RANGES[kind]

    def read(t: list[str], i: int, depth: int) -> tuple[int, int]:
        value = _integer(t[i])
        if value is None:
            raise _At(f"expected an integer ({kind}), got {_show(t[i])}", i)
        if not low <= value <= high:
            raise _At(f"{excerpt(value)} is out of range for {kind}", i)
        return value, i + 1

    return read


def _float(token: str) -> float | None:
    """A floating-point number as text_format reads it (also inf, nan, a trailing f); or None."""
    if _OCTAL_FLOAT.match(token):
        return None
    try:
        return float(token)
    except ValueError:
        pass
    if _INFINITY.fullmatch(token):
        return -math.inf if token[0] == "-" else math.inf
    if _NOT_A_NUMBER.fullmatch(token):
        return NAN
    try:
        return float(token.rstrip("fF"))
    except ValueError:
        return None


def _read_double(t: list[str], i: int, depth: int) -> tuple[float, int]:
    value = _float(t[i])
    if value is None:
        raise _At(f"expected a number, got {_show(t[i])}", i)
    return (value if value == value else NAN), i + 1


def _read_float(t: list[str], i: int, depth: int) -> tuple[float, int]:
    value, i = _read_double(t, i, depth)
    return (value if value != value else _to_float32(value)), i


def _read_bool(t: list[str], i: int, depth: int) -> tuple[bool, int]:
    token = t[i]
    if token in _TRUE:
        return True, i + 1
    if token in _FALSE:
        return False, i + 1
    raise _At(f"expected true or false, got {_show(token)}", i)


def _enum_reader(spec: ValueSpec) -> Reader:
    cls = spec.enum
    descriptor = spec.descriptor.enum_type
    by_name = {v.name: v.number for v in descriptor.values}
    members = cls._value2member_map_
    low, high = _INT_RANGES["int32"]

    def read(t: list[str], i: int, depth: int) -> tuple[Any, int]:
        token = t[i]
        try:
            number = int(token, 0)
        except ValueError:
            found = by_name.get(token)
            if found is None:
                raise _At(f"{descriptor.full_name} has no value named {_show(token)}", i) from None
            number = found
        else:
            if not low <= number <= high:
                raise _At(f"{excerpt(number)} is out of range for enum {descriptor.full_name}", i)
        member = members.get(number)
        return (cls(number) if member is None else member), i + 1

    return read


# Unescaping a string literal, in text_format's two steps. First, \uXXXX and \UXXXXXXXX become
# characters (which the second step may read as escapes in turn), \xH gets its missing 0, and a
# backslash before a character beyond Latin-1 is taken as a literal backslash before that character's
# own \u escape. Second, C escapes become bytes: \n and the like, \ooo, \xHH, and \uXXXX, \UXXXXXXXX
# and \N{name} of Latin-1 characters; other escapes stay as they are written.
_FIRST = re.compile(r"\\(?:x([0-9a-fA-F])(?![0-9a-fA-F])|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|([uU])|(.)|$)",
                    re.DOTALL)
_SECOND = re.compile(
    r"\\(?:([0-7]{1,3})|x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|N\{([^}]+)\}|([xuUN])|(.)|$)",
    re.DOTALL,
)
_SIMPLE_ESCAPES = {"\\": b"\\", "'": b"'", '"': b'"', "a": b"\a", "b": b"\b", "f": b"\f", "n": b"\n", "r": b"\r",
                   "t": b"\t", "v": b"\v", "\n": b""}


def _first_step(match: re.Match[str]) -> str:
    digit, four, eight, truncated, other = match.groups()
    if digit is not None:
        return "\\x0" + digit
    if four is not None:
        return chr(int(four, 16))
    if eight is not None:
        code = int(eight, 16)
        if code > 0x10FFFF:
            raise ValueError(f"\\U{eight} is beyond Unicode")
        return chr(code)
    if truncated is not None:
        raise ValueError(f"\\{truncated} needs {4 if truncated == 'u' else 8} hex digits")
    if other is None:
        return "\\"
    if ord(other) > 0xFF:
        return "\\\\" + (f"u{ord(other):04x}" if ord(other) <= 0xFFFF else f"U{ord(other):08x}")
    return "\\" + other


def _second_step(text: str) -> bytes:
    out = bytearray()
    start = 0
    for match in _SECOND.finditer(text):
        out += text[start:match.start()].encode("utf-8")
        start = match.end()
        octal, hex2, four, eight, name, truncated, other = match.groups()
        if other is not None:
            simple = _SIMPLE_ESCAPES.get(other)
            out += b"\\" + other.encode("utf-8") if simple is None else simple  # unknown escapes stay
            continue
        if truncated is not None:
            raise ValueError(f"malformed \\{truncated} escape")
        if name is not None:
            try:
                char = unicodedata.lookup(name)
            except KeyError:
                raise ValueError(f"unknown character name {excerpt(name)} in a \\N{{...}} escape") from None
            if len(char) != 1:
                raise ValueError(f"\\N{{{name}}} is a sequence of characters")
            code = ord(char)
        elif octal is not None:
            code = int(octal, 8)
        elif match.group(0) == "\\":
            raise ValueError("a backslash ends the string")
        else:
            code = int(hex2 or four or eight, 16)
        if code > 0xFF:
            raise ValueError(f"{match.group(0)} is not a byte")
        out.append(code)
    out += text[start:].encode("utf-8")
    return bytes(out)


def _unescape(body: str) -> bytes:
    """The bytes a string literal's body (between its quotes) stands for; ValueError if malformed."""
    if "\\" not in body:
        return body.encode("utf-8")
    return _second_step(_FIRST.sub(_first_step, body))


def _read_literals(t: list[str], i: int) -> tuple[list[str] | bytes, int]:
    """Read adjacent string literals; their bodies when none has a backslash, else their bytes."""
    token = t[i]
    if token[:1] not in ("'", '"'):
        raise _At(f"expected a quoted string, got {_show(token)}", i)
    bodies = []
    first = i
    while True:
        if len(token) < 2 or token[-1] != token[0]:
            raise _At(f"string {_show(token)} has no closing quote", i)
        bodies.append(token[1:-1])
        i += 1
        token = t[i]
        if token[:1] not in ("'", '"'):
            break
    if not any("\\" in body for body in bodies):
        return bodies, i
    parts = []
    for at, body in enumerate(bodies, first):
        try:
            parts.append(_unescape(body))
        except (ValueError, UnicodeError) as e:
            raise _At(f"bad string literal: {e}", at) from None
    return b"".join(parts), i


def _read_string(t: list[str], i: int, depth: int) -> tuple[str, int]:
    first = i
    found, i = _read_literals(t, i)
    if isinstance(found, list):  # no escapes: the text is the string, if it can be UTF-8
        text = found[0] if len(found) == 1 else "".join(found)
        if not text.isascii():
            try:
                text.encode("utf-8")
            except UnicodeEncodeError:
                raise _At("string holds a lone surrogate, which is not UTF-8", first) from None
        return text, i
    try:
        return found.decode("utf-8"), i
    except UnicodeDecodeError as e:
        raise _At(f"string is not valid UTF-8: {e.reason} at byte {e.start}", first) from None


def _read_bytes(t: list[str], i: int, depth: int) -> tuple[bytes, int]:
    first = i
    found, i = _read_literals(t, i)
    if isinstance(found, list):
        try:
            return "".join(found).encode("utf-8"), i
        except UnicodeEncodeError:
            raise _At("bytes literal holds a lone surrogate, which is not UTF-8", first) from None
    return found, i


_SCALAR_READERS: dict[str, Reader] = {
    "string": _read_string, "bytes": _read_bytes, "bool": _read_bool, "double": _read_double,
    "float": _read_float, **{kind: _int_reader(kind) for kind in _INT_RANGES},
}


def _is_default(value: Any) -> bool:
    """Whether an implicit-presence scalar holds its default (text_format lets such a field be given again)."""
    if type(value) is float:
        return value == 0 and math.copysign(1.0, value) > 0
    return not value


# ------------------------------------------------------------- plain messages: well-known types, entries


@attrs.frozen
class _Slot:
    """A field of a message read by :func:`_body`."""

    read: Reader
    message: bool = False  # a message: ':' optional, given at most once
    repeated: bool = False
    oneof: str | None = None  # the message's (single) oneof, if this field is a member


def _body(t: list[str], i: int, depth: int, type_name: str, slots: dict[str, _Slot]) -> tuple[dict[str, Any], int]:
    """Read a bracketed message of fields ``slots``: what was given by field name, and the next index."""
    end, i = _open(t, i, depth)
    depth += 1
    found: dict[str, Any] = {}
    name = ""
    chosen = None
    try:
        while True:
            name = t[i]
            if name == end:
                break
            slot = slots.get(name)
            if slot is None:
                name = ""
                raise _unknown(t, i, end, type_name)
            if slot.oneof is not None:
                if chosen is not None:
                    raise _twice(t, i, type_name, name, chosen, slot.oneof)
                chosen = name
            elif not slot.repeated and name in found and (slot.message or not _is_default(found[name])):
                raise _twice(t, i, type_name, name)
            i += 1
            if t[i] == ":":
                i += 1
            elif not slot.message:
                raise _colon(t, i)
            if slot.repeated:
                items = found.setdefault(name, [])
                i = _elements(slot.read, t, i + 1, depth, items) if t[i] == "[" else _element(
                    slot.read, t, i, depth, items)
            else:
                found[name], i = slot.read(t, i, depth)
            i = _separator(t, i)
    except ConversionError as e:
        raise (e.prefix(name) if name else e) from None
    return found, i + 1


_SECONDS_NANOS = {"seconds": _Slot(_SCALAR_READERS["int64"]), "nanos": _Slot(_SCALAR_READERS["int32"])}


def _read_timestamp(t: list[str], i: int, depth: int) -> tuple[Any, int]:
    found, end = _body(t, i, depth, "google.protobuf.Timestamp", _SECONDS_NANOS)
    try:
        return timestamp(found.get("seconds", 0), found.get("nanos", 0)), end
    except ValueError as e:
        raise _At(str(e), i) from None


def _read_duration(t: list[str], i: int, depth: int) -> tuple[Any, int]:
    found, end = _body(t, i, depth, "google.protobuf.Duration", _SECONDS_NANOS)
    try:
        return duration(found.get("seconds", 0), found.get("nanos", 0)), end
    except ValueError as e:
        raise _At(str(e), i) from None


def _read_value(t: list[str], i: int, depth: int) -> tuple[Any, int]:
    found, end = _body(t, i, depth, "google.protobuf.Value", _VALUE_SLOTS)
    if not found:
        raise _At("google.protobuf.Value has no kind set", i)
    [(kind, value)] = found.items()
    return (None if kind == "null_value" else value), end


def _read_struct_entry(t: list[str], i: int, depth: int) -> tuple[tuple[str, Any], int]:
    found, end = _body(t, i, depth, "google.protobuf.Struct.FieldsEntry", _STRUCT_ENTRY_SLOTS)
    if "value" not in found:
        raise _At("google.protobuf.Value has no kind set", i, "value")
    return (found.get("key", ""), found["value"]), end


def _read_struct(t: list[str], i: int, depth: int) -> tuple[FrozenDict[str, Any], int]:
    found, end = _body(t, i, depth, "google.protobuf.Struct", _STRUCT_SLOTS)
    fields = found.get("fields")
    return (FrozenDict(fields) if fields else EMPTY), end


def _read_list(t: list[str], i: int, depth: int) -> tuple[tuple[Any, ...], int]:
    found, end = _body(t, i, depth, "google.protobuf.ListValue", _LIST_SLOTS)
    return tuple(found.get("values", ())), end


def _read_null(t: list[str], i: int, depth: int) -> tuple[None, int]:
    token = t[i]  # google.protobuf.NullValue: open, so any int32 number is taken (and means null)
    try:
        number = int(token, 0)
    except ValueError:
        if token != "NULL_VALUE":
            raise _At(f"google.protobuf.NullValue has no value named {_show(token)}", i) from None
    else:
        if not -(2**31) <= number < 2**31:
            raise _At(f"{excerpt(number)} is out of range for enum google.protobuf.NullValue", i)
    return None, i + 1


_VALUE_SLOTS = {
    "null_value": _Slot(_read_null, oneof="kind"),
    "number_value": _Slot(_read_double, oneof="kind"),
    "string_value": _Slot(_read_string, oneof="kind"),
    "bool_value": _Slot(_read_bool, oneof="kind"),
    "struct_value": _Slot(_read_struct, message=True, oneof="kind"),
    "list_value": _Slot(_read_list, message=True, oneof="kind"),
}
_STRUCT_ENTRY_SLOTS = {"key": _Slot(_read_string), "value": _Slot(_read_value, message=True)}
_STRUCT_SLOTS = {"fields": _Slot(_read_struct_entry, message=True, repeated=True)}
_LIST_SLOTS = {"values": _Slot(_read_value, message=True, repeated=True)}


def _late(hooks: Hooks, name: str) -> Reader:
    """Call reader ``name`` of the namespace, which may not be compiled yet (recursive types)."""
    namespace = hooks.namespace

    def read(t: list[str], i: int, depth: int) -> tuple[Any, int]:
        return namespace[name](t, i, depth)  # type: ignore[no-any-return]

    return read


def _wrapper_reader(spec: ValueSpec, hooks: Hooks) -> Reader:
    assert spec.wrapped is not None
    slots = {"value": _Slot(_late(hooks, _reader(spec.wrapped, hooks)))}
    type_name = spec.message_name
    default = _default(spec.wrapped)

    def read(t: list[str], i: int, depth: int) -> tuple[Any, int]:
        found, end = _body(t, i, depth, type_name, slots)
        return found.get("value", default), end

    return read


def _entry_reader(spec: FieldSpec, hooks: Hooks) -> Reader:
    """A reader of one map entry, ``{key: ... value: ...}``, as a (key, value) pair."""
    assert spec.key is not None
    entry = spec.descriptor.message_type
    value_is_message = spec.value.kind not in _SCALARS
    slots = {"key": _Slot(_late(hooks, _reader(spec.key, hooks))),
             "value": _Slot(_late(hooks, _reader(spec.value, hooks)), message=value_is_message)}
    key_default = _default(spec.key)
    value_default = _default(spec.value)  # an entry without a value holds the value's default

    def read(t: list[str], i: int, depth: int) -> tuple[tuple[Any, Any], int]:
        found, end = _body(t, i, depth, entry.full_name, slots)
        value = found.get("value", value_default)
        if value is _NO_VALUE:
            raise _At("google.protobuf.Value has no kind set", i, "value")
        return (found.get("key", key_default), value), end

    return read


_NO_VALUE = object()  # a google.protobuf.Value has no default: from_flyte_idl rejects one without a kind


def _default(spec: ValueSpec) -> Any:
    """The record value of a field's default: of a scalar, enum, or a message left empty."""
    kind = spec.kind
    if kind == "enum":
        return spec.enum(0)
    if kind == "message":
        return spec.entity()
    if kind == "wrapper":
        assert spec.wrapped is not None
        return _default(spec.wrapped)
    if kind in ("timestamp", "duration"):
        return (timestamp if kind == "timestamp" else duration)(0, 0)
    empty = {"struct": EMPTY, "list_value": (), "value": _NO_VALUE}
    return empty[kind] if kind in empty else _DEFAULTS.get(kind, 0)


# ------------------------------------------------------------------------------------- entity readers


def _reader(spec: ValueSpec, hooks: Hooks) -> str:
    """The namespace name of a ``(tokens, index, depth) -> (value, next index)`` function for ``spec``."""
    kind = spec.kind
    if kind == "message":
        return hooks.name(spec.entity)
    if kind == "enum":
        return hooks.add(_enum_reader(spec), "enum")
    if kind == "wrapper":
        return hooks.add(_wrapper_reader(spec, hooks), "wrap")
    return hooks.add(_WELL_KNOWN_READERS.get(kind) or _SCALAR_READERS[kind], kind)


_WELL_KNOWN_READERS: dict[str, Reader] = {
    "timestamp": _read_timestamp, "duration": _read_duration, "struct": _read_struct,
    "list_value": _read_list, "value": _read_value,
}


def _generate_structure(cls: type[Entity], hooks: Hooks) -> str:
    name = hooks.name(cls)
    type_name = cls.PROTO.DESCRIPTOR.full_name
    record = RecordCode(cls, hooks)
    numbers = hooks.add({spec.name: n for n, spec in enumerate(cls.FIELDS)}, "fields")
    twice, colon, unknown = hooks.add(_twice), hooks.add(_colon), hooks.add(_unknown)
    elements, element = hooks.add(_elements), hooks.add(_element)

    init: list[str] = [f"    w_{oneof} = None" for oneof in cls.ONEOFS]
    branches: list[str] = []
    build: list[str] = []
    for n, spec in enumerate(cls.FIELDS):
        var, value = f"v_{spec.name}", spec.value
        message = spec.shape == "map" or value.kind not in _SCALARS
        read = hooks.add(_entry_reader(spec, hooks), "entry") if spec.shape == "map" else _reader(value, hooks)
        lines = [f"f = {spec.name!r}"]
        if spec.oneof:
            lines += [f"if w_{spec.oneof} is not None:",
                      f"    raise {twice}(t, i, {type_name!r}, f, w_{spec.oneof}, {spec.oneof!r})",
                      f"w_{spec.oneof} = f"]
        elif spec.shape == "optional":
            lines.append(f"if {var} is not None: raise {twice}(t, i, {type_name!r}, f)")
        elif spec.shape == "single":
            lines.append(f"if {_has_value(value, var, hooks)}: raise {twice}(t, i, {type_name!r}, f)")
        lines.append("i += 1")
        lines += ["if t[i] == ':': i += 1"] if message else [f"if t[i] != ':': raise {colon}(t, i)", "i += 1"]
        if spec.shape in ("repeated", "map"):
            lines.append(f"i = {elements}({read}, t, i + 1, depth, {var}) if t[i] == '[' "
                         f"else {element}({read}, t, i, depth, {var})")
            init.append(f"    {var} = []")
            if spec.shape == "map":
                frozen, empty = hooks.add(FrozenDict, "frozendict"), hooks.add(EMPTY, "empty")
                build.append(f"    {record.set('o', spec.attr, f'{frozen}({var}) if {var} else {empty}')}")
            else:
                build.append(f"    {record.set('o', spec.attr, f'tuple({var})')}")
        else:
            lines.append(f"{var}, i = {read}(t, i, depth)")
            default = None if spec.shape == "optional" else _default(value)
            init.append(f"    {var} = {hooks.add(default, 'default')}")
            if spec.shared:
                get, share = hooks.add(SHARED_STRINGS.get, "shared"), hooks.add(share_string, "share")
                shared = f"({get}({var}) or {share}({var})) if {var} else {var}"
                build.append(f"    {record.set('o', spec.attr, shared)}")
            else:
                build.append(f"    {record.set('o', spec.attr, var)}")
        branches.append(f"            {'if' if n == 0 else 'elif'} k == {n}:")
        branches += [f"                {line}" for line in lines]

    source = [
        f"def {name}(t, i, depth, end=None):",
        "    if end is None:",
        f"        end, i = {hooks.add(_open)}(t, i, depth)",
        "        depth += 1",
        *init,
        "    f = ''",
        "    try:",
        "        while True:",
        "            token = t[i]",
        "            if token == end: break",
        f"            k = {numbers}.get(token)",
        "            if k is None:",
        "                f = ''",
        f"                raise {unknown}(t, i, end, {type_name!r})",
        *branches,
        f"            i = {hooks.add(_separator)}(t, i)",
        "    except ConversionError as e:",
        "        raise (e.prefix(f) if f else e) from None",
        *record.new(),
        *build,
        *record.finish(),
        "    return o, i + 1",
    ]
    return "\n".join(source) + "\n"


# --------------------------------------------------------------------------------------- the converter


class TextConverter(cattrs.Converter):
    """cattrs converter between records and protobuf text format; ``structure(text, cls)``/``unstructure(rec)``."""

    def __init__(self, *, as_utf8: bool = AS_UTF8_DEFAULT) -> None:
        """``as_utf8`` as ``text_format.MessageToString`` has it: False escapes non-ASCII text too."""
        super().__init__()
        escape = _escape_utf8 if as_utf8 else _escape_ascii
        self.readers = Hooks("from_text", _generate_structure)
        self.writers = Hooks("to_text", _generate_unstructure, escape=escape, **_struct_writers(escape))
        configure_converter(self)


def _parse(text: Any, read: Callable[..., tuple[Any, int]], cls: type[Entity]) -> Any:
    if isinstance(text, (bytes, bytearray, memoryview)):
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError as e:
            raise ConversionError(f"text format must be UTF-8: {e}") from None
    elif not isinstance(text, str):
        raise ConversionError(f"expected protobuf text format (str), got {type(text).__name__}")
    try:
        record, _ = read(_tokens(text), 0, 1, "")  # the top message is level 1
    except _At as e:
        line, column = _line_column(text, e.at)
        raise ConversionError(f"{line}:{column}: {e.reason}", e.path) from None
    return record


def configure_converter(converter: TextConverter) -> None:
    readers, writers = converter.readers, converter.writers

    def structure_factory(cls: type[Entity]) -> Any:
        read = readers[cls]
        return lambda text, _=None: _parse(text, read, cls)

    def unstructure_factory(cls: type[Entity]) -> Any:
        write = writers[cls]

        def unstructure(record: Any) -> str:
            out: list[str] = []
            write(record, out.append, "")
            return "".join(out)

        return unstructure

    converter.register_structure_hook_factory(is_entity, structure_factory)
    converter.register_unstructure_hook_factory(is_entity, unstructure_factory)


def make_converter(*, as_utf8: bool = AS_UTF8_DEFAULT) -> TextConverter:
    return TextConverter(as_utf8=as_utf8)


converter = make_converter()
