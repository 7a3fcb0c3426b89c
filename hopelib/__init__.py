"""hopelib: the helpers of the HOPE exchange-of-experience workbook.

Load the practice catalogue and partner data, validate it, report what partners can still
fill in, and compare practices and partners. Charts live in :mod:`hopelib.charts` (imported
on its own: plotly takes a second to load). See README.md for the layout and CONTRIBUTING.md
for how to extend it.
"""

from __future__ import annotations

__version__ = "0.1.0"  # before the imports: submodules read it

from .catalogue import (
    DataFolder,
    ValidationReport,
    completeness,
    load_catalogue,
    load_data,
    load_partners,
    load_practices,
    load_session,
    load_sessions,
    load_taxonomy,
    load_texts,
    template_fields,
    validate,
)
from .compare import (
    build_similarity_index,
    coverage,
    coverage_gaps,
    filter_practices,
    ranking,
    score_summary,
    search_index,
    side_by_side,
    side_by_side_html,
    similar_practices,
    similarity_matrix,
    transfer_matrix,
    unit_figures,
)
from .errors import ArgumentError, CatalogueError, ExportError, HopeError, Problem, StoreError
from .i18n import (
    _,
    format_date,
    format_date_range,
    format_money,
    format_number,
    set_language,
    use_language,
)
from .indicators import (
    compare_indicator,
    indicator_changes,
    load_indicators,
    partner_overview,
    unit_indicator_figures,
    validate_indicators,
)
from .models import Partner, Practice, Session, Taxonomy, pick_text
from .sessions import earlier_sessions, new_session

__all__ = [
    "ArgumentError",
    "CatalogueError",
    "DataFolder",
    "ExportError",
    "HopeError",
    "Partner",
    "Practice",
    "Problem",
    "Session",
    "StoreError",
    "Taxonomy",
    "ValidationReport",
    "_",
    "__version__",
    "build_similarity_index",
    "compare_indicator",
    "completeness",
    "coverage",
    "coverage_gaps",
    "earlier_sessions",
    "filter_practices",
    "format_date",
    "format_date_range",
    "format_money",
    "format_number",
    "indicator_changes",
    "load_catalogue",
    "load_data",
    "load_indicators",
    "load_partners",
    "load_practices",
    "load_session",
    "load_sessions",
    "load_taxonomy",
    "load_texts",
    "new_session",
    "partner_overview",
    "pick_text",
    "ranking",
    "score_summary",
    "search_index",
    "set_language",
    "side_by_side",
    "side_by_side_html",
    "similar_practices",
    "similarity_matrix",
    "template_fields",
    "transfer_matrix",
    "unit_figures",
    "unit_indicator_figures",
    "use_language",
    "validate",
    "validate_indicators",
]
