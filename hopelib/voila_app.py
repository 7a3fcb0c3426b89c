"""Voilà as ``hope serve`` runs it: what it sends is compressed for participants' phones.

Voilà's page is about 5 MB of scripts and styles, sent as they are: a phone on mobile data
waits for all of it before the form shows. Tornado, Voilà's web server, compresses responses
(gzip) and WebSocket messages (permessage-deflate) when its settings say so, and browsers
unpack both; Voilà only leaves these settings off. Run as ``python -m hopelib.voila_app``
with Voilà's own options.
"""

from __future__ import annotations

from typing import Any

from voila.app import Voila

__all__ = ["CompressingVoila", "main"]


class CompressingVoila(Voila):  # type: ignore[misc]
    """Voilà with compressed responses and WebSocket messages (same name, options, config)."""

    def init_settings(self) -> dict[str, Any]:
        """Return Voilà's web-server settings, with compression switched on."""
        settings: dict[str, Any] = super().init_settings()
        settings["compress_response"] = True  # scripts, styles, the page: gzip
        settings["websocket_compression_options"] = {}  # widget messages: the defaults
        return settings


main = CompressingVoila.launch_instance

if __name__ == "__main__":
    main()
