"""``PartnerReport``: the report notebook's one handle on a partner's view of a session."""

from __future__ import annotations

import os

import pandas as pd
import plotly.graph_objects as go

from ..html import Markup
from ..models import Session
from ..store import Store
from . import figures, follow_up, impact, page, sections
from .data import ReportData, gather_report

__all__ = ["PartnerReport"]


class PartnerReport:
    """One partner's view of one session: the data read once, then sections and charts.

    ``notebooks/03-partner-report.ipynb`` builds one and displays its sections;
    :mod:`hopelib.export` runs that notebook once per partner. Every read happens in
    :func:`~hopelib.report.gather_report` when the report is made, privacy applied there:

    - private notes, comments and rationales appear only in their own partner's report, and
      so do action owners;
    - participants appear only as counts (never pseudonyms);
    - contact details appear only when the export asks for them (``include_contacts``).

    Parameters
    ----------
    session, partner : str
        The session and the partner the report is for.
    lang : str, optional
        Default: the partner's ``language`` in partners.yaml.
    data_dir : path, optional
    store : Store or str, optional
        An open store or its URL / path (default ``HOPE_STORE`` or ``var/``).
    include_contacts : bool
        Show the practices' contact details (personal data: only when asked).

    Raises
    ------
    ExportError
        For a partner not in the session.

    Examples
    --------
    >>> report = PartnerReport("demo-1", "maribor")  # doctest: +SKIP
    >>> HTML(report.setup() + report.first_screen())  # doctest: +SKIP
    """

    data: ReportData

    def __init__(
        self,
        session: str,
        partner: str,
        *,
        lang: str | None = None,
        data_dir: str | os.PathLike[str] | None = None,
        store: Store | str | None = None,
        include_contacts: bool = False,
    ) -> None:
        self.data = gather_report(
            session,
            partner,
            lang=lang,
            data_dir=data_dir,
            store=store,
            include_contacts=include_contacts,
        )

    @classmethod
    def from_data(cls, data: ReportData) -> PartnerReport:
        """Make a report from data already gathered (tests, other layouts)."""
        report = cls.__new__(cls)
        report.data = data
        return report

    @property
    def partner(self) -> str:
        """Whose report this is."""
        return self.data.partner

    @property
    def lang(self) -> str:
        """The report's language."""
        return self.data.lang

    @property
    def locale(self) -> str:
        """The Babel locale of the report's dates and numbers."""
        return self.data.locale

    @property
    def session(self) -> Session:
        """The session reported on."""
        return self.data.session

    @property
    def catalogue(self) -> pd.DataFrame:
        """The catalogue in the report's language."""
        return self.data.catalogue

    # ------------------------------------------------------------ the page

    def setup(self) -> Markup:
        """Return the styles, plotly.js and the map's outlines, inlined once for the report."""
        return page.setup(self.data)

    def heading(self, section: str) -> Markup:
        """Return a section heading in the report's language (``agenda``, ``scores`` …)."""
        return page.heading(self.data, section)

    def figure(self, fig: go.Figure) -> Markup:
        """Return a figure as an offline HTML fragment (no CDN, no MathJax, safe config)."""
        return page.figure(fig)

    def title(self) -> str:
        """Return the report's title (the browser tab, every printed page's header)."""
        return page.page_title(self.data.session, self.data.name(self.partner), self.lang)

    # ------------------------------------------------------------ sections

    def first_screen(self) -> Markup:
        """Return the session at a glance, and what matters most for this partner."""
        return sections.first_screen(self.data)

    def agenda(self) -> Markup:
        """Return the agenda's practices, their whole template side by side."""
        return sections.agenda(self.data)

    def notes_and_actions(self) -> Markup:
        """Return the notes and comments this partner may read, and its actions with owners."""
        return sections.notes_and_actions(self.data)

    def since_last_workshop(self) -> Markup:
        """Return the actions of the earlier workshops this session follows, with status."""
        return follow_up.since_last_workshop(self.data)

    def transfer_plans(self) -> Markup:
        """Return this partner's transfer plans (latest versions), only in its own report."""
        return follow_up.transfer_plans(self.data)

    def indicators(self) -> Markup:
        """Return what this partner's practices achieve (charts, unit figures, sources)."""
        return impact.indicators(self.data)

    def similar(self, n: int = 3) -> Markup:
        """Practices of other partners most similar to each of this partner's own."""
        return sections.similar(self.data, n)

    def contacts(self) -> Markup:
        """Contact points of the agenda's practices, only when the export asked for them."""
        return sections.contacts(self.data)

    # ------------------------------------------------------------ charts

    def score_heatmap(self, *, own: bool = False) -> go.Figure:
        """Mean scores per practice and criterion: everyone's, or this partner's (``own``)."""
        return figures.score_heatmap(self.data, own=own)

    def ranking(self, *, own: bool = False) -> go.Figure:
        """Rank the agenda: by everyone, or by this partner's participants (``own``)."""
        return figures.ranking(self.data, own=own)

    def transfer(self) -> go.Figure:
        """Draw the transfer matrix, this partner's row highlighted."""
        return figures.transfer(self.data)

    def map(self) -> go.Figure:
        """Draw where the practices run, this partner's larger."""
        return figures.map_figure(self.data)

    def follow_up_chart(self) -> go.Figure:
        """Return the earlier workshops' actions per partner by status (this partner in bold)."""
        return figures.follow_up_chart(self.data)

    def indicator_figures(self) -> list[go.Figure]:
        """Return the impact charts of this partner's practices."""
        return figures.indicator_figures(self.data)
