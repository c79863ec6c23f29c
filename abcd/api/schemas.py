"""The open API's schemas: the same marshmallow classes validate the query strings, shape the responses
and generate the OpenAPI document, so the document cannot drift from what the API does."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate

from abcd.api.services import Box
from abcd.assets.models import AssetKind

ONS_CODE = validate.Regexp(r"^[EWSN]\d{8}$", error="Not an ONS area code (a letter and eight digits).")
MAX_PAGE = 10_000
MAX_PER_PAGE = 200


class BoundingBox(fields.Field):
    """``west,south,east,north`` in degrees (WGS 84)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Box:
        parts = str(value).split(",")
        if len(parts) != 4:
            raise ValidationError("Give four numbers: west,south,east,north.")
        try:
            west, south, east, north = (float(part) for part in parts)
        except ValueError as exc:
            raise ValidationError("Give four numbers: west,south,east,north.") from exc
        if not all(math.isfinite(v) for v in (west, south, east, north)):
            raise ValidationError("Give four finite numbers.")
        if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
            raise ValidationError("Out of range or reversed: west <= east within ±180, south <= north within ±90.")
        return Box(west, south, east, north)


class UtcDateTime(fields.DateTime):
    """The app stores UTC without a zone; open data says so (RFC 3339 needs the offset)."""

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> str | float | None:
        if isinstance(value, datetime) and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return super()._serialize(value, attr, obj, **kwargs)


class Lenient(Schema):
    """Query strings: parameters the API does not know (a cache-buster, another API's filter) are ignored."""

    class Meta:
        unknown = EXCLUDE


class PageQuery(Lenient):
    page = fields.Integer(load_default=1, validate=validate.Range(1, MAX_PAGE), metadata={"description": "From 1."})
    per_page = fields.Integer(
        load_default=50, validate=validate.Range(1, MAX_PER_PAGE), metadata={"description": "At most 200."}
    )


class AssetQuery(PageQuery):
    q = fields.String(
        load_default="", validate=validate.Length(max=200), metadata={"description": "Words in a name or description."}
    )
    kind = fields.Enum(AssetKind, by_value=True, load_default=None)
    authority = fields.String(load_default=None, validate=ONS_CODE, metadata={"description": "e.g. W06000015"})
    ward = fields.String(load_default=None, validate=ONS_CODE, metadata={"description": "e.g. W05001270"})
    theme = fields.String(load_default=None, validate=validate.Length(max=60), metadata={"description": "A slug."})
    postcode = fields.String(
        load_default=None,
        validate=validate.Length(max=10),
        metadata={"description": "Only assets within `radius` km of this postcode (in the three areas)."},
    )
    radius = fields.Float(
        load_default=1.0, validate=validate.Range(0.1, 50), metadata={"description": "Kilometres, with postcode."}
    )
    bbox = BoundingBox(load_default=None, metadata={"type": "string", "description": "west,south,east,north"})


class WardQuery(Lenient):
    authority = fields.String(load_default=None, validate=ONS_CODE)


class ThemeSchema(Schema):
    id = fields.Integer(attribute="theme_id", required=True)
    slug = fields.String(required=True)
    name_en = fields.String(required=True)
    name_cy = fields.String(required=True)


class AssetSchema(Schema):
    """A published community asset. People's names, emails and phones are never published: an
    organisation is reached through its website or its page here."""

    id = fields.String(attribute="uuid", required=True, metadata={"format": "uuid", "description": "Never changes."})
    kind = fields.Enum(AssetKind, by_value=True, required=True)
    name_en = fields.String(required=True)
    name_cy = fields.String(allow_none=True)
    description_en = fields.String(allow_none=True)
    description_cy = fields.String(allow_none=True)
    address = fields.String(allow_none=True)
    postcode = fields.String(allow_none=True)
    latitude = fields.Float(allow_none=True)
    longitude = fields.Float(allow_none=True)
    authority = fields.String(attribute="la_code", required=True)
    ward = fields.String(attribute="ward_code", allow_none=True)
    website = fields.String(allow_none=True)
    accessibility = fields.String(attribute="accessibility_info", allow_none=True)
    themes = fields.Function(
        lambda asset: [theme.slug for theme in asset.themes],
        metadata={"type": "array", "items": {"type": "string"}},
    )
    updated_at = UtcDateTime(required=True)


class PaginationSchema(Schema):
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    total_items = fields.Integer(required=True)
    total_pages = fields.Integer(required=True)


class AssetPageSchema(PaginationSchema):
    items = fields.List(fields.Nested(AssetSchema), required=True)


class WardSchema(Schema):
    code = fields.String(required=True)
    name_en = fields.String(required=True)
    name_cy = fields.String(required=True)
    authority = fields.String(attribute="la_code", required=True)


class AreaSchema(Schema):
    """A local authority (its ONS code) and its wards' codes."""

    code = fields.String(required=True)
    name_en = fields.String(required=True)
    name_cy = fields.String(required=True)
    wards = fields.Function(
        lambda la: [ward.code for ward in la.wards], metadata={"type": "array", "items": {"type": "string"}}
    )


class AreaCountsSchema(Schema):
    code = fields.String(required=True)
    name_en = fields.String(required=True)
    name_cy = fields.String(required=True)
    authority = fields.String(required=True)
    total = fields.Integer(required=True)
    kinds = fields.Dict(keys=fields.String(), values=fields.Integer(), metadata={"description": "Per kind."})
    themes = fields.Dict(keys=fields.String(), values=fields.Integer(), metadata={"description": "Per theme slug."})


class ErrorBody(Schema):
    status = fields.Integer(required=True)
    code = fields.String(required=True, metadata={"description": "e.g. bad_request, not_found"})
    message = fields.String(required=True, metadata={"description": "In the request's language."})
    details = fields.Dict(metadata={"description": "Per parameter, what was wrong (400 only)."})


class ErrorSchema(Schema):
    """Every error from the API and the feed, whatever the status."""

    error = fields.Nested(ErrorBody, required=True)
