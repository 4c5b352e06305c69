# Open Source Summer Handbook: build, preview, translate, lint and test.
# Every target is documented with `## text`; `make help` lists them.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-builtin-rules

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
UV_VERSION := 0.13.9

SOURCEDIR := docs
BUILDDIR := _build
SOURCE_LANG := zh_CN
# Every folder locales/<lang>/LC_MESSAGES is a translation; adding one adds a language.
TRANSLATIONS := $(filter-out $(SOURCE_LANG),$(patsubst locales/%/LC_MESSAGES,%,$(wildcard locales/*/LC_MESSAGES)))
LANGUAGES := $(SOURCE_LANG) $(TRANSLATIONS)
# The language `make serve` previews (LANG is the usual shell locale, so use LANGUAGE or L).
L ?= $(SOURCE_LANG)
SPHINXOPTS ?= -n -W --keep-going -q
SPHINXBUILD := $(VENV)/bin/sphinx-build -c .
# One wrapping policy for every catalog tool: never wrap (one paragraph is one msgid line).
PO_WIDTH := -1

.PHONY: help venv lock html html-zh gettext update-po add-language stats serve lint lint-python \
        lint-ci lint-commands lint-po lint-links linkcheck bench test clean $(addprefix html-,$(LANGUAGES))

help: ## Show this help
	@echo "Open Source Summer Handbook: make targets"
	@grep -E '^[a-zA-Z_%-]+:.*?## ' $(MAKEFILE_LIST) | sort | \
	  awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}'
	@echo "  languages: $(LANGUAGES)"

$(STAMP): pyproject.toml requirements.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@# uv installs in seconds; fall back to pip where uv cannot be had.
	@if command -v uv >/dev/null 2>&1; then uv=uv; \
	 elif $(PY) -m pip install -q "uv==$(UV_VERSION)" >/dev/null 2>&1; then uv=$(VENV)/bin/uv; \
	 else uv=; fi; \
	 if [ -n "$$uv" ]; then $$uv pip install -q --python $(PY) -r requirements.lock -e .; \
	 else $(PY) -m pip install -q -r requirements.lock -e .; fi
	@touch $@

venv: $(STAMP) ## Create .venv from the pinned lock file (done automatically by other targets)

lock: ## Regenerate requirements.lock from pyproject.toml (needs uv)
	@test -x $(VENV)/bin/uv || $(PY) -m pip install -q "uv==$(UV_VERSION)"
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --python-version 3.11 -o requirements.lock

html: $(addprefix html-,$(LANGUAGES)) ## Build every language into _build/html/<lang>/ plus the root page
	$(PY) scripts/write_root_index.py $(BUILDDIR)/html

html-zh: html-$(SOURCE_LANG) ## Build the Chinese site only (any language: make html-<lang>, e.g. html-en)

# What a build reads; when none of it changed since the last build, Sphinx is not started.
SITE_INPUTS := conf.py $(shell find $(SOURCEDIR) src/handbook -type f \
  -not -name '*.mo' -not -name '*.pyc' 2>/dev/null)

$(addprefix html-,$(LANGUAGES)): html-%: $(BUILDDIR)/html/%/.built

.SECONDEXPANSION:
$(BUILDDIR)/html/%/.built: $(STAMP) $(SITE_INPUTS) $$(shell find locales/$$* -name '*.po' 2>/dev/null)
	$(SPHINXBUILD) -b html $(SPHINXOPTS) -D language=$* -d $(BUILDDIR)/doctrees/$* $(SOURCEDIR) $(BUILDDIR)/html/$*
	@touch $@

gettext: $(STAMP) ## Extract the message templates (.pot) into _build/gettext
	@# From scratch: an incremental gettext build keeps the templates of deleted pages.
	rm -rf $(BUILDDIR)/gettext $(BUILDDIR)/doctrees/gettext
	$(SPHINXBUILD) -b gettext $(SPHINXOPTS) -d $(BUILDDIR)/doctrees/gettext $(SOURCEDIR) $(BUILDDIR)/gettext

update-po: gettext ## Merge the templates into every language's catalogs (changed entries turn fuzzy)
	$(PY) scripts/update_po.py --pot-dir $(BUILDDIR)/gettext --locale-dir locales --width $(PO_WIDTH) $(addprefix -l ,$(TRANSLATIONS))

add-language: ## Add a translation: make add-language L=ja (creates locales/ja/ with its catalogs)
	@if [ "$(L)" = "$(SOURCE_LANG)" ]; then echo "usage: make add-language L=<code>, e.g. L=ja" >&2; exit 2; fi
	@if [ -d "locales/$(L)" ]; then echo "locales/$(L) exists already" >&2; exit 2; fi
	mkdir -p locales/$(L)/LC_MESSAGES
	$(MAKE) --no-print-directory update-po TRANSLATIONS=$(L)

stats: $(STAMP) ## Per-page counts of translated, fuzzy and untranslated entries
	$(PY) scripts/po_stats.py locales

serve: $(STAMP) ## Live preview of one language (make serve L=en)
	$(VENV)/bin/sphinx-autobuild -c . -b html -n -D language=$(L) -d $(BUILDDIR)/doctrees/$(L) \
	  --watch locales --watch conf.py --watch src/handbook $(SOURCEDIR) $(BUILDDIR)/html/$(L)

lint: lint-python lint-ci lint-commands lint-po lint-links ## Run every linter the project has

lint-links: $(STAMP) ## Check internal links, anchors, images and downloads of every language (no network)
	$(PY) scripts/lint_links.py --offline

linkcheck: $(STAMP) ## Check every link of every language, external ones too (cached in _build/linkcheck)
	$(PY) scripts/lint_links.py

lint-po: gettext ## Check the catalogs (current, complete, markup kept) and the Chinese typography of docs/
	$(PY) scripts/lint_po.py locales --pot-dir $(BUILDDIR)/gettext

lint-commands: $(STAMP) ## Check every shell, console, YAML and JSON block in docs/ (nothing is run)
	$(PY) scripts/lint_commands.py docs

lint-python: $(STAMP) ## Lint the Python code with ruff
	$(VENV)/bin/ruff check src scripts tests conf.py
	$(VENV)/bin/ruff format --check -q src scripts tests conf.py

lint-ci: $(STAMP) ## Validate the Read the Docs and GitHub Actions files against their schemas
	$(PY) scripts/check_ci_files.py

test: $(STAMP) ## Run the whole test suite (builds both languages in a temporary folder)
	$(PY) -m pytest

bench: $(STAMP) ## Measure build, lint and link-check speed (several minutes; see docs/contributing/benchmarks.md)
	$(PY) scripts/bench.py

clean: ## Remove build output (keeps .venv)
	rm -rf $(BUILDDIR)
