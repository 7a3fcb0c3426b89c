"""The ``hope`` command (also ``python -m hopelib``).

Every subcommand has ``--help``. User mistakes end with a clear message and exit code 1,
never a traceback.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from pydantic import BaseModel

from . import __version__, config
from .catalogue import ValidationReport, completeness, load_data, practice_counts, validate
from .catalogue.reader import missing_folder
from .cli_catalogue import add_catalogue
from .cli_serve import add_serve
from .errors import ArgumentError, CatalogueError, HopeError
from .i18n import LANGUAGES, _, format_date_range, ngettext, review_status
from .models import PartnerList, Practice, Session, Taxonomy, pick_text

__all__ = ["build_parser", "main"]

_SCHEMAS: dict[str, type[BaseModel]] = {
    "practice": Practice,
    "partners": PartnerList,
    "taxonomy": Taxonomy,
    "session": Session,
}


def _check_out(value: str | None) -> None:
    """Refuse an ``--out`` folder that is a file, or lies below one, before any work."""
    if not value:
        return
    path = Path(value)
    for place in (path, *path.parents):
        if place.exists() or place.is_symlink():
            if not place.is_dir():
                raise ArgumentError(
                    _(
                        "--out {path}: {file} is a file, not a folder: give a folder (new or "
                        "existing), or move the file away"
                    ).format(path=value, file=place),
                    field="--out",
                )
            return


def _check_lang(value: str | None) -> None:
    """Refuse a ``--lang`` the workbook has no interface texts in, before any work."""
    if value is not None and value not in LANGUAGES:
        raise ArgumentError(
            _("--lang {lang}: not a language of the workbook: use one of {languages}").format(
                lang=value, languages=", ".join(LANGUAGES)
            ),
            field="--lang",
        )


def _print_report(report: ValidationReport, data_dir: Path) -> int:
    if not report.ok:
        for problem in report.problems:
            print(problem, file=sys.stderr)
        files = len({p.path for p in report.problems})
        print(
            _("{n} problem(s) in {files} file(s): fix them and run `hope validate` again.").format(
                n=len(report.problems), files=files
            ),
            file=sys.stderr,
        )
        return 1
    counts = report.counts
    print(
        _("taxonomy: OK ({n})").format(
            n=ngettext("{n} criterion", "{n} criteria", counts["criteria"]).format(
                n=counts["criteria"]
            )
        )
    )
    for kind, singular, plural in (
        ("partners", "{n} partner", "{n} partners"),
        ("practices", "{n} practice", "{n} practices"),
        ("sessions", "{n} session", "{n} sessions"),
    ):
        what = ngettext(singular, plural, counts[kind]).format(n=counts[kind])
        print(_("{kind}: OK ({what})").format(kind=kind, what=what))
    if counts.get("indicators"):  # a data folder may have no indicators/ at all
        n = counts["indicators"]
        what = ngettext("{n} value", "{n} values", n).format(n=n)
        print(_("{kind}: OK ({what})").format(kind="indicators", what=what))
    return 0


def _print_completeness(data_dir: Path) -> None:
    table = completeness(data_dir)
    print()
    print(_("Completeness: template fields filled, and what partners can still fill in"))
    for practice_id, row in table.iterrows():
        print(f"\n{practice_id}  {row['filled']}/{row['total']} ({row['share']:.0%})")
        print("  " + _("missing: {fields}").format(fields=", ".join(row["missing"]) or "-"))
        translations = ", ".join(row["missing_translations"]) or "-"
        print("  " + _("translations missing: {fields}").format(fields=translations))
    total = int(table["n_missing_translations"].sum()) if len(table) else 0
    print(
        "\n"
        + _("{n} practices; {fields} empty template fields; {tr} missing translations").format(
            n=len(table), fields=int((table["total"] - table["filled"]).sum()), tr=total
        )
    )
    print("\n" + _("Interface strings (hopelib/locales)"))
    for status in review_status():
        print(
            "  "
            + _("{lang}: {done}/{n} translated, {fuzzy} awaiting a person's review").format(
                lang=status["lang"],
                done=status["translated"],
                n=status["messages"],
                fuzzy=status["unreviewed"],
            )
        )


def cmd_validate(args: argparse.Namespace) -> int:
    """Check every data file; list every problem as ``path:line: field: message``."""
    data_dir = config.data_dir(args.data)
    if not data_dir.is_dir():
        raise CatalogueError([missing_folder(data_dir)])
    status = _print_report(validate(data_dir), data_dir)
    if status == 0 and args.completeness:
        _print_completeness(data_dir)
    return status


def cmd_summary(args: argparse.Namespace) -> int:
    """Print practices per partner and category, and the sessions."""
    data = load_data(args.data)
    names = {pid: p.short_name for pid, p in data.partners.items()}
    counts = practice_counts(data)
    sizes = [
        ngettext("{n} practice", "{n} practices", len(data.practices)),
        ngettext("{n} partner", "{n} partners", len(data.partners)),
        ngettext("{n} session", "{n} sessions", len(data.sessions)),
    ]
    counted = [
        size.format(n=n)
        for size, n in zip(
            sizes, (len(data.practices), len(data.partners), len(data.sessions)), strict=True
        )
    ]
    print(", ".join(counted) + " " + _("in {path}").format(path=data.root))
    if len(data.practices):
        print("\n" + _("Practices per category and partner") + "\n")
        print(counts.to_string())
    print("\n" + _("Sessions") + "\n")
    for session in data.sessions.values():
        when = format_date_range(session.dates[0], session.dates[-1], "en_GB")
        title = pick_text(session.title, "en", session.lang)[0]
        demo = "  [" + _("demo: illustrative records") + "]" if session.demo else ""
        print(
            f"  {session.id:<24} {when:<22} {names.get(session.host, session.host):<18} "
            + ngettext("{n} practice", "{n} practices", len(session.practices)).format(
                n=f"{len(session.practices):>2}"
            )
            + f"  {title}{demo}"
        )
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    """Write JSON Schemas of the data files, for editors that check files as people type."""
    _check_out(args.out)
    out = Path(args.out) if args.out else config.data_dir(args.data) / "schemas"
    _check_out(str(out))
    out.mkdir(parents=True, exist_ok=True)
    for name, model in _SCHEMAS.items():
        schema = model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$id"] = f"{name}.schema.json"
        path = out / f"{name}.schema.json"
        path.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(path)
    return 0


def cmd_session_archive(args: argparse.Namespace) -> int:
    """Write a session's records as CSV files to commit (default DATA/sessions/ID/records/)."""
    from .store import archive_session, open_store

    _check_out(args.out)
    with open_store(args.store, args.data) as store:
        paths = archive_session(store, args.session, args.out)
    for path in paths:
        with path.open(encoding="utf-8", newline="") as handle:  # a note may span lines
            rows = max(0, sum(1 for _row in csv.reader(handle)) - 1)
        print(f"{path}  " + ngettext("{n} row", "{n} rows", rows).format(n=rows))
    return 0


def cmd_session_load(args: argparse.Namespace) -> int:
    """Load archived records (a records/ folder) into the store; loading twice adds nothing."""
    from .store import load_records, open_store

    with open_store(args.store, args.data) as store:
        added = load_records(store, args.folder)
        where = store.url
    total = sum(added.values())
    details = ", ".join(f"{kind} {n}" for kind, n in added.items())
    print(
        _("{folder}: {n} new row(s) loaded into {store}").format(
            folder=args.folder, n=total, store=where
        )
        + (f" ({details})" if details else "")
    )
    return 0


def cmd_session_new(args: argparse.Namespace) -> int:
    """Create a session (a new sessions/ID/session.yaml), checked like every data file.

    The whole command is checked first (:func:`hopelib.sessions.check_new_session`, as the
    console's form is): every problem is printed, one per line, naming its option.
    """
    from .sessions import check_new_session, new_session

    problems = check_new_session(
        args.session,
        title=args.title,
        host=args.host,
        dates=args.dates,
        practices=args.practices,
        data_dir=args.data,
    )
    options = {"id": "ID", "title": "--title", "host": "--host", "dates": "--dates"}
    for name, message in problems:
        _say(args, f"{options.get(name, '--' + name)}: {message}")
    if problems:
        return 1
    path = new_session(
        args.session,
        title=args.title,
        host=args.host,
        dates=args.dates,
        practices=args.practices,
        partners=args.partners or (),
        criteria=args.criteria or (),
        mode=args.mode,
        lang=args.lang,
        follows=args.follows or (),
        data_dir=args.data,
    )
    print(_("created {path}").format(path=path))
    return 0


def cmd_session_close(args: argparse.Namespace) -> int:
    """Close a session's participant view: it takes no more entries (the console still does)."""
    from .store import open_store

    reopen = args.session_command == "reopen"
    with open_store(args.store, args.data) as store:
        event = (store.reopen_session if reopen else store.close_session)(args.session)
    done = _("{session}: reopened at {time}") if reopen else _("{session}: closed at {time}")
    print(done.format(session=args.session, time=f"{event['created_at']:%Y-%m-%d %H:%M} UTC"))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """Export a session as one offline HTML report per partner, and an index."""
    from .export import export_session

    _check_out(args.out or os.environ.get("HOPE_EXPORTS"))
    _check_lang(args.lang)
    paths = export_session(
        args.session,
        args.partner or None,
        data_dir=args.data,
        store=args.store,
        out=args.out,
        lang=args.lang,
        include_contacts=args.include_contacts,
        progress=sys.stderr.isatty() or args.progress,
        pdf=args.pdf,
    )
    for path in paths:
        print(path)
    return 0


def _add_store(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--store",
        metavar="URL",
        default=None,
        help=_("the session store: a URL or an SQLite file (default: $HOPE_STORE or var/)"),
    )


def _add_data(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data",
        metavar="DIR",
        default=None,
        help=_("the data folder (default: $HOPE_DATA or the project's data/)"),
    )


def build_parser() -> argparse.ArgumentParser:
    """Build the ``hope`` argument parser with one subparser per subcommand."""
    parser = argparse.ArgumentParser(
        prog="hope", description=_("The HOPE exchange-of-experience workbook.")
    )
    parser.add_argument("--version", action="version", version=f"hope {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def add(name: str, func: Callable[[argparse.Namespace], int]) -> argparse.ArgumentParser:
        doc = (func.__doc__ or "").strip().splitlines()[0]
        sub = commands.add_parser(name, help=doc, description=doc)
        sub.set_defaults(func=func)
        return sub

    validate_parser = add("validate", cmd_validate)
    _add_data(validate_parser)
    validate_parser.add_argument(
        "--completeness",
        action="store_true",
        help=_("also list per practice the template fields and translations still empty"),
    )

    _add_data(add("summary", cmd_summary))

    schema_parser = add("schema", cmd_schema)
    _add_data(schema_parser)
    schema_parser.add_argument(
        "--out",
        metavar="DIR",
        default=None,
        help=_("where to write the schemas (default: DATA/schemas)"),
    )

    export_parser = add("export", cmd_export)
    export_parser.add_argument("session", metavar="SESSION", help=_("the session id"))
    export_parser.add_argument(
        "--partner",
        action="append",
        metavar="ID",
        help=_("only this partner's report (repeatable; default: every partner)"),
    )
    _add_data(export_parser)
    _add_store(export_parser)
    export_parser.add_argument(
        "--out", metavar="DIR", default=None, help=_("default: $HOPE_EXPORTS or exports/")
    )
    export_parser.add_argument(
        "--lang", default=None, help=_("one language for every report (default: each partner's)")
    )
    export_parser.add_argument(
        "--include-contacts",
        action="store_true",
        help=_("put the practices' contact details (personal data) in the reports"),
    )
    export_parser.add_argument(
        "--progress", action="store_true", help=_("show the progress bar even when not a terminal")
    )
    export_parser.add_argument(
        "--pdf",
        action="store_true",
        help=_("also print each report to PARTNER.pdf (A4; needs the pdf extra and Chromium)"),
    )

    add_serve(commands, _add_store, _add_data)

    session_parser = commands.add_parser(
        "session",
        help=_("create a session, archive or load its records"),
        description=_("Work with a session's records in the session store."),
    )
    session_commands = session_parser.add_subparsers(
        dest="session_command", metavar="ACTION", required=True
    )

    def add_session(
        name: str, func: Callable[[argparse.Namespace], int], doc: str = ""
    ) -> argparse.ArgumentParser:
        doc = doc or (func.__doc__ or "").strip().splitlines()[0]
        sub = session_commands.add_parser(name, help=doc, description=doc)
        sub.set_defaults(func=func)
        _add_data(sub)
        _add_store(sub)
        return sub

    new_parser = add_session("new", cmd_session_new)
    new_parser.add_argument("session", metavar="ID", help=_("the new session's id"))
    new_parser.add_argument("--title", required=True, help=_("the title"))
    new_parser.add_argument("--host", required=True, metavar="PARTNER", help=_("the host"))
    new_parser.add_argument(
        "--dates", required=True, nargs="+", metavar="DATE", help=_("YYYY-MM-DD, in order")
    )
    new_parser.add_argument(
        "--practices",
        required=True,
        nargs="+",
        metavar="ID",
        help=_("the agenda: at least one practice"),
    )
    new_parser.add_argument("--partners", nargs="+", metavar="ID", help=_("default: all"))
    new_parser.add_argument("--criteria", nargs="+", metavar="ID", help=_("default: all"))
    new_parser.add_argument(
        "--mode", choices=["in_person", "virtual", "hybrid"], default="in_person"
    )
    new_parser.add_argument("--lang", default="en", help=_("the language of the title"))
    new_parser.add_argument(
        "--follows", nargs="+", metavar="ID", help=_("earlier sessions whose actions it picks up")
    )

    archive_parser = add_session("archive", cmd_session_archive)
    archive_parser.add_argument("session", metavar="SESSION", help=_("the session id"))
    archive_parser.add_argument(
        "--out", metavar="DIR", default=None, help=_("where to write the CSV files")
    )
    add_session("close", cmd_session_close).add_argument("session", metavar="ID")
    reopened = _("Open a closed session's participant view again.")
    add_session("reopen", cmd_session_close, reopened).add_argument("session", metavar="ID")
    load_parser = add_session("load", cmd_session_load)
    load_parser.add_argument("folder", metavar="DIR", help=_("a records/ folder of CSV files"))
    add_catalogue(commands, _add_data)
    return parser


def _say(args: argparse.Namespace, message: object) -> None:
    """Print one line of a failed command to stderr, naming the command."""
    command = " ".join(
        part
        for part in (
            args.command,
            getattr(args, "session_command", None),
            getattr(args, "catalogue_command", None),
        )
        if part
    )
    print(f"hope {command}: {message}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``hope`` with *argv* (default: the command line) and return its exit code.

    Exit code 2 is for what the argument parser refuses (an unknown option, a missing
    value); every wrong value, data problem or store failure prints one line per problem
    and exits 1, never with a traceback.
    """
    args = build_parser().parse_args(argv)
    try:
        status: int = args.func(args)
    except CatalogueError as error:
        for problem in error.problems:
            _say(args, problem)
        if len(error.problems) > 1:
            files = len({p.path for p in error.problems})
            print(
                _(
                    "{n} problem(s) in {files} file(s): fix them and run `hope validate` again."
                ).format(n=len(error.problems), files=files),
                file=sys.stderr,
            )
        return 1
    except HopeError as error:
        _say(args, error)
        return 1
    except BrokenPipeError:  # e.g. `hope summary | head`: the reader left, nothing is wrong
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as error:  # a file or folder the command needs cannot be read or written
        where = f" ({error.filename})" if error.filename else ""
        _say(args, f"{error.strerror or error}{where}")
        return 1
    except KeyboardInterrupt:
        print(_("interrupted"), file=sys.stderr)
        return 130
    return status
