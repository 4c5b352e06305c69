"""Sphinx extension of the Open Source Summer Handbook.

One component per module, each with its own ``setup_*`` function; this module
composes them. Add ``"handbook.sphinxext"`` to ``extensions`` in ``conf.py``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from handbook import __version__
from handbook.sphinxext.i18n import setup_i18n
from handbook.sphinxext.links import setup_links
from handbook.sphinxext.meta import setup_meta
from handbook.sphinxext.navigation import setup_navigation
from handbook.sphinxext.projects import setup_projects
from handbook.sphinxext.search import setup_search
from handbook.sphinxext.status import setup_status
from handbook.sphinxext.switcher import setup_switcher
from handbook.sphinxext.timeline import setup_timeline

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


def setup(app: Sphinx) -> ExtensionMetadata:
    setup_i18n(app)
    setup_search(app)
    setup_switcher(app)
    setup_status(app)
    setup_meta(app)
    setup_projects(app)
    setup_timeline(app)
    setup_links(app)
    setup_navigation(app)
    return {
        "version": __version__,
        "env_version": 2,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
