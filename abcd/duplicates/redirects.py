"""A merged record's old addresses answer 301 with the same page of the record it was merged into."""

from __future__ import annotations

from typing import Any

from flask import redirect, request, url_for
from werkzeug.wrappers import Response

from abcd.duplicates.models import AssetRedirect
from abcd.extensions import db

_HOPS = 5  # redirects are flattened at each merge; this only guards against a loop


def survivor_of(asset_id: int) -> int | None:
    """The record a merged one now is (None: it was never merged, or the merge was undone)."""
    found = None
    for _hop in range(_HOPS):
        row = db.session.get(AssetRedirect, asset_id)
        if row is None:
            break
        found = asset_id = row.survivor_id
    return found


def merged_record_moved() -> Response | None:
    """Before any page of the assets blueprint that names a record: if the record was merged, go to the
    survivor's page, permanently. Only reading pages (GET, HEAD): a form posted to an old address is refused
    as usual rather than applied to another record."""
    endpoint, args = request.endpoint or "", request.view_args or {}
    if not endpoint.startswith("assets.") or request.method not in ("GET", "HEAD") or "asset_id" not in args:
        return None
    survivor = survivor_of(int(args["asset_id"]))
    if survivor is None:
        return None
    values: dict[str, Any] = {**request.args.to_dict(), **args, "asset_id": survivor}
    return redirect(url_for(endpoint, **values), code=301)
