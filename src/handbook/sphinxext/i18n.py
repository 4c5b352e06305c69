"""Per-language settings, applied once the language is known.

``-D language=en`` is applied after ``conf.py`` has run, so anything that depends on
the language is set here, on ``config-inited``, not in ``conf.py``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from handbook import STATIC_DIR, TEMPLATES_DIR
from handbook.languages import discover
from handbook.sphinxext.errors import stop

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config


def languages_of(app: Sphinx) -> list[str]:
    """Every language the site is built in, source language first."""
    return discover(Path(app.confdir, app.config.handbook_locale_root))


def _per_language(table: dict[str, str], language: str) -> str | None:
    """The entry for *language*, else for its base language, else the English one."""
    return table.get(language) or table.get(language.split("_")[0]) or table.get("en")


def _apply_language(app: Sphinx, config: Config) -> None:
    languages = languages_of(app)
    language = config.language
    if language not in languages:
        stop(
            f"language {language!r} is not one of the handbook's languages "
            f"({', '.join(languages)}); a translation needs the folder "
            f"{config.handbook_locale_root}/{language}/LC_MESSAGES "
            f"(create it with `make add-language L={language}`)"
        )
    title = _per_language(config.handbook_titles, language)
    if title:
        config.project = title
        config.html_title = title
    holders = _per_language(config.handbook_copyright_holders, language)
    if holders:
        config.author = holders
        config.copyright = f"{config.handbook_copyright_year}, {holders}"
    # The project's templates and static files come first, so they can extend the theme's.
    config.templates_path = [str(TEMPLATES_DIR), *config.templates_path]
    config.html_static_path = [*config.html_static_path, str(STATIC_DIR)]


def setup_i18n(app: Sphinx) -> None:
    app.add_config_value(
        "handbook_locale_root",
        "locales",
        "env",
        types=frozenset({str}),
        description="Folder of the gettext catalogs, relative to conf.py",
    )
    app.add_config_value(
        "handbook_titles",
        {},
        "html",
        types=frozenset({dict}),
        description="The site's title per language code",
    )
    app.add_config_value(
        "handbook_copyright_holders",
        {},
        "html",
        types=frozenset({dict}),
        description="Who holds the copyright, per language code",
    )
    app.add_config_value(
        "handbook_copyright_year",
        "2026",
        "html",
        types=frozenset({str}),
        description="Year or range shown in the copyright line",
    )
    app.connect("config-inited", _apply_language)
    app.connect("builder-inited", lambda app: app.add_css_file("handbook.css"))
