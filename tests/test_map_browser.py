"""The service map in a real browser (#24): every practice can be hovered at its own place."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from hopelib import charts, compare, load_catalogue, load_partners, load_taxonomy
from hopelib.charts.base import shorten
from hopelib.config import PROJECT_ROOT

pytestmark = pytest.mark.browser

REAL = PROJECT_ROOT / "data"
ARTIFACTS = PROJECT_ROOT / "test-artifacts"


def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize(("partner", "lang"), [(None, "en"), ("seinajoki", "fi")])
def test_every_located_practice_can_be_hovered_on_the_map(
    offline_page: Any, tmp_path: Path, partner: str | None, lang: str
) -> None:
    catalogue = load_catalogue(REAL, lang)
    located = catalogue.dropna(subset=["location_lat", "location_lon"])
    assert len(located) == 14
    # Seven of Seinäjoki's practices share one place in the data.
    assert (located["location_place"] == "Seinäjoki").sum() == 7
    figure = charts.map_chart(
        catalogue,
        partner=partner,  # the reports' map: this partner's points drawn larger
        partners=load_partners(REAL),
        labels=compare.term_labels(load_taxonomy(REAL), "categories", lang),
        lang=lang,
    )
    page = tmp_path / "map.html"
    page.write_text(
        "<!doctype html><meta charset=utf-8><title>map</title>"
        + str(charts.geo_assets_script())
        + str(charts.figure_html(figure, include_plotlyjs=True)),
        encoding="utf-8",
    )
    offline_page.set_viewport_size({"width": 1100, "height": 800})
    offline_page.goto(page.as_uri())
    points = offline_page.locator(".scattergeo .point")
    points.first.wait_for(timeout=30_000)
    assert points.count() == len(located)
    plot = offline_page.locator(".main-svg").first.bounding_box()
    assert plot is not None

    centres = []
    for k in range(points.count()):
        box = points.nth(k).bounding_box()
        assert box is not None
        centres.append((box["x"] + box["width"] / 2, box["y"] + box["height"] / 2))
    # Distinct screen positions, none closer than a few pixels to another.
    for i, (x, y) in enumerate(centres):
        for u, v in centres[i + 1 :]:
            assert (x - u) ** 2 + (y - v) ** 2 >= 6**2, (x, y, u, v)

    hovered = set()
    for x, y in centres:
        offline_page.mouse.move(plot["x"] + 2, plot["y"] + 2)  # off every point first
        offline_page.mouse.move(x, y)
        card = offline_page.locator(".hoverlayer .hovertext").first
        card.wait_for(timeout=10_000)
        text = _words(
            card.evaluate(
                "el => [...el.querySelectorAll('text.nums tspan.line')]"
                ".map(t => t.textContent).join(' ') || el.textContent"
            )
        )
        hovered.add(text)
        box = card.bounding_box()
        assert box is not None
        # The hover card stays inside the map.
        assert box["x"] >= plot["x"] and box["x"] + box["width"] <= plot["x"] + plot["width"]
        assert box["y"] >= plot["y"] and box["y"] + box["height"] <= plot["y"] + plot["height"]
    titles = [_words(shorten(str(t), 90))[:40] for t in located["title"]]
    for title in titles:  # each practice's card was reached at its own point
        assert sum(text.startswith(title) for text in hovered) == 1, (title, hovered)
    assert len(hovered) == len(located)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    offline_page.screenshot(path=str(ARTIFACTS / f"map-{lang}.png"))
    assert offline_page.requests == []
