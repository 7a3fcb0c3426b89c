"""Charts of the workbook: one function per chart, each returning a plotly figure.

Every chart takes the frame it draws first (computed by :mod:`hopelib.compare` or
:mod:`hopelib.indicators`), then keyword arguments with the same names everywhere:
``partner=`` (always *highlight this partner*: a bold tick, an outline or a larger marker;
never a filter), ``partners=`` (the frame of :func:`~hopelib.catalogue.load_partners`, for
names, order and colours), ``titles=`` (practice id → title), ``labels=`` (taxonomy id →
label), ``scales=`` (criterion → (min, max), where a chart draws scores), ``lang=`` and
``title=``. Nothing is shown: callers display or export the figure.

All data that reaches a label, a tick or a hover text is escaped (:mod:`.base`). Without
data a figure carries a message instead of empty axes. Each figure removes plotly's "send
to cloud" button from its mode bar; :func:`configure_plotly` (in :mod:`.offline`) sets
:data:`FIGURE_CONFIG` on plotly's renderers when called — importing does nothing.

Modules: :mod:`.base` (what every chart shares), :mod:`.offline` (config, HTML, the map's
outlines), then one per topic: :mod:`.coverage`, :mod:`.scores`, :mod:`.transfer`,
:mod:`.similarity`, :mod:`.maps`, :mod:`.indicators`, :mod:`.indicator_overview`,
:mod:`.follow_up`; :mod:`.compact` lays a figure out for a phone's width, and :mod:`.plain`
draws a heatmap or bar chart in plain HTML (no plotly.js).
"""

from __future__ import annotations

from .base import message_figure, shorten
from .compact import for_phone
from .coverage import coverage_chart, region_chart
from .follow_up import action_status_chart
from .indicator_overview import partner_indicator_overview_chart
from .indicators import indicator_comparison_chart, indicator_trend_chart
from .maps import map_chart
from .offline import (
    FIGURE_CONFIG,
    PLOTLY_TRACES,
    configure_plotly,
    figure_html,
    geo_assets_javascript,
    geo_assets_script,
    plotly_javascript,
)
from .plain import plain_chart
from .scores import criterion_profile, ranking_chart, score_heatmap
from .similarity import similarity_chart
from .transfer import transfer_chart

__all__ = [
    "FIGURE_CONFIG",
    "PLOTLY_TRACES",
    "action_status_chart",
    "configure_plotly",
    "coverage_chart",
    "criterion_profile",
    "figure_html",
    "for_phone",
    "geo_assets_javascript",
    "geo_assets_script",
    "indicator_comparison_chart",
    "indicator_trend_chart",
    "map_chart",
    "message_figure",
    "partner_indicator_overview_chart",
    "plain_chart",
    "plotly_javascript",
    "ranking_chart",
    "region_chart",
    "score_heatmap",
    "shorten",
    "similarity_chart",
    "transfer_chart",
]
