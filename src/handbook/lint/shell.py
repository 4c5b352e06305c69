"""A small, forgiving reader of shell scripts: which commands run, with which words.

It is not a full shell parser. It knows quoting, comments, line continuations,
command substitution (``$(...)`` and backticks, read recursively), here-documents
(whose bodies are data, not commands), redirections, pipelines and lists, and the
reserved words that start compound commands. That is enough to find the name of
every command a reader would run and the words passed to it. It never executes
anything and never raises on odd input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

RESERVED = {
    "if",
    "then",
    "elif",
    "else",
    "fi",
    "for",
    "in",
    "do",
    "done",
    "while",
    "until",
    "case",
    "esac",
    "function",
    "select",
    "time",
    "!",
    "{",
    "}",
    "[[",
    "]]",
    "coproc",
}
_ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=")
_REDIRECT = re.compile(r"^(\d*|&)(>>|>\||>&|<&|<<<|<<-|<<|<>|>|<)")
_HEREDOC_WORD = re.compile(r"^['\"]?([^'\"\s;|&<>()]+)['\"]?")


@dataclass
class Word:
    text: str  # the word as written, quotes included
    line: int  # 1-based line in the script
    column: int  # 0-based column in that line

    @property
    def value(self) -> str:
        """The word with simple quoting removed (good enough for names and options)."""
        return re.sub(r"""\\(.)|['"]""", lambda m: m.group(1) or "", self.text)


@dataclass
class Redirect:
    operator: str
    target: Word | None
    line: int
    column: int


@dataclass
class Command:
    words: list[Word] = field(default_factory=list)
    redirects: list[Redirect] = field(default_factory=list)
    #: the operator that follows this command: "|", "&&", "||", ";", "&" or "\n"
    then: str = "\n"


@dataclass
class Parsed:
    commands: list[Command]
    #: comments by line: text after "#"
    comments: dict[int, str]
    functions: set[str]


class _Reader:
    def __init__(self, lines: list[str]):
        self.lines = lines
        self.line = 0
        self.col = 0
        self.commands: list[Command] = []
        self.comments: dict[int, str] = {}
        self.functions: set[str] = set()
        self.current = Command()
        self.heredocs: list[tuple[str, bool]] = []
        self.case_depth = 0
        self.expect_case_pattern = False

    # -- characters --------------------------------------------------------
    def peek(self, ahead: int = 0) -> str:
        if self.line >= len(self.lines):
            return ""
        text = self.lines[self.line]
        index = self.col + ahead
        if index < len(text):
            return text[index]
        return "\n" if index == len(text) and self.line + 1 < len(self.lines) else ("" if index > len(text) else "\n")

    def advance(self, count: int = 1) -> None:
        for _ in range(count):
            if self.line >= len(self.lines):
                return
            if self.col >= len(self.lines[self.line]):
                self._next_line()
            else:
                self.col += 1

    def _next_line(self) -> None:
        self.line += 1
        self.col = 0
        if self.heredocs:
            self._skip_heredoc_bodies()

    def _skip_heredoc_bodies(self) -> None:
        pending, self.heredocs = self.heredocs, []
        for delimiter, strip_tabs in pending:
            while self.line < len(self.lines):
                text = self.lines[self.line]
                self.line += 1
                if (text.lstrip("\t") if strip_tabs else text) == delimiter:
                    break
        self.col = 0

    # -- structure ---------------------------------------------------------
    def finish(self, then: str) -> None:
        command = self.current
        command.then = then
        if command.words or command.redirects:
            self.commands.append(command)
        self.current = Command()

    def read(self) -> Parsed:
        guard = 0
        while self.line < len(self.lines):
            guard += 1
            if guard > 200_000:  # never loop forever on strange input
                break
            char = self.peek()
            if char == "":
                break
            if char == "\n":
                self.finish("\n")
                self.advance()
                continue
            if char in " \t":
                self.advance()
                continue
            if char == "\\" and self.peek(1) == "\n":
                self.advance(2)
                continue
            if char == "#":
                self.comments[self.line + 1] = self.lines[self.line][self.col + 1 :]
                self.col = len(self.lines[self.line])
                continue
            two = char + self.peek(1)
            if two in ("&&", "||", ";;", "|&"):
                self.finish({"|&": "|", ";;": ";"}.get(two, two))
                if two == ";;":
                    self.expect_case_pattern = True
                self.advance(2)
                continue
            if char == "|" and self.expect_case_pattern:
                self.current = Command()  # alternatives of a case pattern: a|b)
                self.advance()
                continue
            if char in "|;&":
                self.finish(char)
                self.advance()
                continue
            if char in "()":
                if char == ")" and self.expect_case_pattern:
                    self.current = Command()  # what came before ")" was a case pattern
                    self.expect_case_pattern = False
                elif char == "(" and self.current.words and self.peek(1) == ")":
                    self.functions.add(self.current.words[-1].value)
                    self.current = Command()
                    self.advance()
                else:
                    self.finish(";")
                self.advance()
                continue
            redirect = _REDIRECT.match(self.lines[self.line][self.col :])
            if redirect:
                self._read_redirect(redirect)
                continue
            self._read_word()
        self.finish("\n")
        return Parsed(self.commands, self.comments, self.functions)

    def _read_redirect(self, match: re.Match[str]) -> None:
        line, col = self.line + 1, self.col
        operator = match.group(2)
        self.advance(len(match.group(0)))
        while self.peek() in (" ", "\t"):
            self.advance()
        if operator in (">&", "<&") and self.peek().isdigit() or self.peek() == "-":
            target = self._read_word(store=False)
        elif self.peek() in ("", "\n", "|", ";", "&", ")"):
            target = None
        else:
            target = self._read_word(store=False)
        if operator in ("<<", "<<-") and target is not None:
            word = _HEREDOC_WORD.match(target.text)
            if word:
                self.heredocs.append((word.group(1), operator == "<<-"))
        self.current.redirects.append(Redirect(operator, target, line, col))

    def _read_word(self, store: bool = True) -> Word | None:
        line, col = self.line + 1, self.col
        text = self.lines[self.line]
        start = self.col
        index = self.col
        depth = 0
        while index < len(text):
            char = text[index]
            if depth == 0 and (
                char in " \t|;&<>" or (char in "()" and not (index > start and text[index - 1] in "$=<>"))
            ):
                if char == "(" and index > start and text[index - 1] == "=":
                    depth += 1
                    index += 1
                    continue
                break
            if char == "\\":
                index += 2
                continue
            if char == "'":
                end = text.find("'", index + 1)
                index = len(text) if end < 0 else end + 1
                continue
            if char == '"':
                index = self._skip_double_quoted(text, index)
                continue
            if char == "`":
                end = text.find("`", index + 1)
                end = len(text) if end < 0 else end
                self._substitution(text[index + 1 : end], line, index + 1)
                index = end + 1
                continue
            if char == "$" and index + 1 < len(text) and text[index + 1] == "(":
                if index + 2 < len(text) and text[index + 2] == "(":
                    index = self._matching(text, index + 1) + 1  # arithmetic: no commands
                    continue
                end = self._matching(text, index + 1)
                self._substitution(text[index + 2 : end], line, index + 2)
                index = end + 1
                continue
            if char == "$" and index + 1 < len(text) and text[index + 1] == "{":
                index = self._matching(text, index + 1, "{", "}") + 1
                continue
            if char in "()":
                depth += 1 if char == "(" else -1
            index += 1
        if index == start:  # a lone character the loop above would not take
            index += 1
        word = Word(text[start:index], line, col)
        self.col = index
        if store:
            if not self.current.words and self.case_depth and word.value == "esac":
                self.case_depth -= 1
                self.expect_case_pattern = False
            if not self.current.words and word.value == "case":
                self.case_depth += 1
            if self.current.words and self.current.words[0].value == "case" and word.value == "in":
                self.current.words.append(word)
                self.finish("\n")
                self.expect_case_pattern = True
                return word
            self.current.words.append(word)
        return word

    def _skip_double_quoted(self, text: str, index: int) -> int:
        index += 1
        while index < len(text):
            char = text[index]
            if char == "\\":
                index += 2
                continue
            if char == '"':
                return index + 1
            if (
                char == "$"
                and index + 1 < len(text)
                and text[index + 1] == "("
                and not text[index + 2 : index + 3] == "("
            ):
                end = self._matching(text, index + 1)
                self._substitution(text[index + 2 : end], self.line + 1, index + 2)
                index = end + 1
                continue
            index += 1
        return index

    @staticmethod
    def _matching(text: str, index: int, open_: str = "(", close: str = ")") -> int:
        depth = 0
        quote = ""
        while index < len(text):
            char = text[index]
            if quote:
                if char == quote:
                    quote = ""
            elif char in "'\"":
                quote = char
            elif char == open_:
                depth += 1
            elif char == close:
                depth -= 1
                if depth == 0:
                    return index
            index += 1
        return len(text)

    def _substitution(self, inner: str, line: int, column: int) -> None:
        if not inner.strip():
            return
        nested = _Reader([" " * column + inner])
        parsed = nested.read()
        for command in parsed.commands:
            for word in command.words:
                word.line = line
            for redirect in command.redirects:
                redirect.line = line
            self.commands.append(command)
        self.functions |= parsed.functions


def parse(script: str) -> Parsed:
    """The simple commands of *script*, in order, with their words and redirections."""
    try:
        return _Reader(script.split("\n")).read()
    except (IndexError, RecursionError):  # pragma: no cover - defensive: odd input
        return Parsed([], {}, set())


# -- which program a command runs ---------------------------------------------

#: Commands that run another command given as their arguments, and how many
#: arguments of their own take a value.
WRAPPERS = {
    "sudo": {"-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-U", "-T"},
    "env": {"-u", "-C", "-S"},
    "exec": {"-a"},
    "nohup": set(),
    "time": set(),
    "command": set(),
    "builtin": set(),
    "nice": {"-n"},
    "timeout": {"-s", "-k", "--signal", "--kill-after"},
    "xargs": {"-I", "-n", "-P", "-L", "-d", "-E", "-s", "-a"},
    "watch": {"-n", "-d"},
}


def program(command: Command) -> tuple[Word | None, list[Word]]:
    """The word naming the program *command* runs (past assignments, reserved words
    and wrappers such as ``sudo``), and the words after it. ``(None, [])`` when the
    command runs no program (only assignments, or a function definition)."""
    words = list(command.words)
    index = 0
    while index < len(words):
        value = words[index].value
        if value in RESERVED:
            if value in ("for", "select", "case"):
                return None, []
            index += 1
            continue
        if _ASSIGNMENT.match(words[index].text):
            index += 1
            continue
        break
    while index < len(words) and words[index].value in WRAPPERS:
        takes_value = WRAPPERS[words[index].value]
        wrapper = words[index].value
        if wrapper == "command" and index + 1 < len(words) and words[index + 1].value in ("-v", "-V"):
            break  # `command -v NAME` looks NAME up; it does not run it
        index += 1
        if wrapper == "timeout":
            while index < len(words) and words[index].value.startswith("-"):
                index += 2 if words[index].value in takes_value else 1
            index += 1  # the duration
            continue
        while index < len(words):
            value = words[index].value
            if wrapper == "env" and _ASSIGNMENT.match(words[index].text):
                index += 1
            elif value.startswith("-") and value != "--":
                index += 2 if value in takes_value else 1
            elif value == "--":
                index += 1
                break
            else:
                break
    if index >= len(words):
        return None, []
    return words[index], words[index + 1 :]
