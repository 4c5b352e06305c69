"""Command-line front ends of the linters: ``main(argv) -> int``, tested in-process."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from handbook.lint.report import FORMATS, exit_status, render


def lint_commands_main(argv: list[str] | None = None) -> int:
    from handbook.lint.commands import UsageError, lint_text, load_config, markdown_files

    parser = argparse.ArgumentParser(
        prog="lint_commands.py", description="Lint the commands and data in the docs' code blocks."
    )
    parser.add_argument("paths", nargs="*", type=Path, default=[Path("docs")])
    parser.add_argument("--format", choices=FORMATS, default="text")
    parser.add_argument("--strict", action="store_true", help="warnings fail too")
    parser.add_argument(
        "--config", type=Path, default=Path("pyproject.toml"), help="pyproject.toml with [tool.handbook.lint-commands]"
    )
    args = parser.parse_args(argv)
    try:
        config = load_config(args.config)
        findings = []
        for path in markdown_files(args.paths):
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                raise UsageError(f"{path}: cannot read: {error}") from None
            findings.extend(lint_text(str(path), text, config))
    except UsageError as error:
        print(f"lint_commands: {error}", file=sys.stderr)
        return 2
    output = render(findings, args.format)
    if output:
        print(output)
    return exit_status(findings, strict=args.strict)


def lint_po_main(argv: list[str] | None = None) -> int:
    from handbook.lint.po import UsageError, load_config, run

    parser = argparse.ArgumentParser(
        prog="lint_po.py", description="Lint the gettext catalogs and the Chinese source typography."
    )
    parser.add_argument("paths", nargs="*", type=Path, default=[Path("locales")])
    parser.add_argument("--format", choices=FORMATS, default="text")
    parser.add_argument("--strict", action="store_true", help="warnings fail too")
    parser.add_argument("--config", type=Path, default=Path("pyproject.toml"))
    parser.add_argument("--pot-dir", type=Path, help="compare against these .pot files instead of a fresh gettext")
    parser.add_argument("--no-stale-check", action="store_true", help="skip comparing with the sources")
    parser.add_argument("--docs", type=Path, default=Path("docs"), help="Chinese sources to check (typography)")
    parser.add_argument("--no-typography", action="store_true", help="skip the Chinese typography check")
    args = parser.parse_args(argv)
    try:
        config = load_config(args.config)
        findings = run(
            args.paths,
            config,
            pot_dir=args.pot_dir,
            check_stale=not args.no_stale_check,
            docs=None if args.no_typography else args.docs,
            repo=Path.cwd(),
        )
    except UsageError as error:
        print(f"lint_po: {error}", file=sys.stderr)
        return 2
    output = render(findings, args.format)
    if output:
        print(output)
    return exit_status(findings, strict=args.strict)
