"""What a validated data folder holds (:class:`DataFolder`), and what validating it found."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problem
from ..models import Partner, Practice, Session, Taxonomy
from .indicator_files import IndicatorValue

__all__ = ["DataFolder", "ValidationReport"]


@dataclass(frozen=True)
class DataFolder:
    """Everything under a data folder, validated.

    Attributes
    ----------
    root : Path
        The data folder.
    taxonomy : Taxonomy
    partners : dict of str to Partner
        By id, in file order.
    practices : dict of str to Practice
        By id, sorted by id.
    sessions : dict of str to Session
        By id, sorted by id; ``partners`` and ``criteria`` defaults are filled in.
    indicators : tuple of IndicatorValue
        The checked rows of ``indicators/*.csv``, in file order (none without that folder);
        :func:`hopelib.indicators.indicator_frame` turns them into a frame.
    """

    root: Path
    taxonomy: Taxonomy
    partners: dict[str, Partner]
    practices: dict[str, Practice]
    sessions: dict[str, Session] = field(default_factory=dict)
    indicators: tuple[IndicatorValue, ...] = ()


@dataclass
class ValidationReport:
    """What :func:`~hopelib.catalogue.validate` found: the problems and what loaded, per kind."""

    problems: list[Problem]
    counts: dict[str, int]
    data: DataFolder | None = None

    @property
    def ok(self) -> bool:
        """True when there is no problem."""
        return not self.problems
