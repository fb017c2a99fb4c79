"""The benchmarks run end to end on tiny inputs, so they cannot rot (figures are not checked: no timing).

``python -m bench --size smoke`` must write a results table with a row for every benchmark and no
failed one. It needs the bench extra (psutil) and Chromium for the HTML row; without Chromium that
row says "skipped".
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
ROWS = ["extraction only", "end to end into the store", "incremental build", "store ingest", "export", "import",
        "named query", "analysis", "HTML page", "memory"]

pytestmark = pytest.mark.slow


def test_smoke_run_writes_every_benchmark_row(tmp_path: Path) -> None:
    output = tmp_path / "RESULTS.md"
    env = {**os.environ, "KGRAPH_BENCH_CACHE": str(tmp_path / "cache")}
    result = subprocess.run([sys.executable, "-m", "bench", "--size", "smoke", "-o", str(output)], cwd=REPO,
                            env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    table = [line for line in output.read_text(encoding="utf-8").splitlines() if line.startswith("| ")]
    benchmarks = {line.split("|")[1].strip() for line in table[1:]}
    for row in ROWS:
        assert any(b.startswith(row) for b in benchmarks), (row, benchmarks)
    assert not any("| failed |" in line for line in table)
    assert "## Machine" in output.read_text(encoding="utf-8")
