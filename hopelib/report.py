"""The content of a partner's report: what one partner may see of one session.

``notebooks/03-partner-report.ipynb`` calls :class:`PartnerReport`; :mod:`hopelib.export`
runs that notebook once per partner and writes offline HTML. Every section is a method that
returns escaped HTML or a figure, so tests check the rules directly:

- private notes, comments and rationales appear only in their own partner's report, and so
  do action owners;
- participants appear only as counts (never pseudonyms);
- contact details appear only when the export asks for them (``include_contacts``).
"""

from __future__ import annotations

import datetime as dt
import html
import os
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from . import charts, compare, config, followup
from .catalogue import load_catalogue, load_partners, load_practices, load_session, load_taxonomy
from .errors import ExportError
from .i18n import (
    _,
    format_date,
    format_date_range,
    format_money,
    format_number,
    language,
    locale_for,
    ngettext,
)
from .indicators import load_indicators, unit_indicator_figures
from .models import pick_text
from .store import Store, open_store
from .workshop import session_banner_html

__all__ = ["REPORT_CSS", "PartnerReport"]

_e = html.escape

REPORT_CSS = """
<style>
body, .jp-Notebook {font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;}
.hope-report h2 {border-bottom: 2px solid #d0d7de; padding-bottom: .2em; margin-top: 1.4em;}
.hope-report table.hope-table {border-collapse: collapse; margin: .4em 0 1em;}
.hope-report table.hope-table th, .hope-report table.hope-table td {
  border: 1px solid #d0d7de; padding: .3em .6em; text-align: left; vertical-align: top;}
.hope-report .hope-warning {background: #fff1e5; border: 1px solid #bc4c00; padding: .4em .8em;
  border-radius: 4px;}
.hope-report .hope-muted {color: #57606a;}
.hope-report .hope-overdue {color: #a40e26;}
.hope-report tr.hope-overdue-row td {background: #fff5f5;}
.hope-report .hope-status-done {color: #1a7f37;}
.hope-report .hope-status-dropped {color: #57606a; text-decoration: line-through;}
.hope-report .hope-plan {border: 1px solid #d0d7de; border-radius: 6px; padding: .2em 1em .6em;
  margin: .8em 0;}
.hope-report .hope-plan h4 {margin: .8em 0 .2em;}
.hope-report .hope-plan dt {font-weight: 600; float: none; width: auto; text-align: left;}
.hope-report .hope-plan dd {margin: 0 0 .4em 1em;}
</style>
"""


def _table(frame: pd.DataFrame, empty: str) -> str:
    """Render a frame as an escaped table, or an escaped note when it is empty."""
    if frame.empty:
        return f'<p class="hope-muted">{_e(empty)}</p>'
    return str(frame.to_html(index=False, escape=True, border=0, classes="hope-table"))


class PartnerReport:
    """One partner's view of one session.

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
        For an unknown partner or a partner not in the session.
    """

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
        self.data_dir = config.data_dir(data_dir)
        self.session = load_session(session, self.data_dir)
        self.partners = load_partners(self.data_dir)
        if partner not in self.session.partners:
            raise ExportError(
                f"partner: {partner!r} is not a partner of session {session} "
                f"({', '.join(self.session.partners)}); choose one of them"
            )
        self.partner = partner
        self.lang = lang or str(self.partners.loc[partner, "language"] or "en")
        self.locale = str(self.partners.loc[partner, "locale"] or locale_for(self.lang))
        self.include_contacts = include_contacts
        self.taxonomy = load_taxonomy(self.data_dir)
        self.catalogue = load_catalogue(self.data_dir, self.lang)
        self.store = store if isinstance(store, Store) else open_store(store, self.data_dir)
        self.names = compare.partner_names(self.partners)
        self.titles = self.catalogue["title"]
        withdrawals = self.store.withdrawals(session)
        self._withdrawals = withdrawals
        self._ratings = self.store.ratings(session, partner=partner)
        self._interests = self.store.interests(session, partner=partner)
        self.levels = self.taxonomy.ids("transfer_levels")
        self.earlier = self.store.session_chain(session)[:-1]

    # -------------------------------------------------------------- helpers

    def _name(self, partner: object) -> str:
        return self.names.get(str(partner), str(partner)) if partner else _("reference practice")

    def _title(self, practice: object) -> str:
        value = self.titles.get(str(practice))
        return str(value) if isinstance(value, str) else str(practice)

    def _heading(self, text: str) -> str:
        return f"<h2>{_e(text)}</h2>"

    # -------------------------------------------------------------- sections

    def heading(self, section: str) -> str:
        """Return a section heading in the report's language (``agenda``, ``scores`` …)."""
        with language(self.lang):
            texts = {
                "agenda": _("The practices side by side"),
                "scores": _("Scores"),
                "ranking": _("Ranking"),
                "transfer": _("Transfer interest"),
                "similar": _("Practices of other partners like yours"),
                "contacts": _("Contacts"),
                "map": _("Where the practices run"),
                "follow_up": _("Since the last workshop"),
                "plans": _("Your transfer plans"),
                "indicators": _("What your practices achieve"),
            }
            return f'<div class="hope-report">{self._heading(texts[section])}</div>'

    def setup(self) -> str:
        """Return the styles, plotly.js and the map's outlines, inlined once for the report."""
        from plotly.offline import get_plotlyjs

        plotly_js = f'<script type="text/javascript">{get_plotlyjs()}</script>'
        return REPORT_CSS + plotly_js + charts.geo_assets_script()  # the map's outlines too

    def figure(self, fig: go.Figure) -> str:
        """Return a figure as an offline HTML fragment (no CDN, no MathJax, safe config)."""
        return charts.figure_html(fig)

    def first_screen(self) -> str:
        """Return the session at a glance, and what matters most for this partner."""
        with language(self.lang):
            session = self.session
            parts = [
                '<div class="hope-report">',
                "<p class='hope-muted'>"
                + _e(_("Report for {partner}").format(partner=self._name(self.partner)))
                + "</p>",
                session_banner_html(session, self.lang, self._name(session.host)).replace(
                    format_date_range(session.dates[0], session.dates[-1], locale_for(self.lang)),
                    format_date_range(session.dates[0], session.dates[-1], self.locale),
                ),
            ]
            counts = [
                ngettext("{partner}: {n} participant", "{partner}: {n} participants", n).format(
                    partner=self._name(p), n=n
                )
                for p, n in session.participants.items()
            ]
            facts = [
                (_("Partners"), ", ".join(self._name(p) for p in session.partners)),
                (_("Participants"), "; ".join(counts) or "–"),
                (_("Agenda"), "; ".join(self._title(p) for p in session.practices)),
            ]
            parts.append(
                "<table class='hope-table'>"
                + "".join(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in facts)
                + "</table>"
            )
            changed = self.store.changed_practices(session.id)
            if changed:
                parts.append(
                    "<p class='hope-warning'>"
                    + _e(
                        _(
                            "These practices changed after the session was rated: {titles}. "
                            "Scores refer to the earlier description."
                        ).format(titles="; ".join(self._title(p) for p in changed))
                    )
                    + "</p>"
                )
            top = compare.ranking(
                self._ratings, self._withdrawals, partner=self.partner, lang=self.lang
            )
            top_rows = [
                (self._title(p), _number(row["mean"], self.locale), int(row["n_raters"]))
                for p, row in top.head(3).iterrows()
            ]
            parts.append(self._heading(_("Your top-rated practices")))
            parts.append(
                _table(
                    pd.DataFrame(top_rows, columns=[_("Practice"), _("Mean"), _("Raters")]),
                    _("Your participants have not rated yet."),
                )
            )
            matrix = compare.transfer_matrix(self._interests, self._withdrawals, levels=self.levels)
            wanted = []
            if not matrix.empty and self.partner in matrix.index.get_level_values("partner"):
                mine = matrix.xs(self.partner, level="partner")
                for practice, row in mine.iterrows():
                    if row["level"] in self.levels[:2]:
                        wanted.append(
                            (
                                self._title(practice),
                                self.taxonomy.label(
                                    "transfer_levels", str(row["level"]), self.lang
                                ),
                                f"{int(row['n_level'])}/{int(row['n_participants'])}",
                            )
                        )
            parts.append(self._heading(_("What you would adopt or adapt")))
            parts.append(
                _table(
                    pd.DataFrame(wanted, columns=[_("Practice"), _("Level"), _("Participants")]),
                    _("No practice marked adopt or adapt yet."),
                )
            )
            parts.append(self._heading(_("Your open actions")))
            parts.append(_table(self._actions(open_only=True), _("No open actions.")))
            if self.earlier:
                earlier = followup.since_last_workshop(
                    self.store, self.session.id, partner=self.partner
                )
                mine = earlier[earlier["partner"] == self.partner]
                summary = _(
                    "From earlier workshops: {done} of your {n} actions done, {late} overdue."
                ).format(
                    done=int((mine["status"] == "done").sum()),
                    n=len(mine),
                    late=int(mine["overdue"].sum()),
                )
                parts.append(f"<p>{_e(summary)}</p>")
            parts.append("</div>")
            return "".join(parts)

    def _actions(self, *, open_only: bool = False) -> pd.DataFrame:
        """Return this partner's actions (with owners) as a display frame."""
        actions = self.store.actions(self.session.id, partner=self.partner)
        if actions.empty:
            return pd.DataFrame()
        mine = actions[actions["partner"] == self.partner]
        if open_only:
            mine = mine[mine["status"].isin(["open", "doing"])]
        with language(self.lang):
            return pd.DataFrame(
                {
                    _("Action"): mine["text"],
                    _("Practice"): mine["practice"].map(
                        lambda p: self._title(p) if isinstance(p, str) and p else "–"
                    ),
                    _("Owner"): mine["owner"].replace("", "–"),
                    _("Due"): mine["due"].map(
                        lambda d: format_date(d, self.locale) if isinstance(d, dt.date) else "–"
                    ),
                    _("Status"): mine["status"].map(followup.status_label),
                }
            )

    def agenda(self) -> str:
        """Return the agenda's practices, their whole template side by side."""
        return compare.side_by_side_html(
            self.catalogue,
            list(self.session.practices),
            self.lang,
            taxonomy=self.taxonomy,
            partner_names=self.names,
        )

    def _criteria_labels(self) -> dict[str, str]:
        return {c: self.taxonomy.label("criteria", c, self.lang) for c in self.session.criteria}

    def score_heatmap(self, *, own: bool = False) -> go.Figure:
        """Mean scores per practice and criterion: everyone's, or this partner's (``own``)."""
        summary = compare.score_summary(
            self._ratings, self._withdrawals, partner=self.partner if own else None
        )
        with language(self.lang):
            title = (
                _("Scores of {partner}'s participants").format(partner=self._name(self.partner))
                if own
                else _("Scores of all participants")
            )
        return charts.score_heatmap(
            summary,
            titles=self.titles,
            labels=self._criteria_labels(),
            criteria=self.session.criteria,
            scales=compare.criterion_scales(self.taxonomy),
            lang=self.lang,
            title=title,
        )

    def ranking(self, *, own: bool = False) -> go.Figure:
        """Rank the agenda: by everyone, or by this partner's participants (``own``)."""
        ranked = compare.ranking(
            self._ratings,
            self._withdrawals,
            partner=self.partner if own else None,
            lang=self.lang,
            scales=compare.criterion_scales(self.taxonomy),
        )
        with language(self.lang):
            title = (
                _("Ranking by {partner}'s participants").format(partner=self._name(self.partner))
                if own
                else _("Ranking by all participants")
            )
        return charts.ranking_chart(ranked, titles=self.titles, lang=self.lang, title=title)

    def map(self) -> go.Figure:
        """Draw where the practices run, this partner's larger (outlines travel in the page)."""
        return charts.map_chart(
            self.catalogue,
            partner=self.partner,
            partners=self.partners,
            labels=compare.term_labels(self.taxonomy, "categories", self.lang),
            lang=self.lang,
        )

    def transfer(self) -> go.Figure:
        """Draw the transfer matrix, this partner's row highlighted."""
        matrix = compare.transfer_matrix(self._interests, self._withdrawals, levels=self.levels)
        return charts.transfer_chart(
            matrix,
            partner=self.partner,
            partners=self.partners,
            titles=self.titles,
            labels=compare.term_labels(self.taxonomy, "transfer_levels", self.lang),
            levels=self.levels,
            lang=self.lang,
        )

    def notes_and_actions(self) -> str:
        """Return the notes and comments this partner may read, and its actions with owners."""
        with language(self.lang):
            notes = self.store.notes(self.session.id, partner=self.partner)
            note_rows = (
                pd.DataFrame(
                    {
                        _("From"): notes["partner"].map(self._name),
                        _("About"): notes["practice"].map(
                            lambda p: self._title(p) if isinstance(p, str) and p else "–"
                        ),
                        _("Note"): notes["text"],
                        _("Visibility"): notes["visibility"].map(
                            lambda v: _("private to you") if v == "private" else _("shared")
                        ),
                    }
                )
                if not notes.empty
                else pd.DataFrame()
            )
            current = compare.current_records(
                self._ratings,
                ["session", "participant", "practice", "criterion"],
                self._withdrawals,
            )
            comments = pd.DataFrame()
            if not current.empty:
                said = current[current["comment"].fillna("") != ""]
                said = said.drop_duplicates(["participant", "practice", "comment"])
                comments = pd.DataFrame(
                    {
                        _("From"): said["partner"].map(self._name),
                        _("Practice"): said["practice"].map(self._title),
                        _("Comment"): said["comment"],
                    }
                )
            return (
                '<div class="hope-report">'
                + self._heading(_("Notes"))
                + _table(note_rows, _("No notes."))
                + self._heading(_("Comments on the ratings"))
                + _table(comments, _("No comments."))
                + self._heading(_("Your actions"))
                + _table(self._actions(), _("No actions."))
                + "</div>"
            )

    def _session_titles(self) -> dict[str, str]:
        """Titles of the sessions this one follows (and of itself), in the report's language."""
        titles = {}
        for session_id in [*self.earlier, self.session.id]:
            found = load_session(session_id, self.data_dir)
            text, _shown = pick_text(found.title, self.lang, found.lang)
            titles[session_id] = text or session_id
        return titles

    def since_last_workshop(self) -> str:
        """Return the actions of the earlier workshops this session follows, with their status.

        Every partner's actions are listed with their latest status and its history (who
        changed it is named by partner, never by pseudonym); owners only for this partner's
        own actions; overdue ones are flagged.
        """
        with language(self.lang):
            if not self.earlier:
                return (
                    '<div class="hope-report"><p class="hope-muted">'
                    + _e(_("This session does not follow an earlier workshop."))
                    + "</p></div>"
                )
            titles = self._session_titles()
            as_of = followup.as_of_date(self.session)
            frame = followup.since_last_workshop(
                self.store, self.session.id, partner=self.partner, as_of=as_of
            )
            events = self.store.action_history(self.session.id)
            intro = _("Actions agreed at {sessions}, as they stood on {date}.").format(
                sessions="; ".join(titles[s] for s in self.earlier),
                date=format_date(as_of, self.locale),
            )
            chart = self.figure(self.follow_up_chart(frame)) if not frame.empty else ""
            return (
                '<div class="hope-report">'
                + f"<p>{_e(intro)}</p>"
                + chart
                + followup.since_last_workshop_html(
                    frame,
                    events,
                    session_titles=titles,
                    partner_names=self.names,
                    practice_titles={str(k): str(v) for k, v in self.titles.items()},
                    locale=self.locale,
                    as_of=as_of,
                    partner=self.partner,
                )
                + "</div>"
            )

    def follow_up_chart(self, frame: pd.DataFrame | None = None) -> go.Figure:
        """Return the earlier workshops' actions per partner by status (this partner in bold)."""
        with language(self.lang):
            if frame is None:
                frame = followup.since_last_workshop(
                    self.store, self.session.id, partner=self.partner
                )
            return charts.action_status_chart(
                followup.action_status_counts(frame),
                partner=self.partner,
                partners=self.partners,
                labels=followup.status_labels(),
                lang=self.lang,
            )

    def transfer_plans(self) -> str:
        """Return this partner's transfer plans (latest versions), only in its own report."""
        with language(self.lang):
            plans = self.store.transfer_plans(self.session.id, partner=self.partner)
            if plans.empty:
                return (
                    '<div class="hope-report"><p class="hope-muted">'
                    + _e(_("No transfer plan yet."))
                    + "</p></div>"
                )
            titles = self._session_titles()
            levels = self.store.plan_practices(self.session.id, self.partner)
            cards = [
                followup.transfer_plan_html(
                    plan,
                    practice_title=self._title(plan["practice"]),
                    locale=self.locale,
                    level=self.taxonomy.label(
                        "transfer_levels", levels[plan["practice"]], self.lang
                    )
                    if levels.get(plan["practice"])
                    else "",
                    session_title=titles.get(plan["session"], plan["session"]),
                )
                for plan in plans.to_dict("records")
            ]
            return '<div class="hope-report">' + "".join(cards) + "</div>"

    def _indicators(self) -> pd.DataFrame:
        if not hasattr(self, "_indicator_frame"):
            self._indicator_frame = load_indicators(self.data_dir, self.lang)
        return self._indicator_frame

    def indicator_figures(self) -> list[go.Figure]:
        """Return the impact charts of this partner's practices.

        Its overview, a trend per practice, and a comparison across partners for each
        indicator that another partner reports too.
        """
        frame = self._indicators()
        mine = frame[frame["partner"] == self.partner]
        if mine.empty:
            return []
        common: dict[str, Any] = {
            "partners": self.partners,
            "titles": self.titles,
            "lang": self.lang,
        }
        figures = [charts.partner_indicator_overview_chart(frame, self.partner, **common)]
        for practice in dict.fromkeys(mine["practice"]):
            figures.append(charts.indicator_trend_chart(frame, practice, **common))
        reporting = frame.dropna(subset=["partner"]).groupby("indicator")["partner"].nunique()
        for indicator in dict.fromkeys(mine["indicator"]):
            if reporting.get(indicator, 0) > 1:
                figures.append(
                    charts.indicator_comparison_chart(
                        frame, indicator, partner=self.partner, **common
                    )
                )
        return figures

    def _value_text(self, value: float, unit: str) -> str:
        if unit == "eur":
            return format_money(value, self.locale)
        text = format_number(value, self.locale, "#,##0.##")
        return text + " %" if unit == "percent" else text

    def indicators(self) -> str:
        """Return what this partner's practices achieve.

        The charts of :meth:`indicator_figures`, figures per participant and per euro, and the
        sources of the real figures; illustrative figures are marked as such everywhere.
        """
        with language(self.lang):
            frame = self._indicators()
            mine = frame[frame["partner"] == self.partner]
            if mine.empty:
                return (
                    '<div class="hope-report"><p class="hope-muted">'
                    + _e(_("No indicator values recorded for your practices yet."))
                    + "</p></div>"
                )
            parts = [
                '<div class="hope-report"><p>',
                _e(
                    _(
                        "Figures the sources state, and how they change between periods. "
                        "Figures marked illustrative are made up for the demo workshops: "
                        "they are not measurements."
                    )
                ),
                "</p>",
            ]
            parts += [self.figure(figure) for figure in self.indicator_figures()]
            illustrative = _("illustrative")
            figure_names = {
                "cost_per_participant": _("cost per participant"),
                "cost_per_place_per_session": _("cost per place per session"),
            }
            units = unit_indicator_figures(mine, self.catalogue)
            # The latest period of each figure (the trends are in the charts above).
            units = units.drop_duplicates(["practice", "figure"], keep="last")
            rows = []
            for row in units.to_dict("records"):
                name = figure_names.get(row["figure"])
                if name is None:  # <indicator>_per_1000_eur
                    label = self.taxonomy.label("indicators", row["numerator"], self.lang)
                    name = _("{indicator} per 1,000 €").format(indicator=label)
                value = self._value_text(row["value"], "eur" if row["unit"] == "eur" else "")
                rows.append(
                    (
                        row["title"],
                        name,
                        row["period"],
                        value + (f" ({illustrative})" if row["illustrative"] else ""),
                    )
                )
            parts.append(self._heading(_("Per participant and per euro, latest period")))
            parts.append(
                _table(
                    pd.DataFrame(
                        rows, columns=[_("Practice"), _("Figure"), _("Period"), _("Value")]
                    ),
                    _("No practice states both a cost and the people it reached."),
                )
            )
            real = mine[~mine["illustrative"].astype(bool)]
            sources = pd.DataFrame(
                {
                    _("Practice"): real["title"],
                    _("Indicator"): real["label"],
                    _("Period"): real["period"],
                    _("Value"): [
                        self._value_text(v, u)
                        for v, u in zip(real["value"], real["unit"], strict=True)
                    ],
                    _("Source"): real["source"],
                    _("Note"): real["note"],
                }
            )
            parts.append(self._heading(_("Where the figures come from")))
            parts.append(_table(sources, _("Only illustrative figures so far.")))
            parts.append("</div>")
            return "".join(parts)

    def similar(self, n: int = 3) -> str:
        """Practices of other partners most similar to each of this partner's own."""
        own = self.catalogue[self.catalogue["partner"] == self.partner]
        with language(self.lang):
            if own.empty:
                none = _e(_("No practices of yours in the catalogue."))
                return f'<p class="hope-muted">{none}</p>'
            index = compare.build_similarity_index(self.catalogue)
            rows = []
            for practice in own.index:
                found = compare.similar_practices(self.catalogue, practice, n, index=index)
                for other, row in found.iterrows():
                    rows.append(
                        (
                            self._title(practice),
                            self._title(other),
                            self._name(row["partner"]),
                            ", ".join(row["shared_terms"]),
                        )
                    )
            frame = pd.DataFrame(
                rows,
                columns=[_("Your practice"), _("Similar practice"), _("Partner"), _("In common")],
            )
            return (
                '<div class="hope-report">'
                + _table(frame, _("No similar practices found."))
                + "</div>"
            )

    def contacts(self) -> str:
        """Contact points of the agenda's practices, only when the export asked for them."""
        with language(self.lang):
            if not self.include_contacts:
                return (
                    '<p class="hope-muted">'
                    + _e(_("Contact details are left out (export with --include-contacts)."))
                    + "</p>"
                )
            practices = load_practices(self.data_dir)
            rows: list[tuple[Any, ...]] = []
            for practice_id in self.session.practices:
                practice = practices.get(practice_id)
                for contact in practice.contacts if practice else []:
                    rows.append(
                        (
                            self._title(practice_id),
                            contact.role or "–",
                            contact.organisation or "–",
                            contact.name or "–",
                            contact.email or "–",
                            contact.phone or "–",
                        )
                    )
            frame = pd.DataFrame(
                rows,
                columns=[
                    _("Practice"),
                    _("Role"),
                    _("Organisation"),
                    _("Name"),
                    _("E-mail"),
                    _("Phone"),
                ],
            )
            return (
                '<div class="hope-report">'
                + _table(frame, _("No contact details recorded."))
                + "</div>"
            )

    def title(self) -> str:
        """Return the report's title (the browser tab)."""
        text, _shown = pick_text(self.session.title, self.lang, self.session.lang)
        return f"{text or self.session.id} · {self._name(self.partner)}"


def _number(value: float, locale: str) -> str:
    """Format a mean with one decimal in *locale*."""
    from .i18n import format_number

    return format_number(value, locale, "0.0")
