"""The load test itself keeps working: a few seconds of mixed load on one real gunicorn server over SQLite,
with every acknowledged write found and the tables written (`make loadtest` runs the full minute)."""

from __future__ import annotations

from pathlib import Path

from bench.load.__main__ import sqlite


def test_a_short_load_run_finds_every_acknowledged_write(tmp_path: Path) -> None:
    report = sqlite(tmp_path, seconds=6, assets=50, min_writes=4)

    assert "| asset page |" in report
    assert "| edit save |" in report
    rows = dict(line.strip("|").rsplit("|", 1) for line in report.splitlines() if line.startswith("| …"))
    assert {k.strip(): int(v) for k, v in rows.items()} == {
        "… found in the database exactly once": int(_row(report, "acknowledged writes")),
        "… lost": 0,
        "… duplicated": 0,
        "… applied all the same": 0,
    }
    assert int(_row(report, "acknowledged writes")) > 0
    assert "| **all** |" in report
    assert _all_errors(report) == 0


def _row(report: str, label: str) -> str:
    line = next(line for line in report.splitlines() if line.startswith(f"| {label}"))
    return line.strip("|").rsplit("|", 1)[1].strip()


def _all_errors(report: str) -> int:
    line = next(line for line in report.splitlines() if line.startswith("| **all** |"))
    return int(line.split("|")[3])
