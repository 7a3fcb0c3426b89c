"""The Results tab: the live charts of the session, redrawn after each save."""

from __future__ import annotations

import datetime as dt
from typing import Any

import ipywidgets as w
from IPython.display import display

from ...html import Markup, render
from ...i18n import _, language
from ...participant import result_figures
from ...serve import running_links
from .._kit import message_html, rebuilt, styled
from .base import ConsoleBase

__all__ = ["ResultsTab"]


class ResultsTab(ConsoleBase):
    """Live results: score heatmap, ranking or transfer matrix, one chart at a time."""

    def figures(self) -> dict[str, Any]:
        """Build the live result charts of the session (score heatmap, ranking, transfer)."""
        return result_figures(
            self.store,
            self.session,
            catalogue=self.catalogue,
            taxonomy=self.taxonomy,
            partners=self.partners,
            lang=self.lang,
        )

    def served_html(self) -> Markup:
        """Say where the results wall and the participants' page are (``hope serve``)."""
        links = running_links(self.session.id)
        with language(self.lang):
            if links is None:
                return message_html(
                    _(
                        "For the results wall and a link for participants, run "
                        "`hope serve {session}` in a terminal."
                    ).format(session=self.session.id)
                )
            items = [
                (links["wall"], _("Results wall (for the shared screen)"), links["wall"]),
                (links["participant"], _("Participants' page (send this link)"), ""),
            ]
            return render("widgets/report_links.html.j2", items=items)

    @rebuilt
    def results_panel(self) -> w.VBox:
        """Live results, one chart at a time (scores, ranking, transfer); Refresh for others'."""
        with language(self.lang):
            button = styled(
                w.Button(description=_("Refresh"), icon="refresh", layout=w.Layout(width="auto")),
                "hope-refresh",
            )
            stamp = styled(w.HTML(), "hope-results-stamp")
            served = styled(w.HTML(self.served_html()), "hope-results-wall")
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
        self.results_served = served

        def choose(*_args: object) -> None:
            for index, output in enumerate(self.results_outputs):
                output.layout.display = "block" if index == chart.value else "none"

        chart.observe(choose, "value")
        button.on_click(lambda _button: self.refresh())
        self.on_session(self.refresh)
        return styled(
            w.VBox([w.HBox([chart, button, stamp]), served, *self.results_outputs]),
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
        self.results_served.value = self.served_html()  # `hope serve` may have started since
        with language(self.lang):
            self.results_stamp.value = message_html(
                _("Updated {time}.").format(time=dt.datetime.now().strftime("%H:%M:%S"))
            )
