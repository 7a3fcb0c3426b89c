"""What every tab of the console shares: the session, the store, who speaks, the language."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import ipywidgets as w
import pandas as pd

from ... import compare, config
from ...catalogue import load_catalogue, load_partners, load_session, load_taxonomy
from ...errors import StoreError
from ...html import Markup, render
from ...i18n import LANGUAGES, _, language, set_language
from ...imports import field_labels
from ...models import Session, Taxonomy
from ...store import Store, open_store
from .._kit import PanelHost, set_options, styled

__all__ = ["LANGUAGE_NAMES", "ConsoleBase"]

#: The languages of the switch, each in its own words.
LANGUAGE_NAMES = {"en": "English", "fi": "Suomi", "sl": "Slovenščina"}


class ConsoleBase(PanelHost):
    """One session, its store, and the controls every tab shares (who speaks, for whom).

    Parameters
    ----------
    session : str
        The session id (default ``demo-1``).
    data_dir : path, optional
        The data folder.
    store : Store or str, optional
        An open store, or its URL / SQLite path (default: ``HOPE_STORE`` or ``var/``).
    lang : str
        The language of labels and texts.
    """

    data_dir: Path
    lang: str
    store: Store
    session: Session
    taxonomy: Taxonomy
    catalogue: pd.DataFrame
    names: dict[str, str]

    def __init__(
        self,
        session: str = config.DEFAULT_SESSION,
        *,
        data_dir: str | None = None,
        store: Store | str | None = None,
        lang: str = "en",
    ) -> None:
        super().__init__()
        self.data_dir = config.data_dir(data_dir)
        self.lang = lang
        self.store = store if isinstance(store, Store) else open_store(store, self.data_dir)
        self.taxonomy = load_taxonomy(self.data_dir)
        self.partners = load_partners(self.data_dir)
        self.catalogue = load_catalogue(self.data_dir, lang)
        self.names = compare.partner_names(self.partners)
        self.session = load_session(session, self.data_dir)
        self._listeners: dict[str, Callable[[], None]] = {}
        self._partner_listeners: dict[str, Callable[..., None]] = {}
        self._language_listeners: list[Callable[[], None]] = []
        with language(lang):
            self.participant = styled(
                w.Text(
                    description=_("You"),
                    placeholder=_("a pseudonym, e.g. AK"),
                    style={"description_width": "initial"},
                ),
                "hope-participant",
            )
            self.partner = styled(
                w.Dropdown(description=_("for"), style={"description_width": "initial"}),
                "hope-partner",
            )
        self.session_changed()

    # ------------------------------------------------------------------ shared state

    def on_session(self, listener: Callable[[], None]) -> None:
        """Call *listener* now and whenever another session is chosen (one per panel)."""
        self._listeners[self.building or str(len(self._listeners))] = listener
        listener()

    def on_partner(self, listener: Callable[..., None]) -> None:
        """Call *listener* whenever another partner is chosen (one per panel, kept on rebuild)."""
        key = self.building or str(len(self._partner_listeners))
        previous = self._partner_listeners.pop(key, None)
        if previous is not None:
            self.partner.unobserve(previous, "value")
        self._partner_listeners[key] = listener
        self.partner.observe(listener, "value")

    def on_language(self, listener: Callable[[], None]) -> None:
        """Call *listener* after every language switch (tab titles, say)."""
        self._language_listeners.append(listener)

    def session_changed(self) -> None:
        """Tell every panel that the session changed."""
        set_options(self.partner, [(self.names.get(p, p), p) for p in self.session.partners])
        for listener in list(self._listeners.values()):
            listener()

    def refresh(self) -> None:
        """Redraw the results (the results tab does; nothing to redraw without it)."""

    def set_language(self, lang: str) -> None:
        """Relabel everything in *lang* (``en``, ``fi``, ``sl``): every panel is rebuilt."""
        self.lang = lang
        set_language(lang)
        self.catalogue = load_catalogue(self.data_dir, lang)
        with language(lang):
            self.participant.description = _("You")
            self.participant.placeholder = _("a pseudonym, e.g. AK")
            self.partner.description = _("for")
        self.rebuild_panels()
        for listener in self._language_listeners:
            listener()

    def language_panel(self) -> w.ToggleButtons:
        """Switch the interface language; every panel and chart follows."""
        switch = styled(
            w.ToggleButtons(
                options=[(LANGUAGE_NAMES.get(code, code), code) for code in LANGUAGES],
                value=self.lang,
                style={"button_width": "auto"},
            ),
            "hope-language",
        )
        switch.observe(lambda change: self.set_language(change["new"]), "value")
        return switch

    def select(self, session: str) -> None:
        """Work on another session (every panel follows)."""
        self.session = load_session(session, self.data_dir)
        self.session_changed()

    # ------------------------------------------------------------------ words

    def title(self, practice: str) -> str:
        """Return a practice's title in the interface language (its id when unknown)."""
        value = self.catalogue["title"].get(practice)
        return str(value) if isinstance(value, str) else practice

    def titles(self) -> dict[str, str]:
        """Return every practice's title by id."""
        return {str(k): str(v) for k, v in self.catalogue["title"].items()}

    def agenda_options(self) -> list[tuple[str, str]]:
        """Return the session's practices as (title, id) options."""
        return [(self.title(p), p) for p in self.session.practices]

    def criterion_label(self, criterion: str) -> str:
        """Return a criterion's label in the interface language."""
        return self.taxonomy.label("criteria", criterion, self.lang)

    def level_label(self, level: str) -> str:
        """Return a transfer level's label in the interface language."""
        return self.taxonomy.label("transfer_levels", level, self.lang)

    def who(self) -> w.HBox:
        """Return the shared "You … for …" line of every form."""
        return styled(w.HBox([self.participant, self.partner]), "hope-who")

    def problems_html(self, errors: Mapping[str, str], heading: str = "") -> Markup:
        """Render problems one per line, each led by its field's label (never its id).

        A message of several lines (every bad milestone line, say) gives several lines.
        """
        with language(self.lang):
            labels = {**field_labels(), "-": "", "session": _("Session")}
            lines = []
            for name, text in errors.items():
                label = labels.get(name, name)
                for line in str(text).splitlines() or [""]:
                    lines.append(f"{label}: {line}" if label else line)
            return render(
                "widgets/problems.html.j2", heading=heading or _("Nothing was saved."), lines=lines
            )

    def store_error_html(self, error: StoreError) -> Markup:
        """Render a refusal of the store, its field named by its label."""
        return self.problems_html({error.field or "-": str(error).removeprefix(f"{error.field}: ")})
