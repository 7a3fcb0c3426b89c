"""What each partner's report may show: private text, owners, pseudonyms, contacts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from hopelib.errors import ExportError
from hopelib.report import PartnerReport
from hopelib.store import open_store

from .text import plain

SESSION = "demo-x"
CONTACT = """contacts:
  - role: Coordinator
    organisation: North employment services
    name: Aino Example
    email: aino@example.org
    phone: "+358 40 000 0000"
"""


@pytest.fixture
def filled(data_dir: Path, tmp_path: Path) -> dict[str, Any]:
    """A session with shared and private text from both partners."""
    path = data_dir / "practices" / "job-path.yaml"
    path.write_text(path.read_text(encoding="utf-8") + CONTACT, encoding="utf-8")
    url = str(tmp_path / "store.sqlite")
    with open_store(url, data_dir) as store:
        store.add_rating(
            SESSION,
            "north",
            "Aino K",
            "job-path",
            "relevance",
            5,
            "NORTH-PRIVATE-COMMENT",
            "private",
        )
        store.add_rating(
            SESSION,
            "south",
            "Bojan M",
            "job-path",
            "relevance",
            3,
            "SOUTH-PRIVATE-COMMENT",
            "private",
        )
        store.add_rating(
            SESSION, "south", "Bojan M", "coop-kitchen", "relevance", 4, "SOUTH-SHARED-COMMENT"
        )
        store.add_interest(
            SESSION, "north", "Aino K", "coop-kitchen", "adopt", "NORTH-PRIVATE-WHY", "private"
        )
        store.add_note(SESSION, "north", "Aino K", "NORTH-PRIVATE-NOTE", visibility="private")
        store.add_note(SESSION, "south", "Bojan M", "SOUTH-PRIVATE-NOTE", visibility="private")
        store.add_note(SESSION, "south", "Bojan M", "SOUTH-SHARED-NOTE")
        store.add_action(SESSION, "north", "Aino K", "NORTH-ACTION", "NORTH-OWNER", "2025-06-01")
        store.add_action(SESSION, "south", "Bojan M", "SOUTH-ACTION", "SOUTH-OWNER")
    return {"data": data_dir, "store": url}


def everything(report: PartnerReport) -> str:
    figures = [report.score_heatmap(), report.score_heatmap(own=True), report.ranking(),
               report.ranking(own=True), report.transfer()]  # fmt: skip
    return "".join(
        [
            report.first_screen(),
            report.agenda(),
            report.notes_and_actions(),
            report.similar(),
            report.contacts(),
            report.since_last_workshop(),
            report.transfer_plans(),
            report.indicators(),
            *(f.to_json() for f in figures),
        ]
    )


def test_each_partner_sees_its_own_private_text_only(filled: dict[str, Any]) -> None:
    north = everything(
        PartnerReport(SESSION, "north", data_dir=filled["data"], store=filled["store"])
    )
    south = everything(
        PartnerReport(SESSION, "south", data_dir=filled["data"], store=filled["store"])
    )
    for own, other in ((north, "SOUTH"), (south, "NORTH")):
        for kind in ("PRIVATE-COMMENT", "PRIVATE-NOTE", "OWNER"):
            assert f"{other}-{kind}" not in own
    assert "NORTH-PRIVATE-COMMENT" in north and "NORTH-PRIVATE-NOTE" in north
    assert "NORTH-OWNER" in north and "SOUTH-OWNER" in south
    assert "SOUTH-SHARED-NOTE" in north and "SOUTH-SHARED-COMMENT" in north
    assert "NORTH-PRIVATE-WHY" not in south


def test_participants_only_as_counts_and_no_contacts_unless_asked(filled: dict[str, Any]) -> None:
    report = PartnerReport(
        SESSION, "north", lang="en", data_dir=filled["data"], store=filled["store"]
    )
    text = everything(report)
    for pseudonym in ("Aino K", "aino k", "Bojan M", "bojan m"):
        assert pseudonym not in text
    assert "North: 3 participants" in text and "South: 2 participants" in text
    for personal in ("Aino Example", "aino@example.org", "+358 40"):
        assert personal not in text
    asked = PartnerReport(
        SESSION, "north", data_dir=filled["data"], store=filled["store"], include_contacts=True
    ).contacts()
    assert "Aino Example" in asked and "aino@example.org" in asked


def test_first_screen(filled: dict[str, Any]) -> None:
    report = PartnerReport(SESSION, "north", data_dir=filled["data"], store=filled["store"])
    first = report.first_screen()
    assert report.lang == "fi" and report.locale == "fi_FI"  # the partner's own language
    assert "hope-demo-banner" in first
    assert "11.–12. maaliskuuta 2025" in plain(first)  # dates in the partner's locale
    assert "Työpolku" in first  # its top-rated practice, titled in Finnish
    assert "NORTH-ACTION" in first and "SOUTH-ACTION" not in first  # its open actions
    assert "hope-warning" not in first


def test_changed_practice_files_are_flagged(filled: dict[str, Any]) -> None:
    path = filled["data"] / "practices" / "job-path.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "status: active\n", encoding="utf-8")
    first = PartnerReport(
        SESSION, "north", lang="en", data_dir=filled["data"], store=filled["store"]
    ).first_screen()
    assert "hope-warning" in first and "changed after the session was rated" in first


def test_changed_criteria_are_flagged(filled: dict[str, Any]) -> None:
    path = filled["data"] / "taxonomy.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("scale: {min: 0, max: 3}", "scale: {min: 0, max: 10}"),
                    encoding="utf-8")  # fmt: skip
    first = PartnerReport(
        SESSION, "north", lang="en", data_dir=filled["data"], store=filled["store"]
    ).first_screen()
    assert "These criteria changed after the session was rated" in first
    assert "Cost-effectiveness" in first and "hope-warning" in first


def test_html_in_the_records_is_escaped(filled: dict[str, Any]) -> None:
    with open_store(filled["store"], filled["data"]) as store:
        store.add_note(SESSION, "north", "Aino K", "<script>alert(1)</script>")
    notes = PartnerReport(
        SESSION, "south", data_dir=filled["data"], store=filled["store"]
    ).notes_and_actions()
    assert "<script>" not in notes and "&lt;script&gt;" in notes


def test_unknown_partner(filled: dict[str, Any]) -> None:
    with pytest.raises(ExportError, match="not a partner of session demo-x"):
        PartnerReport(SESSION, "west", data_dir=filled["data"], store=filled["store"])


@pytest.mark.parametrize(
    ("partner", "lang", "due"), [("north", "fi", "1.6.2025"), ("south", "sl", "1. 6. 2025")]
)
def test_reports_in_finnish_and_slovenian_have_no_english_interface_text(
    filled: dict[str, Any], partner: str, lang: str, due: str
) -> None:
    import html as html_module
    import re

    from babel.messages.pofile import read_po

    from hopelib.i18n import LOCALES_DIR

    with open(LOCALES_DIR / lang / "LC_MESSAGES" / "hopelib.po", "rb") as handle:
        catalog = read_po(handle)
    english = [
        m.id
        for m in catalog
        if m.id and isinstance(m.id, str) and "{" not in m.id and m.string != m.id and " " in m.id
    ]
    with open_store(filled["store"], filled["data"]) as store:
        store.add_action(SESSION, partner, "Someone", "DUE-MARK", "Team", "2025-06-01")
    report = PartnerReport(  # the report reads the store once, when it is made
        SESSION, partner, lang=lang, data_dir=filled["data"], store=filled["store"]
    )
    text = html_module.unescape(re.sub(r"<[^>]+>", " ", everything(report)))
    leftovers = [m for m in english if m in text]
    assert leftovers == []
    assert due in " ".join(text.split()).replace("\u00a0", " ")
