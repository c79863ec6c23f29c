"""Keeping records fresh: when each asset was last checked, reminders to its owners, and public reports."""
