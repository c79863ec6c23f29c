"""Open data answers with an ETag made from the published records' version and the URL: a client that has
the current one gets 304 before any query runs."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from flask import Response, json, request

from abcd.api import services

PUBLIC_DATA = "public, no-cache"  # anyone may keep it, but asks (cheaply, by ETag) before reuse


def _etag() -> str:
    return hashlib.blake2b(f"{services.public_version()}|{request.full_path}".encode(), digest_size=16).hexdigest()


def _unchanged(etag: str) -> Response | None:
    if not request.if_none_match.contains_weak(etag):
        return None
    response = Response(status=304)
    response.set_etag(etag, weak=True)
    response.headers["Cache-Control"] = PUBLIC_DATA
    return response


def _headers(etag: str) -> dict[str, str]:
    return {"ETag": f'W/"{etag}"', "Cache-Control": PUBLIC_DATA}


def cached(build: Callable[[], Any]) -> Any:
    """``build()``'s data with the current ETag, or 304 before ``build`` runs if the client has it."""
    etag = _etag()
    return _unchanged(etag) or (build(), 200, _headers(etag))


def answer(
    build: Callable[[], Any], mimetype: str = "application/json", serialise: Callable[[Any], str] = json.dumps
) -> Response:
    """``build()`` serialised (JSON unless told), with the ETag; or 304 before ``build`` runs."""
    result = cached(build)
    if isinstance(result, Response):
        return result
    body, status, headers = result
    return Response(serialise(body), status=status, headers=headers, mimetype=mimetype)
