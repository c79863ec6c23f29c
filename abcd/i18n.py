"""Language choice (the ``lang`` query parameter, then the cookie, the account, the browser), and the
one place that picks a record's English or Welsh text and sorts names in the reader's alphabet.
The account's stored choice changes only through the switch's own signed link.

While Welsh is chosen every generated URL carries ``lang=cy``, so a link a user shares opens in
the language they were reading.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any, TypeVar
from urllib.parse import urlencode

import sqlalchemy as sa
from babel.dates import format_date, format_datetime
from flask import Flask, Response, current_app, redirect, request, url_for
from flask_babel import format_timedelta, get_locale, get_timezone
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug.wrappers import Response as WerkzeugResponse

from abcd.extensions import db
from abcd.models_base import utcnow

T = TypeVar("T")
LANG_COOKIE = "lang"
SWITCH_MARKER = "switched"  # on the switch's own link: see _store_account_preference
SWITCH_MAX_AGE = 24 * 3600
ONE_YEAR = 365 * 24 * 3600


def _languages() -> tuple[str, ...]:
    return tuple(current_app.config["LANGUAGES"])


def select_locale() -> str:
    langs = _languages()
    chosen = explicit_language()
    if chosen is not None:
        return chosen
    if current_user.is_authenticated and current_user.locale in langs:
        return str(current_user.locale)
    return request.accept_languages.best_match(langs) or langs[0]


def visitor_locale() -> str:
    """The language a visitor who is not signed in reads in (what ``select_locale`` answers for them),
    without loading anyone's account: the page cache keys pages on it before any view runs."""
    langs = _languages()
    return explicit_language() or request.accept_languages.best_match(langs) or langs[0]


def explicit_language() -> str | None:
    """The language the reader chose on this site (the switch's parameter or its cookie), if any; the
    browser's own preference is not a choice made here."""
    for candidate in (request.args.get("lang"), request.cookies.get(LANG_COOKIE)):
        if candidate in _languages():
            return str(candidate)
    return None


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


def _switch_signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="language-switch")


def switch_language_url(language: str) -> str:
    """The page being viewed, in ``language``: the English/Cymraeg switch on every page.

    For a signed-in reader the link carries a marker signed for them (and their current session), so only
    their own click on the switch changes the language stored on their account.
    """
    marker = _switch_signer().dumps([current_user.get_id(), language]) if current_user.is_authenticated else None
    values: dict[str, Any] = {"lang": language, SWITCH_MARKER: marker}
    if not request.endpoint or request.method != "GET" or request.endpoint == "static":
        return url_for("main.index", **values)
    return url_with_query(**values)


def _remember_choice(response: Response) -> Response:
    chosen = request.args.get("lang")
    if chosen in _languages() and request.cookies.get(LANG_COOKIE) != chosen:
        response.set_cookie(LANG_COOKIE, chosen, max_age=ONE_YEAR, samesite="Lax", httponly=True)
    return response


def _marker_is_theirs(marker: str, language: str) -> bool:
    try:
        signed = _switch_signer().loads(marker, max_age=SWITCH_MAX_AGE)
    except BadSignature:  # forged, altered or expired
        return False
    return bool(signed == [current_user.get_id(), language])


def _store_account_preference() -> WerkzeugResponse | None:
    """Store the language on the account only when its owner used the switch: ``?lang=`` alone is a GET
    anyone can put in a link or an image, and must not change an account. The marker is then taken out
    of the address, so it is never bookmarked or shared."""
    marker = request.args.get(SWITCH_MARKER)
    if marker is None or request.method != "GET":
        return None
    chosen = request.args.get("lang")
    if (
        chosen in _languages()
        and current_user.is_authenticated
        and current_user.locale != chosen
        and _marker_is_theirs(marker, str(chosen))
    ):
        current_user.locale = chosen  # used for anything the system sends this person
        db.session.commit()
    return redirect(url_with_query(**{SWITCH_MARKER: None}))


def in_language(english: str | None, welsh: str | None, language: str) -> tuple[str | None, bool]:
    """Of a pair of texts, the one in ``language``, else the other; (text, is_fallback). Pure."""
    preferred, other = (welsh, english) if language == "cy" else (english, welsh)
    if preferred:
        return preferred, False
    return other, bool(other)


def localised(record: Any, field: str, language: str | None = None) -> tuple[str | None, bool]:
    """A record's ``<field>_en``/``<field>_cy`` text in the current language (or ``language``), falling
    back to the other; (text, is_fallback). The one place that chooses between a record's two texts.
    ``record`` is a model, any object with those attributes, or a mapping (a change's proposed values)."""
    english, welsh = (_value(record, f"{field}_{suffix}") for suffix in ("en", "cy"))
    return in_language(english, welsh, language or current_language())


def _value(record: Any, key: str) -> str | None:
    value = record.get(key) if isinstance(record, Mapping) else getattr(record, key, None)
    return str(value) if value else None


def record_name(record: Any, field: str = "name", language: str | None = None) -> str:
    """A record's name (or other bilingual ``field``) as plain text for titles, sentences, choices and
    stored words: the reader's language, else the other; "" when it has neither."""
    return localised(record, field, language)[0] or ""


def field_language(field: str) -> str | None:
    """The language of a bilingual field's values ("name_en" -> "en"), for a ``lang`` attribute; else None."""
    language = field.rpartition("_")[2]
    return language if language in ("en", "cy") and field.endswith(f"_{language}") else None


# Welsh letters written with two characters sort as one letter, after their first character's letter:
# a b c ch d dd e f ff g ng h i l ll m n o p ph r rh s t th u w y. (A digraph is occasionally two letters,
# as the "n-g" of "Bangor"; dictionaries list those by hand, and a list of names can live without it.)
_WELSH_ALPHABET = ("a", "b", "c", "ch", "d", "dd", "e", "f", "ff", "g", "ng", "h", "i", "j", "l", "ll", "m",
                   "n", "o", "p", "ph", "r", "rh", "s", "t", "th", "u", "w", "y")  # fmt: skip
_WELSH_RANK = {letter: rank for rank, letter in enumerate(_WELSH_ALPHABET)}
_DIGRAPHS = frozenset(letter for letter in _WELSH_ALPHABET if len(letter) == 2)
_ACCENTS = str.maketrans("âêîôûŵŷáéíóúẃýàèìòùẁỳäëïöüẅÿ", "aeiouwyaeiouwyaeiouwyaeiouwy")


def welsh_sort_key(text: str) -> tuple[tuple[int, str], ...]:
    """Sort key putting ``text`` in Welsh alphabetical order (ch after c, ll after l, ng after g...),
    ignoring case and accents; characters outside the Welsh alphabet sort after it, by code point."""
    plain = text.casefold().translate(_ACCENTS)
    key: list[tuple[int, str]] = []
    index = 0
    while index < len(plain):
        pair = plain[index : index + 2]
        letter = pair if pair in _DIGRAPHS else plain[index]
        index += len(letter)
        key.append((_WELSH_RANK.get(letter, len(_WELSH_ALPHABET)), letter))
    return tuple(key)


def sort_key(text: str, language: str | None = None) -> tuple[tuple[int, str], ...]:
    """Sort key for ``text`` in the reader's language: Welsh order on Welsh pages, else case-insensitive."""
    if (language or current_language()) == "cy":
        return welsh_sort_key(text)
    return ((0, text.casefold()),)


def sql_name(english: Any, welsh: Any, language: str) -> Any:
    """SQL for a record's name in ``language`` (the other when it has none), to order a query by.
    Databases order the digraphs as two letters; lists short enough to sort in Python use ``by_name``."""
    if language != "cy":
        return english
    return sa.func.coalesce(sa.func.nullif(welsh, ""), english)


def by_name(records: Iterable[T], field: str = "name") -> list[T]:
    """Records sorted by their name in the reader's language, in that language's alphabetical order."""
    language = current_language()
    return sorted(records, key=lambda record: sort_key(record_name(record, field, language), language))


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


def ago(moment: datetime) -> str:
    """How long ago a stored UTC time was, in the reader's language: "5 minutes ago", "5 munud yn ôl"."""
    return format_timedelta(moment - utcnow(), add_direction=True)


def init_app(app: Flask) -> None:
    app.url_defaults(_add_language_to_urls)
    app.before_request(_store_account_preference)
    app.after_request(_remember_choice)
    app.jinja_env.filters.update(when=when, day=day, ago=ago)
    app.jinja_env.globals.update(
        get_locale=current_language, switch_language_url=switch_language_url, localised=localised,
        record_name=record_name, field_language=field_language, url_with_query=url_with_query,
    )  # fmt: skip
    app.jinja_env.filters.update(record_name=record_name, by_name=by_name)
