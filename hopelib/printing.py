"""Print an offline HTML page to PDF with Debian's Chromium through Playwright (``pdf`` extra).

:class:`PdfPrinter` starts Chromium once (``/usr/bin/chromium``, or ``HOPE_CHROMIUM``) and
prints page after page on A4 as the page's print stylesheet lays it out: vector charts,
selectable text, no request leaving the machine. Playwright is an optional dependency
(``pip install 'hopelib[pdf]'``); without it, or without Chromium, making a printer is a
clear :class:`~hopelib.errors.ExportError` before any work.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from .errors import ExportError

__all__ = ["CHROMIUM", "PdfPrinter"]

#: Debian's Chromium (``apt-get install chromium``); ``HOPE_CHROMIUM`` names another.
CHROMIUM = Path("/usr/bin/chromium")

#: The printed page's width less its margins (report.css: A4, 14 mm each side), in CSS px.
_PRINT_WIDTH = 688


class PdfPrinter:
    """Chromium, started once, printing offline HTML pages to A4 PDF files.

    Raises
    ------
    ExportError
        When Playwright is not installed or Chromium is missing (the message says how to
        get them).

    Examples
    --------
    >>> printer = PdfPrinter()  # doctest: +SKIP
    >>> printer.print(Path("maribor.html"), Path("maribor.pdf"))  # doctest: +SKIP
    >>> printer.close()  # doctest: +SKIP
    """

    def __init__(self) -> None:
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:
            raise ExportError(
                "pdf: printing to PDF needs Playwright: install the pdf extra "
                "(pip install 'hopelib[pdf]'), or export without --pdf"
            ) from None
        chromium = Path(os.environ.get("HOPE_CHROMIUM") or CHROMIUM)
        if not chromium.is_file():
            raise ExportError(
                f"pdf: printing to PDF needs Chromium at {chromium}: install Debian's "
                "(sudo apt-get install chromium) or set HOPE_CHROMIUM to its path, or export "
                "without --pdf"
            )
        self._playwright = sync_playwright().start()
        try:
            self._browser: Any = self._playwright.chromium.launch(
                executable_path=str(chromium), args=["--no-sandbox", "--disable-gpu"]
            )
        except Exception as error:
            self._playwright.stop()
            first = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
            raise ExportError(f"pdf: Chromium at {chromium} did not start: {first}") from None

    def print(self, page: Path, pdf: Path) -> Path:
        """Print the HTML file *page* to *pdf* (A4, the page's print stylesheet).

        Parameters
        ----------
        page : Path
            An offline HTML page (nothing is fetched: every request is refused).
        pdf : Path
            Where to write the PDF.

        Returns
        -------
        Path
            *pdf*.
        """
        tab = self._browser.new_page(viewport={"width": _PRINT_WIDTH, "height": 1000})
        try:
            tab.route(
                lambda url: not url.startswith(("file:", "data:")),
                lambda route: route.abort(),
            )
            tab.goto(page.resolve().as_uri(), wait_until="load")
            tab.emulate_media(media="print")
            tab.evaluate(
                "async (width) => { if (window.hopeFitCharts) await window.hopeFitCharts(width); }",
                _PRINT_WIDTH,
            )
            tab.pdf(path=str(pdf), format="A4", prefer_css_page_size=True, print_background=True)
        except Exception as error:
            first = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
            raise ExportError(f"the PDF could not be printed: {first}") from None
        finally:
            tab.close()
        return pdf

    def close(self) -> None:
        """Stop Chromium."""
        self._browser.close()
        self._playwright.stop()
