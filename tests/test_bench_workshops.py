"""The workshop load benchmark runs (a tiny community, a few seconds): a real server, every acknowledged
contribution found in the database, everything accepted seen on the projector, and a readable table."""

from __future__ import annotations

from bench.workshops import measure, report


def test_workshop_benchmark_runs_against_a_real_server_for_a_few_seconds() -> None:
    found = measure(scale=0.002, seconds=6, participants=40, interval=3)

    assert found["errors"] == []
    assert found["acknowledged"] >= 20
    assert found["lost"] == []
    assert found["accepted"] == found["acknowledged"]  # the facilitator emptied the lane
    assert found["not_seen"] == 0
    assert not [state for state in found["states"] if state.startswith("waiting")]
    assert len(found["latencies"]) == found["accepted"]
    assert all(0 < seconds < 30 for seconds in found["latencies"])
    text = report(found, 0.002)
    assert "| errors (any refused or failed request) | 0 | 0 |" in text
    assert "| lost contributions (acknowledged, not in the database) | 0 | 0 |" in text
    assert "acceptance → on the projector" in text
    assert "or refused) | 0 |" in text
