"""The language switcher: every page links to the same page in every other language.

The languages are built side by side (``_build/html/<code>/``), so the link to the
other language is a relative one that climbs out of this language's folder.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from markupsafe import escape

from handbook import base_path
from handbook.languages import language_tag, native_name
from handbook.sphinxext.i18n import languages_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def language_links(pagename: str, current: str, languages: list[str], root: str | None = None) -> list[dict[str, Any]]:
    """Links from *pagename* in language *current* to that page in every language:
    relative ones, or from *root* (the site's path) for a page served at any depth."""
    up = root if root is not None else "../" * (pagename.count("/") + 1)
    return [
        {
            "code": code,
            "tag": language_tag(code),
            "name": native_name(code),
            "url": f"{up}{code}/{pagename}.html",
            "current": code == current,
        }
        for code in languages
    ]


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    if app.builder.format != "html" or app.builder.name not in {"html", "dirhtml"}:
        return
    served_anywhere = pagename == getattr(app.config, "notfound_pagename", None)
    links = language_links(pagename, app.config.language, languages_of(app), base_path() if served_anywhere else None)
    context["handbook_language_links"] = links
    alternates = "".join(
        f'<link rel="alternate" hreflang="{escape(link["tag"])}" href="{escape(link["url"])}">\n' for link in links
    )
    context["metatags"] = context.get("metatags", "") + alternates


def setup_switcher(app: Sphinx) -> None:
    app.connect("html-page-context", _page_context)
