"""The Grid import tab: many participants' scores at once, each row all or nothing."""

from __future__ import annotations

import ipywidgets as w
import pandas as pd

from ...errors import StoreError
from ...html import render
from ...i18n import _, language, ngettext
from ...imports import ScoreImport, check_scores, read_table
from .._kit import frame_html, message_html, rebuilt, styled
from .base import ConsoleBase

__all__ = ["GridTab"]


class GridTab(ConsoleBase):
    """Bring in many participants' scores: paste a grid or upload a CSV/XLSX export."""

    @rebuilt
    def grid_panel(self) -> w.VBox:
        """Bring in many participants' scores: paste a grid or upload a CSV/XLSX export.

        Preview checks every row: a row is saved whole or not at all. Confirm stays off while
        any row is rejected, unless "save the valid rows only" is ticked; the rejected rows
        then stay in the box for correction.
        """
        with language(self.lang):
            upload = styled(
                w.FileUpload(accept=".csv,.tsv,.txt,.xlsx", multiple=False, description=_("File")),
                "hope-grid-upload",
            )
            pasted = styled(
                w.Textarea(
                    placeholder="participant,partner,practice,relevance,evidence\nAK,maribor,sociolab,4,5",
                    layout=w.Layout(width="90%", height="7em"),
                ),
                "hope-grid-paste",
            )
            preview = styled(
                w.Button(description=_("Preview"), layout=w.Layout(width="auto")),
                "hope-grid-preview",
            )
            valid_only = styled(
                w.Checkbox(
                    description=_("save the valid rows only"),
                    indent=False,
                    layout=w.Layout(width="auto"),
                ),
                "hope-grid-valid-only",
            )
            confirm = styled(
                w.Button(
                    description=_("Confirm and save"),
                    button_style="primary",
                    disabled=True,
                    layout=w.Layout(width="auto"),
                ),
                "hope-grid-confirm",
            )
            report = styled(w.HTML(), "hope-grid-report")
        pending: dict[str, ScoreImport] = {}
        tables: dict[str, pd.DataFrame] = {}

        def allow(*_args: object) -> None:
            checked = pending.get("import")
            confirm.disabled = (
                checked is None
                or checked.rows.empty
                or (not checked.rejected.empty and not valid_only.value)
            )

        def on_preview(_button: object) -> None:
            pending.clear()
            try:
                if upload.value:
                    item = upload.value[0]
                    table = read_table(bytes(item["content"]), item["name"])
                else:
                    table = read_table(pasted.value, "pasted.csv")
                with language(self.lang):
                    checked = check_scores(
                        table,
                        self.store,
                        self.session.id,
                        taxonomy=self.taxonomy,
                        titles=self.catalogue["title"],
                        partner_names=self.partners,
                    )
            except StoreError as error:
                report.value = self.store_error_html(error)
                allow()
                return
            pending["import"], tables["table"] = checked, table
            allow()
            with language(self.lang):
                report.value = render(
                    "widgets/grid_report.html.j2",
                    summary=checked.report(),
                    to_save=frame_html(checked.rows.drop(columns=["comment"]), _("nothing")),
                    rejected=frame_html(checked.rejected.rename(columns=str), _("none")),
                )

        def on_confirm(_button: object) -> None:
            checked = pending.pop("import", None)
            confirm.disabled = True
            if checked is None or checked.rows.empty:
                return
            rows = [
                {str(k): v for k, v in row.items()}
                for row in checked.rows.drop(columns=["line"]).to_dict("records")
            ]
            try:
                self.store.add_rating_rows(self.session.id, rows)
            except StoreError as error:
                report.value = self.store_error_html(error)
                return
            pasted.value = checked.rejected_text(tables["table"])
            upload.value = ()
            valid_only.value = False
            ready, rejected = len(checked.lines_ready), len(checked.lines_rejected)
            with language(self.lang):
                text = ngettext("{n} row saved.", "{n} rows saved.", ready).format(n=ready)
                if rejected:
                    text += " " + ngettext(
                        "{n} rejected row stays in the box: correct it and Preview again.",
                        "{n} rejected rows stay in the box: correct them and Preview again.",
                        rejected,
                    ).format(n=rejected)
                report.value = message_html(text, "ok")
            self.refresh()

        preview.on_click(on_preview)
        confirm.on_click(on_confirm)
        valid_only.observe(allow, "value")
        return styled(
            w.VBox([w.HBox([upload, preview, valid_only, confirm]), pasted, report]),
            "hope-grid-panel",
        )
