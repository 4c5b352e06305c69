"""Turn a tutorial's marked shell blocks into one runnable bash script.

A block is a step when the MyST comment ``% step: NAME`` stands on the line before
it. Steps inside sphinx-design tab items that carry ``:sync: <os>`` belong to that
operating system only; ``--os`` chooses which one. The script starts with
``set -euo pipefail`` and lists the steps in page order, each under a comment that
names the step and its source line.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from handbook.lint.blocks import find_blocks

SHELL = {"bash", "sh", "shell"}
STEP = re.compile(r"^step:\s*([\w.-]+)\s*$")
OS_CHOICES = ("fedora", "debian")


class WalkthroughError(Exception):
    """The page cannot be turned into a script; the message says where and why."""


@dataclass(frozen=True)
class Step:
    name: str
    line: int
    os: str | None
    code: str


def steps(path: Path, text: str) -> list[Step]:
    found = []
    for block in find_blocks(text):
        names = [m.group(1) for m in (STEP.match(c) for c in block.comments) if m]
        if not names:
            continue
        if block.language not in SHELL:
            raise WalkthroughError(
                f"{path}:{block.start_line}: step {names[0]!r} is a {block.language or 'plain'} block; "
                f"steps must be bash blocks"
            )
        os_name = block.context.get("sync")
        found.append(Step(names[0], block.start_line, os_name, "\n".join(block.lines)))
    return found


def script(path: Path, text: str, os_name: str) -> str:
    chosen = [s for s in steps(path, text) if s.os in (None, os_name)]
    if not chosen:
        raise WalkthroughError(f"{path}: no steps found (mark a bash block with '% step: NAME' on the line before it)")
    tabbed = {s.name for s in steps(path, text) if s.os is not None}
    missing = sorted(name for name in tabbed if not any(s.name == name and s.os == os_name for s in chosen))
    if missing:
        raise WalkthroughError(f"{path}: no {os_name} tab for step(s) {', '.join(missing)}")
    parts = [
        "#!/usr/bin/env bash",
        f"# Generated from {path} by scripts/extract_walkthrough.py --os {os_name}; do not edit.",
        "set -euo pipefail",
    ]
    for step in chosen:
        parts.append(f"\n# --- step {step.name} ({path}:{step.line})")
        parts.append(step.code)
    return "\n".join(parts) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="extract_walkthrough.py", description="Print a tutorial's steps as one bash script."
    )
    parser.add_argument("page", type=Path)
    parser.add_argument("--os", choices=OS_CHOICES, default="fedora", dest="os_name")
    args = parser.parse_args(argv)
    try:
        text = args.page.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        print(f"extract_walkthrough: {args.page}: cannot read: {error}", file=sys.stderr)
        return 2
    try:
        print(script(args.page, text, args.os_name), end="")
    except WalkthroughError as error:
        print(f"extract_walkthrough: {error}", file=sys.stderr)
        return 2
    return 0
