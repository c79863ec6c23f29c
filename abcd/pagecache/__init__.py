"""Whole public pages kept for readers who are not signed in, so the busiest pages (an asset, the
directory) cost a lookup instead of a render.

A view opts in with ``@shared_page``. Its answer is kept only when it is the same for every visitor who
is not signed in: a 200 HTML page for a request with no account in its session (nor a "remember me"
cookie), that set no cookie, flashed nothing, left the session unchanged and rendered no form token. The
key is the address (path, sorted query, host) with the reader's language and the data's version (the
change feed's head token: any committed write to assets, people, links, themes, wards or offers, or to
an asset's managers or last check, gives a new token, so older entries are never read again); entries
also expire after PAGE_CACHE_SECONDS, which bounds how old anything else on a page can be.

Kept on Redis when REDIS_URL is set, so every process shares them; in each process (a bounded LRU)
otherwise, and while Redis is unreachable. A hit is answered with the headers the fresh page had, and
the app's usual after-request work (request id, security headers, metrics, gzip) runs on it as on any page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


def shared_page(view: F) -> F:
    """Mark a public view whose page, for visitors who are not signed in, may be kept and served again."""
    view.is_shared_page = True  # type: ignore[attr-defined]
    return view
