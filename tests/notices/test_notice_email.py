"""Notices are also emailed, in the recipient's language, to a verified address unless they opted out."""

from __future__ import annotations

from flask import Flask
from flask_babel import gettext as _

from abcd.extensions import db
from abcd.notices import services as notices
from abcd.notices.models import Notice
from tests import factories
from tests.mailserver import Mailbox, link_in, text_of


def _compose() -> tuple[str, str]:
    return _("Your suggestion was approved"), _("Thank you. %(name)s is now shown to everyone.", name="Neuadd")


def test_notice_is_stored_and_emailed_in_the_users_language(app: Flask, app_ctx: Flask, mailbox: Mailbox) -> None:
    user = factories.make_user(email="dewi@example.org", display_name="Dewi", locale="cy")
    notices.send(user, _compose, link_path="/assets/12")
    db.session.commit()
    [message] = mailbox.wait_for("dewi@example.org")
    stored = db.session.query(Notice).one()
    assert message["Subject"] == stored.subject
    assert stored.body in text_of(message)
    assert link_in(message, "/assets/12").endswith("/assets/12?lang=cy")
    assert "/notices/?lang=cy" in text_of(message)
    assert "Cryfderau Cymunedol" in text_of(message)


def test_no_email_without_a_verified_address_or_after_opting_out(app_ctx: Flask, mailbox: Mailbox) -> None:
    unproven = factories.make_user(email="unproven@example.org", email_verified_at=None)
    quiet = factories.make_user(email="quiet@example.org", email_notices=False)
    told = factories.make_user(email="told@example.org")
    for user in (unproven, quiet, told):
        notices.send(user, _compose)
    db.session.commit()
    mailbox.wait_for("told@example.org")
    assert mailbox.to("unproven@example.org") == mailbox.to("quiet@example.org") == []
    assert db.session.query(Notice).count() == 3  # every notice is still kept on the site


def test_a_rolled_back_notice_sends_nothing(app_ctx: Flask, mailbox: Mailbox) -> None:
    user = factories.make_user(email="undone@example.org")
    notices.send(user, _compose)
    db.session.rollback()
    notices.send(factories.make_user(email="done@example.org"), _compose)
    db.session.commit()
    mailbox.wait_for("done@example.org")
    assert mailbox.to("undone@example.org") == []
