"""Command-line front ends of the linters: ``main(argv) -> int``, tested in-process.

Both linters take the same shape of command line (paths, ``--format``, ``--strict``,
``--config``) and end the same way (print the findings, exit 0/1, or 2 on bad input).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from handbook.lint.report import FORMATS, Finding, exit_status, render


def _parser(prog: str, description: str, default_path: str, config_help: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog, description=description)
    parser.add_argument("paths", nargs="*", type=Path, default=[Path(default_path)])
    parser.add_argument("--format", choices=FORMATS, default="text")
    parser.add_argument("--strict", action="store_true", help="warnings fail too")
    parser.add_argument("--config", type=Path, default=Path("pyproject.toml"), help=config_help)
    return parser


def _report(name: str, lint: Callable[[], list[Finding]], usage_error: type[Exception], args) -> int:
    try:
        findings = lint()
    except usage_error as error:
        print(f"{name}: {error}", file=sys.stderr)
        return 2
    output = render(findings, args.format)
    if output:
        print(output)
    return exit_status(findings, strict=args.strict)


def lint_commands_main(argv: list[str] | None = None) -> int:
    from handbook.lint.commands import UsageError, lint_text, load_config, markdown_files

    parser = _parser(
        "lint_commands.py",
        "Lint the commands and data in the docs' code blocks.",
        "docs",
        "pyproject.toml with [tool.handbook.lint-commands]",
    )
    args = parser.parse_args(argv)

    def lint() -> list[Finding]:
        config = load_config(args.config)
        findings = []
        for path in markdown_files(args.paths):
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                raise UsageError(f"{path}: cannot read: {error}") from None
            findings.extend(lint_text(str(path), text, config))
        return findings

    return _report("lint_commands", lint, UsageError, args)


def lint_po_main(argv: list[str] | None = None) -> int:
    from handbook.lint.po import UsageError, load_config, run

    parser = _parser(
        "lint_po.py",
        "Lint the gettext catalogs and the Chinese source typography.",
        "locales",
        "pyproject.toml with [tool.handbook.lint-po]",
    )
    parser.add_argument("--pot-dir", type=Path, help="compare against these .pot files instead of a fresh gettext")
    parser.add_argument("--no-stale-check", action="store_true", help="skip comparing with the sources")
    parser.add_argument("--docs", type=Path, default=Path("docs"), help="Chinese sources to check (typography)")
    parser.add_argument("--no-typography", action="store_true", help="skip the Chinese typography check")
    args = parser.parse_args(argv)

    def lint() -> list[Finding]:
        return run(
            args.paths,
            load_config(args.config),
            pot_dir=args.pot_dir,
            check_stale=not args.no_stale_check,
            docs=None if args.no_typography else args.docs,
            repo=Path.cwd(),
        )

    return _report("lint_po", lint, UsageError, args)
