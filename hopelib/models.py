"""The data contract as pydantic models: the single source of truth for every shape.

The models check the *shape* of one file (types, required fields, id syntax, ranges).
Checks across files (does this partner, theme or practice exist? is this language one of
the taxonomy's?) live in :mod:`hopelib.catalogue`, which knows the whole data folder.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Annotated, ClassVar, Literal, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    RootModel,
    StringConstraints,
    field_validator,
    model_validator,
)

from .texts import (
    SLUG_PATTERN,
    TERM_PATTERN,
    CountryCode,
    LangCode,
    NonEmpty,
    Slug,
    Text,
    pick_text,
)

__all__ = [
    "PERSPECTIVE_PARTS",
    "SLUG_PATTERN",
    "TEMPLATE_TEXT_FIELDS",
    "Contact",
    "Criterion",
    "Funding",
    "Indicator",
    "Partner",
    "PartnerList",
    "Perspective",
    "Practice",
    "Reach",
    "Resources",
    "Scale",
    "Session",
    "Source",
    "Taxonomy",
    "Term",
    "Text",
    "pick_text",
]

#: Parts of each perspective of the need → solution → results grid, in reading order.
PERSPECTIVE_PARTS = ("need", "solution", "results")
#: Free-text template fields of a practice besides the perspectives grid, in reading order.
TEMPLATE_TEXT_FIELDS = (
    "summary",
    "implementation",
    "evidence",
    "difficulties",
    "transferability",
    "continuity",
)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# ---------------------------------------------------------------- partners


class Location(_Model):
    """Where something runs: WGS 84 coordinates and the place's name."""

    lat: Annotated[float, Field(ge=-90, le=90)]
    lon: Annotated[float, Field(ge=-180, le=180)]
    place: str | None = None
    #: True when the sources name a region, not an address: the point is the region's seat.
    approximate: bool = False


class Partner(_Model):
    """A member of the partnership (one entry of ``partners.yaml``)."""

    id: Slug
    name: NonEmpty
    short_name: NonEmpty
    country: CountryCode
    region: str | None = None
    role: Literal["lead", "partner", "network"]
    language: LangCode
    locale: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}_[A-Z]{2}$")]
    colour: Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")]
    website: str | None = None
    location: Location | None = None


class PartnerList(RootModel[list[Partner]]):
    """The whole of ``partners.yaml``: a list of partners."""


# ---------------------------------------------------------------- taxonomy


class Term(_Model):
    """An entry of a controlled vocabulary: an id that never changes and its label."""

    id: Annotated[str, StringConstraints(pattern=TERM_PATTERN)]
    label: Text
    description: Text | None = None


class Scale(_Model):
    """A criterion's scale: whole points from ``min`` to ``max``, optional label per point."""

    min: int
    max: int
    labels: dict[int, Text] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _ordered(self) -> Scale:
        if self.min >= self.max:
            raise ValueError(f"min ({self.min}) must be below max ({self.max})")
        outside = sorted(k for k in self.labels if not self.min <= k <= self.max)
        if outside:
            raise ValueError(f"labels for points {outside} lie outside {self.min}..{self.max}")
        return self

    @property
    def points(self) -> list[int]:
        """Every point of the scale, lowest first."""
        return list(range(self.min, self.max + 1))


class Criterion(Term):
    """A rating criterion: label, the question put to raters, and its scale."""

    question: Text
    scale: Scale


class Indicator(Term):
    """An impact indicator: what is measured, in which unit, and which way is better.

    ``unit`` is a short id (``eur``, ``people``, ``meetings``, ``percent``, ``hours``); every
    value of the indicator (``data/indicators/*.csv``) is given in it. ``direction`` says
    whether a higher or a lower value is the better one. Values are counts, money or
    people, never below 0, unless ``negative`` is true (a change, a balance).
    """

    unit: Annotated[str, StringConstraints(pattern=TERM_PATTERN, max_length=24)]
    direction: Literal["higher", "lower"]
    negative: bool = False


class Taxonomy(_Model):
    """Everything controlled: categories, perspectives, criteria, vocabularies, languages."""

    lang: LangCode | None = None
    languages: list[Term] = Field(min_length=1)
    categories: list[Term] = Field(min_length=1)
    perspectives: list[Term] = Field(min_length=1)
    criteria: list[Criterion] = Field(min_length=1)
    themes: list[Term] = Field(default_factory=list)
    target_groups: list[Term] = Field(default_factory=list)
    transfer_levels: list[Term] = Field(min_length=1)
    indicators: list[Indicator] = Field(default_factory=list)

    #: The vocabularies, in the order the file lists them.
    VOCABULARIES: ClassVar[tuple[str, ...]] = (
        "languages",
        "categories",
        "perspectives",
        "criteria",
        "themes",
        "target_groups",
        "transfer_levels",
        "indicators",
    )

    def texts(self) -> Iterator[tuple[tuple[str | int, ...], str, str | dict[str, str]]]:
        """Yield every label, description, question and scale label with its location."""
        for vocabulary in self.VOCABULARIES:
            for index, term in enumerate(getattr(self, vocabulary)):
                where: tuple[str | int, ...] = (vocabulary, index)
                yield (*where, "label"), f"{vocabulary}.{term.id}.label", term.label
                if term.description is not None:
                    yield (
                        (*where, "description"),
                        f"{vocabulary}.{term.id}.description",
                        term.description,
                    )
                if isinstance(term, Criterion):
                    yield (*where, "question"), f"criteria.{term.id}.question", term.question
                    for point, text in term.scale.labels.items():
                        loc = (*where, "scale", "labels", point)
                        yield loc, f"criteria.{term.id}.scale.{point}", text

    def ids(self, vocabulary: str) -> list[str]:
        """Return the ids of one vocabulary (e.g. ``"themes"``), in file order."""
        terms: list[Term] = getattr(self, vocabulary)
        return [term.id for term in terms]

    def term(self, vocabulary: str, term_id: str) -> Term:
        """Return one term; raise ``KeyError`` when the id is unknown."""
        for term in getattr(self, vocabulary):
            if term.id == term_id:
                return term  # type: ignore[no-any-return]
        raise KeyError(f"{term_id!r} is not in taxonomy {vocabulary}")

    def criterion(self, criterion_id: str) -> Criterion:
        """Return one criterion; raise ``KeyError`` when the id is unknown."""
        term = self.term("criteria", criterion_id)
        assert isinstance(term, Criterion)
        return term

    def indicator(self, indicator_id: str) -> Indicator:
        """Return one indicator; raise ``KeyError`` when the id is unknown."""
        term = self.term("indicators", indicator_id)
        assert isinstance(term, Indicator)
        return term

    def label(self, vocabulary: str, term_id: str, lang: str = "en") -> str:
        """Return a term's label in *lang* (falling back to English, then any language)."""
        text, _ = pick_text(self.term(vocabulary, term_id).label, lang, self.lang)
        return text or term_id


# ---------------------------------------------------------------- practices


class Perspective(_Model):
    """One row of the need → solution → results grid."""

    need: Text | None = None
    solution: Text | None = None
    results: Text | None = None


class Resources(_Model):
    """Hard figures on what a practice takes. Derived figures say what they are."""

    cost_eur: Annotated[float, Field(ge=0)] | None = None
    cost_unit: Annotated[str, StringConstraints(pattern=TERM_PATTERN)] | None = None
    participants_max: Annotated[int, Field(ge=1)] | None = None
    sessions_per_year: Annotated[float, Field(ge=0)] | None = None
    staff: Annotated[float, Field(ge=0)] | None = None
    notes: Text | None = None


class Reach(_Model):
    """People actually reached."""

    participants_per_year: Annotated[int, Field(ge=0)] | None = None
    period: str | None = None
    source_note: Text | None = None


class Contact(_Model):
    """A contact point. Personal fields are never exported unless asked."""

    role: str | None = None
    organisation: str | None = None
    name: str | None = None
    email: Annotated[str, StringConstraints(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")] | None = None
    phone: str | None = None


class Funding(_Model):
    """Where the money came from."""

    programme: str | None = None
    project_code: str | None = None
    priority_axis: str | None = None
    objective: str | None = None


class Source(_Model):
    """Where the facts of a practice come from.

    ``covers`` names the fields whose facts this source states (``summary``,
    ``resources.cost_eur``, ``contacts`` …; a group such as ``resources`` covers all its
    figures), so that a reviewer can check the claims field by field.
    """

    title: NonEmpty
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = None
    note: str | None = None
    covers: list[Annotated[str, StringConstraints(pattern=r"^[a-z_]+(\.[a-z_]+)?$")]] = Field(
        default_factory=list
    )


def _check_covers(sources: list[Source], model: type[BaseModel], what: str) -> list[Source]:
    """Refuse a ``covers`` entry that names no field of *model* (a typo hides a claim)."""
    for number, source in enumerate(sources, start=1):
        for name in source.covers:
            group, _, part = name.partition(".")
            field = model.model_fields.get(group)
            known = field is not None and group not in ("id", "sources")
            if known and part:
                inner = _inner_model(field.annotation) if field is not None else None
                known = inner is not None and part in inner.model_fields
            if not known:
                raise ValueError(
                    f"source {number} ({source.title!r}) covers {name!r}, which is not a field "
                    f"of {what}; name a field such as 'summary', 'resources.cost_eur' or "
                    "'contacts'"
                )
    return sources


def _inner_model(annotation: object) -> type[BaseModel] | None:
    """Return the model inside ``Model | None`` or ``list[Model]``, if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in get_args(annotation):
        inner = _inner_model(argument)
        if inner is not None:
            return inner
    return None


class Practice(_Model):
    """A good practice (one file ``practices/<id>.yaml``)."""

    id: Slug
    lang: LangCode | None = None
    title: Text
    partner: Slug | None = None
    organisation: str | None = None
    region: str | None = None
    country: CountryCode
    category: Annotated[str, StringConstraints(pattern=TERM_PATTERN)] | None = None
    themes: list[Annotated[str, StringConstraints(pattern=TERM_PATTERN)]] = Field(
        default_factory=list
    )
    target_groups: list[Annotated[str, StringConstraints(pattern=TERM_PATTERN)]] = Field(
        default_factory=list
    )
    summary: Text | None = None
    perspectives: dict[Annotated[str, StringConstraints(pattern=TERM_PATTERN)], Perspective] = (
        Field(default_factory=dict)
    )
    implementation: Text | None = None
    evidence: Text | None = None
    difficulties: Text | None = None
    transferability: Text | None = None
    continuity: Text | None = None
    resources: Resources | None = None
    reach: Reach | None = None
    contacts: list[Contact] = Field(default_factory=list)
    funding: Funding | None = None
    location: Location | None = None
    sources: list[Source] = Field(min_length=1)
    status: Literal["active", "ended", "pilot"] | None = None

    @field_validator("sources")
    @classmethod
    def _covers_name_fields(cls, sources: list[Source]) -> list[Source]:
        return _check_covers(sources, cls, "a practice")

    def texts(self) -> Iterator[tuple[tuple[str | int, ...], str, str | dict[str, str]]]:
        """Yield every text of the practice as ``(location, column name, value)``.

        The location is the path in the file (``("perspectives", "client", "need")``); the
        column name is the flat name used by :func:`hopelib.catalogue.load_catalogue`
        (``client_need``).
        """
        if self.title is not None:
            yield ("title",), "title", self.title
        if self.summary is not None:
            yield ("summary",), "summary", self.summary
        for perspective, row in self.perspectives.items():
            for part in PERSPECTIVE_PARTS:
                value = getattr(row, part)
                if value is not None:
                    yield ("perspectives", perspective, part), f"{perspective}_{part}", value
        for name in TEMPLATE_TEXT_FIELDS[1:]:
            value = getattr(self, name)
            if value is not None:
                yield (name,), name, value
        if self.resources is not None and self.resources.notes is not None:
            yield ("resources", "notes"), "resources_notes", self.resources.notes
        if self.reach is not None and self.reach.source_note is not None:
            yield ("reach", "source_note"), "reach_source_note", self.reach.source_note


# ---------------------------------------------------------------- sessions


class Session(_Model):
    """An exchange workshop (``sessions/<id>/session.yaml``)."""

    id: Slug
    lang: LangCode | None = None
    title: Text
    description: Text | None = None
    host: Slug
    partners: list[Slug] = Field(default_factory=list)
    dates: list[dt.date] = Field(min_length=1)
    mode: Literal["virtual", "in_person", "hybrid"]
    location: str | None = None
    practices: list[Slug] = Field(default_factory=list)
    attendance: Annotated[str, StringConstraints(max_length=200)] | None = None
    criteria: list[Annotated[str, StringConstraints(pattern=TERM_PATTERN)]] = Field(
        default_factory=list
    )
    participants: dict[Slug, Annotated[int, Field(ge=0)]] = Field(default_factory=dict)
    follows: list[Slug] = Field(default_factory=list)
    demo: bool = False
    sources: list[Source] = Field(default_factory=list)

    @field_validator("dates")
    @classmethod
    def _dates_in_order(cls, dates: list[dt.date]) -> list[dt.date]:
        if list(dates) != sorted(dates):
            raise ValueError("dates must be listed in order, earliest first")
        return dates

    @field_validator("sources")
    @classmethod
    def _covers_name_fields(cls, sources: list[Source]) -> list[Source]:
        return _check_covers(sources, cls, "a session")

    def texts(self) -> Iterator[tuple[tuple[str | int, ...], str, str | dict[str, str]]]:
        """Yield every text of the session as ``(location, column name, value)``."""
        yield ("title",), "title", self.title
        if self.description is not None:
            yield ("description",), "description", self.description
