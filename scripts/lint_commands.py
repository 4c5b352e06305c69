"""Lint every shell, console, YAML and JSON block in the docs, without running anything.

Usage: python scripts/lint_commands.py [PATH ...] [--format text|json|github] [--strict]
                                       [--config pyproject.toml]

PATH defaults to docs/. One finding a line: path:line:column: severity rule-id message,
where line is the line in the Markdown source. Rules and how to suppress them:
src/handbook/lint/commands.py and docs/how-to/lint-commands.md.
Exit status: 0 no errors; 1 at least one error (with --strict, a warning too);
2 bad usage, bad configuration or a file that cannot be read.
"""

import sys

from handbook.lint.cli import lint_commands_main

if __name__ == "__main__":
    sys.exit(lint_commands_main())
