"""The catalogue notebook's browsers: the practices (with the service map), the indicators."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as w
import pandas as pd
import plotly.graph_objects as go
from IPython.display import Javascript, display

from .. import charts, compare
from ..catalogue import load_catalogue, load_partners, load_taxonomy
from ..html import render
from ..i18n import _, language
from ..workshop import practice_card_html
from ._kit import WIDE, frame_html, message_html, styled

__all__ = ["catalogue_browser", "indicator_browser"]


def catalogue_browser(
    data_dir: str | None = None, lang: str = "en", *, catalogue: pd.DataFrame | None = None
) -> w.VBox:
    """Browse the catalogue: filters, free-text search, results, a practice card, look-alikes.

    Parameters
    ----------
    data_dir : path, optional
        The data folder.
    lang : str
        The language of texts (where a practice has it) and labels.
    """
    from ..catalogue import load_texts

    catalogue = catalogue if catalogue is not None else load_catalogue(data_dir, lang)
    taxonomy = load_taxonomy(data_dir)
    partners = load_partners(data_dir)
    texts = load_texts(data_dir)
    index = compare.search_index(texts, catalogue)
    similarity = compare.build_similarity_index(catalogue, texts)
    names = compare.partner_names(partners)
    with language(lang):
        any_ = _("any")
        partner = w.Dropdown(
            options=[(any_, None), *[(names[p], p) for p in partners.index], (_("reference"), "")],
            description=_("Partner"),
        )
        category = w.Dropdown(
            options=[(any_, None)]
            + [(taxonomy.label("categories", c, lang), c) for c in taxonomy.ids("categories")],
            description=_("Category"),
        )
        regions = sorted({r for r in catalogue["region"].dropna() if r})
        region = w.Dropdown(
            options=[(any_, None)] + [(r, r) for r in regions], description=_("Region")
        )
        theme = w.Dropdown(
            options=[(any_, None)]
            + [(taxonomy.label("themes", t, lang), t) for t in taxonomy.ids("themes")],
            description=_("Theme"),
        )
        text = w.Text(
            placeholder=_("search every language, e.g. seinajoki"), description=_("Search")
        )
        found = w.HTML()
        results = styled(w.HTML(), "hope-catalogue-results")
        chooser = w.Select(description=_("Practice"), rows=8, layout=w.Layout(width="60%"))
        card = w.HTML()
        similar = w.HTML()

    def refresh(*_args: object) -> None:
        shown = compare.filter_practices(
            catalogue,
            partner=partner.value,
            category=category.value,
            region=region.value,
            themes=theme.value,
            text=text.value,
            texts=index,
        )
        with language(lang):
            found.value = message_html(
                _("{n} of {total} practices").format(n=len(shown), total=len(catalogue))
            )
        chooser.options = [(str(t), str(i)) for i, t in shown["title"].items()]
        table = shown.head(50).reset_index()
        with language(lang):
            view = pd.DataFrame(
                {
                    _("Practice"): [
                        render(
                            "widgets/highlight.html.j2",
                            pieces=compare.highlight_words(str(title), text.value),
                        )
                        for title in table["title"]
                    ],
                    _("Partner"): table["partner"].map(
                        lambda p: names.get(p, p) if isinstance(p, str) and p else _("reference")
                    ),
                    _("Category"): table["category"].map(
                        lambda c: (
                            taxonomy.label("categories", c, lang) if isinstance(c, str) else "–"
                        )
                    ),
                    _("Region"): table["region"].fillna("–"),
                }
            )
            results.value = frame_html(view, _("No practice matches."))

    def show(change: dict[str, Any]) -> None:
        practice = change["new"]
        if not practice:
            card.value = similar.value = ""
            return
        card.value = practice_card_html(catalogue, practice, taxonomy, lang, partner_names=names)
        look = compare.similar_practices(catalogue, practice, 5, index=similarity)
        shown = compare.similar_view(catalogue, practice, look, taxonomy, lang, partner_names=names)
        with language(lang):
            similar.value = render(
                "widgets/heading.html.j2",
                heading=_("Similar practices of other partners"),
                body=frame_html(shown, _("No similar practice found.")),
            )

    for control in (partner, category, region, theme):
        control.observe(refresh, "value")
    text.observe(refresh, "value")
    chooser.observe(show, "value")
    refresh()
    view = _map_widget(catalogue, partners, taxonomy, lang, lambda practice: open_card(practice))

    def open_card(practice: str) -> None:
        """Show a practice chosen on the map (and select it in the list when it is there)."""
        if practice in {value for _text, value in chooser.options}:
            chooser.value = practice
        else:
            show({"new": practice})

    return styled(
        w.VBox(
            [
                w.HBox([partner, category]),
                w.HBox([region, theme]),
                text,
                found,
                results,
                view,
                chooser,
                card,
                similar,
            ]
        ),
        "hope-catalogue",
    )


def indicator_browser(
    data_dir: str | None = None,
    lang: str = "en",
    *,
    indicators: pd.DataFrame | None = None,
    catalogue: pd.DataFrame | None = None,
    partner: str | None = None,
) -> w.VBox:
    """Explore the impact indicators: a partner's overview, a practice's trend, a comparison.

    Parameters
    ----------
    data_dir : path, optional
    lang : str
    indicators : pandas.DataFrame, optional
        :func:`hopelib.indicators.load_indicators` (loaded when not given).
    catalogue : pandas.DataFrame, optional
        For the practices' titles.
    partner : str, optional
        The partner shown first (default: the first with values).
    """
    from ..indicators import (
        compare_indicator,
        indicator_changes,
        load_indicators,
        partner_overview,
    )

    frame = indicators if indicators is not None else load_indicators(data_dir, lang)
    catalogue = catalogue if catalogue is not None else load_catalogue(data_dir, lang)
    partners = load_partners(data_dir)
    taxonomy = load_taxonomy(data_dir)
    names = compare.partner_names(partners)
    titles = catalogue["title"]
    common: dict[str, Any] = {"partners": partners, "titles": titles, "lang": lang}
    with language(lang):
        if frame.empty:
            return w.VBox([w.HTML(message_html(_("No indicator values recorded yet.")))])
        with_values = [p for p in partners.index if (frame["partner"] == p).any()]
        choices = [(names.get(p, p), p) for p in with_values]
        if (~frame["partner"].isin(with_values)).any():  # practices outside the partnership
            choices.append((_("Reference practices"), ""))
        values = [value for _text, value in choices]
        who = styled(
            w.Dropdown(
                options=choices,
                value=partner if partner in values else values[0],
                description=_("Partner"),
            ),
            "hope-indicator-partner",
        )
        practice = styled(
            w.Dropdown(description=_("Practice"), layout=WIDE), "hope-indicator-practice"
        )
        measured = list(dict.fromkeys(frame["indicator"]))
        indicator = styled(
            w.Dropdown(
                options=[(taxonomy.label("indicators", i, lang), i) for i in measured],
                description=_("Indicator"),
                layout=WIDE,
            ),
            "hope-indicator-choice",
        )
        overview, trend, comparison = w.Output(), w.Output(), w.Output()
        changes = styled(w.HTML(), "hope-indicator-changes")

    def draw(output: w.Output, figure: go.Figure) -> None:
        with output:
            output.clear_output(wait=True)
            display(figure)  # type: ignore[no-untyped-call]

    def show_partner(*_args: object) -> None:
        table = partner_overview(frame, who.value)
        draw(overview, charts.partner_indicator_overview_chart(table, partner=who.value, **common))
        mine = frame["partner"] == who.value if who.value else ~frame["partner"].isin(with_values)
        practices = dict.fromkeys(frame.loc[mine, "practice"])
        options = [(str(titles.get(p, p)), str(p)) for p in practices]
        practice.options = options
        practice.value = options[0][1] if options else None

    def show_practice(*_args: object) -> None:
        if practice.value is None:
            return
        draw(trend, charts.indicator_trend_chart(frame, practice.value, **common))
        table = indicator_changes(frame[frame["practice"] == practice.value])
        with language(lang):
            shown = pd.DataFrame(
                {
                    _("Indicator"): table["label"],
                    _("Earlier period"): table["period_from"],
                    _("Later period"): table["period_to"],
                    _("Change"): table["change"].round(2),
                    _("Change %"): table["change_pct"].round(1),
                    _("Outcome"): table["outcome"].map(
                        {"better": _("better"), "worse": _("worse"), "same": _("unchanged")}
                    ),
                    _("illustrative"): table["illustrative"].map({True: "✓", False: ""}),
                }
            )
            changes.value = frame_html(shown, _("One period only: no change to show yet."))

    def show_indicator(*_args: object) -> None:
        table = compare_indicator(frame, indicator.value)
        draw(comparison, charts.indicator_comparison_chart(table, partner=who.value, **common))

    who.observe(show_partner, "value")
    practice.observe(show_practice, "value")
    indicator.observe(show_indicator, "value")
    show_partner()
    show_practice()
    show_indicator()
    return styled(
        w.VBox([who, overview, practice, trend, changes, indicator, comparison]),
        "hope-indicator-browser",
    )


def _map_widget(
    catalogue: pd.DataFrame,
    partners: pd.DataFrame,
    taxonomy: Any,
    lang: str,
    on_choose: Callable[[str], None],
) -> Any:
    """Return the service map as a live figure: clicking a point calls *on_choose(id)*."""
    figure = charts.map_chart(
        catalogue,
        partners=partners,
        labels=compare.term_labels(taxonomy, "categories", lang),
        lang=lang,
    )
    if not figure.data:  # nothing located: the message figure, as a plain output
        output = w.Output()
        with output:
            display(figure)  # type: ignore[no-untyped-call]
        return styled(output, "hope-map")
    live = go.FigureWidget(figure)

    def clicked(trace: Any, points: Any, _state: Any) -> None:
        for index in points.point_inds:
            on_choose(str(trace.customdata[index][0]))
            return

    for trace in live.data:
        trace.on_click(clicked)
    outlines = w.Output()  # Europe's outlines for plotly.js, so the map needs no network
    with outlines:
        display(Javascript(charts.geo_assets_javascript()))  # type: ignore[no-untyped-call]
    return styled(w.VBox([outlines, live]), "hope-map")
