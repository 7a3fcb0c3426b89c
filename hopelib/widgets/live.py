"""Results that update by themselves: a poll of the store in the kernel's event loop.

Every few seconds :class:`LiveResults` reads the session's fingerprint
(:meth:`~hopelib.store.Store.results_version`, one cheap query per table); when it changed,
it redraws the charts. No Refresh button: whoever saves, every open page follows.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ipywidgets as w
import plotly.graph_objects as go

from .. import compare, config
from ..catalogue import load_catalogue, load_partners, load_session, load_taxonomy
from ..charts import plain_chart
from ..html import label_text, render
from ..i18n import _, language
from ..models import pick_text
from ..participant import result_figures
from ..store import Store, open_store
from ._kit import message_html, styled

__all__ = ["LivePage", "LiveResults"]

#: The mime type JupyterLab's and Voilà's plotly renderer draws.
PLOTLY_MIME = "application/vnd.plotly.v1+json"


#: Seconds a page's shared drawing is kept for the other pages (several looks at the store).
SHARED_KEEP_S = 120.0


def _forget_old(folder: Path) -> None:
    """Remove the shared drawings no page will ask for any more."""
    now = time.time()
    for old in folder.glob("*.json"):
        with contextlib.suppress(OSError):
            if now - old.stat().st_mtime > SHARED_KEEP_S:
                old.unlink()


class LiveResults:
    """Charts of the session's results that redraw themselves whenever the store changes.

    Parameters
    ----------
    store : Store
    session : str
    figures : callable
        Returns the charts to show (a dict of plotly figures), in the current language.
    interval : float
        Seconds between two looks at the store.
    lang : str
        The language of the "Updated" line.
    on_change : callable, optional
        Called first whenever the store changed (e.g. to show that the session closed).
    font_size : int, optional
        Larger type for the charts (the results wall); default the charts' own.
    shown : bool
        Whether the charts are drawn from the start (see :meth:`show`).
    compact : bool
        Draw the charts in plain HTML for a phone (:func:`hopelib.charts.plain_chart`:
        tables and bars that fit any width, and no plotly.js on the page).
    shared : path, optional
        With *compact*: a folder where the pages of one server share their drawings, so
        that the charts of a store's version are computed once per language, not once per
        page (``hope serve`` names one in ``HOPE_SHARED_RESULTS``).
    """

    def __init__(
        self,
        store: Store,
        session: str,
        figures: Callable[[], dict[str, Any]],
        *,
        interval: float = 1.0,
        lang: str = "en",
        on_change: Callable[[], None] | None = None,
        font_size: int | None = None,
        shown: bool = True,
        compact: bool = False,
        shared: str | os.PathLike[str] | None = None,
    ) -> None:
        self.store, self.session, self.figures = store, session, figures
        self.interval, self.lang, self.on_change = interval, lang, on_change
        self.font_size, self.shown, self.compact = font_size, shown, compact
        self.shared = Path(shared) if shared else None
        # Each chart is an Output widget whose ``outputs`` hold the figure as plotly's mime
        # type, drawn by the page's plotly renderer (loaded once per page, then cached): a
        # redraw sends only the figure (a few KB) as a widget update, never a displayed
        # output (which would hold Voilà's preheated responses open), and never plotly.js
        # again (a FigureWidget carries its 5 MB script in every new chart).
        self.output = styled(w.VBox(), "hope-results")
        self.stamp = styled(w.HTML(), "hope-results-stamp")
        self.widget = styled(w.VBox([self.stamp, self.output]), "hope-live-results")
        self._seen: tuple[int, ...] | None = None
        self._drawn: dict[str, tuple[str, w.Output | w.HTML]] = {}
        self._task: asyncio.Task[None] | None = None

    def redraw(self, version: tuple[int, ...] | None = None) -> None:
        """Draw the charts now (only those that changed) and note the time.

        Parameters
        ----------
        version : tuple of int, optional
            The store's fingerprint read just before (read here when not given). It is
            read *before* the charts, so that a save landing while they are drawn changes
            the fingerprint again and is drawn at the next look.
        """
        if version is None:
            version = self.store.results_version(self.session)
        self._seen = version
        if not self.shown:  # nothing on screen: nothing to draw until shown
            return
        drawn: dict[str, tuple[str, w.Output | w.HTML]] = {}
        if self.compact:  # plain HTML, perhaps drawn already by another page of the server
            charts: dict[str, Any] = self._plain_charts(version)
        else:
            charts = self.figures()
        for key, chart_value in charts.items():
            text = chart_value if self.compact else chart_value.to_json()
            was, chart = self._drawn.pop(key, ("", None))
            if chart is None:
                chart = styled(w.HTML() if self.compact else w.Output(), "hope-chart",
                               f"hope-chart-{key}")  # fmt: skip
            if text != was:  # new or changed: drawn again
                if isinstance(chart, w.HTML):
                    chart.value = text
                else:
                    chart.outputs = self._outputs(chart_value)
            drawn[key] = (text, chart)
        self.output.children = tuple(widget for _text, widget in drawn.values())
        for _text, widget in self._drawn.values():  # charts gone
            widget.close()
        self._drawn = drawn
        with language(self.lang):
            self.stamp.value = message_html(
                _("Updated {time}; updates by itself.").format(
                    time=dt.datetime.now().strftime("%H:%M:%S")
                )
            )

    def _plain_charts(self, version: tuple[int, ...]) -> dict[str, str]:
        """Return the charts in plain HTML for the store's *version*, in the page's language.

        With a shared folder, the first page of the server to look at a version draws its
        charts and leaves them there (written whole, then renamed); every other page in the
        same language reads them instead of computing the same charts again.
        """
        if self.shared is None:
            return {key: self._plain(figure) for key, figure in self.figures().items()}
        key = hashlib.sha256(repr((self.session, self.lang, version)).encode()).hexdigest()
        path = self.shared / f"{key[:32]}.json"
        with contextlib.suppress(OSError, ValueError):  # not drawn yet (or unreadable)
            found = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(found, dict):
                return {str(k): str(v) for k, v in found.items()}
        charts = {name: self._plain(figure) for name, figure in self.figures().items()}
        with contextlib.suppress(OSError):  # a full disk: this page still shows its charts
            self.shared.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(
                "w", encoding="utf-8", dir=self.shared, suffix=".part", delete=False
            ) as part:
                try:
                    json.dump(charts, part)
                except OSError:
                    Path(part.name).unlink(missing_ok=True)  # nothing half-written left
                    raise
            os.replace(part.name, path)
            _forget_old(self.shared)
        return charts

    def _plain(self, figure: Any) -> str:
        """Return the chart in plain HTML: its title as a heading, then tables or bars."""
        title = label_text(figure.layout.title.text or "")  # the template escapes it again
        heading = render("widgets/chart_heading.html.j2", heading=title) if title else ""
        return str(heading + plain_chart(figure))

    def _outputs(self, figure: Any) -> tuple[dict[str, Any], ...]:
        """Return the chart as notebook outputs: its title (HTML), then plotly's mime type."""
        title = label_text(figure.layout.title.text or "")  # the template escapes it again
        figure = go.Figure(figure).update_layout(title_text=None, margin_t=10)
        if self.font_size is not None:  # the shared screen: read from the back of the room
            height = figure.layout.height or 400
            figure.update_layout(font_size=self.font_size, height=int(height * 1.5))
            for note in figure.layout.annotations:  # notes have a size of their own
                note.font.size = int((note.font.size or 12) * self.font_size / 12)
        chart = {**json.loads(figure.to_json()), "config": {"responsive": True}}
        shown: list[dict[str, Any]] = [{PLOTLY_MIME: chart, "text/plain": title}]
        if title:
            heading = render("widgets/chart_heading.html.j2", heading=title)
            shown.insert(0, {"text/html": heading, "text/plain": title})
        return tuple(
            {"output_type": "display_data", "data": data, "metadata": {}} for data in shown
        )

    def show(self, shown: bool = True) -> None:
        """Show the charts (drawn at once, then following the store) or hide them.

        Hidden charts cost nothing: they are neither computed nor sent to the page, and
        the page still follows the store (``on_change``).
        """
        if shown == self.shown:
            return
        self.shown = shown
        if shown:
            self.redraw()
            return
        for _text, widget in self._drawn.values():
            widget.close()
        self._drawn = {}
        self.output.children = ()
        self.stamp.value = ""

    def check(self) -> bool:
        """Redraw when the store changed since the last drawing; tell whether it did."""
        version = self.store.results_version(self.session)
        if version == self._seen:
            return False
        if self.on_change is not None:
            self.on_change()
        self.redraw(version)
        return True

    def start(self) -> None:
        """Draw, then keep following the store in the kernel's event loop."""
        self.redraw()
        with contextlib.suppress(RuntimeError):  # no running loop: a plain script, no follow
            self._task = asyncio.get_running_loop().create_task(self._follow())

    def stop(self) -> None:
        """Stop following the store."""
        if self._task is not None:
            self._task.cancel()
            self._task = None

    async def _follow(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            with contextlib.suppress(Exception):  # a busy store: look again next time
                self.check()


class LivePage:
    """What both pages share: the data folder, the store, the session, live results."""

    def __init__(self, session: str | None, data_dir: str | None, store: Store | str | None):
        self.data_dir = config.data_dir(data_dir)
        self.store = store if isinstance(store, Store) else open_store(store, self.data_dir)
        self.taxonomy = load_taxonomy(self.data_dir)
        self.partners = load_partners(self.data_dir)
        self.session = load_session(config.session_id(session), self.data_dir)
        self.names = compare.partner_names(self.partners)
        self.lang = "en"
        self.catalogues: dict[str, Any] = {}

    def catalogue(self) -> Any:
        """Return the catalogue with titles in the page's language (read once per language)."""
        if self.lang not in self.catalogues:
            self.catalogues[self.lang] = load_catalogue(self.data_dir, self.lang)
        return self.catalogues[self.lang]

    def figures(self) -> dict[str, Any]:
        """Build the session's result charts in the page's language."""
        return result_figures(
            self.store,
            self.session,
            catalogue=self.catalogue(),
            taxonomy=self.taxonomy,
            partners=self.partners,
            lang=self.lang,
        )

    def title(self) -> str:
        """Return the session's title in the page's language."""
        text, _shown = pick_text(self.session.title, self.lang, self.session.lang)
        return text or self.session.id
