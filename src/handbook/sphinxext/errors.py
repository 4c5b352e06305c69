"""Stopping a build over bad configuration with a clear message and no traceback.

Sphinx reports an exception raised by an extension with a full crash report,
traceback included. A wrong setting is the user's to fix, not a crash, so it is
reported as one ``ERROR:`` line naming what is wrong and what is expected, and the
build stops with exit status 2.
"""

from __future__ import annotations

from typing import NoReturn

from sphinx.util import logging

logger = logging.getLogger(__name__)


class HandbookStop(SystemExit):
    """Raised to stop the build after its reason has been logged."""

    def __init__(self, message: str) -> None:
        super().__init__(2)
        self.message = message


def stop(message: str, *, subtype: str = "config") -> NoReturn:
    logger.error("handbook: %s", message, type="handbook", subtype=subtype)
    raise HandbookStop(message)
