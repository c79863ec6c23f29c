"""The directory: published assets found by text (abcd.search: full text, best match first), kind, area, theme
and place (nearest first, within a radius); unpublished ones (drafts, suggestions waiting for review,
archived) only for their authors and their authority's officers, by a status filter. The map's data, the
API, exports and feeds read the same query, so every channel finds the same records."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import sqlalchemy as sa
from flask_sqlalchemy.pagination import SelectPagination
from sqlalchemy.sql.elements import ColumnElement

from abcd import permissions
from abcd.assets.models import Asset, AssetKind, AssetStatus, Theme
from abcd.extensions import db
from abcd.i18n import sql_name
from abcd.search.assets import asset_terms, filter_assets, match_assets, name_first
from abcd.search.distance import nearest_reach, ordered_by_distance, within_km, within_reach
from abcd.search.places import Point, read_place
from abcd.search.terms import Terms
from abcd.text import clean_query
from abcd.upkeep.freshness import overdue_last


@dataclass(frozen=True)
class DirectoryFilters:
    text: str = ""
    kind: AssetKind | None = None
    la_code: str | None = None
    ward_code: str | None = None
    theme: str | None = None
    status: AssetStatus | None = None  # an unpublished status; None lists the published records
    near: Point | None = None  # nearest first from here
    radius_km: int | None = None  # only with ``near``
    typed: str = ""  # the search box as typed, when part of it named the place ("choir near CF24 4AB")
    place_error: tuple[str, str] | None = None  # (PlaceError code, detail): nothing is listed, a message says why

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> DirectoryFilters:
        """Read filters from a query string; a malformed filter is ignored, never an error. A place that
        cannot be found (an unknown postcode, coordinates not on Earth) is kept as ``place_error``.
        Reads the postcode and ward tables, so needs an app context."""
        kind_value = args.get("kind", "")
        kind = AssetKind(kind_value) if kind_value in set(AssetKind) else None
        status_value = args.get("status", "")
        status = AssetStatus(status_value) if status_value in UNPUBLISHED else None
        typed = clean_query(args.get("q"))
        place = read_place(typed, args)
        return cls(
            text=place.text,
            typed=typed,
            near=place.near,
            radius_km=place.radius_km,
            place_error=place.error,
            kind=kind,
            la_code=clean_query(args.get("la"), 9) or place.la_code,
            ward_code=clean_query(args.get("ward"), 9) or None,
            theme=clean_query(args.get("theme"), 60) or None,
            status=status,
        )

    def is_filtered(self) -> bool:
        return any((self.typed, self.text, self.kind, self.la_code, self.ward_code, self.theme, self.status, self.near))

    @cached_property
    def terms(self) -> Terms:
        """The words to look for, with the vocabulary's synonyms (read once per search, not per query)."""
        return asset_terms(self.text)

    @property
    def search_box(self) -> str:
        """What the search box shows: as typed."""
        return self.typed or self.text


UNPUBLISHED = frozenset({AssetStatus.DRAFT.value, AssetStatus.PENDING.value, AssetStatus.ARCHIVED.value})


def _listed(status: AssetStatus | None, viewer: Any) -> ColumnElement[bool]:
    """Published records for everyone; an unpublished status only over what the viewer may see: their own
    records, and their authority's if they are an officer (every authority's for an admin).
    The SQL twin of ``permissions.can_view_asset`` for unpublished records."""
    if status is None or not permissions.is_signed_in(viewer):
        return Asset.status == AssetStatus.PUBLISHED
    if permissions.is_admin(viewer):
        return Asset.status == status
    mine = Asset.created_by_id == viewer.user_id
    scope = sa.or_(mine, Asset.la_code == viewer.la_code) if permissions.is_officer(viewer) else mine
    return sa.and_(Asset.status == status, scope)


def offers_status_filter(viewer: Any) -> bool:
    """Whether the directory shows the status filter: to officers, and to anyone with unpublished records."""
    if permissions.is_officer(viewer):
        return True
    if not permissions.is_signed_in(viewer):
        return False
    query = sa.select(Asset.asset_id).where(
        Asset.created_by_id == viewer.user_id, Asset.status != AssetStatus.PUBLISHED
    )
    return db.session.scalar(query.limit(1)) is not None


def directory_query(
    filters: DirectoryFilters, viewer: Any = None, language: str = "en", *, ranked: bool = True
) -> sa.Select[tuple[Asset]]:
    """The directory's records for ``filters``: nearest first with a place, else best match first with text,
    then by name in ``language`` (those that need checking after the rest); without a ``viewer`` (maps,
    feeds) only published ones. Nothing for a place that could not be found. ``ranked=False``: the same
    records in no order, without computing relevance (for counts, maps and anything that orders itself)."""
    query = sa.select(Asset).where(_listed(filters.status, viewer))
    if filters.place_error:
        query = query.where(sa.false())
    ranks: list[Any] = []
    terms = filters.terms if filters.text else None
    if terms and ranked and not filters.near:
        match = match_assets(query, terms)
        query, ranks = match.query, [match.rank]
    elif terms:  # nearest first, the words only break ties of distance: found, not fully ranked
        query, ranks = filter_assets(query, terms), [name_first(terms)] if ranked else []
    elif filters.text:  # only punctuation: nothing to look for, so nothing found
        query = query.where(sa.false())
    if filters.near and filters.radius_km:
        query = query.where(*within_km(filters.near, filters.radius_km, Asset.latitude, Asset.longitude))
    if filters.kind:
        query = query.where(Asset.kind == filters.kind)
    if filters.la_code:
        query = query.where(Asset.la_code == filters.la_code)
    if filters.ward_code:
        query = query.where(Asset.ward_code == filters.ward_code)
    if filters.theme:
        query = query.where(Asset.themes.any(Theme.slug == filters.theme))
    if not ranked:
        return query
    # Records that need checking rank after the rest: still listed, never hidden (a published listing only).
    needs_checking = [overdue_last()] if filters.status is None else []
    if filters.near:
        query = ordered_by_distance(query, filters.near, Asset.latitude, Asset.longitude)
    return query.order_by(*ranks, *needs_checking, sql_name(Asset.name_en, Asset.name_cy, language), Asset.asset_id)


class DirectoryPage(SelectPagination):
    """One page of the directory. Counted without ranking; nearest first, only the records no farther than
    the page's last one are ranked and sorted (found first from the position index), not every one in range."""

    _total: int | None = None  # the count, when the page's reach found it

    def _query_items(self) -> list[Any]:
        select: sa.Select[tuple[Asset]] = self._query_args["select"]
        near: Point | None = self._query_args["near"]
        if near is not None:
            reach = nearest_reach(
                self._query_args["unranked"], near, Asset.latitude, Asset.longitude, self._query_offset + self.per_page
            )
            select, self._total = within_reach(select, reach, near, Asset.latitude, Asset.longitude), reach.total
        return list(db.session.scalars(select.limit(self.per_page).offset(self._query_offset)))

    def _query_count(self) -> int:
        if self._total is not None:  # found with the page's reach
            return self._total
        unranked: sa.Select[tuple[Asset]] = self._query_args["unranked"]
        return db.session.scalar(sa.select(sa.func.count()).select_from(unranked.subquery())) or 0


def directory_page(
    filters: DirectoryFilters, viewer: Any = None, language: str = "en", page: int = 1, per_page: int = 20
) -> DirectoryPage:
    """Page ``page`` of the directory for ``filters``, with the total (an empty page past the end)."""
    return DirectoryPage(
        select=directory_query(filters, viewer, language),
        unranked=directory_query(filters, viewer, language, ranked=False),
        near=filters.near,
        session=db.session,
        page=page,
        per_page=per_page,
        error_out=False,
    )
