"""The Flyte Admin client against a real gRPC server on 127.0.0.1 (tests/admin_server.py): every node execution
exactly once, through injected faults, and clean failures; and ``flyte-node-models fetch`` end to end."""

from __future__ import annotations

import json
import os
import pty
import socket
import subprocess
import sys
from collections import Counter, deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import grpc
import pytest
from admin_server import SLOW, AdminServer, Run, generate_run, serving
from flyteidl.admin import node_execution_pb2
from flyteidl.core import identifier_pb2
from flyteidl.service import admin_pb2_grpc

from flyte_node_models.admin.common import Sort, SortDirection
from flyte_node_models.cli import main
from flyte_node_models.client import (
    AdminClient,
    AdminError,
    InvalidArgument,
    NotFound,
    Retry,
    TokenCommandError,
    Unauthenticated,
    Unavailable,
    parse_execution_id,
)
from flyte_node_models.core.execution import NodeExecutionPhase
from flyte_node_models.core.identifier import (
    Identifier,
    NodeExecutionIdentifier,
    ResourceType,
    TaskExecutionIdentifier,
)
from flyte_node_models.literals import LiteralMap
from flyte_node_models.node_execution import NodeExecution, NodeExecutionGetDataResponse, NodeExecutionList

BIG = generate_run()  # 3,042 node executions, parents nested three deep
SMALL = generate_run(name="s5bq2w8kfm3xzt9c1dpn", top=20)
FAST = Retry(attempts=5, initial=0.01, maximum=0.05, total=30)
ROOT = Path(__file__).parent.parent


@pytest.fixture
def admin() -> Iterator[AdminServer]:
    with serving(BIG, SMALL) as server:
        yield server


def client(server: AdminServer, **kwargs: object) -> AdminClient:
    kwargs.setdefault("retry", FAST)
    return AdminClient(server.endpoint, insecure=True, **kwargs)  # type: ignore[arg-type]


def node_id(run: Run, node: str) -> NodeExecutionIdentifier:
    return NodeExecutionIdentifier(node_id=node, execution_id=parse_execution_id(run.name))


def assert_whole_run(run: Run, got: list[tuple[str | None, NodeExecution]]) -> None:
    """Every node execution of ``run`` once, equal to the server's, with its parent."""
    ids = Counter(node.id.node_id for _, node in got)
    assert ids.most_common(1)[0][1] == 1
    assert set(ids) == set(run.nodes)
    for parent, node in got:
        assert node.to_flyte_idl() == run.nodes[node.id.node_id]
        assert parent == run.parent_of[node.id.node_id]


def list_calls(server: AdminServer) -> list[node_execution_pb2.NodeExecutionListRequest]:
    return [r for r in server.requests if isinstance(r, node_execution_pb2.NodeExecutionListRequest)]


# ------------------------------------------------------------------------------------ the whole tree


def test_the_whole_tree_once_each_with_its_parent(admin: AdminServer) -> None:
    assert len(BIG.nodes) > 3000 and max(BIG.depth_of.values()) == 3
    parents = [n.metadata for n in BIG.nodes.values() if n.metadata.is_parent_node]
    kinds = Counter((m.is_dynamic, m.is_array) for m in parents)
    assert kinds[True, False] and kinds[False, True] and kinds[False, False]
    with client(admin) as c:
        got = list(c.all_node_executions(BIG.name, page_size=100))
        assert_whole_run(BIG, got)
        # One list call per page of each parent's children, and no other call.
        pages = sum(len(nodes) // 100 + 1 for nodes in BIG.children.values())
        assert c.stats.calls == admin.calls == pages and c.stats.retries == 0
    calls = list_calls(admin)
    assert {r.limit for r in calls} == {100}
    assert {r.unique_parent_id for r in calls} - {""} == {k for k in BIG.children if k is not None}


def test_parents_come_before_their_children(admin: AdminServer) -> None:
    with client(admin, concurrency=4) as c:
        order = [node.id.node_id for _, node in c.all_node_executions(SMALL.name, page_size=7)]
    position = {n: i for i, n in enumerate(order)}
    assert all(position[SMALL.parent_of[n]] < position[n] for n in order if SMALL.parent_of[n] is not None)


def test_children_are_fetched_concurrently_within_the_bound(admin: AdminServer) -> None:
    admin.faults.delay = 0.02
    with client(admin, concurrency=3) as c:
        assert_whole_run(SMALL, list(c.all_node_executions(SMALL.name, page_size=10)))
    assert 2 <= admin.max_in_flight <= 3


def test_a_node_id_on_two_pages_is_yielded_once(admin: AdminServer) -> None:
    admin.faults.overlap = True  # each page starts with the previous page's last node
    with client(admin) as c:
        assert_whole_run(SMALL, list(c.all_node_executions(SMALL.name, page_size=5)))


def test_leaving_the_tree_early_stops_fetching(admin: AdminServer) -> None:
    admin.faults.delay = 0.01
    with client(admin, concurrency=4) as c:
        walk = c.all_node_executions(BIG.name, page_size=50)
        first = [next(walk) for _ in range(60)]
        walk.close()
        calls = admin.calls
        assert len({n.id.node_id for _, n in first}) == 60 and admin.in_flight == 0
        assert calls < 20  # nowhere near the run's 450 pages
        assert next(iter(c.list_node_executions(SMALL.name))).id.node_id == "n0"  # the client still works


# ----------------------------------------------------------------------------------------- listing


def test_without_a_parent_only_top_level_nodes_are_listed(admin: AdminServer) -> None:
    with client(admin) as c:
        top = list(c.list_node_executions(BIG.name, page_size=100))
        assert [n.to_flyte_idl() for n in top] == BIG.children[None]
        assert c.stats.calls == 2


def test_with_a_parent_its_children_are_listed_page_by_page(admin: AdminServer) -> None:
    parent = next(k for k, v in BIG.children.items() if k is not None and len(v) == 9)
    with client(admin) as c:
        children = c.list_node_executions(BIG.name, unique_parent_id=parent, page_size=4)
        assert next(children).to_flyte_idl() == BIG.children[parent][0]
        assert c.stats.calls == 1  # a page at a time, as consumed
        assert [n.to_flyte_idl() for n in children] == BIG.children[parent][1:]
        assert c.stats.calls == 3
        assert [r.token for r in list_calls(admin)] == ["", "4", "8"]


def test_a_list_that_fills_its_last_page_ends_on_an_empty_page(admin: AdminServer) -> None:
    with client(admin) as c:
        assert len(list(c.list_node_executions(BIG.name, page_size=90))) == 180
        assert c.stats.calls == 3


def test_filters_and_sort_are_passed_on(admin: AdminServer) -> None:
    with client(admin) as c:
        failed = list(c.list_node_executions(BIG.name, filters="eq(phase,FAILED)"))
        assert failed and {n.closure.phase for n in failed} == {NodeExecutionPhase.FAILED}
        assert len(failed) == sum(n.closure.phase == NodeExecutionPhase.FAILED for n in BIG.children[None])
        ordered = [n.id.node_id for n in c.list_node_executions(
            SMALL.name, sort_by=Sort(key="node_id", direction=SortDirection.ASCENDING), page_size=6)]
        assert ordered == sorted(n.id.node_id for n in SMALL.children[None])
        with pytest.raises(InvalidArgument, match=r"INVALID_ARGUMENT reading workflow execution .*parse filter"):
            list(c.list_node_executions(BIG.name, filters="phase is FAILED"))


def test_the_server_wants_a_positive_limit_and_the_client_says_so_first(admin: AdminServer) -> None:
    stub = admin_pb2_grpc.AdminServiceStub(grpc.insecure_channel(admin.endpoint))
    request = node_execution_pb2.NodeExecutionListRequest(limit=0, workflow_execution_id=BIG.execution)
    with pytest.raises(grpc.RpcError) as raised:
        stub.ListNodeExecutions(request, timeout=5)
    assert raised.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    with client(admin) as c:
        for bad in (0, -1, 2.5):
            with pytest.raises(ValueError, match="page_size: must be a positive int"):
                list(c.list_node_executions(BIG.name, page_size=bad))  # type: ignore[arg-type]
            with pytest.raises(ValueError, match="page_size"):
                list(c.all_node_executions(BIG.name, page_size=bad))  # type: ignore[arg-type]
        assert c.stats.calls == 0


def test_a_page_beyond_grpcs_default_receive_limit(admin: AdminServer) -> None:
    wide = Run(identifier_pb2.WorkflowExecutionIdentifier(project="p", domain="d", name="wide"))
    for i in range(1000):
        node = node_execution_pb2.NodeExecution(id={"node_id": f"n{i}", "execution_id": wide.execution})
        node.closure.deck_uri = "s3://my-bucket/" + "d" * 5000
        wide.add(None, node)
    with serving(wide) as server:
        request = node_execution_pb2.NodeExecutionListRequest(limit=1000, workflow_execution_id=wide.execution)
        with grpc.insecure_channel(server.endpoint) as channel, pytest.raises(grpc.RpcError) as raised:
            admin_pb2_grpc.AdminServiceStub(channel).ListNodeExecutions(request, timeout=10)
        assert raised.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED  # 5 MB: over gRPC's 4 MiB
        with client(server) as c:
            assert len(list(c.list_node_executions(wide.name, page_size=1000))) == 1000
            assert (c.stats.calls, c.stats.retries) == (2, 0)  # a full page, then the empty last one


def test_execution_names_are_checked() -> None:
    assert parse_execution_id("p/d/n").name == "n"
    for bad in ("p/d", "p/d/n/x", "p//n"):
        with pytest.raises(ValueError, match="project/domain/name"):
            parse_execution_id(bad)


# ------------------------------------------------------------------------------------- single reads


def test_single_reads_return_records(admin: AdminServer) -> None:
    dynamic = next(n for n in BIG.nodes.values() if n.metadata.is_dynamic)
    task = next(n for n in BIG.nodes.values() if not n.metadata.is_parent_node)
    with client(admin) as c:
        got = c.get_node_execution(node_id(BIG, task.id.node_id))
        assert isinstance(got, NodeExecution) and got.to_flyte_idl() == task

        data = c.get_node_execution_data(node_id(BIG, dynamic.id.node_id))
        assert isinstance(data, NodeExecutionGetDataResponse) and isinstance(data.full_inputs, LiteralMap)
        assert data.full_inputs.literals["name"].scalar.primitive.string_value == dynamic.metadata.spec_node_id
        assert data.dynamic_workflow.compiled_workflow.primary.template.id == Identifier(
            ResourceType.WORKFLOW, "flytesnacks", "development", f"dyn.{dynamic.metadata.spec_node_id}", "v1")
        stub = admin_pb2_grpc.AdminServiceStub(grpc.insecure_channel(admin.endpoint))
        request = node_execution_pb2.NodeExecutionGetDataRequest(id=dynamic.id)
        assert data.to_flyte_idl() == stub.GetNodeExecutionData(request, timeout=5)

        workflow = c.get_dynamic_node_workflow(node_id(BIG, dynamic.id.node_id))
        assert [n.id for n in workflow.compiled_workflow.primary.template.nodes] == ["dn0", "dn1"]

        attempt = TaskExecutionIdentifier(node_execution_id=node_id(BIG, dynamic.id.node_id))
        launched = list(c.list_node_executions_for_task(attempt, page_size=5))
        assert [n.to_flyte_idl() for n in launched] == BIG.children[dynamic.id.node_id]


# ---------------------------------------------------------------------------------------- faults


def test_transient_faults_are_retried_and_nothing_is_lost_or_repeated(admin: AdminServer) -> None:
    admin.faults.unavailable_every = 7
    admin.faults.exhausted_every = 11
    admin.faults.slow_every = 37
    admin.faults.slow_seconds = 2
    with client(admin, timeout=0.5) as c:
        assert_whole_run(BIG, list(c.all_node_executions(BIG.name, page_size=100)))
        assert admin.faulted > 90 and c.stats.retries == admin.faulted and c.stats.calls == admin.calls


def test_a_reply_past_the_deadline_is_asked_for_again(admin: AdminServer) -> None:
    admin.faults.script = deque([None, SLOW, SLOW])
    admin.faults.slow_seconds = 3
    with client(admin, timeout=0.3) as c:
        assert_whole_run(SMALL, list(c.all_node_executions(SMALL.name)))
        assert c.stats.retries == 2


def test_retries_are_bounded_in_number(admin: AdminServer) -> None:
    admin.faults.script = deque([grpc.StatusCode.UNAVAILABLE] * 10)
    with client(admin, retry=Retry(attempts=3, initial=0.01)) as c:
        with pytest.raises(Unavailable) as raised:
            list(c.list_node_executions(SMALL.name))
        assert admin.calls == 3 and c.stats.retries == 2
    message = str(raised.value)
    assert message == f"Flyte Admin at {admin.endpoint}: UNAVAILABLE reading workflow execution {SMALL.name}, " \
                      "3 tries: injected UNAVAILABLE"
    assert raised.value.code == "UNAVAILABLE"


def test_retries_are_bounded_in_time(admin: AdminServer) -> None:
    admin.faults.delay = 10  # every try
    with client(admin, timeout=0.2, retry=Retry(attempts=1000, initial=0.01, maximum=0.02, total=1.0)) as c:
        with pytest.raises(Unavailable, match="DEADLINE_EXCEEDED reading node execution n0 of") as raised:
            c.get_node_execution(node_id(SMALL, "n0"))
    assert raised.value.code == "DEADLINE_EXCEEDED"
    assert 3 <= admin.calls <= 7  # about 1 s of 0.2 s calls


def test_no_server_is_a_clean_failure() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        endpoint = f"127.0.0.1:{s.getsockname()[1]}"  # closed when the block ends: nobody listens there
    with AdminClient(endpoint, insecure=True, retry=Retry(attempts=2, initial=0.01)) as c:
        with pytest.raises(Unavailable, match=f"^Flyte Admin at {endpoint}: UNAVAILABLE reading workflow execution"):
            list(c.all_node_executions(SMALL.name))


def test_an_unknown_execution_or_node_is_not_found(admin: AdminServer) -> None:
    with client(admin) as c:
        with pytest.raises(NotFound, match=r"^workflow execution flytesnacks/development/nope not found \(Flyte Admin"):
            list(c.all_node_executions("flytesnacks/development/nope"))
        with pytest.raises(NotFound, match=f"^node execution n999 of workflow execution {SMALL.name} not found"):
            list(c.list_node_executions(SMALL.name, unique_parent_id="n999"))
        with pytest.raises(NotFound, match=f"^data of node execution n999 of workflow execution {SMALL.name}"):
            c.get_node_execution_data(node_id(SMALL, "n999"))
        assert c.stats.retries == 0


def test_errors_are_admin_errors_without_the_grpc_traceback(admin: AdminServer) -> None:
    with client(admin) as c:
        with pytest.raises(AdminError) as raised:
            c.get_node_execution(node_id(SMALL, "n999"))
    assert not isinstance(raised.value, grpc.RpcError)
    assert raised.value.__cause__ is None and raised.value.__suppress_context__
    assert raised.value.code == "NOT_FOUND"


# ------------------------------------------------------------------------------------------ tokens


@pytest.fixture
def guarded() -> Iterator[AdminServer]:
    with serving(SMALL, token="s3cret") as server:
        yield server


def test_the_token_is_sent_as_a_bearer(guarded: AdminServer) -> None:
    with client(guarded, token="s3cret") as c:
        assert len(list(c.all_node_executions(SMALL.name))) == len(SMALL.nodes)


def test_a_refused_token_says_so(guarded: AdminServer) -> None:
    with client(guarded, token="wrong") as c:
        with pytest.raises(Unauthenticated, match=f"^Flyte Admin at {guarded.endpoint} refused the token: "):
            list(c.all_node_executions(SMALL.name))
        assert c.stats.calls == 1
    with client(guarded) as c:
        with pytest.raises(Unauthenticated, match="wants a token"):
            c.get_node_execution(node_id(SMALL, "n0"))


def test_a_token_from_a_command(guarded: AdminServer) -> None:
    with client(guarded, token_command=[sys.executable, "-c", "print('  s3cret  ')"]) as c:
        assert len(list(c.list_node_executions(SMALL.name))) == len(SMALL.children[None])
    with client(guarded, token_command=f"{sys.executable} -c \"print('nope')\"") as c:
        with pytest.raises(Unauthenticated, match="refused the token"):
            c.get_node_execution(node_id(SMALL, "n0"))
        assert c.stats.calls == 2  # the command was asked for a fresh token once


def test_an_expired_token_is_replaced_once(guarded: AdminServer, tmp_path: Path) -> None:
    runs = tmp_path / "runs"
    script = f"import pathlib; p = pathlib.Path({str(runs)!r}); p.write_text(p.read_text() + 'x') " \
             "if p.exists() else p.write_text('x'); print('s3cret' if len(p.read_text()) > 1 else 'expired')"
    with client(guarded, token_command=[sys.executable, "-c", script]) as c:
        assert c.get_node_execution(node_id(SMALL, "n0")).id.node_id == "n0"
        c.get_node_execution(node_id(SMALL, "n1"))
    assert runs.read_text() == "xx"


def test_a_failing_token_command_is_a_clean_failure(guarded: AdminServer) -> None:
    failing = [sys.executable, "-c", "import sys; sys.exit('no credentials here')"]
    with client(guarded, token_command=failing) as c:
        with pytest.raises(TokenCommandError, match="failed with exit status 1: no credentials here"):
            c.get_node_execution(node_id(SMALL, "n0"))
    with client(guarded, token_command=["/no/such/command"]) as c:
        with pytest.raises(TokenCommandError, match="cannot run"):
            c.get_node_execution(node_id(SMALL, "n0"))
    with client(guarded, token_command=[sys.executable, "-c", "pass"]) as c:
        with pytest.raises(TokenCommandError, match="printed no token"):
            c.get_node_execution(node_id(SMALL, "n0"))


# --------------------------------------------------------------------------------- TLS, set-up errors


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, bytes, Path]:
    """A self-signed certificate for 127.0.0.1: its key, itself, and its file."""
    where = tmp_path_factory.mktemp("tls")
    try:
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
                        "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(where / "key.pem"),
                        "-out", str(where / "cert.pem")], check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError) as e:
        pytest.skip(f"openssl cannot make a certificate: {e}")
    return (where / "key.pem").read_bytes(), (where / "cert.pem").read_bytes(), where / "cert.pem"


def test_tls_with_a_ca_file(certificate: tuple[bytes, bytes, Path]) -> None:
    key, cert, cert_file = certificate
    with serving(SMALL, tls=(key, cert)) as server:
        with AdminClient(server.endpoint, ca_cert=cert_file, retry=FAST) as c:
            assert len(list(c.all_node_executions(SMALL.name))) == len(SMALL.nodes)
        with AdminClient(server.endpoint, retry=Retry(attempts=2, initial=0.01)) as c:  # the system's roots
            with pytest.raises(Unavailable):
                c.get_node_execution(node_id(SMALL, "n0"))


def test_set_up_errors(tmp_path: Path) -> None:
    with pytest.raises(AdminError, match=f"cannot read the CA certificate {tmp_path}/none.pem: No such file"):
        AdminClient("localhost:1", ca_cert=tmp_path / "none.pem")
    with pytest.raises(ValueError, match="token or token_command, not both"):
        AdminClient("localhost:1", token="t", token_command="echo t")
    with pytest.raises(ValueError, match="ca_cert is for TLS"):
        AdminClient("localhost:1", insecure=True, ca_cert="x.pem")
    with pytest.raises(ValueError, match="Retry.attempts"):
        Retry(attempts=0)


def test_backoff_grows_with_jitter_and_is_capped() -> None:
    retry = Retry(initial=0.5, multiplier=2, maximum=3)
    for failures, cap in ((1, 0.5), (2, 1.0), (3, 2.0), (4, 3.0), (9, 3.0)):
        delays = [retry.delay(failures) for _ in range(200)]
        assert all(0 <= d <= cap for d in delays) and max(delays) > cap / 2 and len(set(delays)) > 100


def test_importing_the_client_without_grpcio_says_how_to_install_it() -> None:
    code = "import sys; sys.modules['grpc'] = None; import flyte_node_models; import flyte_node_models.client"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1] == (
        "ImportError: flyte_node_models.client needs grpcio, an optional extra: "
        "pip install 'flyte_node_models[admin]'"
    )


# ------------------------------------------------------------------------------ flyte-node-models fetch


def fetch(server: AdminServer, *args: str, stderr: int | None = None) -> subprocess.CompletedProcess[bytes]:
    command = [sys.executable, "-m", "flyte_node_models", "fetch", *args, "--endpoint", server.endpoint]
    return subprocess.run(command, capture_output=stderr is None, stdout=subprocess.PIPE if stderr else None,
                          stderr=stderr, timeout=120, check=False, cwd=Path(__file__).parent)  # the installed one


def assert_fetched(run: Run, records: list[NodeExecution]) -> None:
    assert Counter(r.id.node_id for r in records) == Counter(list(run.nodes))
    assert all(r.to_flyte_idl() == run.nodes[r.id.node_id] for r in records)


def test_fetch_writes_every_node_execution_once_through_faults(admin: AdminServer) -> None:
    admin.faults.unavailable_every = 6
    admin.faults.exhausted_every = 13
    admin.faults.slow_every = 41
    admin.faults.slow_seconds = 3
    done = fetch(admin, BIG.name, "--insecure", "--timeout", "0.5")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.decode().splitlines()
    assert all(line.startswith('{"id":{"nodeId":') for line in lines)  # one compact record per line
    assert_fetched(BIG, [NodeExecution.from_dict(json.loads(line)) for line in lines])
    assert admin.faulted > 100 and admin.calls == len(BIG.children) + admin.faulted
    assert done.stderr == b""  # not a terminal: no progress


def fetch_here(capsysbinary: Any, server: AdminServer, *args: str) -> bytes:
    """What ``fetch`` writes, run in this process."""
    status = main(["fetch", *args, "--endpoint", server.endpoint])
    out, err = capsysbinary.readouterr()
    assert (status, err) == (0, b"")
    return out  # type: ignore[no-any-return]


@pytest.mark.parametrize("to", ["json", "text", "binary"])
def test_fetch_to_json_text_and_binary(admin: AdminServer, to: str, capsysbinary: Any) -> None:
    out = fetch_here(capsysbinary, admin, SMALL.name, "--insecure", "--to", to)
    if to == "json":
        records = [NodeExecution.from_dict(d) for d in json.loads(out)]
    else:
        page = NodeExecutionList.from_text(out.decode()) if to == "text" else NodeExecutionList.from_bytes(out)
        records = list(page.node_executions)
    assert_fetched(SMALL, records)


def test_fetch_one_node_and_its_data(admin: AdminServer, capsysbinary: Any) -> None:
    dynamic = next(n for n in SMALL.nodes.values() if n.metadata.is_dynamic)
    out = fetch_here(capsysbinary, admin, SMALL.name, "--insecure", "--node", dynamic.id.node_id, "--data")
    assert out.count(b"\n") == 1  # one JSON line
    data = NodeExecutionGetDataResponse.from_dict(json.loads(out))
    stub = admin_pb2_grpc.AdminServiceStub(grpc.insecure_channel(admin.endpoint))
    assert data.to_flyte_idl() == stub.GetNodeExecutionData(
        node_execution_pb2.NodeExecutionGetDataRequest(id=dynamic.id), timeout=5)
    out = fetch_here(capsysbinary, admin, SMALL.name, "--insecure", "--node", "n1", "--to", "text")
    assert NodeExecution.from_text(out.decode()).to_flyte_idl() == SMALL.nodes["n1"]


def test_fetch_fails_with_one_clear_line(admin: AdminServer, guarded: AdminServer, capsysbinary: Any) -> None:
    for server, args, says in [
        (admin, ("flytesnacks/development/nope", "--insecure"),
         "workflow execution flytesnacks/development/nope not found (Flyte Admin at"),
        (admin, (SMALL.name, "--insecure", "--node", "n999", "--data"),
         f"data of node execution n999 of workflow execution {SMALL.name} not found"),
        (guarded, (SMALL.name, "--insecure", "--token-command", f"{sys.executable} -c \"print('nope')\""),
         f"Flyte Admin at {guarded.endpoint} refused the token: failed to validate the token"),
        (guarded, (SMALL.name, "--insecure"), f"Flyte Admin at {guarded.endpoint} wants a token"),
        (guarded, (SMALL.name, "--insecure", "--token-command", "/no/such/command"),
         "token command '/no/such/command' cannot run: No such file or directory"),
        (admin, (SMALL.name, "--ca-cert", "/no/such.pem"), "cannot read the CA certificate /no/such.pem"),
        (admin, ("flytesnacks/development", "--insecure"), "a workflow execution is named project/domain/name"),
        (admin, (SMALL.name, "--insecure", "--data"), "--data needs --node NODE_ID"),
        (admin, (SMALL.name, "--insecure", "--timeout", "0"), "timeout must be > 0"),
    ]:
        status = main(["fetch", *args, "--endpoint", server.endpoint])
        out, err = capsysbinary.readouterr()
        assert status == 1 and out == b"", (args, err)
        assert err.count(b"\n") == 1 and err.startswith(b"flyte-node-models: error: ") and says.encode() in err, err
    # ... and in a process of its own, where nothing else could catch a traceback
    done = fetch(guarded, SMALL.name, "--insecure", "--token-command", f"{sys.executable} -c \"print('nope')\"")
    assert (done.returncode, done.stdout) == (1, b"")
    assert done.stderr.decode() == f"flyte-node-models: error: Flyte Admin at {guarded.endpoint} refused the " \
                                   "token: failed to validate the token\n"


def test_fetch_shows_progress_on_a_terminal(admin: AdminServer) -> None:
    primary, secondary = pty.openpty()
    try:
        done = fetch(admin, SMALL.name, "--insecure", stderr=secondary)
        os.close(secondary)
        secondary = -1
        shown = b""
        while chunk := _read(primary):
            shown += chunk
    finally:
        os.close(primary)
        if secondary >= 0:
            os.close(secondary)
    assert done.returncode == 0
    calls = sum(len(nodes) // 1000 + 1 for nodes in SMALL.children.values())
    final = shown.decode().replace("\r\n", "\n").split("\r")[-1]
    assert final == f"{len(SMALL.nodes):,} node executions, {calls:,} calls, 0 retries\n"


def _read(fd: int) -> bytes:
    try:
        return os.read(fd, 65536)
    except OSError:  # the terminal's other end is closed: all is read
        return b""
