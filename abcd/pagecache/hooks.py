"""The page cache's request hooks: look a page up before any other work, keep a fresh one after it is made."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

import sqlalchemy as sa
from flask import Flask, current_app, g, request, session
from flask_login import current_user
from prometheus_client import Counter
from werkzeug.wrappers import Response

from abcd import compression
from abcd.extensions import db
from abcd.i18n import SWITCH_MARKER, visitor_locale
from abcd.managers.models import AssetManager
from abcd.network.feed import shown_on_pages
from abcd.network.models import GRAPH_STATE_ID, GRAPH_STATE_TABLE, PUBLIC
from abcd.pagecache.stores import Entry, LocalStore, RedisStore, Store
from abcd.upkeep.models import AssetCheck

# Rows outside the graph that shared pages show: an asset's managers (as each chose to be named) and when
# it was last checked. Their writes go in the change feed too, so a kept page never outlives them.
shown_on_pages(AssetManager, PUBLIC)
shown_on_pages(AssetCheck, PUBLIC)

EXTENSION = "abcd_page_cache"
PREFIX = "abcd:page:"
# What a visitor's session may hold and still see the page everyone else does: the form token (never on a
# kept page, see _keepable) and Flask-Login's marks for a visitor who is not signed in.
NEUTRAL_SESSION_KEYS = frozenset({"csrf_token", "_fresh", "_permanent"})
# Headers that belong to one answer, not to the page: set again (or not at all) on every request.
PER_ANSWER = frozenset({"set-cookie", "x-request-id", "content-length", "content-encoding", "date"})
VARIES_ON = ("Cookie", "Accept-Language")  # the session (signed in or not) and the browser's language
MAX_BODY = 2 * 1024 * 1024
# Labelled, so no value exists until a request counts one (an unlabelled counter would open its file in
# gunicorn's master at import, before the server empties the metrics folder).
LOOKUPS = Counter(
    "abcd_page_cache_lookups", "Page cache lookups for visitors not signed in, by route and result (hit or miss).",
    ["route", "result"],
)  # fmt: skip
KEPT = Counter("abcd_page_cache_kept", "Pages made afresh and kept for the next visitor, by route.", ["route"])


@dataclass
class PageCache:
    store: Store
    counts: dict[str, int] = field(default_factory=lambda: {"hit": 0, "miss": 0, "kept": 0})

    def count(self, result: str) -> None:
        self.counts[result] += 1
        route = request.url_rule.rule if request.url_rule is not None else "<unmatched>"
        (KEPT.labels(route) if result == "kept" else LOOKUPS.labels(route, result)).inc()


def page_cache(app: Flask) -> PageCache | None:
    found: PageCache | None = app.extensions.get(EXTENSION)
    return found


def _shared_view() -> bool:
    view = current_app.view_functions.get(request.endpoint or "")
    return bool(getattr(view, "is_shared_page", False))


def _same_for_everyone() -> bool:
    """A GET of a marked page by a visitor who is not signed in and whose session holds nothing the page
    could show (no account, no flashed message, no workshop participation)."""
    remember = str(current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token"))
    return (
        request.method == "GET"
        and _shared_view()
        and remember not in request.cookies
        and SWITCH_MARKER not in request.args  # the language switch's own link: it redirects
        and set(session.keys()) <= NEUTRAL_SESSION_KEYS
    )


_HEAD_TOKEN = sa.select(GRAPH_STATE_TABLE.c.token).where(GRAPH_STATE_TABLE.c.graph_state_id == GRAPH_STATE_ID)


def data_version() -> str:
    """The change feed's head token: a new one for every committed transaction that wrote to the feed.
    Read on a connection of its own, not the request's ORM session: a hit opens no session at all."""
    with db.engine.connect() as connection:
        token = connection.execute(_HEAD_TOKEN).scalar()
    return str(token or "-")


def page_key() -> str:
    """Everything a kept page varies on: the data's version, the reader's language, the day (dates on the
    page say "today"), and the address as asked (host, path and the query in a stable order)."""
    query = urlencode(sorted(request.args.items(multi=True)))
    parts = (data_version(), visitor_locale(), time.strftime("%Y-%m-%d", time.gmtime()), request.scheme,
             request.host, request.script_root + request.path, query)  # fmt: skip
    return PREFIX + hashlib.blake2b("\n".join(parts).encode(), digest_size=20).hexdigest()


def _lookup() -> Response | None:
    cache = page_cache(current_app)
    if cache is None or not _same_for_everyone():
        return None
    key = page_key()
    entry = cache.store.get(key)
    if entry is None:
        g.page_cache_key = key
        cache.count("miss")
        return None
    cache.count("hit")
    g.page_cache_hit = True
    response = current_app.response_class(entry.body, status=200, headers=entry.headers)
    return compression.send_packed(response, entry.packed)


def _keepable(response: Response) -> bool:
    """The page is the same for the next visitor: a complete 200 HTML page that set no cookie, changed no
    session (no flashed message, no new form token) and rendered no form token at all."""
    token_field = str(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"))
    return (
        response.status_code == 200
        and response.mimetype == "text/html"
        and not response.is_streamed
        and not response.direct_passthrough
        and "Set-Cookie" not in response.headers
        and "Content-Encoding" not in response.headers
        and "no-store" not in response.headers.get("Cache-Control", "")
        and not session.modified
        and token_field not in g  # Flask-WTF notes each token it makes for this request here
        and not current_user.is_authenticated
    )


def _keep(response: Response) -> Response:
    if request.method in ("GET", "HEAD") and _shared_view():
        response.vary.update(VARIES_ON)
    key = g.pop("page_cache_key", None)
    cache = page_cache(current_app)
    if key is None or cache is None or g.get("page_cache_hit") or not _keepable(response):
        return response
    body = response.get_data()
    if len(body) > MAX_BODY:
        return response
    headers = [(name, value) for name, value in response.headers.items() if name.lower() not in PER_ANSWER]
    cache.store.put(key, Entry(headers, body, compression.pack(body)))
    cache.count("kept")
    return response


def init_app(app: Flask) -> None:
    """Register after the request id (so hits carry one) and before every other hook (which a hit skips)."""
    if not app.config.get("PAGE_CACHE"):
        return
    local = LocalStore(int(app.config["PAGE_CACHE_ENTRIES"]), float(app.config["PAGE_CACHE_SECONDS"]))
    url = str(app.config.get("REDIS_URL") or "")
    store: Store = RedisStore(url, float(app.config["PAGE_CACHE_SECONDS"]), local) if url else local
    app.extensions[EXTENSION] = PageCache(store)
    app.before_request(_lookup)
    app.after_request(_keep)
