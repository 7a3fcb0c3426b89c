"""Generate valid, varied synthetic catalogues of N practices (shared by every benchmark).

Usage: ``python benchmarks/synthetic.py N OUT_DIR [--seed S]``. The folder gets the project's
``partners.yaml`` and ``taxonomy.yaml`` and N practice files of realistic size (median about
4 KB): three languages on title and summary, the perspectives grid on half of them,
resources on a third, 1–5 sources, themes and target groups from the taxonomy, every partner
and category used, some reference practices with no partner.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

import yaml

PROJECT = Path(__file__).resolve().parent.parent
WORDS = [
    "employment",
    "inclusion",
    "community",
    "youth",
    "pathway",
    "coaching",
    "network",
    "partner",
    "municipality",
    "service",
    "social",
    "enterprise",
    "cooperative",
    "training",
    "mentoring",
    "wellbeing",
    "participation",
    "digital",
    "skills",
    "volunteer",
    "workshop",
    "outreach",
    "family",
    "guidance",
    "model",
    "evaluation",
    "funding",
    "region",
    "työllisyys",
    "osallisuus",
    "yhteisö",
    "nuoret",
    "polku",
    "valmennus",
    "verkosto",
    "kunta",
    "palvelu",
    "yritys",
    "zaposlovanje",
    "vključenost",
    "skupnost",
    "mladi",
    "pot",
    "svetovanje",
    "mreža",
    "občina",
    "storitev",
    "podjetje",
]


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(_sentence(rng, rng.randint(8, 16)) for _ in range(sentences))


def _text(rng: random.Random, sentences: int, langs: tuple[str, ...]) -> dict[str, str]:
    return {lang: _paragraph(rng, sentences) for lang in langs}


def practice(index: int, rng: random.Random, taxonomy: dict, partners: list[str]) -> dict:
    """Return one synthetic practice as a plain dict (valid against the models)."""
    categories = [c["id"] for c in taxonomy["categories"]]
    themes = [t["id"] for t in taxonomy["themes"]]
    groups = [t["id"] for t in taxonomy["target_groups"]]
    perspectives = [p["id"] for p in taxonomy["perspectives"]]
    all_langs = ("en", "fi", "sl")
    record: dict = {
        "id": f"synthetic-{index:06d}",
        "title": _text(rng, 1, all_langs),
        "country": rng.choice(["FI", "SI", "GB", "IE"]),
        "region": rng.choice(["South Ostrobothnia", "Podravje", "Derry & Strabane", None]),
        "category": categories[index % len(categories)],
        "themes": rng.sample(themes, rng.randint(1, 4)),
        "target_groups": rng.sample(groups, rng.randint(1, 3)),
        "summary": _text(rng, 5, all_langs),
        "sources": [
            {"title": _sentence(rng, 5), "url": f"https://example.org/{index}/{n}"}
            for n in range(rng.randint(1, 5))
        ],
    }
    if index % 10:  # every tenth is a reference practice outside the partnership
        record["partner"] = partners[index % len(partners)]
    if index % 2 == 0:
        record["perspectives"] = {
            p: {part: _text(rng, 1, ("en",)) for part in ("need", "solution", "results")}
            for p in perspectives
        }
    if index % 3 == 0:
        record["resources"] = {
            "cost_eur": rng.randint(50, 5000),
            "cost_unit": rng.choice(["session", "year", "participant"]),
            "participants_max": rng.randint(5, 40),
        }
    for name in ("implementation", "evidence", "transferability"):
        if rng.random() < 0.4:
            record[name] = _text(rng, 2, ("en",))
    return {key: value for key, value in record.items() if value is not None}


def generate(n: int, out: Path, seed: int = 1) -> Path:
    """Write a data folder of *n* synthetic practices to *out* and return it."""
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
        text = yaml.safe_dump(record, allow_unicode=True, sort_keys=False, width=100)
        (folder / f"{record['id']}.yaml").write_text(text, encoding="utf-8")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.n, args.out, args.seed)
    print(f"{args.n} practices in {args.out}")


if __name__ == "__main__":
    main()
