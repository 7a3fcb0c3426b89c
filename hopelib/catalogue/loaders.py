"""The loaders: each reads and checks the files it needs, then builds its model or frame.

Loading is all-or-nothing: any problem in the files a loader needs raises
:class:`~hopelib.errors.CatalogueError` listing every problem; nothing partial is returned.
"""

from __future__ import annotations

import re

import pandas as pd

from ..errors import CatalogueError
from ..models import Partner, Practice, Session, Taxonomy
from ..texts import LANG_PATTERN
from . import cache
from .checks import follows_problems
from .frames import completeness_frame, partner_frame, session_frame, text_frame
from .practices import gc_paused, read_practices
from .problems import display, file_problem, unknown
from .reader import PathLike, Reader, open_reader
from .rows import catalogue_from_files

__all__ = [
    "completeness",
    "load_catalogue",
    "load_partners",
    "load_practices",
    "load_session",
    "load_sessions",
    "load_taxonomy",
    "load_texts",
]

_LANG_RE = re.compile(LANG_PATTERN)


def _base(data_dir: PathLike | None) -> tuple[Reader, Taxonomy, dict[str, Partner]]:
    """Read the taxonomy and the partners, which every other file refers to."""
    reader = open_reader(data_dir)
    reader.read_taxonomy()
    reader.read_partners()
    reader.raise_problems()
    assert reader.taxonomy is not None and reader.partners is not None
    return reader, reader.taxonomy, reader.partners


def load_taxonomy(data_dir: PathLike | None = None) -> Taxonomy:
    """Load ``taxonomy.yaml``.

    Parameters
    ----------
    data_dir : path, optional
        The data folder (default: ``HOPE_DATA`` or the project's ``data/``).

    Returns
    -------
    Taxonomy

    Raises
    ------
    CatalogueError
        When the file has any problem.
    """
    reader = open_reader(data_dir)
    taxonomy = reader.read_taxonomy()
    reader.raise_problems()
    assert taxonomy is not None
    return taxonomy


def load_partners(data_dir: PathLike | None = None) -> pd.DataFrame:
    """Load ``partners.yaml`` as a DataFrame indexed by partner id.

    Parameters
    ----------
    data_dir : path, optional
        The data folder.

    Returns
    -------
    pandas.DataFrame
        Columns ``name``, ``short_name``, ``country``, ``region``, ``role``, ``language``,
        ``locale``, ``colour``, ``website``; rows in file order.

    Examples
    --------
    >>> load_partners().loc["seinajoki", "role"]
    'lead'
    """
    _, _, partners = _base(data_dir)
    return partner_frame(partners)


def load_practices(data_dir: PathLike | None = None) -> dict[str, Practice]:
    """Load every practice as a validated model, by id (sorted).

    Raises
    ------
    CatalogueError
        When any practice file, ``partners.yaml`` or ``taxonomy.yaml`` has a problem.
    """
    reader, _, _ = _base(data_dir)
    practices = read_practices(reader)
    reader.raise_problems()
    return practices


def load_catalogue(data_dir: PathLike | None = None, lang: str = "en") -> pd.DataFrame:
    """Load the practice catalogue as one row per practice.

    Parameters
    ----------
    data_dir : path, optional
        The data folder (default: ``HOPE_DATA`` or the project's ``data/``).
    lang : str, default "en"
        The language to show texts in, where a practice has it; otherwise its own language
        (then English), named in the ``<column>_lang`` column.

    Returns
    -------
    pandas.DataFrame
        Indexed by practice id (sorted); the columns are listed in :mod:`hopelib.catalogue`.

    Raises
    ------
    CatalogueError
        When any file the catalogue needs has a problem: nothing partial is returned.

    Examples
    --------
    >>> cat = load_catalogue(lang="fi")
    >>> cat.loc["pitstoppi", "summary_lang"]
    'fi'
    """
    with gc_paused():  # re-enabled once the practices read on the way are freed
        return _load_catalogue(data_dir, lang)


def _load_catalogue(data_dir: PathLike | None, lang: str) -> pd.DataFrame:
    """Load the practice catalogue (see :func:`load_catalogue`)."""
    reader, _, _ = _base(data_dir)
    paths = reader.practice_files()
    reader.raise_problems()
    where = cache.cache_path("catalogue", reader.root, lang) if _LANG_RE.match(lang) else None
    frame = catalogue_from_files(reader, paths, lang, where)
    reader.raise_problems()
    assert frame is not None
    return frame


def load_texts(data_dir: PathLike | None = None) -> pd.DataFrame:
    """Load every text of every practice in every language, one row per text.

    Returns
    -------
    pandas.DataFrame
        Columns ``practice``, ``field`` (the column name of :func:`load_catalogue`, e.g.
        ``client_need``), ``lang`` and ``text``; plain strings carry the file's ``lang``.
    """
    return text_frame(load_practices(data_dir))


def load_session(session_id: str, data_dir: PathLike | None = None) -> Session:
    """Load and validate one session.

    Parameters
    ----------
    session_id : str
        The session's id (its folder name under ``sessions/``).
    data_dir : path, optional
        The data folder.

    Returns
    -------
    Session
        With ``partners`` and ``criteria`` filled in with every partner and criterion when
        the file leaves them out.

    Raises
    ------
    CatalogueError
        When the session does not exist or any file it refers to has a problem.
    """
    reader, _, _ = _base(data_dir)
    folder = reader.root / "sessions"
    session_ids = reader.session_ids()
    if session_id not in session_ids:
        message = unknown("session", session_id, session_ids, display(folder))
        raise CatalogueError([file_problem(folder / session_id, message, field="session")])
    practices = read_practices(reader)
    session = reader.read_session(session_id, set(practices), session_ids)
    reader.raise_problems()
    assert session is not None
    earlier = {s: reader.read_session(s, set(practices), session_ids) for s in session.follows}
    known = {s.id: s for s in earlier.values() if s is not None}
    reader.problems += follows_problems({**known, session.id: session}, folder)
    reader.raise_problems()
    return session


def load_sessions(data_dir: PathLike | None = None) -> pd.DataFrame:
    """Load every session as one row each, indexed by session id.

    Returns
    -------
    pandas.DataFrame
        Columns ``title`` (English where it exists), ``host``, ``start``, ``end``, ``mode``,
        ``location``, ``n_practices``, ``n_partners``, ``participants`` (total count),
        ``follows`` (tuple), ``demo``.
    """
    reader, _, _ = _base(data_dir)
    practices = read_practices(reader)
    sessions = reader.read_sessions(set(practices))
    reader.raise_problems()
    return session_frame(sessions)


def completeness(data_dir: PathLike | None = None) -> pd.DataFrame:
    """List per practice which template fields and translations are still empty.

    A practice is expected in English (the partnership's common language), in its
    partner's language and in its own ``lang``.

    Parameters
    ----------
    data_dir : path, optional
        The data folder.

    Returns
    -------
    pandas.DataFrame
        Indexed by practice id: ``title``, ``partner``, ``filled`` and ``total`` (template
        fields), ``share`` (0–1), ``missing`` (tuple of field names),
        ``missing_translations`` (tuple of ``field:lang``) and its count
        ``n_missing_translations``.
    """
    reader, taxonomy, partners = _base(data_dir)
    practices = read_practices(reader)
    reader.raise_problems()
    return completeness_frame(practices, taxonomy, partners)
