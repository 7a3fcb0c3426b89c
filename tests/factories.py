"""Builders of test inputs: edge-case catalogues and frames shaped like the store's records."""

from __future__ import annotations

import itertools
import shutil
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from hopelib import load_catalogue, load_texts

from .conftest import GOOD

EVIL = '<script>alert("x")</script><b>bold</b> & %{x}'


def catalogue_folder(root: Path, practices: list[dict[str, Any]]) -> Path:
    """Write a data folder with the fixture's partners and taxonomy and these practices."""
    data = root / "data"
    if data.exists():
        shutil.rmtree(data)
    shutil.copytree(GOOD, data, ignore=shutil.ignore_patterns("practices", "sessions"))
    (data / "practices").mkdir()
    for practice in practices:
        document = {
            "lang": "en",
            "country": "FI",
            "sources": [{"title": "Test source"}],
            **practice,
        }
        path = data / "practices" / f"{practice['id']}.yaml"
        path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return data


def catalogue_of(
    root: Path, practices: list[dict[str, Any]], lang: str = "en"
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the catalogue and texts frames of these practices."""
    data = catalogue_folder(root, practices)
    return load_catalogue(data, lang), load_texts(data)


def evil_practice(practice_id: str = "evil", partner: str = "north") -> dict[str, Any]:
    """A practice with HTML and plotly template syntax in every text field."""
    grid = {part: {"en": f"{part} {EVIL}"} for part in ("need", "solution", "results")}
    return {
        "id": practice_id,
        "partner": partner,
        "category": "collaboration",
        "region": f"Region {EVIL}",
        "organisation": f"Org {EVIL}",
        "title": {"en": f"Title {EVIL}"},
        "summary": {"en": f"Summary {EVIL}"},
        "perspectives": {"client": grid, "society": grid},
        **{
            name: {"en": f"{name} {EVIL}"}
            for name in (
                "implementation",
                "evidence",
                "difficulties",
                "transferability",
                "continuity",
            )
        },
        "resources": {"cost_eur": 10, "cost_unit": "session", "notes": {"en": f"Notes {EVIL}"}},
        "themes": ["employment"],
    }


_seq = itertools.count(1)


def rating(
    partner: str,
    participant: str,
    practice: str,
    criterion: str,
    score: float,
    *,
    session: str = "demo-x",
    seq: int | None = None,
    record_id: str | None = None,
    comment: str = "",
    visibility: str = "shared",
) -> dict[str, Any]:
    """One row shaped like the store's ``ratings`` records."""
    return {
        "id": record_id or str(uuid.uuid4()),
        "seq": seq if seq is not None else next(_seq),
        "created_at": pd.Timestamp("2025-03-11T10:00:00Z"),
        "session": session,
        "partner": partner,
        "participant": participant,
        "practice": practice,
        "criterion": criterion,
        "score": score,
        "comment": comment,
        "visibility": visibility,
    }


def interest(
    partner: str,
    participant: str,
    practice: str,
    level: str,
    *,
    session: str = "demo-x",
    seq: int | None = None,
    record_id: str | None = None,
) -> dict[str, Any]:
    """One row shaped like the store's ``interests`` records."""
    return {
        "id": record_id or str(uuid.uuid4()),
        "seq": seq if seq is not None else next(_seq),
        "created_at": pd.Timestamp("2025-03-11T10:00:00Z"),
        "session": session,
        "partner": partner,
        "participant": participant,
        "practice": practice,
        "level": level,
        "rationale": "",
        "visibility": "shared",
    }


def withdrawals(*record_ids: str) -> pd.DataFrame:
    """A withdrawals frame for these record ids."""
    return pd.DataFrame(
        [
            {"id": str(uuid.uuid4()), "seq": next(_seq), "record": r, "by": "x", "reason": ""}
            for r in record_ids
        ]
    )


# ------------------------------------------------------------------ impact indicators

#: Indicator definitions appended to the fixture taxonomy by :func:`indicator_folder`.
INDICATOR_TERMS = """
indicators:
  - {id: participants, unit: people, direction: higher, label: {en: People taking part}}
  - {id: cost, unit: eur, direction: lower, label: {en: Cost, fi: Kustannukset}}
  - {id: in_work, unit: percent, direction: higher, label: {en: In work}}
  - {id: project_value, unit: eur, direction: lower, label: {en: Project value}}
"""
#: The header of an indicator file, with the optional ``illustrative`` column.
INDICATOR_HEADER = "practice,indicator,unit,period,value,source,note,illustrative\n"


def indicator_folder(
    root: Path,
    files: dict[str, str | bytes],
    practices: list[dict[str, Any]] | None = None,
) -> Path:
    """Write a data folder with indicator definitions and these ``indicators/`` files.

    Without *practices*, the fixture's own practices (``job-path`` of north,
    ``coop-kitchen`` of south, ``reference-cafe`` with no partner; each cites "Fixture
    source") and its session are kept.
    """
    if practices is None:
        data = root / "data"
        if data.exists():
            shutil.rmtree(data)
        shutil.copytree(GOOD, data)
    else:
        data = catalogue_folder(root, practices)
    with (data / "taxonomy.yaml").open("a", encoding="utf-8") as taxonomy:
        taxonomy.write(INDICATOR_TERMS)
    folder = data / "indicators"
    folder.mkdir()
    for name, content in files.items():
        path = folder / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return data


def hope(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the ``hope`` command in a new process (as a user would), capturing its output."""
    return subprocess.run(
        [sys.executable, "-m", "hopelib", *args], capture_output=True, text=True, check=False
    )
