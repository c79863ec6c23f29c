"""Cacheable responses for map data and scripts: an ETag, 304 Not Modified, gzip when the client accepts it."""

from __future__ import annotations

import functools
import gzip
import hashlib
from collections.abc import Callable

from flask import Response, request

# Level 1 compresses GeoJSON within 8 % of level 6 in under half the time; the endpoint's budget is
# 1.5x a bare query and serialisation, so the fast end matters more than the last few bytes.
GZIP_LEVEL = 1
MIN_GZIP_BYTES = 512  # below this the gzip header costs more than it saves

PUBLIC_DATA = "public, no-cache"  # anyone may store it, but must ask (cheaply, by ETag) before reuse
PERSONAL_DATA = "private, no-cache"  # depends on who is asking: only their own browser may keep it
PUBLIC_SCRIPT = "public, max-age=300"


@functools.lru_cache(maxsize=16)
def _packed_once(body: bytes) -> bytes:
    """A file that never changes (Leaflet), compressed as small as gzip can, once per process: Leaflet's
    script is the largest part of the map's first view (50 KB at level 1, 41 KB at level 9)."""
    return gzip.compress(body, compresslevel=9, mtime=0)


def versioned_response(
    data_version: str, build: Callable[[], bytes], mimetype: str, cache_control: str, pack_hard: bool = False
) -> Response:
    """Answer 304 from the data's version alone, so an unchanged answer costs no query at all.

    ``data_version`` must change whenever the data behind ``build`` may have; the ETag also covers
    the URL (filters, language), since one ETag names one representation. ``pack_hard``: the same few
    bodies are asked for again and again (the outlines), so they are compressed as small as gzip can, once.
    """
    etag = hashlib.blake2b(f"{data_version}|{request.full_path}".encode(), digest_size=16).hexdigest()
    if request.if_none_match.contains_weak(etag):
        return cached_response(b"", mimetype, cache_control, etag=etag)
    return cached_response(build(), mimetype, cache_control, etag=etag, immutable=pack_hard)


def cached_response(
    body: bytes,
    mimetype: str,
    cache_control: str,
    vary_cookie: bool = False,
    compress: bool = True,
    etag: str | None = None,
    immutable: bool = False,
) -> Response:
    """``body`` with a weak ETag (its hash unless given; the same whichever encoding is sent), or 304
    if the client has it. ``immutable`` bodies (vendor files) are compressed hard, once."""
    etag = etag or hashlib.blake2b(body, digest_size=16).hexdigest()
    vary = "Accept-Encoding, Cookie" if vary_cookie else "Accept-Encoding"
    if request.if_none_match.contains_weak(etag):
        response = Response(status=304)
    else:
        response = Response(body, mimetype=mimetype)
        if compress and len(body) >= MIN_GZIP_BYTES and request.accept_encodings["gzip"] > 0:
            packed = _packed_once(body) if immutable else gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)
            response.set_data(packed)
            response.headers["Content-Encoding"] = "gzip"
    response.set_etag(etag, weak=True)
    response.headers["Cache-Control"] = cache_control
    response.headers["Vary"] = vary
    return response
