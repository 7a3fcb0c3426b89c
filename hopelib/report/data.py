"""Everything one partner may see of one session, read once: :func:`gather_report`.

Every file and store read of a report happens here, and so does privacy: other partners'
private notes, comments, rationales and action owners are blanked or left out by the store's
partner-aware views, the participants' pseudonyms are dropped from the action history, and
contact details are read only when the export asks for them. The sections
(:mod:`hopelib.report.sections`, :mod:`hopelib.report.figures`) only lay this data out.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field

import pandas as pd

from .. import compare, config, followup
from ..catalogue import load_catalogue, load_partners, load_practices, load_session, load_taxonomy
from ..errors import ExportError
from ..i18n import _, locale_for
from ..indicators import load_indicators
from ..models import Session, Taxonomy, pick_text
from ..store import Store, open_store

__all__ = ["ReportData", "gather_report"]

#: The columns of :attr:`ReportData.contacts`.
CONTACT_COLUMNS = ("practice", "role", "organisation", "name", "email", "phone")


@dataclass(frozen=True)
class ReportData:
    """What one partner may see of one session (privacy already applied).

    Attributes
    ----------
    session : Session
    partner : str
        Whose report this is.
    lang, locale : str
        The report's language (``fi``) and Babel locale for dates and numbers (``fi_FI``).
    partners : pandas.DataFrame
        partners.yaml (:func:`~hopelib.catalogue.load_partners`).
    names : dict
        Partner id → display name.
    taxonomy : Taxonomy
    catalogue : pandas.DataFrame
        The catalogue in the report's language.
    ratings, interests : pandas.DataFrame
        The session's records as this partner may read them (others' private texts blank).
    withdrawals : pandas.DataFrame
    changed : list of str
        Practices whose description changed after the session was rated.
    changed_criteria : list of str
        Criteria added, dropped or put on another scale after the session was rated.
    actions : pandas.DataFrame
        This partner's own actions, with owners.
    notes : pandas.DataFrame
        Every shared note and this partner's private ones.
    earlier : list of str
        The sessions this one follows (oldest first).
    session_titles : dict
        Title of each earlier session and of this one, in the report's language.
    as_of : date
        The day "since last workshop" is judged on.
    follow_up : pandas.DataFrame
        :func:`~hopelib.followup.since_last_workshop` as this partner may see it.
    action_events : pandas.DataFrame
        The status history of those actions, without pseudonyms; other partners' notes blank.
    plans : pandas.DataFrame
        This partner's transfer plans (latest versions).
    plan_levels : dict
        Practice → this partner's transfer level id.
    indicators : pandas.DataFrame
        Every partner's indicator values (:func:`~hopelib.indicators.load_indicators`); for a
        real workshop only the figures sources state (no illustrative ones).
    contacts : pandas.DataFrame or None
        The agenda's contact points (:data:`CONTACT_COLUMNS`), or None unless asked for.
    """

    session: Session
    partner: str
    lang: str
    locale: str
    partners: pd.DataFrame
    names: dict[str, str]
    taxonomy: Taxonomy
    catalogue: pd.DataFrame
    ratings: pd.DataFrame
    interests: pd.DataFrame
    withdrawals: pd.DataFrame
    changed: list[str]
    changed_criteria: list[str]
    actions: pd.DataFrame
    notes: pd.DataFrame
    earlier: list[str]
    session_titles: dict[str, str]
    as_of: dt.date
    follow_up: pd.DataFrame
    action_events: pd.DataFrame
    plans: pd.DataFrame
    plan_levels: dict[str, str]
    indicators: pd.DataFrame
    contacts: pd.DataFrame | None = field(default=None)

    @property
    def levels(self) -> list[str]:
        """The taxonomy's transfer levels, most committed first."""
        return list(self.taxonomy.ids("transfer_levels"))

    @property
    def titles(self) -> pd.Series:
        """Practice id → title in the report's language."""
        return self.catalogue["title"]

    def name(self, partner: object) -> str:
        """Return a partner's display name ("reference practice" for none)."""
        return self.names.get(str(partner), str(partner)) if partner else _("reference practice")

    def title(self, practice: object) -> str:
        """Return a practice's title in the report's language (its id when unknown)."""
        value = self.titles.get(str(practice))
        return str(value) if isinstance(value, str) else str(practice)


def gather_report(
    session: str,
    partner: str,
    *,
    lang: str | None = None,
    data_dir: str | os.PathLike[str] | None = None,
    store: Store | str | None = None,
    include_contacts: bool = False,
) -> ReportData:
    """Read everything *partner* may see of *session*, once.

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
        Read the practices' contact details (personal data: only when asked).

    Returns
    -------
    ReportData

    Raises
    ------
    ExportError
        For a partner not in the session.
    """
    root = config.data_dir(data_dir)
    found = load_session(session, root)
    partners = load_partners(root)
    if partner not in found.partners:
        raise ExportError(
            f"partner: {partner!r} is not a partner of session {session} "
            f"({', '.join(found.partners)}); choose one of them"
        )
    shown = lang or str(partners.loc[partner, "language"] or "en")
    opened = store if isinstance(store, Store) else open_store(store, root)
    earlier = opened.session_chain(session)[:-1]
    as_of = followup.as_of_date(found)
    follow_up = followup.since_last_workshop(opened, session, partner=partner, as_of=as_of)
    actions = opened.actions(session, partner=partner)
    return ReportData(
        session=found,
        partner=partner,
        lang=shown,
        locale=str(partners.loc[partner, "locale"] or locale_for(shown)),
        partners=partners,
        names=compare.partner_names(partners),
        taxonomy=load_taxonomy(root),
        catalogue=load_catalogue(root, shown),
        ratings=opened.ratings(session, partner=partner),
        interests=opened.interests(session, partner=partner),
        withdrawals=opened.withdrawals(session),
        changed=opened.changed_practices(session),
        changed_criteria=opened.changed_criteria(session),
        actions=actions[actions["partner"] == partner] if not actions.empty else actions,
        notes=opened.notes(session, partner=partner),
        earlier=earlier,
        session_titles=_session_titles([*earlier, session], root, shown),
        as_of=as_of,
        follow_up=follow_up,
        action_events=_events_for(opened.action_history(session), partner),
        plans=opened.transfer_plans(session, partner=partner),
        plan_levels=opened.plan_practices(session, partner),
        indicators=_indicators_for(found, load_indicators(root, shown)),
        contacts=_contacts(found, root) if include_contacts else None,
    )


def _indicators_for(session: Session, indicators: pd.DataFrame) -> pd.DataFrame:
    """Keep illustrative figures for demo sessions only: a real workshop's record holds none."""
    if session.demo or indicators.empty:
        return indicators
    return indicators[~indicators["illustrative"].astype(bool)]


def _session_titles(sessions: list[str], data_dir: os.PathLike[str], lang: str) -> dict[str, str]:
    """Each session's title in *lang* (its id when it has none)."""
    titles = {}
    for session_id in sessions:
        found = load_session(session_id, data_dir)
        text, _shown = pick_text(found.title, lang, found.lang)
        titles[session_id] = text or session_id
    return titles


def _events_for(events: pd.DataFrame, partner: str) -> pd.DataFrame:
    """Return the action history as *partner* may read it: no pseudonyms, others' notes blank."""
    visible = events.drop(columns=["participant"], errors="ignore")
    if "note" in visible.columns:
        visible = visible.assign(note=visible["note"].where(visible["partner"] == partner, ""))
    return visible


def _contacts(session: Session, data_dir: os.PathLike[str]) -> pd.DataFrame:
    """Return the contact points of the session's practices, one row each."""
    practices = load_practices(data_dir)
    rows = [
        (practice_id, c.role, c.organisation, c.name, c.email, c.phone)
        for practice_id in session.practices
        if (practice := practices.get(practice_id)) is not None
        for c in practice.contacts
    ]
    return pd.DataFrame(rows, columns=list(CONTACT_COLUMNS))
