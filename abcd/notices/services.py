"""Sending notices in the recipient's own language, and reading one's inbox. Services never commit."""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from flask_babel import force_locale

from abcd.auth.models import User
from abcd.extensions import db
from abcd.mail import services as mail
from abcd.models_base import utcnow
from abcd.notices.models import Notice


def send(user: User, subject_and_body: Callable[[], tuple[str, str]], link_path: str | None = None) -> Notice:
    """Render ``subject_and_body`` in ``user``'s language (their account's choice) and store it for them;
    also email it when they have a verified address and did not opt out (sent once the caller commits)."""
    locale = user.locale or "en"
    with force_locale(locale):
        subject, body = subject_and_body()
    notice = Notice(user_id=user.user_id, subject=str(subject)[:200], body=str(body), link_path=link_path)
    db.session.add(notice)
    db.session.flush()
    if mail.wants_notice_email(user):
        mail.email_user(
            user, "notice", subject=notice.subject, body=notice.body,
            link=mail.path_url(link_path, locale) if link_path else None,
            inbox=mail.external_url("notices.inbox", locale), settings=mail.external_url("auth.email_settings", locale),
        )  # fmt: skip
    return notice


def inbox(user_id: int, limit: int = 200) -> list[Notice]:
    query = sa.select(Notice).where(Notice.user_id == user_id).order_by(Notice.notice_id.desc()).limit(limit)
    return list(db.session.scalars(query))


def unread_count(user_id: int) -> int:
    query = sa.select(sa.func.count()).where(Notice.user_id == user_id, Notice.read_at.is_(None))
    return int(db.session.scalar(query) or 0)


def mark_all_read(user_id: int) -> None:
    db.session.execute(
        sa.update(Notice).where(Notice.user_id == user_id, Notice.read_at.is_(None)).values(read_at=utcnow())
    )
