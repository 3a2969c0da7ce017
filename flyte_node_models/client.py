"""A Flyte Admin client whose methods return records: node executions listed page by page, a run's whole
tree of node executions fetched concurrently, single reads, with deadlines, retries and typed errors.

It speaks gRPC through flyteidl's ``AdminServiceStub`` and needs grpcio:
``pip install 'flyte_node_models[admin]'``.

>>> with AdminClient("flyte.example.com:443", token_command="gcloud auth print-identity-token") as admin:
...     for parent_id, node in admin.all_node_executions("flytesnacks/development/akx7rq2m9wzt4c8j5pvn"):
...         print(parent_id, node.id.node_id, node.closure.phase.name)

Every call has a deadline (``timeout`` seconds). A call that fails with ``UNAVAILABLE``,
``DEADLINE_EXCEEDED`` or ``RESOURCE_EXHAUSTED`` is tried again after an exponential backoff with jitter,
a bounded number of times within a bounded total time (:class:`Retry`). Every failure is an
:class:`AdminError`, whose subclass and one-line message say what went wrong.

Responses become records with ``from_flyte_idl``: fields a newer Flyte Admin sends that this flyteidl
does not know are dropped, enum numbers it does not know are kept.
"""

from __future__ import annotations

import random
import shlex
import subprocess
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from pathlib import Path
from typing import Any

import attrs

try:
    import grpc
except ImportError:  # pragma: no cover - the message is the point
    raise ImportError(
        "flyte_node_models.client needs grpcio, an optional extra: pip install 'flyte_node_models[admin]'"
    ) from None
from flyteidl.service.admin_pb2_grpc import AdminServiceStub

from .admin.common import Sort
from .core.identifier import NodeExecutionIdentifier, TaskExecutionIdentifier, WorkflowExecutionIdentifier
from .node_execution import (
    DynamicNodeWorkflowResponse,
    GetDynamicNodeWorkflowRequest,
    NodeExecution,
    NodeExecutionForTaskListRequest,
    NodeExecutionGetDataRequest,
    NodeExecutionGetDataResponse,
    NodeExecutionGetRequest,
    NodeExecutionList,
    NodeExecutionListRequest,
)

__all__ = [
    "AdminClient", "AdminError", "InvalidArgument", "NotFound", "PermissionDenied", "Retry", "Stats",
    "TokenCommandError", "Unauthenticated", "Unavailable", "parse_execution_id",
]

#: Node executions asked for per page. Flyte's console asks for up to 10,000 children at once; a page of
#: 1,000 plain node executions is about 1 MB.
PAGE_SIZE = 1000
#: The receive limit: large enough for a page of node executions with inline outputs (gRPC's default is 4 MiB).
MAX_MESSAGE_BYTES = 512 * 1024 * 1024

# ------------------------------------------------------------------------------------------- errors


class AdminError(Exception):
    """A request to Flyte Admin failed. ``code`` is the gRPC status name (``"NOT_FOUND"``), or ``None``
    when the failure came before any call (a CA file that cannot be read, a token command that failed)."""

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.code = code


class NotFound(AdminError):
    """Flyte Admin has no such workflow execution, node execution or task execution."""


class Unauthenticated(AdminError):
    """Flyte Admin refused the token, or wanted one and got none."""


class PermissionDenied(AdminError):
    """The token is valid but may not read what was asked for."""


class InvalidArgument(AdminError):
    """Flyte Admin rejected the request: a malformed filter, sort key or page token."""


class Unavailable(AdminError):
    """Flyte Admin could not be reached, did not answer in time or was overloaded, on every try."""


class TokenCommandError(AdminError):
    """The command that prints the token could not run, failed or printed nothing."""


#: The status codes of calls that are tried again: they say nothing about the request.
_TRANSIENT = ("UNAVAILABLE", "DEADLINE_EXCEEDED", "RESOURCE_EXHAUSTED")
_ERRORS: dict[str, type[AdminError]] = {
    "NOT_FOUND": NotFound, "UNAUTHENTICATED": Unauthenticated, "PERMISSION_DENIED": PermissionDenied,
    "INVALID_ARGUMENT": InvalidArgument, **dict.fromkeys(_TRANSIENT, Unavailable),
}

# ----------------------------------------------------------------------------------- retries, counts

_RETRYABLE = frozenset(grpc.StatusCode[name] for name in _TRANSIENT)
_NEVER = threading.Event()  # what the retries of a call that cannot be stopped sleep on


@attrs.frozen
class Retry:
    """How a call that failed with ``UNAVAILABLE``, ``DEADLINE_EXCEEDED`` or ``RESOURCE_EXHAUSTED`` is tried
    again: at most ``attempts`` tries in all, all within ``total`` seconds; before try n+1 the client sleeps a
    random time between 0 and ``initial * multiplier**(n-1)`` seconds, capped at ``maximum`` (exponential
    backoff with full jitter). ``Retry(attempts=1)`` tries once."""

    attempts: int = 6
    initial: float = 0.2
    multiplier: float = 2.0
    maximum: float = 10.0
    total: float = 120.0

    def __attrs_post_init__(self) -> None:
        if self.attempts < 1:
            raise ValueError(f"Retry.attempts: must be at least 1, got {self.attempts}")
        if min(self.initial, self.maximum, self.total) < 0 or self.multiplier < 1:
            raise ValueError(f"Retry: times must be >= 0 and the multiplier >= 1, got {self}")

    def delay(self, failures: int) -> float:
        """The sleep after the ``failures``-th failed try (1 for the first)."""
        return random.uniform(0, min(self.maximum, self.initial * self.multiplier ** (failures - 1)))


@attrs.define
class Stats:
    """What a client has done so far: gRPC calls made (each try counts) and of them, retries."""

    calls: int = 0
    retries: int = 0


# ----------------------------------------------------------------------------------------- the token


def token_from_command(command: str | Sequence[str], timeout: float = 60.0) -> str:
    """Run ``command`` (a list of arguments, or a string split as a shell would) and return what it printed,
    stripped: the way flytekit's external-command authentication gets a token."""
    args = shlex.split(command) if isinstance(command, str) else list(command)
    shown = shlex.join(args)
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=timeout, check=False)
    except OSError as e:
        raise TokenCommandError(f"token command {shown!r} cannot run: {e.strerror or e}") from None
    except subprocess.TimeoutExpired:
        raise TokenCommandError(f"token command {shown!r} did not finish in {timeout:g} s") from None
    if done.returncode:
        said = done.stderr.strip().splitlines()
        raise TokenCommandError(
            f"token command {shown!r} failed with exit status {done.returncode}" + (f": {said[-1]}" if said else "")
        )
    token = done.stdout.strip()
    if not token:
        raise TokenCommandError(f"token command {shown!r} printed no token")
    return token


# --------------------------------------------------------------------------------------- identifiers


def parse_execution_id(text: str) -> WorkflowExecutionIdentifier:
    """The identifier of ``project/domain/name``."""
    parts = text.split("/")
    if len(parts) != 3 or not all(parts):
        raise ValueError(f"a workflow execution is named project/domain/name, got {text!r}")
    return WorkflowExecutionIdentifier(project=parts[0], domain=parts[1], name=parts[2])


def _run(execution: WorkflowExecutionIdentifier) -> str:
    return f"workflow execution {execution.project}/{execution.domain}/{execution.name}"


def _node(node: NodeExecutionIdentifier) -> str:
    return f"node execution {node.node_id} of {_run(node.execution_id or WorkflowExecutionIdentifier())}"


def _has_children(node: NodeExecution) -> bool:
    """Whether Flyte Admin lists node executions under this one: sub-workflow, dynamic and array nodes."""
    m = node.metadata  # (an unset one reads empty)
    return m.is_parent_node or m.is_dynamic or m.is_array


# ---------------------------------------------------------------------------------------- the client


class AdminClient:
    """A connection to Flyte Admin's gRPC API (``host:port``), returning records.

    TLS is used unless ``insecure``; ``ca_cert`` is a PEM file of root certificates to trust instead of the
    system's. The bearer token is ``token``, or what ``token_command`` prints (run on the first call, and once
    more if Flyte Admin refuses the token, which may have expired). Every call has a deadline of ``timeout``
    seconds and is retried as ``retry`` says. ``concurrency`` bounds the calls :meth:`all_node_executions`
    makes at once. Thread-safe; close it (or use it as a context manager) when done.
    """

    def __init__(
        self,
        endpoint: str,
        *,
        insecure: bool = False,
        ca_cert: str | Path | None = None,
        token: str | None = None,
        token_command: str | Sequence[str] | None = None,
        timeout: float = 30.0,
        retry: Retry = Retry(),
        concurrency: int = 8,
        max_message_bytes: int = MAX_MESSAGE_BYTES,
        auth_metadata_key: str = "authorization",
    ) -> None:
        if token and token_command:
            raise ValueError("AdminClient: give token or token_command, not both")
        if insecure and ca_cert:
            raise ValueError("AdminClient: ca_cert is for TLS, and insecure=True speaks plain text")
        if timeout <= 0 or concurrency < 1:
            raise ValueError(f"AdminClient: timeout must be > 0 and concurrency >= 1, got {timeout}, {concurrency}")
        self.endpoint = endpoint
        self.timeout = timeout
        self.retry = retry
        self.concurrency = concurrency
        self.stats = Stats()
        self._token = token or None
        self._token_command = token_command
        self._auth_key = auth_metadata_key
        self._lock = threading.Lock()
        options = [("grpc.max_receive_message_length", max_message_bytes)]
        if insecure:
            self._channel = grpc.insecure_channel(endpoint, options=options)
        else:
            try:
                roots = Path(ca_cert).read_bytes() if ca_cert else None
            except OSError as e:
                raise AdminError(f"cannot read the CA certificate {ca_cert}: {e.strerror or e}") from None
            self._channel = grpc.secure_channel(endpoint, grpc.ssl_channel_credentials(roots), options=options)
        self._stub = AdminServiceStub(self._channel)

    def __repr__(self) -> str:
        return f"AdminClient({self.endpoint!r})"

    def close(self) -> None:
        self._channel.close()

    def __enter__(self) -> AdminClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------------------------- listing

    def list_node_executions(
        self,
        execution_id: WorkflowExecutionIdentifier | str,
        *,
        filters: str | None = None,
        sort_by: Sort | None = None,
        page_size: int = PAGE_SIZE,
        unique_parent_id: str | None = None,
    ) -> Iterator[NodeExecution]:
        """The node executions of a workflow execution (``project/domain/name`` or its identifier), fetched a
        page at a time as they are consumed. As Flyte Admin lists them: the top-level nodes, or with
        ``unique_parent_id`` the children of that node. ``filters`` is Flyte Admin's filter syntax
        (``eq(phase,FAILED)``)."""
        request = self._list_request(execution_id, filters, sort_by, page_size, unique_parent_id)
        what = self._list_what(request)
        for page in self._pages(self._stub.ListNodeExecutions, request, what):
            yield from page.node_executions

    def list_node_executions_for_task(
        self,
        task_execution_id: TaskExecutionIdentifier,
        *,
        filters: str | None = None,
        sort_by: Sort | None = None,
        page_size: int = PAGE_SIZE,
    ) -> Iterator[NodeExecution]:
        """The node executions a task execution launched (a dynamic task's nodes), a page at a time."""
        _check_page_size(page_size)
        request = NodeExecutionForTaskListRequest(
            task_execution_id=task_execution_id, limit=page_size, filters=filters or "", sort_by=sort_by,
        ).to_flyte_idl()
        node = task_execution_id.node_execution_id or NodeExecutionIdentifier()
        what = f"task execution (attempt {task_execution_id.retry_attempt}) of {_node(node)}"
        for page in self._pages(self._stub.ListNodeExecutionsForTask, request, what):
            yield from page.node_executions

    def all_node_executions(
        self, execution_id: WorkflowExecutionIdentifier | str, *, page_size: int = PAGE_SIZE,
    ) -> Iterator[tuple[str | None, NodeExecution]]:
        """Every node execution of a workflow execution, as ``(parent_id, node_execution)`` pairs, each once.

        The top-level nodes come with ``parent_id`` None; the children of sub-workflow, dynamic and array
        nodes (to any depth) with the node id of their parent, which is what ``unique_parent_id`` takes.
        The parent is given beside the record because a record does not say it: a child's node id is made
        from its parent's id, the parent's attempt and its own spec node id (``metadata.retry_group``,
        ``metadata.spec_node_id``), and is replaced by a hash once that is longer than 20 characters.

        Pages of different parents are fetched at once, at most ``concurrency`` calls at a time, and are
        yielded as they arrive; a parent's children come after it. A node id seen twice (a running
        execution's pages shifting) is yielded once.
        """
        _check_page_size(page_size)
        execution = execution_id if not isinstance(execution_id, str) else parse_execution_id(execution_id)
        seen: set[str] = set()
        waiting: deque[tuple[str | None, str]] = deque([(None, "")])  # (parent, page token) to fetch
        running: dict[Future[NodeExecutionList], str | None] = {}
        stop = threading.Event()
        pool = ThreadPoolExecutor(self.concurrency, thread_name_prefix="flyte-admin")
        try:
            while waiting or running:
                while waiting and len(running) < self.concurrency:
                    parent, token = waiting.popleft()
                    request = self._list_request(execution, None, None, page_size, parent, token)
                    running[pool.submit(self._page, request, stop)] = parent
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    parent = running.pop(future)
                    page = future.result()
                    if page.token:
                        waiting.appendleft((parent, page.token))
                    for node in page.node_executions:
                        node_id = node.id.node_id if node.id else ""
                        if node_id in seen:
                            continue
                        seen.add(node_id)
                        if _has_children(node):
                            waiting.append((node_id, ""))
                        yield parent, node
        finally:
            stop.set()
            pool.shutdown(wait=True, cancel_futures=True)

    def _page(self, request: Any, stop: threading.Event) -> NodeExecutionList:
        page = self._call(self._stub.ListNodeExecutions, request, self._list_what(request), stop)
        return NodeExecutionList.from_flyte_idl(page)

    @staticmethod
    def _list_request(
        execution_id: WorkflowExecutionIdentifier | str, filters: str | None, sort_by: Sort | None,
        page_size: int, unique_parent_id: str | None, token: str = "",
    ) -> Any:
        _check_page_size(page_size)
        execution = execution_id if not isinstance(execution_id, str) else parse_execution_id(execution_id)
        return NodeExecutionListRequest(
            workflow_execution_id=execution, limit=page_size, token=token, filters=filters or "",
            sort_by=sort_by, unique_parent_id=unique_parent_id or "",
        ).to_flyte_idl()

    @staticmethod
    def _list_what(request: Any) -> str:
        run = _run(WorkflowExecutionIdentifier.from_flyte_idl(request.workflow_execution_id))
        return f"node execution {request.unique_parent_id} of {run}" if request.unique_parent_id else run

    def _pages(self, rpc: Callable[..., Any], request: Any, what: str) -> Iterator[NodeExecutionList]:
        """The pages of a list call, following the token Flyte Admin gives until it gives none."""
        while True:
            page = self._call(rpc, request, what)
            yield NodeExecutionList.from_flyte_idl(page)
            if not page.token:
                return
            if page.token == request.token:
                raise AdminError(f"Flyte Admin at {self.endpoint} gave the same page token twice listing {what}")
            request.token = page.token

    # --------------------------------------------------------------------------------- single reads

    def get_node_execution(self, node_execution_id: NodeExecutionIdentifier) -> NodeExecution:
        """One node execution."""
        request = NodeExecutionGetRequest(id=node_execution_id).to_flyte_idl()
        return NodeExecution.from_flyte_idl(
            self._call(self._stub.GetNodeExecution, request, _node(node_execution_id)))

    def get_node_execution_data(self, node_execution_id: NodeExecutionIdentifier) -> NodeExecutionGetDataResponse:
        """A node execution's inputs and outputs (``full_inputs``, ``full_outputs``: ``LiteralMap`` records, when
        Flyte Admin sends them inline), their links, and a dynamic node's generated workflow."""
        request = NodeExecutionGetDataRequest(id=node_execution_id).to_flyte_idl()
        return NodeExecutionGetDataResponse.from_flyte_idl(
            self._call(self._stub.GetNodeExecutionData, request, f"data of {_node(node_execution_id)}"))

    def get_dynamic_node_workflow(self, node_execution_id: NodeExecutionIdentifier) -> DynamicNodeWorkflowResponse:
        """The workflow a dynamic node generated, compiled."""
        request = GetDynamicNodeWorkflowRequest(id=node_execution_id).to_flyte_idl()
        return DynamicNodeWorkflowResponse.from_flyte_idl(
            self._call(self._stub.GetDynamicNodeWorkflow, request, f"dynamic workflow of {_node(node_execution_id)}"))

    # ------------------------------------------------------------------------------------- calling

    def _call(self, rpc: Callable[..., Any], request: Any, what: str, stop: threading.Event | None = None) -> Any:
        """``rpc(request)`` with a deadline, the token, and retries; failures become :class:`AdminError`."""
        give_up = time.monotonic() + self.retry.total
        failures = 0
        refreshed = False
        while True:
            token = self._current_token()
            with self._lock:
                self.stats.calls += 1
            try:
                return rpc(request, timeout=min(self.timeout, max(give_up - time.monotonic(), 0.001)),
                           metadata=((self._auth_key, f"Bearer {token}"),) if token else None)
            except grpc.RpcError as e:
                code = e.code()
                if code == grpc.StatusCode.UNAUTHENTICATED and self._token_command and not refreshed:
                    refreshed = True  # the token may have expired: ask the command for a new one, once
                    self._refresh_token(token)
                    continue
                failures += 1
                if code not in _RETRYABLE or failures >= self.retry.attempts:
                    raise self._error(e, what, failures) from None
                pause = self.retry.delay(failures)
                if time.monotonic() + pause >= give_up:
                    raise self._error(e, what, failures) from None
                if (stop or _NEVER).wait(pause):
                    raise AdminError(f"stopped reading {what}") from None
                with self._lock:
                    self.stats.retries += 1

    def _current_token(self) -> str | None:
        if self._token is None and self._token_command:
            self._refresh_token(None)
        return self._token

    def _refresh_token(self, used: str | None) -> None:
        """Run the token command, unless another thread has replaced the token ``used`` meanwhile."""
        assert self._token_command
        with self._lock:
            if self._token == used:
                self._token = token_from_command(self._token_command)

    def _error(self, e: Any, what: str, tries: int) -> AdminError:
        code = e.code()
        name = code.name if code is not None else "UNKNOWN"
        details = " ".join((e.details() or "").split())
        said = f": {details}" if details else ""
        where = f"Flyte Admin at {self.endpoint}"
        if name == "NOT_FOUND":
            message = f"{what} not found ({where}{said})"
        elif name == "UNAUTHENTICATED":
            message = (f"{where} refused the token{said}" if self._token
                       else f"{where} wants a token (give one, or a command that prints one){said}")
        elif name == "PERMISSION_DENIED":
            message = f"{where} does not let this token read {what}{said}"
        elif code in _RETRYABLE:
            message = f"{where}: {name} reading {what}, {tries} tr{'y' if tries == 1 else 'ies'}{said}"
        else:
            message = f"{where}: {name} reading {what}{said}"
        return _ERRORS.get(name, AdminError)(message, name)


def _check_page_size(page_size: int) -> None:
    if type(page_size) is not int or page_size < 1:
        raise ValueError(f"page_size: must be a positive int, got {page_size!r}")
