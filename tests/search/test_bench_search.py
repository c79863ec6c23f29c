"""The search benchmark runs (a few hundred assets, no geography) on a throwaway database and reports both
searches side by side."""

from __future__ import annotations

import pytest

from bench.search import run


def test_search_benchmark_reports_both_searches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ABCD_BENCH_PG_URL", raising=False)
    text = run(scale=0.004, repeat=1, geodata=None)  # 200 assets
    assert "### SQLite (FTS5), 200 assets" in text
    assert "| Search | Found | Search p50 ms | LIKE found | LIKE p50 ms |" in text
    line = next(row for row in text.splitlines() if row.startswith("| text + kind: community garden"))
    found, like_found = line.split("|")[2].strip(), line.split("|")[4].strip()
    assert found == like_found != "0"  # the same records, found both ways
