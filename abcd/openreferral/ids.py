"""Stable UUIDs for every record the feed exports, all derived from the asset's own UUID (which never changes).

A service's id is the asset's UUID. Its organisation, location and service-at-location get the asset's
UUID XOR-ed with a fixed mask per record type: distinct, still version-4 UUIDs (the masks leave the version
and variant bits alone), and reversible, so ``/organizations/{id}`` finds its asset without another column.
Records never looked up by id (addresses, accessibility, attributes) use UUID5 names under the asset.
Themes are a taxonomy whose term ids are UUID5 names of the theme's id, which is never reused.
"""

from __future__ import annotations

import uuid

NAMESPACE = uuid.UUID("501d341b-1f2f-4814-b84d-1064b9bb9e47")  # this app's open data; never change it
TAXONOMY_ID = str(uuid.uuid5(NAMESPACE, "taxonomy:themes"))

ORGANIZATION = 0x0B144C2FE892060832A2486A6774A8B0
LOCATION = 0x6C78DA89855B09EC0A9D96B4DC1CF4C7
SERVICE_AT_LOCATION = 0x9743239F0820083A2BDD02C5D723F169


def masked(asset_uuid: str, mask: int) -> str:
    """The id of the asset's record of one type; applied again, the asset's UUID."""
    return str(uuid.UUID(int=uuid.UUID(asset_uuid).int ^ mask))


def unmasked(record_id: str, mask: int) -> str | None:
    """The asset UUID behind a record id, or None if ``record_id`` is not a UUID."""
    try:
        return masked(record_id, mask)
    except ValueError:
        return None


def named(asset_uuid: str, name: str) -> str:
    return str(uuid.uuid5(uuid.UUID(asset_uuid), name))


def term_id(theme_id: int) -> str:
    return str(uuid.uuid5(NAMESPACE, f"theme:{theme_id}"))
