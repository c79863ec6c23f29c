"""links feature."""
