"""proto3-JSON text: ``from_json`` against ``json_format.Parse``, ``to_json`` against ``MessageToJson``.

``from_json`` reads the text itself, so that what ``json.loads`` loses on the way to ``from_dict`` - a key
given twice, of which it keeps the last - is refused as ``Parse`` refuses it, the key's path named.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from google.protobuf import json_format
from hypothesis import given
from hypothesis import strategies as st
from strategies import ENTITY_CLASSES, class_id, messages

from flyte_node_models import ConversionError, Entity, examples
from flyte_node_models.literals import Literal
from flyte_node_models.node_execution import NodeExecution, NodeExecutionList

every_entity = pytest.mark.parametrize("cls", ENTITY_CLASSES, ids=class_id)


def parse(cls: type[Entity], text: str | bytes, **kwargs: Any) -> Entity:
    """The oracle's record: ``Parse`` into the message, then ``from_flyte_idl``."""
    return cls.from_flyte_idl(json_format.Parse(text, cls.PROTO(), **kwargs))


def parse_refuses(cls: type[Entity], text: str | bytes, **kwargs: Any) -> bool:
    try:
        parse(cls, text, **kwargs)
    except (json_format.ParseError, ValueError, TypeError, OverflowError, RecursionError):
        return True  # Parse lets a few Python errors out unwrapped (bad UTF-8); a refusal all the same
    return False


# ------------------------------------------------------------------------------------ generated messages


@every_entity
@given(data=st.data())
def test_from_json_reads_what_message_to_json_writes(cls: type[Entity], data: st.DataObject) -> None:
    p = data.draw(messages(cls, json_safe=True))
    text = json_format.MessageToJson(p, indent=data.draw(st.sampled_from([None, 0, 2])))
    record = cls.from_flyte_idl(p)
    assert cls.from_json(text) == record
    assert cls.from_json(text.encode()) == record
    if not parse_refuses(cls, text):  # Parse does not read float32's largest value as MessageToJson writes it
        assert parse(cls, text) == record


@every_entity
@given(data=st.data())
def test_to_json_is_message_to_json(cls: type[Entity], data: st.DataObject) -> None:
    p = data.draw(messages(cls, json_safe=True))
    indent = data.draw(st.sampled_from([None, 0, 2, 4]))
    ensure_ascii = data.draw(st.booleans())
    got = cls.from_flyte_idl(p).to_json(indent=indent, ensure_ascii=ensure_ascii)
    want = json_format.MessageToJson(p, indent=indent, ensure_ascii=ensure_ascii)
    # The same text but for the order of map entries (protobuf's maps have none): the same JSON, and
    # laid out as json.dumps lays it out, as MessageToJson does.
    assert json.loads(got) == json.loads(want)
    assert got == json.dumps(json.loads(got), indent=indent, ensure_ascii=ensure_ascii)


def test_to_json_defaults_are_message_to_json_s() -> None:
    record = examples.failed_node()  # no map with more than one entry: the text is exactly the same
    assert record.to_json() == json_format.MessageToJson(record.to_flyte_idl())
    assert record.to_json(indent=None) == json_format.MessageToJson(record.to_flyte_idl(), indent=None)
    assert "\n" not in record.to_json(indent=None)
    accented = NodeExecution(input_uri="s3://bücher")
    assert accented.to_json(indent=None) == '{"inputUri": "s3://b\\u00fccher"}'
    assert accented.to_json(indent=None, ensure_ascii=False) == '{"inputUri": "s3://bücher"}'


def test_from_json_reads_str_and_bytes() -> None:
    run = examples.example_run()
    text = run.to_json()
    assert NodeExecutionList.from_json(text) == run
    assert NodeExecutionList.from_json(text.encode()) == run
    assert NodeExecutionList.from_json(bytearray(text.encode())) == run
    with pytest.raises(ConversionError, match="expected JSON text"):
        NodeExecutionList.from_json(run.to_dict())  # type: ignore[arg-type]


# ------------------------------------------------------------------------------------ keys given twice

def generic(struct: str) -> str:
    """A Literal's JSON whose generic value (a google.protobuf.Struct) is ``struct``."""
    return '{"scalar": {"generic": ' + struct + "}}"


def x_is(value: str) -> str:
    return generic('{"x": ' + value + "}")


TWICE = [
    # (class, text, the path of the key given twice)
    (NodeExecution, '{"inputUri": "a", "inputUri": "b"}', "inputUri"),
    (NodeExecution, '{"inputUri": "a", "inputUri": "a"}', "inputUri"),
    (NodeExecution, '{"closure": {"phase": "FAILED", "error": {"code": "x", "code": "y"}}}', "closure.error.code"),
    (NodeExecutionList, '{"nodeExecutions": [{}, {"id": {"nodeId": "a", "nodeId": "b"}}]}',
     "nodeExecutions[1].id.nodeId"),
    (Literal, '{"map": {"literals": {"a": {"scalar": {"primitive": {"integer": "1"}}, "scalar": {}}}}}',
     "map.literals.a.scalar"),
    (Literal, '{"map": {"literals": {"a": {}, "a": {}}}}', "map.literals.a"),
    (Literal, generic('{"x": 1, "x": 1}'), "scalar.generic.x"),
    (Literal, generic('{"x": [1, {"y": {"@z": 1, "@z": 2}}]}'), "scalar.generic.x[1].y['@z']"),
    (Literal, generic('{"": 1, "": 2}'), "scalar.generic['']"),
]


@pytest.mark.parametrize(("cls", "text", "path"), TWICE)
def test_a_key_given_twice_is_refused_naming_its_path(cls: type[Entity], text: str, path: str) -> None:
    assert parse_refuses(cls, text)
    assert json.loads(text)  # which keeps the last, and from_dict cannot tell
    with pytest.raises(ConversionError) as error:
        cls.from_json(text)
    assert error.value.path == path
    assert str(error.value) == f"{path}: the key is given twice in its object"


def test_a_key_given_twice_is_refused_in_fields_that_are_ignored() -> None:
    text = '{"inputUri": "a", "newField": {"k": 1, "k": 2}}'
    assert parse_refuses(NodeExecution, text, ignore_unknown_fields=True)
    assert NodeExecution.from_json('{"inputUri": "a", "newField": {"k": 1}}', ignore_unknown_fields=True) == \
        NodeExecution(input_uri="a")
    with pytest.raises(ConversionError, match="given twice") as error:
        NodeExecution.from_json(text, ignore_unknown_fields=True)
    assert error.value.path == "newField.k"


# ------------------------------------------------------------------------------- what Parse reads or not

ALSO_ACCEPTED = [
    (Literal, generic('{"x": NaN, "y": Infinity, "z": -Infinity}')),  # Value takes them; JSON has them not
    (Literal, x_is(str(2**1000))),  # 302 digits, a double exactly
    (Literal, '{"scalar": {"primitive": {"integer": 9223372036854775807}}}'),
    (Literal, '{"scalar": {"primitive": {"floatValue": 1e308}}}'),
    (NodeExecution, ' \n{"inputUri": "\\u00e9\\ud83d\\ude00"}\t'),
    (NodeExecution, '{"inputUri": "a"}\r\n'),  # what JSON calls whitespace may follow the value
    (NodeExecution, '{"inputUri": "a"}'),
    (Literal, generic('{"x": 1, "x\\u0000": 2, "X": 3}')),
]

REFUSED = [
    # (class, text, words of the error); Parse refuses them too
    (Literal, '{"scalar": {"primitive": {"floatValue": NaN}}}', "NaN"),
    (Literal, '{"scalar": {"primitive": {"floatValue": -Infinity}}}', "Infinity"),
    (Literal, '{"scalar": {"primitive": {"floatValue": 1e400}}}', "Infinity"),
    (Literal, x_is("1" + "0" * 400), "too large"),
    (Literal, '{"scalar": {"primitive": {"integer": 9223372036854775808}}}', "out of range"),
    (Literal, '{"scalar": {"primitive": {"integer": 1' + "0" * 5000 + "}}}", "more than 4300 digits"),
    (Literal, x_is("1" + "0" * 5000), "more than 4300 digits"),
    (Literal, "[" * 100_000 + "]" * 100_000, "nested too deeply"),
    (Literal, x_is("[" * 100_000 + "1" + "]" * 100_000), "nested too deeply"),
    (Literal, x_is("[" * 60 + "1" + "]" * 60), "100 messages"),
    (NodeExecution, '{"inputUri": "a"', "not valid JSON"),
    (NodeExecution, '{"inputUri": "a"} {}', "not valid JSON"),
    (NodeExecution, '{"inputUri": "a"}\x0b', "not valid JSON"),  # whitespace to Python, not to JSON
    (NodeExecution, '{"inputUri": "a"}\u00a0', "not valid JSON"),
    (NodeExecution, '{"inputUri": "a"}\n}', "not valid JSON"),
    (NodeExecution, "", "not valid JSON"),
    (NodeExecution, '\ufeff{"inputUri": "a"}', "not valid JSON"),
    (NodeExecution, '{"inputUri": "\\ud800"}', "surrogate"),
]
MANGLED = [
    # (class, text, words of the error): Parse reads them, changing them, and from_dict refuses them
    (NodeExecution, "[]", "expected a dict"),
    (NodeExecution, '{"inputUri": "a", "input_uri": "b"}', "given twice"),  # Parse keeps the last
    (Literal, x_is(str(2**1000 + 1)), "no exact double value"),
]


@pytest.mark.parametrize(("cls", "text"), ALSO_ACCEPTED)
def test_what_parse_reads_is_read(cls: type[Entity], text: str) -> None:
    assert cls.from_json(text) == parse(cls, text)
    assert cls.from_json(text.encode()) == parse(cls, text)


@pytest.mark.parametrize(("cls", "text", "words"), REFUSED + MANGLED)
def test_what_parse_refuses_or_changes_is_refused(cls: type[Entity], text: str, words: str) -> None:
    assert parse_refuses(cls, text) == ((cls, text, words) in REFUSED)
    for form in (text, text.encode("utf-8")):
        with pytest.raises(ConversionError, match=words):
            cls.from_json(form)


#: Characters around a value: JSON's whitespace, and some that only Python calls whitespace.
AROUND = [" ", "\t", "\n", "\r", "\r\n ", "\x0b", "\x0c", "\u00a0", "\u2028", "\n\x0b", "x"]


@pytest.mark.parametrize("indent", [None, 2])
@pytest.mark.parametrize(("before", "after"), [("", c) for c in AROUND] + [(c, "") for c in AROUND] + [(" ", "\n")])
def test_text_around_the_value_is_read_as_json_loads_reads_it(before: str, after: str, indent: int | None) -> None:
    record = examples.failed_node()
    text = before + record.to_json(indent=indent) + after
    try:
        json.loads(text)
    except ValueError:
        assert parse_refuses(NodeExecution, text)
        with pytest.raises(ConversionError, match="not valid JSON"):
            NodeExecution.from_json(text)
    else:
        assert NodeExecution.from_json(text) == record == parse(NodeExecution, text)


@pytest.mark.parametrize("data", [b'{"inputUri": "\xff"}', b'{"inputUri": "\xed\xa0\x80"}', b"\xfe\xff\x00{"])
def test_bytes_that_are_not_utf8_are_refused(data: bytes) -> None:
    assert parse_refuses(NodeExecution, data)
    with pytest.raises(ConversionError, match="UTF-8"):
        NodeExecution.from_json(data)
