"""Language choice: the ``lang`` query parameter, then the cookie, the account, the browser.

While Welsh is chosen every generated URL carries ``lang=cy``, so a link a user shares opens in
the language they were reading.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import Flask, Response, current_app, request, url_for
from flask_babel import get_locale
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


def url_with_query(endpoint: str | None = None, **changes: Any) -> str:
    """A URL for ``endpoint`` (default: this page) keeping this request's query string, with ``changes``
    (a value of None removes that name). Pagination, filters kept across a form, the language switch.

    Built as text rather than through url_for: the query is the visitor's, and passed as url_for
    keywords a name like ``endpoint`` or ``_method`` broke the page (and then the error page).
    """
    path = f"{request.script_root}{request.path}" if endpoint is None else url_for(endpoint, lang=None)
    kept = [(name, value) for name, value in request.args.items(multi=True) if name not in changes]
    if "lang" not in changes and "lang" not in request.args and current_language() != "en":
        kept.append(("lang", current_language()))
    query = urlencode([*kept, *((name, value) for name, value in changes.items() if value is not None)])
    return f"{path}?{query}" if query else path


def switch_language_url(language: str) -> str:
    """The page being viewed, in ``language``: the English/Cymraeg switch on every page."""
    if not request.endpoint or request.method != "GET" or request.endpoint == "static":
        return url_for("main.index", lang=language)
    return url_with_query(lang=language)


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


def init_app(app: Flask) -> None:
    app.url_defaults(_add_language_to_urls)
    app.before_request(_store_account_preference)
    app.after_request(_remember_choice)
    app.jinja_env.globals.update(
        get_locale=current_language,
        switch_language_url=switch_language_url,
        url_with_query=url_with_query,
        localised=localised,
    )
