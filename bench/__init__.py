"""Benchmarks at the design scale, on throwaway SQLite databases: ``python -m bench`` (or ``make bench``)."""
