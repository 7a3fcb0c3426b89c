"""A throw-away PostgreSQL cluster on a loopback port (the store tests and bench_store.py).

Debian's server programs are run as the ``postgres`` user when we are root (initdb refuses
root); the cluster lives in a temporary folder that is removed when the context ends.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def postgres_bin() -> Path | None:
    """Return the folder of Debian's PostgreSQL server programs, if installed."""
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return candidates[-1].parent if candidates else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def throwaway_cluster(bindir: Path, *, fsync: bool = True) -> Iterator[str]:
    """Start a cluster with *bindir*'s programs; yield its base URL (no database part)."""
    root = Path(tempfile.mkdtemp(prefix="hope-pg-"))
    as_postgres: list[str] = []
    if os.geteuid() == 0:
        owner = pwd.getpwnam("postgres")
        os.chown(root, owner.pw_uid, owner.pw_gid)
        as_postgres = ["runuser", "-u", "postgres", "--"]
    root.chmod(0o700)
    data, port = root / "data", _free_port()
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1"
    if not fsync:
        options += " -c fsync=off"
    initdb = [str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust"]
    start = [str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(root / "log")]
    try:
        subprocess.run(
            [*as_postgres, *initdb, "--encoding=UTF8", "--no-locale"],
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [*as_postgres, *start, "-w", "-t", "60", "start"], check=True, capture_output=True
        )
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run(
            [*as_postgres, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            check=False,
            capture_output=True,
        )
        shutil.rmtree(root, ignore_errors=True)
