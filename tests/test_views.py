"""Views for people: ``short_string`` (one line) and ``verbose_string`` (an outline), the example run,
the compiled-workflow rendering, and the README's Python examples."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from strategies import ENTITY_CLASSES, class_id, messages

from flyte_node_models import examples, model_for
from flyte_node_models.converters import view as views
from flyte_node_models.converters.view import duration, timestamp
from flyte_node_models.core.catalog import CatalogCacheStatus
from flyte_node_models.core.compiler import CompiledLaunchPlan, CompiledTask, CompiledWorkflow, CompiledWorkflowClosure
from flyte_node_models.core.condition import (
    BooleanExpression,
    ComparisonExpression,
    ComparisonExpressionOperator,
    ConjunctionExpression,
    LogicalOperator,
    Operand,
)
from flyte_node_models.core.execution import NodeExecutionPhase
from flyte_node_models.core.identifier import Identifier, NodeExecutionIdentifier, ResourceType
from flyte_node_models.core.workflow import (
    ApproveCondition,
    ArrayNode,
    BranchNode,
    GateNode,
    IfBlock,
    IfElseBlock,
    LaunchPlanTemplate,
    Node,
    SignalCondition,
    SleepCondition,
    TaskNode,
    WorkflowNode,
    WorkflowTemplate,
)
from flyte_node_models.literals import Literal, LiteralMap, Primitive, Scalar, Union
from flyte_node_models.node_execution import (
    DynamicWorkflowNodeMetadata,
    NodeExecution,
    NodeExecutionClosure,
    NodeExecutionGetDataResponse,
    TaskNodeMetadata,
)
from flyte_node_models.task import Container, TaskTemplate
from flyte_node_models.types import LiteralType, SimpleType
from flyte_node_models.wellknown import Duration, Timestamp

README = Path(__file__).parent.parent / "README.md"

# ------------------------------------------------------------------------------------ plain values


@pytest.mark.parametrize(("seconds", "nanos", "text"), [
    (0, 0, "1970-01-01T00:00:00Z"),
    (1_714_564_800, 500_000_000, "2024-05-01T12:00:00.500Z"),
    (1_714_564_800, 123_456_000, "2024-05-01T12:00:00.123456Z"),
    (1_714_564_800, 123_456_789, "2024-05-01T12:00:00.123456789Z"),
    (1_714_564_800, 1, "2024-05-01T12:00:00.000000001Z"),
    (-62_135_596_800, 0, "0001-01-01T00:00:00Z"),
    (253_402_300_799, 999_999_999, "9999-12-31T23:59:59.999999999Z"),
])
def test_timestamps_are_rfc3339_to_the_nanosecond(seconds: int, nanos: int, text: str) -> None:
    assert timestamp(Timestamp.from_parts(seconds, nanos)) == text


@pytest.mark.parametrize(("value", "text"), [
    (Duration(0), "0s"),
    (Duration.from_parts(0, 1), "0.000000001s"),
    (Duration.from_parts(4, 123_456_789), "4.123456789s"),
    (Duration(minutes=3, seconds=4, milliseconds=250), "3m04.25s"),
    (Duration(hours=2, seconds=4), "2h00m04s"),
    (Duration(days=1, hours=2, minutes=3, seconds=4, milliseconds=500), "1d02h03m04.5s"),
    (Duration.from_parts(-1, -500_000_000), "-1.5s"),
    (timedelta(seconds=90), "1m30s"),
])
def test_durations_read_like_hours_minutes_seconds(value: timedelta, text: str) -> None:
    assert duration(value) == text


# ------------------------------------------------------------------------------------ any record


def _check_views(record: object) -> None:
    short, verbose = record.short_string(), record.verbose_string()  # type: ignore[attr-defined]
    name = type(record).__name__
    assert "\n" not in short and len(short.splitlines()) == 1
    assert short.startswith(f"{name}(") and short.endswith(")")
    lines = verbose.split("\n")
    assert lines == verbose.splitlines(), "no line breaks inside a line (such as \\u2028)"
    assert lines[0] == name
    assert all(line.startswith("  ") for line in lines[1:])
    if type(record) in views.blocks:
        return
    # Every set field has a line of its own, right under the class name; unset fields have none.
    top = {line[2:].split(":", 1)[0] for line in lines[1:] if not line.startswith("   ")}
    present = {spec.label for spec, _ in views.set_fields(record)}  # type: ignore[arg-type]
    assert top == present


def test_set_fields_follow_proto3_presence() -> None:
    closure = NodeExecutionClosure(phase=NodeExecutionPhase.UNDEFINED, deck_uri="", output_uri="")
    assert [spec.attr for spec, _ in views.set_fields(closure)] == ["output_uri"]


@pytest.mark.parametrize("cls", ENTITY_CLASSES, ids=class_id)
def test_every_entity_has_both_views(cls: type) -> None:
    @settings(max_examples=max(2, settings.default.max_examples // 4))
    @given(messages(cls.PROTO))  # type: ignore[attr-defined]
    def check(message: object) -> None:
        _check_views(model_for(message.DESCRIPTOR).from_flyte_idl(message))

    check()
    _check_views(cls())


# ------------------------------------------------------------------------------------ the example run


def test_short_names_the_node_its_phase_and_times_on_one_line() -> None:
    cached, _, _, child, failed = examples.example_run().node_executions
    short = cached.short_string()
    assert short.startswith("NodeExecution(id=n0@flytesnacks/development/akx7rq2m9wzt4c8j5pvn, ")
    for fact in ("phase=SUCCEEDED", "started_at=2024-05-01T12:00:01.212345678Z", "duration=0.884213337s",
                 "cache_status=CACHE_HIT", "spec_node_id=n0"):
        assert fact in short
    assert "closure" not in short  # spliced: a person reads phase=, not closure.phase=
    assert "execution_id=flytesnacks/development/b2zrgk7d4vlqnw9s1t8c" in child.short_string()
    assert "phase=FAILED" in failed.short_string()
    assert "error=USER:ValueError: ValueError: accuracy 0.9431" in failed.short_string()


def test_short_keeps_the_end_of_long_uris() -> None:
    short = examples.cached_node().short_string()
    assert "input_uri=…" in short and "/n0/data/inputs.pb," in short


def test_short_names_fields_by_path_where_names_clash() -> None:
    short = examples.dynamic_node_data().short_string()
    assert "inputs.url=" in short and "outputs.url=" in short and "inputs.bytes=412" in short
    assert "flyte_urls.inputs=flyte://v1/flytesnacks/development/akx7rq2m9wzt4c8j5pvn/n1/i" in short
    assert "compiled_workflow=WORKFLOW:flytesnacks/development/ml.pipelines.training.train_model@3f9a1c7e " \
           "(4 nodes, 3 tasks)" in short


def test_short_escapes_what_would_break_the_line() -> None:
    record = NodeExecution(input_uri="a\nb\u2028c", id=NodeExecutionIdentifier(node_id="n 0"))
    short = record.short_string()
    assert short == r'NodeExecution(id=n 0, input_uri="a\nb\u2028c")'


def test_verbose_of_a_failed_node() -> None:
    verbose = examples.failed_node().verbose_string()
    for line in (
        "NodeExecution",
        "  id: n4@flytesnacks/development/akx7rq2m9wzt4c8j5pvn",
        "    phase: FAILED",
        "    started_at: 2024-05-01T12:14:05.011872004Z",
        "    duration: 3.402117559s",
        "    error:",
        "      code: USER:ValueError",
        "      message: |",
        "        ValueError: accuracy 0.9431 is below the deployment threshold 0.95",
        "      kind: USER",
        "      timestamp: 2024-05-01T12:14:08.398661204Z",
        "    task_node_metadata: {}",  # set, though empty: Admin wrote it
        "    retry_group: 0",
    ):
        assert line in verbose.splitlines()
    assert "output_uri" not in verbose and "is_dynamic" not in verbose  # unset fields are left out


def test_verbose_of_a_cache_hit_shows_its_catalog_key() -> None:
    lines = examples.cached_node().verbose_string().splitlines()
    assert "      cache_status: CACHE_HIT" in lines
    assert "        dataset_id: DATASET:flytesnacks/development/flyte_task-ml.pipelines.training.load_dataset" \
           "@1.0-Pq8LrX2z-2b7d9f1c" in lines
    assert "        source_task_execution: TASK:flytesnacks/development/ml.pipelines.training.load_dataset" \
           "@3f9a1c7e attempt 0 of n0@flytesnacks/development/f2mb8xq4lwz7tk1c9rdv" in lines


def test_verbose_shows_output_literals_as_values() -> None:
    lines = examples.outputs_node().verbose_string().splitlines()
    i = lines.index("    output_data:")
    outputs = lines[i + 1:i + 7]
    assert outputs == [  # by name: protobuf maps have no order, and the view does not depend on the source's
        "      accuracy: 0.9431",
        "      evaluated_at: 2024-05-01T12:12:29.603118442Z",
        "      metrics: {f1: 0.9358, precision: 0.9517, recall: 0.9204}",
        "      model: file(joblib) s3://acme-flyte-data/metadata/propeller/flytesnacks-development-akx7rq2m9wzt4c8j5pvn"
        "/n1/data/0/dn3/model.joblib",
        "      predictions: structured_dataset(parquet) s3://acme-flyte-data/raw/akx7rq2m9wzt4c8j5pvn/n2/predictions",
        '      top_features: ["tenure_months", "monthly_charges", "contract_type"]',
    ]


def test_a_union_value_is_shown_with_the_type_it_holds() -> None:
    held = Union(value=Literal(scalar=Scalar(primitive=Primitive(integer=3))),
                 stored_type=LiteralType(simple=SimpleType.INTEGER))
    outputs = LiteralMap({"n": Literal(scalar=Scalar(union=held))})
    assert "n: 3 as INTEGER" in NodeExecutionClosure(output_data=outputs).verbose_string()


def test_set_but_empty_messages_are_shown_as_such() -> None:
    closure = NodeExecutionClosure(output_data=LiteralMap(), task_node_metadata=TaskNodeMetadata())
    assert closure.verbose_string().splitlines()[1:] == ["  task_node_metadata: {}", "  output_data: {}"]
    assert closure.short_string() == "NodeExecutionClosure(task_node_metadata={}, output_data={})"
    dynamic = DynamicWorkflowNodeMetadata(compiled_workflow=CompiledWorkflowClosure())
    assert dynamic.verbose_string().splitlines()[1:] == ["  compiled_workflow: {}"]


def test_unknown_enum_numbers_are_shown_as_numbers() -> None:
    record = NodeExecutionClosure(phase=42, task_node_metadata=TaskNodeMetadata(cache_status=99))
    assert "phase: NodeExecutionPhase(42)" in record.verbose_string()
    assert "cache_status=CatalogCacheStatus(99)" in record.short_string()
    assert CatalogCacheStatus(99).name == "99"


def test_long_compact_values_are_laid_out_in_an_outline() -> None:
    many = LiteralMap(literals={f"x{i}": Literal(scalar=Scalar(primitive=Primitive(integer=i))) for i in range(40)})
    record = Literal(map=many)
    lines = record.verbose_string().splitlines()
    assert lines[:3] == ["Literal", "  map:", "    x0: 0"] and len(lines) == 42
    assert "x39: 39" not in record.short_string()  # a one-line view cuts collections short
    assert "… 32 more" in record.short_string()


def test_example_run_has_what_the_issue_asks_for() -> None:
    run = examples.example_run()
    nodes = {n.id.node_id: n for n in run.node_executions}  # type: ignore[union-attr]
    cached = nodes["n0"].closure.task_node_metadata  # type: ignore[union-attr]
    assert cached.cache_status == CatalogCacheStatus.CACHE_HIT and cached.catalog_key is not None  # type: ignore[union-attr]
    assert nodes["n1"].metadata.is_dynamic  # type: ignore[union-attr]
    assert nodes["n2"].closure.output_data.literals  # type: ignore[union-attr]
    assert nodes["n3"].closure.workflow_node_metadata.execution_id is not None  # type: ignore[union-attr]
    assert nodes["n4"].closure.error.message  # type: ignore[union-attr]
    assert nodes["n4"].closure.phase == NodeExecutionPhase.FAILED  # type: ignore[union-attr]
    stamps = [t for n in run.node_executions for t in (n.closure.started_at, n.closure.created_at)]  # type: ignore[union-attr]
    assert all(t.nanosecond for t in stamps), "Flyte Admin writes nanoseconds"
    workflow = examples.dynamic_node_data().dynamic_workflow
    assert workflow is not None and workflow.compiled_workflow == examples.dynamic_workflow()
    for record in (run, examples.dynamic_node_data()):
        assert type(record).from_bytes(record.to_bytes()) == record


# ------------------------------------------------------------------------------- compiled workflows


def _id(kind: ResourceType, name: str) -> Identifier:
    return Identifier(resource_type=kind, project="p", domain="d", name=name, version="v1")


def _closure() -> CompiledWorkflowClosure:
    task = _id(ResourceType.TASK, "t.fit")
    sub = _id(ResourceType.WORKFLOW, "wf.sub")
    plan = _id(ResourceType.LAUNCH_PLAN, "lp.report")
    flag = BooleanExpression(conjunction=ConjunctionExpression(
        operator=LogicalOperator.AND,
        left_expression=BooleanExpression(comparison=ComparisonExpression(
            operator=ComparisonExpressionOperator.GT, left_value=Operand(var="x"),
            right_value=Operand(primitive=Primitive(integer=3)))),
        right_expression=BooleanExpression(comparison=ComparisonExpression(
            operator=ComparisonExpressionOperator.EQ, left_value=Operand(var="mode"),
            right_value=Operand(primitive=Primitive(string_value="fast")))),
    ))
    nodes = (
        Node(id="n0", task_node=TaskNode(reference_id=task)),
        Node(id="n1", upstream_node_ids=("n0",), workflow_node=WorkflowNode(sub_workflow_ref=sub)),
        Node(id="n2", workflow_node=WorkflowNode(launchplan_ref=plan)),
        Node(id="n3", branch_node=BranchNode(if_else=IfElseBlock(
            case=IfBlock(condition=flag, then_node=Node(id="n3-n0", task_node=TaskNode(reference_id=task))),
            else_node=Node(id="n3-n1", gate_node=GateNode(sleep=SleepCondition(duration=Duration(minutes=5)))),
        ))),
        Node(id="n4", gate_node=GateNode(approve=ApproveCondition(signal_id="ship-it"))),
        Node(id="n5", gate_node=GateNode(signal=SignalCondition(
            signal_id="threshold", type=LiteralType(simple=SimpleType.FLOAT), output_variable_name="o0"))),
        Node(id="n6", array_node=ArrayNode(node=Node(id="n6-n0", task_node=TaskNode(reference_id=task)),
                                           parallelism=8, min_success_ratio=0.5)),
    )
    return CompiledWorkflowClosure(
        primary=CompiledWorkflow(template=WorkflowTemplate(id=_id(ResourceType.WORKFLOW, "wf.main"), nodes=nodes)),
        sub_workflows=(CompiledWorkflow(template=WorkflowTemplate(id=sub, nodes=(nodes[0],))),),
        tasks=(CompiledTask(template=TaskTemplate(id=task, type="python-task", container=Container(image="img:1"))),),
        launch_plans=(CompiledLaunchPlan(template=LaunchPlanTemplate(id=plan)),),
    )


def test_compiled_workflow_shows_its_nodes_and_tasks_not_a_dump() -> None:
    verbose = _closure().verbose_string()
    assert verbose.splitlines() == [
        "CompiledWorkflowClosure",
        "  primary:",
        "    WORKFLOW:p/d/wf.main@v1",
        "      nodes:",
        "        n0: task TASK:p/d/t.fit@v1",
        "        n1: workflow sub-workflow WORKFLOW:p/d/wf.sub@v1",
        "          after n0",
        "        n2: workflow launch plan LAUNCH_PLAN:p/d/lp.report@v1",
        "        n3: branch",
        '          if (x > 3 and mode == "fast"):',
        "            n3-n0: task TASK:p/d/t.fit@v1",
        "          else:",
        "            n3-n1: gate sleep 5m00s",
        "        n4: gate approve ship-it",
        "        n5: gate signal threshold: FLOAT -> o0",
        "        n6: array",
        "          each (parallelism 8, min success ratio 0.5):",
        "            n6-n0: task TASK:p/d/t.fit@v1",
        "  sub_workflows:",
        "    WORKFLOW:p/d/wf.sub@v1",
        "      nodes:",
        "        n0: task TASK:p/d/t.fit@v1",
        "  tasks:",
        "    TASK:p/d/t.fit@v1: python-task, image img:1",
        "  launch_plans:",
        "    LAUNCH_PLAN:p/d/lp.report@v1",
    ]
    assert _closure().short_string() == (
        "CompiledWorkflowClosure(id=WORKFLOW:p/d/wf.main@v1, nodes=[7×Node], sub_workflows=[1×CompiledWorkflow], "
        "tasks=[1×CompiledTask], launch_plans=[1×CompiledLaunchPlan])"
    )
    nested = NodeExecutionGetDataResponse(dynamic_workflow=DynamicWorkflowNodeMetadata(compiled_workflow=_closure()))
    assert nested.short_string() == (
        "NodeExecutionGetDataResponse(compiled_workflow=WORKFLOW:p/d/wf.main@v1 "
        "(7 nodes, 1 task, 1 sub-workflow, 1 launch plan))"
    )


def test_dynamic_node_shows_the_workflow_it_generated() -> None:
    lines = NodeExecutionGetDataResponse(dynamic_workflow=examples.dynamic_node_data().dynamic_workflow) \
        .verbose_string().splitlines()
    assert "    id: WORKFLOW:flytesnacks/development/ml.pipelines.training.train_model@3f9a1c7e" in lines
    assert "    compiled_workflow:" in lines
    text = "\n".join(lines)
    for node in ("dn0: task TASK:", "dn1: task TASK:", "dn2: array", "dn3: branch", "if best_score >= 0.9:",
                 "dn3-n0: task TASK:flytesnacks/development/ml.pipelines.training.select_best@3f9a1c7e"):
        assert node in text
    assert re.search(r"^ +TASK:flytesnacks/development/ml\.pipelines\.training\.train_fold@3f9a1c7e: python-task, "
                     r"image ghcr\.io/acme/ml-training:3f9a1c7e$", text, re.M)
    assert "interface (data: structured_dataset(parquet), fold: INTEGER) -> (o0: file(joblib))" in text
    assert "reference_id" not in text and "template" not in text and "pyflyte-execute" not in text


# ------------------------------------------------------------------------------------------ the README


def _python_blocks(text: str) -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", text, re.M | re.S)


def test_readme_python_examples_run() -> None:
    blocks = _python_blocks(README.read_text())
    assert len(blocks) >= 3
    namespace: dict[str, object] = {"__name__": "readme"}
    for block in blocks:
        exec(compile(block, str(README), "exec"), namespace)  # noqa: S102 - the README's own examples


def test_views_name_fields_as_users_read_them() -> None:
    # Secret keeps group and key in private attributes (they read None when unset, as in flytekit)
    from flyte_node_models.security import Secret

    secret = Secret("db", "password", env_var="DB_PASSWORD")
    assert secret.short_string() == "Secret(group=db, key=password, env_var=DB_PASSWORD)"
    assert secret.verbose_string() == "Secret\n  group: db\n  key: password\n  env_var: DB_PASSWORD"
