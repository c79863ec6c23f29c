"""A real SMTP server for the tests: aiosmtpd listening on 127.0.0.1, keeping what it receives.

The app under test sends through its ordinary SMTP sender (smtplib, over TCP); tests read the
messages this server accepted. Nothing is mocked between the app and the socket.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Mailbox:
    """Every message the server accepted, in order; thread-safe, since the server runs in its own thread."""

    messages: list[EmailMessage] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 -- aiosmtpd's hook name
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        with self.lock:
            self.messages.append(message)
        return "250 Message accepted for delivery"

    def clear(self) -> None:
        with self.lock:
            self.messages.clear()

    def to(self, address: str) -> list[EmailMessage]:
        with self.lock:
            return [m for m in self.messages if address.lower() in str(m["To"]).lower()]

    def wait_for(self, address: str, count: int = 1, timeout: float = 5.0) -> list[EmailMessage]:
        """The messages to ``address`` once at least ``count`` have arrived (delivery is asynchronous
        when a browser drives a live server)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.to(address)
            if len(found) >= count:
                return found
            time.sleep(0.05)
        raise AssertionError(f"expected {count} message(s) to {address}, got {len(self.to(address))}")


def text_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None, "the message has no plain-text part"
    return str(part.get_content())


def link_in(message: EmailMessage, path_fragment: str) -> str:
    """The first link in the plain text whose path contains ``path_fragment``."""
    for url in re.findall(r"https?://\S+", text_of(message)):
        if path_fragment in url:
            return str(url)
    raise AssertionError(f"no link with {path_fragment!r} in:\n{text_of(message)}")


@dataclass(frozen=True)
class SmtpServer:
    mailbox: Mailbox
    port: int

    @property
    def settings(self) -> dict[str, object]:
        """The app settings that send to this server."""
        return {"MAIL_SENDER": "smtp", "SMTP_HOST": "127.0.0.1", "SMTP_PORT": self.port, "SMTP_TLS": "none"}


def start() -> tuple[Controller, SmtpServer]:
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    return controller, SmtpServer(mailbox, port)
