"""Load and validate the data folder (DATA_MODEL.md) and report what is still missing.

Loading is all-or-nothing: any problem in the files a loader needs raises
:class:`~hopelib.errors.CatalogueError` listing *every* problem as ``path:line: field:
message``; a broken file never yields a partial catalogue. Files are parsed with PyYAML's C
loader with a faster Python side (:mod:`hopelib._yaml`); line numbers are looked up only when a
problem is reported.

Columns of :func:`load_catalogue` (index ``id``):

- ``title``, ``summary``, ``implementation``, ``evidence``, ``difficulties``,
  ``transferability``, ``continuity``, ``resources_notes`` and one ``<perspective>_<part>``
  column per perspective and part (``client_need`` … ``society_results``): the text in the
  asked language, each with a ``<column>_lang`` column naming the language shown (the
  practice's own language or English when the asked one is missing; empty when there is no
  text);
- ``partner`` (empty for reference practices), ``reference`` (no partner), ``organisation``,
  ``region``, ``country``, ``category``, ``themes`` and ``target_groups`` (tuples of ids),
  ``status``, ``lang``;
- ``resources_cost_eur``, ``resources_cost_unit``, ``resources_participants_max``,
  ``resources_sessions_per_year``, ``resources_staff``, ``reach_participants_per_year``,
  ``reach_period``, ``funding_programme``, ``funding_project_code``,
  ``funding_priority_axis``, ``funding_objective``, ``location_lat``, ``location_lon``,
  ``location_place``;
- ``n_sources`` and ``n_contacts`` (contact details themselves stay in the practice files:
  personal data is never part of the frame).
"""

from __future__ import annotations

import contextlib
import difflib
import gc
import os
import re
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import pandas as pd
import yaml
from babel import Locale, UnknownLocaleError
from pydantic import BaseModel, ValidationError

from . import __version__, _yaml, cache, config
from .errors import CatalogueError, Problem
from .models import (
    LANG_PATTERN,
    PERSPECTIVE_PARTS,
    SLUG_PATTERN,
    TEMPLATE_TEXT_FIELDS,
    TERM_PATTERN,
    Partner,
    PartnerList,
    Practice,
    Session,
    Taxonomy,
    pick_text,
)

if TYPE_CHECKING:
    from .indicators import IndicatorValue

__all__ = [
    "DataFolder",
    "ValidationReport",
    "completeness",
    "load_catalogue",
    "load_data",
    "load_partners",
    "load_practices",
    "load_session",
    "load_sessions",
    "load_taxonomy",
    "load_texts",
    "practice_counts",
    "template_fields",
    "validate",
]

_Loc = tuple[str | int, ...]
_Entry = tuple[cache.FileSignature, Practice]  # a parsed practice and its file's signature
_M = TypeVar("_M", bound=BaseModel)
_PathLike = str | os.PathLike[str]
_LANG_RE = re.compile(LANG_PATTERN)


# ---------------------------------------------------------------- reading files


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while many long-lived objects are made.

    Reading thousands of practices creates millions of objects that all stay alive; each
    collection would scan them all again, for nothing. Freed objects are still freed.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _display(path: Path) -> str:
    """Show *path* relative to the working directory when it lies below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


@dataclass
class _File:
    """One parsed YAML file, with what is needed to report problems in it."""

    path: Path
    text: str
    data: Any
    _tree: Any = None

    @property
    def name(self) -> str:
        return _display(self.path)

    def line(self, loc: _Loc) -> int | None:
        """Return the line of the deepest node of *loc* that exists in the file."""
        if self._tree is None:
            try:
                self._tree = _yaml.compose(self.text)
            except yaml.YAMLError:
                return None
        node = self._tree
        line: int | None = node.start_mark.line + 1 if node is not None else None
        for part in loc:
            if isinstance(node, yaml.MappingNode):
                for key, value in node.value:
                    if str(key.value) == str(part):
                        line, node = key.start_mark.line + 1, value
                        break
                else:
                    return line
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                if part >= len(node.value):
                    return line
                node = node.value[part]
                line = node.start_mark.line + 1
            else:
                return line
        return line

    def problem(self, loc: _Loc, message: str) -> Problem:
        return Problem(self.name, self.line(loc), _field_name(loc), message)


def _field_name(loc: _Loc) -> str:
    name = ""
    for part in loc:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name or "-"


def _read_yaml(path: Path, problems: list[Problem]) -> _File | None:
    """Parse one YAML file; on failure add a problem and return ``None``."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        problems.append(
            Problem(_display(path), None, "-", "file not found: create it, or check --data")
        )
        return None
    except OSError as error:
        reason = error.strerror or str(error)
        problems.append(Problem(_display(path), None, "-", f"cannot read the file ({reason})"))
        return None
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        problems.append(
            Problem(
                _display(path),
                line,
                "-",
                f"the file is not UTF-8 (byte 0x{raw[error.start]:02x}): "
                "save it with UTF-8 encoding",
            )
        )
        return None
    try:
        data = _yaml.load(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        what = " ".join(str(part) for part in (error.context, error.problem) if part)
        at = mark.line + 1 if mark is not None else None
        problems.append(
            Problem(
                _display(path),
                at,
                "-",
                f"bad YAML: {what}: check indentation, colons "
                "and quotes on this line and the one before",
            )
        )
        return None
    except yaml.YAMLError as error:
        problems.append(Problem(_display(path), None, "-", f"bad YAML: {error}"))
        return None
    if data is None:
        problems.append(
            Problem(_display(path), None, "-", "the file is empty: fill it in, or remove it")
        )
        return None
    return _File(path, text, data)


# ---------------------------------------------------------------- shape (pydantic) errors

_PATTERN_MESSAGES = {
    SLUG_PATTERN: "is not a valid id: use lower-case letters, digits and single hyphens "
    "(e.g. house-of-actions)",
    TERM_PATTERN: "is not a valid id: use lower-case letters, digits and single - or _ "
    "(e.g. cost_effectiveness)",
    LANG_PATTERN: "is not a language code: use two letters such as en, fi, sl",
    r"^[A-Z]{2}$": "is not a country code: use ISO 3166-1 alpha-2 in capitals (FI, SI, GB)",
    r"^#[0-9a-fA-F]{6}$": "is not a colour: use a hex colour such as #1f5fa8",
    r"^[a-z]{2,3}_[A-Z]{2}$": "is not a locale: use language_COUNTRY such as fi_FI",
    r"^https?://\S+$": "is not a web address: start it with https://",
    r"^[^@\s]+@[^@\s]+\.[^@\s]+$": "is not an e-mail address",
}
_DATE_ERRORS = {
    "date_parsing",
    "date_from_datetime_parsing",
    "date_from_datetime_inexact",
    "date_type",
}


def _all_field_names(model: type[BaseModel], seen: set[type[BaseModel]]) -> set[str]:
    names = set(model.model_fields)
    seen.add(model)
    for info in model.model_fields.values():
        for sub in _submodels(info.annotation):
            if sub not in seen:
                names |= _all_field_names(sub, seen)
    return names


def _submodels(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for argument in getattr(annotation, "__args__", ()):
        yield from _submodels(argument)


def _field_hint(name: object, model: type[BaseModel]) -> str:
    close = difflib.get_close_matches(str(name), sorted(_all_field_names(model, set())), n=1)
    hint = f"did you mean `{close[0]}`?" if close else "check its spelling"
    return f"unknown field: {hint} (the fields are listed in DATA_MODEL.md)"


def _shape_problems(
    error: ValidationError, file: _File, model: type[BaseModel], prefix: _Loc = ()
) -> list[Problem]:
    problems = []
    for item in error.errors(include_url=False):
        loc = prefix + tuple(p for p in item["loc"] if p != "[key]")
        kind, value = item["type"], item.get("input")
        pattern = (item.get("ctx") or {}).get("pattern")
        if kind == "missing":
            message = "required field is missing: add it"
        elif kind == "extra_forbidden":
            message = _field_hint(loc[-1] if loc else "", model)
        elif kind == "string_pattern_mismatch" and pattern in _PATTERN_MESSAGES:
            message = f"{value!r} {_PATTERN_MESSAGES[pattern]}"
        elif kind in _DATE_ERRORS:
            message = f"{value!r} is not a date: write it as YYYY-MM-DD (e.g. 2021-05-10)"
        elif kind.startswith("text_") or kind == "empty_text" or kind == "value_error":
            message = item["msg"].removeprefix("Value error, ")
        else:
            shown = repr(value) if not isinstance(value, dict | list) else type(value).__name__
            message = f"{item['msg'].rstrip('.')} (got {shown})"
        problems.append(file.problem(loc, message))
    return problems


def _validate_model(model: type[_M], file: _File, problems: list[Problem]) -> _M | None:
    try:
        return model.model_validate(file.data)
    except ValidationError as error:
        problems.extend(_shape_problems(error, file, model))
        return None


# ---------------------------------------------------------------- cross-file checks


def _unknown(kind: str, value: object, known: Iterable[str], where: str) -> str:
    known = sorted(known)
    close = difflib.get_close_matches(str(value), known, n=1)
    if close:
        return f"unknown {kind} {value!r}: did you mean {close[0]!r}? (see {where})"
    listed = ", ".join(known) if len(known) <= 12 else f"{', '.join(known[:12])}, …"
    return f"unknown {kind} {value!r}: use one of {listed or '(none defined)'} (see {where})"


def _check_texts(
    texts: Iterable[tuple[_Loc, str, str | dict[str, str]]],
    own_lang: str | None,
    languages: set[str],
    file: _File,
) -> list[Problem]:
    problems = []
    for loc, _column, value in texts:
        if isinstance(value, str):
            if own_lang is None:
                problems.append(
                    file.problem(
                        loc,
                        "plain text needs the file's language: add "
                        "`lang: en` (or fi, sl) at the top of the file, "
                        "or write the text as {en: ...}",
                    )
                )
        else:
            problems.extend(
                file.problem((*loc, key), _unknown("language", key, languages, "taxonomy.yaml"))
                for key in value
                if key not in languages
            )
    return problems


def _check_ids(
    values: Iterable[tuple[_Loc, str]], kind: str, known: set[str], where: str, file: _File
) -> list[Problem]:
    return [
        file.problem(loc, _unknown(kind, value, known, where))
        for loc, value in values
        if value not in known
    ]


def _duplicates(ids: list[str], prefix: _Loc, suffix: _Loc, file: _File) -> list[Problem]:
    """Report every id met before, at ``(*prefix, index, *suffix)``."""
    seen: dict[str, int] = {}
    problems = []
    for index, term_id in enumerate(ids):
        if term_id in seen:
            message = (
                f"duplicate id {term_id!r} (first at item {seen[term_id] + 1}): ids are unique"
            )
            problems.append(file.problem((*prefix, index, *suffix), message))
        seen.setdefault(term_id, index)
    return problems


# ---------------------------------------------------------------- the whole folder


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
    """What :func:`validate` found: the problems and, per file kind, what loaded."""

    problems: list[Problem]
    counts: dict[str, int]
    data: DataFolder | None = None

    @property
    def ok(self) -> bool:
        """True when there is no problem."""
        return not self.problems


class _Reader:
    """Reads one data folder, collecting problems instead of stopping at the first."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.problems: list[Problem] = []
        self.taxonomy: Taxonomy | None = None
        self.partners: dict[str, Partner] | None = None
        self._ids: dict[str, set[str]] = {}  # by vocabulary, once the taxonomy is set

    @property
    def languages(self) -> set[str]:
        return self.ids("languages")

    def ids(self, vocabulary: str) -> set[str]:
        """Return the ids of a taxonomy vocabulary (none before the taxonomy is read)."""
        if self.taxonomy is None:
            return set()
        if vocabulary not in self._ids:
            self._ids[vocabulary] = set(self.taxonomy.ids(vocabulary))
        return self._ids[vocabulary]

    def read_taxonomy(self) -> Taxonomy | None:
        file = _read_yaml(self.root / "taxonomy.yaml", self.problems)
        if file is None:
            return None
        taxonomy = _validate_model(Taxonomy, file, self.problems)
        if taxonomy is None:
            return None
        before = len(self.problems)
        for vocabulary in Taxonomy.VOCABULARIES:
            ids = taxonomy.ids(vocabulary)
            self.problems += _duplicates(ids, (vocabulary,), ("id",), file)
        languages = set(taxonomy.ids("languages"))
        if taxonomy.lang is not None and taxonomy.lang not in languages:
            self.problems.append(
                file.problem(("lang",), _unknown("language", taxonomy.lang, languages, "languages"))
            )
        self.problems += _check_texts(taxonomy.texts(), taxonomy.lang, languages, file)
        if len(self.problems) > before:
            return None
        self.taxonomy, self._ids = taxonomy, {}
        return taxonomy

    def read_partners(self) -> dict[str, Partner] | None:
        file = _read_yaml(self.root / "partners.yaml", self.problems)
        if file is None:
            return None
        partners = _validate_model(PartnerList, file, self.problems)
        if partners is None:
            return None
        before = len(self.problems)
        items = partners.root
        self.problems += _duplicates([p.id for p in items], (), ("id",), file)
        for index, partner in enumerate(items):
            if self.taxonomy is not None and partner.language not in self.languages:
                self.problems.append(
                    file.problem(
                        (index, "language"),
                        _unknown("language", partner.language, self.languages, "taxonomy.yaml"),
                    )
                )
            try:
                Locale.parse(partner.locale)
            except (ValueError, UnknownLocaleError):
                self.problems.append(
                    file.problem(
                        (index, "locale"),
                        f"unknown locale {partner.locale!r}: use one such as fi_FI, sl_SI or en_GB",
                    )
                )
        if len(self.problems) > before:
            return None
        self.partners = {p.id: p for p in items}
        return self.partners

    def practice_files(self) -> list[Path]:
        """Return the practice files (``*.yaml``); report ``*.yml`` files as problems."""
        folder = self.root / "practices"
        if not folder.is_dir():
            return []
        paths = []
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            if entry.name.endswith(".yaml"):
                paths.append(Path(entry.path))
            elif entry.name.endswith(".yml"):
                message = "practice files end in .yaml: rename the file"
                self.problems.append(Problem(_display(Path(entry.path)), None, "-", message))
        return paths

    def context_key(self) -> tuple[object, ...]:
        """Return what every practice's validity depends on besides its own file."""
        files = [self.root / "taxonomy.yaml", self.root / "partners.yaml"]
        return (cache.CACHE_VERSION, __version__, cache.signature(files))

    def read_practices(
        self,
        paths: list[Path] | None = None,
        signatures: tuple[cache.FileSignature, ...] | None = None,
    ) -> dict[str, Practice]:
        """Read every practice, reusing the cached ones whose file has not changed.

        *signatures* are those of *paths* when the caller has them already.
        """
        with _gc_paused():
            return self._read_practices(paths, signatures)

    def _read_practices(
        self, paths: list[Path] | None, signatures: tuple[cache.FileSignature, ...] | None
    ) -> dict[str, Practice]:
        """Read every practice (see :meth:`read_practices`)."""
        paths = self.practice_files() if paths is None else paths
        if signatures is None:
            signatures = cache.signature(paths)
        by_name = {sig[0]: sig for sig in signatures}
        cacheable = self.taxonomy is not None and self.partners is not None
        where = cache.cache_path("practices", self.root)
        key = self.context_key()
        cached: dict[str, _Entry] = {}
        for part in (cache.load_parts(where, key) or []) if cacheable else []:
            cached.update(part)
        found: dict[str, _Entry] = {}
        todo = []
        for path in paths:
            entry = cached.get(path.name)
            if entry is not None and entry[0] == by_name.get(path.name):
                found[path.name] = entry
            else:
                todo.append(path)
        parsed, parts = self._parse_practices(todo, by_name, pack=cacheable)
        found |= parsed
        if cacheable and (todo or len(found) != len(cached)):
            settled = {n: e for n, e in found.items() if cache.settled([e[0]])}
            if not (parts and len(found) == len(parsed) == len(settled)):
                parts = [cache.pack(settled)]  # the parts hold exactly what to keep
            cache.save(where, key, parts)
        return {
            practice.id: practice for _, practice in sorted(found.values(), key=lambda e: e[1].id)
        }

    def _parse_practices(
        self, paths: list[Path], signatures: dict[str, cache.FileSignature], pack: bool
    ) -> tuple[dict[str, _Entry], list[bytes]]:
        """Parse and check *paths*, over several processes when there are many.

        Return the good practices with their file signatures, by file name, and, when parsed
        in parallel, the same entries pickled in parts, ready for the cache: each process
        pickles its own share, the workers to send it anyway, the main process (when *pack*
        is true) while the workers finish.
        """
        workers = min(
            len(os.sched_getaffinity(0))
            if hasattr(os, "sched_getaffinity")
            else os.cpu_count() or 1,
            8,
        )
        if len(paths) < PARALLEL_MIN or workers < 2 or "fork" not in get_all_start_methods():
            return self._read_entries(paths, signatures), []
        # The main process parses a share too: it would otherwise wait idle.
        shares = [paths[i::workers] for i in range(workers)]
        context = (self.root, self.taxonomy, self.partners)
        with ProcessPoolExecutor(workers - 1, mp_context=get_context("fork")) as pool:
            futures = [
                pool.submit(_parse_chunk, context, share, signatures) for share in shares[1:]
            ]
            entries = self._read_entries(shares[0], signatures)
            parts = [cache.pack(entries)] if pack else []
            for future in futures:
                part, problems = future.result()
                entries.update(cache.unpack(part))
                parts.append(part)
                self.problems += problems
        return entries, parts

    def _read_entries(
        self, paths: list[Path], signatures: dict[str, cache.FileSignature]
    ) -> dict[str, _Entry]:
        """Read and check practice files: the good ones with their signatures, by file name."""
        entries = {}
        for path in paths:
            practice = self._read_practice(path)
            if practice is not None:
                entries[path.name] = (signatures.get(path.name, (path.name, -1, -1)), practice)
        return entries

    def _read_practice(self, path: Path) -> Practice | None:
        file = _read_yaml(path, self.problems)
        if file is None:
            return None
        practice = _validate_model(Practice, file, self.problems)
        if practice is None:
            return None
        before = len(self.problems)
        if practice.id != path.stem:
            self.problems.append(
                file.problem(
                    ("id",),
                    f"id {practice.id!r} differs from the file "
                    f"name {path.name!r}: rename the file to "
                    f"{practice.id}.yaml, or change the id",
                )
            )
        if self.partners is not None and practice.partner is not None:
            self.problems += _check_ids(
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

    def _check_practice_terms(self, practice: Practice, file: _File) -> list[Problem]:
        assert self.taxonomy is not None
        where = "taxonomy.yaml"
        checks: list[tuple[str, str, list[tuple[_Loc, str]]]] = [
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
            problems += _check_ids(values, kind, self.ids(vocabulary), where, file)
        problems += _check_texts(practice.texts(), practice.lang, self.languages, file)
        return problems

    def read_sessions(self, practice_ids: set[str]) -> dict[str, Session]:
        folder = self.root / "sessions"
        if not folder.is_dir():
            return {}
        session_ids = {p.name for p in folder.iterdir() if p.is_dir()}
        sessions = {}
        for session_id in sorted(session_ids):
            session = self.read_session(session_id, practice_ids, session_ids)
            if session is not None:
                sessions[session.id] = session
        self.problems += _follows_problems(sessions, folder)
        return sessions

    def read_session(
        self, session_id: str, practice_ids: set[str], session_ids: set[str]
    ) -> Session | None:
        path = self.root / "sessions" / session_id / "session.yaml"
        file = _read_yaml(path, self.problems)
        if file is None:
            return None
        session = _validate_model(Session, file, self.problems)
        if session is None:
            return None
        before = len(self.problems)
        if session.id != session_id:
            self.problems.append(
                file.problem(
                    ("id",),
                    f"id {session.id!r} differs from its folder "
                    f"name {session_id!r}: make them equal",
                )
            )
        partner_ids = set(self.partners or ())
        if self.partners is not None:
            self.problems += _check_ids(
                [(("host",), session.host)]
                + [(("partners", i), p) for i, p in enumerate(session.partners)]
                + [(("participants", p), p) for p in session.participants],
                "partner",
                partner_ids,
                "partners.yaml",
                file,
            )
        taking_part = set(session.partners or partner_ids)
        self.problems += [
            file.problem(
                ("participants", p),
                f"partner {p!r} is not among the session's partners: "
                "add it to `partners`, or remove its count",
            )
            for p in session.participants
            if p in partner_ids and p not in taking_part
        ]
        self.problems += _check_ids(
            [(("practices", i), p) for i, p in enumerate(session.practices)],
            "practice",
            practice_ids,
            "practices/",
            file,
        )
        self.problems += _duplicates(session.practices, ("practices",), (), file)
        self.problems += _check_ids(
            [(("follows", i), s) for i, s in enumerate(session.follows)],
            "session",
            session_ids - {session.id},
            "sessions/",
            file,
        )
        if self.taxonomy is not None:
            self.problems += _check_ids(
                [(("criteria", i), c) for i, c in enumerate(session.criteria)],
                "criterion",
                set(self.taxonomy.ids("criteria")),
                "taxonomy.yaml",
                file,
            )
            self.problems += _check_texts(session.texts(), session.lang, self.languages, file)
        if len(self.problems) > before:
            return None
        defaults: dict[str, Any] = {}
        if not session.partners:
            defaults["partners"] = list(self.partners or ())
        if not session.criteria and self.taxonomy is not None:
            defaults["criteria"] = self.taxonomy.ids("criteria")
        return session.model_copy(update=defaults)

    def raise_problems(self) -> None:
        if self.problems:
            raise CatalogueError(self.problems)


def _follows_problems(sessions: dict[str, Session], folder: Path) -> list[Problem]:
    """Check that every session follows only sessions that began before it (so no cycle)."""
    problems = []
    for session in sessions.values():
        for index, earlier_id in enumerate(session.follows):
            earlier = sessions.get(earlier_id)
            if earlier is None or earlier.dates[0] < session.dates[0]:
                continue
            path = folder / session.id / "session.yaml"
            file = _File(path, path.read_text(encoding="utf-8"), None)
            problems.append(
                file.problem(
                    ("follows", index),
                    f"session {earlier_id!r} begins on {earlier.dates[0].isoformat()}, not "
                    f"before this one ({session.dates[0].isoformat()}); a session follows "
                    "earlier sessions only: remove it or fix the dates",
                )
            )
    return problems


#: Below this many files to parse, a process pool costs more than it saves.
PARALLEL_MIN = 500


def _parse_chunk(
    context: tuple[Path, Taxonomy | None, dict[str, Partner] | None],
    paths: list[Path],
    signatures: dict[str, cache.FileSignature],
) -> tuple[bytes, list[Problem]]:
    """Read some practice files in a worker process; return the entries pickled, and problems."""
    reader = _Reader(context[0])
    reader.taxonomy, reader.partners = context[1], context[2]
    return cache.pack(reader._read_entries(paths, signatures)), reader.problems


def _missing_folder(root: Path) -> Problem:
    return Problem(_display(root), None, "-", "no such data folder: check --data")


def _reader(data_dir: _PathLike | None) -> _Reader:
    root = config.data_dir(data_dir)
    if not root.is_dir():
        raise CatalogueError([_missing_folder(root)])
    return _Reader(root)


def _base(data_dir: _PathLike | None) -> tuple[_Reader, Taxonomy, dict[str, Partner]]:
    reader = _reader(data_dir)
    reader.read_taxonomy()
    reader.read_partners()
    reader.raise_problems()
    assert reader.taxonomy is not None and reader.partners is not None
    return reader, reader.taxonomy, reader.partners


def validate(data_dir: _PathLike | None = None) -> ValidationReport:
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
    reader = _Reader(root)
    if not root.is_dir():
        return ValidationReport([_missing_folder(root)], {})
    taxonomy = reader.read_taxonomy()
    partners = reader.read_partners()
    paths = reader.practice_files()
    practices = reader.read_practices(paths)
    # Practices that failed still exist: do not report sessions for naming them.
    known = set(practices) | {p.stem for p in paths}
    sessions = reader.read_sessions(known)
    indicators: list[IndicatorValue] = []
    if taxonomy is not None:
        from .indicators import check_indicator_files  # it reads files through this module

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


def load_data(data_dir: _PathLike | None = None) -> DataFolder:
    """Load and validate the whole data folder; raise :class:`CatalogueError` on any problem."""
    report = validate(data_dir)
    if report.data is None:
        raise CatalogueError(report.problems)
    return report.data


def load_taxonomy(data_dir: _PathLike | None = None) -> Taxonomy:
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
    reader = _reader(data_dir)
    taxonomy = reader.read_taxonomy()
    reader.raise_problems()
    assert taxonomy is not None
    return taxonomy


def load_partners(data_dir: _PathLike | None = None) -> pd.DataFrame:
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
    columns = [name for name in Partner.model_fields if name != "id"]
    frame = pd.DataFrame(
        [p.model_dump(exclude={"id"}) for p in partners.values()],
        index=pd.Index(list(partners), name="id"),
        columns=columns,
    )
    return frame


def load_practices(data_dir: _PathLike | None = None) -> dict[str, Practice]:
    """Load every practice as a validated model, by id (sorted).

    Raises
    ------
    CatalogueError
        When any practice file, ``partners.yaml`` or ``taxonomy.yaml`` has a problem.
    """
    reader, _, _ = _base(data_dir)
    practices = reader.read_practices()
    reader.raise_problems()
    return practices


def _grid_columns(taxonomy: Taxonomy) -> list[str]:
    return [f"{p}_{part}" for p in taxonomy.ids("perspectives") for part in PERSPECTIVE_PARTS]


def _text_columns(taxonomy: Taxonomy) -> list[str]:
    return [
        "title",
        "summary",
        *_grid_columns(taxonomy),
        *TEMPLATE_TEXT_FIELDS[1:],
        "resources_notes",
    ]


#: Fields of the practice's parts shown as ``<part>_<field>`` columns, in column order.
_PART_FIELDS = (
    ("resources", ("cost_eur", "cost_unit", "participants_max", "sessions_per_year", "staff")),
    ("reach", ("participants_per_year", "period")),
    ("funding", ("programme", "project_code", "priority_axis", "objective")),
    ("location", ("lat", "lon", "place")),
)


def _catalogue_columns(text_columns: list[str]) -> list[str]:
    """Return the columns of :func:`load_catalogue`, in the order of :func:`_catalogue_row`."""
    return [
        *(name for column in text_columns for name in (column, f"{column}_lang")),
        "partner",
        "reference",
        "organisation",
        "region",
        "country",
        "category",
        "themes",
        "target_groups",
        "status",
        "lang",
        *(f"{part}_{name}" for part, names in _PART_FIELDS for name in names),
        "n_sources",
        "n_contacts",
    ]


def _catalogue_row(practice: Practice, lang: str, text_columns: list[str]) -> list[Any]:
    """Return one practice's row of :func:`load_catalogue` (see :func:`_catalogue_columns`)."""
    texts = {column: value for _, column, value in practice.texts()}
    row: list[Any] = []
    for column in text_columns:
        row += pick_text(texts.get(column), lang, practice.lang)
    row += [
        practice.partner,
        practice.partner is None,
        practice.organisation,
        practice.region,
        practice.country,
        practice.category,
        tuple(practice.themes),
        tuple(practice.target_groups),
        practice.status,
        practice.lang,
    ]
    for part, names in _PART_FIELDS:
        value = getattr(practice, part)
        row += [None if value is None else getattr(value, name) for name in names]
    row += [len(practice.sources), len(practice.contacts)]
    return row


def load_catalogue(data_dir: _PathLike | None = None, lang: str = "en") -> pd.DataFrame:
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
        Indexed by practice id (sorted); the columns are listed in this module's docstring.

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
    with _gc_paused():  # re-enabled once the practices read on the way are freed
        return _load_catalogue(data_dir, lang)


def _load_catalogue(data_dir: _PathLike | None, lang: str) -> pd.DataFrame:
    """Load the practice catalogue (see :func:`load_catalogue`)."""
    reader, taxonomy, _ = _base(data_dir)
    paths = reader.practice_files()
    reader.raise_problems()
    signatures = cache.signature(paths)
    key = (reader.context_key(), signatures, lang)
    where = cache.cache_path("catalogue", reader.root, lang) if _LANG_RE.match(lang) else None
    cached = cache.load(where, key) if where else None
    if isinstance(cached, pd.DataFrame):
        return cached
    practices = reader.read_practices(paths, signatures)
    reader.raise_problems()
    text_columns = _text_columns(taxonomy)
    rows = [_catalogue_row(p, lang, text_columns) for p in practices.values()]
    columns = _catalogue_columns(text_columns)
    frame = pd.DataFrame(rows, index=pd.Index(list(practices), name="id"), columns=columns)
    if where and cache.settled(signatures):
        cache.save(where, key, frame)
    return frame


def load_texts(data_dir: _PathLike | None = None) -> pd.DataFrame:
    """Load every text of every practice in every language, one row per text.

    Returns
    -------
    pandas.DataFrame
        Columns ``practice``, ``field`` (the column name of :func:`load_catalogue`, e.g.
        ``client_need``), ``lang`` and ``text``; plain strings carry the file's ``lang``.
    """
    rows = []
    for practice in load_practices(data_dir).values():
        for _, column, value in practice.texts():
            items = {practice.lang or "": value} if isinstance(value, str) else value
            rows += [(practice.id, column, lang, text) for lang, text in items.items()]
    return pd.DataFrame(rows, columns=["practice", "field", "lang", "text"])


def load_session(session_id: str, data_dir: _PathLike | None = None) -> Session:
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
    session_ids = {p.name for p in folder.iterdir() if p.is_dir()} if folder.is_dir() else set()
    if session_id not in session_ids:
        message = _unknown("session", session_id, session_ids, _display(folder))
        raise CatalogueError([Problem(_display(folder / session_id), None, "session", message)])
    practices = reader.read_practices()
    session = reader.read_session(session_id, set(practices), session_ids)
    reader.raise_problems()
    assert session is not None
    earlier = {s: reader.read_session(s, set(practices), session_ids) for s in session.follows}
    known = {s.id: s for s in earlier.values() if s is not None}
    reader.problems += _follows_problems({**known, session.id: session}, folder)
    reader.raise_problems()
    return session


def load_sessions(data_dir: _PathLike | None = None) -> pd.DataFrame:
    """Load every session as one row each, indexed by session id.

    Returns
    -------
    pandas.DataFrame
        Columns ``title`` (English where it exists), ``host``, ``start``, ``end``, ``mode``,
        ``location``, ``n_practices``, ``n_partners``, ``participants`` (total count),
        ``follows`` (tuple), ``demo``.
    """
    reader, _, _ = _base(data_dir)
    practices = reader.read_practices()
    sessions = reader.read_sessions(set(practices))
    reader.raise_problems()
    rows = [
        {
            "title": pick_text(s.title, "en", s.lang)[0],
            "host": s.host,
            "start": s.dates[0],
            "end": s.dates[-1],
            "mode": s.mode,
            "location": s.location,
            "n_practices": len(s.practices),
            "n_partners": len(s.partners),
            "participants": sum(s.participants.values()),
            "follows": tuple(s.follows),
            "demo": s.demo,
        }
        for s in sessions.values()
    ]
    columns = [
        "title",
        "host",
        "start",
        "end",
        "mode",
        "location",
        "n_practices",
        "n_partners",
        "participants",
        "follows",
        "demo",
    ]
    return pd.DataFrame(rows, index=pd.Index(list(sessions), name="id"), columns=columns)


# ---------------------------------------------------------------- completeness


def template_fields(taxonomy: Taxonomy) -> list[str]:
    """Return the fields a complete practice description fills, in reading order."""
    return [
        "category",
        "themes",
        "target_groups",
        "summary",
        *_grid_columns(taxonomy),
        "implementation",
        "resources",
        "reach",
        "evidence",
        "difficulties",
        "transferability",
        "continuity",
        "funding",
    ]


def _filled(practice: Practice, texts: dict[str, Any]) -> set[str]:
    filled = {
        name
        for name in ("category", "resources", "reach", "funding")
        if getattr(practice, name) is not None
    }
    filled |= {name for name in ("themes", "target_groups") if getattr(practice, name)}
    return filled | set(texts)


def completeness(data_dir: _PathLike | None = None) -> pd.DataFrame:
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
    practices = reader.read_practices()
    reader.raise_problems()
    fields = template_fields(taxonomy)
    translated = set(_text_columns(taxonomy))
    languages = set(taxonomy.ids("languages"))
    rows = []
    for practice in practices.values():
        texts = {column: value for _, column, value in practice.texts() if column in translated}
        filled = _filled(practice, texts)
        own = {practice.lang, partners[practice.partner].language if practice.partner else None}
        expected = {lang for lang in {"en", *own} if lang in languages}
        missing_translations = tuple(
            f"{column}:{lang}"
            for column, value in texts.items()
            for lang in sorted(expected)
            if lang not in ({practice.lang} if isinstance(value, str) else set(value))
        )
        rows.append(
            {
                "title": pick_text(practice.title, "en", practice.lang)[0],
                "partner": practice.partner,
                "filled": sum(name in filled for name in fields),
                "total": len(fields),
                "share": sum(name in filled for name in fields) / len(fields),
                "missing": tuple(name for name in fields if name not in filled),
                "missing_translations": missing_translations,
                "n_missing_translations": len(missing_translations),
            }
        )
    columns = [
        "title",
        "partner",
        "filled",
        "total",
        "share",
        "missing",
        "missing_translations",
        "n_missing_translations",
    ]
    return pd.DataFrame(rows, index=pd.Index(list(practices), name="id"), columns=columns)


def practice_counts(data: DataFolder, lang: str = "en") -> pd.DataFrame:
    """Count practices per category (rows) and partner (columns), with totals.

    Parameters
    ----------
    data : DataFolder
        A loaded data folder (:func:`load_data`).
    lang : str, default "en"
        The language of the category labels.

    Returns
    -------
    pandas.DataFrame
        Rows: category labels in taxonomy order, then ``(uncategorised)`` when any practice
        has no category, then ``total``. Columns: partners' short names in file order, then
        ``reference`` for practices outside the partnership; partners with no practice are
        left out.
    """
    from .i18n import _

    taxonomy = data.taxonomy
    names = {pid: p.short_name for pid, p in data.partners.items()}
    reference, uncategorised = _("reference"), _("(uncategorised)")
    labels = [taxonomy.label("categories", c, lang) for c in taxonomy.ids("categories")]
    practices = list(data.practices.values())
    counts = pd.crosstab(
        pd.Categorical(
            [
                taxonomy.label("categories", p.category, lang) if p.category else uncategorised
                for p in practices
            ],
            categories=[*labels, uncategorised],
        ),
        pd.Categorical(
            [names.get(p.partner or "", reference) for p in practices],
            categories=[*names.values(), reference],
        ),
        dropna=False,
    )
    rows = [row for row in counts.index if row != uncategorised or counts.loc[row].sum() > 0]
    counts = counts.loc[rows, counts.sum() > 0]
    counts.loc[_("total")] = counts.sum()
    counts.index.name, counts.columns.name = _("category"), None
    return counts
