"""Chinese full-text search that is really there.

* Sphinx splits Chinese text with jieba; without jieba it indexes no Chinese word at
  all and gives no warning, so a missing jieba stops the build here.
* A small dictionary of the handbook's own terms (``handbook_search_dict``) keeps
  names such as KubeVirt or 开源之夏 whole; Sphinx is told not to parse jieba's whole
  dictionary again on every build.
* Sphinx 9.0 wrote a ``language_data.js`` that uses a stemmer class it never defines
  (sphinx-doc/sphinx#14229), which breaks search in the browser. After each HTML build
  the script is checked, so that regression cannot come back unnoticed.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging as sphinx_logging

from handbook.sphinxext.errors import stop

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = sphinx_logging.getLogger(__name__)

_ASSIGNED = re.compile(r"\bStemmer\s*=\s*([A-Za-z_$][\w$]*)\s*;")


def undefined_stemmers(script: str) -> list[str]:
    """Names assigned to ``Stemmer`` in *script* that the script never defines."""
    missing = []
    for name in dict.fromkeys(_ASSIGNED.findall(script)):
        escaped = re.escape(name)
        defined = re.search(
            rf"\b(?:var|let|const|function|class)\s+{escaped}\b|\b{escaped}\s*=\s*(?:function|class)\b",
            script,
        )
        if not defined:
            missing.append(name)
    return missing


def uses_chinese_search(config: Config) -> bool:
    language = config.html_search_language or config.language or ""
    return language.split("_")[0].lower() == "zh"


def _configure(app: Sphinx, config: Config) -> None:
    if not uses_chinese_search(config):
        return
    try:
        import jieba
    except ImportError:
        stop(
            "Chinese search needs the 'jieba' package, which is not installed. "
            "Without it Sphinx indexes no Chinese words. Run `make venv` (or "
            "`pip install jieba`) and build again.",
            subtype="search",
        )
    # jieba reports its dictionary loading on stderr at DEBUG level; keep builds quiet.
    jieba.setLogLevel(logging.WARNING)
    if config.handbook_search_dict:
        path = Path(app.confdir, config.handbook_search_dict).resolve()
        if not path.is_file():
            stop(
                f"handbook_search_dict names {config.handbook_search_dict!r}, "
                f"but there is no such file next to conf.py; expected a jieba user "
                f"dictionary (one 'word [frequency] [tag]' per line)",
                subtype="search",
            )
        # Loaded here rather than through html_search_options["dict"]: jieba leaves a
        # dictionary named by path open, and Sphinx's own default for that option is
        # jieba's whole dictionary, parsed again on every build (about 1.3 s).
        with path.open("rb") as terms:
            jieba.load_userdict(terms)
    # An empty "dict" tells Sphinx not to load any dictionary itself.
    config.html_search_options = {**(config.html_search_options or {}), "dict": ""}


def _check_language_data(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    script_path = Path(app.outdir, "_static", "language_data.js")
    if not script_path.is_file():
        return
    missing = undefined_stemmers(script_path.read_text(encoding="utf-8"))
    if missing:
        logger.warning(
            "search script _static/language_data.js uses undefined %s, so search fails "
            "in the browser (sphinx-doc/sphinx#14229); use a Sphinx release without the "
            "bug (see pyproject.toml)",
            ", ".join(missing),
            type="handbook",
            subtype="search",
        )


def _add_query_splitter(app: Sphinx) -> None:
    if app.builder.format == "html" and uses_chinese_search(app.config):
        app.add_js_file("handbook-search.js")


def setup_search(app: Sphinx) -> None:
    app.add_config_value(
        "handbook_search_dict",
        "",
        "html",
        types=frozenset({str}),
        description="jieba user dictionary of the handbook's terms, relative to conf.py",
    )
    app.connect("config-inited", _configure)
    app.connect("builder-inited", _add_query_splitter)
    app.connect("build-finished", _check_language_data)
