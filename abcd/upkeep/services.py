"""Checking records: who owns a record, marking it still correct (alone or in bulk), the officers' upkeep
list, and the public's "this is out of date" reports. Services never commit.

A check is written to ``AssetCheck`` (audited), not through the asset write path: saying "nothing changed"
changes no field, so it must not bump the record's version (an editor's open form would conflict) nor
append to the change feed (the graph would be told to move for nothing). Any real correction still goes
through ``abcd.changes.services`` as an edit or a proposal.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from abcd import permissions
from abcd.assets.models import Asset, AssetStatus
from abcd.auth.models import Role, User
from abcd.changes.models import Channel
from abcd.errors import DomainError
from abcd.extensions import db
from abcd.links.models import Link, LinkType, not_a_request
from abcd.models_base import utcnow
from abcd.people.models import Person
from abcd.upkeep.freshness import Freshness, due_by_sql, freshness_of
from abcd.upkeep.models import AssetCheck, OutdatedReport

REASON_MAX = 1000
LINK, OFFICER, BULK = "link", "officer", "bulk"


class UpkeepError(DomainError):
    """Codes: not_allowed (the record is not the actor's to check), nothing_chosen, reason_needed."""


def owners(asset: Asset) -> list[User]:
    """Who answers for a record: its organisers with an account, else whoever recorded it (enabled accounts)."""
    organisers = list(
        db.session.scalars(
            sa.select(User)
            .join(Person, Person.user_id == User.user_id)
            .join(Link, Link.source_person_id == Person.person_id)
            .where(
                Link.target_asset_id == asset.asset_id, Link.link_type == LinkType.ORGANISES, not_a_request(),
                User.is_enabled.is_(True),
            )
            .order_by(User.user_id)
        ).unique()
    )  # fmt: skip
    if organisers:
        return organisers
    recorder = db.session.get(User, asset.created_by_id) if asset.created_by_id else None
    return [recorder] if recorder is not None and recorder.is_enabled else []


def officers_of(la_code: str) -> list[User]:
    query = sa.select(User).where(User.role == Role.OFFICER, User.la_code == la_code, User.is_enabled.is_(True))
    return list(db.session.scalars(query.order_by(User.user_id)))


def may_check(user: User, asset: Asset) -> bool:
    """Officers of the record's authority, and its owners, may say it is still correct."""
    if asset.status is not AssetStatus.PUBLISHED or not user.is_enabled:
        return False
    return permissions.acts_for_authority(user, asset.la_code) or user in owners(asset)


def check_row(asset_id: int) -> AssetCheck:
    check = db.session.get(AssetCheck, asset_id)
    if check is None:
        check = AssetCheck(asset_id=asset_id, reminders_sent=0)
        db.session.add(check)
    return check


def mark_checked(asset: Asset, actor: User, how: str, at: datetime | None = None) -> AssetCheck:
    """Record that ``actor`` checked ``asset`` and found it correct; its reminders start again from zero.

    Raises UpkeepError("not_allowed") unless ``may_check``."""
    if not may_check(actor, asset):
        raise UpkeepError("not_allowed")
    db.session.info.update(actor_id=actor.user_id, channel=Channel.FORM.value, channel_ref=f"upkeep:{how}")
    check = check_row(asset.asset_id)
    check.checked_at = at or utcnow()
    check.checked_by_id = actor.user_id
    check.checked_how = how
    check.reminders_sent = 0
    check.reminded_at = None
    db.session.flush()
    return check


def bulk_confirm(actor: User, asset_ids: Collection[int]) -> int:
    """An officer marks several records checked at once (after a workshop); how many.

    Raises UpkeepError: nothing_chosen, or not_allowed when any record is not theirs (nothing is marked)."""
    if not asset_ids:
        raise UpkeepError("nothing_chosen")
    assets = list(db.session.scalars(sa.select(Asset).where(Asset.asset_id.in_(set(asset_ids)))))
    if len(assets) != len(set(asset_ids)) or not all(permissions.acts_for_authority(actor, a.la_code) for a in assets):
        raise UpkeepError("not_allowed")
    for asset in assets:
        mark_checked(asset, actor, BULK)
    return len(assets)


@dataclass(frozen=True)
class DueRecord:
    asset: Asset
    freshness: Freshness
    overdue: bool


def _authority_scope(actor: User) -> sa.ColumnElement[bool]:
    return sa.true() if permissions.is_admin(actor) else Asset.la_code == actor.la_code


def due_records(actor: User, now: datetime | None = None, limit: int = 500) -> list[DueRecord]:
    """Published records of the officer's authority (every one, for an admin) overdue or due soon, most
    overdue first."""
    moment = now or utcnow()
    soon = moment + timedelta(days=int(current_app.config["UPKEEP_DUE_SOON_DAYS"]))
    query = sa.select(Asset).where(Asset.status == AssetStatus.PUBLISHED, _authority_scope(actor), due_by_sql(soon))
    assets = list(db.session.scalars(query.limit(limit)))
    fresh = freshness_of(assets)
    rows = [DueRecord(a, fresh[a.asset_id], fresh[a.asset_id].overdue(moment)) for a in assets]
    return sorted(rows, key=lambda row: (row.freshness.due_at, row.asset.asset_id))


def report_outdated(asset: Asset, reason: str, reporter: User | None) -> OutdatedReport:
    """Anyone tells the authority's officers that a published record is out of date.

    Raises UpkeepError: not_allowed (not a published record), reason_needed."""
    if asset.status is not AssetStatus.PUBLISHED:
        raise UpkeepError("not_allowed")
    reason = (reason or "").strip()[:REASON_MAX]
    if not reason:
        raise UpkeepError("reason_needed")
    report = OutdatedReport(
        asset_id=asset.asset_id, la_code=asset.la_code, reason=reason,
        reported_by_id=reporter.user_id if reporter is not None else None,
    )  # fmt: skip
    db.session.add(report)
    db.session.flush()
    return report


def _open_reports_query(actor: User) -> sa.Select[tuple[OutdatedReport, Asset]]:
    query = sa.select(OutdatedReport, Asset).join(Asset, Asset.asset_id == OutdatedReport.asset_id)
    query = query.where(OutdatedReport.resolved_at.is_(None))
    if not permissions.is_admin(actor):
        query = query.where(OutdatedReport.la_code == actor.la_code)
    return query


def open_reports(actor: User, limit: int = 200) -> list[tuple[OutdatedReport, Asset]]:
    """Reports waiting for this officer's authority (all, for an admin), oldest first."""
    query = _open_reports_query(actor).order_by(OutdatedReport.reported_at, OutdatedReport.report_id)
    return [(report, asset) for report, asset in db.session.execute(query.limit(limit)).tuples()]


def resolve_report(actor: User, report: OutdatedReport) -> None:
    """Raises UpkeepError("not_allowed") unless the officer acts for the report's authority."""
    if not permissions.acts_for_authority(actor, report.la_code):
        raise UpkeepError("not_allowed")
    report.resolved_at = utcnow()
    report.resolved_by_id = actor.user_id
    db.session.flush()


@dataclass(frozen=True)
class UpkeepSummary:
    """What the officer home says: how many records need checking and how many reports wait."""

    overdue: int
    reports: int


def summary(actor: User) -> UpkeepSummary:
    now = utcnow()
    overdue = (
        sa.select(sa.func.count())
        .select_from(Asset)
        .where(Asset.status == AssetStatus.PUBLISHED, _authority_scope(actor), due_by_sql(now))
    )
    reports = sa.select(sa.func.count()).select_from(_open_reports_query(actor).subquery())
    return UpkeepSummary(int(db.session.scalar(overdue) or 0), int(db.session.scalar(reports) or 0))
