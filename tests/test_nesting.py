"""Recursive records at protobuf's nesting limit, in every format (issue 3, item 3).

Depth is counted as protobuf's binary decoder (upb) counts it: the top message is level 1 and every
message below it is one level more — map entries (of scalar maps too) and well-known messages
(``Struct``, ``Value``, ``ListValue``, ``Duration``) included. A record nests at most :data:`LIMIT`
levels: at the limit it converts to and from every format, one level deeper every reader refuses it
with a ``ConversionError`` and the constructors with a ``ValueError`` naming the field — never a
``RecursionError`` and never protobuf's ``DecodeError`` (upb itself reads one level more than the
limit, so the refusal is the library's).

Each :class:`Chain` builds the same nesting twice, independently: as a protobuf message by mutation
(the oracle, converted with ``json_format`` and ``text_format``) and as a record with the constructors.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from typing import Any

import attrs
import pytest
from flyteidl.core import condition_pb2, literals_pb2, types_pb2
from google.protobuf import json_format, struct_pb2, text_format
from google.protobuf.message import DecodeError

from flyte_node_models import ConversionError, Entity
from flyte_node_models._compat import is_repeated
from flyte_node_models.core.condition import (
    BooleanExpression,
    ComparisonExpression,
    ComparisonExpressionOperator,
    ConjunctionExpression,
    LogicalOperator,
    Operand,
)
from flyte_node_models.literals import (
    BindingData,
    BindingDataCollection,
    BindingDataMap,
    Literal,
    LiteralCollection,
    LiteralMap,
    Primitive,
    Scalar,
    Union,
)
from flyte_node_models.types import LiteralType, OutputReference, SimpleType, TypeStructure, UnionType
from flyte_node_models.wellknown import Duration

#: How many messages a record may nest, counting the top one and map entries.
LIMIT = 100
#: Far deeper than Python's default recursion limit: a converter that recursed without counting would crash.
FAR = 3000
#: The key of every map entry in the chains.
KEY = "k"

Message = Any


# ------------------------------------------------------------------------------------- building chains


@attrs.frozen
class Step:
    """One step down a chain: from a message of type ``source`` to one of type ``target``."""

    source: str  # protobuf full names
    target: str
    levels: int  # 2 through a map entry
    down: Callable[[Message], Message]  # the child message, made present by mutation
    wrap: Callable[[Any], Any]  # the parent's record value around the child's
    text: str  # the step in protobuf text format, up to the child's fields ("collection { ")
    path: str = ""  # the step in an error's path ("literals[0]"); "" for steps inside a JSON value


@attrs.frozen
class Leaf:
    """How a chain ends: the innermost message's fields, and the record value that holds them."""

    at: str  # the protobuf full name of the message it ends
    levels: int  # messages it holds below itself
    message: Message  # the innermost message (copied into the chain)
    value: Any  # the innermost record value

    @classmethod
    def of(cls, value: Any, message: Message) -> Leaf:
        return cls(message.DESCRIPTOR.full_name, depth_of(message) - 1, message, value)


def full_name(cls: type[Entity]) -> str:
    return str(cls.PROTO.DESCRIPTOR.full_name)


def field_step(cls: type[Entity], name: str) -> Step:
    """The step through field ``name`` of ``cls`` (one element of a repeated field, one entry of a map)."""
    spec = next(s for s in cls.FIELDS if s.name == name)
    if spec.shape == "map":
        target = spec.descriptor.message_type.fields_by_name["value"].message_type.full_name
        return Step(full_name(cls), target, 2, lambda m: getattr(m, name)[KEY],
                    lambda v: cls(**{spec.label: {KEY: v}}), f'{name} {{ key: "{KEY}" value {{ ', f"{name}[{KEY!r}]")
    target = spec.descriptor.message_type.full_name
    if spec.shape == "repeated":
        return Step(full_name(cls), target, 1, lambda m: getattr(m, name).add(), lambda v: cls(**{spec.label: (v,)}),
                    f"{name} {{ ", f"{name}[0]")
    return Step(full_name(cls), target, 1, lambda m: getattr(m, name), lambda v: cls(**{spec.label: v}),
                f"{name} {{ ", name)


STRUCT, VALUE, LIST = "google.protobuf.Struct", "google.protobuf.Value", "google.protobuf.ListValue"
# Inside a Struct, records hold plain JSON values: a Value is its content, a ListValue a tuple.
STRUCT_ENTRY = Step(STRUCT, VALUE, 2, lambda m: m.fields[KEY], lambda v: {KEY: v}, f'fields {{ key: "{KEY}" value {{ ',
                    f"[{KEY!r}]")
VALUE_LIST = Step(VALUE, LIST, 1, lambda m: m.list_value, lambda v: v, "list_value { ")
LIST_ELEMENT = Step(LIST, VALUE, 1, lambda m: m.values.add(), lambda v: (v,), "values { ", "[0]")
VALUE_STRUCT = Step(VALUE, STRUCT, 1, lambda m: m.struct_value, lambda v: v, "struct_value { ")


@attrs.frozen
class Chain:
    """A recursive type nested to any depth: ``prefix`` once, then ``cycle`` over and over, until one of
    ``leaves`` makes it exactly ``n`` messages deep."""

    name: str
    top: type[Entity]
    cycle: tuple[Step, ...]
    leaves: tuple[Leaf, ...]
    prefix: tuple[Step, ...] = ()

    def path(self, n: int) -> tuple[list[Step], Leaf]:
        steps: list[Step] = []
        at, level = full_name(self.top), 1
        while level <= n:
            for leaf in self.leaves:
                if leaf.at == at and level + leaf.levels == n:
                    return steps, leaf
            i = len(steps)
            step = self.prefix[i] if i < len(self.prefix) else self.cycle[(i - len(self.prefix)) % len(self.cycle)]
            assert step.source == at, f"{self.name}: a {step.source} step after a {at}"
            steps.append(step)
            at, level = step.target, level + step.levels
        raise ValueError(f"{self.name} cannot nest exactly {n} messages")

    def reaches(self, n: int) -> bool:
        try:
            self.path(n)
        except ValueError:
            return False
        return True

    def far(self) -> int:
        """A depth far beyond the limit that this chain reaches."""
        return next(n for n in range(FAR, FAR + 10) if self.reaches(n))

    def message(self, n: int) -> Message:
        """The chain ``n`` messages deep, as a protobuf message built by mutation."""
        steps, leaf = self.path(n)
        message = self.top.PROTO()
        current = message
        for step in steps:
            current = step.down(current)
        current.CopyFrom(leaf.message)
        current.SetInParent()  # an empty leaf is set all the same
        return message

    def record(self, n: int) -> Any:
        """The chain ``n`` messages deep, as a record built with the constructors."""
        steps, leaf = self.path(n)
        value = leaf.value
        for step in reversed(steps):
            value = step.wrap(value)
        return value

    def text(self, n: int) -> str:
        """The chain ``n`` messages deep in protobuf text format, on one line; written here because
        ``text_format.MessageToString`` fails on messages with map entries too deep for upb's decoder."""
        steps, leaf = self.path(n)
        inner = text_format.MessageToString(leaf.message, as_one_line=True)
        return "".join(s.text for s in steps) + inner + "".join(" }" * s.levels for s in reversed(steps))

    def error_path(self, n: int) -> str:
        """The path of the innermost message of the chain ``n`` messages deep, as errors name it."""
        steps, _ = self.path(n)
        return ".".join(s.path for s in steps if s.path).replace(".[", "[")

    @property
    def holds_json(self) -> bool:
        return any(step.source in (STRUCT, VALUE, LIST) for step in self.prefix + self.cycle)


def depth_of(message: Message) -> int:
    """How deep a message nests as upb counts it: every message, map entry and well-known message a level."""
    deepest = 0
    todo = [(message, 1)]
    while todo:
        m, level = todo.pop()
        deepest = max(deepest, level)
        for fd, value in m.ListFields():
            if fd.message_type is None:
                continue
            if fd.message_type.GetOptions().map_entry:
                deepest = max(deepest, level + 1)
                if fd.message_type.fields_by_name["value"].message_type is not None:
                    todo += [(value[k], level + 2) for k in value]
            elif is_repeated(fd):
                todo += [(x, level + 1) for x in value]
            else:
                todo.append((value, level + 1))
    return deepest


def decodes(message: Message) -> bool:
    """Whether protobuf's binary decoder reads the message's bytes back."""
    try:
        type(message).FromString(message.SerializeToString())
    except DecodeError:
        return False
    return True


@contextlib.contextmanager
def deep_recursion() -> Iterator[None]:
    """Room for ``json_format``/``text_format``, which recurse per level, to write a very deep oracle input."""
    before = sys.getrecursionlimit()
    sys.setrecursionlimit(max(before, 20 * FAR))
    try:
        yield
    finally:
        sys.setrecursionlimit(before)


# ------------------------------------------------------------------------------------------ the chains

COMPARISON = Leaf.of(
    BooleanExpression(comparison=ComparisonExpression(
        operator=ComparisonExpressionOperator.GT, left_value=Operand(var="x"),
        right_value=Operand(primitive=Primitive(integer=3)))),
    condition_pb2.BooleanExpression(comparison=condition_pb2.ComparisonExpression(
        operator=condition_pb2.ComparisonExpression.GT, left_value=condition_pb2.Operand(var="x"),
        right_value=condition_pb2.Operand(primitive=literals_pb2.Primitive(integer=3)))),
)
PROMISE = Leaf.of(BindingData(promise=OutputReference(node_id="n0", var="o0")),
                  literals_pb2.BindingData(promise=types_pb2.OutputReference(node_id="n0", var="o0")))
INTEGER_TYPE = Leaf.of(LiteralType(simple=SimpleType.INTEGER), types_pb2.LiteralType(simple=types_pb2.INTEGER))
HASHED_LITERAL = Leaf.of(Literal(hash="leaf"), literals_pb2.Literal(hash="leaf"))
INTEGER_LITERAL = Leaf.of(Literal(scalar=Scalar(primitive=Primitive(integer=7))),
                          literals_pb2.Literal(scalar=literals_pb2.Scalar(primitive=literals_pb2.Primitive(integer=7))))
METADATA_LITERAL = Leaf.of(Literal(metadata={"source": "cache"}), literals_pb2.Literal(metadata={"source": "cache"}))
DURATION_LITERAL = Leaf.of(  # Literal > Scalar > Primitive > google.protobuf.Duration
    Literal(scalar=Scalar(primitive=Primitive(duration=Duration.from_parts(1, 5)))),
    literals_pb2.Literal(scalar=literals_pb2.Scalar(primitive=literals_pb2.Primitive(
        duration={"seconds": 1, "nanos": 5}))),
)
STRING_VALUE = Leaf(VALUE, 0, struct_pb2.Value(string_value="leaf"), "leaf")
EMPTY_LIST = Leaf(LIST, 0, struct_pb2.ListValue(), ())
EMPTY_STRUCT = Leaf(STRUCT, 0, struct_pb2.Struct(), {})
VALUE_OF_EMPTY_STRUCT = Leaf(VALUE, 1, struct_pb2.Value(struct_value=struct_pb2.Struct()), {})


def empty(cls: type[Entity]) -> Leaf:
    """An explicitly set empty message (Admin writes them)."""
    return Leaf(full_name(cls), 0, cls.PROTO(), cls())


COLLECTIONS = (field_step(Literal, "collection"), field_step(LiteralCollection, "literals"))
MAPS = (field_step(Literal, "map"), field_step(LiteralMap, "literals"))
SCALAR_STRUCT = (field_step(Scalar, "generic"), STRUCT_ENTRY)
LISTS = (VALUE_LIST, LIST_ELEMENT)

CHAINS = [
    Chain("literal types", LiteralType, (field_step(LiteralType, "collection_type"),), (INTEGER_TYPE,)),
    Chain("literal types through unions", LiteralType,
          (field_step(LiteralType, "union_type"), field_step(UnionType, "variants")),
          (INTEGER_TYPE, empty(UnionType))),
    Chain("literal types through dataclass fields", LiteralType,
          (field_step(LiteralType, "structure"), field_step(TypeStructure, "dataclass_type")),
          (INTEGER_TYPE, Leaf.of(TypeStructure(tag="leaf"), types_pb2.TypeStructure(tag="leaf")))),
    Chain("literal collections", Literal, COLLECTIONS, (HASHED_LITERAL, empty(LiteralCollection))),
    Chain("literal maps", Literal, MAPS, (HASHED_LITERAL, empty(LiteralMap))),
    Chain("literal maps from a LiteralMap", LiteralMap, (MAPS[1], MAPS[0]), (INTEGER_LITERAL, empty(LiteralMap))),
    Chain("literal unions", Literal,
          (field_step(Literal, "scalar"), field_step(Scalar, "union"), field_step(Union, "value")),
          (HASHED_LITERAL, empty(Scalar))),
    Chain("boolean expressions", BooleanExpression,
          (field_step(BooleanExpression, "conjunction"), field_step(ConjunctionExpression, "left_expression")),
          (COMPARISON, empty(BooleanExpression),
           Leaf.of(ConjunctionExpression(operator=LogicalOperator.OR),
                   condition_pb2.ConjunctionExpression(operator=condition_pb2.ConjunctionExpression.OR)))),
    Chain("binding data collections", BindingData,
          (field_step(BindingData, "collection"), field_step(BindingDataCollection, "bindings")),
          (PROMISE, empty(BindingData), empty(BindingDataCollection))),
    Chain("binding data maps", BindingData,
          (field_step(BindingData, "map"), field_step(BindingDataMap, "bindings")),
          (PROMISE, empty(BindingData), empty(BindingDataMap))),
    Chain("lists in a Scalar's struct", Scalar, LISTS, (STRING_VALUE, EMPTY_LIST), prefix=SCALAR_STRUCT),
    Chain("lists in a Literal's struct, an empty list last", Literal, LISTS, (STRING_VALUE, EMPTY_LIST),
          prefix=(field_step(Literal, "scalar"), *SCALAR_STRUCT)),
    Chain("lists in a Literal's struct, an empty struct last", Literal, LISTS, (STRING_VALUE, VALUE_OF_EMPTY_STRUCT),
          prefix=(field_step(Literal, "scalar"), *SCALAR_STRUCT)),
    Chain("structs in a Scalar's struct", Scalar, (VALUE_STRUCT, STRUCT_ENTRY), (STRING_VALUE, EMPTY_STRUCT),
          prefix=SCALAR_STRUCT),
    # the last level a scalar map's entry (100 deep with collections, 101 with maps)
    Chain("literal collections, a metadata entry last", Literal, COLLECTIONS, (METADATA_LITERAL,)),
    Chain("literal maps, a metadata entry last", Literal, MAPS, (METADATA_LITERAL,)),
    # the last level a google.protobuf.Duration (100 deep from a Literal, 101 from a LiteralCollection)
    Chain("literal collections, a duration last", Literal, COLLECTIONS, (DURATION_LITERAL,)),
    Chain("literal collections from a LiteralCollection, a duration last", LiteralCollection,
          (COLLECTIONS[1], COLLECTIONS[0]), (DURATION_LITERAL,)),
]

AT_LIMIT = [c for c in CHAINS if c.reaches(LIMIT)]
TOO_DEEP = [c for c in CHAINS if c.reaches(LIMIT + 1)]


def chain_id(chain: Chain) -> str:
    return chain.name


# -------------------------------------------------------------------------------------------- formats

FORMATS = ("proto", "bytes", "dict", "text")
#: The oracle's rendering of a message in each format.
ORACLE: dict[str, Callable[[Message], Any]] = {
    "proto": lambda m: m,
    "bytes": lambda m: m.SerializeToString(deterministic=True),
    "dict": json_format.MessageToDict,
    "text": text_format.MessageToString,
}
READ: dict[str, Callable[[type[Entity], Any], Entity]] = {
    "proto": lambda cls, x: cls.from_flyte_idl(x),
    "bytes": lambda cls, x: cls.from_bytes(x),
    "dict": lambda cls, x: cls.from_dict(x),
    "text": lambda cls, x: cls.from_text(x),
}
WRITE: dict[str, Callable[[Entity], Any]] = {
    "proto": lambda r: r.to_flyte_idl(),
    "bytes": lambda r: r.to_bytes(),
    "dict": lambda r: r.to_dict(),
    "text": lambda r: r.to_text(),
}
TOO_DEEP_ERROR = r"(?s)deep.*\b100\b|\b100\b.*deep"
#: Bytes far too deep fail in protobuf's decoder, whose message names no number (nor, before 7.35, the limit).
FAR_TOO_DEEP_ERROR = {**dict.fromkeys(FORMATS, TOO_DEEP_ERROR), "bytes": "in protobuf wire format: "}

every_format = pytest.mark.parametrize("fmt", FORMATS)


# ---------------------------------------------------------------------------------------------- tests


@pytest.mark.parametrize("chain", CHAINS, ids=chain_id)
def test_each_chain_nests_exactly_as_deep_as_asked(chain: Chain) -> None:
    depths = [n for n in (LIMIT, LIMIT + 1) if chain.reaches(n)]
    assert depths
    for n in depths:
        message = chain.message(n)
        assert depth_of(message) == n
        assert decodes(message)  # upb reads 101 levels: what the library refuses, it refuses itself
    message = chain.message(depths[0])
    assert text_format.Parse(chain.text(depths[0]), chain.top.PROTO()) == message


def test_protobufs_binary_decoder_reads_one_level_more_than_the_limit() -> None:
    chain = CHAINS[0]
    assert decodes(chain.message(LIMIT + 1))
    assert not decodes(chain.message(LIMIT + 2))
    with pytest.raises(ConversionError, match="wire format"):  # DecodeError becomes a ConversionError
        chain.top.from_bytes(chain.message(LIMIT + 2).SerializeToString())


@every_format
@pytest.mark.parametrize("chain", AT_LIMIT, ids=chain_id)
def test_at_the_limit_records_convert_both_ways(chain: Chain, fmt: str) -> None:
    message, record = chain.message(LIMIT), chain.record(LIMIT)
    expected = ORACLE[fmt](message)
    assert WRITE[fmt](record) == expected
    assert READ[fmt](chain.top, expected) == record


@every_format
@pytest.mark.parametrize("chain", TOO_DEEP, ids=chain_id)
def test_one_level_deeper_is_refused_when_read(chain: Chain, fmt: str) -> None:
    given = ORACLE[fmt](chain.message(LIMIT + 1))
    with pytest.raises(ConversionError, match=TOO_DEEP_ERROR):
        READ[fmt](chain.top, given)


@pytest.mark.parametrize("chain", TOO_DEEP, ids=chain_id)
def test_one_level_deeper_is_refused_when_made(chain: Chain) -> None:
    # so that no format ever meets a record it cannot write
    with pytest.raises(ValueError, match=TOO_DEEP_ERROR) as caught:
        chain.record(LIMIT + 1)
    assert not isinstance(caught.value, ConversionError)  # a constructor's error, naming Class.field
    assert caught.value.args[0].startswith(f"{full_name(chain.top).rsplit('.', 1)[1]}.")


@every_format
def test_a_too_deep_error_names_the_path_of_the_too_deep_message(fmt: str) -> None:
    chain = next(c for c in CHAINS if c.name == "literal collections")
    with pytest.raises(ConversionError, match=TOO_DEEP_ERROR) as caught:
        READ[fmt](chain.top, ORACLE[fmt](chain.message(LIMIT + 1)))
    path = chain.error_path(LIMIT + 1)  # collection.literals[0] (x 50): the 101st message
    assert path.endswith(".collection.literals[0]")
    assert caught.value.path in (path, path.removesuffix("[0]"))  # the message, or the field holding it


def far_input(chain: Chain, fmt: str) -> Any:
    n = chain.far()
    if fmt == "text":
        return chain.text(n)
    with deep_recursion():
        return ORACLE[fmt](chain.message(n))


@every_format
@pytest.mark.parametrize("chain", CHAINS, ids=chain_id)
def test_far_deeper_input_is_refused_without_recursion_error(chain: Chain, fmt: str) -> None:
    with pytest.raises(ConversionError, match=FAR_TOO_DEEP_ERROR[fmt]):
        READ[fmt](chain.top, far_input(chain, fmt))


@pytest.mark.parametrize("chain", CHAINS, ids=chain_id)
def test_far_deeper_records_are_refused_without_recursion_error(chain: Chain) -> None:
    with pytest.raises(ValueError, match=TOO_DEEP_ERROR):
        chain.record(chain.far())
