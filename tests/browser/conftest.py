"""Real-browser fixtures: the app served on 127.0.0.1 with CSRF on, Debian's Chromium through Playwright.

Every test that uses ``page`` also proves, on teardown, that the browser logged no console error,
threw no uncaught exception, opened no dialog and sent no request anywhere but 127.0.0.1.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Browser, ConsoleMessage, Dialog, Page, Request, Route, sync_playwright
from werkzeug.serving import make_server

from abcd import create_app
from tests.conftest import dispose, require, test_config
from tests.factories import PASSWORD
from tests.mailserver import SmtpServer

HERE = Path(__file__).resolve().parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
LEAVING_THE_MACHINE = re.compile(r"^https?://(?!127\.0\.0\.1[:/])")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
TIMEOUT_MS = 10_000


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Everything under tests/browser drives a real browser: mark it so it can be selected or skipped."""
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.browser)


# --- the live app ---------------------------------------------------------------------------------


def buffered(wsgi_app: Any) -> Any:
    """Read each response whole and close it at once. Chromium drops connections it no longer needs
    (a favicon, a script after navigation); werkzeug's development server then leaves the static
    file open until garbage collection, which the strict warning filter turns into a test error."""

    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        result = wsgi_app(environ, start_response)
        try:
            return [b"".join(result)]
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()

    return app


@pytest.fixture(scope="session")
def live_server(app: Flask, database_url: str, smtp_server: SmtpServer) -> Iterator[str]:
    """A second app on the same (already migrated) database, with CSRF protection on as in production,
    sending its email to the test SMTP server."""
    live_app = create_app(test_config(database_url, WTF_CSRF_ENABLED=True, **smtp_server.settings))
    live_app.wsgi_app = buffered(live_app.wsgi_app)  # type: ignore[method-assign]
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    dispose(live_app)
    server.server_close()
    thread.join(timeout=5)


# --- the browser ----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    require(CHROMIUM.exists(), f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class BrowserLog:
    """What went wrong in the browser during one test; every list must be empty at the end."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def problems(self) -> dict[str, list[str]]:
        return {name: entries for name, entries in vars(self).items() if entries}


@pytest.fixture
def browser_log() -> BrowserLog:
    return BrowserLog()


@pytest.fixture
def page(browser: Browser, live_server: str, browser_log: BrowserLog) -> Iterator[Page]:
    context = browser.new_context(base_url=live_server, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)

    def block_external(route: Route, request: Request) -> None:
        browser_log.external_requests.append(request.url)
        route.abort()

    context.route(LEAVING_THE_MACHINE, block_external)
    page = context.new_page()

    def record_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            browser_log.console_errors.append(f"{message.text} (at {message.location.get('url')})")

    def record_dialog(dialog: Dialog) -> None:
        browser_log.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("console", record_console)
    page.on("pageerror", lambda error: browser_log.page_errors.append(str(error)))
    page.on("dialog", record_dialog)
    yield page
    context.close()
    assert not browser_log.problems(), f"the browser reported problems: {browser_log.problems()}"


# --- helpers for tests ----------------------------------------------------------------------------


def sign_in(page: Page, email: str, password: str = PASSWORD) -> None:
    """Sign in through the real form (with its CSRF token), as a person would."""
    page.goto("/auth/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text("You are signed in.").wait_for()


@cache
def _axe_source() -> str:
    import axe_playwright_python

    package = Path(axe_playwright_python.__file__).parent
    scripts = sorted(package.glob("axe*.js"))
    assert scripts, f"no bundled axe-core script found in {package}"
    return scripts[0].read_text(encoding="utf-8")


def axe_check(page: Page, tags: list[str] = WCAG_TAGS, enable: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """Run axe-core in the page (injected by evaluate, which a strict CSP does not block); the violations.

    ``enable`` switches on rules axe leaves off by default, e.g. "target-size" (WCAG 2.2, 2.5.8)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source())
    result: dict[str, Any] = page.evaluate(
        """async ([tags, enable]) => await axe.run(document, {
            runOnly: {type: 'tag', values: tags},
            rules: Object.fromEntries(enable.map((rule) => [rule, {enabled: true}])),
            resultTypes: ['violations'],
        })""",
        [tags, list(enable)],
    )
    return list(result["violations"])


def describe_violations(violations: list[dict[str, Any]]) -> str:
    """One readable block per rule: id, impact, help text and the selector of each failing node."""
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} [{violation.get('impact')}]: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}: {node['html'][:200]}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"      {summary[:300]}")
    return "\n".join(lines)


def assert_accessible(page: Page, enable: tuple[str, ...] = ()) -> None:
    violations = axe_check(page, enable=enable)
    assert not violations, f"axe found WCAG 2.2 AA violations on {page.url}:\n{describe_violations(violations)}"
