"""A Flyte Admin for tests: a real gRPC server on 127.0.0.1 serving the node executions of generated workflow
executions, as flyteadmin lists them, with faults on demand.

flyteadmin's semantics, followed here: ``ListNodeExecutions`` without ``unique_parent_id`` lists the top-level
node executions only, with it the children of that node execution (looked up by node id: NOT_FOUND if there is
none); ``limit`` must be > 0 (INVALID_ARGUMENT); the page token is the offset of the next page, given whenever
a page is full (so a list whose length is a multiple of the limit ends with an empty page); an unknown
execution is NOT_FOUND. A child's node id is made as flytepropeller makes it: ``{parent}-{attempt}-{spec id}``,
replaced by a hash when longer than 20 characters.
"""

from __future__ import annotations

import hashlib
import threading
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import grpc
from flyteidl.admin import common_pb2, node_execution_pb2
from flyteidl.core import compiler_pb2, execution_pb2, identifier_pb2, literals_pb2, workflow_pb2
from flyteidl.service import admin_pb2_grpc

Phase = execution_pb2.NodeExecution.Phase
SLOW = "slow"  # a scripted fault: the reply comes after the client's deadline


@dataclass
class Run:
    """A workflow execution's node executions: by parent (None: top level), and by node id."""

    execution: identifier_pb2.WorkflowExecutionIdentifier
    children: dict[str | None, list[node_execution_pb2.NodeExecution]] = field(default_factory=dict)
    nodes: dict[str, node_execution_pb2.NodeExecution] = field(default_factory=dict)
    parent_of: dict[str, str | None] = field(default_factory=dict)
    depth_of: dict[str, int] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return f"{self.execution.project}/{self.execution.domain}/{self.execution.name}"

    def add(self, parent: str | None, node: node_execution_pb2.NodeExecution) -> None:
        node_id = node.id.node_id
        assert node_id not in self.nodes, node_id
        self.children.setdefault(parent, []).append(node)
        self.nodes[node_id] = node
        self.parent_of[node_id] = parent
        self.depth_of[node_id] = 0 if parent is None else self.depth_of[parent] + 1


def unique_id(parent: str, attempt: int, spec_node_id: str) -> str:
    """A child's node id, the way flytepropeller makes it: hashed when longer than 20 characters."""
    joined = f"{parent}-{attempt}-{spec_node_id}"
    return joined if len(joined) <= 20 else "f" + hashlib.sha256(joined.encode()).hexdigest()[:19]


# What a node is, by its index among its siblings: a parent kind (with its number of children) or a task.
_KINDS = {0: ("subworkflow", 5), 4: ("dynamic", 7), 7: ("array", 9)}


def generate_run(project: str = "flytesnacks", domain: str = "development", name: str = "r3kq8x2mfw9tzl4c7pvn",
                 top: int = 180, max_depth: int = 3) -> Run:
    """A run of ``top`` top-level nodes; every tenth sibling (by position) a sub-workflow, dynamic or array
    node, nested to ``max_depth``. The defaults make 3,000-odd node executions."""
    execution = identifier_pb2.WorkflowExecutionIdentifier(project=project, domain=domain, name=name)
    run = Run(execution)
    prefix = f"s3://my-bucket/metadata/propeller/{project}-{domain}-{name}"
    t0 = 1_733_097_600

    def make(parent: str | None, attempt: int, index: int, depth: int) -> None:
        spec = f"n{index}" if parent is None or index % 3 else f"dn{index}"
        node_id = spec if parent is None else unique_id(parent, attempt, spec)
        kind, count = _KINDS.get(index % 10, ("task", 0)) if depth < max_depth else ("task", 0)
        serial = len(run.nodes)
        phase = (Phase.FAILED if serial % 97 == 13 else Phase.RUNNING if serial % 89 == 5 else Phase.SUCCEEDED)
        closure = node_execution_pb2.NodeExecutionClosure(phase=phase, deck_uri="" if serial % 5 else f"{prefix}/d")
        closure.started_at.FromNanoseconds((t0 + serial) * 10**9 + serial * 1_234_567)
        closure.created_at.FromNanoseconds((t0 + serial) * 10**9 - 1_000)
        closure.updated_at.FromNanoseconds((t0 + serial + 3) * 10**9 + 17)
        if phase == Phase.FAILED:
            closure.error.code = "USER:ValueError"
            closure.error.message = f"task {spec} failed\nTraceback (most recent call last): ..."
            closure.error.kind = execution_pb2.ExecutionError.USER
        elif phase == Phase.SUCCEEDED:
            closure.duration.FromNanoseconds(serial * 7_654_321 + 1)
            closure.output_uri = f"{prefix}/{node_id}/data/0/outputs.pb"
        if kind == "task":
            closure.task_node_metadata.cache_status = serial % 4
        node = node_execution_pb2.NodeExecution(
            id=identifier_pb2.NodeExecutionIdentifier(node_id=node_id, execution_id=execution),
            input_uri=f"{prefix}/{node_id}/data/inputs.pb",
            closure=closure,
            metadata=node_execution_pb2.NodeExecutionMetaData(
                retry_group=str(attempt) if parent else "", spec_node_id=spec, is_parent_node=kind != "task",
                is_dynamic=kind == "dynamic", is_array=kind == "array",
            ),
        )
        run.add(parent, node)
        retried = 1 if kind != "task" and serial % 3 == 0 else 0  # the parent's attempt its children ran in
        for i in range(count):
            make(node_id, retried, i, depth + 1)

    for i in range(top):
        make(None, 0, i, 0)
    return run


def _literals(**values: int | str) -> literals_pb2.LiteralMap:
    m = literals_pb2.LiteralMap()
    for key, value in values.items():
        primitive = m.literals[key].scalar.primitive
        if isinstance(value, int):
            primitive.integer = value
        else:
            primitive.string_value = value
    return m


def dynamic_workflow(node: node_execution_pb2.NodeExecution) -> compiler_pb2.CompiledWorkflowClosure:
    """The (small) workflow a dynamic node generated."""
    wf_id = identifier_pb2.Identifier(resource_type=identifier_pb2.WORKFLOW, project=node.id.execution_id.project,
                                      domain=node.id.execution_id.domain, name=f"dyn.{node.metadata.spec_node_id}",
                                      version="v1")
    template = workflow_pb2.WorkflowTemplate(id=wf_id, nodes=[workflow_pb2.Node(id="dn0"), workflow_pb2.Node(id="dn1")])
    return compiler_pb2.CompiledWorkflowClosure(primary=compiler_pb2.CompiledWorkflow(template=template))


_SORT_KEYS: dict[str, Any] = {
    "node_id": lambda n: n.id.node_id, "created_at": lambda n: n.closure.created_at.ToNanoseconds(),
}


@dataclass
class Faults:
    """Faults to inject. ``script`` is consumed one per call (a status code to fail with, ``SLOW`` to answer
    after ``slow_seconds``, or None for a normal answer). Then transient faults, on the first try of a
    request only (its next try is answered): of the distinct requests, every ``unavailable_every``-th fails
    with UNAVAILABLE, every ``exhausted_every``-th with RESOURCE_EXHAUSTED, every ``slow_every``-th is slow.
    ``delay`` is added to every call. With ``overlap``, each list page's token points one node back, as
    offsets do when a running execution gains node executions between pages."""

    script: deque[Any] = field(default_factory=deque)
    unavailable_every: int = 0
    exhausted_every: int = 0
    slow_every: int = 0
    slow_seconds: float = 1.0
    delay: float = 0.0
    overlap: bool = False


class AdminServer(admin_pb2_grpc.AdminServiceServicer):
    """The node-execution methods of Flyte Admin over the runs given. ``token``: the bearer token required."""

    def __init__(self, runs: list[Run], token: str | None = None) -> None:
        self.runs = {(r.execution.project, r.execution.domain, r.execution.name): r for r in runs}
        self.token = token
        self.faults = Faults()
        self.endpoint = ""
        self.calls = 0  # calls received, faulty ones included
        self.faulted = 0  # calls given a fault: failed, or answered after their deadline
        self.requests: list[Any] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.stopped = threading.Event()
        self._seen: set[bytes] = set()
        self._lock = threading.Lock()

    # --------------------------------------------------------------------------------- the checks

    @contextmanager
    def _call(self, request: Any, context: Any) -> Iterator[None]:
        key = request.SerializeToString(deterministic=True)
        with self._lock:
            self.calls += 1
            first = key not in self._seen
            self._seen.add(key)
            n = len(self._seen) if first else 0  # the request's number, on its first try
            self.requests.append(request)
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            fault = self.faults.script.popleft() if self.faults.script else None
        try:
            f = self.faults
            if f.delay:
                self.stopped.wait(f.delay)
            for every, kind in ((f.unavailable_every, grpc.StatusCode.UNAVAILABLE),
                                (f.exhausted_every, grpc.StatusCode.RESOURCE_EXHAUSTED), (f.slow_every, SLOW)):
                if fault is None and n and every and n % every == 0:
                    fault = kind
            if fault is not None:
                with self._lock:
                    self.faulted += 1
            if fault == SLOW:
                self.stopped.wait(f.slow_seconds)
            elif fault is not None:
                context.abort(fault, f"injected {fault.name}")
            if self.token is not None:
                sent = dict(context.invocation_metadata()).get("authorization")
                if sent is None:
                    context.abort(grpc.StatusCode.UNAUTHENTICATED, "Request unauthenticated with Bearer")
                if sent != f"Bearer {self.token}":
                    context.abort(grpc.StatusCode.UNAUTHENTICATED, "failed to validate the token")
            yield
        finally:
            with self._lock:
                self.in_flight -= 1

    def _run(self, execution: Any, context: Any) -> Run:
        run = self.runs.get((execution.project, execution.domain, execution.name))
        if run is None:
            context.abort(grpc.StatusCode.NOT_FOUND, f"missing entity of type execution with identifier {execution}")
        return run

    def _node(self, node_id: Any, context: Any) -> tuple[Run, node_execution_pb2.NodeExecution]:
        run = self._run(node_id.execution_id, context)
        node = run.nodes.get(node_id.node_id)
        if node is None:
            context.abort(grpc.StatusCode.NOT_FOUND,
                          f"missing entity of type node execution with identifier {node_id.node_id}")
        return run, node

    def _page(self, nodes: list[Any], request: Any, context: Any) -> node_execution_pb2.NodeExecutionList:
        if request.limit <= 0:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, "invalid value for limit: must be > 0")
        if request.filters:
            key, _, value = request.filters.removeprefix("eq(").removesuffix(")").partition(",")
            if key != "phase" or value not in Phase.keys():
                context.abort(grpc.StatusCode.INVALID_ARGUMENT, f"failed to parse filter {request.filters!r}")
            nodes = [n for n in nodes if n.closure.phase == Phase.Value(value)]
        if request.sort_by.key:
            key = _SORT_KEYS.get(request.sort_by.key)
            if key is None:
                context.abort(grpc.StatusCode.INVALID_ARGUMENT, f"invalid sort key {request.sort_by.key!r}")
            nodes = sorted(nodes, key=key, reverse=request.sort_by.direction == common_pb2.Sort.DESCENDING)
        try:
            offset = int(request.token or 0)
        except ValueError:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT,
                          f"invalid pagination token {request.token} for ListNodeExecutions")
        page = nodes[offset:offset + request.limit]
        token = str(offset + len(page) - self.faults.overlap) if len(page) == request.limit else ""
        return node_execution_pb2.NodeExecutionList(node_executions=page, token=token)

    # -------------------------------------------------------------------------------- the methods

    def ListNodeExecutions(self, request: Any, context: Any) -> Any:
        with self._call(request, context):
            run = self._run(request.workflow_execution_id, context)
            parent = request.unique_parent_id or None
            if parent is not None and parent not in run.nodes:
                context.abort(grpc.StatusCode.NOT_FOUND,
                              f"missing entity of type node execution with identifier {parent}")
            return self._page(run.children.get(parent, []), request, context)

    def ListNodeExecutionsForTask(self, request: Any, context: Any) -> Any:
        with self._call(request, context):
            run, node = self._node(request.task_execution_id.node_execution_id, context)
            launched = run.children.get(node.id.node_id, []) if node.metadata.is_dynamic else []
            return self._page(launched, request, context)

    def GetNodeExecution(self, request: Any, context: Any) -> Any:
        with self._call(request, context):
            return self._node(request.id, context)[1]

    def GetNodeExecutionData(self, request: Any, context: Any) -> Any:
        with self._call(request, context):
            _, node = self._node(request.id, context)
            response = node_execution_pb2.NodeExecutionGetDataResponse(
                inputs=common_pb2.UrlBlob(url=node.input_uri, bytes=42),
                full_inputs=_literals(x=len(node.id.node_id), name=node.metadata.spec_node_id),
                flyte_urls=common_pb2.FlyteURLs(inputs=f"flyte://v1/{node.id.node_id}/i"),
            )
            if node.closure.output_uri:
                response.outputs.url = node.closure.output_uri
                response.full_outputs.CopyFrom(_literals(o0=f"out of {node.id.node_id}"))
            if node.metadata.is_dynamic:
                closure = dynamic_workflow(node)
                response.dynamic_workflow.id.CopyFrom(closure.primary.template.id)
                response.dynamic_workflow.compiled_workflow.CopyFrom(closure)
            return response

    def GetDynamicNodeWorkflow(self, request: Any, context: Any) -> Any:
        with self._call(request, context):
            _, node = self._node(request.id, context)
            if not node.metadata.is_dynamic:
                context.abort(grpc.StatusCode.NOT_FOUND, f"node {node.id.node_id} has no dynamic workflow")
            return node_execution_pb2.DynamicNodeWorkflowResponse(compiled_workflow=dynamic_workflow(node))


@contextmanager
def serving(*runs: Run, token: str | None = None, tls: tuple[bytes, bytes] | None = None,
            workers: int = 16) -> Iterator[AdminServer]:
    """An :class:`AdminServer` serving ``runs`` on 127.0.0.1 (a free port: see ``.endpoint``), insecure or,
    with ``tls`` (a PEM key and certificate), over TLS; stopped on exit."""
    servicer = AdminServer(list(runs), token)
    server = grpc.server(ThreadPoolExecutor(workers), options=[("grpc.max_send_message_length", 512 * 2**20)])
    admin_pb2_grpc.add_AdminServiceServicer_to_server(servicer, server)
    if tls is None:
        port = server.add_insecure_port("127.0.0.1:0")
    else:
        port = server.add_secure_port("127.0.0.1:0", grpc.ssl_server_credentials([tls]))
    servicer.endpoint = f"127.0.0.1:{port}"
    server.start()
    try:
        yield servicer
    finally:
        servicer.stopped.set()
        server.stop(grace=None).wait()


def main(argv: Sequence[str] | None = None) -> None:
    """Serve a generated run until standard input closes: ``python tests/admin_server.py [--top N]`` prints
    ``ENDPOINT PROJECT/DOMAIN/NAME NODES`` on one line once it listens."""
    import argparse
    import sys

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--top", type=int, default=180, help="top-level nodes (180: 3,042 node executions)")
    args = parser.parse_args(argv)
    run = generate_run(top=args.top)
    with serving(run) as server:
        print(server.endpoint, run.name, len(run.nodes), flush=True)
        sys.stdin.read()


if __name__ == "__main__":
    main()
