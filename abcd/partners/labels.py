"""Translated names for offer categories and directions, and partner-finder reasons in words."""

from __future__ import annotations

from typing import Any

from flask_babel import format_decimal, format_percent, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from abcd.partners.matching import Match, Reason
from abcd.partners.models import OfferCategory, OfferDirection

DIRECTION_LABELS: dict[OfferDirection, Any] = {
    OfferDirection.OFFERS: _l("Offers"),
    OfferDirection.SEEKS: _l("Is looking for"),
}

CATEGORY_LABELS: dict[OfferCategory, Any] = {
    OfferCategory.SPACE: _l("Space"),
    OfferCategory.EQUIPMENT: _l("Equipment"),
    OfferCategory.TIME: _l("Time"),
    OfferCategory.EXPERTISE: _l("Expertise"),
    OfferCategory.THEME: _l("Theme"),
    OfferCategory.SKILL: _l("Skill"),
    OfferCategory.AUDIENCE: _l("Audience"),
}


def _category_name(code: str) -> str:
    return str(CATEGORY_LABELS[OfferCategory(code)]).lower()


def _number(value: float) -> str:
    return str(format_decimal(value, format="#,##0.#"))


def _reason_words(reason: Reason, theme_names: dict[str, str]) -> str:
    """One part of a score in plain words (without its points)."""
    items = reason.items
    if reason.code == "asked_skill":
        return _("asked for %(wanted)s: they offer this skill", wanted=items[0])
    if reason.code == "asked_skill_theme":
        theme = theme_names.get(items[1], items[1])
        return _("asked for %(wanted)s: they work on %(theme)s", wanted=items[0], theme=theme)
    if reason.code == "asked_theme":
        return _("asked for %(theme)s: they work on it", theme=theme_names.get(items[0], items[0]))
    if reason.code == "asked_resource":
        return _("asked for %(thing)s: they offer it", thing=_category_name(items[0]))
    if reason.code == "they_seek_skill":
        return _("they look for %(wanted)s, which is on offer here", wanted=items[0])
    if reason.code == "they_seek":
        return _("they look for %(wanted)s, which is on offer here", wanted=_category_name(items[0]))
    if reason.code == "offered_theme":
        return _("on offer here for %(theme)s: they work on it", theme=theme_names.get(items[0], items[0]))
    if reason.code == "themes":
        return _("also works on %(themes)s", themes=", ".join(theme_names.get(slug, slug) for slug in items))
    if reason.code == "people":
        return ngettext("%(num)d person in common", "%(num)d people in common", reason.count)
    if reason.code == "links":
        return ngettext("%(num)d shared connection", "%(num)d shared connections", reason.count)
    if reason.code == "distance":
        return _(
            "%(km)s km away, so it counts %(percent)s", km=format_decimal(reason.km, format="#,##0.0"),
            percent=format_percent(reason.points),
        )  # fmt: skip
    return _("distance not known, so it counts %(percent)s", percent=format_percent(reason.points))


def explain(reasons: list[Reason], theme_names: dict[str, str]) -> list[str]:
    """Every part of a score in the reader's language, with its points: 'asked for Music: they work on
    Music (+3)', '3.1 km away, so it counts 81%'."""
    words = []
    for reason in reasons:
        text = _reason_words(reason, theme_names)
        words.append(text if reason.code in ("distance", "no_distance") else f"{text} (+{_number(reason.points)})")
    return words


def score_words(match: Match) -> str:
    """'Score 2.4: 3 points for what fits, counted at 81% for distance.'"""
    return _(
        "Score %(score)s: %(points)s points for what fits, counted at %(percent)s for distance.",
        score=format_decimal(match.score, format="#,##0.0"), points=_number(match.relevance),
        percent=format_percent(match.factor),
    )  # fmt: skip
