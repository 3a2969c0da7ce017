"""Views of records for people: one line (``short``) and an indented outline (``verbose``).

Both are derived from each class's declaration — its fields in declaration order and their kinds — so
every entity gets them. Unset fields are left out. A few kinds of value read better as something other
than their fields, and have their own rendering: identifiers as ``TASK:project/domain/name@version``,
literals as their values, literal types as ``list[INTEGER]``, interfaces as ``(x: INTEGER) -> (o0: FLOAT)``,
execution errors as kind, code and message, and a compiled workflow as its nodes and tasks.
Timestamps are RFC 3339 with up to nine fractional digits, durations read like ``1h02m03.5s``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any, cast

import attrs

from .._model import Entity, FieldSpec, ProtoEnum, ValueSpec
from ..core.compiler import CompiledWorkflow, CompiledWorkflowClosure
from ..core.condition import BooleanExpression, ComparisonExpression, ConjunctionExpression, Operand
from ..core.execution import ExecutionError
from ..core.identifier import Identifier, NodeExecutionIdentifier, TaskExecutionIdentifier, WorkflowExecutionIdentifier
from ..core.workflow import ArrayNode, Node
from ..interface import TypedInterface, Variable, VariableMap
from ..literals import BindingData, Literal, LiteralCollection, LiteralMap, Primitive, Scalar
from ..types import BlobDimensionality, BlobType, LiteralType, OutputReference, StructuredDatasetType
from ..wellknown.duration import total_nanoseconds
from ..wellknown.struct import thaw

#: In a one-line view, a plain value is cut to this many characters (paths and URIs keep their end) ...
SHORT_VALUE_WIDTH = 60
#: ... and a value with structure (an identifier, a literal, a list) to this many.
LONG_VALUE_WIDTH = 100
#: In a one-line view, nested messages this deep are spliced into their parent's list of fields.
SHORT_SPLICE_DEPTH = 2
#: In a multi-line view, a one-line rendering longer than this is laid out on several lines instead.
VERBOSE_WIDTH = 100
#: Elements of a collection shown in a one-line rendering before ``…``.
MAX_ELEMENTS = 8

_INDENT = "  "

# ------------------------------------------------------------------------------------ plain values


def timestamp(value: datetime) -> str:
    """RFC 3339 in UTC with 0, 3, 6 or 9 fractional digits, as the proto3 JSON mapping writes it."""
    nanos = value.microsecond * 1000 + getattr(value, "nanosecond", 0)
    text = f"{value.year:04d}-{value.month:02d}-{value.day:02d}T{value.hour:02d}:{value.minute:02d}:{value.second:02d}"
    return text + _fraction(nanos) + "Z"


def _fraction(nanos: int) -> str:
    if not nanos:
        return ""
    if nanos % 1_000_000 == 0:
        return f".{nanos // 1_000_000:03d}"
    if nanos % 1000 == 0:
        return f".{nanos // 1000:06d}"
    return f".{nanos:09d}"


def duration(value: timedelta) -> str:
    """``1d02h03m04.5s``, ``3m04.25s``, ``4.123456789s``, ``0s``: exact to the nanosecond."""
    total = total_nanoseconds(value)
    sign = "-" if total < 0 else ""
    seconds, nanos = divmod(abs(total), 1_000_000_000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    out: list[str] = []
    for amount, unit in ((days, "d"), (hours, "h"), (minutes, "m")):
        if out:
            out.append(f"{amount:02d}{unit}")
        elif amount:
            out.append(f"{amount}{unit}")
    fraction = f".{nanos:09d}".rstrip("0") if nanos else ""
    out.append(f"{seconds:02d}" if out else str(seconds))
    return sign + "".join(out) + fraction + "s"


def enum_name(value: ProtoEnum) -> str:
    """The member's name; a number this flyteidl does not know shows as ``EnumClass(7)``."""
    return value.name if value.is_known else f"{type(value).__name__}({int(value)})"


def number(value: float) -> str:
    return repr(value)


def quoted(text: str) -> str:
    """A string in double quotes, with anything that is not printable on one line escaped."""
    return _printable(json.dumps(text, ensure_ascii=False))


def _printable(text: str) -> str:
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


_BARE = re.compile(r"[\w.:/@+~%#*-]+")


def bare_or_quoted(text: str) -> str:
    """Names, paths and URIs as they are; anything else (spaces, commas, empty) quoted."""
    return text if _BARE.fullmatch(text) else quoted(text)


def json_value(value: Any) -> str:
    """A ``Struct``/``Value``/``ListValue`` as compact JSON (numbers that are whole print without ``.0``)."""
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e16 else repr(value)
    if isinstance(value, str):
        return quoted(value)
    if isinstance(value, tuple):
        return "[" + ", ".join(json_value(v) for v in value) + "]"
    return "{" + ", ".join(f"{quoted(k)}: {json_value(v)}" for k, v in ordered(value)) + "}"


def ordered(mapping: Mapping[Any, Any]) -> list[tuple[Any, Any]]:
    """A map's entries by key: protobuf maps have no order, and a view should not depend on where one came from."""
    return sorted(mapping.items(), key=lambda item: item[0])


def blob_bytes(value: bytes, limit: int = 32) -> str:
    if len(value) <= limit:
        return repr(value)
    return f"{value[:limit]!r}… ({len(value)} bytes)"


def cut(text: str, width: int = SHORT_VALUE_WIDTH) -> str:
    """At most ``width`` characters; a long path or URI keeps its end, where the file's name is."""
    if len(text) <= width:
        return text
    if _BARE.fullmatch(text) and "/" in text:
        return "…" + text[-(width - 1):]
    return text[: width - 1] + "…"


def _elements(items: Iterable[str], count: int) -> str:
    shown = []
    for i, item in enumerate(items):
        if i == MAX_ELEMENTS:
            shown.append(f"… {count - MAX_ELEMENTS} more")
            break
        shown.append(item)
    return ", ".join(shown)


# --------------------------------------------------------------------- renderings of some entities


def workflow_execution_id(x: WorkflowExecutionIdentifier) -> str:
    return f"{x.project}/{x.domain}/{x.name}" + (f" (org {x.org})" if x.org else "")


def node_execution_id(x: NodeExecutionIdentifier) -> str:
    return x.node_id + (f"@{workflow_execution_id(x.execution_id)}" if x.is_set("execution_id") else "")


def identifier(x: Identifier) -> str:
    kind = f"{enum_name(x.resource_type)}:" if x.resource_type else ""
    version = f"@{x.version}" if x.version else ""
    return f"{kind}{x.project}/{x.domain}/{x.name}{version}" + (f" (org {x.org})" if x.org else "")


def task_execution_id(x: TaskExecutionIdentifier) -> str:
    task = identifier(x.task_id) if x.is_set("task_id") else "task"
    node = f" of {node_execution_id(x.node_execution_id)}" if x.is_set("node_execution_id") else ""
    return f"{task} attempt {x.retry_attempt}{node}"


def execution_error(x: ExecutionError) -> str:
    """``USER:ValueError: <what happened>`` — what a person scanning for failures wants to see."""
    lines = x.message.strip().splitlines()
    # A traceback's last line says what happened; its first line only says that a traceback follows.
    message = (lines[-1] if lines[0].startswith("Traceback") else lines[0]).strip() if lines else ""
    kind = enum_name(x.kind) if x.kind else ""
    head = x.code if kind in x.code else " ".join(p for p in (kind, x.code) if p)
    return f"{head}: {message}" if head and message else head or message


def literal_type(x: LiteralType) -> str:
    if x.simple is not None:
        return enum_name(x.simple)
    if x.collection_type is not None:
        return f"list[{literal_type(x.collection_type)}]"
    if x.map_value_type is not None:
        return f"dict[str, {literal_type(x.map_value_type)}]"
    if x.blob is not None:
        return blob_type(x.blob)
    if x.union_type is not None:
        return "union[" + ", ".join(literal_type(v) for v in x.union_type.variants) + "]"
    if x.enum_type is not None:
        return "enum{" + ", ".join(x.enum_type.values) + "}"
    if x.structured_dataset_type is not None:
        return dataset_type(x.structured_dataset_type)
    if x.schema is not None:
        return "schema"
    return "?"


def blob_type(x: BlobType) -> str:
    """``file``, ``dir``, or with a format ``file(csv)``."""
    kind = "dir" if x.dimensionality == BlobDimensionality.MULTIPART else "file"
    return f"{kind}({x.format})" if x.format else kind


def dataset_type(x: StructuredDatasetType | None) -> str:
    return f"structured_dataset({x.format})" if x is not None and x.format else "structured_dataset"


def variable_map(x: Mapping[str, Variable]) -> str:
    return "(" + ", ".join(
        f"{name}: {literal_type(v.type) if v.is_set('type') else '?'}" for name, v in ordered(x)
    ) + ")"


def typed_interface(x: TypedInterface) -> str:
    assert x.inputs is not None and x.outputs is not None  # (they read as mappings, unset too)
    inputs = variable_map(x.inputs)
    outputs = variable_map(x.outputs)
    return f"{inputs} -> {outputs}"


def primitive(x: Primitive) -> str:
    if x.integer is not None:
        return str(x.integer)
    if x.float_value is not None:
        return number(x.float_value)
    if x.string_value is not None:
        return quoted(x.string_value)
    if x.boolean is not None:
        return str(x.boolean)
    if x.datetime is not None:
        return timestamp(x.datetime)
    if x.duration is not None:
        return duration(x.duration)
    return "?"


def scalar(x: Scalar) -> str:
    if x.primitive is not None:
        return primitive(x.primitive)
    if x.blob is not None:
        metadata = x.blob.metadata
        kind = blob_type(metadata.type) if metadata.is_set("type") else "blob"  # (empty while unset)
        return f"{kind} {x.blob.uri}"
    if x.structured_dataset is not None:
        sd = x.structured_dataset
        meta = sd.metadata  # (empty while unset)
        held = meta.structured_dataset_type if meta.is_set("structured_dataset_type") else None
        return f"{dataset_type(held)} {sd.uri}"
    if x.none_type is not None:
        return "None"
    if x.generic is not None:
        return json_value(x.generic)
    if x.union is not None:
        value = literal(x.union.value) if x.union.is_set("value") else "?"
        return f"{value} as {literal_type(x.union.stored_type)}" if x.union.is_set("stored_type") else value
    if x.binary is not None:
        return f"binary({x.binary.tag}) {blob_bytes(x.binary.value)}" if x.binary.tag else blob_bytes(x.binary.value)
    if x.schema is not None:
        return f"schema {x.schema.uri}"
    if x.error is not None:
        return f"error from {x.error.failed_node_id}: {quoted(x.error.message)}"
    return "?"


def literal(x: Literal) -> str:
    if x.scalar is not None:
        text = scalar(x.scalar)
    elif x.collection is not None:
        text = literal_collection(x.collection)
    elif x.map is not None:
        text = literal_map(x.map)
    elif x.offloaded_metadata is not None:
        off = x.offloaded_metadata
        text = f"offloaded {off.uri} ({off.size_bytes} bytes)"
    else:
        text = "?"
    if x.metadata:
        text += " {" + ", ".join(f"{bare_or_quoted(k)}={bare_or_quoted(v)}" for k, v in ordered(x.metadata)) + "}"
    return f"{text} #{x.hash}" if x.hash else text


def literal_collection(x: LiteralCollection) -> str:
    return "[" + _elements((literal(v) for v in x.literals), len(x.literals)) + "]"


def literal_map(x: LiteralMap) -> str:
    items = (f"{bare_or_quoted(k)}: {literal(v)}" for k, v in ordered(x.literals))
    return "{" + _elements(items, len(x.literals)) + "}"


def output_reference(x: OutputReference) -> str:
    path = "".join(
        f"[{a.int_value}]" if a.int_value is not None else f".{a.string_value}" for a in x.attr_path
    )
    return f"{x.node_id}.{x.var}{path}"


def binding_data(x: BindingData) -> str:
    if x.promise is not None:
        return output_reference(x.promise)
    if x.scalar is not None:
        return scalar(x.scalar)
    if x.collection is not None:
        bindings = x.collection.bindings
        return "[" + _elements((binding_data(b) for b in bindings), len(bindings)) + "]"
    if x.map is not None:
        items = (f"{bare_or_quoted(k)}: {binding_data(v)}" for k, v in ordered(x.map.bindings))
        return "{" + _elements(items, len(x.map.bindings)) + "}"
    if x.offloaded_metadata is not None:
        return f"offloaded {x.offloaded_metadata.uri}"
    return "?"


_COMPARISONS = {"EQ": "==", "NEQ": "!=", "GT": ">", "GTE": ">=", "LT": "<", "LTE": "<="}


def operand(x: Operand) -> str:
    if x.var is not None:
        return x.var
    if x.primitive is not None:
        return primitive(x.primitive)
    if x.scalar is not None:
        return scalar(x.scalar)
    return "?"


def boolean_expression(x: BooleanExpression) -> str:
    if x.comparison is not None:
        return comparison(x.comparison)
    if x.conjunction is not None:
        return conjunction(x.conjunction)
    return "?"


def comparison(x: ComparisonExpression) -> str:
    op = _COMPARISONS.get(x.operator.name, enum_name(x.operator))
    left = operand(x.left_value) if x.is_set("left_value") else "?"
    right = operand(x.right_value) if x.is_set("right_value") else "?"
    return f"{left} {op} {right}"


def conjunction(x: ConjunctionExpression) -> str:
    left = boolean_expression(x.left_expression) if x.left_expression is not None else "?"
    right = boolean_expression(x.right_expression) if x.right_expression is not None else "?"
    return f"({left} {enum_name(x.operator).lower()} {right})"


def compiled_workflow_summary(x: CompiledWorkflowClosure) -> str:
    """``WORKFLOW:project/domain/name@version (4 nodes, 3 tasks)``."""
    template = x.primary.template if x.primary.is_set("template") else None  # (x.primary: empty while unset)
    name = identifier(template.id) if template is not None and template.is_set("id") else "workflow"
    counts = [_count(len(template.nodes) if template is not None else 0, "node"), _count(len(x.tasks), "task")]
    if x.sub_workflows:
        counts.append(_count(len(x.sub_workflows), "sub-workflow"))
    if x.launch_plans:
        counts.append(_count(len(x.launch_plans), "launch plan"))
    return f"{name} ({', '.join(counts)})"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' * (n != 1)}"


# ------------------------------------------------------------------ a compiled workflow, as an outline


def node_kind(node: Node) -> str:
    """``task``, ``workflow``, ``branch``, ``gate`` or ``array`` (``-`` for a node with no target)."""
    for kind in ("task", "workflow", "branch", "gate", "array"):
        if getattr(node, f"{kind}_node") is not None:
            return kind
    return "-"


def _node_target(node: Node) -> str:
    if node.task_node is not None:
        ref = node.task_node.reference_id
        return identifier(ref) if node.task_node.is_set("reference_id") else ""
    if node.workflow_node is not None:
        wf = node.workflow_node
        if wf.launchplan_ref is not None:
            return f"launch plan {identifier(wf.launchplan_ref)}"
        if wf.is_set("sub_workflow_ref") and wf.sub_workflow_ref is not None:
            return f"sub-workflow {identifier(wf.sub_workflow_ref)}"
        return ""
    if node.gate_node is not None:
        gate = node.gate_node
        if gate.approve is not None:
            return f"approve {bare_or_quoted(gate.approve.signal_id)}"
        if gate.signal is not None:
            sig = gate.signal
            typ = f": {literal_type(sig.type)}" if sig.is_set("type") else ""
            out = f" -> {sig.output_variable_name}" if sig.output_variable_name else ""
            return f"signal {bare_or_quoted(sig.signal_id)}{typ}{out}"
        if gate.sleep is not None:
            return f"sleep {duration(gate.sleep.duration)}" if gate.sleep.is_set("duration") else "sleep"
        return ""
    return ""


def _array_facts(array: ArrayNode) -> str:
    facts = [
        f"{label} {number(value) if isinstance(value, float) else value}"
        for label, value in (("parallelism", array.parallelism), ("min successes", array.min_successes),
                             ("min success ratio", array.min_success_ratio))
        if value is not None
    ]
    return f" ({', '.join(facts)})" if facts else ""


def node_lines(node: Node, depth: int) -> list[str]:
    """A node's line (id, kind, what it runs, what it waits for), then its inputs, then nested nodes."""
    pad = _INDENT * depth
    head = f"{pad}{node.id}: {node_kind(node)}"
    target = _node_target(node)
    if target:
        head += f" {target}"
    if node.metadata.name and node.metadata.name != node.id:
        head += f" ({bare_or_quoted(node.metadata.name)})"
    lines = [head]
    if node.upstream_node_ids:
        lines.append(f"{pad}{_INDENT}after {', '.join(node.upstream_node_ids)}")
    if node.inputs:
        inputs = ", ".join(
            f"{b.var}={binding_data(b.binding) if b.is_set('binding') else '?'}" for b in node.inputs
        )
        lines.append(f"{pad}{_INDENT}inputs {inputs}")
    if node.branch_node is not None and node.branch_node.is_set("if_else"):
        block = node.branch_node.if_else
        cases = ([block.case] if block.is_set("case") else []) + list(block.other)
        for i, case in enumerate(cases):
            condition = boolean_expression(case.condition) if case.is_set("condition") else "?"
            lines.append(f"{pad}{_INDENT}{'if' if i == 0 else 'elif'} {condition}:")
            if case.is_set("then_node"):
                lines += node_lines(case.then_node, depth + 2)
        if block.else_node is not None:
            lines.append(f"{pad}{_INDENT}else:")
            lines += node_lines(block.else_node, depth + 2)
        elif block.error is not None:
            lines.append(f"{pad}{_INDENT}else: fail {quoted(block.error.message)}")
    if node.array_node is not None and node.array_node.is_set("node"):
        lines.append(f"{pad}{_INDENT}each{_array_facts(node.array_node)}:")
        lines += node_lines(node.array_node.node, depth + 2)
    return lines


def workflow_lines(workflow: CompiledWorkflow, depth: int) -> list[str]:
    pad = _INDENT * depth
    if not workflow.is_set("template"):
        return [f"{pad}(no template)"]
    template = workflow.template
    name = identifier(template.id) if template.is_set("id") else "workflow"
    lines = [f"{pad}{name}"]
    if template.is_set("interface"):
        lines.append(f"{pad}{_INDENT}interface {typed_interface(template.interface)}")
    lines.append(f"{pad}{_INDENT}nodes:" if template.nodes else f"{pad}{_INDENT}nodes: none")
    for node in template.nodes:
        lines += node_lines(node, depth + 2)
    if template.failure_node is not None:
        lines.append(f"{pad}{_INDENT}on failure:")
        lines += node_lines(template.failure_node, depth + 2)
    if template.outputs:
        outputs = ", ".join(
            f"{b.var}={binding_data(b.binding) if b.is_set('binding') else '?'}" for b in template.outputs
        )
        lines.append(f"{pad}{_INDENT}outputs {outputs}")
    return lines


def compiled_workflow_lines(x: CompiledWorkflowClosure, depth: int) -> list[str]:
    """The workflow a dynamic node generated: its nodes (with kinds and targets), tasks and launch plans."""
    pad = _INDENT * depth
    lines = []
    if x.is_set("primary"):
        lines.append(f"{pad}primary:")
        lines += workflow_lines(x.primary, depth + 1)
    if x.sub_workflows:
        lines.append(f"{pad}sub_workflows:")
        for sub in x.sub_workflows:
            lines += workflow_lines(sub, depth + 1)
    if x.tasks:
        lines.append(f"{pad}tasks:")
    for compiled in x.tasks:
        if not compiled.is_set("template"):
            lines.append(f"{pad}{_INDENT}(no template)")
            continue
        task = compiled.template
        facts = [task.type] if task.type else []
        if task.container is not None and task.container.image:
            facts.append(f"image {task.container.image}")
        name = identifier(task.id) if task.is_set("id") else "task"
        lines.append(f"{pad}{_INDENT}{name}" + (f": {', '.join(facts)}" if facts else ""))
        if task.is_set("interface"):
            lines.append(f"{pad}{_INDENT * 2}interface {typed_interface(task.interface)}")
    if x.launch_plans:
        lines.append(f"{pad}launch_plans:")
    for plan in x.launch_plans:
        lp = plan.template
        if lp is None:
            lines.append(f"{pad}{_INDENT}(no template)")
            continue
        name = identifier(lp.id) if lp.id is not None else "launch plan"
        interface = f" {typed_interface(lp.interface)}" if lp.interface is not None else ""
        lines.append(f"{pad}{_INDENT}{name}{interface}")
    return lines


def literal_map_lines(x: LiteralMap, depth: int) -> list[str]:
    """One line per name, each value as a literal."""
    return [f"{_INDENT * depth}{bare_or_quoted(k)}: {literal(v)}" for k, v in ordered(x.literals)]


# ------------------------------------------------------------------------------------ the converter


class ViewConverter:
    """Renders records for people; ``short(record)`` is one line, ``verbose(record)`` an outline.

    ``compact`` maps an entity class to a one-line rendering used wherever such a value is nested in
    a one-line view; ``outline`` says where an outline uses it: ``"always"``, ``"fits"`` (when the
    line is at most :data:`VERBOSE_WIDTH` long, else the fields are laid out) or ``"never"`` (it is a
    summary, leaving things out). ``blocks`` maps an entity class to a multi-line rendering
    (``(value, depth) -> lines``) that ``verbose`` uses in place of its fields.
    """

    def __init__(self) -> None:
        self.compact: dict[type, Callable[[Any], str]] = {}
        self.outline: dict[type, str] = {}
        self.blocks: dict[type, Callable[[Any, int], list[str]]] = {}
        self._fields: dict[type, tuple[FieldSpec, ...]] = {}

    def register_compact(self, cls: type, render: Callable[[Any], str], *, outline: str = "always") -> None:
        """A one-line rendering of ``cls``, and where outlines use it (``always``, ``fits``, ``never``)."""
        if outline not in ("always", "fits", "never"):
            raise ValueError(f"outline must be 'always', 'fits' or 'never', not {outline!r}")
        self.compact[cls] = render
        self.outline[cls] = outline

    def register_block(self, cls: type, render: Callable[[Any, int], list[str]]) -> None:
        self.blocks[cls] = render

    def fields(self, cls: type[Entity]) -> tuple[FieldSpec, ...]:
        """The class's fields in declaration order (how a person thinks of it), not field-number order."""
        found = self._fields.get(cls)
        if found is None:
            by_attr = {spec.attr: spec for spec in cls.FIELDS}
            found = self._fields[cls] = tuple(by_attr[a.name] for a in attrs.fields(cast(Any, cls)))
        return found

    def set_fields(self, record: Entity) -> Iterable[tuple[FieldSpec, Any]]:
        for spec in self.fields(type(record)):
            value = getattr(record, spec.attr)
            if _is_set(spec, value):
                yield spec, value

    # one line

    def short(self, record: Entity) -> str:
        """``ClassName(field=value, ...)`` on one line: set fields only, nested messages spliced in.

        A spliced field is named by its own name (``phase``, not ``closure.phase``) unless two fields
        would share a name; those are named by their path (``inputs.url``, ``outputs.url``).
        """
        items = self._short_items(record, ())
        seen: dict[str, int] = {}
        for path, _ in items:
            for name in path:
                seen[name] = seen.get(name, 0) + 1
        text = ", ".join(f"{path[-1] if seen[path[-1]] == 1 else '.'.join(path)}={value}" for path, value in items)
        # Names, ids and URIs are shown bare; whatever in them would break the line is escaped here, once.
        return _printable(f"{type(record).__name__}({text})")

    def _short_items(self, record: Entity, at: tuple[str, ...]) -> list[tuple[tuple[str, ...], str]]:
        items = []
        for spec, value in self.set_fields(record):
            path = (*at, spec.label)
            if spec.value.kind == "message" and spec.shape in ("single", "optional"):
                cls = type(value)
                if cls in self.compact:
                    items.append((path, cut(self.compact[cls](value), LONG_VALUE_WIDTH)))
                elif value.is_empty:
                    items.append((path, "{}"))
                elif len(at) < SHORT_SPLICE_DEPTH:
                    items += self._short_items(value, path)  # a closure's phase reads better than closure=(…)
                else:
                    items.append((path, cut(self.short(value), LONG_VALUE_WIDTH)))
            elif spec.shape == "repeated" and spec.value.kind == "message" and spec.value.entity not in self.compact:
                items.append((path, f"[{len(value)}×{spec.value.entity.__name__}]"))
            elif spec.shape == "single" or spec.shape == "optional":
                items.append((path, cut(self._one_line(spec, value))))
            else:
                items.append((path, cut(self._one_line(spec, value), LONG_VALUE_WIDTH)))
        return items

    def _one_line(self, spec: FieldSpec, value: Any) -> str:
        """A field's value on one line, whatever its shape."""
        one = self._value
        if spec.shape == "repeated":
            return "[" + _elements((one(spec.value, v) for v in value), len(value)) + "]"
        if spec.shape == "map":
            assert spec.key is not None
            items = (f"{self._key(spec.key, k)}: {one(spec.value, v)}" for k, v in ordered(value))
            return "{" + _elements(items, len(value)) + "}"
        return one(spec.value, value)

    def _value(self, spec: ValueSpec, value: Any) -> str:
        """One value of a field on one line."""
        kind = spec.kind
        if kind == "message":
            render = self.compact.get(type(value))
            return render(value) if render is not None else self.short(value)
        if kind == "wrapper":
            assert spec.wrapped is not None
            return self._value(spec.wrapped, value)
        if kind == "string":
            return bare_or_quoted(value)
        if kind == "enum":
            return enum_name(value)
        if kind == "timestamp":
            return timestamp(value)
        if kind == "duration":
            return duration(value)
        if kind in ("struct", "value", "list_value"):
            return json_value(value)
        if kind == "bytes":
            return blob_bytes(value)
        if kind in ("double", "float"):
            return number(value)
        return str(value)  # ints and bools

    def _key(self, spec: ValueSpec, key: Any) -> str:
        return bare_or_quoted(key) if spec.kind == "string" else str(key)

    # an outline

    def verbose(self, record: Entity) -> str:
        """The class name, then one line per set field, nested messages indented beneath their field."""
        return "\n".join(_printable(line) for line in [type(record).__name__, *self._body(record, 1)])

    def _body(self, record: Entity, depth: int) -> list[str]:
        block = self.blocks.get(type(record))
        if block is not None:
            return block(record, depth)
        lines: list[str] = []
        for spec, value in self.set_fields(record):
            lines += self._field_lines(spec, value, depth)
        return lines

    def _field_lines(self, spec: FieldSpec, value: Any, depth: int) -> list[str]:
        pad = _INDENT * depth
        if spec.shape in ("single", "optional"):
            return self._labelled(spec.label, spec.value, value, depth)
        if spec.shape == "repeated":
            if spec.value.kind != "message" or self.outline.get(spec.value.entity, "never") != "never":
                inline = f"{pad}{spec.label}: {self._one_line(spec, value)}"
                if len(inline) <= VERBOSE_WIDTH:
                    return [inline]
            lines = [f"{pad}{spec.label}: ({len(value)})"]
            for i, element in enumerate(value):
                lines += self._labelled(f"[{i}]", spec.value, element, depth + 1)
            return lines
        assert spec.key is not None
        lines = [f"{pad}{spec.label}:"]
        for key, element in ordered(value):
            lines += self._labelled(self._key(spec.key, key), spec.value, element, depth + 1)
        return lines

    def _labelled(self, label: str, spec: ValueSpec, value: Any, depth: int) -> list[str]:
        """``label: value`` — on one line if it fits, else the label and the value's lines beneath."""
        pad = _INDENT * depth
        kind = spec.kind
        if kind == "message":
            cls = type(value)
            if cls in self.blocks:
                block = self.blocks[cls](value, depth + 1)
                return [f"{pad}{label}:", *block] if block else [f"{pad}{label}: {{}}"]
            use = self.outline.get(cls, "never")
            if use != "never":
                line = f"{pad}{label}: {self.compact[cls](value)}"
                if use == "always" or len(line) <= VERBOSE_WIDTH:
                    return [line]
            body = self._body(value, depth + 1)
            return [f"{pad}{label}:", *body] if body else [f"{pad}{label}: {{}}"]
        if kind == "string" and "\n" in value.strip() and all(line.isprintable() for line in value.split("\n")):
            # A traceback reads best as it was written: a block, each line indented under the label.
            return [f"{pad}{label}: |", *(f"{pad}{_INDENT}{line}" for line in value.strip("\n").split("\n"))]
        if kind == "string":
            text = value if value and value.isprintable() and value.strip() == value else quoted(value)
            return [f"{pad}{label}: {text}"]
        if kind in ("struct", "value", "list_value"):
            line = f"{pad}{label}: {json_value(value)}"
            if len(line) <= VERBOSE_WIDTH:
                return [line]
            text = json.dumps(thaw(value), indent=2, ensure_ascii=False, sort_keys=True)
            return [f"{pad}{label}:", *(f"{pad}{_INDENT}{_printable(line)}" for line in text.splitlines())]
        if kind == "bytes":
            return [f"{pad}{label}: {blob_bytes(value, 64)}"]
        return [f"{pad}{label}: {self._value(spec, value)}"]


def _is_set(spec: FieldSpec, value: Any) -> bool:
    """Whether a field holds something: not None, not empty, not proto3's zero (``-0.0`` is a value)."""
    if spec.shape == "optional":
        return value is not None
    if spec.shape != "single":
        return bool(value)
    if spec.value.kind in ("double", "float"):
        return value != 0 or str(value) == "-0.0"
    return bool(value)


def configure_converter(converter: ViewConverter) -> None:
    """Register the renderings that read better than fields."""
    always: tuple[tuple[type, Callable[[Any], str]], ...] = (
        (WorkflowExecutionIdentifier, workflow_execution_id),
        (NodeExecutionIdentifier, node_execution_id),
        (Identifier, identifier),
        (TaskExecutionIdentifier, task_execution_id),
        (LiteralType, literal_type),
        (Primitive, primitive),
        (OutputReference, output_reference),
    )
    for cls, render in always:
        converter.register_compact(cls, render)
    # Values with elements: one line while it is short, else laid out field by field.
    fits: tuple[tuple[type, Callable[[Any], str]], ...] = (
        (TypedInterface, typed_interface),
        (VariableMap, lambda x: variable_map(x.variables)),
        (Literal, literal),
        (LiteralMap, literal_map),
        (LiteralCollection, literal_collection),
        (Scalar, scalar),
        (BindingData, binding_data),
        (BooleanExpression, boolean_expression),
    )
    for cls, render in fits:
        converter.register_compact(cls, render, outline="fits")
    # Summaries: an outline shows the whole thing.
    converter.register_compact(ExecutionError, execution_error, outline="never")
    converter.register_compact(CompiledWorkflowClosure, compiled_workflow_summary, outline="never")
    converter.register_block(CompiledWorkflowClosure, compiled_workflow_lines)
    converter.register_block(LiteralMap, literal_map_lines)


def make_converter() -> ViewConverter:
    converter = ViewConverter()
    configure_converter(converter)
    return converter


converter = make_converter()
