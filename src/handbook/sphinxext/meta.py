"""What a page tells browsers, crawlers and chat apps about itself.

* OpenGraph tags (title, description, locale and its alternates, URL), so a shared
  link shows a title and a summary. No generated social-card image: rendered without
  a CJK font, such images show Chinese as boxes.
* The 404 page (sphinx-notfound-page) gets links that start at the site root of its
  own language, so it works at any depth.
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from docutils import nodes
from markupsafe import escape

from handbook import base_path, base_url

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

from handbook.sphinxext.i18n import languages_of

_RELATIVE_HREF = re.compile(r'href="(?![a-zA-Z][a-zA-Z0-9+.-]*:|/|#)([^"]+)"')


def og_locale(code: str) -> str:
    """OpenGraph wants language_TERRITORY: ``en`` -> ``en_US``, ``zh_CN`` -> ``zh_CN``."""
    try:
        locale = Locale.parse(code)
    except (ValueError, UnknownLocaleError):
        return code
    if locale.territory:
        return f"{locale.language}_{locale.territory}"
    likely = get_global("likely_subtags").get(locale.language, "")
    territory = likely.split("_")[-1] if likely.count("_") >= 1 else ""
    return f"{locale.language}_{territory}" if territory.isupper() else locale.language


def description_of(doctree: nodes.document | None, limit: int = 200) -> str:
    if doctree is None:
        return ""
    for paragraph in doctree.findall(nodes.paragraph):
        if paragraph.next_node(nodes.literal_block) is None:
            text = " ".join(paragraph.astext().split())
            if text:
                return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
    return ""


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    if app.builder.format != "html" or app.builder.name not in {"html", "dirhtml"}:
        return
    language = app.config.language
    title = nodes.Text(context.get("title") or "").astext()
    site = app.config.html_title or app.config.project
    tags = {
        "og:type": "website",
        "og:site_name": site,
        "og:title": f"{title} - {site}" if title and title != site else site,
        "og:locale": og_locale(language),
        "og:url": f"{base_url()}{language}/{pagename}.html",
    }
    description = description_of(doctree)
    if description:
        tags["og:description"] = description
    lines = [f'<meta property="{key}" content="{escape(value)}">' for key, value in tags.items()]
    if description:
        lines.append(f'<meta name="description" content="{escape(description)}">')
    for other in languages_of(app):
        if other != language:
            lines.append(f'<meta property="og:locale:alternate" content="{escape(og_locale(other))}">')
    context["metatags"] = context.get("metatags", "") + "\n".join(lines) + "\n"
    if pagename == getattr(app.config, "notfound_pagename", None) and "body" in context:
        # sphinx-notfound-page fixes the theme's links; the page's own links are still
        # relative, and would point into the missing folder. Start them at the root.
        prefix = app.config.notfound_urls_prefix
        context["body"] = _RELATIVE_HREF.sub(lambda m: f'href="{prefix}{m.group(1)}"', context["body"])


def _configure(app: Sphinx, config: Config) -> None:
    # sphinx-notfound-page writes links from this prefix: the language's own root.
    # Read the Docs serves each language at /<lang>/<version>/ and says where.
    canonical = os.environ.get("READTHEDOCS_CANONICAL_URL", "")
    config.notfound_urls_prefix = urlsplit(canonical).path if canonical else f"{base_path()}{config.language}/"


def setup_meta(app: Sphinx) -> None:
    app.connect("config-inited", _configure, priority=600)
    app.connect("html-page-context", _page_context)
