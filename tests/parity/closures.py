"""The compiled workflow closure the ported node-execution tests read: flytekit's read one from its own test
resources; this one is the suite's full closure (every node kind, task target and literal type)."""

from __future__ import annotations

from test_compiled_workflow import full_closure

from flyte_node_models.core.compiler import CompiledWorkflowClosure


def get_compiled_workflow_closure() -> CompiledWorkflowClosure:
    return full_closure()
