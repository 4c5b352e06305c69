"""The benchmark's own pieces (the benchmark itself is `make bench`; no timings here)."""

from __future__ import annotations

from pathlib import Path

from handbook.bench import SYNTHETIC, make_tree, table
from handbook.sphinxext.projects import check_front_matter


def test_synthetic_project_pages_pass_the_schema() -> None:
    checked = check_front_matter(SYNTHETIC.format(n=7))
    assert checked is not None and checked.problems == []
    assert checked.data["community"] == "Synthetic 7"


def test_a_grown_tree_lists_every_synthetic_page(tmp_path: Path) -> None:
    pages = make_tree(3, tmp_path)
    index = (tmp_path / "docs" / "reference" / "projects" / "index.md").read_text(encoding="utf-8")
    assert all(f"synthetic-000{n}" in index for n in range(3))
    assert pages == len(list((tmp_path / "docs").rglob("*.md")))
    assert (tmp_path / "conf.py").is_file() and (tmp_path / "locales" / "en").is_dir()


def test_the_table_shows_each_figure_beside_its_comparison() -> None:
    results = {
        "machine": {"platform": "Linux", "python": "3.11", "cpus": 2},
        "builds": {"zh_CN": {"clean_s": 10.0, "incremental_s": 2.0, "ratio": 0.2}},
        "growth": {"collapsed": {"sizes": {30: {"ms_per_page": 50, "build_s": 3, "pages": 60}}, "growth": 1.1}},
        "linter": {
            "blocks": 40,
            "shell_blocks": 20,
            "lint_commands_s": 0.5,
            "shellcheck_per_block_s": 2.0,
            "s_per_100_blocks_beyond_startup": 0.3,
        },
        "links": {
            "unique_urls": 100,
            "cold_s": 3.0,
            "cold_requests": 100,
            "cached_s": 0.1,
            "cached_requests": 0,
            "sphinx_linkcheck_both_languages_s": 9.0,
        },
        "weight": {"zh_CN": {"html_median_bytes": 40960, "html_max_bytes": 81920, "search_index_bytes": 61440}},
    }
    text = table(results)
    assert "incremental 2.0 s (20% of clean)" in text
    assert "sphinx linkcheck, both languages 9.0 s" in text
    assert "per-page growth ×1.10" in text
