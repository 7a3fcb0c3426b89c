"""The My entries tab: one line per thing entered; withdraw one, after a confirmation."""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from ...i18n import _, language
from ...workshop import entries_of, entry_line, withdraw_entry
from .._kit import message_html, rebuilt, styled
from .base import ConsoleBase

__all__ = ["EntriesTab"]


class EntriesTab(ConsoleBase):
    """See what you entered, one line per rating, interest, note or action; withdraw one."""

    def my_entries(self) -> list[dict[str, Any]]:
        """Return the participant's entries that still count, newest first (:func:`entries_of`)."""
        frame = entries_of(
            self.store,
            self.session.id,
            self.participant.value,
            titles=self.titles(),
            criteria={c: self.criterion_label(c) for c in self.session.criteria},
            levels={t: self.level_label(t) for t in self.taxonomy.ids("transfer_levels")},
        )
        return [{str(k): v for k, v in row.items()} for row in frame.to_dict("records")]

    @rebuilt
    def entries_panel(self) -> w.VBox:
        """See what you entered; withdraw an entry (a correction is a new rating)."""
        with language(self.lang):
            show = styled(
                w.Button(description=_("Show my entries"), layout=w.Layout(width="auto")),
                "hope-show-entries",
            )
            entries = styled(w.Select(rows=8, layout=w.Layout(width="95%")), "hope-entries")
            reason = w.Text(
                description=_("Reason"),
                placeholder=_("optional"),
                layout=w.Layout(width="40em"),
                style={"description_width": "initial"},
            )
            withdraw = styled(
                w.Button(
                    description=_("Withdraw"), button_style="warning", layout=w.Layout(width="auto")
                ),
                "hope-withdraw",
            )
            question = styled(w.HTML(), "hope-withdraw-question")
            yes = styled(
                w.Button(
                    description=_("Yes, withdraw it"),
                    button_style="danger",
                    layout=w.Layout(width="auto"),
                ),
                "hope-withdraw-yes",
            )
            cancel = styled(
                w.Button(description=_("Cancel"), layout=w.Layout(width="auto")),
                "hope-withdraw-cancel",
            )
            confirm = styled(
                w.HBox([question, yes, cancel], layout=w.Layout(display="none")),
                "hope-withdraw-confirm",
            )
            message = styled(w.HTML(), "hope-entries-message")
        listed: list[dict[str, Any]] = []

        def ask(visible: bool) -> None:
            confirm.layout.display = "flex" if visible else "none"

        def on_show(_button: object = None) -> None:
            listed[:] = self.my_entries()
            titles = self.titles()
            entries.options = [
                (entry_line(entry, titles, self.lang), str(n)) for n, entry in enumerate(listed)
            ]
            entries.index = None  # nothing chosen for the facilitator
            ask(False)
            with language(self.lang):
                if not self.participant.value.strip():
                    text = _("Type your pseudonym above, then Show my entries.")
                else:
                    text = _("{n} entries count.").format(n=len(listed))
                message.value = message_html(text)

        def on_withdraw(_button: object) -> None:
            with language(self.lang):
                if not listed:
                    message.value = message_html(
                        _("Nothing to withdraw: Show my entries first (with your pseudonym)."),
                        "error",
                    )
                    return
                if entries.value is None:
                    message.value = message_html(_("Choose the entry to withdraw."), "error")
                    return
                chosen = listed[int(entries.value)]
                question.value = message_html(
                    _("Withdraw “{entry}”?").format(
                        entry=entry_line(chosen, self.titles(), self.lang)
                    )
                )
            ask(True)

        def on_yes(_button: object) -> None:
            if entries.value is None:
                ask(False)
                return
            chosen = listed[int(entries.value)]
            result = withdraw_entry(
                self.store, self.session.id, chosen, self.participant.value, reason.value
            )
            if not result.ok:
                message.value = self.problems_html(result.errors)
                ask(False)
                return
            on_show()
            reason.value = ""
            with language(self.lang):
                message.value = message_html(
                    _("Withdrawn: {entry}. {n} entries count.").format(
                        entry=entry_line(chosen, self.titles(), self.lang), n=len(listed)
                    ),
                    "ok",
                )
            self.refresh()

        show.on_click(on_show)
        withdraw.on_click(on_withdraw)
        yes.on_click(on_yes)
        cancel.on_click(lambda _button: ask(False))
        entries.observe(lambda _change: ask(False), "value")
        if self.participant.value.strip():  # rebuilt in another language: list them again
            on_show()
        return styled(
            w.VBox([self.who(), show, entries, w.HBox([reason, withdraw]), confirm, message]),
            "hope-entries-panel",
        )
