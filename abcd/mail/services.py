"""Writing and sending email: rendered in the recipient's language, sent only once the database commits.

Services queue messages on the database session; they leave after a successful commit (a rolled-back
password reset or notice must not be announced) and are dropped on rollback. A failed delivery is
logged, never raised: the request that caused it has already succeeded.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, current_app, has_request_context, request
from flask_babel import force_locale
from jinja2 import TemplateNotFound
from sqlalchemy import event
from sqlalchemy.orm import Session

from abcd.auth.models import User
from abcd.extensions import db
from abcd.mail.senders import OutgoingEmail, Sender, sender_from_config

log = logging.getLogger(__name__)
QUEUE_KEY = "outgoing_mail"
DEVELOPMENT_URL = "http://127.0.0.1:5000"


def init_app(app: Flask) -> None:
    app.extensions["abcd_mail"] = sender_from_config(app.config, app.instance_path)


def current_sender() -> Sender:
    sender: Sender = current_app.extensions["abcd_mail"]
    return sender


def compose(kind: str, to: str, locale: str, **context: Any) -> OutgoingEmail:
    """Render ``templates/mail/<kind>.txt`` (its ``subject`` block and its body) and, when it exists,
    ``mail/<kind>.html``, in ``locale``."""
    env = current_app.jinja_env
    with force_locale(locale or "en"):
        values = {"locale": locale, "site_url": external_url("main.index", locale), **context}
        text_template = env.get_template(f"mail/{kind}.txt")
        subject = "".join(text_template.blocks["subject"](text_template.new_context(values))).strip()
        text = text_template.render(values).strip() + "\n"
        try:
            html: str | None = env.get_template(f"mail/{kind}.html").render({**values, "subject": subject})
        except TemplateNotFound:
            html = None
    return OutgoingEmail(to=to, subject=" ".join(subject.split()), text=text, html=html, locale=locale, kind=kind)


def queue(email: OutgoingEmail) -> None:
    """Send ``email`` when the current transaction commits."""
    session = db.session()
    if not session.in_transaction():
        session.begin()  # so that a rollback before any query still drops the message
    session.info.setdefault(QUEUE_KEY, []).append((current_sender(), email))


def email_user(user: User, kind: str, **context: Any) -> OutgoingEmail:
    """Queue a message to an account holder, in their language. Account messages (verification,
    password reset) always go; callers decide whether a notice is wanted (``wants_notice_email``)."""
    email = compose(kind, user.email, user.locale or "en", user=user, **context)
    queue(email)
    return email


def wants_notice_email(user: User) -> bool:
    """Copies of notices go only to an address the person proved is theirs, unless they opted out."""
    return user.email_verified_at is not None and user.email_notices and user.is_enabled


def _base_url() -> str:
    configured = current_app.config["PUBLIC_URL"]
    return str(configured or (request.host_url if has_request_context() else DEVELOPMENT_URL)).rstrip("/")


def external_url(endpoint: str, locale: str = "en", **values: Any) -> str:
    """An absolute link for an email, on ``PUBLIC_URL``, opening in the recipient's language."""
    parts = urlsplit(_base_url())
    adapter = current_app.url_map.bind(parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme)
    if locale and locale != "en":
        values["lang"] = locale
    return adapter.build(endpoint, values, force_external=True)


def path_url(path: str, locale: str = "en") -> str:
    """An absolute link for a path inside this app (a notice's ``link_path``), in the recipient's language."""
    language = f"{'&' if '?' in path else '?'}lang={locale}" if locale and locale != "en" else ""
    return f"{_base_url()}/{path.lstrip('/')}{language}"


@event.listens_for(Session, "after_commit")
def _deliver_after_commit(session: Session) -> None:
    for sender, email in session.info.pop(QUEUE_KEY, []):
        try:
            sender.deliver(email)
        except Exception:  # a mail server's failure must not undo what was committed; never log the address
            log.exception("Could not send a %s email", email.kind)


@event.listens_for(Session, "after_soft_rollback")  # also when no query ran, unlike "after_rollback"
def _drop_after_rollback(session: Session, _previous: Any) -> None:
    session.info.pop(QUEUE_KEY, None)
