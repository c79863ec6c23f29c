"""workshops feature."""
