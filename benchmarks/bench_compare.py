"""Comparison helpers and charts on a large synthetic catalogue and many ratings.

Usage: ``python benchmarks/bench_compare.py [--practices 10000] [--ratings 50000]
[--repeat 7] [--smoke]``. Every step is timed ``--repeat`` times in this process after one
warm-up call; the table gives the median, the median of a plain pandas baseline of the same
query where one exists (measured in the same run), their ratio, the target and whether it was
met. Building the search and similarity indexes is timed once (they are built once per
catalogue); the search index holds every word's lemma (Finnish, Slovenian, English), so its
build includes opening simplemma's dictionaries.

Targets (10,000 practices, 50,000 ratings): filter + text search ≤ 50 ms and within 2 × its
plain pandas baseline, side_by_side of 4
≤ 20 ms, similar practices ≤ 100 ms after an index build ≤ 5 s, score aggregation ≤ 200 ms,
each chart ≤ 300 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import generate
from timing import once, print_table, timed

CRITERIA = ["relevance", "evidence", "transferability", "sustainability", "cost_effectiveness"]
PARTNERS = ["seinajoki", "maribor", "derry-strabane", "ernact"]
LEVELS = ["adopt", "adapt", "inspire", "not_now"]


def store_records(practices: list[str], n: int, seed: int = 7) -> tuple[pd.DataFrame, ...]:
    """Return ratings (about *n*), interests and withdrawals shaped like the store's records."""
    rng = random.Random(seed)
    per_practice = len(CRITERIA)
    raters = max(1, n // (len(practices) * per_practice))
    ratings, interests = [], []
    seq = 0
    for k in range(raters):
        partner = PARTNERS[k % len(PARTNERS)]
        who = {"session": "demo-1", "partner": partner, "participant": f"{partner}-{k}"}
        for practice in practices:
            for criterion in CRITERIA:
                seq += 1
                ratings.append(
                    {
                        "id": str(uuid.uuid4()),
                        "seq": seq,
                        **who,
                        "practice": practice,
                        "criterion": criterion,
                        "score": rng.randint(1, 5),
                        "comment": "",
                        "visibility": "shared",
                    }
                )
            seq += 1
            interests.append(
                {
                    "id": str(uuid.uuid4()),
                    "seq": seq,
                    **who,
                    "practice": practice,
                    "level": rng.choice(LEVELS),
                    "rationale": "",
                    "visibility": "shared",
                }
            )
    rating_frame, interest_frame = pd.DataFrame(ratings), pd.DataFrame(interests)
    withdrawn = rating_frame["id"].sample(frac=0.01, random_state=seed)
    withdrawals = pd.DataFrame({"id": [str(uuid.uuid4()) for _ in withdrawn], "record": withdrawn})
    return rating_frame, interest_frame, withdrawals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--practices", type=int, default=10_000)
    parser.add_argument("--ratings", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--smoke", action="store_true", help="a seconds-long run (tests)")
    args = parser.parse_args()
    n, n_ratings, repeat = (
        (300, 3_000, 1) if args.smoke else (args.practices, args.ratings, args.repeat)
    )

    with tempfile.TemporaryDirectory() as scratch:
        os.environ["HOPE_CACHE"] = str(Path(scratch) / "cache")
        import hopelib
        from hopelib import charts, compare

        folder = generate(n, Path(scratch) / "catalogue")
        catalogue = hopelib.load_catalogue(folder)
        texts = hopelib.load_texts(folder)
        taxonomy = hopelib.load_taxonomy(folder)
        partners = hopelib.load_partners(folder)

    rows: list[tuple[str, float, float | None, float]] = []

    def row(step: str, seconds: float, baseline: float | None, target_ms: float) -> None:
        rows.append((step, seconds, baseline, target_ms))

    index_s, search = once(lambda: compare.search_index(texts, catalogue))
    row("search + lemma index build (once)", index_s, None, 5_000)
    partner, category = PARTNERS[0], "collaboration"
    word = "pathway"
    row(
        "filter + text search",
        timed(
            lambda: compare.filter_practices(
                catalogue, partner=partner, category=category, text=word, texts=search
            ),
            repeat,
        ),
        timed(
            lambda: catalogue[
                (catalogue["partner"] == partner)
                & (catalogue["category"] == category)
                & catalogue["summary"].str.contains(word, case=False, regex=False)
            ],
            repeat,
        ),
        50,
    )
    row(
        "text search alone, every language",
        timed(lambda: compare.filter_practices(catalogue, text=word, texts=search), repeat),
        timed(
            lambda: catalogue[catalogue["summary"].str.contains(word, case=False, regex=False)],
            repeat,
        ),
        50,
    )
    ids = list(catalogue.index[:: max(1, n // 4)][:4])
    text_columns = [c for c in catalogue.columns if f"{c}_lang" in catalogue.columns]
    row(
        "side_by_side of 4",
        timed(lambda: compare.side_by_side(catalogue, ids, "en", taxonomy=taxonomy), repeat),
        timed(lambda: catalogue.loc[ids, text_columns].T.fillna("not described yet"), repeat),
        20,
    )
    build_s, similarity = once(lambda: compare.build_similarity_index(catalogue, texts))
    row("similarity index build (once)", build_s, None, 5_000)
    target = str(catalogue.index[n // 2])
    row(
        "similar practices of one",
        timed(lambda: compare.similar_practices(catalogue, target, 5, index=similarity), repeat),
        None,
        100,
    )

    agenda = list(catalogue.index[:: max(1, n // 200)][:200])
    ratings, interests, withdrawals = store_records(agenda, n_ratings)
    row(
        f"score_summary ({len(ratings):,} ratings)",
        timed(lambda: compare.score_summary(ratings, withdrawals), repeat),
        timed(
            lambda: ratings.groupby(["practice", "criterion"])["score"].agg(
                ["mean", "median", "std", "min", "max", "count"]
            ),
            repeat,
        ),
        200,
    )
    row(
        "score_summary by partner",
        timed(lambda: compare.score_summary(ratings, withdrawals, by_partner=True), repeat),
        timed(
            lambda: ratings.groupby(["partner", "practice", "criterion"])["score"].agg(
                ["mean", "median", "std", "min", "max", "count"]
            ),
            repeat,
        ),
        200,
    )
    row(
        "ranking",
        timed(lambda: compare.ranking(ratings, withdrawals), repeat),
        timed(lambda: ratings.groupby("practice")["score"].mean().rank(ascending=False), repeat),
        200,
    )
    row(
        f"transfer_matrix ({len(interests):,} interests)",
        timed(lambda: compare.transfer_matrix(interests, withdrawals), repeat),
        timed(
            lambda: interests.groupby(["partner", "practice"])["level"].agg(
                lambda s: s.value_counts().idxmax()
            ),
            repeat,
        ),
        200,
    )

    titles = catalogue["title"]
    summary = compare.score_summary(ratings, withdrawals)
    by_partner = compare.score_summary(ratings, withdrawals, by_partner=True)
    ranked = compare.ranking(ratings, withdrawals)
    matrix = compare.transfer_matrix(interests, withdrawals)
    themes = compare.coverage(catalogue, "themes", terms=taxonomy.ids("themes"))
    similar = compare.similarity_matrix(catalogue, agenda[:50], index=similarity)
    chart_calls: dict[str, Callable[[], Any]] = {
        "coverage_chart": lambda: charts.coverage_chart(themes, partners=partners),
        "score_heatmap (200 practices)": lambda: charts.score_heatmap(
            summary, titles=titles, criteria=CRITERIA
        ),
        "criterion_profile": lambda: charts.criterion_profile(
            by_partner, agenda[0], partners=partners, titles=titles
        ),
        "transfer_chart": lambda: charts.transfer_chart(
            matrix, partner=PARTNERS[0], partners=partners, titles=titles
        ),
        "ranking_chart": lambda: charts.ranking_chart(ranked, titles=titles),
        "similarity_chart (50)": lambda: charts.similarity_chart(similar, titles=titles),
        f"region_chart ({n:,} practices)": lambda: charts.region_chart(
            compare.region_counts(catalogue), partners=partners
        ),
    }
    for name, call in chart_calls.items():
        row(name, timed(call, repeat), None, 300)

    print_table(n, rows, width=34)


if __name__ == "__main__":
    main()
