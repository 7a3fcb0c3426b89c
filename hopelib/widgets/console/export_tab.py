"""The Export tab: the partners' reports, with progress per partner and links that open them."""

from __future__ import annotations

import os
from pathlib import Path

import ipywidgets as w
from IPython.display import HTML

from ...errors import HopeError
from ...html import render
from ...i18n import _, language
from .._kit import message_html, rebuilt, styled
from .base import ConsoleBase

__all__ = ["ExportTab", "report_link"]


def report_link(path: Path, start: str | None = None) -> str:
    """Return a report's path relative to the notebook's folder (the kernel's), for a link.

    JupyterLab opens such a link in a tab of its own (when the file is under the folder the
    lab serves: ``make lab`` serves the project, so ``exports/`` is).
    """
    return Path(os.path.relpath(Path(path).resolve(), start or os.getcwd())).as_posix()


class ExportTab(ConsoleBase):
    """Export this session's partner reports (as ``hope export``), with progress per partner."""

    def progress_states(self) -> dict[str, str]:
        """Return a report's states in words, in the interface language."""
        with language(self.lang):
            return {
                "waiting": _("waiting"),
                "working": _("being written…"),
                "done": _("written"),
                "failed": _("failed"),
            }

    @rebuilt
    def export_panel(self) -> w.VBox:
        """Export this session's partner reports (as ``hope export``), with per-partner progress."""
        from ...export import export_session

        with language(self.lang):
            button = styled(
                w.Button(
                    description=_("Export partner reports"),
                    icon="file",
                    layout=w.Layout(width="auto"),
                ),
                "hope-export",
            )
            include = styled(
                w.Checkbox(
                    description=_("include contact details (personal data)"),
                    indent=False,
                    layout=w.Layout(width="auto"),
                ),
                "hope-export-contacts",
            )
            pdf = styled(
                w.Checkbox(
                    description=_("also as PDF (for printing)"),
                    indent=False,
                    layout=w.Layout(width="auto"),
                ),
                "hope-export-pdf",
            )
            progress = styled(w.HTML(), "hope-export-progress")
            links = styled(w.Output(), "hope-export-links")
            message = styled(w.HTML(), "hope-export-message")
        states: dict[str, str] = {}

        def show_progress() -> None:
            words = self.progress_states()
            with language(self.lang):
                progress.value = render(
                    "widgets/progress.html.j2",
                    heading=_("Reports"),
                    rows=[(self.names.get(p, p), words.get(s, s), s) for p, s in states.items()],
                )

        def moved(partner: str, state: str) -> None:
            states[partner] = state
            show_progress()

        def on_export(_button: object) -> None:
            button.disabled = True
            message.value = ""
            links.clear_output()
            states.clear()
            for partner in self.session.partners:
                states[partner] = "waiting"
            show_progress()
            try:
                paths = export_session(
                    self.session.id,
                    data_dir=self.data_dir,
                    store=self.store.engine.url.render_as_string(hide_password=False),
                    include_contacts=include.value,
                    pdf=pdf.value,
                    progress=False,
                    on_progress=moved,
                )
            except Exception as error:  # a HopeError says what to do; anything else is named
                for partner, state in states.items():
                    if state in ("waiting", "working"):
                        states[partner] = "failed"
                show_progress()
                text = str(error) if isinstance(error, HopeError) else repr(error)
                message.value = render("widgets/error.html.j2", text=text)
                return
            finally:
                button.disabled = False
            with language(self.lang):
                message.value = message_html(_("Reports written: click one to open it."), "ok")
                items = [
                    (
                        report_link(path),
                        _("All reports (index)")
                        if path.stem == "index"
                        else self.names.get(path.stem, path.stem)
                        + (" (PDF)" if path.suffix == ".pdf" else ""),
                        str(path),
                    )
                    for path in paths
                ]
                page = render("widgets/report_links.html.j2", items=items)
                links.append_display_data(HTML(str(page)))  # type: ignore[no-untyped-call]

        button.on_click(on_export)
        return styled(
            w.VBox([w.HBox([button, include, pdf]), progress, message, links]),
            "hope-export-panel",
        )
