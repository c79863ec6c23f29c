"""Escalating review reminders: up to three to a record's owners, then one to its authority's officers.

Each email carries a one-click "still correct" link: a signed token naming the record and the recipient,
valid for ``UPKEEP_LINK_DAYS``. Following it shows a confirmation page; only its POST (with CSRF) records
the check. Emails leave when the caller commits. Services never commit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from abcd.assets.models import Asset, AssetStatus
from abcd.auth.models import User
from abcd.extensions import db
from abcd.mail.services import email_user, external_url
from abcd.models_base import utcnow
from abcd.upkeep.freshness import due_by_sql, freshness_of
from abcd.upkeep.models import AssetCheck
from abcd.upkeep.services import check_row, officers_of, owners

OWNER_STEPS = 3
OFFICERS_STEP = OWNER_STEPS + 1
TOKEN_SALT = "upkeep-still-correct"  # noqa: S105 -- a signing salt (a namespace), not a secret


def _signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=TOKEN_SALT)


def issue_token(asset: Asset, user: User) -> str:
    return _signer().dumps([asset.asset_id, user.user_id])


def read_token(token: str) -> tuple[int, int] | None:
    """The (asset id, user id) a link names, or None when it is forged, malformed or expired."""
    max_age = int(current_app.config["UPKEEP_LINK_DAYS"]) * 24 * 3600
    try:
        asset_id, user_id = _signer().loads(token, max_age=max_age)
        return int(asset_id), int(user_id)
    except (BadSignature, ValueError, TypeError):
        return None


@dataclass
class ReminderReport:
    by_step: dict[int, int] = field(default_factory=dict)  # records reminded at each step
    emails: int = 0

    @property
    def records(self) -> int:
        return sum(self.by_step.values())


def _reachable(users: list[User]) -> list[User]:
    return [u for u in users if u.email_verified_at is not None and u.is_enabled]


def _next_step(check: AssetCheck | None, now: datetime, gap: timedelta) -> int | None:
    sent = check.reminders_sent if check is not None else 0
    if sent >= OFFICERS_STEP:
        return None  # the officers know; nothing more until someone checks it
    if sent and check is not None and check.reminded_at is not None and now < check.reminded_at + gap:
        return None
    return sent + 1


def send_reminders(now: datetime | None = None) -> ReminderReport:
    """Remind about every published record that falls due within ``UPKEEP_FIRST_REMINDER_DAYS``: the next
    step for each, once its gap has passed. A record with no owner to email goes straight to the officers."""
    moment = now or utcnow()
    config = current_app.config
    lead = timedelta(days=int(config["UPKEEP_FIRST_REMINDER_DAYS"]))
    gap = timedelta(days=int(config["UPKEEP_REMINDER_GAP_DAYS"]))
    query = sa.select(Asset).where(Asset.status == AssetStatus.PUBLISHED, due_by_sql(moment + lead))
    assets = list(db.session.scalars(query.order_by(Asset.asset_id)))
    fresh = freshness_of(assets)
    report = ReminderReport()
    for asset in assets:
        step = _next_step(db.session.get(AssetCheck, asset.asset_id), moment, gap)
        if step is None:
            continue
        recipients = _reachable(owners(asset)) if step <= OWNER_STEPS else []
        if not recipients:
            step, recipients = OFFICERS_STEP, _reachable(officers_of(asset.la_code))
        for user in recipients:
            _email(user, asset, step, fresh[asset.asset_id].due_at)
        check = check_row(asset.asset_id)
        check.reminders_sent, check.reminded_at = step, moment
        report.by_step[step] = report.by_step.get(step, 0) + 1
        report.emails += len(recipients)
    db.session.flush()
    return report


def _email(user: User, asset: Asset, step: int, due_at: datetime) -> None:
    locale = user.locale or "en"
    email_user(
        user, "upkeep_reminder", asset=asset, step=step, to_officers=step == OFFICERS_STEP, due_at=due_at,
        link=external_url("upkeep.still_correct", locale, token=issue_token(asset, user)),
        page=external_url("assets.detail", locale, asset_id=asset.asset_id),
    )  # fmt: skip
