"""The asset map at 10,000 assets in Chromium, clusters from the server: from the three authorities down to a
single street, the total drawn in clusters and markers is always the list twin's count for the same view and
filters; clicking a cluster zooms into its box."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from abcd.extensions import db
from bench.synthetic_assets import insert_assets

SIZE = 10_000
CITY_CENTRE = (51.4816, -3.1791)  # Queen Street, Cardiff: the densest part of the synthetic city
STEPS = (10, 11, 12, 13, 14, 15, 16, 17, 18)


@pytest.fixture
def ten_thousand(app: Flask, geodata: object) -> None:
    """10,000 published assets around the real ward centres, inserted with Core (the benchmark's generator)."""
    with app.app_context():
        db.session.info["actor_id"] = None
        insert_assets(SIZE, seed=18)
        db.session.commit()
        db.session.remove()


def drawn(page: Page) -> int:
    return int(page.evaluate("() => document.getElementById('map_assets').dataset.abcdDrawn || '0'"))


def shown_on_the_map(page: Page) -> int:
    """Every number drawn in a cluster plus every single marker: what a reader can see is there."""
    counts = page.locator(".abcd-cluster-count").all_inner_texts()
    return sum(int(n) for n in counts) + page.locator(".abcd-marker").count()


def list_twin_count(page: Page, query: str) -> int:
    bbox = page.evaluate("() => document.getElementById('map_assets').dataset.abcdBbox")
    html = page.request.get(f"/maps/?{query}&bbox={bbox}").text()
    found = re.search(r'id="result-count"[^>]*>\s*(\d+) assets? found', html)
    assert found is not None, html[:500]
    return int(found.group(1))


def move_to(page: Page, zoom: int, centre: tuple[float, float]) -> None:
    before = drawn(page)
    page.evaluate(f"() => map_assets.setView([{centre[0]}, {centre[1]}], {zoom}, {{animate: false}})")
    page.wait_for_function(f"() => Number(document.getElementById('map_assets').dataset.abcdDrawn) > {before}")


@pytest.mark.usefixtures("ten_thousand")
@pytest.mark.parametrize("query", ["lang=en", "lang=en&kind=association"])
def test_clusters_add_up_to_the_list_twin_from_three_authorities_to_one_street(page: Page, query: str) -> None:
    page.goto(f"/maps/?{query}")
    page.wait_for_function("() => Number(document.getElementById('map_assets').dataset.abcdDrawn) > 0")
    everything = list_twin_count(page, query)
    if "kind" not in query:
        assert everything == SIZE  # the first view holds all three authorities
    expect(page.locator("#map-status")).to_have_text(f"Assets on the map: {everything}")
    assert shown_on_the_map(page) == everything
    assert page.locator(".abcd-cluster").count() < 400  # clusters, not ten thousand markers

    for zoom in STEPS:
        move_to(page, zoom, CITY_CENTRE)
        twin = list_twin_count(page, query)
        expect(page.locator("#map-status")).to_have_text(f"Assets on the map: {twin}")
        assert shown_on_the_map(page) == twin, f"zoom {zoom}"
    assert page.locator(".abcd-cluster").count() == 0  # a single street: every asset on its own
    markers = page.locator(".abcd-marker").count()
    assert markers == shown_on_the_map(page) < 400
    if "kind" not in query:  # the synthetic city always has something on Queen Street; one kind may not
        assert markers > 0


@pytest.mark.usefixtures("ten_thousand")
def test_clicking_a_cluster_zooms_into_its_box(page: Page) -> None:
    page.goto("/maps/")
    page.wait_for_function("() => Number(document.getElementById('map_assets').dataset.abcdDrawn) > 0")
    zoom = page.evaluate("() => map_assets.getZoom()")
    before = drawn(page)
    page.locator(".abcd-cluster").first.click()
    page.wait_for_function(f"() => Number(document.getElementById('map_assets').dataset.abcdDrawn) > {before}")
    assert page.evaluate("() => map_assets.getZoom()") > zoom
    assert shown_on_the_map(page) == list_twin_count(page, "lang=en")


@pytest.mark.usefixtures("ten_thousand")
def test_the_next_step_in_is_asked_for_ahead_and_drawn_from_memory(page: Page) -> None:
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url) if "/maps/clusters.json" in request.url else None)
    page.goto("/maps/")
    page.wait_for_function("() => Number(document.getElementById('map_assets').dataset.abcdDrawn) > 0")
    page.wait_for_timeout(500)  # the step in, asked for while the reader looks
    step_in = f"zoom={page.evaluate('() => map_assets.getZoom()') + 1}"
    assert len(asked) == 2
    assert asked[1].endswith(step_in)

    move_to_same_centre = "() => map_assets.setZoom(map_assets.getZoom() + 1, {animate: false})"
    before = drawn(page)
    page.evaluate(move_to_same_centre)
    page.wait_for_function(f"() => Number(document.getElementById('map_assets').dataset.abcdDrawn) > {before}")
    assert page.evaluate("() => document.getElementById('map_assets').dataset.abcdBbox") in asked[1]
    assert len([url for url in asked if url.endswith(step_in)]) == 1  # drawn from memory, not asked again
    assert shown_on_the_map(page) == list_twin_count(page, "lang=en")


DRAWN_CLUSTERS = """() => Array.from(document.querySelectorAll('.leaflet-marker-pane .abcd-cluster')).map((icon) => [
    icon.className.match(/abcd-kind-(\\w+)/)[1], Number(icon.querySelector('.abcd-cluster-count').textContent),
    Boolean(icon.abcdSeen)])"""


def answer_drawn(page: Page, asked: list[str]) -> dict[str, object]:
    """The clusters.json answer the map drew last: its view and zoom are on the map's element and the map."""
    bbox, zoom = page.evaluate("() => [document.getElementById('map_assets').dataset.abcdBbox, map_assets.getZoom()]")
    url = next(url for url in reversed(asked) if f"bbox={bbox}&zoom={zoom}" in url)
    answer: dict[str, object] = page.request.get(url).json()
    return answer


@pytest.mark.usefixtures("ten_thousand")
def test_a_step_in_redraws_the_clusters_in_the_answers_order_reusing_their_elements(page: Page) -> None:
    """A step in splits nearly every cluster: the map gives the existing elements the new clusters (number, place,
    box) instead of making hundreds anew, and the page's order (the keyboard's) is still the answer's."""
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url) if "/maps/clusters.json" in request.url else None)
    page.goto("/maps/")
    page.wait_for_function("() => Number(document.getElementById('map_assets').dataset.abcdDrawn) > 0")
    move_to(page, 12, CITY_CENTRE)
    before = page.evaluate(DRAWN_CLUSTERS)
    assert len(before) > 50
    page.evaluate("() => document.querySelectorAll('.abcd-cluster').forEach((icon) => { icon.abcdSeen = true; })")

    move_to(page, 13, CITY_CENTRE)
    after = page.evaluate(DRAWN_CLUSTERS)
    answer = answer_drawn(page, asked)
    clusters = answer["clusters"]
    assert isinstance(clusters, list)
    assert [[c["kind"], c["count"]] for c in clusters] == [[kind, count] for kind, count, _seen in after]
    assert [kind for kind, _count, _seen in before] != [kind for kind, _count, _seen in after]  # a new answer
    reused = sum(seen for _kind, _count, seen in after)
    assert reused >= min(len(before), len(after)) * 0.9, (reused, len(before), len(after))
    assert shown_on_the_map(page) == list_twin_count(page, "lang=en")
    transforms = page.locator(".leaflet-marker-pane .leaflet-marker-icon").evaluate_all(
        "(icons) => icons.map((icon) => icon.style.transform)"
    )
    assert all(t.startswith("translate(") for t in transforms), transforms[:3]  # flat: no compositing layer each

    # A reused element zooms to its new cluster's box, not to the one it was first made for.
    index = next(i for i, (_kind, count, seen) in enumerate(after) if seen and count > 1)
    box = clusters[index]["bbox"]
    zoom = page.evaluate("() => map_assets.getZoom()")
    before_click = drawn(page)
    page.locator(".leaflet-marker-pane .abcd-cluster").nth(index).click()
    page.wait_for_function(f"() => Number(document.getElementById('map_assets').dataset.abcdDrawn) > {before_click}")
    assert page.evaluate("() => map_assets.getZoom()") > zoom
    assert page.evaluate(f"() => map_assets.getBounds().contains([[{box[1]}, {box[0]}], [{box[3]}, {box[2]}]])"), (
        "the view holds the clicked cluster's box"
    )
