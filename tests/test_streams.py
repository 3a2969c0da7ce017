"""Streams of records: JSON lines and JSON arrays read and written one record at a time, flytectl's
``--details`` entries, errors that say which record, memory that does not grow with the stream, and the
command line reading and writing streams through real pipes."""

from __future__ import annotations

import io
import json
import os
import pickle
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flyteidl.admin import node_execution_pb2
from google.protobuf import json_format
from hypothesis import given
from hypothesis import strategies as st
from strategies import messages

from flyte_node_models import ConversionError, examples, streams
from flyte_node_models.node_execution import NodeExecution, NodeExecutionGetDataResponse, NodeExecutionList
from flyte_node_models.streams import (
    StreamError,
    read_json,
    read_json_array,
    read_jsonl,
    write_json_array,
    write_jsonl,
    write_jsonl_from_bytes,
)

RUN = examples.example_run()
NODES = RUN.node_executions


def jsonl(records: Any) -> bytes:
    out = io.BytesIO()
    write_jsonl(records, out)
    return out.getvalue()


def details_entry(node: NodeExecution, *children: dict[str, Any]) -> dict[str, Any]:
    """An entry of flytectl's ``get execution --details -o json``."""
    entry: dict[str, Any] = {"node_exec": node.to_dict(), "task_execs": [{"id": {"retryAttempt": 0}}],
                             "inputs": {"x": 1}, "outputs": {"o0": [1, 2]}}
    if children:
        entry["child_nodes"] = list(children)
    return entry


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Read a few characters at a time: every element and line crosses chunk boundaries."""
    monkeypatch.setattr(streams._Chunks, "SIZE", 5)


# ------------------------------------------------------------------------------------------ JSON lines


def test_json_lines_are_compact_proto3_json_one_record_a_line() -> None:
    data = jsonl(NODES)
    lines = data.decode().splitlines()
    assert len(lines) == len(NODES) and data.endswith(b"\n")
    for line, node in zip(lines, NODES, strict=True):
        assert json.loads(line) == json_format.MessageToDict(node.to_flyte_idl())
        assert line == json.dumps(json.loads(line), separators=(",", ":"), ensure_ascii=False)  # compact
    assert list(read_jsonl(io.BytesIO(data))) == list(NODES)


def test_a_byte_order_mark_is_skipped() -> None:
    data = jsonl(NODES)
    for read in (read_json, read_jsonl):
        assert list(read(io.BytesIO(b"\xef\xbb\xbf" + data))) == list(NODES)
        assert list(read(io.StringIO("\ufeff" + data.decode()))) == list(NODES)


def test_json_lines_to_and_from_text_file_objects() -> None:
    text = io.StringIO()
    assert write_jsonl(NODES, text) == len(NODES)
    assert list(read_jsonl(io.StringIO(text.getvalue()), NodeExecution)) == list(NODES)
    assert list(read_json(io.StringIO(text.getvalue()))) == list(NODES)


@given(st.lists(messages(NodeExecution, max_depth=2, json_safe=True), max_size=4))
def test_any_node_executions_survive_json_lines(pbs: list[Any]) -> None:
    records = [NodeExecution.from_flyte_idl(p) for p in pbs]
    data = jsonl(records)
    assert list(read_jsonl(io.BytesIO(data), NodeExecution)) == records
    for line, p in zip(data.splitlines(), pbs, strict=True):
        assert json_format.Parse(line, node_execution_pb2.NodeExecution()) == p


def test_blank_lines_are_skipped_and_lines_are_counted(small_chunks: None) -> None:
    lines = jsonl(NODES).splitlines(keepends=True)
    data = b"\n  \n" + lines[0] + b"\n" + b"".join(lines[1:])
    assert list(read_json(io.BytesIO(data))) == list(NODES)
    bad = data.replace(b'"SUCCEEDED"', b'"EXPLODED"', 2)  # n0 (line 3) succeeded
    with pytest.raises(StreamError) as caught:
        list(read_json(io.BytesIO(bad)))
    assert (caught.value.where, caught.value.path) == ("line 3", "closure.phase")
    assert str(caught.value).startswith("line 3: closure.phase: 'EXPLODED' is not a value of")


def test_a_bad_line_fails_after_the_records_before_it() -> None:
    lines = jsonl(NODES).splitlines(keepends=True)
    lines[3] = lines[3].replace(b'"startedAt":"', b'"startedAt":"yesterday')
    got = []
    with pytest.raises(StreamError) as caught:
        for record in read_jsonl(io.BytesIO(b"".join(lines))):
            got.append(record)
    assert got == list(NODES[:3])
    assert caught.value.where == "line 4" and caught.value.path == "closure.startedAt"
    assert isinstance(caught.value, ConversionError) and isinstance(caught.value, ValueError)


@pytest.mark.parametrize(("line", "message"), [
    (b'{"id": \n', "line 3: not valid JSON"),
    (b'{"inputUri": "a", "inputUri": "b"}\n', "line 3: inputUri: the key is given twice"),
    (b'{"inputUri": "s3://b\xfccher"}\n', "line 3: JSON text is UTF-8, and byte 20 (b'\\xfc') is not"),
])
def test_a_line_that_is_not_json_is_named(line: bytes, message: str) -> None:
    for read in (read_json, read_jsonl):
        with pytest.raises(StreamError) as caught:
            list(read(io.BytesIO(jsonl(NODES[:2]) + line)))
        assert str(caught.value).startswith(message)


def test_one_record_alone_is_not_named_by_its_line() -> None:
    with pytest.raises(StreamError) as caught:
        list(read_json(io.BytesIO(b'{"inputUri": 3}')))
    assert str(caught.value).startswith("inputUri: expected a string")


def test_the_type_is_told_from_the_first_record_and_held() -> None:
    data = jsonl([examples.dynamic_node_data()])
    assert list(read_jsonl(io.BytesIO(data))) == [examples.dynamic_node_data()]
    assert type(next(read_jsonl(io.BytesIO(jsonl(NODES))))) is NodeExecution
    mixed = jsonl(NODES[:1]) + jsonl([examples.dynamic_node_data()])
    with pytest.raises(StreamError) as caught:
        list(read_jsonl(io.BytesIO(mixed)))
    assert caught.value.where == "line 2" and "no field" in caught.value.reason
    # an explicit class reads what detection would not
    empty = b"{}\n{}\n"
    assert list(read_jsonl(io.BytesIO(empty), NodeExecutionGetDataResponse)) == [NodeExecutionGetDataResponse()] * 2


def test_ignore_unknown_fields_reaches_each_record() -> None:
    line = json.dumps({**NODES[0].to_dict(), "newField": 1}).encode() + b"\n"
    with pytest.raises(StreamError, match="newField"):
        list(read_jsonl(io.BytesIO(line), NodeExecution))
    assert list(read_jsonl(io.BytesIO(line), NodeExecution, ignore_unknown_fields=True)) == [NODES[0]]


def test_stream_errors_pickle() -> None:
    e = StreamError("bad", "closure.phase", "line 7")
    again = pickle.loads(pickle.dumps(e))
    assert (again.reason, again.path, again.where, str(again)) == ("bad", "closure.phase", "line 7", str(e))


# ------------------------------------------------------------------------------------------ JSON arrays


@pytest.mark.parametrize("indent", [None, 2, "\t"])
def test_json_arrays_are_read_element_by_element(small_chunks: None, indent: Any) -> None:
    data = json.dumps([n.to_dict() for n in NODES], indent=indent, ensure_ascii=indent is None).encode()
    assert list(read_json(io.BytesIO(data))) == list(NODES)
    assert list(read_json_array(io.BytesIO(data))) == list(NODES)
    assert list(read_json(io.StringIO(data.decode()))) == list(NODES)


def test_written_arrays_read_back(small_chunks: None) -> None:
    out = io.BytesIO()
    assert write_json_array(NODES, out) == len(NODES)
    assert json.loads(out.getvalue()) == [n.to_dict() for n in NODES]
    assert list(read_json(io.BytesIO(out.getvalue()))) == list(NODES)
    empty = io.StringIO()
    write_json_array([], empty)
    assert json.loads(empty.getvalue()) == [] and list(read_json(io.StringIO(empty.getvalue()))) == []


def test_a_bad_element_is_named_by_its_index(small_chunks: None) -> None:
    elements = [n.to_dict() for n in NODES]
    elements[2]["closure"]["phase"] = "EXPLODED"
    got = []
    with pytest.raises(StreamError) as caught:
        for record in read_json(io.BytesIO(json.dumps(elements, indent=2).encode())):
            got.append(record)
    assert got == list(NODES[:2])
    assert (caught.value.where, caught.value.path) == ("[2]", "closure.phase")


@pytest.mark.parametrize(("data", "message"), [
    (b"[", "[0]: the JSON array is not closed"),
    (b'[{"inputUri": "x"}', "[0]: the JSON array is not closed"),
    (b'[{"inputUri": "x"},]', "[1]: not valid JSON"),
    (b'[{"inputUri": "x"} {}]', "[0]: expected ',' or ']'"),
    (b'[{"inputUri": "x"}] []', "more after the end of the JSON array"),
    (b'[{"inputUri": "x"}, 3]', "[1]: expected a dict (a JSON object) for flyteidl.admin.NodeExecution"),
    (b'[{"inputUri": "x", "nope": 1}]', "[0]: a JSON object with fields inputUri, nope is none of"),
    (b'[{"inputUri": "\xff"}]', "JSON text is UTF-8, and byte 15 (b'\\xff') is not"),
    (b'[{"inputUri": "x"}, {"closure": {"phase": 3, "phase": 5}}]', "[1]: closure.phase: the key is given twice"),
    (b'[{"inputUri": "x"}, ' + b"[" * 100_000 + b"]" * 100_000 + b"]", "[1]: JSON nested too deeply"),
    (b'[{"inputUri": 1' + b"0" * 5000 + b"}]", "[0]: a number of more than"),
])
def test_broken_arrays_say_where(small_chunks: None, data: bytes, message: str) -> None:
    with pytest.raises(StreamError) as caught:
        list(read_json(io.BytesIO(data)))
    assert str(caught.value).startswith(message)


def test_an_empty_input_has_no_records() -> None:
    assert list(read_json(io.BytesIO(b" \n\t"))) == []
    assert list(read_json(io.BytesIO(b"[ ]"))) == []
    assert list(read_jsonl(io.BytesIO(b"\n\n"))) == []


def test_one_object_over_several_lines_is_one_record() -> None:
    data = json.dumps(RUN.to_dict(), indent=2).encode()
    assert list(read_json(io.BytesIO(data))) == [RUN]


# ------------------------------------------------------------------------------------- flytectl --details


def test_flytectl_details_give_every_node_execution_parent_first(small_chunks: None) -> None:
    n0, n1, n2, n3, n4 = NODES
    output = [details_entry(n0), details_entry(n1, details_entry(n2, details_entry(n3))), details_entry(n4)]
    data = json.dumps(output, indent="\t").encode()  # as flytectl prints it
    assert list(read_json(io.BytesIO(data))) == [n0, n1, n2, n3, n4]
    assert list(read_json(io.BytesIO(data), streams.FLYTECTL_DETAILS)) == [n0, n1, n2, n3, n4]
    lines = b"".join(json.dumps(entry).encode() + b"\n" for entry in output)
    assert list(read_jsonl(io.BytesIO(lines))) == [n0, n1, n2, n3, n4]


def test_a_bad_detail_is_named_by_where_it_is() -> None:
    bad = NODES[2].to_dict()
    bad["closure"]["phase"] = "EXPLODED"
    output = [details_entry(NODES[0], details_entry(NODES[1], {"node_exec": bad}))]
    with pytest.raises(StreamError) as caught:
        list(read_json(io.BytesIO(json.dumps(output).encode())))
    assert caught.value.where == "[0].child_nodes[0].child_nodes[0].node_exec"
    assert caught.value.path == "closure.phase"


# ---------------------------------------------------------------------------------------- memory bound


class Endless(io.RawIOBase):
    """A binary stream of ``head``, then ``body`` over and over; counts the bytes read, and fails past
    ``limit`` (a reader that ran ahead to the end would otherwise never come back)."""

    limit = 50_000_000

    def __init__(self, head: bytes, body: bytes) -> None:
        self.head, self.body = head, body
        self.served = 0
        self._left = head

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self.served > self.limit:
            raise OSError("read far past what the records taken need")
        if not self._left:
            self._left = self.body
        n = min(len(buffer), len(self._left))
        buffer[:n] = self._left[:n]
        self._left = self._left[n:]
        self.served += n
        return n


@pytest.mark.parametrize("form", ["jsonl", "array", "details"])
def test_streams_read_only_what_the_records_taken_need(form: str) -> None:
    """Reading never runs ahead of the records taken by more than a chunk: memory stays bounded
    however long the stream is (this one has no end)."""
    node = json.dumps(NODES[0].to_dict())
    head, body = {
        "jsonl": (b"", node.encode() + b"\n"),
        "array": (b"[\n", node.encode() + b",\n"),
        "details": (b"[", json.dumps({"node_exec": NODES[0].to_dict(), "child_nodes": []}).encode() + b","),
    }[form]
    source = Endless(head, body)
    records = read_json(io.BufferedReader(source))
    for taken in (1, 10, 1000):
        while taken > 0:
            assert next(records) == NODES[0]
            taken -= 1
        assert source.served <= len(head) + 1000 * len(body) + 2 * streams._Chunks.SIZE + io.DEFAULT_BUFFER_SIZE


@pytest.mark.parametrize("form", ["jsonl", "array"])
def test_the_first_record_of_a_pipe_comes_before_the_pipe_is_closed(form: str) -> None:
    read_end, write_end = os.pipe()
    first = json.dumps(NODES[0].to_dict())
    os.write(write_end, (first + "\n" if form == "jsonl" else "[\n" + first + ",\n").encode())
    got: list[Any] = []
    with os.fdopen(read_end, "rb") as reading:
        records = read_json(reading)
        thread = threading.Thread(target=lambda: got.append(next(records)), daemon=True)
        thread.start()
        thread.join(timeout=30)
        try:
            assert got == [NODES[0]], "no record before the input was finished"
        finally:
            os.close(write_end)
        thread.join(timeout=30)


def test_write_jsonl_takes_any_iterable_lazily() -> None:
    taken = []

    def produce() -> Iterator[NodeExecution]:
        for node in NODES:
            taken.append(node)
            yield node

    out = io.BytesIO()
    assert write_jsonl(produce(), out, flush=True) == len(NODES) and taken == list(NODES)
    assert list(read_jsonl(io.BytesIO(out.getvalue()))) == list(NODES)
    # a list of node executions page reads back as its page
    assert list(read_jsonl(io.BytesIO(jsonl([RUN])))) == [RUN]
    assert isinstance(next(read_jsonl(io.BytesIO(jsonl([RUN])))), NodeExecutionList)


# ------------------------------------------------------------------------------------- from wire bytes


def jsonl_from_bytes(data: bytes, cls: Any = NodeExecutionList, **kwargs: Any) -> bytes:
    out = io.BytesIO()
    write_jsonl_from_bytes(data, out, cls, **kwargs)
    return out.getvalue()


@given(messages(NodeExecutionList, max_depth=3))
def test_wire_bytes_give_the_json_lines_of_their_records(p: Any) -> None:
    data = p.SerializeToString()
    try:
        records = NodeExecutionList.from_bytes(data).node_executions
    except ConversionError as e:  # NaN in a google.protobuf.Value has no JSON form: refused the same way
        with pytest.raises(ConversionError) as caught:
            jsonl_from_bytes(data)
        assert str(caught.value) == str(e)
        return
    assert jsonl_from_bytes(data) == jsonl(records)
    text = io.StringIO()
    assert write_jsonl_from_bytes(data, text) == len(records)
    assert text.getvalue() == jsonl(records).decode()


def test_wire_bytes_of_one_record_give_one_line() -> None:
    node = NODES[1]
    assert jsonl_from_bytes(node.to_bytes(), NodeExecution) == jsonl([node])
    data = RUN.to_bytes()
    # maps in the order of the wire
    assert jsonl_from_bytes(data) == jsonl(NodeExecutionList.from_bytes(data).node_executions)
    assert jsonl_from_bytes(b"") == b""  # an empty list: no lines
    assert jsonl_from_bytes(b"", NodeExecution) == b"{}\n"


def test_a_bad_node_in_wire_bytes_fails_after_the_lines_before_it() -> None:
    page = RUN.to_flyte_idl()
    page.node_executions[2].closure.started_at.seconds = 10**12  # past 9999-12-31
    data = page.SerializeToString()
    with pytest.raises(ConversionError) as want:
        NodeExecutionList.from_bytes(data)
    assert want.value.path == "node_executions[2].closure.started_at"
    out = io.BytesIO()
    with pytest.raises(ConversionError) as caught:
        write_jsonl_from_bytes(data, out)
    assert str(caught.value) == str(want.value)
    assert out.getvalue() == jsonl(NodeExecutionList.from_bytes(RUN.to_bytes()).node_executions[:2])


def test_unknown_fields_in_wire_bytes_are_refused_before_any_line() -> None:
    page = RUN.to_flyte_idl()
    page.node_executions[3].closure.MergeFromString(b"\xb8\x3e\x01")  # field 999, a varint
    data = page.SerializeToString()
    with pytest.raises(ConversionError) as want:
        NodeExecutionList.from_bytes(data)
    out = io.BytesIO()
    with pytest.raises(ConversionError) as caught:
        write_jsonl_from_bytes(data, out)
    assert str(caught.value) == str(want.value) and caught.value.path == "node_executions[3].closure"
    assert out.getvalue() == b""
    kept = NodeExecutionList.from_bytes(data, ignore_unknown_fields=True)
    assert jsonl_from_bytes(data, ignore_unknown_fields=True) == jsonl(kept.node_executions)


def test_bad_wire_bytes_are_refused_as_from_bytes_refuses_them() -> None:
    for data in (b"\xff\xff", NODES[0].to_flyte_idl().SerializeToString().replace(b"n0", b"\xc3\x28")):
        with pytest.raises(ConversionError) as want:
            NodeExecutionList.from_bytes(data)
        with pytest.raises(ConversionError) as caught:
            jsonl_from_bytes(data)
        assert str(caught.value) == str(want.value)


def test_message_dicts_of_a_message_as_a_client_holds_it() -> None:
    page = RUN.to_flyte_idl()
    dicts = streams.message_dicts(page)  # the class told from the message
    assert next(dicts) == NODES[0].to_dict()  # one at a time
    assert list(dicts) == [n.to_dict() for n in NODES[1:]]  # (equal as dicts: map entries in any order)
    assert list(streams.message_dicts(page.node_executions[0], NodeExecution)) == [NODES[0].to_dict()]
    with pytest.raises(ConversionError, match="expected a flyteidl.admin.NodeExecution message"):
        list(streams.message_dicts(page, NodeExecution))
    for wrong in (None, {"nodeExecutions": []}, page.node_executions[0].closure.started_at):
        with pytest.raises(ConversionError, match="expected a protobuf message of an entity class"):
            list(streams.message_dicts(wrong))
    written = jsonl(streams.message_dicts(page))  # write_jsonl takes dicts
    assert list(read_jsonl(io.BytesIO(written))) == list(NODES)
    out = io.StringIO()
    assert streams.write_jsonl_from_message(page, out) == len(NODES)
    assert out.getvalue() == jsonl(NodeExecutionList.from_flyte_idl(page).node_executions).decode()


# ------------------------------------------------------------------------------------- the command line


def cli(*argv: str) -> list[str]:
    return [sys.executable, "-m", "flyte_node_models", *argv]


def test_convert_to_jsonl_writes_each_record_before_the_input_ends() -> None:
    """Through real pipes: one line in, its line out, while standard input is still open."""
    with subprocess.Popen(cli("convert", "-", "--to", "jsonl"), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE) as child:
        assert child.stdin is not None and child.stdout is not None
        try:
            got: list[bytes] = []
            for node in NODES[:3]:
                child.stdin.write(json.dumps(node.to_dict(), indent=None).encode() + b"\n")
                child.stdin.flush()
                reader = threading.Thread(target=lambda: got.append(child.stdout.readline()), daemon=True)
                reader.start()
                reader.join(timeout=60)
                assert not reader.is_alive(), "no line out before the input was finished"
                assert NodeExecution.from_json(got[-1]) == node
            child.stdin.close()
            assert child.stdout.read() == b"" and child.wait(timeout=60) == 0
        finally:
            child.kill()


def test_a_bad_record_fails_after_the_records_before_it_are_written() -> None:
    lines = jsonl(NODES).splitlines(keepends=True)
    lines[3] = lines[3].replace(b'"phase":"SUCCEEDED"', b'"phase":"EXPLODED"')
    done = subprocess.run(cli("convert", "-", "--to", "jsonl"), input=b"".join(lines), capture_output=True,
                          timeout=120)
    assert done.returncode == 1
    assert [NodeExecution.from_json(line) for line in done.stdout.splitlines()] == list(NODES[:3])
    err = done.stderr.decode()
    assert err.startswith("flyte-node-models: error: standard input (json): line 4: closure.phase: 'EXPLODED'")
    assert len(err.splitlines()) == 1


def test_flytectl_details_and_arrays_convert_to_every_form(tmp_path: Path) -> None:
    details = tmp_path / "details.json"
    details.write_text(json.dumps([details_entry(NODES[0], details_entry(NODES[1])), details_entry(NODES[2])],
                                  indent="\t"))
    done = subprocess.run(cli("convert", str(details), "--to", "jsonl"), capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert list(read_jsonl(io.BytesIO(done.stdout))) == list(NODES[:3])
    listed = NodeExecutionList(node_executions=NODES[:3])
    done = subprocess.run(cli("convert", str(details), "--to", "binary"), capture_output=True, timeout=120)
    assert done.returncode == 0 and NodeExecutionList.from_bytes(done.stdout) == listed
    done = subprocess.run(cli("convert", str(details), "--to", "text"), capture_output=True, timeout=120)
    assert done.returncode == 0 and NodeExecutionList.from_text(done.stdout.decode()) == listed
    done = subprocess.run(cli("convert", str(details), "--to", "json"), capture_output=True, timeout=120)
    assert json.loads(done.stdout) == [n.to_dict() for n in NODES[:3]]
    # and back: JSON lines of node executions to one list, a list to JSON lines
    lines = tmp_path / "nodes.jsonl"
    lines.write_bytes(jsonl(NODES))
    done = subprocess.run(cli("convert", str(lines), "--to", "binary"), capture_output=True, timeout=120)
    assert NodeExecutionList.from_bytes(done.stdout) == RUN
    page = tmp_path / "page.pb"
    page.write_bytes(RUN.to_bytes())
    done = subprocess.run(cli("convert", str(page), "--to", "jsonl"), capture_output=True, timeout=120)
    assert list(read_jsonl(io.BytesIO(done.stdout))) == list(NODES)  # (map entries in the wire's order)
    done = subprocess.run(cli("show", str(lines), "--short"), capture_output=True, timeout=120)
    assert done.stdout.decode() == "".join(n.short_string() + "\n" for n in NODES)


def test_memory_does_not_grow_with_the_stream(tmp_path: Path) -> None:
    """The command's peak memory on 40,000 records is about that on 1,000 (the input is some 50 MB)."""
    if not Path("/proc/self/status").exists():
        pytest.skip("the peak memory of a process is read from /proc")
    line = jsonl(NODES[:1])
    # VmHWM: the process's own peak (getrusage's maxrss would count the parent's too, where the child
    # is made by vfork)
    probe = ("import re, sys\nfrom pathlib import Path\nfrom flyte_node_models.cli import main\n"
             "status = main(sys.argv[1:])\n"
             "peak = re.search(r'VmHWM:\\s+(\\d+)', Path('/proc/self/status').read_text()).group(1)\n"
             "sys.stderr.write(f'maxrss {peak}\\n')\nsys.exit(status)\n")
    peaks = []
    for n in (1_000, 40_000):
        source = tmp_path / f"{n}.jsonl"
        source.write_bytes(line * n)
        output = tmp_path / f"{n}.out"
        with source.open("rb") as stdin, output.open("wb") as stdout:
            done = subprocess.run([sys.executable, "-c", probe, "convert", "-", "--to", "jsonl"], stdin=stdin,
                                  stdout=stdout, stderr=subprocess.PIPE, timeout=600)
        assert done.returncode == 0 and output.read_bytes() == source.read_bytes()
        peaks.append(int(done.stderr.decode().split("maxrss ")[1]))  # KiB
    assert peaks[1] - peaks[0] < 16 * 1024, peaks


def test_json_lines_to_and_from_jq(tmp_path: Path) -> None:
    jq = shutil.which("jq")
    if jq is None:
        pytest.skip("jq is not installed")
    page = tmp_path / "run.pb"
    page.write_bytes(RUN.to_bytes())
    to_lines = subprocess.Popen(cli("convert", str(page), "--to", "jsonl"), stdout=subprocess.PIPE)
    failed = subprocess.Popen([jq, "-c", 'select(.closure.phase == "FAILED")'], stdin=to_lines.stdout,
                              stdout=subprocess.PIPE)
    assert to_lines.stdout is not None
    to_lines.stdout.close()
    back = subprocess.run(cli("convert", "-", "--to", "text"), stdin=failed.stdout, capture_output=True, timeout=120)
    assert failed.wait(timeout=60) == 0 and to_lines.wait(timeout=60) == 0
    failed_nodes = [n for n in NODES if n.closure is not None and n.closure.phase.name == "FAILED"]
    assert len(failed_nodes) == 1 and NodeExecution.from_text(back.stdout.decode()) == failed_nodes[0]


def test_json_lines_to_and_from_duckdb(tmp_path: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    path = tmp_path / "nodes.jsonl"
    path.write_bytes(jsonl(NODES))
    counts = duckdb.sql(f"SELECT closure.phase AS phase, count(*) AS n FROM read_json('{path}') "
                        "GROUP BY phase ORDER BY phase").fetchall()
    assert counts == [("FAILED", 1), ("SUCCEEDED", 4)]
    # DuckDB's rows back as records: each row's JSON text, as read (read_json_objects keeps it whole)
    rows = duckdb.sql(f"SELECT json FROM read_json_objects('{path}') "
                      "WHERE json_extract_string(json, '$.closure.phase') = 'SUCCEEDED'").fetchall()
    back = "".join(row[0] + "\n" for row in rows)
    assert list(read_jsonl(io.StringIO(back))) == [n for n in NODES if n.closure.phase.name == "SUCCEEDED"]
