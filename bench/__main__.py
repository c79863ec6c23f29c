"""`python -m bench [--scale 0.1] [--only network] [--seconds 30]`: run every benchmark module present in bench/.

A module takes part by defining ``run(scale: float) -> str`` (a Markdown report) or ``main()``.
Reports are printed and written to bench/results/ (not committed).
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import pkgutil
from pathlib import Path

import bench

HELPERS = {
    "synthetic",
    "synthetic_assets",
    "fresh_process",
}  # shared generators and subprocess entry points, not benchmarks
RESULTS = Path(__file__).resolve().parent / "results"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the design scale (default 1)")
    parser.add_argument("--only", action="append", help="run only this module (repeatable)")
    parser.add_argument("--seconds", type=float, help="how long a timed benchmark runs (default: its own)")
    args = parser.parse_args()
    names = sorted(
        info.name
        for info in pkgutil.iter_modules(bench.__path__)
        if not info.name.startswith("_") and info.name not in HELPERS
    )
    RESULTS.mkdir(exist_ok=True)
    for name in names:
        if args.only and name not in args.only:
            continue
        module = importlib.import_module(f"bench.{name}")
        parameters = inspect.signature(module.run).parameters if hasattr(module, "run") else {}
        if "scale" in parameters:
            timed = {"seconds": args.seconds} if args.seconds and "seconds" in parameters else {}
            report = module.run(scale=args.scale, **timed)
        elif hasattr(module, "main"):
            report = module.main() or ""
        else:
            continue
        if report:
            print(report, flush=True)
            (RESULTS / f"{name}.md").write_text(report + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
