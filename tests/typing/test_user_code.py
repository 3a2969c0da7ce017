"""The user code that ``tox -e type`` type-checks does at run time what the checker says."""

import runpy
from collections.abc import Callable
from pathlib import Path

import pytest

HERE = Path(__file__).parent


def test_typed_user_code_runs() -> None:
    runpy.run_path(str(HERE / "user_code.py"))  # its asserts hold


MISTAKES = runpy.run_path(str(HERE / "user_errors.py"))["MISTAKES"]


@pytest.mark.parametrize(("mistake", "error"), MISTAKES, ids=[m.__name__ for m, _ in MISTAKES])
def test_what_the_checker_reports_run_time_refuses(mistake: Callable[[], None], error: type[Exception]) -> None:
    with pytest.raises(error):
        mistake()
