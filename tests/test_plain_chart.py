"""Charts in plain HTML (the participant page's, without plotly.js): what they say, escaped."""

from __future__ import annotations

import math
import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest

from hopelib import charts, compare
from hopelib.charts import plain_chart

from .chart_examples import EXAMPLES, ChartData, empty_data, evil_data, good_data
from .factories import EVIL, rating


class Cells(HTMLParser):
    """Collect the text of row headers and the value, text and colours of coloured cells."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[str] = []
        self.cells: list[dict[str, str]] = []
        self.bars: list[float] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "th" and found.get("scope") == "row":
            self._in = "row"
            self.rows.append("")
        elif tag == "td" and "data-value" in found:
            self._in = "cell"
            self.cells.append({"value": found["data-value"] or "", "style": found["style"] or "",
                               "text": ""})  # fmt: skip
        elif tag == "span" and "data-value" in found:
            self.bars.append(float(found["data-value"] or "nan"))
            width = re.search(r"width: ([\d.]+)%", found.get("style") or "")
            assert width, found
            self.cells.append({"value": found["data-value"] or "", "style": width.group(1),
                               "text": ""})  # fmt: skip

    def handle_endtag(self, tag: str) -> None:
        if tag in ("th", "td"):
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "row":
            self.rows[-1] += data
        elif self._in == "cell":
            self.cells[-1]["text"] += data


def read(html: str) -> Cells:
    parsed = Cells()
    parsed.feed(html)
    return parsed


def contrast(style: str) -> float:
    """WCAG contrast ratio of a cell's text colour on its background."""

    def luminance(rgb: tuple[int, ...]) -> float:
        parts = [c / 255 for c in rgb]
        lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in parts]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    background = tuple(int(v) for v in re.findall(r"\d+", style.split(";")[0]))
    colour = style.split("color:")[1].strip()
    text = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    light, dark = sorted([luminance(background), luminance(text)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> dict[str, ChartData]:
    return {
        "good": good_data(tmp_path_factory.mktemp("good")),
        "evil": evil_data(tmp_path_factory.mktemp("evil")),
        "empty": empty_data(),
    }


def test_a_score_heatmap_is_a_table_of_the_same_means_in_the_same_order() -> None:
    ratings = pd.DataFrame(
        [
            rating("north", "p1", "north", "relevance", 5),
            rating("north", "p2", "north", "relevance", 3),
            rating("north", "p1", "north", "evidence", 2),
            rating("south", "p3", "south", "relevance", 1),
        ]
    )
    summary = compare.score_summary(ratings)
    titles = {"north": "Northern practice", "south": "Southern practice"}
    scales = {"relevance": (1, 5), "evidence": (1, 5)}
    criteria = ["relevance", "evidence", "other"]
    fig = charts.score_heatmap(summary, titles=titles, criteria=criteria, scales=scales, lang="fi")
    shown = read(plain_chart(fig))
    assert shown.rows == ["Northern practice", "Southern practice"]  # best first, as drawn
    assert [float(c["value"]) for c in shown.cells] == [4.0, 2.0, 1.0]
    assert [c["text"] for c in shown.cells] == ["4,0", "2,0", "1,0"]  # the chart's own text
    html = str(plain_chart(fig))
    assert html.count("hope-plain-empty") == 3  # no ratings: blank, not zero
    assert "hope-plain-legend" in html and ">1<" in html and ">5<" in html  # the scale's ends
    assert all(contrast(c["style"]) >= 4.5 for c in shown.cells)  # WCAG AA for text


def test_a_ranking_is_bars_as_long_as_the_chart_draws_them() -> None:
    frame = pd.DataFrame(
        {"mean": [4.5, 3.0, 1.5], "n": [4, 2, 1], "n_raters": [4, 2, 1],
         "rank": [1, 2, 3], "tied": [False, False, False], "note": ["", "", "one rating only"]},
        index=pd.Index(["a", "b", "c"], name="practice"),
    )  # fmt: skip
    fig = charts.ranking_chart(frame, titles={"a": "A", "b": "B", "c": "C"},
                               scales={"relevance": (1, 5)})  # fmt: skip
    shown = read(plain_chart(fig))
    assert shown.bars == [4.5, 3.0, 1.5]
    low, high = fig.layout.xaxis.range
    widths = [float(c["style"]) for c in shown.cells]
    expected = [100 * (v - low) / (high - low) for v in shown.bars]
    assert all(math.isclose(w, e, abs_tol=0.1) for w, e in zip(widths, expected, strict=True))
    assert "one rating only" in str(plain_chart(fig))


def test_every_chart_of_one_heatmap_or_bar_is_drawn_and_escaped(
    data: dict[str, ChartData],
) -> None:
    drawn = set()
    for name, example in EXAMPLES.items():
        for kind, chart_data in data.items():
            fig = example(chart_data, None)
            kinds = {t.type for t in fig.data}
            if len(fig.data) > 1 or not kinds <= {"heatmap", "bar"}:
                with pytest.raises(ValueError, match="plain_chart draws"):
                    plain_chart(fig)
                continue
            html = str(plain_chart(fig))
            drawn.add(name)
            assert "<script" not in html and "<b>bold" not in html, (name, kind)
            if kind == "evil" and fig.data:
                assert "&lt;script&gt;" in html, name  # the payload shows as text
            if not fig.data:  # nothing to draw: the chart's message
                assert fig.layout.annotations[0].text.split("<")[0][:10] in html
    assert {"score_heatmap", "ranking_chart", "transfer_chart"} <= drawn


def test_a_highlighted_partner_stays_bold_and_a_chart_of_lines_is_refused(tmp_path: Path) -> None:
    ratings = pd.DataFrame([rating("north", "p1", "north", "relevance", 4)])
    fig = charts.score_heatmap(compare.score_summary(ratings), partner="north",
                               owners={"north": "north"}, titles={"north": EVIL})  # fmt: skip
    html = str(plain_chart(fig))
    assert "<strong>&lt;script&gt;" in html
    with pytest.raises(ValueError, match="not a scatter chart"):
        plain_chart(go.Figure(go.Scatter(x=[1, 2], y=[3, 4])))
