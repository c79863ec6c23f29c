"""Pure helpers behind the maps: colour classes, symbols and the fallback density grid."""

from __future__ import annotations

import math

import pytest

from abcd.maps.grid import cell_size_degrees, density_grid
from abcd.maps.styles import CHOROPLETH, NOT_YET_COLOUR, SYMBOLS, class_breaks, class_colour, class_of, symbol_svg


def test_breaks_are_quantiles_of_the_positive_values_only() -> None:
    assert class_breaks([0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) == [2, 4, 6, 8, 10]
    assert class_breaks([0, 0]) == []
    assert class_breaks([3, 3, 3]) == [3]  # distinct bounds only


def test_zero_has_its_own_class_and_colour() -> None:
    breaks = [2.0, 4.0, 6.0, 8.0, 10.0]
    assert [class_of(v, breaks) for v in (0, 1, 2, 3, 10, 99)] == [0, 1, 1, 2, 5, 5]
    assert class_colour(0, breaks) == NOT_YET_COLOUR
    assert [class_colour(n, breaks) for n in range(1, 6)] == list(CHOROPLETH)


def test_few_classes_still_run_from_light_to_dark() -> None:
    assert [class_colour(n, [1.0, 5.0]) for n in (1, 2)] == [CHOROPLETH[0], CHOROPLETH[-1]]
    assert class_colour(1, [7.0]) == CHOROPLETH[-1]


@pytest.mark.parametrize("kind", sorted(SYMBOLS))
def test_every_kind_has_a_distinct_shape_and_colour(kind: str) -> None:
    others = [s for k, s in SYMBOLS.items() if k != kind]
    assert SYMBOLS[kind].shape not in [o.shape for o in others]
    assert SYMBOLS[kind].colour not in [o.colour for o in others]
    assert 'aria-hidden="true"' in symbol_svg(kind)
    assert 'aria-label="A &lt;b&gt;"' in symbol_svg(kind, label="A <b>")


def test_grid_counts_points_per_square_of_about_a_kilometre() -> None:
    dlat, dlon = cell_size_degrees(1.0)
    cathays = (51.4891, -3.1784)
    near = (cathays[0] + dlat / 100, cathays[1] + dlon / 100)
    far = (51.5880, -2.9970)  # Newport
    cells = density_grid([cathays, near, far, (math.nan, 0.0)])

    assert sorted(cell.count for cell in cells) == [1, 2]
    busy = next(cell for cell in cells if cell.count == 2)
    assert busy.south <= cathays[0] < busy.north
    assert busy.west <= cathays[1] < busy.east
    assert busy.area_km2 == 1.0
    assert busy.density == 2.0
    ring = busy.polygon()[0]
    assert ring[0] == ring[-1]
    assert abs((busy.north - busy.south) * 111.32 - 1.0) < 0.01


def test_grid_refuses_a_cell_size_of_zero() -> None:
    with pytest.raises(ValueError, match="positive"):
        density_grid([], 0)
