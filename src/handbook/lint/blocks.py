"""Code blocks of a MyST page, found with MyST's own markdown-it parser.

Fenced blocks, ``{code-block}``/``{code}``/``{sourcecode}`` directives, and blocks
nested in directives (sphinx-design tabs, cards, dropdowns, admonitions; colon fences
included) are found. Each line of a block keeps the line and column where it stands
in the source file, so findings point at the Markdown source, not into the block.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

CODE_DIRECTIVES = {"code-block", "code", "sourcecode"}
_DIRECTIVE = re.compile(r"^\{([\w:-]+)\}\s*(.*)$")
_OPTION = re.compile(r"^:[\w-]+:")
_SUPPRESS = re.compile(r"lint:\s*disable=([\w,\s-]+)")


@dataclass
class Block:
    """One code block: its language, its lines and where each line stands."""

    language: str
    lines: list[str]
    #: For each line, the 1-based line in the source file and the 0-based column
    #: at which the block's text starts on that line.
    positions: list[tuple[int, int]]
    #: Rules switched off for the whole block by a ``% lint: disable=...`` comment.
    disabled: set[str] = field(default_factory=set)
    #: The MyST comments (``% ...``) on the lines just before the block, stripped.
    comments: list[str] = field(default_factory=list)
    #: Options of the directives the block is nested in, innermost last winning,
    #: e.g. ``{"sync": "fedora"}`` inside a sphinx-design tab item.
    context: dict[str, str] = field(default_factory=dict)

    @property
    def start_line(self) -> int:
        return self.positions[0][0] if self.positions else 0


@cache
def _parser():
    config = MdParserConfig(enable_extensions={"colon_fence", "deflist", "fieldlist", "substitution"})
    return create_md_parser(config, RendererHTML)


def _split_directive_body(content: str) -> tuple[list[str], int, dict[str, str]]:
    """The body lines of a directive, the index of the first body line, and its options."""
    lines = content.splitlines()
    index = 0
    options: dict[str, str] = {}
    if lines and lines[0].strip() == "---":  # YAML options block
        end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
        index = end + 1 if end is not None else 0
    else:
        while index < len(lines) and _OPTION.match(lines[index]):
            name, _, value = lines[index][1:].partition(":")
            options[name.strip()] = value.strip()
            index += 1
    if index < len(lines) and not lines[index].strip() and index > 0:
        index += 1
    return lines[index:], index, options


def _positions(source_lines: list[str], first_line: int, lines: list[str]) -> list[tuple[int, int]]:
    """Where each of *lines* stands, starting at 0-based source line *first_line*."""
    positions = []
    for offset, text in enumerate(lines):
        number = first_line + offset
        source = source_lines[number] if number < len(source_lines) else ""
        column = source.find(text) if text else 0
        positions.append((number + 1, max(column, 0)))
    return positions


def _walk(text: str, source_lines: list[str], line_offset: int, blocks: list[Block], context: dict[str, str]) -> None:
    tokens: list[Token] = _parser().parse(text)
    comments: list[str] = []
    for token in tokens:
        if token.type == "myst_line_comment":
            comments.extend(line.strip() for line in token.content.splitlines())
            continue
        if token.type not in {"fence", "colon_fence"} or token.map is None:
            if token.block and token.nesting >= 0:
                comments = []
            continue
        disabled: set[str] = set()
        for comment in comments:
            match = _SUPPRESS.search(comment)
            if match:
                disabled |= {r.strip() for r in match.group(1).split(",") if r.strip()}
        first = line_offset + token.map[0] + 1  # 0-based source line of the first content line
        info = token.info.strip()
        directive = _DIRECTIVE.match(info)
        if directive is None:
            language = info.split()[0].lower() if info else ""
            lines = token.content.splitlines()
            positions = _positions(source_lines, first, lines)
            blocks.append(Block(language, lines, positions, disabled, comments, dict(context)))
        elif directive.group(1) in CODE_DIRECTIVES:
            body, skipped, _ = _split_directive_body(token.content)
            language = (directive.group(2).split() or [""])[0].lower()
            positions = _positions(source_lines, first + skipped, body)
            blocks.append(Block(language, body, positions, disabled, comments, dict(context)))
        else:
            body, skipped, options = _split_directive_body(token.content)
            _walk("\n".join(body) + "\n", source_lines, first + skipped, blocks, {**context, **options})
        comments = []


def find_blocks(text: str) -> list[Block]:
    """Every code block in the MyST document *text*, in page order."""
    blocks: list[Block] = []
    _walk(text, text.splitlines(), 0, blocks, {})
    return blocks
