"""Benchmarks at the design scale: synthetic data in a temporary database, one module per feature."""
