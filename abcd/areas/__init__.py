"""areas feature."""
