"""Streams of records: JSON lines and JSON arrays, read and written one record at a time.

Readers take any file object (binary or text) and yield records as the input arrives, holding one
record's text at a time; writers take any iterable of records. Each record is read and written by the
dict format (``from_dict``/``to_dict``): a stream is the proto3 JSON of its records, one after another.

The JSON forms read:

- JSON lines: one record per line (blank lines are skipped);
- a JSON array: each element a record, parsed element by element;
- flytectl's ``get execution NAME --details -o json``: an array of ``{"node_exec": {...}, "child_nodes":
  [...], "task_execs": [...], ...}``, whose node executions (children after their parent, at any depth)
  are the records; its task executions and extracted inputs and outputs are left out;
- one JSON object: one record.

A record that cannot be read raises :class:`StreamError`, which says where it is (``line 7``, ``[3]``)
beside the field path, after every record before it has been yielded.

From protobuf, JSON is written with no records in between: :func:`write_jsonl_from_bytes` writes the
wire bytes of a ``NodeExecutionList`` (a page of Flyte Admin's ``ListNodeExecutions``, a file) as JSON
lines, one node execution at a time, :func:`write_jsonl_from_message` the message itself (as a gRPC
client holds it), and :func:`message_dicts` gives the dicts of a message's records. They give exactly
what the records would (``to_dict``), several times faster.
"""

from __future__ import annotations

import codecs
import io
import itertools
import json
from collections.abc import Iterable, Iterator
from typing import IO, Any, Protocol

from . import converters
from ._errors import ConversionError
from ._model import Entity, model_for
from .converters import proto_json
from .converters.dict import load_json
from .core.errors import ErrorDocument
from .dynamic_job import DynamicJobSpec
from .node_execution import DynamicWorkflowNodeMetadata, NodeExecution, NodeExecutionGetDataResponse, NodeExecutionList

__all__ = [
    "DEFAULT_TYPES", "FLYTECTL_DETAILS", "StreamError", "message_dicts", "read_json", "read_json_array", "read_jsonl",
    "type_for", "write_json_array", "write_jsonl", "write_jsonl_from_bytes", "write_jsonl_from_message",
]

#: The message types a record is taken for when no class is given, in the order they are tried.
DEFAULT_TYPES: tuple[type[Entity], ...] = (
    NodeExecution, NodeExecutionList, NodeExecutionGetDataResponse, DynamicWorkflowNodeMetadata,
    ErrorDocument, DynamicJobSpec,  # the files at a node execution's error_uri and dynamic_job_spec_uri
)
#: The keys of an entry of flytectl's ``--details`` JSON (its ``NodeExecutionClosure`` in Go).
_DETAILS_KEYS = frozenset(("node_exec", "child_nodes", "task_execs", "inputs", "outputs"))
_WHITESPACE = " \t\r\n"  # JSON's


#: What an error says when a record's class cannot be told from its fields.
NAME_THE_TYPE = "give its record class (cls, or --type on the command line)"


class _Details:
    """The record "class" of flytectl's ``--details`` entries: each holds a node execution and its children."""

    __name__ = "flytectl --details entry"


#: Pass as ``cls`` to read flytectl's ``get execution --details -o json`` entries (detected by default).
FLYTECTL_DETAILS: Any = _Details()


class StreamError(ConversionError):
    """A record of a stream that cannot be read. ``where`` is the record's place in the stream (``line 7``
    for JSON lines, ``[3]`` for an array element), ``path`` the field in it, ``reason`` what is wrong."""

    def __init__(self, reason: str, path: str = "", where: str = "") -> None:
        super().__init__(reason, path)
        self.where = where

    def __str__(self) -> str:
        inner = super().__str__()
        return f"{self.where}: {inner}" if self.where else inner

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.reason, self.path, self.where))


def type_for(names: Iterable[str]) -> Any:
    """The record class of a JSON object with these keys: :data:`FLYTECTL_DETAILS` for a flytectl
    ``--details`` entry, else the first of :data:`DEFAULT_TYPES` that has every field (by JSON or proto
    name); None when none has."""
    names = set(names)
    if "node_exec" in names and names <= _DETAILS_KEYS:
        return FLYTECTL_DETAILS
    for cls in DEFAULT_TYPES:
        if names <= _field_names(cls):
            return cls
    return None


_NAMES: dict[type, frozenset[str]] = {}


def _field_names(cls: type[Entity]) -> frozenset[str]:
    names = _NAMES.get(cls)
    if names is None:
        names = _NAMES[cls] = frozenset(n for s in cls.FIELDS for n in (s.name, s.json_name))
    return names


# ------------------------------------------------------------------------------------------ reading


class _Records:
    """Turns the JSON values of a stream into records: the class is ``cls`` or told from the first value."""

    def __init__(self, cls: Any, ignore_unknown_fields: bool) -> None:
        self.cls = cls
        self.ignore = ignore_unknown_fields

    def of(self, value: Any, where: str) -> Iterator[Entity]:
        cls = self.cls
        if cls is None:
            if not isinstance(value, dict):
                raise StreamError(f"expected a JSON object for a record, got {type(value).__name__}", where=where)
            cls = self.cls = type_for(value)
            if cls is None:
                choices = ", ".join(c.__name__ for c in DEFAULT_TYPES)
                raise StreamError(f"a JSON object with fields {', '.join(sorted(map(str, value)))} is none of "
                                  f"{choices}: {NAME_THE_TYPE}", where=where)
        if cls is FLYTECTL_DETAILS:
            yield from self._details(value, where)
            return
        try:
            record = cls.from_dict(value, ignore_unknown_fields=self.ignore)
        except ConversionError as e:
            raise StreamError(e.reason, e.path, where) from None
        yield record

    def _details(self, value: Any, where: str) -> Iterator[Entity]:
        """The node execution of a flytectl ``--details`` entry, then those of its children."""
        if not isinstance(value, dict) or "node_exec" not in value:
            raise StreamError("expected a flytectl --details entry, an object with a \"node_exec\"", where=where)
        try:
            record = NodeExecution.from_dict(value["node_exec"], ignore_unknown_fields=self.ignore)
        except ConversionError as e:
            raise StreamError(e.reason, e.path, f"{where}.node_exec") from None
        yield record
        children = value.get("child_nodes") or []
        if not isinstance(children, list):
            raise StreamError("expected a list of entries", where=f"{where}.child_nodes")
        for i, child in enumerate(children):
            yield from self._details(child, f"{where}.child_nodes[{i}]")


def read_jsonl(fileobj: IO[Any], cls: Any = None, *, ignore_unknown_fields: bool = False) -> Iterator[Entity]:
    """The records of JSON lines, one per line, as each line arrives. ``cls`` is the record class (or
    :data:`FLYTECTL_DETAILS`); by default it is told from the first record's fields (see :func:`type_for`)."""
    lines = iter(fileobj)
    first = next(lines, None)
    if first is None:
        return
    if first[:1] == "\ufeff" or first[:3] == b"\xef\xbb\xbf":  # a byte order mark
        first = first[1:] if isinstance(first, str) else first[3:]
    yield from _jsonl(itertools.chain((first,), lines), _Records(cls, ignore_unknown_fields), 0)


def _jsonl(lines: Iterable[Any], records: _Records, start: int) -> Iterator[Entity]:
    number = start
    structure = converters.dict.structure_with
    for line in lines:
        number += 1
        if not line or line.isspace():
            continue
        value = _load(line, number)
        cls = records.cls
        if cls is None or cls is FLYTECTL_DETAILS or type(value) is not dict:
            yield from records.of(value, f"line {number}")
            continue
        try:  # the common case, without a generator per record
            record = structure(value, cls, records.ignore)
        except ConversionError as e:
            raise StreamError(e.reason, e.path, f"line {number}") from None
        yield record


def _load(text: Any, where: str | int) -> Any:
    """The JSON value of ``text``, read as ``json_format.Parse`` reads it (:func:`load_json`); a failure
    names ``where`` it was (a line number, or an element's index)."""
    try:
        return load_json(text)
    except ConversionError as e:
        raise StreamError(e.reason, e.path, f"line {where}" if type(where) is int else str(where)) from None


def read_json_array(fileobj: IO[Any], cls: Any = None, *, ignore_unknown_fields: bool = False) -> Iterator[Entity]:
    """The records of a JSON array, element by element as the input arrives (the whole array is never
    held). ``cls`` as for :func:`read_jsonl`."""
    records = _Records(cls, ignore_unknown_fields)
    for index, value in _array_values(_Chunks(fileobj)):
        yield from records.of(value, f"[{index}]")


def read_json(fileobj: IO[Any], cls: Any = None, *, ignore_unknown_fields: bool = False) -> Iterator[Entity]:
    """The records of any JSON form: an array (each element a record, flytectl's ``--details`` entries
    included), JSON lines, or one object (one record). ``cls`` as for :func:`read_jsonl`.

    JSON lines are told from one object by their first line: when it is a whole JSON value, each line
    is a record. The first record's errors name its line when more lines were read with it."""
    records = _Records(cls, ignore_unknown_fields)
    chunks = _Chunks(fileobj)
    head = chunks.first_character()
    if head is None:
        return
    if head == "[":
        for index, value in _array_values(chunks):
            yield from records.of(value, f"[{index}]")
        return
    first = chunks.first_line()
    try:
        json.loads(first)
    except json.JSONDecodeError:  # not a whole value: one object over several lines
        yield from records.of(_load(first + chunks.rest(), ""), "")
        return
    except (RecursionError, ValueError):  # a whole value that load_json refuses: it says why
        pass
    number = chunks.blank_lines + 1
    where = f"line {number}" if number > 1 or chunks.pending.strip() else ""
    yield from records.of(_load(first, where), where)
    yield from _jsonl(chunks.lines(), records, number)


class _Chunks:
    """A file object read in chunks, with what was looked at put back in front: bytes or text as the
    object gives them (for JSON lines, whose lines are decoded one by one), or text throughout once
    :meth:`as_text` is called (for arrays). A chunk is what the object has ready (``read1``) rather than a
    full buffer, so that a pipe's data is seen as it comes."""

    SIZE = 1 << 16

    def __init__(self, fileobj: IO[Any]) -> None:
        self._read = getattr(fileobj, "read1", None) or fileobj.read
        self._decoder: Any = None  # decodes UTF-8 once as_text() is called on bytes
        self._decoded = 0  # bytes decoded so far
        self.pending: Any = None  # what was read and not consumed; its type is the object's
        self.eof = False
        self.blank_lines = 0  # the lines that first_character skipped

    def more(self, at_least: int = 0) -> bool:
        """Read another chunk (of ``at_least`` characters if they come) onto ``pending``; False at the end."""
        got: Any = None
        while not got and not self.eof:
            data = self._read(max(self.SIZE, at_least))
            if not data:
                self.eof = True
            got = self._decode(data or b"") if self._decoder is not None else data
        if self.pending is None:
            self.pending = got if got is not None else ""
        elif got:
            self.pending += got
        return bool(got)

    def _decode(self, data: bytes) -> str:
        try:
            text: str = self._decoder.decode(data, self.eof)
        except UnicodeDecodeError as e:
            at = self._decoded + e.start
            raise StreamError(f"JSON text is UTF-8, and byte {at} ({e.object[e.start:e.start + 1]!r}) is not") from None
        self._decoded += len(data)
        return text

    def as_text(self) -> None:
        """From here on ``pending`` is text: bytes are decoded as UTF-8."""
        if isinstance(self.pending, bytes) and self._decoder is None:
            self._decoder = codecs.getincrementaldecoder("utf-8")()
            pending, self.pending = self.pending, ""
            self.pending = self._decode(pending)

    def first_character(self) -> str | None:
        """The first character that is not whitespace (left first in ``pending``, after a byte order mark),
        or None for an empty input."""
        if self.pending is None:
            self.more()
        while True:
            pending = self.pending
            if isinstance(pending, bytes):
                if pending.startswith(b"\xef\xbb\xbf"):
                    pending = pending[3:]
                stripped = pending.lstrip(_WHITESPACE.encode())
            else:
                stripped = pending.lstrip("\ufeff" + _WHITESPACE)
            if stripped:
                self.blank_lines += pending.count(b"\n" if isinstance(pending, bytes) else "\n", 0,
                                                  len(pending) - len(stripped))
                self.pending = stripped
                return chr(stripped[0]) if isinstance(stripped, bytes) else stripped[0]
            self.blank_lines += pending.count(b"\n" if isinstance(pending, bytes) else "\n")
            self.pending = pending[:0]
            if not self.more():
                return None

    def first_line(self) -> Any:
        """The first line (consumed)."""
        newline = b"\n" if isinstance(self.pending, bytes) else "\n"
        while (end := self.pending.find(newline)) < 0 and self.more():
            pass
        end = len(self.pending) if end < 0 else end + 1
        line, self.pending = self.pending[:end], self.pending[end:]
        return line

    def lines(self) -> Iterator[Any]:
        """The lines of the rest of the input, each as soon as it is whole."""
        newline = b"\n" if isinstance(self.pending, bytes) else "\n"
        while True:
            text, start = self.pending, 0
            while (end := text.find(newline, start)) >= 0:
                yield text[start:end + 1]
                start = end + 1
            self.pending = text[start:]
            if not self.more():
                if self.pending:
                    yield self.pending
                    self.pending = self.pending[:0]
                return

    def rest(self) -> Any:
        while self.more():
            pass
        rest, self.pending = self.pending, self.pending[:0]
        return rest


def _array_values(chunks: _Chunks) -> Iterator[tuple[int, Any]]:
    """The elements of the JSON array ``chunks`` holds, with their indexes, decoded one at a time (each
    read as ``json_format.Parse`` reads JSON: see ``load_json``)."""
    if chunks.first_character() != "[":
        raise StreamError("expected a JSON array")
    chunks.as_text()
    twice: list[bool] = []

    def object_of(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        d = dict(pairs)
        if len(d) < len(pairs):
            twice.append(True)
        return d

    decode = json.JSONDecoder(object_pairs_hook=object_of).raw_decode
    pos = 1
    index = 0
    while True:
        pos = _skip(chunks, pos)
        text = chunks.pending
        if pos < len(text) and text[pos] == "]" and index == 0:
            pos += 1
            break
        if pos >= len(text):
            raise StreamError("the JSON array is not closed", where=f"[{index}]")
        try:
            value, end = decode(text, pos)
        except json.JSONDecodeError as e:
            if not chunks.eof and _maybe_cut(e, text):
                chunks.pending, pos = text[pos:], 0
                chunks.more(len(chunks.pending))  # twice the element so far: an element is read at most twice over
                continue
            raise StreamError(f"not valid JSON: {e.msg} (character {e.pos - pos} of the element)",
                              where=f"[{index}]") from None
        except (RecursionError, ValueError):  # too deep, or a number too long: load_json says which
            _load(text[pos:], f"[{index}]")
            raise
        if end == len(text) and not chunks.eof:  # a number may go on in the next chunk
            chunks.pending, pos = text[pos:], 0
            chunks.more()
            continue
        if twice:  # a key given twice: load_json names it
            _load(text[pos:end], f"[{index}]")
        yield index, value
        index += 1
        pos = _skip(chunks, end)
        text = chunks.pending
        if pos < len(text) and text[pos] == ",":
            pos += 1
            continue
        if pos < len(text) and text[pos] == "]":
            pos += 1
            break
        raise StreamError("expected ',' or ']' after the element" if pos < len(text) else
                          "the JSON array is not closed", where=f"[{index - 1}]")
    chunks.pending = chunks.pending[pos:]
    if chunks.first_character() is not None:
        raise StreamError("more after the end of the JSON array")


def _skip(chunks: _Chunks, pos: int) -> int:
    """The position of the next character that is not whitespace, reading more as needed (``pending`` is
    trimmed to start at the current element, so it never grows with the input)."""
    while True:
        text = chunks.pending
        while pos < len(text) and text[pos] in _WHITESPACE:
            pos += 1
        if pos < len(text):
            return pos
        chunks.pending, pos = "", 0
        if not chunks.more():
            return 0


def _maybe_cut(e: json.JSONDecodeError, text: str) -> bool:
    """Whether a decoding error may only mean that the element goes on past the text read so far."""
    return e.msg.startswith("Unterminated string") or e.pos >= len(text.rstrip(_WHITESPACE)) - 6


# ------------------------------------------------------------------------------------------ writing

_dumps = proto_json.dumps


class Writable(Protocol):
    """What the writers write to: any file object, binary or text (``io.TextIOBase``)."""

    def write(self, data: Any, /) -> Any: ...

    def flush(self) -> Any: ...


def write_jsonl(records: Iterable[Entity | dict[str, Any]], fileobj: Writable, *, flush: bool = False) -> int:
    """Write each record's proto3 JSON on a line of its own (UTF-8 to a binary file object); returns how
    many. A record may be given as its dict (``to_dict``, :func:`message_dicts`). ``flush``: flush after
    each line, for a reader following a pipe."""
    dumps = _dumps
    lines = (dumps(r if type(r) is dict else r.to_dict()) for r in records)  # type: ignore[union-attr]
    return _write_lines(lines, fileobj, flush)


def _write_lines(lines: Iterable[str], fileobj: Writable, flush: bool) -> int:
    text = isinstance(fileobj, io.TextIOBase)
    write = fileobj.write
    n = 0
    for line in lines:
        line += "\n"
        write(line if text else line.encode())
        n += 1
        if flush:
            fileobj.flush()
    return n


def write_jsonl_from_bytes(data: bytes, fileobj: Writable, cls: type[Entity] = NodeExecutionList, *,
                           ignore_unknown_fields: bool = False, flush: bool = False) -> int:
    """Write the records in the wire bytes of a ``cls`` message as JSON lines, one at a time; returns how
    many. For a ``NodeExecutionList`` (the default) a line per node execution (its next page token has
    none), for another class one line. The lines are those of ``write_jsonl`` of the records
    (``NodeExecutionList.from_bytes(data).node_executions``), and the errors those of reading them: a
    field unknown to this flyteidl (unless ``ignore_unknown_fields``) is refused before any line is
    written, a node execution that cannot be a record after the lines before it."""
    message = converters.proto.parse(data, cls, ignore_unknown_fields=ignore_unknown_fields)
    return write_jsonl_from_message(message, fileobj, cls, flush=flush)


def write_jsonl_from_message(message: Any, fileobj: Writable, cls: type[Entity] | None = None, *,
                             flush: bool = False) -> int:
    """:func:`write_jsonl_from_bytes` of a protobuf message (of ``cls.PROTO``; ``cls`` is told from the
    message by default), as a gRPC client gets it."""
    return _write_lines(_message_records(message, cls, text=True), fileobj, flush)


def message_dicts(message: Any, cls: type[Entity] | None = None) -> Iterator[dict[str, Any]]:
    """The proto3-JSON dicts of the records of a protobuf message (of ``cls.PROTO``; ``cls`` is told from
    the message by default), made straight from the message, one at a time: those of a
    ``NodeExecutionList``'s node executions, or of the message itself. Each is what the record's
    ``to_dict`` gives, and a message that cannot be a record raises the ``ConversionError`` that
    ``from_flyte_idl`` (of the list) raises."""
    return _message_records(message, cls, text=False)


def _message_records(message: Any, cls: type[Entity] | None, *, text: bool) -> Iterator[Any]:
    """The dicts (or with ``text``, compact JSON text) of the records of a message: see :func:`message_dicts`."""
    if cls is None:
        cls = _class_of(message)
    if cls is not NodeExecutionList or type(message) is not cls.PROTO:
        yield (proto_json.to_json if text else proto_json.to_dict)(message, cls)  # which refuses another type
        return
    try:
        yield from proto_json.each(message.node_executions, NodeExecution, 2, text=text)
    except ConversionError as e:
        raise e.prefix("node_executions") from None


def _class_of(message: Any) -> type[Entity]:
    """The record class of a protobuf message."""
    descriptor = getattr(type(message), "DESCRIPTOR", None)
    try:
        return model_for(descriptor.full_name)  # type: ignore[union-attr]
    except (AttributeError, KeyError):
        raise ConversionError(f"expected a protobuf message of an entity class, got {type(message).__name__}") from None


def write_json_array(records: Iterable[Entity], fileobj: Writable, *, indent: int | None = 2,
                     flush: bool = False) -> int:
    """Write the records as one JSON array (each element indented by ``indent``), element by element;
    returns how many."""
    text = isinstance(fileobj, io.TextIOBase)
    encode = json.JSONEncoder(ensure_ascii=False, indent=indent).encode
    pad = "" if indent is None else " " * indent
    n = 0
    for record in records:
        element = encode(record.to_dict())
        if indent is not None:
            element = element.replace("\n", "\n" + pad)
        chunk = f"{'[' if n == 0 else ','}\n{pad}{element}"
        fileobj.write(chunk if text else chunk.encode())
        n += 1
        if flush:
            fileobj.flush()
    end = "[]\n" if n == 0 else "\n]\n"
    fileobj.write(end if text else end.encode())
    return n
