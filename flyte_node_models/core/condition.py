"""Conditions of branch nodes (``flyteidl/core/condition.proto``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flyteidl.core import condition_pb2

from .._model import Entity, ProtoEnum, entity, field, proto_enum

if TYPE_CHECKING:
    from ..literals import Primitive, Scalar

@proto_enum(condition_pb2.ConjunctionExpression.DESCRIPTOR.enum_types_by_name["LogicalOperator"])
class LogicalOperator(ProtoEnum):
    """And or or."""

    AND = 0
    OR = 1


@proto_enum(condition_pb2.ComparisonExpression.DESCRIPTOR.enum_types_by_name["Operator"])
class ComparisonExpressionOperator(ProtoEnum):
    """A comparison operator."""

    EQ = 0
    NEQ = 1
    GT = 2
    GTE = 3
    LT = 4
    LTE = 5


@entity(condition_pb2.BooleanExpression)
class BooleanExpression(Entity):
    """A condition of a branch: a conjunction or a comparison."""

    conjunction: ConjunctionExpression | None = None
    comparison: ComparisonExpression | None = None


@entity(condition_pb2.ConjunctionExpression)
class ConjunctionExpression(Entity):
    """Two conditions joined by and/or."""

    operator: LogicalOperator = LogicalOperator.AND
    left_expression: BooleanExpression = field(default=None, metadata={"reads": "empty"})
    right_expression: BooleanExpression = field(default=None, metadata={"reads": "empty"})


@entity(condition_pb2.ComparisonExpression)
class ComparisonExpression(Entity):
    """Two operands compared."""

    operator: ComparisonExpressionOperator = ComparisonExpressionOperator.EQ
    left_value: Operand = field(default=None, metadata={"reads": "empty"})
    right_value: Operand = field(default=None, metadata={"reads": "empty"})


@entity(condition_pb2.Operand)
class Operand(Entity):
    """One side of a comparison: a primitive, a variable or a scalar."""

    primitive: Primitive | None = None
    var: str | None = None
    scalar: Scalar | None = None


ConjunctionExpression.LogicalOperator = LogicalOperator  # type: ignore[attr-defined]
ComparisonExpression.Operator = ComparisonExpressionOperator  # type: ignore[attr-defined]
