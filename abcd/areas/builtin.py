"""The three local authorities the app serves, so it runs before any boundary file is loaded.

Wards are deliberately not listed: their codes change at boundary reviews and come from data.
"""

from __future__ import annotations

LOCAL_AUTHORITIES: tuple[tuple[str, str, str], ...] = (
    ("W06000015", "Cardiff", "Caerdydd"),
    ("W06000022", "Newport", "Casnewydd"),
    ("W06000014", "Vale of Glamorgan", "Bro Morgannwg"),
)

SERVED_LA_CODES = frozenset(code for code, _en, _cy in LOCAL_AUTHORITIES)
