"""Which sheet column fills which field: automatic by name and synonym (English and Welsh), overridable,
with constants per field; and turning one row's text into typed values, or the reasons it cannot be."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l

from abcd.assets.labels import field_label
from abcd.assets.models import AssetKind, AssetStatus, Theme
from abcd.demo.data import FACILITY_KINDS
from abcd.imports.sheets import Sheet, SheetRow
from abcd.text import whole_number

REF, ASSET_ID, VERSION = "ref", "asset_id", "version"
# Every field a column can fill, in the order the mapping step lists them.
FIELDS = (
    REF, ASSET_ID, VERSION, "name_en", "name_cy", "kind", "status", "description_en", "description_cy",
    "address", "postcode", "latitude", "longitude", "contact_name", "contact_email", "contact_phone",
    "website", "accessibility_info", "themes",
)  # fmt: skip
TEXT = frozenset({"name_en", "name_cy", "description_en", "description_cy", "address", "postcode",
                  "contact_name", "contact_email", "contact_phone", "website", "accessibility_info"})  # fmt: skip
# Fields a constant may fill: identifying columns differ on every row by nature.
CONSTANT_FIELDS = tuple(name for name in FIELDS if name not in (REF, ASSET_ID, VERSION))
EXTRA_LABELS = {
    REF: _l("The sheet's own id"),
    ASSET_ID: _l("Record number in this app"),
    VERSION: _l("Record version"),
}
SYNONYMS: dict[str, tuple[str, ...]] = {
    REF: ("id", "ref", "reference", "external id", "sheet id", "cyfeirnod", "dynodwr"),
    ASSET_ID: ("asset_id", "asset id", "record id", "record number", "rhif cofnod", "rhif y cofnod"),
    VERSION: ("version", "fersiwn"),
    "name_en": ("name", "name_en", "name en", "english name", "name in english", "title", "organisation",
                "venue", "enw", "enw saesneg", "enw yn saesneg"),
    "name_cy": ("name_cy", "name cy", "welsh name", "name in welsh", "enw cymraeg", "enw yn gymraeg", "enw cy"),
    "kind": ("kind", "type", "category", "kind of asset", "math", "categori", "math o ased"),
    "status": ("status", "statws"),
    "description_en": ("description", "description_en", "description in english", "about", "disgrifiad",
                       "disgrifiad saesneg"),
    "description_cy": ("description_cy", "welsh description", "description in welsh", "disgrifiad cymraeg"),
    "address": ("address", "street address", "cyfeiriad"),
    "postcode": ("postcode", "post code", "postal code", "zip", "cod post", "côd post"),
    "latitude": ("latitude", "lat", "lledred"),
    "longitude": ("longitude", "lon", "lng", "long", "hydred"),
    "contact_name": ("contact", "contact name", "contact_name", "cyswllt", "enw cyswllt"),
    "contact_email": ("email", "e-mail", "contact email", "contact_email", "ebost", "e-bost", "cyfeiriad e-bost"),
    "contact_phone": ("phone", "telephone", "tel", "phone number", "contact phone", "contact_phone", "ffon",
                      "ffôn", "rhif ffôn", "rhif ffon"),
    "website": ("website", "web", "url", "web address", "gwefan", "cyfeiriad gwe"),
    "accessibility_info": ("accessibility", "access", "accessibility_info", "hygyrchedd"),
    "themes": ("themes", "theme", "tags", "themâu", "themau", "thema"),
}  # fmt: skip
KIND_WORDS: dict[str, AssetKind] = {
    **{kind.value: kind for kind in AssetKind},
    **{word: AssetKind(kind) for word, (kind, _themes) in FACILITY_KINDS.items()},
    "group": AssetKind.ASSOCIATION, "club": AssetKind.ASSOCIATION, "cymdeithas": AssetKind.ASSOCIATION,
    "grwp": AssetKind.ASSOCIATION, "sefydliad": AssetKind.INSTITUTION, "place or venue": AssetKind.PLACE,
    "venue": AssetKind.PLACE, "lle": AssetKind.PLACE, "lle neu leoliad": AssetKind.PLACE,
    "local economy": AssetKind.ECONOMY, "business": AssetKind.ECONOMY, "economi leol": AssetKind.ECONOMY,
    "culture and stories": AssetKind.CULTURE, "diwylliant": AssetKind.CULTURE,
    "diwylliant a straeon": AssetKind.CULTURE,
}  # fmt: skip
STATUS_WORDS: dict[str, AssetStatus] = {
    "published": AssetStatus.PUBLISHED, "cyhoeddwyd": AssetStatus.PUBLISHED, "draft": AssetStatus.DRAFT,
    "drafft": AssetStatus.DRAFT, "archived": AssetStatus.ARCHIVED, "archifwyd": AssetStatus.ARCHIVED,
    "pending": AssetStatus.PENDING,  # read back from exports; the preview refuses it as a new value
}  # fmt: skip
_SPLIT_THEMES = re.compile(r"\s*[;|,]\s*")


def fold(text: str) -> str:
    """Text compared loosely: accents dropped, case folded, punctuation and spacing to single spaces."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", plain.casefold()).split())


_BY_SYNONYM = {fold(word): name for name, words in SYNONYMS.items() for word in words}


def label(name: str) -> str:
    return str(EXTRA_LABELS[name]) if name in EXTRA_LABELS else field_label(name)


def auto_map(columns: tuple[str, ...]) -> dict[str, str]:
    """{column: field} for the columns whose name is a field's name or synonym; each field once."""
    mapped: dict[str, str] = {}
    for column in columns:
        name = _BY_SYNONYM.get(fold(column))
        if name and name not in mapped.values():
            mapped[column] = name
    return mapped


@dataclass(frozen=True)
class Plan:
    """How a sheet is read: {column: field}, {field: constant text}, and the source its ids belong to."""

    columns: Mapping[str, str]
    constants: Mapping[str, str] = field(default_factory=dict)
    source: str | None = None

    def fields(self) -> set[str]:
        return set(self.columns.values()) | {name for name, value in self.constants.items() if value}

    def column_of(self, name: str) -> str:
        """The sheet column that fills a field (its label when a constant or nothing fills it)."""
        return next((column for column, mapped in self.columns.items() if mapped == name), label(name))


def plan_problems(plan: Plan, sheet: Sheet) -> list[Any]:
    """Why a plan cannot be used on a sheet (empty when it can), as messages to show."""
    problems: list[Any] = []
    mapped = list(plan.columns.values())
    for name in sorted({n for n in mapped if mapped.count(n) > 1}):
        problems.append(_l("Only one column can fill “%(field)s”.", field=label(name)))
    if unknown := sorted(set(plan.columns) - set(sheet.columns)):
        problems.append(_l("The file has no column “%(column)s”.", column=unknown[0]))
    fields = plan.fields()
    if not fields & {"name_en", ASSET_ID, REF}:
        problems.append(_l("Choose the column that holds the name."))
    if REF in fields and not plan.source:
        problems.append(_l("Give the source a name, so its ids can be recognised next time."))
    return problems


@dataclass
class Issue:
    """One thing wrong with a row: where (the sheet's column, or the field for a constant), and why."""

    column: str
    value: str
    message: Any


@dataclass
class ParsedRow:
    row: SheetRow
    values: dict[str, Any] = field(default_factory=dict)  # plain values for the fields this row fills
    issues: list[Issue] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)  # field -> the column it came from


def parse_row(row: SheetRow, plan: Plan, indexes: Mapping[str, int], themes: Mapping[str, Theme]) -> ParsedRow:
    """A row's typed values for the planned fields; what cannot be read becomes an Issue, never an error."""
    parsed = ParsedRow(row)
    raw: dict[str, tuple[str, str]] = {}
    for name, value in plan.constants.items():
        if value:
            raw[name] = (label(name), value)
    for column, name in plan.columns.items():
        cell = row.value(indexes[column])
        if cell or name not in raw:
            raw[name] = (column, cell)
    for name, (column, text) in raw.items():
        parsed.columns[name] = column
        try:
            parsed.values[name] = _convert(name, text, themes)
        except ValueError as error:
            parsed.issues.append(Issue(column, text, error.args[0]))
    return parsed


def _convert(name: str, text: str, themes: Mapping[str, Theme]) -> Any:
    if name in TEXT or name == REF:
        return text or None
    if not text:
        return [] if name == "themes" else None
    if name in (ASSET_ID, VERSION):
        number = whole_number(text)
        if number is None:
            raise ValueError(_l("Enter a whole number."))
        return number
    if name in ("latitude", "longitude"):
        return _number(text)
    if name == "kind":
        return _word(KIND_WORDS, text, _l("Use one of: association, institution, place, economy, culture.")).value
    if name == "status":
        return _word(STATUS_WORDS, text, _l("Use one of: published, draft, archived.")).value
    return _theme_ids(text, themes)


def _number(text: str) -> float:
    cleaned = text.replace(",", ".") if text.count(",") == 1 and "." not in text else text
    try:
        number = float(cleaned)
    except ValueError:
        raise ValueError(_l("Enter an ordinary number, for example 51.48.")) from None
    if not math.isfinite(number):
        raise ValueError(_l("Enter an ordinary number, for example 51.48."))
    return number


def _word(words: Mapping[str, Any], text: str, message: Any) -> Any:
    found = words.get(fold(text)) or words.get(fold(text).replace(" ", "_"))
    if found is None:
        raise ValueError(message)
    return found


def _theme_ids(text: str, themes: Mapping[str, Theme]) -> list[int]:
    ids = set()
    for word in filter(None, _SPLIT_THEMES.split(text)):
        theme = themes.get(fold(word))
        if theme is None:
            raise ValueError(_l("“%(theme)s” is not one of the themes.", theme=word))
        ids.add(theme.theme_id)
    return sorted(ids)


def themes_by_word(themes: list[Theme]) -> dict[str, Theme]:
    """Themes found by slug, English name or Welsh name, compared loosely."""
    found: dict[str, Theme] = {}
    for theme in themes:
        for word in (theme.slug, theme.name_en, theme.name_cy):
            found[fold(word)] = theme
    return found
