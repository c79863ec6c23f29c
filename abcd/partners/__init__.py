"""partners feature."""
