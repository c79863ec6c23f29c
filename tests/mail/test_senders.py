"""The senders: the outbox writes .eml files, SMTP reaches a real server, Notify gets the right call."""

from __future__ import annotations

from email import message_from_bytes, policy
from pathlib import Path

import pytest
from flask import Flask

from abcd.auth.models import User
from abcd.config import ConfigError, load_config
from abcd.extensions import db
from abcd.mail.senders import (
    NotifySender,
    OutboxSender,
    OutgoingEmail,
    SmtpSender,
    notify_payload,
    sender_from_config,
)
from abcd.mail.services import compose, queue
from tests.mailserver import Mailbox, SmtpServer, text_of

EMAIL = OutgoingEmail(
    to="ann@example.org", subject="Ailosod eich cyfrinair", text="Helo Ann\n", html="<p>Helo Ann</p>",
    locale="cy", kind="reset_password",
)  # fmt: skip


def test_outbox_writes_one_readable_eml_file_per_message(tmp_path: Path) -> None:
    OutboxSender(tmp_path / "outbox", "Community Strengths <no-reply@example.org>").deliver(EMAIL)
    files = list((tmp_path / "outbox").glob("*.eml"))
    assert len(files) == 1
    assert "reset_password" in files[0].name
    message = message_from_bytes(files[0].read_bytes(), policy=policy.default)
    assert message["To"] == "ann@example.org"
    assert message["Subject"] == "Ailosod eich cyfrinair"
    assert message["Content-Language"] == "cy"
    assert "Helo Ann" in message.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
    assert "<p>Helo Ann</p>" in message.get_body(preferencelist=("html",)).get_content()  # type: ignore[union-attr]


def test_smtp_sender_delivers_to_a_real_server(smtp_server: SmtpServer, mailbox: Mailbox) -> None:
    SmtpSender("127.0.0.1", smtp_server.port, "no-reply@example.org", tls="none").deliver(EMAIL)
    [message] = mailbox.wait_for("ann@example.org")
    assert message["Subject"] == "Ailosod eich cyfrinair"
    assert text_of(message).strip() == "Helo Ann"


def test_notify_payload_uses_the_generic_template_with_our_words() -> None:
    # GOV.UK Notify cannot be reached from a test: this checks the call we would make, not a delivery.
    payload = notify_payload(EMAIL, template_id="tmpl-en", template_id_cy="tmpl-cy")
    assert payload == {
        "email_address": "ann@example.org",
        "template_id": "tmpl-cy",
        "personalisation": {"subject": "Ailosod eich cyfrinair", "body": "Helo Ann\n"},
        "reference": "reset_password",
    }
    english = OutgoingEmail(to="bob@example.org", subject="Hi", text="Hello\n", locale="en")
    assert notify_payload(english, "tmpl-en", "tmpl-cy")["template_id"] == "tmpl-en"
    assert notify_payload(EMAIL, "tmpl-en")["template_id"] == "tmpl-en"  # no Welsh template: the one there is


def test_config_names_the_sender(tmp_path: Path) -> None:
    settings = load_config({"ABCD_MAIL_SENDER": "notify", "ABCD_NOTIFY_API_KEY": "k", "ABCD_NOTIFY_TEMPLATE_ID": "t"})
    sender = sender_from_config(settings, str(tmp_path))
    assert isinstance(sender, NotifySender)
    assert sender.template_id == "t"
    smtp = sender_from_config(load_config({"ABCD_MAIL_SENDER": "smtp", "ABCD_SMTP_PORT": "2525"}), str(tmp_path))
    assert isinstance(smtp, SmtpSender)
    assert smtp.port == 2525
    assert smtp.tls == "starttls"  # encrypted unless told otherwise
    outbox = sender_from_config(load_config({}), str(tmp_path))
    assert outbox == OutboxSender(tmp_path / "outbox", settings["MAIL_FROM"])
    with pytest.raises(ConfigError, match="MAIL_SENDER"):
        load_config({"ABCD_MAIL_SENDER": "carrier-pigeon"})


def test_production_refuses_the_outbox_and_a_missing_public_url() -> None:
    from abcd.config import check_production_safety

    base = {"ABCD_ENV": "production", "ABCD_SECRET_KEY": "x" * 40}
    with pytest.raises(ConfigError, match="outbox"):
        check_production_safety(load_config(base))
    with pytest.raises(ConfigError, match="PUBLIC_URL"):
        check_production_safety(load_config({**base, "ABCD_MAIL_SENDER": "smtp"}))
    with pytest.raises(ConfigError, match="NOTIFY"):
        check_production_safety(
            load_config({**base, "ABCD_MAIL_SENDER": "notify", "ABCD_PUBLIC_URL": "https://x.example"})
        )


def test_mail_leaves_only_when_the_transaction_commits(app: Flask, mailbox: Mailbox) -> None:
    with app.test_request_context():
        user = User(email="ann@example.org", display_name="Ann", locale="en")
        queue(compose("verify_email", user.email, "en", user=user, link="https://x.example/v", days=7))
        db.session.rollback()
        queue(compose("verify_email", user.email, "en", user=user, link="https://x.example/v", days=7))
        db.session.commit()
    [message] = mailbox.wait_for("ann@example.org")
    assert "https://x.example/v" in text_of(message)
    assert len(mailbox.to("ann@example.org")) == 1
