"""First use from many threads at once: fresh interpreters race the lazily generated code of every
format and direction, and every result must equal what this (warmed-up) process makes."""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

import pytest
from google.protobuf import json_format
from hypothesis.errors import HypothesisWarning, NonInteractiveExampleWarning
from strategies import ENTITY_CLASSES, messages

from flyte_node_models import Entity, examples

#: Fresh processes per run: a few in the quick profile, 50 in the deep one.
PROCESSES = 50 if os.environ.get("HYPOTHESIS_PROFILE") == "deep" else 3
SCRIPT = Path(__file__).with_name("first_use_race.py")


def case(record: Entity) -> dict[str, Any]:
    return {
        "type": record.PROTO.DESCRIPTOR.full_name, "wire": record.to_bytes().hex(), "dict": record.to_dict(),
        "text": record.to_text(), "short": record.short_string(), "verbose": record.verbose_string(),
    }


@functools.cache
def payload() -> str:
    """The example run and a dynamic node's data, then one generated record of every entity class."""
    records: list[Entity] = [examples.example_run(), examples.dynamic_node_data()]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NonInteractiveExampleWarning)  # one message per class, not a search
        warnings.simplefilter("ignore", HypothesisWarning)
        for cls in ENTITY_CLASSES:
            records.append(cls.from_flyte_idl(messages(cls, json_safe=True).example()))
    out = []
    for r in records:
        c = case(r)
        # JSON-safe: the dict is exact (compared as bytes: before protobuf 5.27 a message holding a NaN is unequal)
        assert json_format.ParseDict(c["dict"], r.PROTO()).SerializeToString(deterministic=True) == r.to_bytes()
        out.append(c)
    return json.dumps(out)


@pytest.mark.parametrize("process", range(PROCESSES))
def test_first_calls_from_many_threads_give_the_right_records(process: int) -> None:
    run = subprocess.run([sys.executable, str(SCRIPT)], input=payload(), capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    failures = json.loads(run.stdout)
    assert failures == [], f"{len(failures)} failures, first: {failures[:5]}"
