"""A notebook client that notices a cell's reply at once (a workaround for nbclient#312).

With widgets on the page, nbclient sometimes sees a cell's ``execute_reply`` only when its
wait times out (https://github.com/jupyter/nbclient/issues/312), after the whole cell
timeout, although the reply came at once. Asking the shell channel again every half second
picks it up; a cell that really takes long still times out at the same deadline.
"""

from __future__ import annotations

import time
from queue import Empty
from typing import Any

from nbclient import NotebookClient

SLICE_S = 0.5


def patient(client: Any) -> Any:
    """Make *client*'s shell channel wait in short slices (up to the same deadline)."""
    channel = client.shell_channel
    wait = channel.get_msg

    async def get_msg(timeout: float | None = None) -> Any:
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = SLICE_S if deadline is None else max(0.0, deadline - time.monotonic())
            try:
                return await wait(timeout=min(SLICE_S, left))
            except Empty:
                if deadline is not None and time.monotonic() >= deadline:
                    raise

    channel.get_msg = get_msg
    return client


class PatientNotebookClient(NotebookClient):
    """:class:`nbclient.NotebookClient` with a :func:`patient` shell channel."""

    async def async_start_new_kernel_client(self) -> Any:
        return patient(await super().async_start_new_kernel_client())
