"""Backup and restore of the whole database, and the erasure log that a restore re-applies."""
