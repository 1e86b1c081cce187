"""The tests in a clone with nothing beside it: README promises that the test command needs
only what README names, so no test may find its data outside the repository (the evaluation
letters beside a CI clone are read only by ``.ci/run``'s eval gates).

The clone's tests run against the installed package (the editable install of this checkout):
what this checks is the tests' own data and paths, which the clone holds alone.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> Path:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but no git checkout to clone")
        pytest.skip("not a git checkout")
    target = tmp_path_factory.mktemp("alone") / "repo"
    subprocess.run(["git", "clone", "--quiet", "--local", str(ROOT), str(target)], check=True)
    assert [p.name for p in target.parent.iterdir()] == ["repo"]  # nothing beside it
    return target


def _pytest(clone: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "NEO4J_URI"}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_every_test_is_collected_in_a_clone_with_nothing_beside_it(clone: Path):
    result = _pytest(clone, "--collect-only")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    collected = [line for line in result.stdout.splitlines() if "::" in line]
    assert len(collected) > 500  # the whole suite, not an empty folder
    assert "error" not in result.stdout.lower().split("collected")[-1]


def test_the_tests_that_read_letters_and_gold_pass_in_the_clone(clone: Path):
    result = _pytest(
        clone,
        "tests/test_letters_gold.py",
        "tests/test_structure.py",
        "tests/test_package_layout.py::test_no_test_reads_the_shared_evaluation_letters",
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert " passed" in result.stdout and "skipped" not in result.stdout
