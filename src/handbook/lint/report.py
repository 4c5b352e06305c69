"""Findings and how they are printed, shared by the handbook's linters.

Text: ``path:line:column: severity rule-id message``, one finding a line.
JSON: an array of objects with ``path``, ``line``, ``column``, ``rule``, ``severity``,
``message``. GitHub: workflow commands that annotate the pull request.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]
FORMATS = ("text", "json", "github")


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    column: int
    severity: Severity
    rule: str
    message: str

    def text(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.severity} {self.rule} {self.message}"

    def github(self) -> str:
        def escape(value: str, *, prop: bool = False) -> str:
            value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            return value.replace(":", "%3A").replace(",", "%2C") if prop else value

        where = f"file={escape(self.path, prop=True)},line={self.line},col={self.column}"
        props = f"{where},title={escape(self.rule, prop=True)}"
        return f"::{self.severity} {props}::{escape(self.message)}"


def render(findings: list[Finding], fmt: str) -> str:
    findings = sorted(findings)
    if fmt == "json":
        return json.dumps([asdict(f) for f in findings], ensure_ascii=False, indent=2)
    if fmt == "github":
        return "\n".join(f.github() for f in findings)
    return "\n".join(f.text() for f in findings)


def exit_status(findings: list[Finding], *, strict: bool = False) -> int:
    failing = {"error", "warning"} if strict else {"error"}
    return 1 if any(f.severity in failing for f in findings) else 0
