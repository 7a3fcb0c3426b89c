"""Every file the workbook reads and checks, and what is still missing in them.

The data folder (DATA_MODEL.md): ``taxonomy.yaml``, ``partners.yaml``, ``practices/*.yaml``,
``sessions/*/session.yaml`` and ``indicators/*.csv``. Loading is all-or-nothing: any problem
in the files a loader needs raises :class:`~hopelib.errors.CatalogueError` listing *every*
problem as ``path:line: field: message``; a broken file never yields a partial catalogue.
Files are parsed with PyYAML's C loader with a faster Python side
(:mod:`hopelib.catalogue.yaml_loader`); line numbers are looked up only when a problem is
reported.

Columns of :func:`load_catalogue` (index ``id``):

- ``title``, ``summary``, ``implementation``, ``evidence``, ``difficulties``,
  ``transferability``, ``continuity``, ``resources_notes`` and one ``<perspective>_<part>``
  column per perspective and part (``client_need`` … ``society_results``): the text in the
  asked language, each with a ``<column>_lang`` column naming the language shown (the
  practice's own language or English when the asked one is missing; empty when there is no
  text);
- ``partner`` (empty for reference practices), ``reference`` (no partner), ``organisation``,
  ``region``, ``country``, ``category``, ``themes`` and ``target_groups`` (tuples of ids),
  ``status``, ``lang``;
- ``resources_cost_eur``, ``resources_cost_unit``, ``resources_participants_max``,
  ``resources_sessions_per_year``, ``resources_staff``, ``reach_participants_per_year``,
  ``reach_period``, ``funding_programme``, ``funding_project_code``,
  ``funding_priority_axis``, ``funding_objective``, ``location_lat``, ``location_lon``,
  ``location_place``;
- ``n_sources`` and ``n_contacts`` (contact details themselves stay in the practice files:
  personal data is never part of the frame).

The modules, each importing only those above it:

- :mod:`~hopelib.catalogue.problems`: where a problem is, and the one did-you-mean helper;
- :mod:`~hopelib.catalogue.text`: reading a file's text (UTF-8, byte-order mark), CSV records;
- :mod:`~hopelib.catalogue.yaml_loader`, :mod:`~hopelib.catalogue.yaml_files`: YAML parsing,
  and parsed files with the lines of their parts;
- :mod:`~hopelib.catalogue.shapes`: pydantic validation, its errors as problems;
- :mod:`~hopelib.catalogue.checks`: checks across files (ids, languages, duplicates);
- :mod:`~hopelib.catalogue.reader`: :class:`~hopelib.catalogue.reader.Reader`, one YAML file
  after the other;
- :mod:`~hopelib.catalogue.cache`, :mod:`~hopelib.catalogue.practices`: the fast path, every
  practice from the cache or parsed over a process pool;
- :mod:`~hopelib.catalogue.periods`, :mod:`~hopelib.catalogue.indicator_files`,
  :mod:`~hopelib.catalogue.indicator_loaders`: indicator values (CSV);
- :mod:`~hopelib.catalogue.folder`, :mod:`~hopelib.catalogue.validation`: the whole folder;
- :mod:`~hopelib.catalogue.frames`: the frames, from validated models (no file read);
- :mod:`~hopelib.catalogue.rows`: the catalogue frame's rows by file, parsed over a process
  pool and cached, the unchanged files' rows reused;
- :mod:`~hopelib.catalogue.loaders`: the ``load_*`` functions;
- :mod:`~hopelib.catalogue.yaml_writer`: the one style practice files are written in;
- :mod:`~hopelib.catalogue.columns`, :mod:`~hopelib.catalogue.sheet_export`: the catalogue as
  one sheet, one row per practice (``hope catalogue export``);
- :mod:`~hopelib.catalogue.manifest`, :mod:`~hopelib.catalogue.sheet_rows`,
  :mod:`~hopelib.catalogue.sheet_import`: practices from a sheet, all or nothing, and what
  earlier imports wrote (``hope catalogue import``).
"""

from __future__ import annotations

from .folder import DataFolder, ValidationReport
from .frames import practice_counts, template_fields
from .indicator_files import IndicatorValue, check_indicator_files
from .indicator_loaders import indicator_frame, load_indicators, validate_indicators
from .loaders import (
    completeness,
    load_catalogue,
    load_partners,
    load_practices,
    load_session,
    load_sessions,
    load_taxonomy,
    load_texts,
)
from .periods import Period, parse_period
from .sheet_export import export_catalogue
from .sheet_import import ImportPlan, import_catalogue
from .validation import load_data, validate

__all__ = [
    "DataFolder",
    "ImportPlan",
    "IndicatorValue",
    "Period",
    "ValidationReport",
    "check_indicator_files",
    "completeness",
    "export_catalogue",
    "import_catalogue",
    "indicator_frame",
    "load_catalogue",
    "load_data",
    "load_indicators",
    "load_partners",
    "load_practices",
    "load_session",
    "load_sessions",
    "load_taxonomy",
    "load_texts",
    "parse_period",
    "practice_counts",
    "template_fields",
    "validate",
    "validate_indicators",
]
