"""Consent re-confirmation reminders: before a listing lapses, ask the person, in their language.

People with an account get a notice (emailed too, per their settings); people an officer recorded who
gave an address get an email with a fresh manage link. Each consent is reminded about once.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial

import sqlalchemy as sa
from flask_babel import format_date
from flask_babel import gettext as _

from abcd.auth.models import User
from abcd.extensions import db
from abcd.mail.services import compose, external_url, queue
from abcd.models_base import utcnow
from abcd.notices import services as notices
from abcd.people import confirmation, consent
from abcd.people.models import ConsentRecord, Person


def due_for_reminder(days_before: int, moment: datetime) -> list[tuple[ConsentRecord, Person]]:
    query = (
        sa.select(ConsentRecord, Person)
        .join(Person, Person.person_id == ConsentRecord.person_id)
        .where(
            ConsentRecord.purpose == consent.PROFILE,
            ConsentRecord.withdrawn_at.is_(None),
            ConsentRecord.reminded_at.is_(None),
            ConsentRecord.reconfirm_by >= moment,
            ConsentRecord.reconfirm_by <= moment + timedelta(days=days_before),
            Person.withdrawn_at.is_(None),
        )
        .order_by(ConsentRecord.consent_id)
    )
    return [(record, person) for record, person in db.session.execute(query).tuples()]


def send_reconfirm_reminders(days_before: int, now: datetime | None = None) -> int:
    """Remind everyone whose listing lapses within ``days_before`` days; how many were reminded."""
    moment = now or utcnow()
    reminded = 0
    for record, person in due_for_reminder(days_before, moment):
        lapses = record.reconfirm_by or moment
        user = db.session.get(User, person.user_id) if person.user_id else None
        if user is not None:
            notices.send(user, partial(_reminder_notice, lapses), link_path="/people/me")
        elif person.contact_email and person.confirmed_at is not None:
            token = confirmation.issue_manage_token(person)  # the old one may be lost: this replaces it
            link = external_url("people.manage", person.contact_locale, token=token)
            queue(compose("reconfirm_reminder", person.contact_email, person.contact_locale,
                          name=person.display_name, link=link, date=lapses))  # fmt: skip
        else:
            continue  # nobody to ask: the listing lapses on its date
        record.reminded_at = moment
        reminded += 1
    db.session.flush()
    return reminded


def _reminder_notice(lapses: datetime) -> tuple[str, str]:
    return (
        _("Do you still want to be listed on Community Strengths?"),
        _(
            "You agreed to be listed on Community Strengths. We ask again every two years. Unless you confirm "
            "by %(date)s, your listing will be hidden from everyone. Open your profile and give your consent again "
            "to keep it.",
            date=format_date(lapses, "long"),
        ),
    )
