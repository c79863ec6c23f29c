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
