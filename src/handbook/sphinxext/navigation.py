"""A sidebar that does not grow with the project catalog.

Furo renders the whole toctree into every page's sidebar, so a site of n pages
writes n entries into each of n pages: build time grows with n squared (measured in
docs/contributing/benchmarks.md). ``handbook_navigation_maxdepth`` limits the depth
of that tree; with 2, the sidebar lists the sections and their pages, and the
project pages (one level deeper) are reached through the project catalog instead.
-1 keeps Furo's full tree.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx

_depth = {"value": -1}


def _navigation_tree(context: dict[str, Any]) -> str:
    from furo.navigation import get_navigation_tree

    if "toctree" not in context:
        return ""
    html = context["toctree"](collapse=False, titles_only=True, maxdepth=_depth["value"], includehidden=True)
    return get_navigation_tree(html)


def _configure(app: Sphinx, config: Any) -> None:
    _depth["value"] = config.handbook_navigation_maxdepth
    if config.handbook_navigation_maxdepth != -1 and config.html_theme == "furo":
        import furo

        # Furo computes the tree in this module-level function on html-page-context;
        # replacing it is the only way to change the depth it asks Sphinx for.
        furo._compute_navigation_tree = _navigation_tree


def setup_navigation(app: Sphinx) -> None:
    app.add_config_value(
        "handbook_navigation_maxdepth",
        -1,
        "html",
        types=frozenset({int}),
        description="Depth of the sidebar's navigation tree (-1: all levels, Furo's default)",
    )
    app.connect("config-inited", _configure)
