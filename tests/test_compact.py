"""Charts laid out for a phone's width (charts.for_phone), as the participant page draws them."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from hopelib import charts, compare

from .factories import EVIL, interest, rating

LONG = "A very long practice title that would never fit beside a phone's chart & more"


def _heatmap() -> go.Figure:
    rows = [("a", "relevance", 4), ("b", "evidence", 2)]
    ratings = pd.DataFrame([rating("maribor", "P1", p, c, s) for p, c, s in rows])
    return charts.score_heatmap(
        compare.score_summary(ratings),
        titles={"a": LONG, "b": EVIL},
        labels={"relevance": "Relevance to our region", "evidence": EVIL},
        title="Scores by practice and criterion, for every partner of this workshop",
    )


def test_labels_are_cut_short_escaped_once_and_the_hover_keeps_them_whole() -> None:
    figure = _heatmap()
    phone = charts.for_phone(figure).to_plotly_json()
    down, across = phone["layout"]["yaxis"]["ticktext"], phone["layout"]["xaxis"]["ticktext"]
    assert all(len(html.unescape(t.removeprefix("<b>").removesuffix("</b>"))) <= 20 for t in down)
    assert all(len(html.unescape(t)) <= 12 for t in across)
    assert all("<script" not in t and "&amp;amp;" not in t for t in [*down, *across])
    assert any(t.startswith("A very long") and t.endswith("…") for t in down)
    hover = str(phone["data"][0]["customdata"])
    assert "never fit beside" in hover  # the full title where the finger lands
    assert figure.to_plotly_json()["layout"]["yaxis"]["ticktext"] != down  # a copy


def test_colour_bar_below_title_on_top_and_no_fixed_width() -> None:
    figure = _heatmap().update_layout(width=900)
    phone = charts.for_phone(figure).to_plotly_json()["layout"]
    assert phone["coloraxis"]["colorbar"]["orientation"] == "h"
    assert phone["coloraxis"]["colorbar"]["y"] < 0  # under the plot
    assert "width" not in phone and phone["autosize"] is True
    assert "<br>" in phone["title"]["text"]  # wrapped
    assert phone["title"]["yref"] == "container" and phone["title"]["yanchor"] == "top"
    assert phone["xaxis"]["tickangle"] == -90  # criteria upright under the title
    assert phone["margin"]["t"] >= 95 + 22 * phone["title"]["text"].count("<br>")
    assert phone["height"] > figure.layout.height


def test_bar_text_goes_inside_and_a_legend_to_the_foot() -> None:
    ratings = pd.DataFrame(
        [rating("maribor", "P1", "a", "relevance", 4), rating("maribor", "P2", "b", "relevance", 2)]
    )
    ranking = charts.for_phone(charts.ranking_chart(compare.ranking(ratings)))
    assert all(t.textposition == "inside" and t.textangle == 0 for t in ranking.data)
    partners = go.Figure(
        [go.Bar(x=[1], y=["a"], name="Maribor"), go.Bar(x=[2], y=["a"], name="Derry")]
    )
    phone = charts.for_phone(partners.update_layout(margin_b=10)).to_plotly_json()["layout"]
    assert phone["legend"]["yref"] == "container" and phone["legend"]["y"] == 0
    assert phone["margin"]["b"] == 10 + 22 * 3 + 10  # one line an entry, at the foot


def test_a_colour_bar_of_its_own_goes_below_too_and_a_hidden_one_stays_hidden() -> None:
    own = charts.for_phone(go.Figure(go.Heatmap(z=[[1, 2]], x=["a", "b"], y=["c"])))
    assert own.data[0].colorbar.orientation == "h"
    interests = pd.DataFrame(
        [interest("maribor", "P1", "a", "adopt"), interest("seinajoki", "P2", "a", "adapt")]
    )
    transfer = charts.transfer_chart(compare.transfer_matrix(interests))
    phone = charts.for_phone(transfer)
    assert phone.layout.coloraxis.showscale is False  # the levels' legend says it instead
    assert phone.layout.coloraxis.colorbar.orientation is None  # no room made for it


def test_a_note_beside_the_chart_moves_above_it_and_wraps() -> None:
    figure = go.Figure(go.Bar(x=[1], y=["a"])).add_annotation(
        text="A note about the data that is far too long for one line on a phone",
        xref="paper",
        yref="paper",
        x=1.2,
        y=1.05,
        showarrow=False,
    )
    note = charts.for_phone(figure).layout.annotations[0]
    assert note.x == 0 and note.xanchor == "left"
    assert "<br>" in note.text
