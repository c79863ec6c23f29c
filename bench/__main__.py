"""``python -m bench``: the map benchmark at 1k, 10k and 50k assets, printed as one table."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bench.maps import default_geodata, report, run, save


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,50000", help="comma-separated asset counts (ascending)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per measurement (the median is shown)")
    parser.add_argument(
        "--naive-limit", type=int, default=10_000, help="largest size for the naive one-marker-per-asset page"
    )
    parser.add_argument("--no-geography", action="store_true", help="skip loading wards (faster, no ward names)")
    parser.add_argument("--no-save", action="store_true", help="do not write bench/results/")
    args = parser.parse_args(argv)
    sizes = sorted({int(part) for part in args.sizes.split(",") if part.strip()})
    geodata: Path | None = None if args.no_geography else default_geodata()
    print(
        f"Map benchmark at {', '.join(f'{s:,}' for s in sizes)} assets "
        f"({'with wards from ' + str(geodata) if geodata else 'without ward boundaries'}) …",
        flush=True,
    )
    rows = run(sizes, repeat=args.repeat, naive_limit=args.naive_limit, geodata=geodata)
    text = report(rows, args.naive_limit, args.repeat)
    print(text)
    if not args.no_save:
        print(f"\nSaved to {save(rows, text)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
