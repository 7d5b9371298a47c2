"""examples/python/*.py run as tests (each starts its own sandbox)."""

from __future__ import annotations

import pathlib
import subprocess
import sys

import pytest

EXAMPLES = sorted(
    (pathlib.Path(__file__).resolve().parents[2] / "examples" / "python").glob("*.py")
)


def test_examples_exist() -> None:
    names = {p.name for p in EXAMPLES}
    assert {"quickstart_sync.py", "quickstart_async.py", "poa_till.py", "flask_webhook.py"} <= names


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_runs(path: pathlib.Path) -> None:
    done = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip()


def test_flask_receiver_verifies_a_real_sandbox_webhook() -> None:
    path = next(p for p in EXAMPLES if p.name == "flask_webhook.py")
    done = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "verified webhook:" in done.stdout and "COMPLETE" in done.stdout
    assert "forged webhook: 400 rejected: webhook.invalid_signature" in done.stdout
