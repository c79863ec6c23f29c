"""Translated names for node kinds, link types and the network's colours, shared by pages, tables and JSON."""

from __future__ import annotations

from typing import Any

from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from abcd.assets.labels import KIND_LABELS
from abcd.links.labels import LINK_PHRASES
from abcd.links.models import LinkType

NODE_KIND_LABELS: dict[str, Any] = {
    "person": _l("Person"),
    **{kind.value: label for kind, label in KIND_LABELS.items()},
    "skill": _l("Gift or skill"),
}

# Okabe-Ito colours: distinguishable with the common kinds of colour blindness.
KIND_COLOURS = {
    "person": "#0072B2",
    "association": "#D55E00",
    "institution": "#009E73",
    "place": "#E69F00",
    "economy": "#CC79A7",
    "culture": "#56B4E9",
    "skill": "#7a7a7a",
}

# Phrases for the links that do not come from the links table: (from the source, from the target).
EXTRA_PHRASES: dict[str, tuple[Any, Any]] = {
    "offered_skill": (_l("Offers"), _l("Offered by")),
    "wanted_skill": (_l("Would like to learn"), _l("Wanted by")),
}


def link_phrase(link_type: str, from_source: bool) -> str:
    """How a link reads from one end: 'Member of' from the person, 'Has member' from the group."""
    phrases = EXTRA_PHRASES.get(link_type)
    if phrases is None:
        try:
            phrases = LINK_PHRASES[LinkType(link_type)]
        except (ValueError, KeyError):  # an unknown type reads as its name rather than failing the page
            return link_type
    return str(phrases[0] if from_source else phrases[1])


def kind_label(kind: str) -> str:
    return str(NODE_KIND_LABELS.get(kind, kind))


def describe_reasons(reasons: list[Any], theme_names: dict[str, str]) -> str:
    """A suggestion's reasons in words: 'shares themes: Music; in the same ward; 1.2 km away'."""
    words = []
    for reason in reasons:
        if reason.code == "themes":
            names = ", ".join(theme_names.get(slug, slug) for slug in reason.items)
            words.append(_("shares themes: %(themes)s", themes=names))
        elif reason.code == "skills":
            words.append(_("shares skills: %(skills)s", skills=", ".join(reason.items)))
        elif reason.code == "ward":
            words.append(_("in the same ward"))
        elif reason.code == "distance":
            words.append(_("%(km)s km away", km=format_decimal(reason.km, format="#,##0.0")))
        elif reason.code == "connector":
            words.append(_("a connector in the network"))
    return "; ".join(words)
