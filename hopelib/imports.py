"""Import many participants' scores at once: a pasted grid, a CSV or an XLSX export.

Rooms where most people have no laptop collect scores on paper, in a spreadsheet or a
polling tool; the facilitator brings them in here. :func:`read_table` reads the file (or the
pasted text), :func:`check_scores` checks every row with the store's own record rules
(:meth:`hopelib.store.Store.check_rating`, :mod:`hopelib.store.rules`: a value ``add_rating``
refuses is rejected here with the same words) and splits them into rows to save and rows
rejected with their line and reason; nothing is written until
:meth:`hopelib.store.Store.add_rating_rows` is called with the good rows.

Two layouts are understood (header names are matched without case or accents):

- *long*: one score per line, columns ``participant``, ``partner``, ``practice``,
  ``criterion``, ``score`` and optionally ``comment``, ``visibility``;
- *wide*: one line per participant and practice, one column per criterion (its id or
  label), e.g. ``participant, partner, practice, relevance, evidence, …``; an empty cell is
  a criterion not scored.

Practices and partners may be given by id, title or name.
"""

from __future__ import annotations

import csv
import difflib
import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .compare import fold
from .errors import StoreError
from .i18n import _, ngettext
from .models import Taxonomy
from .store import Store, normalise_pseudonym
from .store.rules import (
    check_on_agenda,
    check_partner,
    check_pseudonym,
    check_score,
    check_speaker,
    check_text,
    check_visibility,
)
from .tables import decode_text, read_text_grid, read_xlsx_grid

__all__ = ["ScoreImport", "check_scores", "field_labels", "read_table"]

_ALIASES = {
    "participant": ("participant", "pseudonym", "name", "who", "osallistuja", "udelezenec"),
    "partner": ("partner", "city", "organisation", "kumppani"),
    "practice": ("practice", "practice id", "good practice", "kaytanto", "praksa"),
    "criterion": ("criterion", "criteria", "kriteeri", "kriterij"),
    "score": ("score", "rating", "points", "pisteet", "ocena"),
    "comment": ("comment", "comments", "kommentti", "komentar"),
    "visibility": ("visibility",),
}
_REJECTED_COLUMNS = ["line", "field", "message", "participant", "practice", "criterion", "score"]
_ROW_COLUMNS = [
    "line",
    "partner",
    "participant",
    "practice",
    "criterion",
    "score",
    "comment",
    "visibility",
]


def read_table(
    content: bytes | str, filename: str = "pasted.csv", *, language: str | None = None
) -> pd.DataFrame:
    """Read a score table (CSV, TSV or XLSX; or text pasted from a spreadsheet).

    Parameters
    ----------
    content : bytes or str
        The file's bytes, or pasted text.
    filename : str
        Its name; the extension decides the format (``.xlsx`` or text).
    language : str, optional
        The language of the people who typed it (default: the interface language), a hint
        for the encoding of a CSV file that is not UTF-8 (:func:`hopelib.tables.decode_text`).

    Returns
    -------
    pandas.DataFrame
        All cells as stripped strings (empty for blanks), the header row as column names, and
        a ``line`` column with each row's line as a person sees it in their editor or
        spreadsheet (the header is line 1; blank lines are counted and skipped). The sheet
        read from an XLSX file is the one whose header has participant and practice columns;
        formula cells give the value the spreadsheet stored. Problems of single rows (a
        formula stored without a value, cells beyond the header) are in
        ``attrs["problems"]`` (``line``, ``field``, ``message``); :func:`check_scores`
        rejects those rows.

    Raises
    ------
    StoreError
        When the file cannot be read (``field`` is ``"file"``), saying what it is and what to
        do.
    """
    suffix = Path(filename).suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        raw = content.encode() if isinstance(content, str) else content
        grid = read_xlsx_grid(raw, filename, _holds_scores)
    elif suffix in ("", ".csv", ".tsv", ".txt"):
        text = content if isinstance(content, str) else decode_text(content, filename, language)
        grid = read_text_grid(text, filename)
    else:
        raise StoreError(
            f"{filename}: " + _("not a CSV, TSV or XLSX file; export the sheet as CSV"),
            field="file",
        )
    table = pd.DataFrame(
        [cells for _line, cells in grid.rows], columns=pd.Index(grid.header), dtype=str
    )
    table.insert(0, "line", [line for line, _cells in grid.rows])
    table.attrs["problems"] = [vars(problem) for problem in grid.problems]
    return table


def _holds_scores(header: list[str]) -> bool:
    """Tell whether a sheet's header names who, what, and a score (or a column more)."""
    found = {name: _find(header, name) for name in _ALIASES}
    if found["participant"] is None or found["practice"] is None:
        return False
    return found["score"] is not None or any(c and c not in found.values() for c in header)


@dataclass(frozen=True)
class ScoreImport:
    """The outcome of :func:`check_scores`: rows to save and rows rejected."""

    rows: pd.DataFrame
    """Checked ratings (columns ``line``, ``partner``, ``participant``, ``practice``,
    ``criterion``, ``score``, ``comment``, ``visibility``), ready for
    :meth:`~hopelib.store.Store.add_rating_rows`."""
    rejected: pd.DataFrame
    """One row per problem: ``line``, ``field``, ``message`` and the row's values."""
    ignored: tuple[str, ...] = ()
    """Columns of the table that are not read (not a known column, nor a criterion)."""

    @property
    def ok(self) -> bool:
        """Tell whether every row can be saved."""
        return self.rejected.empty

    @property
    def lines_ready(self) -> list[int]:
        """The lines (rows of the table) that can be saved, each with all its scores."""
        return sorted(set(self.rows["line"]))

    @property
    def lines_rejected(self) -> list[int]:
        """The lines (rows of the table) rejected whole, for at least one problem."""
        return sorted(set(self.rejected["line"]))

    def counts(self) -> str:
        """Say how many rows are ready and rejected, and how many problems: one line."""
        ready = ngettext("{n} row ready", "{n} rows ready", len(self.lines_ready)).format(
            n=len(self.lines_ready)
        )
        if self.rejected.empty:
            return ready + "."
        rejected = ngettext(
            "{n} row rejected", "{n} rows rejected", len(self.lines_rejected)
        ).format(n=len(self.lines_rejected))
        problems = ngettext("{n} problem", "{n} problems", len(self.rejected)).format(
            n=len(self.rejected)
        )
        return f"{ready}, {rejected}: {problems}."

    def report(self) -> str:
        """Summarise the outcome in a few plain lines (for a terminal or an HTML ``<pre>``).

        The first line counts rows (:meth:`counts`); then one line per problem, naming the
        field by its label.
        """
        labels = field_labels()
        lines = [self.counts()]
        for row in self.rejected.itertuples(index=False):
            line = _("line {line}: {field}: {message}").format(
                line=row.line, field=labels.get(str(row.field), row.field), message=row.message
            )
            if line not in lines:  # a wide row repeats a bad partner once per criterion
                lines.append(line)
        if self.ignored:
            lines.append(_("Columns not read: {columns}.").format(columns=", ".join(self.ignored)))
        return "\n".join(lines)

    def rejected_text(self, table: pd.DataFrame) -> str:
        """Return the rejected rows of *table* (as :func:`read_table` gave it) as CSV text.

        The header first, then each rejected row as it was read: what the facilitator puts
        back in the box to correct.
        """
        if self.rejected.empty:
            return ""
        columns = [c for c in table.columns if c != "line"]
        chosen = table[table["line"].isin(self.lines_rejected)]
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        for row in chosen[columns].itertuples(index=False):
            writer.writerow(["" if pd.isna(v) else v for v in row])
        return out.getvalue()


def field_labels() -> dict[str, str]:
    """Return the words for the fields a score import or a form names, in the current language."""
    return {
        "participant": _("Participant"),
        "partner": _("Partner"),
        "practice": _("Practice"),
        "criterion": _("Criterion"),
        "score": _("Score"),
        "scores": _("Scores"),
        "comment": _("Comment"),
        "visibility": _("Visible"),
        "file": _("File"),
        "text": _("Text"),
        "owner": _("Owner"),
        "due": _("Due"),
        "level": _("Transfer"),
        "rationale": _("Why"),
        "record": _("Entry"),
        "reason": _("Reason"),
    }


def _find(columns: list[str], name: str) -> str | None:
    """Return the column that stands for *name* (matched without case or accents)."""
    wanted = {fold(alias) for alias in _ALIASES[name]}
    for column in columns:
        if fold(column).replace("_", " ") in wanted:
            return column
    return None


def _lookup(values: dict[str, str], given: str) -> str:
    """Map a name or id to an id through a folded lookup table (unknown: as given)."""
    return values.get(fold(given), given)


def check_scores(
    table: pd.DataFrame,
    store: Store,
    session: str,
    *,
    taxonomy: Taxonomy,
    titles: pd.Series | None = None,
    partner_names: pd.DataFrame | None = None,
) -> ScoreImport:
    """Check a score table row by row, as the store would; write nothing.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`read_table`.
    store : Store
        The store the rows are meant for (its checks are used; nothing is written).
    session : str
        The session being rated.
    taxonomy : Taxonomy
        To recognise criteria given by label.
    titles : pandas.Series, optional
        Practice id → title, to recognise practices given by title.
    partner_names : pandas.DataFrame, optional
        :func:`~hopelib.catalogue.load_partners`, to recognise partners given by name.

    Returns
    -------
    ScoreImport
        The rows to save and the rows rejected (with line, field and reason). A pseudonym
        used for two partners is rejected where it first changes partner.
    """
    columns = [c for c in table.columns if c != "line"]
    found = {name: _find(columns, name) for name in _ALIASES}
    criteria = {fold(c): c for c in taxonomy.ids("criteria")}
    for criterion in taxonomy.criteria:
        for label in (
            [criterion.label] if isinstance(criterion.label, str) else criterion.label.values()
        ):
            criteria[fold(label)] = criterion.id
    missing = [n for n in ("participant", "partner", "practice") if found[n] is None]
    wide = [c for c in columns if fold(c) in criteria and c not in found.values()]
    long = found["criterion"] is not None and found["score"] is not None
    ignored = tuple(c for c in columns if c not in found.values() and c not in wide)
    _refuse_misspelt_criteria(ignored, criteria)
    if missing or not (long or wide):
        needed = missing + ([] if long or wide else ["criterion + score, or one per criterion"])
        raise StoreError(
            _("line {line}: {field}: {message}").format(
                line=1,
                field="columns",
                message=_(
                    "the table has no column for {what}; the header row needs {columns}"
                ).format(
                    what=", ".join(needed),
                    columns="participant, partner, practice, criterion, score",
                ),
            ),
            field="columns",
        )
    practices = {}
    if titles is not None:
        practices = {fold(str(t)): str(i) for i, t in titles.items() if isinstance(t, str)}
        practices |= {fold(str(i)): str(i) for i in titles.index}
    partners = {}
    if partner_names is not None:
        for partner_id, row in partner_names.iterrows():
            for name in (partner_id, row.get("name"), row.get("short_name")):
                if isinstance(name, str) and name:
                    partners[fold(name)] = str(partner_id)

    def cell(row: pd.Series, name: str) -> str:
        column = found[name]
        return str(row[column]) if column is not None else ""

    candidates: dict[int, list[dict[str, str | int]]] = {}  # line → its values
    for _index, row in table.iterrows():
        base: dict[str, str | int] = {
            "line": int(row["line"]),
            "partner": _lookup(partners, cell(row, "partner")),
            "participant": cell(row, "participant"),
            "practice": _lookup(practices, cell(row, "practice")),
            "comment": cell(row, "comment"),
            "visibility": cell(row, "visibility") or "shared",
        }
        values = candidates.setdefault(int(row["line"]), [])
        if long:
            named = _lookup(criteria, cell(row, "criterion"))
            values.append({**base, "criterion": named, "score": cell(row, "score")})
        for column in wide:
            if row[column] != "":
                values.append({**base, "criterion": criteria[fold(column)], "score": row[column]})

    read_problems: dict[int, list[dict[str, str]]] = {}
    for problem in table.attrs.get("problems", []):
        read_problems.setdefault(int(problem["line"]), []).append(problem)
    known = store.participants(session)
    owners = dict(zip(known["participant"], known["partner"], strict=True)) if len(known) else {}
    good: list[dict[str, object]] = []
    bad: list[dict[str, object]] = []
    for line, values in candidates.items():
        # a row is all or nothing: its values are saved only when every one of them passes
        row_owners = dict(owners)
        checked_row, problems = [], []
        for problem in read_problems.get(line, []):
            problems.append((problem["field"], problem["message"], values[0] if values else {}))
        for candidate in values:
            try:
                checked = _check_candidate(store, session, candidate, row_owners)
            except StoreError:
                for error in _every_problem(store, session, candidate, row_owners):
                    message = str(error).removeprefix(f"{error.field}: ")
                    problems.append((error.field or "-", message, candidate))
                continue
            checked_row.append({"line": line, **checked})
        if not problems:
            good += checked_row
            owners = row_owners
            continue
        seen = set()
        for field, message, candidate in problems:
            if (field, message) not in seen:  # a wide row repeats a bad partner per criterion
                seen.add((field, message))
                bad.append(
                    {
                        "line": line,
                        "field": field,
                        "message": message,
                        **{k: candidate.get(k, "") for k in _REJECTED_COLUMNS[3:]},
                    }
                )
    return ScoreImport(
        rows=pd.DataFrame(good, columns=_ROW_COLUMNS),
        rejected=pd.DataFrame(bad, columns=_REJECTED_COLUMNS),
        ignored=ignored,
    )


def _refuse_misspelt_criteria(columns: Sequence[str], criteria: Mapping[str, str]) -> None:
    """Refuse a column that looks like a criterion misspelt: its scores would be lost."""
    for column in columns:
        close = difflib.get_close_matches(fold(column), list(criteria), n=1, cutoff=0.8)
        if close:
            raise StoreError(
                _("line {line}: {field}: {message}").format(
                    line=1,
                    field="columns",
                    message=_(
                        "“{column}” is not a criterion; did you mean “{criterion}”? rename the "
                        "column, or its scores would not be read"
                    ).format(column=column, criterion=criteria[close[0]]),
                ),
                field="columns",
            )


def _check_candidate(
    store: Store, session: str, candidate: dict[str, str | int], owners: dict[str, str]
) -> dict[str, object]:
    """Check one score as :meth:`~hopelib.store.Store.add_rating` would; note its speaker."""
    text = {k: str(v) for k, v in candidate.items()}
    number = _number(text["score"])
    checked = store.check_rating(
        session,
        text["partner"],
        text["participant"],
        text["practice"],
        text["criterion"],
        number if number is not None else text["score"],
        text["comment"],
        text["visibility"],
    )
    # the store's rule, also across the grid's own rows (none is stored yet)
    key = normalise_pseudonym(checked["participant"])
    owner = owners.setdefault(key, checked["partner"])
    check_speaker(checked["participant"], checked["partner"], owner, session)
    return checked


def _every_problem(
    store: Store, session: str, candidate: dict[str, str | int], owners: dict[str, str]
) -> list[StoreError]:
    """Every rule a refused score breaks, each in the store's words (its first one first)."""
    text = {k: str(v) for k, v in candidate.items()}
    found = store.session(session)
    number = _number(text["score"])
    score = number if number is not None else text["score"]
    checks: list[Callable[[], object]] = [
        lambda: check_score(store.reference, found, text["criterion"], score),
        lambda: check_on_agenda(store.reference, found, text["practice"]),
        lambda: check_text("comment", text["comment"], required=False),
        lambda: check_visibility(text["visibility"]),
        lambda: check_partner(found, text["partner"]),
        lambda: check_pseudonym(text["participant"]),
        lambda: _check_candidate(store, session, candidate, dict(owners)),
    ]
    errors: list[StoreError] = []
    for check in checks:
        try:
            check()
        except StoreError as error:
            if not any(str(error) == str(e) for e in errors):
                errors.append(error)
    return errors


def _number(text: str) -> int | float | None:
    """Read a score cell: ``4``, ``4.0`` or ``4,0``; ``None`` when it is not a number."""
    try:
        value = float(str(text).replace(",", "."))
    except ValueError:
        return None
    return int(value) if value.is_integer() else value
