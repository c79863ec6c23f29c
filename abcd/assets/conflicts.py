"""An asset as the edit form's conflict handling sees it: its form fields, saved values and audit trail."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from wtforms import Form

from abcd.assets import services
from abcd.assets.labels import FIELD_LABELS, field_label
from abcd.assets.models import Asset, Theme
from abcd.changes.services import asset_values
from abcd.edit_conflicts import EditedRecord
from abcd.extensions import db

FORM_FIELDS = (
    "kind", "name_en", "name_cy", "description_en", "description_cy", "themes", "address", "postcode",
    "latitude", "longitude", "contact_name", "contact_email", "contact_phone", "website", "accessibility_info",
    "membership", "special_category", "status",
)  # fmt: skip


def edited_asset(asset: Asset, form: Form) -> EditedRecord:
    """The fields this editor's form holds (an organiser's has no officers' fields) and what changed since."""
    return EditedRecord(
        fields=[name for name in FORM_FIELDS if name in form],
        version=asset.version,
        current=asset_values(asset),
        history_since=lambda version: services.changes_since(asset, version),
        label=lambda name: field_label(name) if name in FIELD_LABELS else None,
        comparable=_theme_ids,
    )


def _theme_ids(changes: Mapping[str, Any]) -> dict[str, Any]:
    """The audit log names themes by slug; the form by id."""
    converted = dict(changes)
    if "themes" in converted:
        slugs = {slug for side in converted["themes"] for slug in side or []}
        query = sa.select(Theme.slug, Theme.theme_id).where(Theme.slug.in_(slugs))
        ids = {slug: theme_id for slug, theme_id in db.session.execute(query).tuples()}
        converted["themes"] = [sorted(ids[slug] for slug in side or [] if slug in ids) for side in converted["themes"]]
    return converted
