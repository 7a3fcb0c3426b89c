"""What one partner may see of one session, and the report sections made from it.

- :func:`gather_report` reads everything once (:mod:`~hopelib.report.data`; privacy applied
  there) into a :class:`ReportData`;
- :mod:`~hopelib.report.sections`, :mod:`~hopelib.report.follow_up` and
  :mod:`~hopelib.report.impact` lay it out as HTML through ``hopelib/html`` templates
  (:mod:`~hopelib.report.page` holds the page around them) and :mod:`~hopelib.report.figures`
  draws its charts — none of them reads a file or the store;
- :class:`PartnerReport` is the report notebook's handle on both.
"""

from __future__ import annotations

from typing import Any

from .data import ReportData, gather_report
from .page import page_title
from .partner import PartnerReport

__all__ = ["REPORT_CSS", "PartnerReport", "ReportData", "gather_report", "page_title"]


def __getattr__(name: str) -> Any:
    """``REPORT_CSS``: the report's ``<style>`` element, rendered when first asked for."""
    if name == "REPORT_CSS":
        from .page import stylesheet

        return stylesheet()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
