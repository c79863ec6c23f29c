"""The senders email can leave by: an outbox folder (development), SMTP, or GOV.UK Notify.

Senders are pure delivery: they take a rendered ``OutgoingEmail`` and know nothing of Flask.
"""

from __future__ import annotations

import smtplib
import ssl
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Any, Protocol


@dataclass(frozen=True)
class OutgoingEmail:
    """One rendered message: ``kind`` names its template (e.g. "reset_password"), for logs and Notify."""

    to: str
    subject: str
    text: str
    html: str | None = None
    locale: str = "en"
    kind: str = "message"


class Sender(Protocol):
    def deliver(self, email: OutgoingEmail) -> None: ...


def as_mime(email: OutgoingEmail, mail_from: str) -> EmailMessage:
    """The message as MIME: plain text first, HTML as the alternative when the template has one."""
    message = EmailMessage()
    message["From"] = mail_from
    message["To"] = email.to
    message["Subject"] = email.subject
    message["Date"] = format_datetime(datetime.now(UTC))
    message["Message-ID"] = make_msgid(domain=mail_from.rpartition("@")[2].strip("> ") or None)
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: out-of-office replies should not answer
    message.set_content(email.text)
    if email.html:
        message.add_alternative(email.html, subtype="html")
    message["Content-Language"] = email.locale  # after the content: set_content drops Content-* headers
    return message


@dataclass(frozen=True)
class OutboxSender:
    """Development: each message becomes an .eml file in ``folder``, to open in any mail program."""

    folder: Path
    mail_from: str

    def deliver(self, email: OutgoingEmail) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        path = self.folder / f"{stamp}-{email.kind}-{uuid.uuid4().hex[:8]}.eml"
        path.write_bytes(as_mime(email, self.mail_from).as_bytes())


@dataclass(frozen=True)
class SmtpSender:
    host: str
    port: int
    mail_from: str
    user: str = ""
    password: str = ""
    tls: str = "starttls"  # starttls | ssl | none
    timeout: int = 10

    def deliver(self, email: OutgoingEmail) -> None:
        message = as_mime(email, self.mail_from)
        context = ssl.create_default_context()
        if self.tls == "ssl":
            connection: smtplib.SMTP = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=context)
        else:
            connection = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        with connection as smtp:
            if self.tls == "starttls":
                smtp.starttls(context=context)
            if self.user:
                smtp.login(self.user, self.password)
            smtp.send_message(message)


def notify_payload(email: OutgoingEmail, template_id: str, template_id_cy: str = "") -> dict[str, Any]:
    """The arguments of Notify's ``send_email_notification``: one generic template, our own words in it."""
    chosen = template_id_cy if email.locale == "cy" and template_id_cy else template_id
    return {
        "email_address": email.to,
        "template_id": chosen,
        "personalisation": {"subject": email.subject, "body": email.text},
        "reference": email.kind,
    }


@dataclass(frozen=True)
class NotifySender:
    """GOV.UK Notify: the client posts to its API; Notify sends plain text from its template."""

    api_key: str
    template_id: str
    template_id_cy: str = ""
    base_url: str = "https://api.notifications.service.gov.uk"

    def deliver(self, email: OutgoingEmail) -> None:
        from notifications_python_client.notifications import NotificationsAPIClient

        client = NotificationsAPIClient(self.api_key, base_url=self.base_url)
        client.send_email_notification(**notify_payload(email, self.template_id, self.template_id_cy))


def sender_from_config(config: dict[str, Any], instance_path: str) -> Sender:
    """The sender the settings name (``MAIL_SENDER``: outbox, smtp or notify)."""
    kind = config["MAIL_SENDER"]
    mail_from = config["MAIL_FROM"]
    if kind == "smtp":
        return SmtpSender(
            host=config["SMTP_HOST"], port=int(config["SMTP_PORT"]), mail_from=mail_from,
            user=config["SMTP_USER"], password=config["SMTP_PASSWORD"], tls=config["SMTP_TLS"],
            timeout=int(config["SMTP_TIMEOUT"]),
        )  # fmt: skip
    if kind == "notify":
        return NotifySender(
            api_key=config["NOTIFY_API_KEY"], template_id=config["NOTIFY_TEMPLATE_ID"],
            template_id_cy=config["NOTIFY_TEMPLATE_ID_CY"], base_url=config["NOTIFY_BASE_URL"],
        )  # fmt: skip
    return OutboxSender(outbox_folder(config, instance_path), mail_from)


def outbox_folder(config: dict[str, Any], instance_path: str) -> Path:
    return Path(config.get("MAIL_OUTBOX_DIR") or Path(instance_path) / "outbox")
