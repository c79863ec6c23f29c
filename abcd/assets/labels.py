"""Translated names for asset kinds, statuses and categories, shared by forms, pages and filters."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from abcd.assets.models import AssetKind, AssetStatus, Membership, SpecialCategory

KIND_LABELS: dict[AssetKind, Any] = {
    AssetKind.ASSOCIATION: _l("Association"),
    AssetKind.INSTITUTION: _l("Institution"),
    AssetKind.PLACE: _l("Place or venue"),
    AssetKind.ECONOMY: _l("Local economy"),
    AssetKind.CULTURE: _l("Culture and stories"),
}

STATUS_LABELS: dict[AssetStatus, Any] = {
    AssetStatus.DRAFT: _l("Draft"),
    AssetStatus.PENDING: _l("Waiting for review"),
    AssetStatus.PUBLISHED: _l("Published"),
    AssetStatus.ARCHIVED: _l("Archived"),
}

MEMBERSHIP_LABELS: dict[Membership, Any] = {
    Membership.OPEN: _l("Anyone can join"),
    Membership.INVITE: _l("By invitation"),
}

SPECIAL_CATEGORY_LABELS: dict[SpecialCategory, Any] = {
    SpecialCategory.RELIGION: _l("Religion or belief"),
    SpecialCategory.HEALTH: _l("Health"),
    SpecialCategory.SEXUALITY: _l("Sexual orientation"),
    SpecialCategory.POLITICS: _l("Political opinion"),
    SpecialCategory.TRADE_UNION: _l("Trade union membership"),
}

FIELD_LABELS: dict[str, Any] = {
    "kind": _l("Kind of asset"),
    "name_en": _l("Name in English"),
    "name_cy": _l("Name in Welsh"),
    "description_en": _l("Description in English"),
    "description_cy": _l("Description in Welsh"),
    "address": _l("Address"),
    "postcode": _l("Postcode"),
    "latitude": _l("Latitude"),
    "longitude": _l("Longitude"),
    "ward_code": _l("Ward"),
    "la_code": _l("Local authority"),
    "contact_name": _l("Contact name"),
    "contact_email": _l("Contact email"),
    "contact_phone": _l("Contact phone"),
    "website": _l("Website"),
    "accessibility_info": _l("Accessibility"),
    "status": _l("Status"),
    "membership": _l("Membership"),
    "special_category": _l("Membership reveals"),
    "themes": _l("Themes"),
    "source": _l("Source"),
    "source_ref": _l("Source reference"),
    "created_by_id": _l("Created by"),
    "workshop_id": _l("Workshop"),
}


def field_label(name: str) -> str:
    return str(FIELD_LABELS.get(name, name))
