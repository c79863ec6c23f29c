"""How maps look: a colour and a symbol per ABCD kind, the choropleth palette and its classes. Pure.

Colour is never the only cue (WCAG 1.4.1): every kind also has its own shape, and every colour keeps
white text readable on it (at least 6:1) and stands out from light map tiles (at least 3:1).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Symbol:
    colour: str
    shape: str  # an SVG element drawn in a 20 x 20 box


SYMBOLS: dict[str, Symbol] = {
    "association": Symbol("#005A8C", '<circle cx="10" cy="10" r="8"/>'),
    "institution": Symbol("#A3461A", '<rect x="2.5" y="2.5" width="15" height="15"/>'),
    "place": Symbol("#00704F", '<path d="M10 1 19 10 10 19 1 10Z"/>'),
    "economy": Symbol("#7B3F8C", '<path d="M10 1.5 19 18H1Z"/>'),
    "culture": Symbol("#7A5200", '<path d="M10 1l2.6 6.1 6.6.5-5 4.4 1.6 6.5L10 15l-5.8 3.5 1.6-6.5-5-4.4 6.6-.5Z"/>'),
}
PEOPLE_COLOUR = "#4A4A4A"
MARKER_PX = 24  # an asset's marker: WCAG 2.2 target size (2.5.8) asks at least 24 x 24 CSS pixels

# The base layer (static/js/maps/base.js): land under the markers, and outlines readable on it and on tiles.
LAND_COLOUR = "#f6f3ea"
WARD_LINE = "#6e6e6e"  # 4.8:1 on the land
AUTHORITY_LINE = "#1b1b1b"

# Sequential (ColorBrewer YlGnBu), light to dark; wards with nothing recorded yet get NOT_YET_COLOUR.
CHOROPLETH = ("#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494")
NOT_YET_COLOUR = "#f7f7f7"


def symbol_svg(kind: str, size: int = 20, label: str | None = None) -> str:
    """An inline SVG of a kind's symbol; decorative (aria-hidden) unless a label is given."""
    symbol = SYMBOLS[kind]
    a11y = f'role="img" aria-label="{html.escape(label)}"' if label else 'aria-hidden="true" focusable="false"'
    return (
        f'<svg class="abcd-symbol" width="{size}" height="{size}" viewBox="0 0 20 20" {a11y}>'
        f'<g fill="{symbol.colour}" stroke="#fff" stroke-width="1.5">{symbol.shape}</g></svg>'
    )


def people_svg(size: int = 20) -> str:
    """The people layer's circle, for the legend."""
    return (
        f'<svg class="abcd-symbol" width="{size}" height="{size}" viewBox="0 0 20 20" aria-hidden="true" '
        f'focusable="false"><circle cx="10" cy="10" r="8" fill="{PEOPLE_COLOUR}" fill-opacity="0.3" '
        f'stroke="#1b1b1b" stroke-width="1.5"/></svg>'
    )


def swatch_svg(colour: str, size: int = 18) -> str:
    """A square of colour for a legend; presentation attributes, so no inline style for the CSP to block."""
    return (
        f'<svg class="abcd-swatch" width="{size}" height="{size}" viewBox="0 0 18 18" aria-hidden="true" '
        f'focusable="false"><rect x="0.5" y="0.5" width="17" height="17" fill="{colour}" stroke="#1b1b1b"/></svg>'
    )


def class_breaks(values: Sequence[float], classes: int = len(CHOROPLETH)) -> list[float]:
    """Upper bounds of up to ``classes`` quantile classes over the positive values, ascending and distinct.

    Zero is left out: a ward where nothing is recorded yet has a class of its own.
    """
    positive = sorted(v for v in values if v > 0)
    if not positive:
        return []
    breaks: list[float] = []
    for n in range(1, classes + 1):
        index = max(0, -(-n * len(positive) // classes) - 1)  # ceil(n * len / classes) - 1
        bound = positive[index]
        if not breaks or bound > breaks[-1]:
            breaks.append(bound)
    return breaks


def class_of(value: float, breaks: Sequence[float]) -> int:
    """0 for nothing recorded yet, else 1..len(breaks): the first class whose upper bound holds the value."""
    if value <= 0 or not breaks:
        return 0
    for number, bound in enumerate(breaks, start=1):
        if value <= bound:
            return number
    return len(breaks)


def class_colour(number: int, breaks: Sequence[float]) -> str:
    """Spread the classes in use over the palette, so three classes still run from light to dark."""
    if number == 0 or not breaks:
        return NOT_YET_COLOUR
    if len(breaks) == 1:
        return CHOROPLETH[-1]
    position = (number - 1) * (len(CHOROPLETH) - 1) / (len(breaks) - 1)
    return CHOROPLETH[round(position)]
