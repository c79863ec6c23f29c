"""Assets found by what was typed, through the database's own full-text engine, best match first.

SQLite: the FTS5 table ``asset_search`` (external content over ``asset``, kept in step by triggers).
PostgreSQL: ``abcd_asset_document(...)``, an immutable tsvector of the same four fields, with a GIN index
on exactly that expression. Both index the English and Welsh names (weighted above) and descriptions,
folded for case and accents, and match every typed word as the start of a word: "cor" finds "Côr
Meibion", never "Co-op" or "Cowbridge". Migration 20261202_5ea4c4a11e50 creates both.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from abcd.assets.models import Asset
from abcd.extensions import db
from abcd.search.terms import Terms, fts5_query, parse_terms, tsquery
from abcd.search.vocabulary import synonym_map, vocabulary

FTS_TABLE = "asset_search"
# bm25 weights of name_en, name_cy, description_en, description_cy: a word in a name counts ten times more.
_BM25 = f"bm25({FTS_TABLE}, 10.0, 10.0, 1.0, 1.0)"


@dataclass(frozen=True)
class TextMatch:
    """How to keep only matching assets, and their rank (lower is a better match)."""

    query: sa.Select[tuple[Asset]]
    rank: ColumnElement[float]


def asset_terms(text: str) -> Terms:
    """The typed words with the vocabulary's synonyms: "guitar" also looks for "Music" and "Cerddoriaeth"."""
    return parse_terms(text, synonym_map(vocabulary()))


def _postgresql() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def _document() -> ColumnElement[Any]:
    return sa.func.abcd_asset_document(Asset.name_en, Asset.name_cy, Asset.description_en, Asset.description_cy)


def _tsquery(terms: Terms) -> ColumnElement[Any]:
    return sa.func.to_tsquery(sa.literal_column("'simple'::regconfig"), tsquery(terms))


def _fts5_match(terms: Terms) -> ColumnElement[bool]:
    return sa.literal_column(FTS_TABLE).op("MATCH")(fts5_query(terms))


def filter_assets(query: sa.Select[tuple[Asset]], terms: Terms) -> sa.Select[tuple[Asset]]:
    """``query`` narrowed to assets matching ``terms``, unranked: what a count or a map needs. Ranking costs
    more than finding (bm25 reads every match's statistics), so it is left to the one query that orders."""
    if _postgresql():
        return query.where(_document().op("@@")(_tsquery(terms)))
    found: sa.Select[tuple[int]] = sa.select(sa.literal_column("rowid", sa.Integer))
    return query.where(Asset.asset_id.in_(found.select_from(sa.table(FTS_TABLE)).where(_fts5_match(terms))))


def name_first(terms: Terms) -> ColumnElement[int]:
    """An ORDER BY term, 0 when every word is found in the English or Welsh name, else 1: the cheap order
    among records already ordered by something else (distance), where full ranking would be wasted."""
    if _postgresql():
        names = sa.func.to_tsvector(
            sa.literal_column("'simple'::regconfig"),
            sa.func.abcd_fold(sa.func.coalesce(Asset.name_en, "") + " " + sa.func.coalesce(Asset.name_cy, "")),
        )
        return sa.case((names.op("@@")(_tsquery(terms)), 0), else_=1)
    in_names: sa.Select[tuple[int]] = sa.select(sa.literal_column("rowid", sa.Integer))
    matched = sa.literal_column(FTS_TABLE).op("MATCH")("{name_en name_cy} : (" + fts5_query(terms) + ")")
    return sa.case((Asset.asset_id.in_(in_names.select_from(sa.table(FTS_TABLE)).where(matched)), 0), else_=1)


def match_assets(query: sa.Select[tuple[Asset]], terms: Terms) -> TextMatch:
    """``query`` narrowed to assets matching ``terms`` (call only with some), with a relevance rank."""
    if _postgresql():
        document, wanted = _document(), _tsquery(terms)
        # ts_rank grows with relevance; negated so that, as with bm25, the smallest comes first.
        rank = -sa.func.ts_rank(document, wanted)
        return TextMatch(query.where(document.op("@@")(wanted)), rank)
    found = (
        sa.select(sa.literal_column("rowid").label("asset_id"), sa.literal_column(_BM25).label("rank"))
        .select_from(sa.table(FTS_TABLE))
        .where(_fts5_match(terms))
        # Run once: as a plain subquery SQLite would look each asset up in the index again (a MATCH per row).
        .cte("text_match")
        .prefix_with("MATERIALIZED")
    )
    return TextMatch(query.join(found, found.c.asset_id == Asset.asset_id), found.c.rank)
