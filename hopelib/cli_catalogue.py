"""``hope catalogue export|import``: the practice catalogue in and out of spreadsheets.

The commands print what they did, one line a file; a sheet with problems prints one line
per problem (``FILE:ROW: column: message``) and exits 1, writing nothing.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import config
from .catalogue.problems import display
from .errors import CatalogueError
from .i18n import _, ngettext

__all__ = ["add_catalogue", "cmd_catalogue_export", "cmd_catalogue_import"]


def cmd_catalogue_export(args: argparse.Namespace) -> int:
    """Write the catalogue as one sheet (CSV or XLSX), one row per practice."""
    from .catalogue.sheet_export import export_catalogue

    out = (
        Path(args.out) if args.out else config.exports_dir() / f"catalogue.{args.format or 'xlsx'}"
    )
    path = export_catalogue(
        args.data, out=out, format=args.format, include_contacts=args.include_contacts
    )
    print(path)
    return 0


def cmd_catalogue_import(args: argparse.Namespace) -> int:
    """Make practice files from a sheet (CSV, TSV or XLSX), one practice per row."""
    from .catalogue.sheet_import import import_catalogue

    try:
        plan = import_catalogue(
            args.file,
            args.data,
            mapping=args.mapping,
            partner=args.partner,
            dry_run=args.dry_run,
            update=args.update,
        )
    except CatalogueError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(
            ngettext(
                "{n} problem: nothing was written; fix it and import again.",
                "{n} problems: nothing was written; fix them and import again.",
                len(error.problems),
            ).format(n=len(error.problems)),
            file=sys.stderr,
        )
        return 1
    said = {
        "create": _("would create {path} (row {row})") if args.dry_run else _("created {path}"),
        "update": _("would update {path} (row {row})") if args.dry_run else _("updated {path}"),
        "unchanged": _("unchanged {path} (row {row})"),
    }
    for item in plan.planned:
        print(said[item.action].format(path=display(item.path), row=item.row))
    counts = {action: plan.count(action) for action in said}
    summary = _("{created} created, {updated} updated, {unchanged} unchanged").format(
        created=counts["create"], updated=counts["update"], unchanged=counts["unchanged"]
    )
    print(
        _("dry run, nothing written: {summary}").format(summary=summary)
        if args.dry_run
        else summary
    )
    return 0


def add_catalogue(commands: Any, add_data: Callable[[argparse.ArgumentParser], None]) -> None:
    """Add ``hope catalogue export|import`` to the ``hope`` parser's subcommands.

    Parameters
    ----------
    commands : argparse subparsers
        What ``add_subparsers`` of the ``hope`` parser returned.
    add_data : callable
        Adds the ``--data`` option to a parser.
    """
    catalogue_parser = commands.add_parser(
        "catalogue",
        help=_("the catalogue in and out of spreadsheets"),
        description=_("Export the practice catalogue as a sheet, or import practices from one."),
    )
    actions = catalogue_parser.add_subparsers(
        dest="catalogue_command", metavar="ACTION", required=True
    )
    for name, func in (("export", cmd_catalogue_export), ("import", cmd_catalogue_import)):
        doc = (func.__doc__ or "").strip().splitlines()[0]
        sub = actions.add_parser(name, help=doc, description=doc)
        sub.set_defaults(func=func)
        if name == "import":
            sub.add_argument("file", metavar="FILE", help=_("a .csv, .tsv or .xlsx file"))
        add_data(sub)
        if name == "export":
            sub.add_argument("--format", choices=["csv", "xlsx"], default=None)
            sub.add_argument(
                "--out",
                metavar="FILE",
                default=None,
                help=_("default: catalogue.xlsx (or .csv) in $HOPE_EXPORTS or exports/"),
            )
            sub.add_argument(
                "--include-contacts",
                action="store_true",
                help=_("put the practices' contact details (personal data) in the sheet"),
            )
            continue
        sub.add_argument(
            "--mapping",
            metavar="MAPPING.yaml",
            default=None,
            help=_("a YAML file naming the field of each sheet column (Nimi: title_fi)"),
        )
        sub.add_argument(
            "--partner",
            metavar="ID",
            default=None,
            help=_("the partner of rows that name none"),
        )
        sub.add_argument(
            "--dry-run",
            action="store_true",
            help=_("check and say what would be done; write nothing"),
        )
        sub.add_argument(
            "--update",
            action="store_true",
            help=_("also change practices an earlier import created, unless edited since"),
        )
