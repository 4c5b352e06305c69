"""The handbook's Sphinx extension on a minimal test root (tests/roots/test-minimal)."""

from __future__ import annotations

import builtins
import json

import pytest
from sphinx.testing.util import SphinxTestApp

from handbook.sphinxext.errors import HandbookStop


def index_terms(app: SphinxTestApp) -> dict:
    text = (app.outdir / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    return {**index["terms"], **index["titleterms"]}


@pytest.mark.sphinx("html", testroot="minimal", freshenv=True)
def test_chinese_words_are_indexed_whole(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    terms = index_terms(app)
    assert "开源之夏" in terms and "申请书" in terms
    # Sphinx must not load jieba's whole dictionary again (its default for "dict").
    assert app.config.html_search_options["dict"] == ""


@pytest.mark.sphinx("html", testroot="minimal", freshenv=True, confoverrides={"language": "en"})
def test_per_language_settings_follow_the_language_override(app: SphinxTestApp) -> None:
    app.build()
    assert app.config.project == "Test handbook"
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert "Welcome to OSPP" in html
    assert 'lang="en"' in html
    assert "dict" not in app.config.html_search_options


@pytest.mark.sphinx("html", testroot="minimal", freshenv=True)
def test_switcher_links_to_the_other_language(app: SphinxTestApp) -> None:
    app.build()
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert 'href="../en/index.html"' in html
    assert 'hreflang="en"' in html


def test_missing_jieba_stops_the_build_with_a_clear_message(
    make_app, rootdir, sphinx_test_tempdir, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_import = builtins.__import__

    def no_jieba(name, *args, **kwargs):
        if name == "jieba" or name.startswith("jieba."):
            raise ImportError("No module named 'jieba'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_jieba)
    srcdir = sphinx_test_tempdir / "no-jieba"
    import shutil

    shutil.copytree(rootdir / "test-minimal", srcdir)
    with pytest.raises(HandbookStop) as stopped:
        make_app("html", srcdir=srcdir)
    assert stopped.value.code == 2
    assert "Chinese search needs the 'jieba' package" in stopped.value.message


@pytest.mark.sphinx("html", testroot="minimal", confoverrides={"handbook_search_dict": "missing.txt"})
def test_a_missing_search_dictionary_is_named(make_app, app_params) -> None:
    args, kwargs = app_params
    with pytest.raises(HandbookStop) as stopped:
        make_app(*args, **kwargs)
    assert "handbook_search_dict names 'missing.txt'" in stopped.value.message
    assert "jieba user dictionary" in stopped.value.message
