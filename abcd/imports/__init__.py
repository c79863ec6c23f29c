"""Spreadsheet imports of community assets, and exports that round-trip through them."""
