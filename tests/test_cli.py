"""The command line: ``show`` and ``convert``, format and type detection, and what bad input does."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flyte_node_models import ConversionError, Entity, cli, examples
from flyte_node_models.cli import detect_format, main, parse, text_field_names
from flyte_node_models.core.compiler import CompiledWorkflowClosure
from flyte_node_models.core.execution import NodeExecutionPhase
from flyte_node_models.node_execution import (
    NodeExecution,
    NodeExecutionClosure,
    NodeExecutionGetDataResponse,
    NodeExecutionList,
)

RUN = examples.example_run()
FAILED = examples.failed_node()
DATA = examples.dynamic_node_data()


def encode(record: Entity, fmt: str) -> bytes:
    if fmt == "json":
        return json.dumps(record.to_dict()).encode()
    if fmt == "text":
        return record.to_text().encode()
    return record.to_bytes()


def decode(data: bytes, fmt: str, cls: type[Entity]) -> Entity:
    if fmt == "json":
        return cls.from_dict(json.loads(data))
    if fmt == "text":
        return cls.from_text(data.decode())
    return cls.from_bytes(data)


def run(capsysbinary: Any, *argv: str, stdin: bytes | None = None,
        monkeypatch: pytest.MonkeyPatch | None = None) -> tuple[int, bytes, str]:
    if stdin is not None:
        assert monkeypatch is not None
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    status = main(list(argv))
    out, err = capsysbinary.readouterr()
    return status, out, err.decode()


@pytest.fixture
def files(tmp_path: Path) -> dict[tuple[str, str], Path]:
    """The example run, the failed node and the dynamic node's data, each in each format."""
    made = {}
    for name, record in (("run", RUN), ("failed", FAILED), ("data", DATA)):
        for fmt in ("json", "text", "binary"):
            path = made[name, fmt] = tmp_path / f"{name}.{fmt}"
            path.write_bytes(encode(record, fmt))
    return made


# ------------------------------------------------------------------------------------------------ show


def test_show_without_a_file_prints_the_example_run(capsysbinary: Any) -> None:
    status, out, err = run(capsysbinary, "show")
    text = out.decode()
    assert status == 0 and err == ""
    assert text.startswith("Example run flytesnacks/development/akx7rq2m9wzt4c8j5pvn")
    for node in RUN.node_executions:
        assert node.verbose_string() in text
    assert DATA.verbose_string() in text
    for fact in ("cache_status: CACHE_HIT", "phase: FAILED", "started_at: 2024-05-01T12:14:05.011872004Z",
                 "ValueError: accuracy 0.9431 is below the deployment threshold 0.95", "dn2: array", "tasks:"):
        assert fact in text


def test_show_short_prints_one_line_per_record(capsysbinary: Any) -> None:
    status, out, _ = run(capsysbinary, "show", "--short")
    lines = out.decode().splitlines()
    assert status == 0
    assert [line for line in lines if line.startswith("NodeExecution(")] == [
        n.short_string() for n in RUN.node_executions
    ]
    assert DATA.short_string() in lines


@pytest.mark.parametrize("fmt", ["json", "text", "binary"])
def test_show_a_file_in_any_format(capsysbinary: Any, files: dict[tuple[str, str], Path], fmt: str) -> None:
    status, out, _ = run(capsysbinary, "show", str(files["run", fmt]))
    assert status == 0
    assert out.decode() == "\n\n".join(n.verbose_string() for n in RUN.node_executions) + "\n"
    status, out, _ = run(capsysbinary, "show", str(files["data", fmt]))
    assert status == 0 and out.decode() == DATA.verbose_string() + "\n"


def test_show_reads_standard_input(capsysbinary: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    status, out, _ = run(capsysbinary, "show", "-", stdin=FAILED.to_bytes(), monkeypatch=monkeypatch)
    assert status == 0 and out.decode() == FAILED.verbose_string() + "\n"


def test_show_a_list_shows_its_page_token(capsysbinary: Any, tmp_path: Path) -> None:
    page = NodeExecutionList(node_executions=(FAILED,), token="2")
    path = tmp_path / "page.json"
    path.write_text(json.dumps(page.to_dict()))
    status, out, _ = run(capsysbinary, "show", str(path))
    assert status == 0 and out.decode() == FAILED.verbose_string() + "\n\nnext page token: 2\n"


# --------------------------------------------------------------------------------------------- convert


@pytest.mark.parametrize("source", ["json", "text", "binary"])
@pytest.mark.parametrize("to", ["json", "text", "binary"])
@pytest.mark.parametrize("name", ["run", "failed", "data"])
def test_convert_between_every_pair_of_formats(
    capsysbinary: Any, files: dict[tuple[str, str], Path], source: str, to: str, name: str
) -> None:
    record = {"run": RUN, "failed": FAILED, "data": DATA}[name]
    status, out, err = run(capsysbinary, "convert", str(files[name, source]), "--to", to)
    assert (status, err) == (0, "")
    assert decode(out, to, type(record)) == record
    if to == "json":
        # JSON indented by two; the order of a map's entries is the source's (protobuf maps have none).
        assert out.decode() == json.dumps(json.loads(out), indent=2) + "\n"
        assert json.loads(out) == record.to_dict()
    else:
        assert out == (record.to_text().encode() if to == "text" else record.to_bytes())


@pytest.mark.parametrize("source", ["json", "text", "binary"])
def test_convert_reads_standard_input(capsysbinary: Any, monkeypatch: pytest.MonkeyPatch, source: str) -> None:
    status, out, _ = run(capsysbinary, "convert", "-", "--to", "json", stdin=encode(RUN, source),
                         monkeypatch=monkeypatch)
    assert status == 0 and NodeExecutionList.from_dict(json.loads(out)) == RUN


def test_json_with_protobuf_field_names_is_told_apart_too(capsysbinary: Any, tmp_path: Path) -> None:
    path = tmp_path / "list.json"
    path.write_text(json.dumps({"node_executions": [{"input_uri": "s3://x"}], "token": "t"}))
    status, out, _ = run(capsysbinary, "convert", str(path), "--to", "text")
    assert status == 0
    assert NodeExecutionList.from_text(out.decode()) == NodeExecutionList(
        node_executions=(NodeExecution(input_uri="s3://x"),), token="t")


@pytest.mark.parametrize("type_name", ["flyteidl.core.CompiledWorkflowClosure", "CompiledWorkflowClosure"])
def test_type_names_any_message(capsysbinary: Any, tmp_path: Path, type_name: str) -> None:
    workflow = examples.dynamic_workflow()
    path = tmp_path / "workflow.json"
    path.write_text(json.dumps(workflow.to_dict()))
    status, out, _ = run(capsysbinary, "convert", str(path), "--to", "binary", "--type", type_name)
    assert status == 0 and CompiledWorkflowClosure.from_bytes(out) == workflow


def test_a_message_that_is_none_of_the_defaults_needs_type(capsysbinary: Any, tmp_path: Path) -> None:
    path = tmp_path / "workflow.json"
    path.write_text(json.dumps(examples.dynamic_workflow().to_dict()))
    status, out, err = run(capsysbinary, "convert", str(path), "--to", "text")
    assert status == 1 and out == b""
    assert "primary" in err and "pass --type" in err


def test_unknown_type_is_a_usage_error(capsysbinary: Any, files: dict[tuple[str, str], Path]) -> None:
    status, _, err = run(capsysbinary, "convert", str(files["run", "json"]), "--to", "text", "--type", "NoSuchMessage")
    assert status == 2
    assert "no message type 'NoSuchMessage'" in err
    # the names model_for takes, by its rule and in its words
    status, _, err = run(capsysbinary, "convert", str(files["run", "json"]), "--type", "CatalogCacheStatus")
    assert status == 2 and "'CatalogCacheStatus' is the enum CatalogCacheStatus, not a message" in err


def test_from_overrides_detection(capsysbinary: Any, files: dict[tuple[str, str], Path]) -> None:
    status, _, err = run(capsysbinary, "convert", str(files["failed", "json"]), "--to", "text", "--from", "text")
    assert status == 1 and "(text)" in err


def test_protobuf_binary_to_json_lines_and_json_is_what_its_records_give(capsysbinary: Any, tmp_path: Path) -> None:
    page = NodeExecutionList(node_executions=RUN.node_executions, token="next")
    path = tmp_path / "page.pb"
    path.write_bytes(page.to_bytes())
    records = NodeExecutionList.from_bytes(page.to_bytes())  # maps in the order of the wire
    status, out, err = run(capsysbinary, "convert", str(path), "--to", "jsonl")
    assert status == 0 and out == b"".join(cli.streams._dumps(n.to_dict()).encode() + b"\n"
                                           for n in records.node_executions)
    assert err == "flyte-node-models: note: next page token 'next' (not in the JSON lines)\n"
    status, out, err = run(capsysbinary, "convert", str(path), "--to", "json")
    assert (status, err) == (0, "") and out == cli.dump(records, "json")
    status, out, _ = run(capsysbinary, "convert", str(path), "--to", "jsonl", "--type", "NodeExecutionList")
    assert status == 0 and len(out.splitlines()) == len(page.node_executions)


def test_a_bad_node_in_protobuf_binary_fails_after_the_lines_before_it(capsysbinary: Any, tmp_path: Path) -> None:
    message = RUN.to_flyte_idl()
    message.node_executions[2].closure.started_at.nanos = -1
    path = tmp_path / "page.pb"
    path.write_bytes(message.SerializeToString())
    status, out, err = run(capsysbinary, "convert", str(path), "--to", "jsonl", "--type", "NodeExecutionList")
    assert status == 1 and len(out.splitlines()) == 2
    assert err.startswith(f"flyte-node-models: error: {path} (binary, flyteidl.admin.NodeExecutionList): "
                          "node_executions[2].closure.started_at: timestamp nanos -1") and err.count("\n") == 1
    status, out, err = run(capsysbinary, "convert", str(path), "--to", "json", "--type", "NodeExecutionList")
    assert status == 1 and out == b"" and "node_executions[2].closure.started_at" in err


def test_unknown_fields_in_protobuf_binary_to_json(capsysbinary: Any, tmp_path: Path) -> None:
    message = RUN.to_flyte_idl()
    message.node_executions[1].MergeFromString(b"\xb8\x3e\x01")  # field 999, a varint
    path = tmp_path / "page.pb"
    path.write_bytes(message.SerializeToString())
    for to in ("jsonl", "json"):
        status, out, err = run(capsysbinary, "convert", str(path), "--to", to, "--type", "NodeExecutionList")
        assert status == 1 and out == b"" and "node_executions[1]: field number 999" in err
        assert "pass --ignore-unknown-fields" in err
        status, out, err = run(capsysbinary, "convert", str(path), "--to", to, "--type", "NodeExecutionList",
                               "--ignore-unknown-fields")
        assert (status, err) == (0, "") and out


# ------------------------------------------------------------------------------------------- bad input


def _bad_phase() -> dict[str, Any]:
    d = FAILED.to_dict()
    d["closure"]["phase"] = "EXPLODED"
    return d


@pytest.mark.parametrize(("content", "message"), [
    (json.dumps(_bad_phase()).encode(), "closure.phase"),
    (b'{"closure": {"startedAt": "yesterday"}}', "closure.startedAt"),
    (b'{"id": {"nodeId": "n0"', "not valid JSON"),
    (b'closure { phase: EXPLODED }', "closure.phase"),
    (b'closure { started_at { seconds: "x" } }', "closure"),
    (FAILED.to_bytes()[:-7], "wire format"),
    (b"\x08\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", "wire format"),
    (b"   \n", "is empty"),
    (b"", "is empty"),
    (b"[" * 100_000, "JSON nested too deeply"),
    (b'{"closure": {"outputResult": ' + b"[" * 100_000, "JSON nested too deeply"),
    (b'{"inputUri": 1' + b"0" * 5000 + b"}", "a number of more than 4300 digits"),
    (b'{"inputUri": "s3://b\xfccher"}', "JSON text is UTF-8, and byte 20 (b'\\xfc') is not"),
    (b'{"inputUri": "a", "inputUri": "b"}', "(json): inputUri: the key is given twice in its object"),
    (b'{"nodeExecutions": [{"closure": {"phase": "FAILED", "phase": "SUCCEEDED"}}]}',
     "nodeExecutions[0].closure.phase: the key is given twice"),
])
def test_bad_input_exits_1_naming_the_field(capsysbinary: Any, tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad"
    path.write_bytes(content)
    for command in (["convert", str(path), "--to", "json"], ["show", str(path)]):
        status, out, err = run(capsysbinary, *command)
        assert status == 1 and out == b""
        assert err.startswith(f"flyte-node-models: error: {path}") and message in err
        assert err.count("\n") == 1


def test_bad_standard_input_is_named_so(capsysbinary: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    status, _, err = run(capsysbinary, "convert", "-", "--to", "text", stdin=b'{"inputUri": 3}',
                         monkeypatch=monkeypatch)
    assert status == 1 and err.startswith("flyte-node-models: error: standard input (json): inputUri")


def test_missing_file(capsysbinary: Any, tmp_path: Path) -> None:
    status, _, err = run(capsysbinary, "show", str(tmp_path / "nope.json"))
    assert status == 1 and "cannot read" in err and "nope.json" in err


def test_binary_is_not_written_to_a_terminal(files: dict[tuple[str, str], Path]) -> None:
    from flyte_node_models import cli

    class Terminal(io.BytesIO):
        def isatty(self) -> bool:
            return True

    args = cli.parser().parse_args(["convert", str(files["run", "json"]), "--to", "binary"])
    terminal = Terminal()
    with pytest.raises(cli.UsageError, match="terminal"):
        cli.convert(args, terminal)
    assert terminal.getvalue() == b""


def test_no_command_prints_help(capsysbinary: Any) -> None:
    assert main([]) == 2
    assert "show" in capsysbinary.readouterr().err.decode()


def test_help_returns_its_status(capsysbinary: Any) -> None:
    status, out, err = run(capsysbinary, "convert", "--help")
    assert (status, err) == (0, "") and "--ignore-unknown-fields" in out.decode()


def test_interrupted_while_reading(capsysbinary: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    class Interrupted(io.BytesIO):
        def read(self, size: int | None = -1) -> bytes:
            raise KeyboardInterrupt

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(Interrupted()))
    status, out, err = run(capsysbinary, "show", "-")
    assert (status, out, err) == (130, b"", "")  # as a shell reports Ctrl-C, without a traceback


# ------------------------------------------------------------------------------------------ detection


def test_formats_are_detected() -> None:
    assert detect_format(b'  {"id": {}}') == "json"
    assert detect_format(FAILED.to_text().encode()) == "text"
    assert detect_format("input_uri: \"s3://é\"\n".encode()) == "text"
    assert detect_format(FAILED.to_bytes()) == "binary"
    assert detect_format(RUN.to_bytes()) == "binary"


def test_text_field_names_are_the_top_level_ones() -> None:
    text = 'id { node_id: "n0" }\n# closure: a comment\ninput_uri: "a { b"\nmetadata <\n  is_dynamic: true\n>\n' \
           'token: \'it\\\'s\' tags: [a, b] phase: FAILED'
    assert text_field_names(text) == {"id", "input_uri", "metadata", "token", "tags", "phase"}


@pytest.mark.parametrize("record", [FAILED, RUN, DATA], ids=["node", "list", "data"])
def test_binary_input_is_read_as_the_first_default_type_that_fits(record: Entity) -> None:
    assert parse(record.to_bytes(), "binary", None) == record


def test_binary_that_fits_several_types_is_settled_by_type(capsysbinary: Any, tmp_path: Path) -> None:
    # A page token alone has the same bytes as a node execution's input_uri: field 2, a string.
    page = NodeExecutionList(token="t")
    assert parse(page.to_bytes(), "binary", None) == NodeExecution(input_uri="t")
    path = tmp_path / "page.bin"
    path.write_bytes(page.to_bytes())
    status, out, _ = run(capsysbinary, "convert", str(path), "--to", "text", "--type", "NodeExecutionList")
    assert status == 0 and out == b'token: "t"\n'


# ------------------------------------------------------------------------------------ as a program


def test_python_dash_m(tmp_path: Path) -> None:
    path = tmp_path / "failed.bin"
    path.write_bytes(FAILED.to_bytes())
    done = subprocess.run([sys.executable, "-m", "flyte_node_models", "convert", str(path), "--to", "json"],
                          capture_output=True, check=False)
    assert done.returncode == 0, done.stderr
    assert NodeExecution.from_dict(json.loads(done.stdout)) == FAILED


def test_console_script() -> None:
    script = shutil.which("flyte-node-models", path=str(Path(sys.executable).parent))
    if script is None:
        pytest.skip("the package is not installed with its console script")
    done = subprocess.run([script, "show", "--short"], capture_output=True, check=False, text=True)
    assert done.returncode == 0, done.stderr
    assert FAILED.short_string() in done.stdout.splitlines()


def test_get_data_response_json_is_told_apart(capsysbinary: Any, files: dict[tuple[str, str], Path]) -> None:
    status, out, _ = run(capsysbinary, "convert", str(files["data", "json"]), "--to", "binary")
    assert status == 0 and NodeExecutionGetDataResponse.from_bytes(out) == DATA


def test_version(capsysbinary: Any) -> None:
    status, out, err = run(capsysbinary, "--version")
    assert (status, err) == (0, "")
    assert out.decode() == f"flyte-node-models {metadata.version('flyte_node_models')}\n"


def test_version_of_a_source_tree_that_is_not_installed(capsysbinary: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    def not_installed(name: str) -> str:
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(cli.metadata, "version", not_installed)
    status, out, _ = run(capsysbinary, "--version")
    assert (status, out) == (0, b"flyte-node-models (version unknown: not installed)\n")


# ------------------------------------------------------------------------------------ unknown fields

#: A field number no flyteidl message here has (99, a varint), as a newer flyteidl could send it.
UNKNOWN_FIELD = b"\x98\x06\x01"


def test_unknown_fields_are_refused_naming_the_flag(capsysbinary: Any, tmp_path: Path) -> None:
    path = tmp_path / "newer.json"
    path.write_text('{"inputUri": "s3://x", "closure": {"phase": "FAILED", "newField": 1}}')
    status, _, err = run(capsysbinary, "convert", str(path), "--to", "text")
    assert status == 1
    assert "closure.newField" in err and "pass --ignore-unknown-fields to drop it" in err
    assert "ignore_unknown_fields" not in err
    status, out, err = run(capsysbinary, "convert", str(path), "--to", "text", "--ignore-unknown-fields")
    assert (status, err) == (0, "")
    assert out.decode() == NodeExecution(
        input_uri="s3://x", closure=NodeExecutionClosure(phase=NodeExecutionPhase.FAILED)).to_text()
    with pytest.raises(ConversionError, match="pass ignore_unknown_fields=True"):  # the library's own words
        NodeExecution.from_json(path.read_bytes())


def test_unknown_fields_in_binary_input(capsysbinary: Any, tmp_path: Path) -> None:
    path = tmp_path / "newer.pb"
    path.write_bytes(FAILED.to_bytes() + UNKNOWN_FIELD)
    typed = ["convert", str(path), "--to", "binary", "--type", "NodeExecution"]
    status, _, err = run(capsysbinary, *typed)
    assert status == 1 and "field number 99" in err and "pass --ignore-unknown-fields to drop it" in err
    status, out, err = run(capsysbinary, *typed, "--ignore-unknown-fields")
    assert (status, err) == (0, "") and out == FAILED.to_bytes()
    # Field numbers tell no type apart once unknown ones may be dropped: the type must be named.
    status, _, err = run(capsysbinary, "convert", str(path), "--to", "binary", "--ignore-unknown-fields")
    assert status == 1 and "name the type with --type" in err


# ---------------------------------------------------------------------------------------- empty input


def test_empty_input_of_a_named_type_is_the_empty_message(capsysbinary: Any, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "empty"
    path.write_bytes(b"")
    for source in (["--from", "binary"], ["--from", "text"], []):
        for to, empty in (("json", b"{}\n"), ("text", b""), ("binary", b"")):
            status, out, err = run(capsysbinary, "convert", str(path), "--type", "NodeExecution", *source, "--to", to)
            assert (status, out, err) == (0, empty, "")
    status, out, _ = run(capsysbinary, "show", "-", "--from", "binary", "--type", "NodeExecution", stdin=b"",
                         monkeypatch=monkeypatch)
    assert (status, out) == (0, NodeExecution().verbose_string().encode() + b"\n")
    status, _, err = run(capsysbinary, "convert", str(path), "--type", "NodeExecution", "--from", "json",
                         "--to", "text")
    assert status == 1 and "not valid JSON" in err  # empty text is no JSON value


# ------------------------------------------------------------------- output that cannot be written


def as_program(*argv: str, **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
    """``python -m flyte_node_models ARGV``, its standard error captured."""
    return subprocess.run([sys.executable, "-m", "flyte_node_models", *argv], stderr=subprocess.PIPE,
                          check=False, timeout=120, **kwargs)


def assert_one_error_line(stderr: bytes, words: str) -> None:
    """One line and no more: no traceback, no "Exception ignored" from Python's flush at exit."""
    assert stderr.decode() == f"flyte-node-models: error: {words}\n"


@pytest.mark.parametrize("argv", [["show"], ["show", "--short"], ["--version"]])
def test_a_pipe_closed_before_the_output_is_written(argv: list[str]) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = as_program(*argv, stdout=write_end)
    finally:
        os.close(write_end)
    assert done.returncode == 1
    assert_one_error_line(done.stderr, "cannot write to standard output: Broken pipe")


def test_a_reader_that_goes_away_early(tmp_path: Path) -> None:
    # flyte-node-models show many.json | head -1, with more output than the pipe holds
    path = tmp_path / "many.json"
    path.write_bytes(encode(NodeExecutionList(node_executions=RUN.node_executions * 100), "json"))
    process = subprocess.Popen([sys.executable, "-m", "flyte_node_models", "show", str(path)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None
    assert process.stdout.readline() == RUN.node_executions[0].verbose_string().encode().splitlines()[0] + b"\n"
    process.stdout.close()
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 1
    assert_one_error_line(stderr, "cannot write to standard output: Broken pipe")


def test_standard_output_closed_from_the_start() -> None:
    # flyte-node-models show >&-
    done = subprocess.run(["sh", "-c", 'exec "$0" -m flyte_node_models show >&-', sys.executable],
                          stderr=subprocess.PIPE, check=False, timeout=120)
    assert done.returncode == 1
    assert_one_error_line(done.stderr, "cannot write to standard output: it is closed")


def test_standard_output_closed_while_running() -> None:
    code = "import os, sys\nfrom flyte_node_models.cli import main\nos.close(1)\nsys.exit(main(['show']))"
    done = subprocess.run([sys.executable, "-c", code], stderr=subprocess.PIPE, check=False, timeout=120)
    assert done.returncode == 1
    assert_one_error_line(done.stderr, "cannot write to standard output: Bad file descriptor")


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
def test_a_full_disk() -> None:
    with open("/dev/full", "wb") as full:
        done = as_program("show", stdout=full)
    assert done.returncode == 1
    assert_one_error_line(done.stderr, "cannot write to standard output: No space left on device")


def test_standard_input_closed() -> None:
    done = subprocess.run(["sh", "-c", 'exec "$0" -m flyte_node_models show - <&-', sys.executable],
                          capture_output=True, check=False, timeout=120)
    assert (done.returncode, done.stdout) == (1, b"")
    assert_one_error_line(done.stderr, "cannot read standard input: it is closed")


# ------------------------------------------------------------------------- no input gives a traceback


def _spliced(base: bytes) -> st.SearchStrategy[bytes]:
    """``base`` with a few bytes somewhere replaced by others."""
    return st.tuples(st.integers(0, len(base)), st.integers(0, 4), st.binary(max_size=4)).map(
        lambda c: base[:c[0]] + c[2] + base[c[0] + c[1]:])


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.floats() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=12,
)
ANY_INPUT = st.one_of(
    st.binary(max_size=64),
    JSON_VALUES.map(lambda v: json.dumps(v).encode()),
    _spliced(FAILED.to_json().encode()),
    _spliced(FAILED.to_text().encode()),
    _spliced(FAILED.to_bytes()),
)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=ANY_INPUT, options=st.sampled_from([[], ["--type", "NodeExecution"], ["--type", "Literal"],
                                                ["--ignore-unknown-fields"], ["--from", "json"]]))
def test_no_input_gives_a_traceback(capsysbinary: Any, data: bytes, options: list[str]) -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "input"
        path.write_bytes(data)
        for command in (["convert", str(path), "--to", "json"], ["show", str(path)]):
            status, out, err = run(capsysbinary, *command, *options)
            assert (status, err.count("\n")) in ((0, 0), (1, 1)), err
            assert status == 0 or out == b""
