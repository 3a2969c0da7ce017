"""The ``flyte-node-models`` command: show records for people, convert them between formats.

``show [FILE]`` prints the outline of each record (with no FILE, the bundled example run);
``convert FILE --to json|jsonl|text|binary`` rewrites records in another format (``--to parquet -o FILE``
writes them to a Parquet file, a row each); ``summary FILE`` sums up a run's node executions;
``timeline [FILE] -o run.png|run.svg|run.html`` draws them. A ``.parquet`` file is read wherever records
are. Input is read as JSON (one object, an array of records, flytectl's
``--details`` output, or JSON lines, record by record as it arrives), protobuf text or protobuf
binary, whichever it is; the message type is told by the fields the input uses, or given with
``--type``. ``fetch PROJECT/DOMAIN/NAME --endpoint HOST:PORT`` writes a run's node executions from Flyte
Admin. Exit status: 0 done, 1 the input could not be read or is not a
record (or standard output could not be written), 2 the command line is wrong. No input gives a
traceback: every failure is one line on standard error.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import itertools
import json
import os
import re
import stat
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple, TextIO

from . import converters, streams
from ._errors import ConversionError
from ._model import Entity, model_for
from .converters import proto_json
from .converters.dict import load_json
from .node_execution import NodeExecution, NodeExecutionList

PROG = "flyte-node-models"
FORMATS = ("json", "jsonl", "text", "binary")
#: The message types an input is taken for when ``--type`` is not given, in the order they are tried.
DEFAULT_TYPES = streams.DEFAULT_TYPES


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


def _count(text: str) -> int:
    """A count given on the command line: a whole number, 0 or more."""
    try:
        n = int(text)
    except ValueError:
        n = -1
    if n < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number, 0 or more, got {text!r}")
    return n


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
    cls = streams.type_for(names)
    if cls is not None and cls is not streams.FLYTECTL_DETAILS:
        return cls  # type: ignore[no-any-return]
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
    message, cls = wire_message(data, cls, ignore_unknown_fields)
    return converters.proto.structure(message, cls)


def wire_message(data: bytes, cls: type[Entity] | None,
                 ignore_unknown_fields: bool = False) -> tuple[Any, type[Entity]]:
    """The protobuf message in wire bytes, and its record class: ``cls``, or told from the bytes."""
    if cls is not None:
        return converters.proto.parse(data, cls, ignore_unknown_fields=ignore_unknown_fields), cls
    # Wire bytes carry field numbers, not names: take the first type that reads the bytes with no field
    # left over. The default types' numbers overlap, but their wire types and nesting rarely agree.
    first: ConversionError | None = None
    for candidate in DEFAULT_TYPES:
        try:
            return converters.proto.parse(data, candidate), candidate
        except ConversionError as e:
            first = first or e
    assert first is not None
    names = ", ".join(c.__name__ for c in DEFAULT_TYPES)
    if ignore_unknown_fields:
        raise ConversionError(f"not a {names} in protobuf wire format with every field known ({first}); "
                              "to ignore unknown fields, name the type with --type")
    raise ConversionError(f"not a {names} in protobuf wire format ({first}); pass --type if it is another message")


def load(args: argparse.Namespace, data: bytes | None = None) -> Entity:
    """The record that the input options of ``args`` name (in ``data`` when it was read already)."""
    if data is None:
        data = read(args.file, args.type)
    fmt = args.source_format or detect_format(data)
    try:
        return parse(data, fmt, args.type, args.ignore_unknown_fields)
    except ConversionError as e:
        raise input_error(args, fmt, e) from None


def input_error(args: argparse.Namespace, fmt: str, e: ConversionError) -> UsageError:
    """The error for input that is not a valid record: where it is, its format and type, and the reason."""
    what = f"{fmt}" + (f", {args.type.PROTO.DESCRIPTOR.full_name}" if args.type is not None else "")
    # The library's advice, in the command line's words
    reason = str(e).replace("pass ignore_unknown_fields=True", "pass --ignore-unknown-fields").replace(
        streams.NAME_THE_TYPE, "pass --type (e.g. --type flyteidl.core.CompiledWorkflowClosure)")
    return UsageError(f"{_source(args.file)} ({what}): {reason}")


# ------------------------------------------------------------------------------------------- streams


class WireInput(NamedTuple):
    """Protobuf binary input as its message and record class, for output that needs no records."""

    message: Any
    cls: type[Entity]


@contextlib.contextmanager
def input_records(args: argparse.Namespace, *, wire: bool = False) -> Iterator[tuple[Any, bool]]:
    """The records of the input the options of ``args`` name, read as they are needed, and whether the
    input is a JSON array (flytectl's ``--details`` included) rather than one record or JSON lines. JSON
    is read record by record as it arrives (see :mod:`flyte_node_models.streams`); text and binary whole.
    With ``wire``, protobuf binary input is given as a :class:`WireInput` instead of its record."""
    if args.file is not None and args.file.endswith(".parquet"):
        yield _parquet_records(args.file, args.type), False
        return
    with contextlib.ExitStack() as stack:
        found = _json_input(args, stack)
        if found is None or isinstance(found, bytes):
            data = read(args.file, args.type) if found is None else found
            if wire and (args.source_format or detect_format(data)) == "binary":
                try:
                    message = WireInput(*wire_message(data, args.type, args.ignore_unknown_fields))
                except ConversionError as e:
                    raise input_error(args, "binary", e) from None
                yield message, False
                return
            yield iter((load(args, data),)), False
            return
        fileobj, fmt, array = found
        read_records = streams.read_jsonl if fmt == "jsonl" else streams.read_json
        records = read_records(fileobj, args.type, ignore_unknown_fields=args.ignore_unknown_fields)
        yield _reported(records, args, fmt), array


def _json_input(args: argparse.Namespace, stack: contextlib.ExitStack) -> tuple[BinaryIO, str, bool] | bytes | None:
    """The input as a binary file object at its start, its format (json or jsonl) and whether it is an
    array, when it is JSON (by --from, or by starting with '{' or '['); for the rest, which is read whole,
    None (or its bytes, when they had to be read to look at them). The start is looked at without
    reading it (``peek``)."""
    fmt = args.source_format
    if fmt not in (None, "json", "jsonl"):
        return None
    fileobj: Any
    if args.file == "-":
        fileobj = getattr(sys.stdin, "buffer", None)
        if fileobj is None:
            return None  # closed: read() says so
    else:
        try:
            fileobj = stack.enter_context(open(args.file, "rb"))  # closed by the stack
        except OSError:
            return None  # read() says why
    if hasattr(fileobj, "peek"):
        head = fileobj.peek(1 << 16).lstrip()[:1]
    else:  # a stand-in for standard input: read it whole
        data = read(args.file, args.type)
        head, fileobj = data.lstrip()[:1], io.BytesIO(data)
    if (fmt is None and head not in (b"{", b"[")) or (fmt == "json" and not head):  # not JSON, or empty
        return None if isinstance(fileobj, io.BufferedReader) else fileobj.getvalue()
    fmt = fmt or "json"
    return fileobj, fmt, head == b"[" and fmt == "json"


def _reported(records: Iterator[Any], args: argparse.Namespace, fmt: str) -> Iterator[Any]:
    try:
        yield from records
    except ConversionError as e:
        raise input_error(args, fmt, e) from None


def _several(records: Iterator[Entity]) -> tuple[Iterator[Entity], bool]:
    """``records`` as they were, and whether there are more than one (the first two are read to tell; a
    failing second record fails after the first is given)."""
    taken: list[Entity] = []
    try:
        taken.extend(itertools.islice(records, 2))
    except UsageError as e:
        return _then(taken, e), True
    return itertools.chain(taken, records), len(taken) > 1


def _then(records: list[Entity], error: Exception) -> Iterator[Entity]:
    yield from records
    raise error


def _follows(path: str) -> bool:
    """Whether the input may still be arriving (a pipe, a terminal): then each record is written through."""
    try:
        fd = sys.stdin.fileno() if path == "-" else None
        return fd is not None and not stat.S_ISREG(os.fstat(fd).st_mode)
    except (AttributeError, OSError, ValueError):  # a stand-in for standard input: all there
        return False


class Sink:
    """A binary file object over :class:`Output`: writes gather in chunks of 64 KiB, or go out at each
    ``flush``."""

    def __init__(self, out: Output) -> None:
        self.out = out
        self.parts: list[bytes] = []
        self.size = 0

    def write(self, data: bytes) -> None:
        self.parts.append(data)
        self.size += len(data)
        if self.size >= 1 << 16:
            self.flush()

    def flush(self) -> None:
        if self.parts:
            data, self.parts, self.size = b"".join(self.parts), [], 0
            self.out.write(data)


def _node_executions_of_lists(records: Iterable[Entity]) -> Iterator[Entity]:
    """Records for JSON lines: a list of node executions gives each of them (its next page token, which
    has no line, is said on standard error)."""
    for record in records:
        if isinstance(record, NodeExecutionList):
            yield from record.node_executions
            _note_token(record.token)
        else:
            yield record


def _note_token(token: str) -> None:
    if token and sys.stderr is not None:
        with contextlib.suppress(OSError):
            print(f"{PROG}: note: next page token {token!r} (not in the JSON lines)", file=sys.stderr)


def _write_wire(found: WireInput, to: str, sink: Sink, follow: bool, args: argparse.Namespace) -> None:
    """JSON of protobuf binary input straight from its message, with no records made: JSON lines (a
    list's node executions one at a time), or the message's JSON."""
    if to == "json":
        try:
            value = proto_json.to_dict(found.message, found.cls)
        except ConversionError as e:
            raise input_error(args, "binary", e) from None
        sink.write((json.dumps(value, indent=2, ensure_ascii=False) + "\n").encode())
        return
    try:
        streams.write_jsonl_from_message(found.message, sink, found.cls, flush=follow)
    except ConversionError as e:
        raise input_error(args, "binary", e) from None
    if found.cls is NodeExecutionList:
        _note_token(found.message.token)


def _write_as_list(records: Iterator[Entity], to: str, sink: Sink, follow: bool) -> None:
    """Several node executions as one NodeExecutionList in text or binary, one node at a time: the text
    and the wire bytes of lists are their pieces one after another."""
    for record in records:
        if not isinstance(record, NodeExecution):
            raise UsageError(f"several {type(record).__name__} records have no one {to} form: "
                             "convert them --to jsonl or --to json")
        page = NodeExecutionList(node_executions=(record,))
        sink.write(page.to_text().encode() if to == "text" else page.to_bytes())
        if follow:
            sink.flush()


# ------------------------------------------------------------------------------------------ commands


def dump(record: Entity, to: str) -> bytes:
    """``record`` in format ``to``: JSON indented by two, protobuf text, or deterministic wire bytes."""
    if to == "json":
        return (record.to_json(indent=2, ensure_ascii=False) + "\n").encode()
    if to == "text":
        return record.to_text().encode()
    return record.to_bytes()


def convert(args: argparse.Namespace, out: Output) -> int:
    """One record in format ``--to``; a stream (an array, JSON lines) record by record: as JSON lines, a JSON
    array, or for node executions one NodeExecutionList in text or binary."""
    if args.to == "parquet":
        return _write_parquet(args)
    if args.output is not None:
        raise UsageError("-o is for --to parquet; the other formats go to standard output")
    if args.to == "binary" and out.isatty():
        raise UsageError("refusing to write protobuf binary to a terminal; redirect it to a file or a pipe")
    sink, follow = Sink(out), _follows(args.file)
    try:
        with input_records(args, wire=args.to in ("json", "jsonl")) as (records, array):
            if isinstance(records, WireInput):  # JSON from protobuf binary: no records needed
                _write_wire(records, args.to, sink, follow, args)
                return 0
            if args.to == "jsonl":
                streams.write_jsonl(_node_executions_of_lists(records), sink, flush=follow)
                return 0
            records, several = (records, True) if array else _several(records)
            if not several:
                for record in records:
                    sink.write(dump(record, args.to))
            elif args.to == "json":
                streams.write_json_array(records, sink, flush=follow)
            else:
                _write_as_list(records, args.to, sink, follow)
    finally:
        sink.flush()  # what was read before a bad record is written
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
        sink, follow, between = Sink(out), _follows(args.file), "\n" if args.short else "\n\n"
        try:
            with input_records(args) as (records, _):
                wrote = False
                for view in itertools.chain.from_iterable(_views(r, args.short) for r in records):
                    sink.write(((between if wrote else "") + view).encode())
                    wrote = True
                    if follow:
                        sink.flush()
                if wrote:
                    sink.write(b"\n")
        finally:
            sink.flush()
        return 0
    out.write(("\n\n".join(blocks) if not args.short else "\n".join(blocks)).encode() + b"\n")
    return 0


def summary(args: argparse.Namespace, out: Output) -> int:
    """The summary of a run's node executions, for people or (``--json``) as one JSON object."""
    from .summary import summarize

    with input_records(args) as (records, _):
        result = summarize(records, slowest=args.slowest)
    out.write((json.dumps(result.to_dict(), indent=2) + "\n").encode() if args.json else result.report().encode())
    return 0


def _views(record: Entity, short: bool) -> list[str]:
    """A list of node executions shows each of them; other records show whole."""
    records = record.node_executions if isinstance(record, NodeExecutionList) else (record,)
    views = [r.short_string() if short else r.verbose_string() for r in records]
    if isinstance(record, NodeExecutionList) and record.token:
        views.append(f"next page token: {record.token}")
    return views


# ------------------------------------------------------------------------------------ tables and pictures


def _parquet_records(path: str, cls: type[Entity] | None) -> Iterator[Entity]:
    """The records of a Parquet file the Arrow format wrote, a row group at a time: of the type its schema
    names (``--type`` overrides it)."""
    try:  # the Arrow format first: without pyarrow, it says which extra to install
        from .converters import arrow  # noqa: I001
        import pyarrow.parquet as pq
    except ImportError as e:
        raise UsageError(str(e)) from None
    target: type[Entity] = NodeExecution
    try:
        file = pq.ParquetFile(path)
        named = (file.schema_arrow.metadata or {}).get(b"flyte.message")
        target = cls or (model_for(named.decode()) if named else NodeExecution)
        for batch in file.iter_batches():
            yield from arrow.from_record_batch(batch, target)
    except ConversionError as e:
        raise UsageError(f"{path} (Parquet, {target.PROTO.DESCRIPTOR.full_name}): {e}") from None
    except (OSError, ValueError, KeyError) as e:  # a missing file, one that is not Parquet, an unknown type
        raise UsageError(f"cannot read {path} as Parquet: {e}") from None


def _write_parquet(args: argparse.Namespace) -> int:
    """``convert --to parquet -o FILE``: a row per record, a NodeExecutionList's node executions each."""
    if args.output is None:
        raise UsageError("--to parquet writes a file: give it with -o FILE")
    try:
        from .converters import arrow
    except ImportError as e:
        raise UsageError(str(e)) from None
    with input_records(args) as (records, _):
        try:
            arrow.write_parquet(_node_executions_of_lists(records), args.output)
        except OSError as e:
            raise UsageError(f"cannot write {args.output}: {e.strerror or e}") from None
    return 0


def timeline(args: argparse.Namespace, out: Output) -> int:
    """A picture of a run's node executions (with no FILE, the bundled example run's)."""
    from . import examples
    from .timeline import save_timeline

    if args.file is None:
        nodes: list[Entity] = list(examples.example_run().node_executions)
    else:
        with input_records(args) as (records, _):
            nodes = list(_node_executions_of_lists(records))
    wrong = next((r for r in nodes if not isinstance(r, NodeExecution)), None)
    if wrong is not None:
        raise UsageError(f"{_source(args.file)}: a timeline draws node executions, not a {type(wrong).__name__}")
    try:
        save_timeline(nodes, args.output)  # type: ignore[arg-type]  # all NodeExecutions, as checked
    except ImportError as e:
        raise UsageError(str(e)) from None
    except OSError as e:
        raise UsageError(f"cannot write {args.output}: {e.strerror or e}") from None
    except ValueError as e:
        raise UsageError(str(e)) from None
    return 0


# ------------------------------------------------------------------------------- fetch (Flyte Admin)


def fetch(args: argparse.Namespace, out: Output) -> int:
    """A run's node executions from Flyte Admin, written as they arrive; or one node's record or data."""
    try:
        from . import client
    except ImportError as e:
        raise UsageError(str(e)) from None
    from .core.identifier import NodeExecutionIdentifier

    if args.data and not args.node:
        raise UsageError("--data needs --node NODE_ID: it writes the inputs and outputs of one node")
    if args.to == "binary" and out.isatty():
        raise UsageError("refusing to write protobuf binary to a terminal; redirect it to a file or a pipe")
    sink = Sink(out)
    try:
        execution = client.parse_execution_id(args.execution)
        with client.AdminClient(args.endpoint, insecure=args.insecure, ca_cert=args.ca_cert,
                                token_command=args.token_command, timeout=args.timeout) as admin:
            if args.node:
                one = NodeExecutionIdentifier(node_id=args.node, execution_id=execution)
                record = admin.get_node_execution_data(one) if args.data else admin.get_node_execution(one)
                if args.to == "jsonl":
                    streams.write_jsonl((record,), sink)
                else:
                    sink.write(dump(record, args.to))
                return 0
            nodes: Iterator[NodeExecution] = (node for _, node in admin.all_node_executions(execution))
            if sys.stderr is not None and sys.stderr.isatty():
                nodes = _progress(nodes, admin.stats)
            if args.to == "jsonl":
                streams.write_jsonl(nodes, sink)
            elif args.to == "json":
                streams.write_json_array(nodes, sink)
            else:
                _write_as_list(nodes, args.to, sink, follow=False)
    except (client.AdminError, ValueError) as e:  # ValueError: the execution's name, --timeout
        raise UsageError(str(e)) from None
    finally:
        sink.flush()  # what came before a failure is written
    return 0


def _progress(nodes: Iterator[NodeExecution], stats: Any) -> Iterator[NodeExecution]:
    """``nodes``, counted on one line of standard error with the client's calls and retries (redrawn at
    most ten times a second)."""
    n, shown = 0, 0.0

    def show() -> None:
        print(f"\r{n:,} node executions, {stats.calls:,} calls, {stats.retries:,} retries",
              end="", file=sys.stderr, flush=True)

    try:
        for node in nodes:
            n += 1
            if time.monotonic() - shown >= 0.1:
                show()
                shown = time.monotonic()
            yield node
    finally:
        show()
        print(file=sys.stderr)


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
            help="the input's format. Default: detected: JSON if it starts with '{' or '[' (one object, an "
            "array of records, flytectl's --details output, or JSON lines when the first line is a whole "
            "object), text if it is UTF-8 without control characters, binary otherwise",
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
    convert_p.add_argument(
        "--to", required=True, choices=(*FORMATS, "parquet"),
        help="the output format. Several records (an array, JSON lines): jsonl writes one per line as they "
        "are read (a NodeExecutionList: each of its node executions), json an array, text and binary one "
        "NodeExecutionList of them; parquet a row per record (a NodeExecutionList: per node execution) "
        "to the file -o names (needs pyarrow: the [arrow] extra)",
    )
    convert_p.add_argument("-o", "--output", metavar="FILE", help="with --to parquet: the file to write")
    input_options(convert_p)
    convert_p.set_defaults(run=convert)

    timeline_p = commands.add_parser(
        "timeline", help="draw a run's node executions as a timeline",
        description="Draw a Gantt chart of node executions: queued and running spans, phases, cache hits and "
        "retries, children under their parents; past 60 rows, rows drawn together, as the title says. With "
        "no FILE, the bundled example run. Needs matplotlib: pip install 'flyte_node_models[plot]'.",
    )
    timeline_p.add_argument("file", nargs="?", metavar="FILE",
                            help="node executions in any format; '-' reads standard input")
    timeline_p.add_argument("-o", "--output", metavar="FILE", required=True,
                            help="the picture: .png, .svg or .html")
    input_options(timeline_p)
    timeline_p.set_defaults(run=timeline)

    summary_p = commands.add_parser(
        "summary", help="sum up a run's node executions",
        description="Read a run's node executions in one pass (any input form: a NodeExecutionList, a JSON "
        "array, flytectl's --details output, JSON lines) and print, for the run and for each parent "
        "node's children: the count per phase and per cache status, retries, the slowest nodes, the failed "
        "ones with their error, and the wall-clock span.",
    )
    summary_p.add_argument("file", metavar="FILE", help="node executions in any format; '-' reads standard input")
    summary_p.add_argument("--json", action="store_true", help="write one JSON object instead")
    summary_p.add_argument("--slowest", type=_count, default=5, metavar="N", help="how many slowest nodes (default 5)")
    input_options(summary_p)
    summary_p.set_defaults(run=summary)

    fetch_p = commands.add_parser(
        "fetch", help="fetch a run's node executions from Flyte Admin",
        description="Write every node execution of a workflow execution, the children of sub-workflow, dynamic "
        "and array nodes included (each once), from Flyte Admin's gRPC API, as they arrive. On a terminal, "
        "standard error shows the node executions fetched, the calls made and the calls retried. Needs "
        "grpcio: pip install 'flyte_node_models[admin]'.",
        epilog="Exit status: 0 done, 1 Flyte Admin could not be reached or refused (one line says why), "
        "2 usage error.",
    )
    fetch_p.add_argument("execution", metavar="PROJECT/DOMAIN/NAME", help="the workflow execution")
    fetch_p.add_argument("--endpoint", required=True, metavar="HOST:PORT", help="Flyte Admin's gRPC endpoint")
    fetch_p.add_argument("--insecure", action="store_true", help="plain text, no TLS (a local Flyte sandbox)")
    fetch_p.add_argument("--ca-cert", metavar="FILE", help="PEM root certificates to trust instead of the system's")
    fetch_p.add_argument("--token-command", metavar="CMD",
                         help="a command that prints the bearer token (its output, stripped, is sent), e.g. "
                         "'gcloud auth print-identity-token'")
    fetch_p.add_argument("--to", choices=FORMATS, default="jsonl",
                         help="jsonl (default): one compact proto3-JSON record per line; json: a JSON array of "
                         "the records; text, binary: one NodeExecutionList")
    fetch_p.add_argument("--node", metavar="NODE_ID", help="write only this node execution")
    fetch_p.add_argument("--data", action="store_true",
                         help="with --node: write its inputs and outputs (a NodeExecutionGetDataResponse)")
    fetch_p.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS",
                         help="the deadline of each call (default 30); failed calls are retried")
    fetch_p.set_defaults(run=fetch)
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
