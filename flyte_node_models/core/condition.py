"""TODO module doc."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flyteidl.core import condition_pb2

from .._model import Entity, ProtoEnum, field, entity, proto_enum

if TYPE_CHECKING:
    from ..literals import Primitive, Scalar

@proto_enum(condition_pb2.ConjunctionExpression.DESCRIPTOR.enum_types_by_name["LogicalOperator"])
class LogicalOperator(ProtoEnum):
    """TODO flyteidl.core.ConjunctionExpression.LogicalOperator."""

    AND = 0
    OR = 1


@proto_enum(condition_pb2.ComparisonExpression.DESCRIPTOR.enum_types_by_name["Operator"])
class ComparisonExpressionOperator(ProtoEnum):
    """TODO flyteidl.core.ComparisonExpression.Operator."""

    EQ = 0
    NEQ = 1
    GT = 2
    GTE = 3
    LT = 4
    LTE = 5


@entity(condition_pb2.BooleanExpression)
class BooleanExpression(Entity):
    """TODO flyteidl.core.BooleanExpression."""

    conjunction: ConjunctionExpression | None
    comparison: ComparisonExpression | None


@entity(condition_pb2.ConjunctionExpression)
class ConjunctionExpression(Entity):
    """TODO flyteidl.core.ConjunctionExpression."""

    operator: LogicalOperator
    left_expression: BooleanExpression | None
    right_expression: BooleanExpression | None


@entity(condition_pb2.ComparisonExpression)
class ComparisonExpression(Entity):
    """TODO flyteidl.core.ComparisonExpression."""

    operator: ComparisonExpressionOperator
    left_value: Operand | None
    right_value: Operand | None


@entity(condition_pb2.Operand)
class Operand(Entity):
    """TODO flyteidl.core.Operand."""

    primitive: Primitive | None
    var: str | None
    scalar: Scalar | None


ConjunctionExpression.LogicalOperator = LogicalOperator  # type: ignore[attr-defined]
ComparisonExpression.Operator = ComparisonExpressionOperator  # type: ignore[attr-defined]
