"""Compare practices and partners: search, side by side, coverage, similarity and scores.

Pure functions on DataFrames: the catalogue frames of :mod:`hopelib.catalogue`
(:func:`~hopelib.catalogue.load_catalogue`, :func:`~hopelib.catalogue.load_texts`) and
frames shaped like the session store's records (DATA_MODEL.md, "The session store"). Nothing
here opens a file or a database, so the workshop notebooks, the partner reports and analysts
all compute the same figures from the same frames.

Empty input gives an empty frame with the documented columns, never an error or a zero that
looks like a measurement. One module per concern:

- :mod:`~hopelib.compare.text`: folding, partner and term names;
- :mod:`~hopelib.compare.lemmas`: words and their lemmas in fi/sl/en (simplemma);
- :mod:`~hopelib.compare.search`: the search index and the catalogue filters;
- :mod:`~hopelib.compare.side_by_side`: whole templates side by side (frame and HTML);
- :mod:`~hopelib.compare.coverage`: coverage, its gaps, practices per region;
- :mod:`~hopelib.compare.similarity`: look-alike practices;
- :mod:`~hopelib.compare.lookalikes`: look-alikes as people read them (why, how close);
- :mod:`~hopelib.compare.units`: unit figures of the catalogue;
- :mod:`~hopelib.compare.scores`: score summaries, ranking, transfer matrix.
"""

from .coverage import coverage, coverage_gaps, region_counts
from .lookalikes import SIMILARITY_LEVELS, closeness, similar_view, similarity_reason
from .scores import (
    INTEREST_COLUMNS,
    RATING_COLUMNS,
    TRANSFER_LEVELS,
    criterion_scales,
    current_records,
    ranking,
    score_summary,
    transfer_matrix,
)
from .search import filter_practices, highlight_words, search_index
from .side_by_side import side_by_side, side_by_side_html, side_by_side_rows
from .similarity import (
    SimilarityIndex,
    build_similarity_index,
    similar_practices,
    similarity_matrix,
)
from .text import fold, partner_names, term_labels
from .units import UNIT_FIGURE_COLUMNS, unit_figures

__all__ = [
    "INTEREST_COLUMNS",
    "RATING_COLUMNS",
    "SIMILARITY_LEVELS",
    "TRANSFER_LEVELS",
    "UNIT_FIGURE_COLUMNS",
    "SimilarityIndex",
    "build_similarity_index",
    "closeness",
    "coverage",
    "coverage_gaps",
    "criterion_scales",
    "current_records",
    "filter_practices",
    "fold",
    "highlight_words",
    "partner_names",
    "ranking",
    "region_counts",
    "score_summary",
    "search_index",
    "side_by_side",
    "side_by_side_html",
    "side_by_side_rows",
    "similar_practices",
    "similar_view",
    "similarity_matrix",
    "similarity_reason",
    "term_labels",
    "transfer_matrix",
    "unit_figures",
]
