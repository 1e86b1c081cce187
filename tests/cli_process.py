"""``policykg`` in a child process, as a user runs it: for tests that kill it or run two at once."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.letters import ROOT


def cli_process(*args: str) -> subprocess.Popen:
    """``policykg ARGS`` started from the checkout, without the caller's NEO4J_/POLICYKG_
    settings, its output piped as text."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "POLICYKG_"))}
    return subprocess.Popen(
        [sys.executable, "-c", "from policykg.cli import main; main()", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
