"""The ``flyte-node-models`` command: show records for people, convert them between formats.

``show [FILE]`` prints the outline of each record (with no FILE, the bundled example run);
``convert FILE --to json|text|binary`` rewrites a record in another format. Input is read as JSON,
protobuf text or protobuf binary, whichever it is; the message type is told by the fields the input
uses, or given with ``--type``. Exit status: 0 done, 1 the input could not be read or is not a
record (or standard output could not be written), 2 the command line is wrong. No input gives a
traceback: every failure is one line on standard error.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import sys
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import TextIO

from ._errors import ConversionError
from ._model import Entity, model_for
from .converters.dict import load_json
from .node_execution import DynamicWorkflowNodeMetadata, NodeExecution, NodeExecutionGetDataResponse, NodeExecutionList

PROG = "flyte-node-models"
FORMATS = ("json", "text", "binary")
#: The message types an input is taken for when ``--type`` is not given, in the order they are tried.
DEFAULT_TYPES: tuple[type[Entity], ...] = (
    NodeExecution, NodeExecutionList, NodeExecutionGetDataResponse, DynamicWorkflowNodeMetadata,
)


class UsageError(Exception):
    """Something about the input or output that is not a conversion problem: a missing file, an empty
    input, a standard output that cannot be written."""


class Output:
    """Standard output as the commands write it: bytes, written through at once. A reader that went away
    (``| head``), a closed descriptor or a full disk is a :class:`UsageError`."""

    def __init__(self, stream: TextIO | None) -> None:
        self.stream = stream  # None: Python started with the descriptor closed

    def isatty(self) -> bool:
        return self.stream is not None and self.stream.isatty()

    def write(self, data: bytes) -> None:
        """Write ``data`` through, after what was printed to the stream as text."""
        if self.stream is None:
            raise UsageError("cannot write to standard output: it is closed")
        try:
            self.stream.flush()
            rest = memoryview(data)
            while rest:  # a write that the reader's going away cuts short returns short; the next one fails
                rest = rest[self.stream.buffer.write(rest):]
            self.stream.buffer.flush()
        except OSError as e:
            self._drop()
            raise UsageError(f"cannot write to standard output: {e.strerror or e}") from None

    def _drop(self) -> None:
        """Point the failed output at the null device: what is still buffered for it would fail again
        when Python flushes it at exit, with an "Exception ignored" message."""
        try:
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, self.stream.fileno())  # type: ignore[union-attr]
            os.close(null)
        except (OSError, ValueError):  # not a file descriptor (a test's buffer): nothing is flushed at exit
            pass


# ------------------------------------------------------------------------------------ reading input


def message_type(name: str) -> type[Entity]:
    """The entity class for ``--type``, as :func:`model_for` finds it: a protobuf full name or an entity class name."""
    try:
        return model_for(name)
    except KeyError as e:
        raise argparse.ArgumentTypeError(e.args[0]) from None


def read(path: str, cls: type[Entity] | None) -> bytes:
    """The bytes of ``path``, or of standard input for ``-``. Empty input is the empty message of a type
    given (as binary or text; not as JSON), and refused with none: every default type would read it."""
    if path == "-" and sys.stdin is None:  # Python started with the descriptor closed
        raise UsageError("cannot read standard input: it is closed")
    try:
        data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except OSError as e:
        raise UsageError(f"cannot read {_source(path)}: {e.strerror or e}") from None
    if cls is None and not data.strip():
        raise UsageError(f"{_source(path)} is empty")
    return data


def _source(path: str) -> str:
    return "standard input" if path == "-" else path


def detect_format(data: bytes) -> str:
    """``json`` if it starts with ``{`` (or ``[``), ``text`` if it is UTF-8 with no control
    characters but whitespace, else ``binary``. Protobuf's wire format starts with a field tag,
    and its tags and lengths are control characters in all but odd cases; ``--from`` settles those."""
    head = data.lstrip()[:1]
    if head in (b"{", b"["):
        return "json"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return "binary"
    return "text" if all(c.isprintable() or c in "\t\n\r\f\v" for c in text) else "binary"


def _type_by_fields(names: set[str], given: str) -> type[Entity]:
    """The first default type that has every field the input names (by proto or JSON name)."""
    for cls in DEFAULT_TYPES:
        if names <= {s.name for s in cls.FIELDS} | {s.json_name for s in cls.FIELDS}:
            return cls
    choices = ", ".join(c.__name__ for c in DEFAULT_TYPES)
    raise ConversionError(
        f"{given} has fields {', '.join(sorted(names))}, which is none of {choices}: pass --type "
        "(e.g. --type flyteidl.core.CompiledWorkflowClosure)"
    )


_TEXT_TOKEN = re.compile(
    r"""\s+|\#[^\n]*|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|[A-Za-z_][\w.]*|[{}<>\[\]:]|[^\s{}<>\[\]:"'\#]+"""
)


def text_field_names(text: str) -> set[str]:
    """The names of the top-level fields of protobuf text: identifiers outside braces and brackets
    that are not a value (a value follows a colon)."""
    names, depth, previous = set(), 0, ""
    for match in _TEXT_TOKEN.finditer(text):
        token = match.group()
        if token[0].isspace() or token[0] == "#":
            continue
        if token in "{<[":
            depth += 1
        elif token in "}>]":
            depth -= 1
        elif depth == 0 and previous != ":" and (token[0].isalpha() or token[0] == "_"):
            names.add(token)
        previous = token
    return names


def parse(data: bytes, fmt: str, cls: type[Entity] | None, ignore_unknown_fields: bool = False) -> Entity:
    """The record in ``data`` (format ``fmt``); the type is ``cls``, or told from the input (by fields
    this flyteidl knows, whether or not unknown ones are ignored)."""
    if fmt == "json":
        if cls is not None:
            return cls.from_json(data, ignore_unknown_fields=ignore_unknown_fields)
        value = load_json(data)
        if not isinstance(value, dict):
            raise ConversionError(f"expected a JSON object for a message, got {type(value).__name__}")
        cls = _type_by_fields(set(value), "the JSON object")
        return cls.from_dict(value, ignore_unknown_fields=ignore_unknown_fields)
    if fmt == "text":
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as e:
            raise ConversionError(f"protobuf text must be UTF-8: {e}") from None
        if cls is None:
            cls = _type_by_fields(text_field_names(text), "the text")
        return cls.from_text(text)
    if cls is not None:
        return cls.from_bytes(data, ignore_unknown_fields=ignore_unknown_fields)
    # Wire bytes carry field numbers, not names: take the first type that reads them with no field
    # left over. The default types' numbers overlap, but their wire types and nesting rarely agree.
    first: ConversionError | None = None
    for candidate in DEFAULT_TYPES:
        try:
            return candidate.from_bytes(data)
        except ConversionError as e:
            first = first or e
    assert first is not None
    names = ", ".join(c.__name__ for c in DEFAULT_TYPES)
    if ignore_unknown_fields:
        raise ConversionError(f"not a {names} in protobuf wire format with every field known ({first}); "
                              "to ignore unknown fields, name the type with --type")
    raise ConversionError(f"not a {names} in protobuf wire format ({first}); pass --type if it is another message")


def load(args: argparse.Namespace) -> Entity:
    """The record that the input options of ``args`` name."""
    data = read(args.file, args.type)
    fmt = args.source_format or detect_format(data)
    try:
        return parse(data, fmt, args.type, args.ignore_unknown_fields)
    except ConversionError as e:
        what = f"{fmt}" + (f", {args.type.PROTO.DESCRIPTOR.full_name}" if args.type is not None else "")
        # The library's advice, in the command line's words
        reason = str(e).replace("pass ignore_unknown_fields=True", "pass --ignore-unknown-fields")
        raise UsageError(f"{_source(args.file)} ({what}): {reason}") from None


# ------------------------------------------------------------------------------------------ commands


def dump(record: Entity, to: str) -> bytes:
    """``record`` in format ``to``: JSON indented by two, protobuf text, or deterministic wire bytes."""
    if to == "json":
        return (record.to_json(indent=2, ensure_ascii=False) + "\n").encode()
    if to == "text":
        return record.to_text().encode()
    return record.to_bytes()


def convert(args: argparse.Namespace, out: Output) -> int:
    record = load(args)
    if args.to == "binary" and out.isatty():
        raise UsageError("refusing to write protobuf binary to a terminal; redirect it to a file or a pipe")
    out.write(dump(record, args.to))
    return 0


def show(args: argparse.Namespace, out: Output) -> int:
    from . import examples

    if args.file is None:
        execution = examples.EXECUTION
        blocks = [
            f"Example run {execution.project}/{execution.domain}/{execution.name}: its node executions",
            *_views(examples.example_run(), args.short),
            "The data of its dynamic node n1 (GetNodeExecutionData), with the workflow the node generated",
            *_views(examples.dynamic_node_data(), args.short),
        ]
    else:
        blocks = _views(load(args), args.short)
    out.write(("\n\n".join(blocks) if not args.short else "\n".join(blocks)).encode() + b"\n")
    return 0


def _views(record: Entity, short: bool) -> list[str]:
    """A list of node executions shows each of them; other records show whole."""
    records = record.node_executions if isinstance(record, NodeExecutionList) else (record,)
    views = [r.short_string() if short else r.verbose_string() for r in records]
    if isinstance(record, NodeExecutionList) and record.token:
        views.append(f"next page token: {record.token}")
    return views


# ------------------------------------------------------------------------------------------ the parser


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=PROG,
        description="Show Flyte node-execution records, or convert them between proto3 JSON, protobuf text "
        "and protobuf binary.",
        epilog="Exit status: 0 done, 1 the input is unreadable or not a valid record, 2 usage error.",
    )
    p.add_argument("--version", action="store_true", help="print the version and exit")
    commands = p.add_subparsers(dest="command", metavar="COMMAND")

    def input_options(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "--type", metavar="NAME", type=message_type,
            help="the input's message type: a protobuf full name (flyteidl.admin.NodeExecution) or an entity "
            "class name (NodeExecutionList). Default: for JSON and text, the first of NodeExecution, "
            "NodeExecutionList, NodeExecutionGetDataResponse, DynamicWorkflowNodeMetadata that has every "
            "top-level field the input uses; for binary, the first of them that reads the bytes with no "
            "field left over. Pass it for any other message, or when an input fits several.",
        )
        sub.add_argument(
            "--from", dest="source_format", choices=FORMATS,
            help="the input's format. Default: detected: JSON if it starts with '{', text if it is UTF-8 "
            "without control characters, binary otherwise",
        )
        sub.add_argument(
            "--ignore-unknown-fields", action="store_true",
            help="drop the fields that this flyteidl does not know (a newer Flyte's), and in JSON the enum "
            "names it does not know, instead of refusing the input. For JSON and binary input; without "
            "--type, the type is still told from known fields only.",
        )

    show_p = commands.add_parser(
        "show", help="print records for people",
        description="Print each record as an indented outline (a list of node executions: each one). "
        "With no FILE, the bundled example run: a workflow execution's node executions and the "
        "workflow its dynamic node generated.",
    )
    show_p.add_argument("file", nargs="?", metavar="FILE", help="a record in any format; '-' reads standard input")
    show_p.add_argument("--short", action="store_true", help="one line per record instead of an outline")
    input_options(show_p)
    show_p.set_defaults(run=show)

    convert_p = commands.add_parser(
        "convert", help="convert a record to JSON, text or binary",
        description="Read a record and write it to standard output in another format: proto3 JSON "
        "(as Flyte Admin's REST API and flytectl write it, indented), protobuf text, or protobuf binary "
        "(serialized deterministically).",
    )
    convert_p.add_argument("file", metavar="FILE", help="a record in any format; '-' reads standard input")
    convert_p.add_argument("--to", required=True, choices=FORMATS, help="the output format")
    input_options(convert_p)
    convert_p.set_defaults(run=convert)
    return p


def version() -> str:
    """The installed package's version; for a source tree that is not installed, say so."""
    try:
        return metadata.version("flyte_node_models")
    except metadata.PackageNotFoundError:
        return "(version unknown: not installed)"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status. Every failure is one line on standard error."""
    try:
        return _run(argv)
    except (UsageError, ConversionError) as e:
        if sys.stderr is not None:  # else standard error is closed too, and the status says it
            with contextlib.suppress(OSError):
                print(f"{PROG}: error: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _run(argv: Sequence[str] | None) -> int:
    p = parser()
    try:
        args = p.parse_args(argv)
    except SystemExit as e:  # after --help (0), or a wrong command line (2): argparse said why
        if sys.stdout is not None:
            Output(sys.stdout).write(b"")  # what argparse printed: a closed output fails here, not at exit
        return e.code if isinstance(e.code, int) else 2
    out = Output(sys.stdout)
    if args.version:
        out.write(f"{PROG} {version()}\n".encode())
        return 0
    if args.command is None:
        p.print_help(sys.stderr)
        return 2
    status: int = args.run(args, out)
    return status


if __name__ == "__main__":
    sys.exit(main())
