"""Validating a whole data folder: every file checked, every problem listed."""

from __future__ import annotations

from .. import config
from ..errors import CatalogueError
from .folder import DataFolder, ValidationReport
from .indicator_files import IndicatorValue, check_indicator_files
from .practices import read_practices
from .reader import PathLike, Reader, missing_folder

__all__ = ["load_data", "validate"]


def validate(data_dir: PathLike | None = None) -> ValidationReport:
    """Check every file of a data folder and collect every problem.

    Parameters
    ----------
    data_dir : path, optional
        The data folder (default: ``HOPE_DATA`` or the project's ``data/``).

    Returns
    -------
    ValidationReport
        ``problems`` (empty when all is well), ``counts`` per file kind and, when there is
        no problem, the loaded :class:`DataFolder`.
    """
    root = config.data_dir(data_dir)
    reader = Reader(root)
    if not root.is_dir():
        return ValidationReport([missing_folder(root)], {})
    taxonomy = reader.read_taxonomy()
    partners = reader.read_partners()
    paths = reader.practice_files()
    practices = read_practices(reader, paths)
    # Practices that failed still exist: do not report sessions for naming them.
    known = set(practices) | {p.stem for p in paths}
    sessions = reader.read_sessions(known)
    indicators: list[IndicatorValue] = []
    if taxonomy is not None:
        indicators, problems = check_indicator_files(root, taxonomy, practices, known)
        reader.problems += problems
    counts = {
        "partners": len(partners or {}),
        "practices": len(practices),
        "sessions": len(sessions),
        "criteria": len(taxonomy.criteria) if taxonomy else 0,
        "indicators": len(indicators),
    }
    data = None
    if not reader.problems and taxonomy is not None and partners is not None:
        data = DataFolder(root, taxonomy, partners, practices, sessions, tuple(indicators))
    return ValidationReport(sorted(set(reader.problems)), counts, data)


def load_data(data_dir: PathLike | None = None) -> DataFolder:
    """Load and validate the whole data folder; raise :class:`CatalogueError` on any problem."""
    report = validate(data_dir)
    if report.data is None:
        raise CatalogueError(report.problems)
    return report.data
