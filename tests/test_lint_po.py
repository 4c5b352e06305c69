"""The translation linter: each rule with a passing and a failing catalog, and the
translators' loop end to end (edit a paragraph, `make update-po`, nothing is lost)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import polib
import pytest

from conftest import REPO
from handbook.lint.cli import lint_po_main
from handbook.lint.po import Config, glossary_terms, lint_catalog, lint_staleness, lint_typography, markup_problems

HEADER = textwrap.dedent("""\
    msgid ""
    msgstr ""
    "Language: en\\n"
    "Plural-Forms: nplurals=2; plural=(n != 1);\\n"
    "Content-Type: text/plain; charset=UTF-8\\n"

    """)


def catalog(tmp_path: Path, body: str, header: str = HEADER, name: str = "page.po") -> Path:
    path = tmp_path / "en" / "LC_MESSAGES" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(header + textwrap.dedent(body), encoding="utf-8")
    return path


def rules(path: Path, config: Config | None = None) -> list[tuple[int, str, str]]:
    return [(f.line, f.severity, f.rule) for f in lint_catalog(path, config or Config())]


def entry(msgid: str, msgstr: str, flags: str = "") -> str:
    flag_line = f"#, {flags}\n" if flags else ""
    return f'{flag_line}msgid "{msgid}"\nmsgstr "{msgstr}"\n\n'


def test_a_good_catalog_passes(tmp_path: Path) -> None:
    path = catalog(tmp_path, entry("导师", "Mentor") + entry("见 {ref}`ospp`。", "See {ref}`ospp`."))
    assert rules(path) == []


def test_syntax_errors_name_the_line(tmp_path: Path) -> None:
    path = catalog(tmp_path, 'msgid "导师"\nmsgstr "Mentor"\nnonsense here\n')
    found = lint_catalog(path, Config())
    assert [(f.line, f.rule) for f in found] == [(9, "po-syntax")]
    assert "does not parse" in found[0].message


@pytest.mark.parametrize("missing", ["Language", "Plural-Forms", "Content-Type"])
def test_incomplete_headers(tmp_path: Path, missing: str) -> None:
    header = "\n".join(line for line in HEADER.splitlines() if not line.startswith(f'"{missing}')) + "\n\n"
    path = catalog(tmp_path, entry("导师", "Mentor"), header=header)
    assert (1, "error", "po-header") in rules(path)


def test_a_charset_other_than_utf8_is_reported(tmp_path: Path) -> None:
    path = catalog(tmp_path, entry("a", "b"), header=HEADER.replace("UTF-8", "ISO-8859-1"))
    assert [f.message for f in lint_catalog(path, Config()) if f.rule == "po-header"][0].startswith("Content-Type")


@pytest.mark.parametrize(("complete", "severity"), [(True, "error"), (False, "warning")])
def test_untranslated_and_fuzzy_entries(tmp_path: Path, complete: bool, severity: str) -> None:
    path = catalog(tmp_path, entry("导师", "") + entry("社区", "Community", flags="fuzzy") + entry("学生", "Student"))
    config = Config(complete_languages={"en"} if complete else set())
    assert rules(path, config) == [(7, severity, "untranslated"), (10, severity, "fuzzy")]


@pytest.mark.parametrize(
    ("msgid", "good", "bad", "kind"),
    [
        (
            "见[官网](https://summer-ospp.ac.cn)。",
            "See [the site](https://summer-ospp.ac.cn).",
            "See [the site](https://example.org).",
            "link target",
        ),
        (
            "邮箱 <mailto:org@summer-ospp.ac.cn>。",
            "Mail <mailto:org@summer-ospp.ac.cn>.",
            "Mail org@summer-ospp.ac.cn.",
            "URL",
        ),
        ("运行 `make html`。", "Run `make html`.", "Run make html.", "inline code"),
        ("见 {ref}`ospp`。", "See {ref}`OSPP <ospp>`.", "See {ref}`ospp-rewards`.", "role"),
        ("见{ref}`规则 <ospp-pitfalls>`。", "See the {ref}`rules <ospp-pitfalls>`.", "See the rules.", "role"),
        ("奖金[^student-2024]。", "Rewards[^student-2024].", "Rewards.", "footnote reference"),
        ("版本 {{ version }}。", "Version {{ version }}.", "Version 1.0.", "substitution"),
        ("**重要**。", "**Important**.", "**Important*.", "emphasis"),
    ],
)
def test_markup_must_be_kept(msgid: str, good: str, bad: str, kind: str) -> None:
    assert markup_problems(msgid, good) == []
    problems = markup_problems(msgid, bad)
    assert problems and kind in problems[0]


def test_inline_code_that_shows_a_role_is_code() -> None:
    msgid = "`{ref}` 等角色，以及脚注（例如 `[^student-2024]`）。"
    assert markup_problems(msgid, "Roles such as `{ref}`, and footnotes (such as `[^student-2024]`).") == []


def test_markup_problems_become_findings_with_the_entry_line(tmp_path: Path) -> None:
    path = catalog(tmp_path, entry("导师", "Mentor") + entry("运行 `make html`。", "Run make html."))
    assert rules(path) == [(10, "error", "markup")]


def test_chinese_left_in_a_translation(tmp_path: Path) -> None:
    path = catalog(tmp_path, entry("导师", "Mentor（导师）") + entry("开源之夏", "OSPP (开源之夏)"))
    assert [r for _, _, r in rules(path)] == ["cjk-in-translation", "cjk-in-translation"]
    allowed = Config(cjk_allow={"开源之夏", "导师"})
    # Full-width parentheses are still reported; allowed names are not.
    assert [(line, rule) for line, _, rule in rules(path, allowed)] == [(7, "cjk-in-translation")]


def test_chinese_is_fine_in_a_cjk_translation(tmp_path: Path) -> None:
    path = catalog(tmp_path, entry("导师", "メンター（導師）"), header=HEADER.replace("Language: en", "Language: ja"))
    assert rules(path) == []


def test_glossary_terms_are_allowed_names() -> None:
    text = "```{glossary}\n开源之夏 / Open Source Promotion Plan (OSPP)\n  定义。\n\nKubernetes\n  定义。\n```\n"
    assert glossary_terms(text) == {"开源之夏"}


def test_stale_catalogs(tmp_path: Path) -> None:
    pot_dir = tmp_path / "gettext"
    pot_dir.mkdir()
    (pot_dir / "page.pot").write_text(HEADER + entry("导师", "") + entry("新段落", ""), encoding="utf-8")
    (pot_dir / "new-page.pot").write_text(HEADER + entry("新页面", ""), encoding="utf-8")
    locale_dir = tmp_path / "locales"
    catalog(locale_dir, entry("导师", "Mentor") + entry("旧段落", "Old paragraph"))
    catalog(locale_dir, entry("x", "y"), name="removed-page.po")
    found = sorted((Path(f.path).name, f.message.split(";")[0]) for f in lint_staleness(locale_dir, pot_dir, ["en"]))
    assert found == [
        ("new-page.po", "the page has no catalog yet"),
        ("page.po", "the catalog is out of date (1 new and 1 removed messages in the sources)"),
        ("removed-page.po", "no page produces this catalog any more"),
    ]


def test_chinese_typography_in_the_sources(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "good.md").write_text("# 标题\n\n开源之夏 2025 年的项目，很好。\n", encoding="utf-8")
    (docs / "bad.md").write_text("# 标题\n\n第二段。\n\n开源之夏2025年的项目,很好。\n", encoding="utf-8")
    found = lint_typography(docs)
    assert [(Path(f.path).name, f.line, f.rule) for f in found] == [("bad.md", 5, "zh-typography")]
    assert "开源之夏 2025 年的项目，很好。" in found[0].message


def test_the_handbook_catalogs_and_sources_pass(capsys) -> None:
    status = lint_po_main(
        [
            str(REPO / "locales"),
            "--config",
            str(REPO / "pyproject.toml"),
            "--docs",
            str(REPO / "docs"),
            "--format",
            "json",
        ]
    )
    assert json.loads(capsys.readouterr().out or "[]") == []
    assert status == 0


def test_cli_exit_codes_and_formats(tmp_path: Path, capsys) -> None:
    path = catalog(tmp_path, entry("导师", "") + entry("运行 `make`。", "Run make."))
    args = [str(path), "--no-typography", "--config", str(tmp_path / "none.toml")]
    assert lint_po_main(args) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"{path}:7:1: warning untranslated entry is not translated",
        f"{path}:10:1: error markup inline code 'make' of the source is missing",
    ]
    assert lint_po_main([*args, "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert {"path", "line", "rule", "severity", "message"} <= set(data[0])
    fixed = catalog(tmp_path, entry("导师", ""), name="only-untranslated.po")
    none = ["--config", str(tmp_path / "none.toml")]
    assert lint_po_main([str(fixed), "--no-typography", *none]) == 0
    assert lint_po_main([str(fixed), "--no-typography", "--strict", *none]) == 1


def test_cli_usage_errors(tmp_path: Path, capsys) -> None:
    assert lint_po_main([str(tmp_path / "missing")]) == 2
    assert "no such file or folder" in capsys.readouterr().err
    bad = tmp_path / "pyproject.toml"
    bad.write_text('[tool.handbook.lint-po]\ncomplete-languages = "en"\n', encoding="utf-8")
    assert lint_po_main([str(tmp_path), "--config", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "complete-languages must be a list of strings" in err and "Traceback" not in err


# -- the translators' loop, end to end --------------------------------------------------


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    """The sources, catalogs and Makefile in a temporary folder, using this .venv."""
    copy = tmp_path / "repo"
    for name in ["Makefile", "conf.py", "pyproject.toml", "requirements.lock"]:
        shutil.copy2(REPO / name, copy / name if copy.exists() else (copy.mkdir() or copy / name))
    shutil.copytree(REPO / "docs", copy / "docs", copy_function=shutil.copy2)
    shutil.copytree(REPO / "locales", copy / "locales", copy_function=shutil.copy2)
    shutil.copytree(REPO / "scripts", copy / "scripts", copy_function=shutil.copy2)
    # Older than the environment's install stamp, so `make` never reinstalls into it.
    for name in ["pyproject.toml", "requirements.lock"]:
        os.utime(copy / name, (0, 0))
    return copy


def make(copy: Path, *targets: str) -> subprocess.CompletedProcess:
    venv = Path(sys.executable).parent.parent
    stamp = venv / ".installed"
    if not stamp.exists():
        pytest.fail("the virtual environment has no .installed stamp; run `make venv`")
    return subprocess.run(
        ["make", "-C", str(copy), *targets, f"VENV={venv}"], capture_output=True, text=True, check=False, timeout=300
    )


def test_editing_a_paragraph_keeps_its_translation_as_fuzzy(repo_copy: Path) -> None:
    page = repo_copy / "docs" / "how-to" / "choose-a-project.md"
    old = "挑选项目时，要同时考虑兴趣、现有能力和可投入的时间。本页给出一个可以按顺序执行的方法。"
    new = "挑选项目时，要同时考虑兴趣、现有能力和每周可投入的时间。本页给出一个可以按顺序执行的方法。"
    removed = "难度和奖金"
    text = page.read_text(encoding="utf-8")
    assert old in text and f"## {removed}" in text
    page.write_text(text.replace(old, new).replace(f"## {removed}\n", ""), encoding="utf-8")
    result = make(repo_copy, "update-po")
    assert result.returncode == 0, result.stderr
    assert "choose-a-project.po: updated" in result.stdout
    po_path = repo_copy / "locales" / "en" / "LC_MESSAGES" / "how-to" / "choose-a-project.po"
    catalog_after = polib.pofile(str(po_path))
    edited = catalog_after.find(new)
    assert edited is not None and edited.fuzzy
    assert edited.previous_msgid == old
    assert edited.msgstr.startswith("Choosing a project means weighing your interests")
    obsolete = [e for e in catalog_after.obsolete_entries() if e.msgid == removed]
    assert obsolete and obsolete[0].msgstr == "Difficulty and reward"
    # The linter now flags the fuzzy entry for the complete language.
    lint = subprocess.run(
        [sys.executable, "scripts/lint_po.py", "locales", "--pot-dir", "_build/gettext", "--no-typography"],
        cwd=repo_copy,
        capture_output=True,
        text=True,
        check=False,
    )
    assert lint.returncode == 1 and "error fuzzy" in lint.stdout
    # Running it again changes nothing: only real changes reach the catalogs.
    before = po_path.read_bytes()
    again = make(repo_copy, "update-po")
    assert again.returncode == 0 and "choose-a-project.po" not in again.stdout
    assert po_path.read_bytes() == before


def test_adding_a_language_is_one_command(repo_copy: Path) -> None:
    result = make(repo_copy, "add-language", "L=ja")
    assert result.returncode == 0, result.stderr
    catalogs = sorted(
        p.relative_to(repo_copy / "locales" / "ja" / "LC_MESSAGES")
        for p in (repo_copy / "locales" / "ja").rglob("*.po")
    )
    english = sorted(
        p.relative_to(repo_copy / "locales" / "en" / "LC_MESSAGES")
        for p in (repo_copy / "locales" / "en").rglob("*.po")
    )
    assert catalogs == english
    help_text = make(repo_copy, "help").stdout
    assert "languages: zh_CN en ja" in help_text
    assert make(repo_copy, "add-language", "L=ja").returncode != 0  # exists already
