"""Sphinx configuration of the Open Source Summer Handbook.

Source: docs/ (Simplified Chinese). Translations: locales/<lang>/LC_MESSAGES/*.po.
Anything that depends on the language being built is set by the handbook extension on
``config-inited``, because ``-D language=...`` is applied after this file has run.
"""

from handbook import THEME_LOCALE_DIR, __version__, base_url

# -- Project ---------------------------------------------------------------
project = "开源之夏学生手册"
author = "开源之夏学生手册贡献者 / Open Source Summer Handbook contributors"
copyright = "2026, " + author
release = version = __version__

# -- General ---------------------------------------------------------------
extensions = [
    # Ours
    "handbook.sphinxext",
    # Third-party
    "myst_parser",
    "notfound.extension",
    "sphinx_design",
    "sphinx_copybutton",
]
root_doc = "index"
exclude_patterns = ["_build", "_data", "_files", "Thumbs.db", ".DS_Store"]
# Report every reference that does not resolve (-n is also passed by the Makefile).
nitpicky = True
# Print the name of each warning, so it can be silenced by name if ever needed.
show_warning_types = True

# -- MyST ------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist", "fieldlist", "substitution", "tasklist"]
# No automatic heading anchors: their slugs come from the heading text, which differs
# between languages. Headings that are linked get an explicit (label)= instead.
myst_heading_anchors = 0

# -- i18n ------------------------------------------------------------------
language = "zh_CN"
# Relative to the source directory (docs/), not to this file.
locale_dirs = ["../locales", str(THEME_LOCALE_DIR)]
# One catalog per page, no UUIDs, locations kept: small, stable diffs for translators.
gettext_compact = False
gettext_uuid = False
gettext_location = True
gettext_additional_targets = []
handbook_locale_root = "locales"
handbook_titles = {"zh_CN": "开源之夏学生手册", "en": "Open Source Summer Handbook"}
handbook_copyright_holders = {
    "zh_CN": "开源之夏学生手册贡献者",
    "en": "Open Source Summer Handbook contributors",
}
handbook_copyright_year = "2026"

# -- Project knowledge base ------------------------------------------------
# Programme phases and deadlines: drawn on programme pages, published as .ics feeds.
handbook_timelines = "docs/_data/timelines.yaml"

# -- Search ----------------------------------------------------------------
# Terms jieba must keep whole (KubeVirt, 开源之夏, 申请书, ...).
handbook_search_dict = "docs/_data/search-terms.txt"

# -- HTML ------------------------------------------------------------------
# Absolute URL of the site root (the folder holding zh_CN/ and en/), for OpenGraph
# and sitemap.xml; set HANDBOOK_BASE_URL when deploying (handbook.base_url()).
html_baseurl = base_url()
html_theme = "furo"
# Relative to this file (the configuration directory), unlike locale_dirs.
html_static_path = ["docs/_static"]
html_favicon = "docs/_static/favicon.svg"
html_last_updated_fmt = None
html_copy_source = False
html_show_sourcelink = False
# Sidebar depth: sections and their pages; project pages are reached through the
# catalog. Keeps each page's sidebar from growing with the catalog (see
# docs/contributing/benchmarks.md).
handbook_navigation_maxdepth = 2
html_theme_options = {
    "top_of_page_buttons": [],
}

# -- Copy button -----------------------------------------------------------
# Copy commands only. Pygments marks the prompts (.gp) and the output (.go) of
# `console` blocks, so they are left out. No prompt regex: in a `bash` block a line
# starting with "# " is a comment, and a "# " prompt pattern would copy only comments.
copybutton_exclude = ".linenos, .gp, .go"
copybutton_prompt_text = ""
