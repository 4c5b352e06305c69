"""``handbook-links``: a builder that writes every link of every page to JSON.

The doctrees it walks are the translated ones, so a link that a translation changed
is seen in that language. For each page it records the targets of references
(external URLs and internal page#anchor targets), images and downloads, with the
source line; and the ids every page defines, so anchors can be checked.
``scripts/lint_links.py`` runs it for each language and checks the result.
"""

from __future__ import annotations

import json
import posixpath
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from docutils import nodes
from sphinx import addnodes
from sphinx.builders import Builder

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def _line(node: nodes.Node) -> int:
    current: nodes.Node | None = node
    while current is not None:
        if getattr(current, "line", None):
            return current.line
        current = current.parent
    return 0


def _source(env: Any, docname: str) -> str:
    return str(Path(env.doc2path(docname)).relative_to(Path(env.app.confdir)))


class LinkCollector(Builder):
    name = "handbook-links"
    format = "links"
    epilog = "Links written to %(outdir)s/links.json"
    allow_parallel = False

    def init(self) -> None:
        self.links: list[dict[str, Any]] = []
        self.ids: dict[str, list[str]] = {}
        self._lines: dict[str, list[str]] = {}

    def get_outdated_docs(self):
        return self.env.found_docs

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        return docname + ".html"

    def prepare_writing(self, docnames: set[str]) -> None:
        pass

    def write_doc(self, docname: str, doctree: nodes.document) -> None:
        source = _source(self.env, docname)
        ids = set()
        for node in doctree.findall(nodes.Element):
            ids.update(node.get("ids", []))
        self.ids[docname + ".html"] = sorted(ids)
        for node in doctree.findall(nodes.reference):
            uri = node.get("refuri")
            if not uri:
                refid = node.get("refid")
                if refid:
                    self._add(docname, source, node, f"#{refid}", "internal")
                continue
            scheme = urlsplit(uri).scheme
            kind = "external" if scheme in {"http", "https"} else "other" if scheme else "internal"
            self._add(docname, source, node, uri, kind)
        for node in doctree.findall(nodes.image):
            uri = node.get("uri", "")
            if "://" in uri:
                self._add(docname, source, node, uri, "external")
            else:
                self._add(docname, source, node, uri, "image")
        for node in doctree.findall(addnodes.download_reference):
            self._add(docname, source, node, node.get("reftarget", ""), "download")

    def _source_line(self, docname: str, node: nodes.Node, needle: str) -> int:
        """The node's line; for inline nodes, which docutils leaves without one (and
        translated paragraphs, which lose theirs), the first source line that holds
        the link's target."""
        line = _line(node)
        lines = self._lines.get(docname)
        if lines is None:
            try:
                lines = Path(self.env.doc2path(docname)).read_text(encoding="utf-8").splitlines()
            except OSError:
                lines = []
            self._lines[docname] = lines
        if needle:
            for number, text in enumerate(lines, start=1):
                if needle in text and number >= max(line, 1) - 1:
                    return number
            for number, text in enumerate(lines, start=1):
                if needle in text:
                    return number
        return line

    def _add(self, docname: str, source: str, node: nodes.Node, uri: str, kind: str) -> None:
        written = node.get("refuri") or node.get("reftarget") or node.get("uri") or uri
        needle = written.split("#")[0] if kind == "external" or kind == "other" else written.rsplit("/", 1)[-1]
        lineno = self._source_line(docname, node, needle.removesuffix(".html"))
        if kind == "internal":
            # Resolve against the page, as a browser would.
            path, _, fragment = uri.partition("#")
            target = posixpath.normpath(posixpath.join(posixpath.dirname(docname), path)) if path else docname + ".html"
            uri = target + (f"#{fragment}" if fragment else "")
        elif kind == "download":
            # As written in the page, so relative to it (images are already relative to docs/).
            uri = posixpath.normpath(posixpath.join(posixpath.dirname(docname), uri.lstrip("/")))
        self.links.append({"docname": docname, "filename": source, "lineno": lineno, "uri": uri, "kind": kind})

    def finish(self) -> None:
        Path(self.outdir).mkdir(parents=True, exist_ok=True)
        generated: list[str] = []
        if self.config.handbook_timelines:
            from handbook.sphinxext.timeline import FEED_FOLDER, load

            data = load(Path(self.app.confdir, self.config.handbook_timelines))
            generated = [f"{FEED_FOLDER}/{programme}.ics" for programme in data]
        payload = {
            "language": self.config.language,
            "generated": generated,
            "srcdir": str(self.srcdir),
            "links": self.links,
            "ids": self.ids,
        }
        Path(self.outdir, "links.json").write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")


def setup_links(app: Sphinx) -> None:
    app.add_builder(LinkCollector)
