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
