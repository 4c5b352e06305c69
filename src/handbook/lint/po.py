"""Lint the translation catalogs, and the Chinese source text they come from.

Rules (severity, id):

* ``error po-syntax``: the catalog does not parse.
* ``error po-header``: the header lacks ``Language``, ``Plural-Forms`` or
  ``Content-Type: text/plain; charset=UTF-8``.
* ``error po-stale``: the catalog's messages differ from a fresh ``make gettext``
  (a page's catalog missing or left over, a message added or removed): run
  ``make update-po``.
* ``untranslated`` / ``fuzzy``: an entry without a usable translation. Errors for a
  language marked complete in ``pyproject.toml``, warnings otherwise. Sphinx ignores
  fuzzy entries, so they are not counted as translated.
* ``error markup``: the translation lost or changed markup that the source has:
  link targets and URLs, inline code, MyST roles and their targets, footnote
  references, substitutions; or its emphasis markers are unbalanced.
* ``error cjk-in-translation``: in a language that is not Chinese, Japanese or
  Korean, Chinese characters or full-width punctuation left in a translation
  (names on the allowlist excepted).
* ``error zh-typography``: Chinese source text in ``docs/`` that the ``autocorrect``
  library would change (spacing between Chinese and Latin text, punctuation).
"""

from __future__ import annotations

import re
import tempfile
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import polib

from handbook.lint.report import Finding
from handbook.sphinxrun import sphinx_build

CJK_LANGUAGES = ("zh", "ja", "ko")
REQUIRED_HEADERS = ("Language", "Plural-Forms", "Content-Type")
CONFIG_TABLE = "tool.handbook.lint-po"

_LINK_TARGET = re.compile(r"\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
_AUTOLINK = re.compile(r"<((?:https?|mailto|ftp):[^>\s]+)>")
_FOOTNOTE = re.compile(r"\[\^([^\]\s]+)\]")
_SUBSTITUTION = re.compile(r"\{\{\s*([\w.-]+)\s*\}\}")
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]+")


class UsageError(Exception):
    """Bad input the user must fix: the message names the file and what was expected."""


@dataclass
class Config:
    complete_languages: set[str] = field(default_factory=set)
    cjk_allow: set[str] = field(default_factory=set)


def load_config(pyproject: Path | None) -> Config:
    config = Config()
    if pyproject is None or not pyproject.is_file():
        return config
    try:
        table = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("tool", {}).get("handbook", {})
    except tomllib.TOMLDecodeError as error:
        raise UsageError(f"{pyproject}: not valid TOML: {error}") from None
    table = table.get("lint-po", {})
    known = {"complete-languages", "cjk-allow", "glossary"}
    for key, value in table.items():
        if key not in known:
            raise UsageError(f"{pyproject}: [{CONFIG_TABLE}] has no setting {key!r}; expected one of {sorted(known)}")
        if key == "glossary":
            if not isinstance(value, str):
                raise UsageError(f"{pyproject}: [{CONFIG_TABLE}] glossary must be a path, found {value!r}")
            continue
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise UsageError(f"{pyproject}: [{CONFIG_TABLE}] {key} must be a list of strings, found {value!r}")
    config.complete_languages = set(table.get("complete-languages", []))
    config.cjk_allow = set(table.get("cjk-allow", []))
    if "glossary" in table:
        glossary = pyproject.parent / table["glossary"]
        if not glossary.is_file():
            raise UsageError(
                f"{pyproject}: [{CONFIG_TABLE}] glossary names {table['glossary']!r}, which does not exist"
            )
        config.cjk_allow |= glossary_terms(glossary.read_text(encoding="utf-8"))
    return config


def glossary_terms(text: str) -> set[str]:
    """The Chinese terms of a MyST glossary whose entries read ``中文 / English``.

    A translation may name the Chinese term beside the English one, as the glossary
    itself does, so these count as allowed names."""
    terms: set[str] = set()
    inside = False
    for line in text.splitlines():
        if line.startswith("```{glossary}"):
            inside = True
        elif inside and line.startswith("```"):
            inside = False
        elif inside and line and not line[0].isspace():
            for part in re.split(r"\s*/\s*|[()（）]", line):
                if _CJK.search(part):
                    terms.add(part.strip())
    return terms


# -- markup ------------------------------------------------------------------------


def _scan(text: str) -> tuple[list[tuple[str, str]], list[str], str]:
    """Roles ``{name}`content``` and inline code spans of *text*, left to right, and
    the text with both blanked out. A backtick run right after ``{name}`` opens a
    role; any other opens inline code (so ```{ref}``` is code that shows a role)."""
    roles: list[tuple[str, str]] = []
    codes: list[str] = []
    plain = list(text)
    index = 0
    while index < len(text):
        if text[index] != "`":
            index += 1
            continue
        ticks = re.match(r"`+", text[index:]).group(0)
        end = text.find(ticks, index + len(ticks))
        if end < 0:
            break
        content = text[index + len(ticks) : end]
        role = re.search(r"\{([\w:-]+)\}$", text[:index])
        start = role.start() if role else index
        if role:
            roles.append((role.group(1), content))
        else:
            codes.append(content)
        stop = end + len(ticks)
        plain[start:stop] = " " * (stop - start)
        index = stop
    return roles, codes, "".join(plain)


def markup(text: str) -> dict[str, Counter]:
    """The pieces of markup a translation must keep, counted."""
    roles, codes, plain = _scan(text)
    targets = Counter()
    for name, content in roles:
        target = re.search(r"<([^<>]+)>\s*$", content)
        targets[f"{{{name}}}`{(target.group(1) if target else content).strip()}`"] += 1
    return {
        "link target": Counter(_LINK_TARGET.findall(plain)),
        "URL": Counter(_AUTOLINK.findall(plain)),
        "inline code": Counter(codes),
        "role": targets,
        "footnote reference": Counter(_FOOTNOTE.findall(plain)),
        "substitution": Counter(_SUBSTITUTION.findall(plain)),
    }


def emphasis_balanced(text: str) -> bool:
    plain = _LINK_TARGET.sub("", _scan(text)[2])
    strong = plain.count("**")
    single = plain.replace("**", "").count("*")
    return strong % 2 == 0 and single % 2 == 0


def markup_problems(msgid: str, msgstr: str) -> list[str]:
    problems = []
    source, translation = markup(msgid), markup(msgstr)
    for kind, expected in source.items():
        found = translation[kind]
        missing = sorted((expected - found).elements())
        extra = sorted((found - expected).elements())
        if missing:
            problems.append(f"{kind} {', '.join(repr(m) for m in missing)} of the source is missing")
        if extra:
            problems.append(f"{kind} {', '.join(repr(m) for m in extra)} is not in the source")
    if emphasis_balanced(msgid) and not emphasis_balanced(msgstr):
        problems.append("emphasis markers (* or **) are unbalanced")
    return problems


# -- catalogs ------------------------------------------------------------------------


def _entry_line(path: Path, entry: polib.POEntry) -> int:
    return getattr(entry, "linenum", None) or 1


def _language_of(path: Path, catalog: polib.POFile) -> str:
    language = catalog.metadata.get("Language", "")
    if language:
        return language
    parts = path.parts
    if "LC_MESSAGES" in parts:
        return parts[parts.index("LC_MESSAGES") - 1]
    return ""


def _cjk_left(text: str, allow: set[str]) -> list[str]:
    for name in sorted(allow, key=len, reverse=True):
        text = text.replace(name, " ")
    text = _LINK_TARGET.sub(" ", _scan(text)[2])
    return _CJK.findall(text)


def lint_catalog(path: Path, config: Config, display: str | None = None) -> list[Finding]:
    shown = display or str(path)
    findings: list[Finding] = []
    try:
        catalog = polib.pofile(str(path), wrapwidth=0)
    except (OSError, ValueError, UnicodeDecodeError) as error:
        message = str(error)
        line = re.search(r"line (\d+)", message)
        return [
            Finding(
                shown,
                int(line.group(1)) if line else 1,
                1,
                "error",
                "po-syntax",
                f"the catalog does not parse: {message}",
            )
        ]
    header = catalog.metadata
    for name in REQUIRED_HEADERS:
        if not header.get(name, "").strip():
            findings.append(Finding(shown, 1, 1, "error", "po-header", f"the header has no {name}"))
    content_type = header.get("Content-Type", "")
    if content_type and "charset=utf-8" not in content_type.lower().replace(" ", ""):
        findings.append(
            Finding(
                shown,
                1,
                1,
                "error",
                "po-header",
                f"Content-Type is {content_type!r}; expected 'text/plain; charset=UTF-8'",
            )
        )
    language = _language_of(path, catalog)
    complete = language in config.complete_languages
    level = "error" if complete else "warning"
    cjk_target = language.split("_")[0].split("-")[0].lower() in CJK_LANGUAGES
    for entry in catalog:
        if entry.obsolete or not entry.msgid:
            continue
        line = _entry_line(path, entry)
        if entry.fuzzy:
            findings.append(
                Finding(
                    shown,
                    line,
                    1,
                    level,
                    "fuzzy",
                    "fuzzy entry: Sphinx ignores it until the translation is checked and the fuzzy flag removed",
                )
            )
            continue
        if not entry.msgstr:
            findings.append(Finding(shown, line, 1, level, "untranslated", "entry is not translated"))
            continue
        for problem in markup_problems(entry.msgid, entry.msgstr):
            findings.append(Finding(shown, line, 1, "error", "markup", problem))
        if not cjk_target:
            left = _cjk_left(entry.msgstr, config.cjk_allow)
            if left:
                findings.append(
                    Finding(
                        shown,
                        line,
                        1,
                        "error",
                        "cjk-in-translation",
                        f"Chinese text or full-width punctuation left in the translation: "
                        f"{' '.join(left[:3])!r} (allow names in [{CONFIG_TABLE}] cjk-allow)",
                    )
                )
    return findings


def fresh_templates(repo: Path, out: Path) -> None:
    """Run Sphinx's gettext builder on the docs, as `make gettext` does."""
    result = sphinx_build("gettext", repo / "docs", out, out / ".doctrees", conf=repo)
    if result.returncode != 0:
        raise UsageError(f"gettext build failed:\n{result.stderr.strip()}")


def lint_staleness(locale_dir: Path, pot_dir: Path, languages: list[str]) -> list[Finding]:
    findings: list[Finding] = []
    templates = {p.relative_to(pot_dir).with_suffix(".po"): p for p in pot_dir.rglob("*.pot")}
    for language in languages:
        catalogs = locale_dir / language / "LC_MESSAGES"
        present = {p.relative_to(catalogs) for p in catalogs.rglob("*.po")}
        for relative in sorted(set(templates) - present):
            findings.append(
                Finding(
                    str(catalogs / relative),
                    1,
                    1,
                    "error",
                    "po-stale",
                    "the page has no catalog yet; run `make update-po`",
                )
            )
        for relative in sorted(present - set(templates)):
            findings.append(
                Finding(
                    str(catalogs / relative),
                    1,
                    1,
                    "error",
                    "po-stale",
                    "no page produces this catalog any more; run `make update-po`",
                )
            )
        for relative in sorted(present & set(templates)):
            try:
                catalog = polib.pofile(str(catalogs / relative))
            except (OSError, ValueError):
                continue  # reported as po-syntax
            expected = {e.msgid for e in polib.pofile(str(templates[relative])) if e.msgid}
            found = {e.msgid for e in catalog if e.msgid and not e.obsolete}
            if expected != found:
                added, removed = len(expected - found), len(found - expected)
                findings.append(
                    Finding(
                        str(catalogs / relative),
                        1,
                        1,
                        "error",
                        "po-stale",
                        f"the catalog is out of date ({added} new and {removed} removed "
                        f"messages in the sources); run `make update-po`",
                    )
                )
    return findings


def lint_typography(docs: Path) -> list[Finding]:
    import autocorrect_py

    findings = []
    for path in sorted(docs.rglob("*.md")):
        if any(part.startswith(("_", ".")) for part in path.relative_to(docs).parts):
            continue
        result = autocorrect_py.lint_for(path.read_text(encoding="utf-8"), str(path))
        for line in result.lines:
            findings.append(
                Finding(
                    str(path),
                    line.line,
                    line.col,
                    "error",
                    "zh-typography",
                    f"Chinese copywriting: write {line.new.strip()!r}",
                )
            )
    return findings


def run(
    paths: list[Path], config: Config, *, pot_dir: Path | None, check_stale: bool, docs: Path | None, repo: Path
) -> list[Finding]:
    findings: list[Finding] = []
    catalogs: list[Path] = []
    for path in paths:
        if path.is_dir():
            catalogs.extend(sorted(path.rglob("*.po")))
        elif path.is_file():
            catalogs.append(path)
        else:
            raise UsageError(f"{path}: no such file or folder")
    for catalog in catalogs:
        findings.extend(lint_catalog(catalog, config))
    locale_dirs = [p for p in paths if p.is_dir() and p.name == "locales"]
    if check_stale and locale_dirs:
        languages = sorted(p.name for p in locale_dirs[0].iterdir() if (p / "LC_MESSAGES").is_dir())
        if pot_dir is None:
            with tempfile.TemporaryDirectory() as tmp:
                fresh_templates(repo, Path(tmp))
                findings.extend(lint_staleness(locale_dirs[0], Path(tmp), languages))
        else:
            findings.extend(lint_staleness(locale_dirs[0], pot_dir, languages))
    if docs is not None:
        findings.extend(lint_typography(docs))
    return findings
