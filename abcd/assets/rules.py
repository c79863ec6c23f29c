"""What makes an asset's input valid, once for every channel (forms, import, workshop, API).

Forms show these messages beside their fields; other channels report them per row or per request.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l

from abcd.text import has_forbidden_characters

if TYPE_CHECKING:
    from abcd.assets.services import AssetInput

LONG_TEXT = 5000
MAX_LENGTHS = {
    "name_en": 200, "name_cy": 200, "description_en": LONG_TEXT, "description_cy": LONG_TEXT,
    "address": 300, "postcode": 10, "contact_name": 100, "contact_email": 254, "contact_phone": 40,
    "website": 300, "accessibility_info": LONG_TEXT,
}  # fmt: skip
_PHONE = re.compile(r"^[0-9 +()\-]+$")
_WEBSITE = re.compile(r"^https?://[^\s/$.?#][^\s]*$")


@dataclass(frozen=True)
class Violation:
    field: str
    message: Any  # a lazy string, translated when shown


def check(data: AssetInput) -> list[Violation]:
    """Every rule the input breaks, by field; an empty list means it may be saved."""
    found: list[Violation] = []
    if not (data.name_en or "").strip():
        found.append(Violation("name_en", _l("Enter the name in English.")))
    for name, limit in MAX_LENGTHS.items():
        value = getattr(data, name)
        if isinstance(value, str) and has_forbidden_characters(value):
            found.append(Violation(name, _l("Remove the invisible control characters from this text.")))
        elif isinstance(value, str) and len(value) > limit:
            found.append(Violation(name, _l("Field cannot be longer than %(max)d characters.", max=limit)))
    found += _contact_rules(data)
    found += _location_rules(data)
    return found


def _contact_rules(data: AssetInput) -> list[Violation]:
    found = []
    if data.contact_email and len(data.contact_email) <= MAX_LENGTHS["contact_email"]:
        try:
            validate_email(data.contact_email, check_deliverability=False)
        except EmailNotValidError:
            found.append(Violation("contact_email", _l("Enter an email address like name@example.org.")))
    if data.contact_phone and not _PHONE.match(data.contact_phone):
        found.append(Violation("contact_phone", _l("Use only digits, spaces and + ( ) -.")))
    if data.website and not _WEBSITE.match(data.website):
        found.append(Violation("website", _l("Enter a web address starting with https://.")))
    return found


def _location_rules(data: AssetInput) -> list[Violation]:
    found = []
    for name, limit, message in (
        ("latitude", 90, _l("Latitude is a number between -90 and 90.")),
        ("longitude", 180, _l("Longitude is a number between -180 and 180.")),
    ):
        value = getattr(data, name)
        if value is not None and not math.isfinite(value):
            found.append(Violation(name, _l("Enter an ordinary number, for example 51.48.")))
        elif value is not None and not -limit <= value <= limit:
            found.append(Violation(name, message))
    has_point = data.latitude is not None and data.longitude is not None
    if not data.postcode and not has_point:
        found.append(Violation("postcode", _l("Enter a postcode, or a latitude and longitude.")))
    return found
