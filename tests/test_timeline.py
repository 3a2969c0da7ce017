"""The timeline picture: a real run drawn to PNG, SVG and HTML, readable from 5 to 5,000 node executions."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest
import runs

pytest.importorskip("matplotlib")

from flyte_node_models import examples
from flyte_node_models.timeline import MAX_ROWS, save_timeline, timeline

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG_SIGNATURE
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def labels(figure: Any) -> list[str]:
    return [t.get_text() for t in figure.axes[0].get_yticklabels()]


def test_the_example_run(tmp_path: Any) -> None:
    run = examples.example_run()
    figure = timeline(run)
    assert labels(figure) == ["n0", "n1", "n2", "n3", "n4"]
    axes = figure.axes[0]
    assert "seconds since 2024-05-01T12:00:00+00:00" in axes.get_xlabel()
    legend = [t.get_text() for t in figure.legends[0].get_texts()]
    assert legend == ["queued", "succeeded", "failed", "cache hit"]
    # the running span of n1 starts at started_at and lasts its duration
    n1 = run.node_executions[1].closure
    start = run.node_executions[0].closure.created_at
    spans = [c for c in axes.collections if c.get_paths()]
    lefts = sorted(round(p.get_extents().x0, 3) for c in spans for p in c.get_paths())
    assert round((n1.started_at - start).total_nanoseconds() / 1e9, 3) in lefts

    save_timeline(run, tmp_path / "run.png")
    width, height = png_size((tmp_path / "run.png").read_bytes())
    assert width > 1000 and height > 300


def test_children_sit_under_their_parent() -> None:
    figure = timeline(runs.large_run(45))
    names = labels(figure)
    assert len(names) == 45
    parent = names.index("n1")
    assert names[parent + 1] == "└ n1-0-dn0" and names[parent + 40] == "└ n1-0-dn39"


def test_a_run_of_5000_collapses_rows_and_says_so(tmp_path: Any) -> None:
    run = runs.large_run(5_000)
    figure = timeline(run)
    assert len(labels(figure)) <= MAX_ROWS
    title = figure.axes[0].get_title(loc="left")
    assert title.startswith("5,000 node executions in") and "drawn as one" in title
    counted = sum(int(name.rsplit("(", 1)[1].rstrip(")")) for name in labels(figure))
    assert counted == 5_000  # every node execution is in some row
    save_timeline(run, tmp_path / "big.png")
    assert png_size((tmp_path / "big.png").read_bytes())[1] > 1000


def test_svg_and_html(tmp_path: Any) -> None:
    save_timeline(examples.example_run(), tmp_path / "run.svg")
    assert "<svg" in (tmp_path / "run.svg").read_text()
    save_timeline(examples.example_run(), tmp_path / "run.html")
    page = (tmp_path / "run.html").read_text()
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page
    with pytest.raises(ValueError, match=r"\.png, \.svg or \.html"):
        save_timeline(examples.example_run(), tmp_path / "run.pdf")


def test_nothing_to_draw() -> None:
    with pytest.raises(ValueError, match="no node execution"):
        timeline([])


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)


def test_no_pyplot_state(tmp_path: Any) -> None:
    done = run_python(
        "import sys\nfrom flyte_node_models import examples\nfrom flyte_node_models.timeline import save_timeline\n"
        f"save_timeline(examples.example_run(), {str(tmp_path / 'x.png')!r})\n"
        "assert 'matplotlib.pyplot' not in sys.modules"
    )
    assert done.returncode == 0, done.stderr


def test_missing_matplotlib_names_the_extra() -> None:
    done = run_python("import sys; sys.modules['matplotlib'] = None\n"
                      "from flyte_node_models import examples, timeline\ntimeline.timeline(examples.example_run())")
    assert done.returncode != 0 and "pip install 'flyte_node_models[plot]'" in done.stderr


# ------------------------------------------------------------------------------------------ the command line


def test_command_line_draws_the_example_run_and_a_file(tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    from flyte_node_models.cli import main
    from flyte_node_models.node_execution import NodeExecutionList

    assert main(["timeline", "-o", str(tmp_path / "example.png")]) == 0
    assert png_size((tmp_path / "example.png").read_bytes())[0] > 1000
    big = NodeExecutionList(node_executions=tuple(runs.large_run(5_000)))
    (tmp_path / "big.pb").write_bytes(big.to_bytes())
    assert main(["timeline", str(tmp_path / "big.pb"), "-o", str(tmp_path / "big.svg")]) == 0
    assert "5,000 node executions in" in (tmp_path / "big.svg").read_text()

    assert main(["timeline", "-o", str(tmp_path / "run.pdf")]) == 1
    assert ".png, .svg or .html" in capsys.readouterr().err
    (tmp_path / "lit.json").write_text(examples.evaluated_outputs().to_json())
    assert main(["timeline", str(tmp_path / "lit.json"), "--type", "LiteralMap", "-o", str(tmp_path / "x.png")]) == 1
    assert "a timeline draws node executions" in capsys.readouterr().err
