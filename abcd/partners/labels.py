"""Translated names for offer categories and directions, and partner-finder reasons in words."""

from __future__ import annotations

from typing import Any

from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from abcd.partners.matching import Reason
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


def _category_names(codes: tuple[str, ...]) -> str:
    return ", ".join(str(CATEGORY_LABELS[OfferCategory(code)]).lower() for code in codes)


def explain(reasons: list[Reason], theme_names: dict[str, str]) -> str:
    """'3 people in common; works on Music; 1.2 km away': why a partner fits, in the reader's language."""
    words = []
    for reason in reasons:
        if reason.code == "people":
            words.append(ngettext("%(num)d person in common", "%(num)d people in common", reason.count))
        elif reason.code == "links":
            words.append(ngettext("%(num)d shared connection", "%(num)d shared connections", reason.count))
        elif reason.code == "they_offer_skills":
            words.append(_("offers skills you are looking for: %(skills)s", skills=", ".join(reason.items)))
        elif reason.code == "want_your_skills":
            words.append(_("is looking for skills you offer: %(skills)s", skills=", ".join(reason.items)))
        elif reason.code == "themes":
            names = ", ".join(theme_names.get(slug, slug) for slug in reason.items)
            words.append(_("works on %(themes)s", themes=names))
        elif reason.code == "they_offer":
            words.append(_("offers %(things)s, which you are looking for", things=_category_names(reason.items)))
        elif reason.code == "they_seek":
            words.append(_("is looking for %(things)s, which you offer", things=_category_names(reason.items)))
        elif reason.code == "distance":
            words.append(_("%(km)s km away", km=format_decimal(reason.km, format="#,##0.0")))
    return "; ".join(words)
