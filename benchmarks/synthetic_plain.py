"""A second, independent generator of valid synthetic catalogues: plain ``yaml.safe_dump``.

Usage: ``python benchmarks/synthetic_plain.py N OUT_DIR [--seed S]``. Unlike
:mod:`synthetic`, each practice file is what ``yaml.safe_dump(record, allow_unicode=True)``
writes with its defaults (keys sorted, flow style off, 80 columns), and every optional field
of a practice is present in some files: ``lang`` with plain-string texts, organisation,
region, category, status, the perspectives grid (some perspectives, some parts), every
template text, resources, reach, funding, location, contacts and sources with notes. Texts
are in English, Finnish and Slovenian; files are 1–5 KB, spread evenly.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path
from typing import Any

import yaml

PROJECT = Path(__file__).resolve().parent.parent
LANGS = ("en", "fi", "sl")
WORDS = {
    "en": [
        "people",
        "work",
        "town",
        "service",
        "young",
        "family",
        "job",
        "skills",
        "help",
        "meeting",
        "plan",
        "club",
        "volunteer",
        "training",
        "kitchen",
        "garden",
        "mentor",
        "digital",
        "library",
        "together",
    ],
    "fi": [
        "ihmiset",
        "työ",
        "kaupunki",
        "palvelu",
        "nuoret",
        "perhe",
        "taidot",
        "apu",
        "tapaaminen",
        "suunnitelma",
        "kerho",
        "vapaaehtoinen",
        "koulutus",
        "keittiö",
        "puutarha",
        "yhdessä",
        "kirjasto",
        "työpaja",
    ],
    "sl": [
        "ljudje",
        "delo",
        "mesto",
        "storitev",
        "mladi",
        "družina",
        "znanje",
        "pomoč",
        "srečanje",
        "načrt",
        "klub",
        "prostovoljec",
        "usposabljanje",
        "kuhinja",
        "vrt",
        "skupaj",
        "knjižnica",
        "delavnica",
    ],
}
TEXT_FIELDS = ("implementation", "evidence", "difficulties", "transferability", "continuity")


def _words(rng: random.Random, lang: str, count: int) -> str:
    text = " ".join(rng.choice(WORDS[lang]) for _ in range(count))
    return text[0].upper() + text[1:] + "."


def _text(rng: random.Random, plain_lang: str | None, count: int) -> str | dict[str, str]:
    """A plain string in the file's language, or a map of one to three languages."""
    if plain_lang is not None and rng.random() < 0.5:
        return _words(rng, plain_lang, count)
    langs = rng.sample(LANGS, rng.randint(1, 3))
    return {lang: _words(rng, lang, count) for lang in langs}


def _sometimes(rng: random.Random, share: float = 0.5) -> bool:
    return rng.random() < share


def practice(
    index: int, rng: random.Random, taxonomy: dict[str, Any], partners: list[str]
) -> dict[str, Any]:
    """Return one practice as a plain dict, every optional field present in some."""
    ids = {name: [t["id"] for t in taxonomy[name]] for name in taxonomy if name != "lang"}
    lang = rng.choice(LANGS) if _sometimes(rng) else None
    record: dict[str, Any] = {
        "id": f"plain-{index:06d}",
        "title": _text(rng, lang, rng.randint(3, 8)),
        "country": rng.choice(["FI", "SI", "GB", "IE", "EE"]),
        "sources": [
            {"title": _words(rng, "en", 4)}
            | ({"url": f"https://example.org/p/{index}/{n}"} if _sometimes(rng, 0.7) else {})
            | ({"note": _words(rng, "en", 6)} if _sometimes(rng, 0.3) else {})
            for n in range(rng.randint(1, 4))
        ],
    }
    optional: dict[str, Any] = {
        "lang": lang,
        "partner": rng.choice(partners),
        "organisation": _words(rng, "en", 3),
        "region": rng.choice(["Kainuu", "Podravje", "Derry & Strabane", "Pohjanmaa"]),
        "category": rng.choice(ids["categories"]),
        "status": rng.choice(["active", "ended", "pilot"]),
        "themes": rng.sample(ids["themes"], rng.randint(1, 3)),
        "target_groups": rng.sample(ids["target_groups"], rng.randint(1, 3)),
        "summary": _text(rng, lang, rng.randint(15, 40)),
        "perspectives": {
            perspective: {
                part: _text(rng, lang, rng.randint(5, 15))
                for part in rng.sample(["need", "solution", "results"], rng.randint(1, 3))
            }
            for perspective in rng.sample(ids["perspectives"], rng.randint(1, 3))
        },
        "resources": {
            "cost_eur": round(rng.uniform(0, 20000), 2),
            "cost_unit": rng.choice(["year", "participant"]),
            "participants_max": rng.randint(1, 60),
            "sessions_per_year": rng.randint(0, 50),
            "staff": rng.choice([0.5, 1, 2.5]),
            "notes": _text(rng, lang, 8),
        },
        "reach": {
            "participants_per_year": rng.randint(0, 900),
            "period": rng.choice(["2019–2021", "2022", "2023–2024"]),
            "source_note": _text(rng, lang, 6),
        },
        "funding": {
            "programme": "Interreg Europe",
            "project_code": f"PGI{rng.randint(1000, 9999)}",
            "priority_axis": "4",
            "objective": _words(rng, "en", 5),
        },
        "location": {
            "lat": round(rng.uniform(45, 66), 4),
            "lon": round(rng.uniform(-8, 30), 4),
            "place": rng.choice(["Kajaani", "Maribor", "Derry"]),
            "approximate": _sometimes(rng),
        },
        "contacts": [
            {
                "role": "coordinator",
                "organisation": _words(rng, "en", 2),
                "name": "A. Person",
                "email": f"contact{index}@example.org",
                "phone": "+358 40 000 0000",
            }
        ],
        **{name: _text(rng, lang, rng.randint(10, 30)) for name in TEXT_FIELDS},
    }
    for name, value in optional.items():
        if value is not None and _sometimes(rng, 0.6):
            record[name] = value
    if any(isinstance(text, str) for text in _texts(record)) and "lang" not in record:
        record["lang"] = lang
    return record


def _texts(record: dict[str, Any]) -> list[Any]:
    """Every text value of a record (to know whether it needs ``lang``)."""
    texts = [record.get(name) for name in ("title", "summary", *TEXT_FIELDS)]
    texts += [part for row in record.get("perspectives", {}).values() for part in row.values()]
    texts += [record.get("resources", {}).get("notes"), record.get("reach", {}).get("source_note")]
    return texts


def _fit(record: dict[str, Any], rng: random.Random, low: int, high: int) -> str:
    """Dump *record*, trimmed or lengthened so the file has between *low* and *high* bytes.

    Sizes are tried with libyaml's emitter (fast); the file is ``yaml.safe_dump``'s.
    """
    optional = [k for k in record if k not in {"id", "title", "country", "sources", "lang"}]
    for dump in (_fast_dump, _plain_dump):
        while True:
            text = dump(record)
            size = len(text.encode("utf-8"))
            if size > high and optional:
                record.pop(optional.pop(rng.randrange(len(optional))))
            elif size > high:
                record["title"] = {"en": _words(rng, "en", 3)}
                record["sources"] = record["sources"][:1]
            elif size < low:
                for _ in range((low - size) // 120 + 1):
                    record["sources"].append({"title": _words(rng, "fi", 12)})
            else:
                break
    return text


def _fast_dump(record: dict[str, Any]) -> str:
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(record, Dumper=dumper, allow_unicode=True)  # type: ignore[no-any-return]


def _plain_dump(record: dict[str, Any]) -> str:
    return yaml.safe_dump(record, allow_unicode=True)


def generate(n: int, out: Path, seed: int = 2) -> Path:
    """Write a data folder of *n* practices (plain ``yaml.safe_dump``) to *out*; return it."""
    rng = random.Random(seed)
    folder = out / "practices"
    if out.exists():
        shutil.rmtree(out)
    folder.mkdir(parents=True)
    for name in ("partners.yaml", "taxonomy.yaml"):
        shutil.copy(PROJECT / "data" / name, out / name)
    taxonomy = yaml.safe_load((out / "taxonomy.yaml").read_text(encoding="utf-8"))
    partners = [p["id"] for p in yaml.safe_load((out / "partners.yaml").read_text("utf-8"))]
    for index in range(n):
        record = practice(index, rng, taxonomy, partners)
        low = rng.randint(1000, 4600)
        text = _fit(record, rng, low, min(low + 1200, 5000))
        (folder / f"{record['id']}.yaml").write_text(text, encoding="utf-8")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=2)
    args = parser.parse_args()
    generate(args.n, args.out, args.seed)
    print(f"{args.n} practices in {args.out}")


if __name__ == "__main__":
    main()
