"""The command line: ``show`` and ``convert``, format and type detection, and what bad input does."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from flyte_node_models import Entity, examples
from flyte_node_models.cli import detect_format, main, parse, text_field_names
from flyte_node_models.core.compiler import CompiledWorkflowClosure
from flyte_node_models.node_execution import NodeExecution, NodeExecutionGetDataResponse, NodeExecutionList

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
    with pytest.raises(SystemExit) as exit_:
        main(["convert", str(files["run", "json"]), "--to", "text", "--type", "NoSuchMessage"])
    assert exit_.value.code == 2
    assert "no message type 'NoSuchMessage'" in capsysbinary.readouterr().err.decode()


def test_from_overrides_detection(capsysbinary: Any, files: dict[tuple[str, str], Path]) -> None:
    status, _, err = run(capsysbinary, "convert", str(files["failed", "json"]), "--to", "text", "--from", "text")
    assert status == 1 and "(text)" in err


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
