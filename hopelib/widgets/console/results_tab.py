"""The Results tab: the live charts of the session, redrawn after each save."""

from __future__ import annotations

import datetime as dt
from typing import Any

import ipywidgets as w
from IPython.display import display

from ... import charts, compare
from ...i18n import _, language
from ...workshop import results
from .._kit import message_html, rebuilt, styled
from .base import ConsoleBase

__all__ = ["ResultsTab"]


class ResultsTab(ConsoleBase):
    """Live results: score heatmap, ranking or transfer matrix, one chart at a time."""

    def figures(self) -> dict[str, Any]:
        """Build the live result charts of the session (score heatmap, ranking, transfer)."""
        computed = results(self.store, self.session.id, self.taxonomy)
        titles = self.catalogue["title"]
        criteria = {c: self.criterion_label(c) for c in self.session.criteria}
        levels = compare.term_labels(self.taxonomy, "transfer_levels", self.lang)
        return {
            "scores": charts.score_heatmap(
                computed["summary"],
                titles=titles,
                labels=criteria,
                criteria=self.session.criteria,
                scales=compare.criterion_scales(self.taxonomy),
                lang=self.lang,
            ),
            "ranking": charts.ranking_chart(computed["ranking"], titles=titles, lang=self.lang),
            "transfer": charts.transfer_chart(
                computed["transfer"],
                partners=self.partners,
                titles=titles,
                labels=levels,
                lang=self.lang,
            ),
        }

    @rebuilt
    def results_panel(self) -> w.VBox:
        """Live results, one chart at a time (scores, ranking, transfer); Refresh for others'."""
        with language(self.lang):
            button = styled(
                w.Button(description=_("Refresh"), icon="refresh", layout=w.Layout(width="auto")),
                "hope-refresh",
            )
            stamp = styled(w.HTML(), "hope-results-stamp")
            chart = styled(
                w.ToggleButtons(
                    options=[
                        (_("Scores"), 0),
                        (_("Ranking"), 1),
                        (_("Transfer interest"), 2),
                    ],
                    style={"button_width": "auto"},
                ),
                "hope-results-chart",
            )
        self.results_outputs = [
            styled(w.Output(), "hope-results"),
            styled(w.Output(layout=w.Layout(display="none")), "hope-results-ranking"),
            styled(w.Output(layout=w.Layout(display="none")), "hope-results-transfer"),
        ]
        self.results_stamp = stamp

        def choose(*_args: object) -> None:
            for index, output in enumerate(self.results_outputs):
                output.layout.display = "block" if index == chart.value else "none"

        chart.observe(choose, "value")
        button.on_click(lambda _button: self.refresh())
        self.on_session(self.refresh)
        return styled(
            w.VBox([w.HBox([chart, button, stamp]), *self.results_outputs]),
            "hope-results-panel",
        )

    def refresh(self) -> None:
        """Redraw the results (after each save, and on Refresh)."""
        outputs = getattr(self, "results_outputs", None)
        if outputs is None:
            return
        for output, figure in zip(outputs, self.figures().values(), strict=True):
            with output:
                output.clear_output(wait=True)
                display(figure)  # type: ignore[no-untyped-call]
        with language(self.lang):
            self.results_stamp.value = message_html(
                _("Updated {time}.").format(time=dt.datetime.now().strftime("%H:%M:%S"))
            )
