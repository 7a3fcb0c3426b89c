"""Create a session: a new ``sessions/<id>/session.yaml`` in the data folder.

The file is checked exactly as the loaders check it (:func:`hopelib.catalogue.load_session`)
before it is kept: a mistake raises :class:`~hopelib.errors.CatalogueError` and leaves no
folder behind.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path

import yaml

from . import config
from .catalogue import load_session, load_taxonomy
from .errors import CatalogueError, Problem
from .i18n import _
from .models import Session
from .texts import SLUG_PATTERN

__all__ = ["check_new_session", "earlier_sessions", "new_session", "session_chain"]


def check_new_session(
    session_id: str,
    *,
    title: str,
    host: str | None,
    dates: Sequence[dt.date | str | None],
    practices: Sequence[str],
    data_dir: str | os.PathLike[str] | None = None,
) -> list[tuple[str, str]]:
    """Check a new session's form as a whole: every problem at once, in words.

    Parameters
    ----------
    session_id, title, host, dates, practices
        As :func:`new_session` takes them.

    Returns
    -------
    list of (field, message)
        Empty when the session can be made; otherwise one pair per problem (``id``,
        ``title``, ``host``, ``dates``, ``practices``), the message in the current language.

    Examples
    --------
    >>> problems = check_new_session(
    ...     "Spring!", title="", host="north", dates=["2026-03-10"], practices=[]
    ... )
    >>> [name for name, _message in problems]
    ['id', 'title', 'practices']
    """
    root = config.data_dir(data_dir)
    problems: list[tuple[str, str]] = []
    if not (session_id or "").strip():
        problems.append(("id", _("give the session an id, e.g. 2026-03-seinajoki")))
    elif not re.fullmatch(SLUG_PATTERN, session_id):
        problems.append(
            (
                "id",
                _(
                    "use only lower-case letters, digits and hyphens (no spaces), "
                    "e.g. 2026-03-seinajoki"
                ),
            )
        )
    elif (root / "sessions" / session_id).exists():
        problems.append(
            ("id", _("a session {id} exists already; choose another id").format(id=session_id))
        )
    if not (title or "").strip():
        problems.append(("title", _("give the session a title")))
    if not host:
        problems.append(("host", _("choose the host partner")))
    days = [d for d in dates if d]
    if not days:
        problems.append(("dates", _("give the first day")))
    elif [str(d) for d in days] != sorted(str(d) for d in days):
        problems.append(("dates", _("the last day is before the first day")))
    if not practices:
        problems.append(("practices", _("choose at least one practice for the agenda")))
    return problems


def new_session(
    session_id: str,
    *,
    title: str,
    host: str,
    dates: Sequence[dt.date | str],
    practices: Sequence[str] = (),
    partners: Sequence[str] = (),
    criteria: Sequence[str] = (),
    mode: str = "in_person",
    location: str | None = None,
    lang: str = "en",
    demo: bool = False,
    follows: Sequence[str] = (),
    data_dir: str | os.PathLike[str] | None = None,
) -> Path:
    """Write a new session's ``session.yaml`` and return its path.

    Parameters
    ----------
    session_id : str
        A new id (lower-case letters, digits and hyphens), e.g. ``2026-03-seinajoki``.
    title : str
        The title, in *lang*.
    host : str
        The hosting partner's id.
    dates : list of date or ISO string
        The workshop's days, earliest first.
    practices : list of str
        The agenda: practice ids (at least one).
    partners : list of str, optional
        Default: every partner.
    criteria : list of str, optional
        Default: every criterion of the taxonomy today, written into the file so that a
        criterion added to the taxonomy later changes no existing session.
    mode : {"in_person", "virtual", "hybrid"}
    demo : bool
        Mark the session as a demonstration with illustrative records.
    follows : list of str, optional
        Earlier sessions whose actions and transfer plans this one picks up.

    Raises
    ------
    CatalogueError
        When the form is incomplete (:func:`check_new_session`: every problem at once), the
        id exists, or anything in the file would be invalid; nothing is left behind.

    Examples
    --------
    >>> new_session("2026-03-seinajoki", title="Spring workshop", host="seinajoki",
    ...             dates=["2026-03-10"], practices=["pitstoppi", "sociolab"])
    """
    root = config.data_dir(data_dir)
    folder = root / "sessions" / session_id
    path = folder / "session.yaml"
    problems = check_new_session(
        session_id, title=title, host=host, dates=dates, practices=practices, data_dir=root
    )
    if problems:
        raise CatalogueError([Problem(str(path), None, name, text) for name, text in problems])
    document: dict[str, object] = {
        "id": session_id,
        "lang": lang,
        "title": {lang: title},
        "host": host,
        "dates": [d.isoformat() if isinstance(d, dt.date) else str(d) for d in dates],
        "mode": mode,
        "practices": list(practices),
    }
    if partners:
        document["partners"] = list(partners)
    document["criteria"] = list(criteria) or load_taxonomy(root).ids("criteria")
    if location:
        document["location"] = location
    if follows:
        document["follows"] = list(follows)
    if demo:
        document["demo"] = True
    folder.mkdir(parents=True)
    try:
        text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
        path.write_text(text, encoding="utf-8")
        load_session(session_id, root)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return path


def session_chain(session: Session, lookup: Callable[[str], Session]) -> list[Session]:
    """Return the sessions *session* follows, directly or through others, then itself.

    Parameters
    ----------
    session : Session
    lookup : callable
        Returns the session with a given id (e.g. a store's or ``load_session``).

    Returns
    -------
    list of Session
        Oldest first (by first day, then id), *session* last; each once, even when
        ``follows`` lists a session twice or (in a folder not yet validated) in a circle.
    """
    found: dict[str, Session] = {}
    waiting = list(session.follows)
    while waiting:
        earlier_id = waiting.pop()
        if earlier_id in found or earlier_id == session.id:
            continue
        earlier = lookup(earlier_id)
        found[earlier_id] = earlier
        waiting.extend(earlier.follows)
    ordered = sorted(found.values(), key=lambda s: (s.dates[0], s.id))
    return [*ordered, session]


def earlier_sessions(session_id: str, data_dir: str | os.PathLike[str] | None = None) -> list[str]:
    """Return the ids of the sessions a session follows, directly or not, oldest first.

    Examples
    --------
    >>> earlier_sessions("demo-3")
    ['demo-1', 'demo-2']
    """
    root = config.data_dir(data_dir)
    chain = session_chain(load_session(session_id, root), lambda s: load_session(s, root))
    return [s.id for s in chain[:-1]]
