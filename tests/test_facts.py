"""Facts you can trust: every claim in ``data/`` names the source that states it.

Each source lists in ``covers`` the fields whose facts it states; these tests check that every
fact-bearing field a practice fills (figures, funding, contacts, place, status and any text
that gives a date) is covered by at least one source, so a reviewer can check claims field by
field, and that the claims a fact check found unsupported stay out.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hopelib import load_catalogue, load_practices, load_session, validate
from hopelib.models import Practice, Session

from .conftest import PROJECT

DATA = PROJECT / "data"
PRACTICES: dict[str, Practice] = dict(load_practices(DATA))
#: A year (1900–2099) or a day such as 1.4.2015: a date a reader may quote.
DATE = re.compile(r"\b(19|20)\d{2}\b|\b\d{1,2}\.\d{1,2}\.\d{4}\b")
#: Sites whose pages are known only at http:// (the stored copy found), with the reason.
HTTP_ONLY = {"www.fundacija-prizma.si": "only stored copy is http; https not confirmed"}


def _texts(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _texts(item)]
    return []


def fact_fields(practice: Practice) -> set[str]:
    """The fact-bearing fields a practice fills, as ``covers`` names them."""
    fields: set[str] = set()
    for group in ("resources", "reach", "funding"):
        part = getattr(practice, group)
        if part is not None:
            named = part.model_dump(exclude_none=True)
            fields |= {f"{group}.{name}" for name in named}
    fields |= {name for name in ("contacts", "location", "status") if getattr(practice, name)}
    for where, _column, value in practice.texts():
        if any(DATE.search(text) for text in _texts(value)):
            fields.add(
                ".".join(str(step) for step in where[:2])
                if where[0] != "perspectives"
                else "perspectives"
            )
    return fields


def covered(field: str, sources: list[str]) -> bool:
    """A field is covered by its own name or by its group's (``resources`` → ``resources.x``)."""
    group = field.split(".")[0]
    return field in sources or group in sources


def test_fact_fields_finds_figures_contacts_and_dates() -> None:
    kainuu = fact_fields(PRACTICES["hankekahvit-kainuu"])
    assert {"resources.sessions_per_year", "funding.project_code", "contacts", "location"} <= kainuu
    assert "implementation" in kainuu  # "in Kajaani in 2015"
    assert "summary" not in fact_fields(PRACTICES["common-steps-kouvola"])


@pytest.mark.parametrize("practice_id", sorted(PRACTICES))
def test_every_fact_bearing_field_is_covered_by_a_source(practice_id: str) -> None:
    practice = PRACTICES[practice_id]
    names = [name for source in practice.sources for name in source.covers]
    uncovered = sorted(f for f in fact_fields(practice) if not covered(f, names))
    assert uncovered == [], f"{practice_id}: no source covers {uncovered}"
    assert all(source.covers for source in practice.sources), "every source says what it states"


@pytest.mark.parametrize("practice_id", sorted(PRACTICES))
def test_every_source_outside_the_seeds_has_an_https_address(practice_id: str) -> None:
    for source in PRACTICES[practice_id].sources:
        if source.url is None:
            assert (source.note or "").startswith("Seed "), f"{source.title}: no address"
            continue
        host = source.url.split("/")[2]
        assert source.url.startswith("https://") or host in HTTP_ONLY, source.url


@pytest.mark.parametrize(
    "session_id", ["2021-05-seinajoki", "2021-10-maribor", "2021-12-derry-strabane"]
)
def test_real_workshops_cite_every_fact(session_id: str) -> None:
    session: Session = load_session(session_id, DATA)
    names = {name for source in session.sources for name in source.covers}
    facts = {"title", "host", "dates", "mode", "practices"}
    if session.attendance:
        facts.add("attendance")
    assert facts <= names, f"{session_id}: no source covers {sorted(facts - names)}"


def test_claims_without_a_reachable_source_are_gone() -> None:
    ladies = PRACTICES["cooperative-ladies"]
    assert ladies.implementation is None and ladies.transferability is None
    text = " ".join(_texts(ladies.summary))
    for claim in ("organic", "first restaurant", "2014", "2018", "2020", "vision"):
        assert claim not in text
    assert all("bpid=377" not in (source.url or "") for source in ladies.sources)
    assert ladies.location is not None and ladies.location.approximate

    kainuu = PRACTICES["hankekahvit-kainuu"]
    assert kainuu.status is None  # "ended" came only from the unreachable register entry
    assert all("eura2014" not in (source.url or "") for source in kainuu.sources)
    assert "project manager" not in (kainuu.contacts[0].role or "").lower()
    assert kainuu.funding is not None and "1.4.2015" not in str(kainuu.funding)


def test_one_fact_one_translation_kaupunginjohtaja() -> None:
    for practice_id in ("healthy-kids-model", "healthy-kids-development-platform"):
        practice = PRACTICES[practice_id]
        english = " ".join(
            value.get("en", "") if isinstance(value, dict) else value
            for _, _, value in practice.texts()
        ) + " ".join(source.note or "" for source in practice.sources)
        assert "mayor" not in english.lower()
        assert "chief executive (kaupunginjohtaja)" in english


def test_every_practice_is_on_the_map_and_approximate_points_say_so() -> None:
    catalogue = load_catalogue(DATA)
    assert catalogue["location_lat"].notna().all()
    approximate = set(catalogue.index[catalogue["location_approximate"].astype(bool)])
    assert approximate == {"sociolab", "cooperative-ladies", "hankekahvit-kainuu"}


def test_a_misspelt_covers_entry_is_refused_with_file_and_field(data_dir: Path) -> None:
    path = next((data_dir / "practices").glob("*.yaml"))
    text = path.read_text(encoding="utf-8")
    marker = "sources:\n"
    assert marker in text
    head, tail = text.split(marker, 1)
    first_item_end = tail.index("\n", tail.index("title:")) + 1
    broken = head + marker + tail[:first_item_end] + "    covers: [resources.cots_eur]\n"
    broken += tail[first_item_end:]
    path.write_text(broken, encoding="utf-8")
    problems = validate(data_dir).problems
    assert len(problems) == 1
    message = str(problems[0])
    assert path.name in message and "resources.cots_eur" in message
    assert "not a field" in message
