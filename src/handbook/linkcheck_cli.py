"""Command line of the link checker (scripts/lint_links.py)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from handbook.languages import discover
from handbook.linkcheck import FAILING, WARNING, UsageError, check, load_settings, write_outputs
from handbook.sphinxrun import sphinx_build


def collect(language: str, builddir: Path, repo: Path) -> dict:
    """Run the handbook-links builder for one language, reusing its doctrees."""
    out = builddir / "linkcheck" / language
    result = sphinx_build(
        "handbook-links", repo / "docs", out, builddir / "doctrees" / language, conf=repo, language=language
    )
    if result.returncode != 0:
        raise RuntimeError(f"collecting the {language} links failed:\n{result.stderr.strip()}")
    return json.loads((out / "links.json").read_text(encoding="utf-8"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="lint_links.py", description="Check the links of every language.")
    parser.add_argument("--offline", action="store_true", help="internal links and anchors only; no network")
    parser.add_argument("--format", choices=["text", "json", "github"], default="text")
    parser.add_argument("--no-cache", action="store_true", help="check every URL again")
    parser.add_argument("--allow-private", action="store_true", help="fetch URLs on loopback or private addresses")
    parser.add_argument("--builddir", type=Path, default=Path("_build"))
    parser.add_argument("--config", type=Path, default=Path("pyproject.toml"))
    args = parser.parse_args(argv)
    repo = Path.cwd()
    try:
        settings = load_settings(args.config)
        settings.allow_private = args.allow_private
        languages = discover(repo / "locales")
        collections = [collect(language, args.builddir, repo) for language in languages]
        folder = args.builddir / "linkcheck"
        report, requests = check(
            collections,
            repo / "docs",
            settings,
            offline=args.offline,
            cache_path=None if args.no_cache else folder / "cache.json",
        )
        write_outputs(report, folder)
    except UsageError as error:
        print(f"lint_links: {error}", file=sys.stderr)
        return 2
    except (RuntimeError, OSError, ValueError) as error:
        print(f"lint_links: internal error: {error}", file=sys.stderr)
        return 2
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as out:
            out.write((folder / "summary.md").read_text(encoding="utf-8"))
    shown = [r for r in report.rows if r["status"] in FAILING | WARNING | {"redirected"}]
    if args.format == "json":
        print(json.dumps(shown, ensure_ascii=False, indent=1))
    else:
        for row in shown:
            level = "error" if row["status"] in FAILING else "warning"
            if args.format == "github":
                print(
                    f"::{level} file={row['filename']},line={row['lineno']},title=link {row['status']}::"
                    f"[{row['language']}] {row['uri']} {row['info']}"
                )
            else:
                print(
                    f"{row['filename']}:{row['lineno']}: {level} [{row['language']}] {row['status']} "
                    f"{row['uri']} {row['info']}".rstrip()
                )
    checked = len(report.rows)
    print(
        f"{checked} links checked in {len(collections)} languages, {requests} requests, {len(report.broken)} broken",
        file=sys.stderr,
    )
    return 1 if report.broken else 0
