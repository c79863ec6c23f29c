"""Translated names for audiences, gifts and skill modes."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from abcd.models_base import Visibility
from abcd.people.models import EnteredBy, GiftType, LawfulBasis, SkillMode

# Most private first: the form's first choice is the default (privacy by default).
VISIBILITY_LABELS: dict[Visibility, Any] = {
    Visibility.PRIVATE: _l("Only me"),
    Visibility.OFFICERS: _l("Community officers only"),
    Visibility.MEMBERS: _l("Signed-in members"),
    Visibility.PUBLIC: _l("Everyone (public)"),
}

# Shown beside every "who can see" choice: which officers "community officers" are.
OFFICERS_MEANING = _l(
    "“Community officers” are the officers of your own council: the council of your ward or, if you "
    "give no ward, the council of the officer who recorded you. Site administrators see what officers see."
)

GIFT_LABELS: dict[GiftType, Any] = {
    GiftType.HEAD: _l("Head: things I know about"),
    GiftType.HEART: _l("Heart: things I care about"),
    GiftType.HANDS: _l("Hands: things I can do"),
}

MODE_LABELS: dict[SkillMode, Any] = {
    SkillMode.OFFERED: _l("I can share this"),
    SkillMode.WANTED: _l("I would like to learn this"),
}

ENTERED_BY_LABELS: dict[EnteredBy, Any] = {
    EnteredBy.SELF: _l("the person themselves"),
    EnteredBy.OFFICER: _l("a community officer"),
    EnteredBy.WORKSHOP: _l("a workshop"),
}

BASIS_LABELS: dict[LawfulBasis, Any] = {
    LawfulBasis.CONSENT: _l("Consent"),
    LawfulBasis.PUBLIC_TASK: _l("Public task"),
    LawfulBasis.EXPLICIT_CONSENT: _l("Explicit consent"),
}


def choices(labels: dict[Any, Any]) -> list[tuple[str, Any]]:
    return [(member.value, label) for member, label in labels.items()]


# The sections of "Everything we hold about you" (``privacy.data_held``), headed in the reader's language.
DATA_SECTION_LABELS: dict[str, Any] = {
    "account": _l("Your account"),
    "messages_sent": _l("Messages you sent"),
    "assets_created": _l("Records you created"),
    "suggestions": _l("My suggestions"),
    "notices": _l("Notices"),
    "profile": _l("Your profile"),
    "skills": _l("Gifts and skills"),
    "links": _l("Links"),
    "consents": _l("Consent records"),
    "messages_received": _l("Messages you received"),
    "manager_requests": _l("Records you manage or asked to manage"),
}


# What each item on a confirmation or manage page is (abcd.people.confirmation.RecordedItem.kind).
ITEM_LABELS: dict[str, Any] = {
    "name": _l("Your name"),
    "ward": _l("Your ward"),
    "group": _l("A group you belong to"),
    SkillMode.OFFERED.value: _l("A skill you can share"),
    SkillMode.WANTED.value: _l("A skill you would like to learn"),
}
