"""Run in a fresh interpreter by tests/test_threads.py: many threads make the first calls of every
format and direction at once, and each result is compared with what a warmed-up process made.

Standard input is a JSON list of cases (a class's protobuf full name, its wire bytes in hex, its dict,
text, short and verbose forms); standard output a JSON list of the failures seen (empty when none).
Nothing of the library runs before the threads start: the cases are read as plain data.
"""

from __future__ import annotations

import json
import sys
import threading
import traceback
from typing import Any

THREADS = 8


def main() -> None:
    cases = json.load(sys.stdin)
    import attrs
    from google.protobuf.message import Message

    import flyte_node_models.node_execution  # noqa: F401 - registers every entity
    from flyte_node_models import Entity, model_for

    classes = [model_for(c["type"]) for c in cases]
    wires = [bytes.fromhex(c["wire"]) for c in cases]
    messages = [cls.PROTO.FromString(w) for cls, w in zip(classes, wires, strict=True)]  # protobuf's own
    failures: list[str] = []
    barrier = threading.Barrier(THREADS)

    def check(i: int, how: str, record: Any) -> None:
        cls, case = classes[i], cases[i]
        todo = [record]
        while todo:  # every value inside is a finished record, never a raw protobuf message
            x = todo.pop()
            if isinstance(x, Message):
                raise AssertionError(f"{how}: holds a raw {type(x).__name__} message")
            if isinstance(x, Entity):
                assert type(x) is model_for(x.PROTO), f"{how}: a {type(x).__name__} inside"
                todo += [getattr(x, a.name) for a in attrs.fields(type(x))]
            elif isinstance(x, tuple):
                todo += x
            elif isinstance(x, dict):
                todo += x.values()
        assert type(record) is cls, f"{how}: got a {type(record).__name__}"
        outputs = [
            ("to_bytes", lambda: record.to_bytes().hex(), case["wire"]),
            ("to_dict", record.to_dict, case["dict"]),
            ("to_text", record.to_text, case["text"]),
            ("short_string", record.short_string, case["short"]),
            ("verbose_string", record.verbose_string, case["verbose"]),
            # as bytes: before protobuf 5.27 a message holding a NaN is unequal to its copy
            ("to_flyte_idl", lambda: record.to_flyte_idl().SerializeToString(deterministic=True),
             messages[i].SerializeToString(deterministic=True)),
        ]
        for name, make, expected in outputs[i % len(outputs):] + outputs[: i % len(outputs)]:
            got = make()
            assert got == expected, f"{how}.{name}: {got!r:.300} != {expected!r:.300}"

    def work(t: int) -> None:
        reads = [
            ("from_bytes", lambda i: classes[i].from_bytes(wires[i])),
            ("from_flyte_idl", lambda i: classes[i].from_flyte_idl(messages[i])),
            ("from_dict", lambda i: classes[i].from_dict(cases[i]["dict"])),
            ("from_text", lambda i: classes[i].from_text(cases[i]["text"])),
        ]
        barrier.wait()
        # thread t starts with case t and read t: the first calls of different threads collide
        for k in range(len(cases)):
            i = (t * 7 + k) % len(cases)
            records = []
            for j in range(len(reads)):
                how, read = reads[(t + j) % len(reads)]
                try:
                    records.append(read(i))
                    check(i, f"{cases[i]['type']}.{how}", records[-1])
                except Exception as e:  # every failure is reported, none stops the others
                    failures.append(f"thread {t}: {cases[i]['type']}.{how}: {traceback.format_exception_only(e)[-1]}")
            if len(records) == len(reads):
                try:
                    assert len({hash(r) for r in records}) == 1 and all(r == records[0] for r in records), "unequal"
                except Exception as e:
                    failures.append(f"thread {t}: {cases[i]['type']} hash/==: {e}")

    threads = [threading.Thread(target=work, args=(t,)) for t in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    json.dump(failures, sys.stdout)


if __name__ == "__main__":
    main()
