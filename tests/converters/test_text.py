"""The text format, checked against protobuf's own ``text_format``: what ``MessageToString`` writes, and
what ``Parse`` (followed by ``from_flyte_idl``) reads or rejects."""

from __future__ import annotations

import re
import warnings
from typing import Any

import oracle_versions
import pytest
from google.protobuf import text_format
from google.protobuf.message import DecodeError, Message
from hypothesis import given
from hypothesis import strategies as st
from strategies import ENTITY_CLASSES, class_id, messages

from flyte_node_models import ConversionError, Entity, model_for
from flyte_node_models.converters.text import make_converter

NodeExecution = model_for("flyteidl.admin.NodeExecution")
Literal = model_for("flyteidl.core.Literal")
LiteralCollection = model_for("flyteidl.core.LiteralCollection")
Primitive = model_for("flyteidl.core.Primitive")
Binary = model_for("flyteidl.core.Binary")
Scalar = model_for("flyteidl.core.Scalar")

REJECTED = "rejected"


def oracle(cls: type[Entity], text: str) -> Any:
    """What protobuf makes of ``text``: the record of ``Parse`` + ``from_flyte_idl``, or REJECTED."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # Python warns of escapes like "\q"
            message = text_format.Parse(text, cls.PROTO())
    except Exception:  # ParseError, and ValueError from upb for out-of-range enum numbers
        return REJECTED
    try:
        return cls.from_flyte_idl(message)
    except ConversionError:
        return REJECTED


def ours(cls: type[Entity], text: str) -> Any:
    try:
        return cls.from_text(text)
    except ConversionError:
        return REJECTED


def assert_same(got: Any, expected: Any) -> None:
    """Records are equal; records holding NaN (never equal to itself under attrs' ``==``) by their bytes."""
    if got is REJECTED or expected is REJECTED:
        assert got is expected
        return
    assert type(got) is type(expected)
    assert got == expected or got.to_bytes() == expected.to_bytes()


def wire(message: Message) -> bytes:
    return message.SerializeToString(deterministic=True)  # type: ignore[no-any-return]


# ------------------------------------------------------------------------------- generated messages


# Protobuf's default for as_utf8 has changed between releases; to_text follows the installed one.
BY_AS_UTF8 = {as_utf8: make_converter(as_utf8=as_utf8) for as_utf8 in (True, False)}


@pytest.mark.parametrize("cls", ENTITY_CLASSES, ids=class_id)
@given(data=st.data())
def test_to_text_is_what_message_to_string_writes(cls: type[Entity], data: st.DataObject) -> None:
    message = data.draw(messages(cls))
    record = cls.from_flyte_idl(message)
    assert record.to_text() == text_format.MessageToString(message)
    for as_utf8, converter in BY_AS_UTF8.items():
        assert converter.unstructure(record) == text_format.MessageToString(message, as_utf8=as_utf8)


def with_comments(text: str) -> str:
    # Every line ends outside any string literal (MessageToString escapes newlines), so "#" there starts a comment.
    return "# a comment\n" + text.replace("\n", "  # a comment, with \"quotes\" and { braces\n")


def with_hex_integers(text: str) -> str:
    # Integer values and enum numbers; floats always have a "." or an exponent, or are inf/nan.
    return re.sub(r"^(\s*\w+): (-?)(\d+)$", lambda m: f"{m[1]}: {m[2]}{int(m[3]):#x}", text, flags=re.MULTILINE)


SPELLINGS = {
    "one line": lambda m: text_format.MessageToString(m, as_one_line=True),
    "pointy brackets, escaped UTF-8": lambda m: text_format.MessageToString(m, pointy_brackets=True, as_utf8=False),
    "short lists, colons": lambda m: text_format.MessageToString(m, use_short_repeated_primitives=True,
                                                                  force_colon=True),
    "comments": lambda m: with_comments(text_format.MessageToString(m)),
    "hex integers": lambda m: with_hex_integers(text_format.MessageToString(m)),
}


@pytest.mark.parametrize("cls", ENTITY_CLASSES, ids=class_id)
@given(data=st.data())
def test_from_text_reads_every_spelling(cls: type[Entity], data: st.DataObject) -> None:
    message = data.draw(messages(cls))
    record = cls.from_flyte_idl(message)
    assert_same(cls.from_text(text_format.MessageToString(message)), record)
    for name, spell in SPELLINGS.items():
        text = spell(message)
        assert wire(text_format.Parse(text, cls.PROTO())) == wire(message), name  # the spelling is valid
        assert_same(cls.from_text(text), record)


# Mutations of valid text (lines doubled or dropped, tokens put in or replaced) give texts that Parse
# reads or refuses for every reason it has; the text format must agree on each.
MUTATION_CLASSES = [model_for(name) for name in (
    "flyteidl.admin.NodeExecution", "flyteidl.admin.NodeExecutionClosure", "flyteidl.core.Literal",
    "flyteidl.core.LiteralMap", "flyteidl.core.Primitive", "flyteidl.core.Scalar", "flyteidl.core.TaskTemplate",
    "flyteidl.core.ArrayNode", "flyteidl.core.BooleanExpression", "flyteidl.core.K8sPod",
)]
TOKENS = ["{", "}", "<", ">", "[", "]", ":", ",", ";", "# c\n", "\n", "[]", "{}", '"x"', "'y'", '"\\x41"', '"\\303"',
          '"\\u00e9"', '"\\', "0", "1", "-1", "0x10", "010", "09", "1.5", "1e400", "-inf", "nanf", "1.5f", "true", "t",
          "False", "99", "2147483648", "-9223372036854775809", "253402300800", "-1000000000", "key", "value",
          "fields", "seconds", "nanos", "NULL_VALUE", "string_value", "list_value", "values"]


def names_in(cls: type[Entity]) -> list[str]:
    found, todo, seen = set(), [cls.PROTO.DESCRIPTOR], set()
    while todo:
        d = todo.pop()
        if d.full_name not in seen:
            seen.add(d.full_name)
            for f in d.fields:
                found.add(f.name)
                if f.message_type:
                    todo.append(f.message_type)
                if f.enum_type:
                    found.update(v.name for v in f.enum_type.values)
    return sorted(found)


@pytest.mark.parametrize("cls", MUTATION_CLASSES, ids=class_id)
@given(data=st.data())
def test_reads_and_refuses_what_parse_does(cls: type[Entity], data: st.DataObject) -> None:
    message = data.draw(messages(cls, max_depth=2))
    words = re.split(r"( |\n)", text_format.MessageToString(message, as_one_line=data.draw(st.booleans())))
    edits = st.tuples(st.integers(0, 10**6), st.sampled_from(["double", "drop", "insert", "replace"]),
                      st.sampled_from(TOKENS + names_in(cls)))
    for position, edit, token in data.draw(st.lists(edits, min_size=1, max_size=3)):
        k = position % (len(words) + 1)
        if edit == "insert":
            words[k:k] = [" ", token, " "]
        elif k < len(words):
            if edit == "double":
                words.insert(k, words[k])
            elif edit == "drop":
                del words[k]
            else:
                words[k] = token
    text = "".join(words)
    assert_same(ours(cls, text), oracle(cls, text))


STRING_PIECES = [*"\\\\\\xuUN{}0178afFgnt\"' ", "é", "ā", "😀", "\ud800", "\x00", "ÿ", "NBSP", "DIGIT ONE", "00e9",
                 "005c", "0000005c", "d83d", "00110000", "377", "400"]


@given(st.lists(st.sampled_from(STRING_PIECES), max_size=10).map("".join), st.sampled_from(['"', "'"]))
def test_string_escapes_read_as_parse_reads_them(body: str, quote: str) -> None:
    for cls, text in [(Primitive, f"string_value: {quote}{body}{quote}"), (Binary, f"value: {quote}{body}{quote}")]:
        assert_same(ours(cls, text), oracle(cls, text))


# ------------------------------------------------------------------------------------ hand-made texts

ACCEPTED = [
    ("NodeExecution", 'id { node_id: "n0" execution_id: < project: "p" domain: "d" name: "x" > }'),
    ("NodeExecution", 'id: {node_id: "n0"}, input_uri: "s3://a";  metadata {}'),
    ("NodeExecution", '# leading comment\ninput_uri: "a" # trailing\n# last line, no newline'),
    ("NodeExecution", "input_uri: 'single' \"double\" 'and \\'escaped\\' \\x41\\101\\u00E9 \\t'"),
    ("NodeExecution", 'input_uri: "" input_uri: "later"'),  # a default value may be given again
    ("NodeExecution", "closure { phase: 3 started_at { seconds: 0x10 nanos: 017 } duration { seconds: -5 nanos: -1 }}"),
    ("NodeExecution", "closure { phase: 99 }"),  # a number this flyteidl does not know
    ("NodeExecution", "closure { phase: -0x7fffffff output_uri: '' }"),  # a oneof member set to its default
    ("NodeExecution", "closure { duration {} started_at {} error {} }"),  # empty set messages stay set
    ("NodeExecution", "closure { task_node_metadata { cache_status: CACHE_HIT } phase: UNDEFINED phase: SUCCEEDED }"),
    ("Primitive", "float_value: 1"),
    ("Primitive", "float_value: -inf"),
    ("Primitive", "float_value: Infinity"),
    ("Primitive", "float_value: nanf"),
    ("Primitive", "float_value: 1.5f"),
    ("Primitive", "float_value: .5e3"),
    ("Primitive", "float_value: 1_000.5"),
    ("Primitive", "float_value: 1e400"),
    ("Primitive", "integer: -9223372036854775808"),
    ("Primitive", "integer: 0b101"),
    ("Primitive", "integer: 1_000"),
    ("Primitive", "integer: +7"),
    *[("Primitive", f"boolean: {b}") for b in ("true", "True", "t", "1", "false", "False", "f", "0")],
    ("Primitive", "datetime { seconds: 253402300799 nanos: 999999999 }"),
    ("Primitive", "duration < seconds: -315576000000 nanos: -999999999 >"),
    ("Binary", 'value: "\\000\\377\\x7f\\xf" tag: "\\303\\251"'),  # bytes; a string made of UTF-8 escapes
    ("ArrayNode", "min_success_ratio: 3.4028235e38 is_original_sub_node_interface { value: true }"),
    ("ArrayNode", "min_success_ratio: 1e39"),  # too large for a 32-bit float: infinity, as upb stores it
    ("ArrayNode", "min_success_ratio: 0.1 bound_inputs: ['a', \"b\"] bound_inputs: 'c' bound_inputs: []"),
    ("ArrayNode", "is_original_sub_node_interface {}"),
    ("TaskTemplate", 'config { key: "a" value: "1" } config [{value: "2" key: "b"}, <key: "a" value: "3">]'),
    ("TaskTemplate", 'config {} config { key: "" key: "k" }'),
    ("TaskTemplate", 'custom { fields { key: "n" value { null_value: NULL_VALUE } } fields { value { number_value: 1 }'
                     ' key: "x" } }'),
    ("TaskTemplate", "custom { fields [{ key: 'l' value { list_value { values: [{bool_value: t}, {string_value:"
                     " 'x'}] } } }, { key: 's' value: { struct_value {} } }] }"),
    ("TaskTemplate", "custom { fields { key: 'z' value { null_value: 7 } } }"),  # NullValue is open: means null
    ("Literal", 'map { literals { key: "a" } literals { key: "a" value { hash: "second wins" } } }'),
    ("Literal", 'collection { literals [] literals [{}, {scalar {primitive {integer: 1}}}] }'),
    ("Literal", 'metadata { key: "k" value: "v" }, hash: "h";'),
]


@pytest.mark.parametrize(("name", "text"), ACCEPTED, ids=[f"{n}-{i}" for i, (n, _) in enumerate(ACCEPTED)])
def test_reads_what_parse_reads(name: str, text: str) -> None:
    cls = model_for(f"flyteidl.{'admin' if name == 'NodeExecution' else 'core'}.{name}")
    expected = oracle(cls, text)
    assert expected is not REJECTED
    assert_same(cls.from_text(text), expected)


def test_read_records_keep_what_was_given() -> None:
    closure = NodeExecution.from_text("closure { phase: 99 duration {} output_uri: '' }").closure
    assert closure.phase == 99 and not closure.phase.is_known
    assert closure.output_uri == "" and closure._duration is not None and closure._started_at is None
    again = NodeExecution.from_text(NodeExecution(closure=closure).to_text()).closure
    assert again == closure


# (entity, text, path of the field, what the reason says)
BAD = [
    ("NodeExecution", "bogus: 1", "bogus", 'no field named'),
    ("NodeExecution", "closure { bogus {} }", "closure.bogus", 'no field named'),
    ("NodeExecution", "Closure {}", "Closure", "no field named"),
    ("NodeExecution", "[ext]: 1", "", "expected a field name"),
    ("NodeExecution", "input_uri 'a'", "input_uri", "expected ':'"),
    ("NodeExecution", "input_uri: 'a' input_uri: 'b'", "input_uri", "given twice"),
    ("NodeExecution", "closure {} closure {}", "closure", "given twice"),
    ("NodeExecution", "closure { output_uri: 'a' error {} }", "closure.error", "another member of oneof"),
    ("NodeExecution", "closure { output_uri: 'a' output_uri: 'b' }", "closure.output_uri", "given twice"),
    ("NodeExecution", "closure { task_node_metadata { cache_status: SOMETIMES } }",
     "closure.task_node_metadata.cache_status", "has no value named"),
    ("NodeExecution", "closure { task_node_metadata { cache_status: 'CACHE_HIT' } }",
     "closure.task_node_metadata.cache_status", "has no value named"),
    ("NodeExecution", "closure { phase: 2147483648 }", "closure.phase", "out of range"),
    ("NodeExecution", "closure { phase: 010 }", "closure.phase", "has no value named"),
    ("NodeExecution", "closure { started_at { seconds: 253402300800 } }", "closure.started_at", "outside"),
    ("NodeExecution", "closure { started_at { nanos: -1 } }", "closure.started_at", "outside"),
    ("NodeExecution", "closure { duration { seconds: 1 nanos: -1 } }", "closure.duration", "different signs"),
    ("NodeExecution", "closure { started_at { seconds: 1.5 } }", "closure.started_at.seconds", "expected an integer"),
    ("NodeExecution", "closure { started_at { seconds: 9223372036854775808 } }", "closure.started_at.seconds",
     "out of range"),
    ("NodeExecution", "closure { started_at { seconds: 09 } }", "closure.started_at.seconds", "expected an integer"),
    ("NodeExecution", "closure { started_at: [] }", "closure.started_at", "expected '{'"),
    ("NodeExecution", "closure {", "closure", "expected '}'"),
    ("NodeExecution", "closure < phase: 1 }", "closure", "expected a field name"),
    ("NodeExecution", "closure { phase: 1 } }", "", "expected a field name"),
    ("NodeExecution", "closure { phase: 1 ;; }", "closure", "expected a field name"),
    ("NodeExecution", "input_uri: 'a", "input_uri", "no closing quote"),
    ("NodeExecution", "input_uri: 'a\nb'", "input_uri", "no closing quote"),
    ("NodeExecution", "input_uri: \"\\303\"", "input_uri", "not valid UTF-8"),
    # \u005c is a backslash, which then escapes what follows: \u00e9 there is the byte 0xe9
    ("NodeExecution", "input_uri: \"\\u005cu00e9\"", "input_uri", "not valid UTF-8"),
    ("NodeExecution", "input_uri: \"\\ud800\"", "input_uri", "bad string literal"),
    ("NodeExecution", "input_uri: \"\\x\"", "input_uri", "bad string literal"),
    ("NodeExecution", "input_uri: \"\\400\"", "input_uri", "bad string literal"),
    ("NodeExecution", "input_uri: a", "input_uri", "expected a quoted string"),
    ("NodeExecution", "id { node_id: ['a'] }", "id.node_id", "expected a quoted string"),
    ("NodeExecution", "input_uri:", "input_uri", "expected a quoted string, got the end"),
    ("Primitive", "float_value: 0x10", "float_value", "expected a number"),
    ("Primitive", "float_value: 01.5", "float_value", "expected a number"),
    ("Primitive", "float_value: 1.5g", "float_value", "expected a number"),
    ("Primitive", "boolean: TRUE", "boolean", "expected true or false"),
    ("Primitive", "boolean: yes", "boolean", "expected true or false"),
    ("Primitive", "integer: 1 boolean: true", "boolean", "another member of oneof"),
    ("Primitive", "integer: - 1", "integer", "expected an integer"),
    ("Primitive", "integer: 1e3", "integer", "expected an integer"),
    ("ArrayNode", "min_successes: -1", "min_successes", "out of range"),
    ("ArrayNode", "min_successes: 4294967296", "min_successes", "out of range"),
    ("ArrayNode", "bound_inputs: ['a' 'b', ]", "bound_inputs[1]", "expected a quoted string"),
    ("ArrayNode", "bound_inputs: ['a' ; 'b']", "bound_inputs", "expected ',' or ']'"),
    ("ArrayNode", "is_original_sub_node_interface { value: maybe }", "is_original_sub_node_interface.value",
     "expected true or false"),
    ("TaskTemplate", "config { key: 'a' key: 'b' }", "config[0].key", "given twice"),
    ("TaskTemplate", "config { key: 'a' } config { value: 'b' value: '' }", "config[1].value", "given twice"),
    ("TaskTemplate", "config { name: 'a' }", "config[0].name", "no field named"),
    ("TaskTemplate", "custom { fields { key: 'a' } }", "custom.fields[0].value", "has no kind"),
    ("TaskTemplate", "custom { fields { key: 'a' value {} } }", "custom.fields[0].value", "has no kind"),
    ("TaskTemplate", "custom { fields { value { bool_value: true string_value: 'x' } } }",
     "custom.fields[0].value.string_value", "another member of oneof"),
    ("TaskTemplate", "custom { fields { value { null_value: NULL } } }", "custom.fields[0].value.null_value",
     "has no value named"),
    ("Literal", "collection { literals [{}, {hash: 1}] }", "collection.literals[1].hash", "expected a quoted string"),
    ("Literal", "map { literals { key: 'a' value { hash: 'x' hash: 'y' } } }", "map.literals[0].value.hash",
     "given twice"),
    ("Literal", "scalar { primitive { datetime { seconds: -62135596801 } } }", "scalar.primitive.datetime",
     "outside"),
]


#: What text_format reads before protobuf 6.30, and refuses from then on, as the library does on every release.
READ_BEFORE_6_30 = {"float_value: 01.5"}


@pytest.mark.parametrize(("name", "text", "path", "reason"), BAD, ids=[f"{b[0]}-{i}" for i, b in enumerate(BAD)])
def test_refuses_what_parse_refuses(name: str, text: str, path: str, reason: str) -> None:
    cls = model_for(f"flyteidl.{'admin' if name == 'NodeExecution' else 'core'}.{name}")
    if oracle_versions.TEXT_FORMAT_REFUSES_LEADING_ZEROS or text not in READ_BEFORE_6_30:
        assert oracle(cls, text) is REJECTED
    with pytest.raises(ConversionError) as caught:
        cls.from_text(text)
    assert caught.value.path == path
    assert re.match(r"\d+:\d+: ", caught.value.reason), caught.value.reason
    assert reason in caught.value.reason


def test_errors_say_line_and_column() -> None:
    text = 'id {\n  node_id: "n0"\n}\nclosure {\n  phase: SUCCEEDED\n  deck_uri: 7\n}\n'
    with pytest.raises(ConversionError) as caught:
        NodeExecution.from_text(text)
    assert caught.value.path == "closure.deck_uri"
    assert caught.value.reason.startswith("6:13: expected a quoted string, got '7'")
    assert str(caught.value).startswith("closure.deck_uri: 6:13: ")
    with pytest.raises(ConversionError, match=r"^closure: 2:1: expected '}' to close"):
        NodeExecution.from_text("closure {\n")


def test_takes_utf8_bytes_and_only_text() -> None:
    assert NodeExecution.from_text('input_uri: "é"'.encode()) == NodeExecution(input_uri="é")
    with pytest.raises(ConversionError, match="UTF-8"):
        NodeExecution.from_text(b'input_uri: "\xff"')
    with pytest.raises(ConversionError, match="expected protobuf text format"):
        NodeExecution.from_text(None)  # type: ignore[arg-type]


def test_a_string_protobuf_cannot_hold_is_refused_when_made() -> None:
    # so the writer never meets one
    with pytest.raises(ValueError, match=r"^NodeExecution\.input_uri: .*surrogate"):
        NodeExecution(closure=NodeExecution.from_text("closure { phase: 1 }").closure, input_uri="\ud800")
    with pytest.raises(ValueError, match=r"^Literal\.hash: .*surrogate"):
        Literal(hash="ok\udfff")


# ------------------------------------------------------------------------------------------- nesting


def nested_collections(levels: int) -> Message:
    """A Literal message with ``levels`` messages nested below it (collection, literals, collection, ...)."""
    message = Literal.PROTO()
    current = message
    for level in range(levels):
        current = current.collection if level % 2 == 0 else current.literals.add()
    current.SetInParent()
    return message


def nested_record(levels: int, leaf: Entity | None = None) -> Entity:
    """The record of ``nested_collections(levels)``, built with the constructors (ending in ``leaf``)."""
    node = leaf or (Literal() if levels % 2 == 0 else LiteralCollection())
    for level in range(levels - 1, -1, -1):
        node = Literal(collection=node) if level % 2 == 0 else LiteralCollection(literals=(node,))
    return node


def decodes(message: Message) -> bool:
    """Whether protobuf's binary decoder takes the message's bytes (it reads one level more than the limit).
    Its error names the depth limit only from protobuf 7.35 on: callers compare two depths."""
    try:
        type(message).FromString(message.SerializeToString())
    except DecodeError:
        return False
    return True


# The limit is 100 levels, the top message included: nested_collections(99) is at the limit.


def test_nesting_up_to_protobufs_limit_converts() -> None:
    message = nested_collections(99)
    record = nested_record(99)
    text = text_format.MessageToString(message)
    assert record.to_text() == text
    assert Literal.from_text(text) == record
    assert Literal.from_text(text_format.MessageToString(message, as_one_line=True)) == record


def test_nesting_beyond_protobufs_limit_fails() -> None:
    message = nested_collections(100)
    assert decodes(message) and not decodes(nested_collections(101))  # the refusal is the library's
    with pytest.raises(ValueError, match="deeper than protobuf's limit of 100"):  # so the writer never meets it
        nested_record(100)
    with pytest.raises(ConversionError, match="deeper than 100") as caught:
        Literal.from_text(text_format.MessageToString(message))
    assert caught.value.path == ".".join(["collection.literals[0]"] * 50)  # the 101st message
    assert re.match(r"\d+:\d+: ", caught.value.reason)


def test_entries_of_scalar_maps_count_as_a_level() -> None:
    leaf = Literal(metadata={"k": "v"})
    at_limit = nested_record(98, leaf)  # the last Literal is level 99, its entry 100
    text = at_limit.to_text()
    assert text == text_format.MessageToString(text_format.Parse(text, Literal.PROTO()))
    assert Literal.from_text(text) == at_limit
    with pytest.raises(ValueError, match=r"^LiteralCollection\.literals: .*" + "deeper than protobuf's limit of 100"):
        LiteralCollection(literals=(at_limit,))  # one level more
    path = "literals[0]" + ".collection.literals[0]" * 49 + ".metadata"
    with pytest.raises(ConversionError, match="deeper than 100") as caught:
        LiteralCollection.from_text("literals { " + text + " }")
    assert caught.value.path == path + "[0]"


def test_very_deep_text_fails_without_recursion_error() -> None:
    text = "collection { literals { " * 50_000 + "} }" * 50_000
    with pytest.raises(ConversionError, match="deeper than 100"):
        Literal.from_text(text)


def test_struct_nesting_counts_every_message() -> None:
    # Literal > scalar > generic (Struct) > fields entry > Value > list_value > values (Value) > ...
    def text(lists: int) -> str:
        return ("scalar { generic { fields { key: 'k' value { " + "list_value { values { " * lists + "null_value: 0"
                + " } }" * lists + " } } } }")

    def record(lists: int) -> Entity:
        value = None
        for _ in range(lists):
            value = (value,)
        return Literal(scalar=Scalar(generic={"k": value}))

    limit = (100 - 5) // 2  # the first Value is level 5, then two levels per list
    message = text_format.Parse(text(limit), Literal.PROTO())  # Parse sets no limit
    assert record(limit).to_text() == text_format.MessageToString(message)
    assert Literal.from_text(text(limit)) == record(limit)
    with pytest.raises(ConversionError, match="deeper than 100"):
        Literal.from_text(text(limit + 1))
    with pytest.raises(ValueError, match="deeper than protobuf's limit of 100"):
        record(limit + 1)
