"""URL converters: whole numbers in URLs bounded to what both databases can store as an id."""

from __future__ import annotations

from typing import Any

from werkzeug.routing import IntegerConverter, Map

# PostgreSQL INTEGER, the type of every id column; SQLite stops at 2**63 - 1. A larger number in a URL
# used to reach the database and fail there (a 500, and a different one on each database).
LARGEST_ID = 2**31 - 1


class BoundedIntegerConverter(IntegerConverter):
    """``<int:...>`` that matches only 0..LARGEST_ID, so a larger number is simply a page not found."""

    def __init__(self, url_map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", LARGEST_ID)
        super().__init__(url_map, *args, **kwargs)
