"""Language choice: the ``lang`` query parameter, then the cookie, the account, the browser.

While Welsh is chosen every generated URL carries ``lang=cy``, so a link a user shares opens in
the language they were reading.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from babel.dates import format_date, format_datetime
from flask import Flask, Response, current_app, request, url_for
from flask_babel import get_locale, get_timezone
from flask_login import current_user

from abcd.extensions import db

LANG_COOKIE = "lang"
ONE_YEAR = 365 * 24 * 3600


def _languages() -> tuple[str, ...]:
    return tuple(current_app.config["LANGUAGES"])


def select_locale() -> str:
    langs = _languages()
    for candidate in (request.args.get("lang"), request.cookies.get(LANG_COOKIE)):
        if candidate in langs:
            return str(candidate)
    if current_user.is_authenticated and current_user.locale in langs:
        return str(current_user.locale)
    return request.accept_languages.best_match(langs) or langs[0]


def current_language() -> str:
    return str(get_locale() or "en")


def _add_language_to_urls(endpoint: str, values: dict[str, Any]) -> None:
    if endpoint == "static" or "lang" in values:
        return
    if current_language() != "en":
        values["lang"] = current_language()


def switch_language_url(language: str) -> str:
    """The page being viewed, in ``language``: the English/Cymraeg switch on every page."""
    args = {k: v for k, v in request.args.items() if k != "lang"}
    endpoint = request.endpoint
    if not endpoint or request.method != "GET" or endpoint == "static":
        return url_for("main.index", lang=language)
    values: dict[str, Any] = {**(request.view_args or {}), **args, "lang": language}
    return url_for(endpoint, **values)


def _remember_choice(response: Response) -> Response:
    chosen = request.args.get("lang")
    if chosen in _languages() and request.cookies.get(LANG_COOKIE) != chosen:
        response.set_cookie(LANG_COOKIE, chosen, max_age=ONE_YEAR, samesite="Lax", httponly=True)
    return response


def _store_account_preference() -> None:
    chosen = request.args.get("lang")
    if chosen in _languages() and current_user.is_authenticated and current_user.locale != chosen:
        current_user.locale = chosen  # used for anything the system sends this person
        db.session.commit()


def localised(record: Any, field: str) -> tuple[str | None, bool]:
    """A record's text in the current language, falling back to the other; (text, is_fallback)."""
    lang = current_language()
    other = "en" if lang == "cy" else "cy"
    preferred = getattr(record, f"{field}_{lang}", None)
    if preferred:
        return preferred, False
    fallback = getattr(record, f"{field}_{other}", None)
    return fallback, bool(fallback)


# (Babel locale, pattern) per language: "2 December 2026, 2:04pm"; Welsh writes yb/yh for am/pm.
DATE_PATTERNS = {
    "en": ("en_GB", "d MMMM y, h:mma"),
    "cy": ("cy", "d MMMM y, h:mmaaaa"),
}
DAY_PATTERNS = {"en": ("en_GB", "d MMMM y"), "cy": ("cy", "d MMMM y")}


def when(moment: datetime) -> str:
    """A stored UTC time as people read it, in Europe/London: "2 December 2026, 2:04pm" (Welsh in Welsh)."""
    locale, pattern = DATE_PATTERNS.get(current_language(), DATE_PATTERNS["en"])
    return format_datetime(moment, pattern, tzinfo=get_timezone(), locale=locale)


def day(moment: datetime | date) -> str:
    """A date as people read it: "2 December 2026" (Welsh in Welsh)."""
    locale, pattern = DAY_PATTERNS.get(current_language(), DAY_PATTERNS["en"])
    if isinstance(moment, datetime):
        return format_datetime(moment, pattern, tzinfo=get_timezone(), locale=locale)
    return format_date(moment, pattern, locale=locale)


def init_app(app: Flask) -> None:
    app.url_defaults(_add_language_to_urls)
    app.before_request(_store_account_preference)
    app.after_request(_remember_choice)
    app.jinja_env.filters.update(when=when, day=day)
    app.jinja_env.globals.update(
        get_locale=current_language, switch_language_url=switch_language_url, localised=localised
    )
