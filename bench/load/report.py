"""Markdown tables for the load runs."""

from __future__ import annotations

from collections import defaultdict

from bench.load.traffic import Record
from bench.load.verify import WriteCheck


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


def route_table(record: Record) -> str:
    by_route: dict[str, list[float]] = defaultdict(list)
    failures: dict[str, int] = defaultdict(int)
    for sample in record.samples:
        by_route[sample.route].append(sample.seconds * 1000)
        if sample.status == 0 or sample.status >= 500:
            failures[sample.route] += 1
    lines = [
        "| route | requests | server errors or no answer | p50 ms | p95 ms | p99 ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for route in sorted(by_route):
        times = by_route[route]
        lines.append(
            f"| {route} | {len(times)} | {failures[route]} | {_percentile(times, 0.5):.0f} | "
            f"{_percentile(times, 0.95):.0f} | {_percentile(times, 0.99):.0f} |"
        )
    total = len(record.samples)
    lines.append(f"| **all** | {total} | {sum(failures.values())} | | | |")
    problems = sorted(set(record.problems))
    if problems:
        lines.append("\nProblems seen by the simulated people: " + "; ".join(problems[:10]))
    return "\n".join(lines)


def write_table(check: WriteCheck) -> str:
    rows = [
        ("acknowledged writes (saved, or created, and said so)", str(check.acknowledged)),
        ("… found in the database exactly once", str(check.found - len(check.duplicated))),
        ("… lost", str(len(check.lost))),
        ("… duplicated", str(len(check.duplicated))),
        ("refused writes, explained on the page (edit conflict, invalid form)", str(check.refused)),
        ("… applied all the same", str(len(check.refused_but_applied))),
        ("writes with no answer or a server error (either outcome allowed)", str(check.unknown)),
    ]
    return "\n".join(["| writes | count |", "| --- | ---: |", *(f"| {name} | {value} |" for name, value in rows)])


def errors_by_window(record: Record, events: list[tuple[float, str]], window: float = 5) -> str:
    """Requests and failures in each window of the run, so recovery after each fault can be seen."""
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for sample in record.samples:
        slot = int(sample.at // window)
        totals[slot][0] += 1
        totals[slot][1] += sample.status == 0 or sample.status >= 500
    lines = ["| seconds | requests | server errors or no answer | event |", "| --- | ---: | ---: | --- |"]
    for slot in sorted(totals):
        start, end = slot * window, (slot + 1) * window
        happened = ", ".join(name for at, name in events if start <= at < end)
        lines.append(f"| {start:.0f}–{end:.0f} | {totals[slot][0]} | {totals[slot][1]} | {happened} |")
    return "\n".join(lines)


def throughput_table(baseline: float, rates: dict[str, float]) -> str:
    lines = [
        "| page | requests per second | share of the minimal Flask page (goal ≥ 40 %) |",
        "| --- | ---: | ---: |",
        f"| minimal Flask page | {baseline:.0f} | 100 % |",
    ]
    lines += [f"| {name} | {rate:.0f} | {100 * rate / baseline:.0f} % |" for name, rate in rates.items()]
    return "\n".join(lines)
