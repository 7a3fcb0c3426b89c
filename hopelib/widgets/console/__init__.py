"""The workshop console: one tab per task, one module per tab.

:class:`Workshop` (``workshop.py``) mixes the tabs in: ``session_tab`` (choose or create a
session), ``agenda_tab`` (side by side), ``rate_tab``, ``grid_tab`` (grid import),
``notes_tab`` (transfer interest and notes), ``actions_tab``, ``entries_tab`` (my entries),
``results_tab``, ``export_tab`` and ``follow_up`` (since the last workshop, transfer plans);
``base`` holds what they share. Each tab's callbacks call plain functions of
:mod:`hopelib.workshop`, :mod:`hopelib.imports`, :mod:`hopelib.followup` and the store.
"""

from __future__ import annotations

from .base import ConsoleBase
from .follow_up import FollowUpPanels
from .workshop import Workshop

__all__ = ["ConsoleBase", "FollowUpPanels", "Workshop"]
