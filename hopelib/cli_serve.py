"""``hope serve``: the participant view and the results wall, served until Ctrl-C.

The command prints two links on standard output (the participant page first, then the
results wall, one line each) once the pages are ready, and how far the preparation got on
standard error.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from . import config
from .i18n import _

__all__ = ["add_serve", "cmd_serve"]


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the participant view and the results wall (Voilà); print their links."""
    from .serve import serve  # Voilà's server parts load only for this command

    return serve(
        args.session,
        host=args.host,
        port=args.port,
        store=args.store,
        data_dir=args.data,
        pool=args.pool,
    )


def _pages(text: str) -> int:
    if not text.strip().isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(
            _("{text!r} is not a whole number of 1 or more").format(text=text)
        )
    return int(text)


def add_serve(
    commands: Any,
    add_store: Callable[[argparse.ArgumentParser], None],
    add_data: Callable[[argparse.ArgumentParser], None],
) -> None:
    """Add ``hope serve`` to the ``hope`` parser's subcommands.

    Parameters
    ----------
    commands : argparse subparsers
        What ``add_subparsers`` of the ``hope`` parser returned.
    add_store, add_data : callable
        Add the ``--store`` and ``--data`` options to a parser.
    """
    doc = (cmd_serve.__doc__ or "").strip()
    parser = commands.add_parser("serve", help=doc, description=doc)
    parser.set_defaults(func=cmd_serve)
    parser.add_argument("session", metavar="SESSION", help=_("the session id"))
    parser.add_argument(
        "--host", default="127.0.0.1", help=_("the address to listen on (default 127.0.0.1)")
    )
    parser.add_argument(
        "--port", type=int, default=None, metavar="N", help=_("default: a free port")
    )
    parser.add_argument(
        "--pool",
        type=_pages,
        default=config.DEFAULT_SERVE_POOL,
        metavar="N",
        help=_(
            "participant pages prepared ahead, about 210 MB of memory each "
            "(default %(default)s; as many as people join at once)"
        ),
    )
    add_store(parser)
    add_data(parser)
