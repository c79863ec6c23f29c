"""Open Referral UK (HSDS 3.0, UK profile) records made from published assets.

Each published asset is an organisation offering one service (what it does for the community) at one
location (where it is, when it has a point or an address). Optional fields without a value are left
out, never null. No person appears: an asset's contact name, email and phone are not published.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from abcd.api import services as open_data
from abcd.areas.models import LocalAuthority
from abcd.assets.models import Asset, Theme
from abcd.extensions import db
from abcd.openreferral import ids

HSDS_VERSION = "3.0"
PROFILE_URL = "https://github.com/openreferral/uk-profile"
PROFILE_OPENAPI_URL = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/openapi.json"
TAXONOMY_NAME = "Community Strengths themes"


def compact(value: Any) -> Any:
    """``value`` without keys whose value is None, at every depth."""
    if isinstance(value, dict):
        return {key: compact(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [compact(item) for item in value]
    return value


def timestamp(moment: datetime) -> str:
    """UTC with millisecond accuracy, as the profile asks: 2026-12-02T08:00:00.000Z."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.isoformat(timespec="milliseconds") + "Z"


def page(items: list[Any], number: int, per_page: int, total: int) -> dict[str, Any]:
    """The profile's paginated envelope (its ``Page``, with ``page`` and ``per_page`` echoed)."""
    total_pages = max(1, math.ceil(total / per_page))
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": number,
        "page": number,
        "per_page": per_page,
        "size": len(items),
        "first_page": number == 1,
        "last_page": number >= total_pages,
        "empty": not items,
        "contents": items,
    }


def authority_names() -> dict[str, str]:
    return {code: name for code, name in db.session.execute(sa.select(LocalAuthority.code, LocalAuthority.name_en))}


def organization(asset: Asset) -> dict[str, Any]:
    return compact(
        {
            "id": ids.masked(asset.uuid, ids.ORGANIZATION),
            "name": asset.name_en,
            "description": asset.description_en or asset.name_en,
            "website": asset.website or None,
        }
    )


def term(theme: Theme) -> dict[str, Any]:
    return {
        "id": ids.term_id(theme.theme_id),
        "name": theme.name_en,
        "description": f"{theme.name_en} (Cymraeg: {theme.name_cy})",
        "taxonomy_id": ids.TAXONOMY_ID,
        "term": theme.slug,
    }


def taxonomy() -> dict[str, Any]:
    return {
        "id": ids.TAXONOMY_ID,
        "name": TAXONOMY_NAME,
        "description": "The themes community assets in Cardiff, Newport and the Vale of Glamorgan are tagged with.",
    }


def _attributes(asset: Asset) -> list[dict[str, Any]]:
    service_id = asset.uuid
    return [
        {
            "id": ids.named(asset.uuid, f"attribute:theme:{theme.theme_id}"),
            "link_id": service_id,
            "link_type": "service",
            "taxonomy_term_id": ids.term_id(theme.theme_id),
            "taxonomy_term": term(theme),
        }
        for theme in asset.themes
    ]


def location(asset: Asset, authorities: dict[str, str]) -> dict[str, Any] | None:
    """Where the asset is; None when it has neither a point nor an address."""
    placed = asset.latitude is not None and asset.longitude is not None
    addressed = bool(asset.address and asset.postcode)
    if not (placed or addressed):
        return None
    location_id = ids.masked(asset.uuid, ids.LOCATION)
    area = authorities.get(asset.la_code, "")
    address = {
        "id": ids.named(asset.uuid, "address"),
        "location_id": location_id,
        "address_1": asset.address,
        "city": area,
        "state_province": area,
        "region": "Wales",
        "postal_code": asset.postcode,
        "country": "GB",
        "address_type": "physical",
    }
    access = {"id": ids.named(asset.uuid, "accessibility"), "location_id": location_id}
    return compact(
        {
            "id": location_id,
            "location_type": "physical",
            "name": asset.name_en,
            "latitude": asset.latitude if placed else None,
            "longitude": asset.longitude if placed else None,
            "addresses": [address] if addressed else None,
            "accessibility": [access | {"description": asset.accessibility_info}] if asset.accessibility_info else None,
        }
    )


def service_summary(asset: Asset, url: str | None = None) -> dict[str, Any]:
    """A service's one-to-one fields, as in the profile's lists."""
    return compact(
        {
            "id": asset.uuid,
            "organization_id": ids.masked(asset.uuid, ids.ORGANIZATION),
            "name": asset.name_en,
            "description": asset.description_en or None,
            "url": asset.website or url,
            "status": "active",
            "last_modified": timestamp(asset.updated_at),
        }
    )


def service_at_location(asset: Asset, authorities: dict[str, str], with_service: bool = True) -> dict[str, Any] | None:
    place = location(asset, authorities)
    if place is None:
        return None
    record = {
        "id": ids.masked(asset.uuid, ids.SERVICE_AT_LOCATION),
        "service_id": asset.uuid,
        "location_id": place["id"],
        "location": place,
    }
    if with_service:
        record["service"] = service_summary(asset)
    return record


def service(asset: Asset, authorities: dict[str, str], url: str | None = None) -> dict[str, Any]:
    """A fully nested service: its organisation, location and themes."""
    at_location = service_at_location(asset, authorities, with_service=False)
    return compact(
        service_summary(asset, url)
        | {
            "organization": organization(asset),
            "service_at_locations": [at_location] if at_location else None,
            "attributes": _attributes(asset) or None,
        }
    )


def asset_for(record_id: str, mask: int | None = None) -> Asset | None:
    """The published asset behind a feed id (a merged record's answers with its survivor)."""
    asset_uuid = record_id if mask is None else ids.unmasked(record_id, mask)
    return open_data.published_by_uuid(asset_uuid) if asset_uuid else None


def theme_ids_for_term(term_id: str) -> tuple[int, ...]:
    """The theme behind a taxonomy term id; (0,) — no theme — when it names none."""
    matches = tuple(t.theme_id for t in open_data.themes() if ids.term_id(t.theme_id) == term_id)
    return matches or (0,)


def theme_for_term(term_id: str) -> Theme | None:
    return next((t for t in open_data.themes() if ids.term_id(t.theme_id) == term_id), None)


def placed_only(query: sa.Select[tuple[Asset]]) -> sa.Select[tuple[Asset]]:
    """Assets that have a location: a point, or an address with a postcode."""
    return query.where(
        sa.or_(
            sa.and_(Asset.latitude.is_not(None), Asset.longitude.is_not(None)),
            sa.and_(Asset.address.is_not(None), Asset.address != "", Asset.postcode.is_not(None)),
        )
    )
