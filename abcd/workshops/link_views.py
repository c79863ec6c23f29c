"""The participant's link form on the server: each end resolved to a published record (the search box's
pick, or the typed name with a clear message when nothing or several fit), and the search behind the box."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify, request
from flask_babel import gettext as _

from abcd.i18n import record_name
from abcd.maps import specs as map_specs
from abcd.security import public
from abcd.text import clean_query
from abcd.workshops import linking, services
from abcd.workshops.forms import LinkForm
from abcd.workshops.models import Workshop
from abcd.workshops.views import bp


def _problem(resolved: linking.Resolved, text: str) -> str:
    if resolved.problem == "ambiguous":
        return _("Several records match “%(text)s”: choose one below.", text=text)
    if resolved.problem == "kind":
        return _("“%(text)s” cannot be linked that way. Choose another connection, or another record.", text=text)
    return _(
        "Nothing in the directory or this workshop is called “%(text)s”. Check the spelling, or add it as a "
        "place or group first: once the facilitator accepts it, you can link to it.",
        text=text,
    )


def link_values(workshop: Workshop, form: LinkForm) -> dict[str, Any] | None:
    """The values a valid link form stores, each end resolved; None, with the form's errors (and the
    matches to choose from, in ``form.choices``) when an end is not one published record."""
    chosen = linking.RELATIONS[form.relation.data or ""]
    values: dict[str, Any] = {"relation": chosen.key, "from_name": None, "from_key": linking.ME}
    sides = [("from", chosen.from_kinds())] if not chosen.me else []
    sides.append(("to", chosen.to_kinds()))
    form.choices = {}
    ok = True
    for side, kinds in sides:
        name_field, key_field = getattr(form, f"{side}_name"), getattr(form, f"{side}_key")
        resolved = linking.resolve(workshop, name_field.data, key_field.data, kinds)
        if resolved.asset is not None:
            values[f"{side}_key"] = linking.end_key(resolved.asset)
            values[f"{side}_name"] = record_name(resolved.asset)
            continue
        ok = False
        name_field.errors = [*name_field.errors, _problem(resolved, name_field.data or "")]
        form.choices[side] = [(linking.end_key(a), record_name(a)) for a in resolved.choices]
    return values if ok else None


@bp.route("/join/<code>/ends")
@public
def link_ends(code: str) -> Response:
    """Published records fitting one end of a relation, for the link form's search box (public records
    only: people are never searched). Unknown codes, relations or sides give an empty list."""
    workshop = services.find_by_code(code)
    chosen = linking.RELATIONS.get(request.args.get("relation") or "")
    side = request.args.get("side")
    found = []
    if workshop is not None and chosen is not None and side in ("from", "to"):
        kinds = chosen.from_kinds() if side == "from" else chosen.to_kinds()
        ours = linking.session_places(workshop)
        text = clean_query(request.args.get("q"))
        found = [linking.choice_json(a, ours) for a in linking.find_ends(workshop, text, kinds)]
    response = jsonify(found)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.app_template_global("workshop_relation")
def workshop_relation(key: Any) -> str:
    return linking.relation_label(key)


@bp.app_template_global("workshop_map_assets")
def workshop_map_assets() -> dict[str, str]:
    """Leaflet (served from its XStatic package) and the configured tiles, for the projector's map."""
    urls, tiles = map_specs.vendor_urls(), map_specs.tiles()
    return {"leaflet_js": urls.leaflet_js, "leaflet_css": urls.leaflet_css, "tile_url": tiles.url,
            "attribution": tiles.attribution}  # fmt: skip
