"""The project knowledge base: front matter declared once, validated, and listed.

A project page starts with front matter that has a ``project:`` mapping::

    ---
    project:
      programme: ospp
      year: 2025
      ...
    ---

The schema below (:data:`FIELDS`) is the only place the fields are declared. Pages
are read on ``source-read``: the ``project:`` block is taken out of the front matter
(MyST would flatten it into page metadata), checked, and stored per document in the
``handbook`` domain, which clears and merges its data so incremental and parallel
(``-j``) builds stay right. A problem is reported with the file, the line, the field,
what was found and what is allowed, and the build stops once all pages are read.

``{project-catalog}`` (options ``:programme:``, ``:year:``, ``:skill:``) emits a
placeholder that is replaced by a table late, on ``doctree-resolved``, when every
project is known; its labels and values are in the page's language.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import yaml
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.domains import Domain
from sphinx.locale import _
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from handbook.sphinxext.errors import stop

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*\n", re.S)
URL = re.compile(r"^https://[^\s]+$")


# -- the schema ------------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    """One front-matter field: how to check it, and whether it must be there."""

    name: str
    kind: str  # "choice", "int", "str", "url", "list", "date"
    required: bool = True
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    help: str = ""

    def allowed(self) -> str:
        if self.kind == "choice":
            return "one of " + ", ".join(self.choices)
        if self.kind == "int":
            return f"a whole number from {self.minimum} to {self.maximum}"
        if self.kind == "url":
            return "an https:// URL"
        if self.kind == "list":
            return "a list of words, e.g. [Go, Kubernetes]"
        if self.kind == "date":
            return "a date written YYYY-MM-DD"
        return "a non-empty text"


FIELDS: tuple[Field, ...] = (
    Field("programme", "choice", choices=("ospp", "asoc", "datenlord"), help="the programme"),
    Field("year", "int", minimum=2019, maximum=2035, help="the edition"),
    Field("community", "str", help="community or organisation"),
    Field("difficulty", "choice", choices=("basic", "advanced", "unknown"), help="difficulty tier"),
    Field("skills", "list", help="skills and languages asked for"),
    Field("repository", "url", help="the code repository"),
    Field("reference", "url", help="upstream issue or programme project page"),
    Field("project_id", "str", required=False, help="the programme's project ID"),
    Field("outcome", "choice", choices=("merged", "side-branch", "not-merged", "unknown"), help="what became of it"),
    Field("outcome_link", "url", required=False, help="where the outcome can be seen"),
    Field("checked", "date", help="when the facts were last checked"),
)
FIELD_NAMES = {f.name for f in FIELDS}


def _label_tables() -> dict[str, dict[str, str]]:
    """Values as readers see them, in the page's language (via the sphinx catalog)."""
    return {
        "programme": {"ospp": _("OSPP"), "asoc": _("Alibaba Summer of Code"), "datenlord": _("DatenLord")},
        "difficulty": {"basic": _("Basic"), "advanced": _("Advanced"), "unknown": _("Not stated")},
        "outcome": {
            "merged": _("Merged"),
            "side-branch": _("Merged to a side branch"),
            "not-merged": _("Not merged"),
            "unknown": _("Unknown"),
        },
    }


@dataclass
class Problem:
    line: int
    message: str


@dataclass
class Checked:
    data: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def _key_lines(text: str, offset: int) -> dict[str, int]:
    """1-based source line of each key under ``project:``."""
    lines: dict[str, int] = {}
    try:
        root = yaml.compose(text)
    except yaml.YAMLError:
        return lines
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if key.value == "project":
                lines["project"] = key.start_mark.line + offset
                if isinstance(value, yaml.MappingNode):
                    for inner, _value in value.value:
                        lines[inner.value] = inner.start_mark.line + offset
    return lines


def check_front_matter(text: str) -> Checked | None:
    """Check the ``project:`` front matter of a page; None when the page has none."""
    match = FRONT_MATTER.match(text)
    if not match:
        return None
    body = match.group(1)
    try:
        data = yaml.safe_load(body) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        if "project:" not in body:
            return None
        return Checked(
            problems=[Problem(line, f"the front matter is not valid YAML: {getattr(error, 'problem', error)}")]
        )
    if not isinstance(data, dict) or "project" not in data:
        return None
    lines = _key_lines(body, 2)
    project = data["project"]
    checked = Checked()
    if not isinstance(project, dict):
        checked.problems.append(
            Problem(lines.get("project", 1), f"project: expected a mapping of fields, found {type(project).__name__}")
        )
        return checked
    for name in project:
        if name not in FIELD_NAMES:
            checked.problems.append(
                Problem(
                    lines.get(name, 1),
                    f"project.{name}: unknown field; the fields are {', '.join(f.name for f in FIELDS)}",
                )
            )
    for spec in FIELDS:
        where = lines.get(spec.name, lines.get("project", 1))
        if spec.name not in project or project[spec.name] in (None, ""):
            if spec.required:
                checked.problems.append(Problem(where, f"project.{spec.name}: missing; expected {spec.allowed()}"))
            continue
        value = project[spec.name]
        ok, normalised = _validate(spec, value)
        if not ok:
            checked.problems.append(Problem(where, f"project.{spec.name}: found {value!r}; expected {spec.allowed()}"))
        else:
            checked.data[spec.name] = normalised
    return checked


def _validate(spec: Field, value: Any) -> tuple[bool, Any]:
    if spec.kind == "choice":
        return (isinstance(value, str) and value in spec.choices), value
    if spec.kind == "int":
        ok = isinstance(value, int) and not isinstance(value, bool) and spec.minimum <= value <= spec.maximum
        return ok, value
    if spec.kind == "url":
        return (isinstance(value, str) and bool(URL.match(value))), value
    if spec.kind == "list":
        ok = isinstance(value, list) and value and all(isinstance(v, str) and v.strip() for v in value)
        return bool(ok), value
    if spec.kind == "date":
        if isinstance(value, datetime.date):
            return True, value.isoformat()
        try:
            return True, datetime.date.fromisoformat(str(value)).isoformat()
        except ValueError:
            return False, value
    return (isinstance(value, str) and bool(value.strip())), value


def strip_project_block(text: str) -> str:
    """The source with ``project:`` removed from its front matter, line count kept."""
    match = FRONT_MATTER.match(text)
    if not match:
        return text
    kept, inside = [], False
    for line in match.group(1).splitlines():
        if line.startswith("project:"):
            inside = True
            kept.append("")
            continue
        if inside and (line.startswith((" ", "\t")) or not line.strip()):
            kept.append("")
            continue
        inside = False
        kept.append(line)
    front = "\n".join(kept)
    if not front.strip():
        # Nothing left: keep the lines as blank lines so line numbers do not move.
        return "\n" * (front.count("\n") + 3) + text[match.end() :]
    return f"---\n{front}\n---\n" + text[match.end() :]


# -- the domain: per-document data, cleared and merged ------------------------------------------


class HandbookDomain(Domain):
    name = "handbook"
    label = "Open Source Summer Handbook"
    initial_data: dict[str, Any] = {"projects": {}, "problems": {}, "catalogs": {}}
    data_version = 1

    @property
    def projects(self) -> dict[str, dict[str, Any]]:
        return self.data.setdefault("projects", {})

    @property
    def problems(self) -> dict[str, list[tuple[int, str]]]:
        return self.data.setdefault("problems", {})

    @property
    def catalogs(self) -> dict[str, bool]:
        return self.data.setdefault("catalogs", {})

    def clear_doc(self, docname: str) -> None:
        self.projects.pop(docname, None)
        self.problems.pop(docname, None)
        self.catalogs.pop(docname, None)

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict[str, Any]) -> None:
        for key in ("projects", "problems", "catalogs"):
            for docname, value in otherdata.get(key, {}).items():
                if docname in docnames:
                    self.data.setdefault(key, {})[docname] = value

    def resolve_any_xref(self, *args: Any) -> list:
        return []


def _domain(env: BuildEnvironment) -> HandbookDomain:
    return env.get_domain("handbook")  # type: ignore[return-value]


def _source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    checked = check_front_matter(source[0])
    if checked is None:
        return
    source[0] = strip_project_block(source[0])
    domain = _domain(app.env)
    if checked.problems:
        domain.problems[docname] = [(p.line, p.message) for p in checked.problems]
        for problem in checked.problems:
            logger.error(problem.message, location=(docname, problem.line), type="handbook", subtype="project")
        return
    domain.projects[docname] = checked.data


def _stop_on_problems(app: Sphinx, env: BuildEnvironment) -> None:
    problems = _domain(env).problems
    if problems:
        count = sum(len(v) for v in problems.values())
        stop(
            f"{count} problem(s) in the front matter of {len(problems)} project page(s); see the errors above",
            subtype="project",
        )


def _outdated(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    """A catalog lists other pages: rebuild it when any project page changes."""
    domain = _domain(env)
    if added or removed or changed & (set(domain.projects) | set(domain.problems)):
        return [docname for docname in domain.catalogs if docname not in added | changed | removed]
    return []


# -- the catalog ---------------------------------------------------------------------------------


class project_catalog(nodes.General, nodes.Element):  # noqa: N801 - docutils node naming
    """Placeholder replaced by the catalog table on doctree-resolved."""


def _skills(argument: str | None) -> str:
    return directives.unchanged_required(argument).strip()


class ProjectCatalog(SphinxDirective):
    option_spec: dict[str, Callable[[str], Any]] = {  # noqa: RUF012 - docutils API
        "programme": lambda a: directives.choice(a, FIELDS[0].choices),
        "year": directives.positive_int,
        "skill": _skills,
    }

    def run(self) -> list[nodes.Node]:
        _domain(self.env).catalogs[self.env.docname] = True
        node = project_catalog()
        node["filters"] = dict(self.options)
        self.set_source_info(node)
        return [node]


def select(projects: dict[str, dict[str, Any]], filters: dict[str, Any]) -> list[str]:
    chosen = []
    for docname, data in projects.items():
        if "programme" in filters and data["programme"] != filters["programme"]:
            continue
        if "year" in filters and data["year"] != filters["year"]:
            continue
        if "skill" in filters and filters["skill"].lower() not in {s.lower() for s in data["skills"]}:
            continue
        chosen.append(docname)
    return sorted(chosen, key=lambda d: (-projects[d]["year"], projects[d]["programme"], d))


def _cell(content: nodes.Node | str) -> nodes.entry:
    entry = nodes.entry()
    entry += content if isinstance(content, nodes.Node) else nodes.paragraph(text=content)
    return entry


def _render(app: Sphinx, fromdocname: str, node: project_catalog) -> nodes.Node:
    env = app.env
    projects = _domain(env).projects
    labels = _label_tables()
    headers = [_("Project"), _("Programme"), _("Year"), _("Skills"), _("Difficulty"), _("Outcome")]
    table = nodes.table(classes=["handbook-project-catalog"])
    group = nodes.tgroup(cols=len(headers))
    table += group
    group.extend(nodes.colspec(colwidth=w) for w in (4, 2, 1, 3, 1, 2))
    head = nodes.thead()
    row = nodes.row()
    for header in headers:
        row += _cell(header)
    head += row
    body = nodes.tbody()
    chosen = select(projects, node["filters"])
    for docname in chosen:
        data = projects[docname]
        title = env.titles[docname].astext() if docname in env.titles else docname
        link = nodes.reference("", title, internal=True, refuri=app.builder.get_relative_uri(fromdocname, docname))
        row = nodes.row(classes=[f"programme-{data['programme']}"])
        row += _cell(nodes.paragraph("", "", link))
        row += _cell(labels["programme"][data["programme"]])
        row += _cell(str(data["year"]))
        row += _cell(", ".join(data["skills"]))
        row += _cell(labels["difficulty"][data["difficulty"]])
        row += _cell(labels["outcome"][data["outcome"]])
        body += row
    group += head
    group += body
    if not chosen:
        logger.warning(
            "project-catalog: no project matches %s", node["filters"], location=node, type="handbook", subtype="catalog"
        )
    container = nodes.container(classes=["handbook-catalog"])
    container["data-count"] = str(len(chosen))
    container += table
    return container


def _resolve(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for node in list(doctree.findall(project_catalog)):
        if app.builder.name == "gettext":
            # The table holds other pages' titles and catalog labels, which are
            # translated elsewhere; it has no messages of its own.
            node.replace_self([])
        else:
            node.replace_self(_render(app, docname, node))


def setup_projects(app: Sphinx) -> None:
    app.add_domain(HandbookDomain)
    app.add_node(project_catalog)
    app.add_directive("project-catalog", ProjectCatalog)
    app.connect("source-read", _source_read)
    app.connect("env-get-outdated", _outdated)
    app.connect("env-updated", _stop_on_problems)
    app.connect("doctree-resolved", _resolve)
