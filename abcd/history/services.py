"""A record's audit trail read as versions: what a version held, how two differ, restoring one.

``values_at`` and ``differences`` are pure (plain dicts in, plain dicts out); the rest reads the
database. Nothing here commits. Values are in the plain shape the audit stores (enums as their
values, themes as a sorted list of theme ids).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import sqlalchemy as sa

from abcd import permissions
from abcd.areas.models import Ward
from abcd.assets.models import Asset, Theme
from abcd.audit import services as audit
from abcd.audit.models import AuditEntry
from abcd.auth.models import User
from abcd.changes import labels
from abcd.changes.labels import Names
from abcd.changes.services import LOCATION_FIELDS, WriteContext, apply_values, asset_values
from abcd.errors import DomainError
from abcd.extensions import db
from abcd.models_base import utcnow

COMPARED_FIELDS: tuple[str, ...] = (
    "kind", "name_en", "name_cy", "description_en", "description_cy", "address",
    "postcode", "latitude", "longitude", "ward_code", "la_code",
    "contact_name", "contact_email", "contact_phone", "website", "accessibility_info",
    "membership", "special_category", "themes", "status",
)  # fmt: skip
# Status has its own control on the record's page: restoring content never publishes or hides a record.
RESTORED_FIELDS: tuple[str, ...] = tuple(name for name in COMPARED_FIELDS if name != "status")


class Revision(Protocol):
    """One audited change: the version it produced and {field: [old, new]}."""

    @property
    def entity_version(self) -> int | None: ...

    @property
    def changes(self) -> dict[str, Any]: ...


@dataclass(frozen=True)
class Step:
    entity_version: int | None
    changes: dict[str, Any]


class HistoryError(DomainError):
    """Why a version cannot be shown or restored.

    Codes: unknown_version, stale (the record changed since the page was shown), nothing_to_restore,
    outside_authority (the version lies in another authority), ward_gone (its ward no longer exists).
    """


@dataclass(frozen=True)
class Difference:
    field: str
    before: Any
    after: Any

    @property
    def changed(self) -> bool:
        return self.before != self.after


def values_at(current_values: Mapping[str, Any], entries: Iterable[Revision], version: int) -> dict[str, Any]:
    """The values as they stood at ``version``: the current values with every later change undone.

    ``entries`` are the record's audit entries oldest first. Fields the entries mention but
    ``current_values`` lacks are ignored; the caller checks that ``version`` exists.
    """
    values = dict(current_values)
    later = [entry for entry in entries if (entry.entity_version or 0) > version]
    for entry in reversed(later):
        for name, change in entry.changes.items():
            if name in values:
                values[name] = change[0]
    return values


def differences(
    a: Mapping[str, Any], b: Mapping[str, Any], fields: Iterable[str] = COMPARED_FIELDS
) -> list[Difference]:
    """Each field at ``a`` and at ``b``, in the order given."""
    return [Difference(name, a.get(name), b.get(name)) for name in fields]


def entries_for(asset: Asset) -> list[AuditEntry]:
    """Every audit entry of the record, oldest first."""
    return audit.entries_of(Asset.__tablename__, asset.asset_id)


def current_values(asset: Asset) -> dict[str, Any]:
    values = asset_values(asset)
    values["themes"] = sorted(values["themes"], key=str)  # the order _theme_ids gives audited themes
    return values


def _theme_ids(value: Any, ids_by_slug: Mapping[str, int]) -> Any:
    """The audit kept themes as slugs; newer entries keep ids. Either way: a sorted list of ids."""
    if not isinstance(value, list):
        return value
    ids = [item if isinstance(item, int) else ids_by_slug.get(str(item), str(item)) for item in value]
    return sorted(ids, key=str)


def steps_for(entries: Iterable[AuditEntry]) -> list[Step]:
    """The entries with their themes as ids, ready for ``values_at``."""
    ids_by_slug = {slug: theme_id for slug, theme_id in db.session.execute(sa.select(Theme.slug, Theme.theme_id))}
    steps = []
    for entry in entries:
        changes = dict(entry.changes or {})
        if "themes" in changes:
            old, new = changes["themes"]
            changes["themes"] = [_theme_ids(old, ids_by_slug), _theme_ids(new, ids_by_slug)]
        steps.append(Step(entry.entity_version, changes))
    return steps


def version_values(asset: Asset, steps: list[Step], version: int) -> dict[str, Any]:
    """The record at ``version``. Raises HistoryError("unknown_version")."""
    if not 1 <= version <= asset.version:
        raise HistoryError("unknown_version")
    return values_at(current_values(asset), steps, version)


def restore_plan(asset: Asset, steps: list[Step], version: int) -> list[Difference]:
    """What restoring ``version`` would change: (current, restored) per field.

    A place is one fact: if any part of it changes, all of it is restored, so a ward never sits in
    the wrong authority.
    """
    now = version_values(asset, steps, asset.version)
    then = version_values(asset, steps, version)
    plan = [d for d in differences(now, then, RESTORED_FIELDS) if d.changed]
    if any(d.field in LOCATION_FIELDS for d in plan):
        moved = {d.field for d in plan}
        plan += [Difference(name, now.get(name), then.get(name)) for name in LOCATION_FIELDS if name not in moved]
    return plan


def restore_version(asset: Asset, version: int, expected_version: int, actor: User) -> list[Difference]:
    """Apply ``version``'s values as a new, audited change ("restore:v<version>").

    Raises HistoryError: stale if the record is no longer at ``expected_version``, unknown_version,
    nothing_to_restore, outside_authority, ward_gone.
    """
    if asset.version != expected_version:
        raise HistoryError("stale")
    plan = restore_plan(asset, steps_for(entries_for(asset)), version)
    if not plan:
        raise HistoryError("nothing_to_restore")
    values = {d.field: d.after for d in plan}
    la_code = values.get("la_code", asset.la_code)
    if not permissions.acts_for_authority(actor, la_code):
        raise HistoryError("outside_authority")
    ward_code = values.get("ward_code")
    if ward_code and db.session.get(Ward, ward_code) is None:
        raise HistoryError("ward_gone")
    if "themes" in values:  # a theme removed since that version stays gone
        values["themes"] = [item for item in values["themes"] or [] if isinstance(item, int)]
    asset.updated_at = utcnow()  # a row update even when only themes change, so the restore is a new version
    with db.session.no_autoflush:  # one flush: one UPDATE, one audit entry, one new version
        apply_values(asset, values, WriteContext(actor, channel_ref=f"restore:v{version}"))
    return plan


def load_names(entries: Iterable[AuditEntry] = ()) -> Names:
    """Names for every value a page of history may show: the people and workshops the entries mention."""
    entries = list(entries)
    user_ids = {entry.actor_id for entry in entries} | _mentioned(entries, "created_by_id")
    return labels.load_names(user_ids, _mentioned(entries, "workshop_id"))


def _mentioned(entries: list[AuditEntry], field: str) -> set[int]:
    return {value for entry in entries for value in (entry.changes or {}).get(field, ()) if isinstance(value, int)}
