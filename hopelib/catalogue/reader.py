"""Reading the YAML files of a data folder one by one, collecting every problem.

:class:`Reader` reads and checks the taxonomy, the partners, one practice file and the
sessions, each against what was read before it. Reading every practice at once, from the
cache and over several processes, is :func:`hopelib.catalogue.practices.read_practices`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError

from .. import config
from ..errors import CatalogueError, Problem
from ..models import Partner, PartnerList, Practice, Session, Taxonomy
from .checks import check_ids, check_session_ids, check_texts, duplicates, follows_problems
from .manifest import MANIFEST
from .problems import Loc, file_problem, unknown
from .shapes import validate_model
from .yaml_files import YamlFile, read_yaml

__all__ = ["PathLike", "Reader", "missing_folder", "open_reader"]

#: A data folder as the loaders take it.
PathLike = str | os.PathLike[str]


class Reader:
    """Reads one data folder, collecting problems instead of stopping at the first.

    Parameters
    ----------
    root : Path
        The data folder.

    Attributes
    ----------
    problems : list of Problem
        Every problem found so far.
    taxonomy : Taxonomy or None
        Once read without a problem.
    partners : dict of str to Partner, or None
        Once read without a problem, by id in file order.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.problems: list[Problem] = []
        self.taxonomy: Taxonomy | None = None
        self.partners: dict[str, Partner] | None = None
        self._ids: dict[str, set[str]] = {}  # by vocabulary, once the taxonomy is set

    @property
    def languages(self) -> set[str]:
        """The language ids of the taxonomy."""
        return self.ids("languages")

    def ids(self, vocabulary: str) -> set[str]:
        """Return the ids of a taxonomy vocabulary (none before the taxonomy is read)."""
        if self.taxonomy is None:
            return set()
        if vocabulary not in self._ids:
            self._ids[vocabulary] = set(self.taxonomy.ids(vocabulary))
        return self._ids[vocabulary]

    def read_taxonomy(self) -> Taxonomy | None:
        """Read and check ``taxonomy.yaml``; keep it when it has no problem."""
        file = read_yaml(self.root / "taxonomy.yaml", self.problems)
        if file is None:
            return None
        taxonomy = validate_model(Taxonomy, file, self.problems)
        if taxonomy is None:
            return None
        before = len(self.problems)
        for vocabulary in Taxonomy.VOCABULARIES:
            ids = taxonomy.ids(vocabulary)
            self.problems += duplicates(ids, (vocabulary,), ("id",), file)
        languages = set(taxonomy.ids("languages"))
        if taxonomy.lang is not None and taxonomy.lang not in languages:
            self.problems.append(
                file.at(("lang",), unknown("language", taxonomy.lang, languages, "languages"))
            )
        self.problems += check_texts(taxonomy.texts(), taxonomy.lang, languages, file)
        if len(self.problems) > before:
            return None
        self.taxonomy, self._ids = taxonomy, {}
        return taxonomy

    def read_partners(self) -> dict[str, Partner] | None:
        """Read and check ``partners.yaml``; keep the partners when they have no problem."""
        file = read_yaml(self.root / "partners.yaml", self.problems)
        if file is None:
            return None
        partners = validate_model(PartnerList, file, self.problems)
        if partners is None:
            return None
        before = len(self.problems)
        items = partners.root
        self.problems += duplicates([p.id for p in items], (), ("id",), file)
        for index, partner in enumerate(items):
            if self.taxonomy is not None and partner.language not in self.languages:
                self.problems.append(
                    file.at(
                        (index, "language"),
                        unknown("language", partner.language, self.languages, "taxonomy.yaml"),
                    )
                )
            try:
                Locale.parse(partner.locale)
            except (ValueError, UnknownLocaleError):
                self.problems.append(
                    file.at(
                        (index, "locale"),
                        f"unknown locale {partner.locale!r}: use one such as fi_FI, sl_SI or en_GB",
                    )
                )
        if len(self.problems) > before:
            return None
        self.partners = {p.id: p for p in items}
        return self.partners

    def practice_files(self) -> list[Path]:
        """Return the practice files (``*.yaml``); report every other entry as a problem.

        ``*.yml`` and ``*.YAML`` files, other files, hidden YAML files and folders in
        ``practices/`` are never read, so each is reported rather than skipped. What an
        operating system leaves behind unseen (``.DS_Store``, ``._job.yaml`` copies of a
        Mac's metadata, ``.gitkeep``) is no one's data: skipped without a word.
        """
        folder = self.root / "practices"
        if not folder.is_dir():
            return []
        paths = []
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            if _system_file(entry.name):
                continue
            if entry.name.endswith(".yaml") and not entry.name.startswith("."):
                paths.append(Path(entry.path))
            else:
                self.problems.append(file_problem(Path(entry.path), _not_practice(entry)))
        return paths

    def read_practice(self, path: Path) -> Practice | None:
        """Read and check one practice file against the taxonomy and partners read before."""
        file = read_yaml(path, self.problems)
        if file is None:
            return None
        practice = validate_model(Practice, file, self.problems)
        if practice is None:
            return None
        before = len(self.problems)
        if practice.id != path.stem:
            self.problems.append(
                file.at(
                    ("id",),
                    f"id {practice.id!r} differs from the file "
                    f"name {path.name!r}: rename the file to "
                    f"{practice.id}.yaml, or change the id",
                )
            )
        if self.partners is not None and practice.partner is not None:
            self.problems += check_ids(
                [(("partner",), practice.partner)],
                "partner",
                set(self.partners),
                "partners.yaml",
                file,
            )
        if self.taxonomy is not None:
            self.problems += self._check_practice_terms(practice, file)
        if len(self.problems) > before:
            return None
        return practice

    def _check_practice_terms(self, practice: Practice, file: YamlFile) -> list[Problem]:
        if self._terms_known(practice):  # the usual case, without building locations
            return check_texts(practice.texts(), practice.lang, self.languages, file)
        where = "taxonomy.yaml"
        checks: list[tuple[str, str, list[tuple[Loc, str]]]] = [
            (
                "category",
                "categories",
                [(("category",), practice.category)] if practice.category else [],
            ),
            ("theme", "themes", [(("themes", i), t) for i, t in enumerate(practice.themes)]),
            (
                "target group",
                "target_groups",
                [(("target_groups", i), t) for i, t in enumerate(practice.target_groups)],
            ),
            (
                "perspective",
                "perspectives",
                [(("perspectives", p), p) for p in practice.perspectives],
            ),
            ("language", "languages", [(("lang",), practice.lang)] if practice.lang else []),
        ]
        problems = []
        for kind, vocabulary, values in checks:
            problems += check_ids(values, kind, self.ids(vocabulary), where, file)
        problems += check_texts(practice.texts(), practice.lang, self.languages, file)
        return problems

    def _terms_known(self, practice: Practice) -> bool:
        """Tell whether every taxonomy id a practice names is known."""
        ids = self.ids
        return (
            (not practice.category or practice.category in ids("categories"))
            and ids("themes").issuperset(practice.themes)
            and ids("target_groups").issuperset(practice.target_groups)
            and ids("perspectives").issuperset(practice.perspectives)
            and (not practice.lang or practice.lang in self.languages)
        )

    def session_ids(self) -> set[str]:
        """Return the ids of the sessions: the folders under ``sessions/``."""
        folder = self.root / "sessions"
        return {p.name for p in folder.iterdir() if p.is_dir()} if folder.is_dir() else set()

    def read_sessions(self, practice_ids: set[str]) -> dict[str, Session]:
        """Read and check every session, by id (sorted); check the order they follow."""
        folder = self.root / "sessions"
        if not folder.is_dir():
            return {}
        session_ids = self.session_ids()
        self.problems += _unread_in_sessions(folder)
        sessions = {}
        for session_id in sorted(session_ids):
            session = self.read_session(session_id, practice_ids, session_ids)
            if session is not None:
                sessions[session.id] = session
        self.problems += follows_problems(sessions, folder)
        return sessions

    def read_session(
        self, session_id: str, practice_ids: set[str], session_ids: set[str]
    ) -> Session | None:
        """Read and check one session; fill in its ``partners`` default.

        Its ``criteria`` are what the file lists, never the taxonomy's of today: a criterion
        added later changes no existing session, and a session listing none (one never rated
        in the workbook) refuses ratings.
        """
        path = self.root / "sessions" / session_id / "session.yaml"
        file = read_yaml(path, self.problems)
        if file is None:
            return None
        session = validate_model(Session, file, self.problems)
        if session is None:
            return None
        before = len(self.problems)
        if session.id != session_id:
            self.problems.append(
                file.at(
                    ("id",),
                    f"id {session.id!r} differs from its folder "
                    f"name {session_id!r}: make them equal",
                )
            )
        partner_ids = None if self.partners is None else set(self.partners)
        self.problems += check_session_ids(session, file, partner_ids, practice_ids, session_ids)
        if self.taxonomy is not None:
            self.problems += check_ids(
                [(("criteria", i), c) for i, c in enumerate(session.criteria)],
                "criterion",
                set(self.taxonomy.ids("criteria")),
                "taxonomy.yaml",
                file,
            )
            self.problems += check_texts(session.texts(), session.lang, self.languages, file)
        if len(self.problems) > before:
            return None
        defaults: dict[str, Any] = {}
        if not session.partners:
            defaults["partners"] = list(self.partners or ())
        return session.model_copy(update=defaults)

    def raise_problems(self) -> None:
        """Raise :class:`~hopelib.errors.CatalogueError` when any problem was found."""
        if self.problems:
            raise CatalogueError(self.problems)


#: What a session's folder holds: its file, and the archive of its records.
_SESSION_ENTRIES = {"session.yaml", "records"}


def _unread_in_sessions(folder: Path) -> list[Problem]:
    """Report every entry of ``sessions/`` the workbook does not read (none is skipped)."""
    problems = []
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if _system_file(entry.name):
            continue
        if not entry.is_dir():
            message = (
                "this file is not read: sessions/ holds one folder per session, each with its "
                "session.yaml; move the file into a folder of its own, or out of sessions/"
            )
            problems.append(file_problem(Path(entry.path), message))
            continue
        for inner in sorted(os.scandir(entry.path), key=lambda e: e.name):
            if inner.name in _SESSION_ENTRIES or _system_file(inner.name):
                continue
            hint = (
                "rename it to session.yaml"
                if inner.name.lower() in {"session.yaml", "session.yml"}
                else "a session folder holds its session.yaml and records/ only; move it away"
            )
            problems.append(file_problem(Path(inner.path), f"this is not read: {hint}"))
    return problems


def _system_file(name: str) -> bool:
    """Tell a file an operating system keeps unseen (not a hidden YAML file someone wrote).

    The manifest of imports (:data:`~hopelib.catalogue.manifest.MANIFEST`) is the workbook's
    own and skipped too.
    """
    looks_like_yaml = name.lower().endswith((".yaml", ".yml"))
    return (
        name == MANIFEST or name.startswith("._") or (name.startswith(".") and not looks_like_yaml)
    )


def _not_practice(entry: os.DirEntry[str]) -> str:
    """Say why an entry of ``practices/`` is not read, and what to do."""
    stem, dot, suffix = entry.name.rpartition(".")
    if entry.name.startswith("."):
        return (
            "this hidden file is not read: if it is a practice, rename it to "
            f"{entry.name.lstrip('.')} (without the leading dot)"
        )
    if entry.is_dir():
        return (
            "a folder in practices/ is not read: practices are files ending in .yaml; "
            "move it out of practices/"
        )
    if dot and stem and suffix.lower() in {"yaml", "yml"}:
        return (
            f"this file is not read: practice files end in .yaml, in lower case: rename it "
            f"to {stem}.yaml"
        )
    return (
        "this file is not read: practices/ holds practice files ending in .yaml only; "
        "move it out of practices/, or rename it to ID.yaml if it is a practice"
    )


def missing_folder(root: Path) -> Problem:
    """Return the problem of a data folder that does not exist."""
    return file_problem(root, "no such data folder: check --data")


def open_reader(data_dir: PathLike | None) -> Reader:
    """Return a reader of the data folder (default: ``HOPE_DATA`` or the project's ``data/``).

    Raises
    ------
    CatalogueError
        When the folder does not exist.
    """
    root = config.data_dir(data_dir)
    if not root.is_dir():
        raise CatalogueError([missing_folder(root)])
    return Reader(root)
