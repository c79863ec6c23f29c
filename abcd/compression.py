"""Text answers gzipped for clients that accept it: pages, stylesheets, scripts, JSON and CSV.

A map page with its styles is five times smaller gzipped, which is what a phone on a community hall's
connection waits for. Signed-in people's pages go uncompressed (see ``_wanted``). Answers that compress
themselves (the map data, Leaflet) keep their own encoding;
the app's own static files are compressed once per version (their ETag) and kept. An ETag on a
compressed answer becomes weak, so revalidation still answers 304 Not Modified.
"""

from __future__ import annotations

import gzip
from collections import OrderedDict
from threading import Lock

from flask import Flask, Response, request
from flask_login import current_user

COMPRESSIBLE = frozenset({
    "text/html", "text/css", "text/javascript", "application/javascript", "application/json",
    "application/geo+json", "application/problem+json", "text/csv", "image/svg+xml", "text/plain",
})  # fmt: skip
MIN_BYTES = 1024  # below this the gzip header and the work cost more than they save
MAX_BYTES = 8 * 1024 * 1024  # larger answers (a whole export) go as they are, rather than held in memory twice
LEVEL = 6
KEPT = 256  # compressed static files kept per process, by ETag


class _Kept:
    def __init__(self) -> None:
        self.lock = Lock()
        self.bodies: OrderedDict[str, bytes] = OrderedDict()

    def get(self, etag: str) -> bytes | None:
        with self.lock:
            found = self.bodies.get(etag)
            if found is not None:
                self.bodies.move_to_end(etag)
            return found

    def put(self, etag: str, body: bytes) -> None:
        with self.lock:
            self.bodies[etag] = body
            while len(self.bodies) > KEPT:
                self.bodies.popitem(last=False)


def _wanted(response: Response) -> bool:
    return (
        response.status_code not in (204, 206, 304)
        and response.mimetype in COMPRESSIBLE
        and "Content-Encoding" not in response.headers
        and request.method != "HEAD"
        and request.accept_encodings["gzip"] > 0
        # A signed-in person's pages carry their session's form token beside whatever a link put on the page:
        # compressed over TLS, their sizes could leak the token (BREACH). Public pages and data are safe.
        and not (response.mimetype == "text/html" and current_user.is_authenticated)
        and (response.content_length is None or MIN_BYTES <= response.content_length <= MAX_BYTES)
    )


def pack(body: bytes) -> bytes:
    """``body`` gzipped as this module sends it, or b"" when it is outside the sizes worth compressing."""
    return gzip.compress(body, compresslevel=LEVEL, mtime=0) if MIN_BYTES <= len(body) <= MAX_BYTES else b""


def send_packed(response: Response, packed: bytes) -> Response:
    """Answer with ``packed`` (``pack`` of the response's body, made earlier) when the response would have
    been compressed: a kept page is compressed once, not on every request."""
    if packed and _wanted(response):
        response.set_data(packed)
        response.headers["Content-Encoding"] = "gzip"
        response.vary.add("Accept-Encoding")
    return response


def init_app(app: Flask) -> None:
    kept = _Kept()

    def compress(response: Response) -> Response:
        if not _wanted(response):
            return response
        if response.is_streamed and not response.direct_passthrough:
            return response  # a generator (a streamed export): sent as it comes
        etag, _weak = response.get_etag()
        static = bool(etag) and response.direct_passthrough  # a file sent as it is: one version per ETag
        response.direct_passthrough = False  # read it, to compress it
        original = response.response  # a file's wrapper, to close once read (reading replaces it with a list)
        packed = kept.get(etag) if static and etag else None
        if packed is None:
            body = response.get_data()
            if len(body) < MIN_BYTES:
                if static and hasattr(original, "close"):
                    original.close()
                return response
            packed = gzip.compress(body, compresslevel=LEVEL, mtime=0)
            if static and etag:
                kept.put(etag, packed)
        response.set_data(packed)
        if static and hasattr(original, "close"):
            original.close()  # the file it would have sent
        response.headers["Content-Encoding"] = "gzip"
        response.vary.add("Accept-Encoding")
        if etag:
            response.set_etag(etag, weak=True)
        return response

    app.after_request(compress)
