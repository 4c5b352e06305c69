"""Check the hosting and CI files that nothing here can run.

* ``.readthedocs.yaml`` against Read the Docs' schema, and the build it spells out:
  ``conf.py`` at the root (``-c .``), ``docs`` as the source, a language chosen from
  the project's ``READTHEDOCS_LANGUAGE``.
* every ``.github/workflows/*.yml`` against GitHub's workflow schema, plus the
  project's hardening rules: actions pinned to a full commit SHA, no default token
  permissions, ``persist-credentials: false`` on checkout.

Schemas are the ones bundled with check-jsonschema, so this works offline.
Output: ``path:line: message``. Exit status: 0 clean; 1 problems found; 2 a file is
missing or not YAML.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import yaml
from check_jsonschema.builtin_schemas import get_builtin_schema

SHA_PIN = re.compile(r"^[^@\s]+@[0-9a-f]{40}$")


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class InvalidFile(Exception):
    """A file that cannot be read as the YAML mapping it should be."""


class _LineLoader(yaml.SafeLoader):
    """A YAML loader that remembers where each mapping starts (``__line__``)."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _strip_lines(value):
    if isinstance(value, dict):
        return {k: _strip_lines(v) for k, v in value.items() if k != "__line__"}
    if isinstance(value, list):
        return [_strip_lines(v) for v in value]
    return value


def _load(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    try:
        data = yaml.load(text, Loader=_LineLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        raise InvalidFile(f"{path}:{line}: not valid YAML: {getattr(error, 'problem', error)}") from None
    if not isinstance(data, dict):
        raise InvalidFile(f"{path}:1: expected a YAML mapping at the top level")
    # YAML 1.1 reads a bare `on:` key as True; GitHub reads it as "on".
    if True in data:
        data["on"] = data.pop(True)
    return data


def _schema_problems(path: Path, data: dict, schema_name: str) -> list[Problem]:
    schema = get_builtin_schema(schema_name)
    validator = jsonschema.validators.validator_for(schema)(schema)
    problems = []
    for error in sorted(validator.iter_errors(_strip_lines(data)), key=lambda e: list(e.path)):
        where = "/".join(str(p) for p in error.absolute_path) or "(top level)"
        problems.append(Problem(path, _line_of(data, list(error.absolute_path)), f"{where}: {error.message}"))
    return problems


def _line_of(data, keys: list) -> int:
    line = data.get("__line__", 1) if isinstance(data, dict) else 1
    node = data
    for key in keys:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict):
            line = node.get("__line__", line)
    return line


def check_readthedocs(path: Path) -> list[Problem]:
    data = _load(path)
    problems = _schema_problems(path, data, "vendor.readthedocs")
    commands = data.get("build", {}).get("jobs", {}).get("build", {}).get("html", [])
    command = " ".join(commands)
    line = _line_of(data, ["build", "jobs", "build"])
    if not command:
        problems.append(
            Problem(
                path,
                line,
                "build.jobs.build.html is missing: the default command would use the repository root as the source",
            )
        )
        return problems
    for needle, why in [
        ("-c .", "conf.py is at the repository root (-c .)"),
        (" docs ", "the sources are in docs/"),
        ("READTHEDOCS_LANGUAGE", "each language project builds its own language"),
        ("$READTHEDOCS_OUTPUT/html", "Read the Docs serves $READTHEDOCS_OUTPUT/html"),
    ]:
        if needle not in command:
            problems.append(Problem(path, line, f"the html build command lacks {needle!r}: {why}"))
    return problems


def _steps(data: dict):
    for job in (data.get("jobs") or {}).values():
        if isinstance(job, dict):
            for step in job.get("steps") or []:
                if isinstance(step, dict):
                    yield step


def check_workflow(path: Path) -> list[Problem]:
    data = _load(path)
    problems = _schema_problems(path, data, "vendor.github-workflows")
    permissions = data.get("permissions")
    if not isinstance(permissions, dict) or _strip_lines(permissions):
        problems.append(Problem(path, 1, "set `permissions: {}` at the top and grant each job what it needs"))
    for step in _steps(data):
        uses = step.get("uses")
        line = step.get("__line__", 1)
        if uses and not uses.startswith("./") and not SHA_PIN.match(uses):
            problems.append(Problem(path, line, f"pin {uses!r} to a full commit SHA"))
        if uses and uses.split("@")[0] == "actions/checkout":
            if (step.get("with") or {}).get("persist-credentials") is not False:
                problems.append(Problem(path, line, "actions/checkout needs `persist-credentials: false`"))
    return problems


def check_all(root: Path) -> list[Problem]:
    problems = check_readthedocs(root / ".readthedocs.yaml")
    workflows = sorted((root / ".github" / "workflows").glob("*.y*ml"))
    if not workflows:
        problems.append(Problem(root / ".github" / "workflows", 0, "no workflow found"))
    for workflow in workflows:
        problems.extend(check_workflow(workflow))
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Validate .readthedocs.yaml and GitHub workflows.")
    parser.add_argument("--root", type=Path, default=Path("."))
    parser.add_argument("--format", choices=["text", "json"], default="text")
    args = parser.parse_args(argv)
    try:
        problems = check_all(args.root)
    except FileNotFoundError as error:
        print(f"{error.filename}: file not found", file=sys.stderr)
        return 2
    except InvalidFile as error:
        print(error, file=sys.stderr)
        return 2
    if args.format == "json":
        print(json.dumps([{"path": str(p.path), "line": p.line, "message": p.message} for p in problems]))
    else:
        for problem in problems:
            print(problem)
    return 1 if problems else 0
