"""Checks across files: ids defined elsewhere, texts' languages, duplicates, session order."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..errors import Problem
from ..models import Session
from .problems import Loc, unknown
from .text import read_text
from .yaml_files import YamlFile

__all__ = ["check_ids", "check_session_ids", "check_texts", "duplicates", "follows_problems"]


def check_texts(
    texts: Iterable[tuple[Loc, str, str | dict[str, str]]],
    own_lang: str | None,
    languages: set[str],
    file: YamlFile,
) -> list[Problem]:
    """Check that every text's language is known and plain texts have the file's ``lang``."""
    problems = []
    for loc, _column, value in texts:
        if isinstance(value, str):
            if own_lang is None:
                problems.append(
                    file.at(
                        loc,
                        "plain text needs the file's language: add "
                        "`lang: en` (or fi, sl) at the top of the file, "
                        "or write the text as {en: ...}",
                    )
                )
        elif not languages.issuperset(value):
            problems.extend(
                file.at((*loc, key), unknown("language", key, languages, "taxonomy.yaml"))
                for key in value
                if key not in languages
            )
    return problems


def check_ids(
    values: Iterable[tuple[Loc, str]], kind: str, known: set[str], where: str, file: YamlFile
) -> list[Problem]:
    """Report each value (at its location) that is not among the *known* ids."""
    return [
        file.at(loc, unknown(kind, value, known, where))
        for loc, value in values
        if value not in known
    ]


def duplicates(ids: list[str], prefix: Loc, suffix: Loc, file: YamlFile) -> list[Problem]:
    """Report every id met before, at ``(*prefix, index, *suffix)``."""
    seen: dict[str, int] = {}
    problems = []
    for index, term_id in enumerate(ids):
        if term_id in seen:
            message = (
                f"duplicate id {term_id!r} (first at item {seen[term_id] + 1}): ids are unique"
            )
            problems.append(file.at((*prefix, index, *suffix), message))
        seen.setdefault(term_id, index)
    return problems


def follows_problems(sessions: dict[str, Session], folder: Path) -> list[Problem]:
    """Check that every session follows only sessions that began before it (so no cycle)."""
    problems: list[Problem] = []
    for session in sessions.values():
        for index, earlier_id in enumerate(session.follows):
            earlier = sessions.get(earlier_id)
            if earlier is None or earlier.dates[0] < session.dates[0]:
                continue
            path = folder / session.id / "session.yaml"
            text = read_text(path, problems, "with UTF-8 encoding")
            if text is None:  # changed since it was read: reported as it is now
                continue
            problems.append(
                YamlFile(path, text).at(
                    ("follows", index),
                    f"session {earlier_id!r} begins on {earlier.dates[0].isoformat()}, not "
                    f"before this one ({session.dates[0].isoformat()}); a session follows "
                    "earlier sessions only: remove it or fix the dates",
                )
            )
    return problems


def check_session_ids(
    session: Session,
    file: YamlFile,
    partner_ids: set[str] | None,
    practice_ids: set[str],
    session_ids: set[str],
) -> list[Problem]:
    """Check the partners, practices and earlier sessions a session names.

    *partner_ids* is ``None`` when the partners could not be read (then partners named are
    not checked).
    """
    problems = []
    known = partner_ids or set()
    if partner_ids is not None:
        problems += check_ids(
            [(("host",), session.host)]
            + [(("partners", i), p) for i, p in enumerate(session.partners)]
            + [(("participants", p), p) for p in session.participants],
            "partner",
            partner_ids,
            "partners.yaml",
            file,
        )
    taking_part = set(session.partners or known)
    problems += [
        file.at(
            ("participants", p),
            f"partner {p!r} is not among the session's partners: "
            "add it to `partners`, or remove its count",
        )
        for p in session.participants
        if p in known and p not in taking_part
    ]
    problems += check_ids(
        [(("practices", i), p) for i, p in enumerate(session.practices)],
        "practice",
        practice_ids,
        "practices/",
        file,
    )
    problems += duplicates(session.practices, ("practices",), (), file)
    problems += check_ids(
        [(("follows", i), s) for i, s in enumerate(session.follows)],
        "session",
        session_ids - {session.id},
        "sessions/",
        file,
    )
    return problems
