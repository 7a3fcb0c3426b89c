"""The pydantic models on their own."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from hopelib.models import Practice, Scale, pick_text


@pytest.mark.parametrize(
    ("value", "lang", "own", "expected"),
    [
        (None, "en", None, (None, None)),
        ("Hei", "en", "fi", ("Hei", "fi")),
        ({"en": "Hi", "fi": "Hei"}, "fi", None, ("Hei", "fi")),
        ({"en": "Hi", "fi": "Hei"}, "sl", "fi", ("Hei", "fi")),
        ({"en": "Hi", "fi": "Hei"}, "sl", None, ("Hi", "en")),
        ({"sl": "Zdravo"}, "fi", None, ("Zdravo", "sl")),
    ],
)
def test_pick_text(value, lang, own, expected) -> None:  # type: ignore[no-untyped-def]
    assert pick_text(value, lang, own) == expected


def test_scale_points_and_checks() -> None:
    assert Scale(min=1, max=3).points == [1, 2, 3]
    with pytest.raises(ValidationError, match="must be below max"):
        Scale(min=2, max=2)


def test_practice_texts_walks_every_text() -> None:
    practice = Practice.model_validate(
        {
            "id": "p",
            "title": {"en": "T"},
            "country": "FI",
            "sources": [{"title": "s"}],
            "perspectives": {"client": {"need": {"en": "N"}}},
            "resources": {"notes": {"en": "R"}},
            "continuity": {"fi": "J"},
        }
    )
    assert [(loc, column) for loc, column, _ in practice.texts()] == [
        (("title",), "title"),
        (("perspectives", "client", "need"), "client_need"),
        (("continuity",), "continuity"),
        (("resources", "notes"), "resources_notes"),
    ]


def test_models_are_frozen() -> None:
    practice = Practice(id="p", title="T", country="FI", sources=[{"title": "s"}])  # type: ignore[list-item]
    with pytest.raises(ValidationError):
        practice.id = "q"  # type: ignore[misc]
