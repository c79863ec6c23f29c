"""The benchmark itself runs (tiny sizes, no geography): a throwaway database, a table, sane numbers."""

from __future__ import annotations

from pathlib import Path

from bench.maps import main, report, run


def test_map_benchmark_runs_on_a_throwaway_database() -> None:
    rows = run([20, 60], repeat=1, naive_limit=20)

    assert [r.assets for r in rows] == [20, 60]
    assert rows[0].naive_bytes is not None
    assert rows[1].naive_bytes is None  # over the limit: skipped, and the table says so
    assert rows[1].endpoint_raw_bytes > rows[0].endpoint_raw_bytes
    text = report(rows, naive_limit=20, repeat=1)
    assert "| 60 |" in text
    assert "skipped (> 20)" in text
    assert "Page size flat from 20 to 60 assets" in text


def test_benchmark_never_touches_the_development_database(tmp_path: Path) -> None:
    instance_db = Path(__file__).resolve().parent.parent / "instance" / "abcd.sqlite3"
    before = instance_db.stat().st_mtime if instance_db.exists() else None
    assert main(["--sizes", "10", "--repeat", "1", "--naive-limit", "0", "--no-geography", "--no-save"]) == 0
    after = instance_db.stat().st_mtime if instance_db.exists() else None
    assert before == after
