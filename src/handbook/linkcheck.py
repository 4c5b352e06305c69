"""Check every link of every language: internal ones strictly, external ones once.

How it works:

1. For each language, Sphinx's ``handbook-links`` builder writes the links of the
   translated doctrees (``_build/linkcheck/<lang>/links.json``).
2. Internal links, anchors, images and downloads are checked against the pages and
   ids of the same language. A missing one is ``broken``.
3. External URLs are normalised and deduplicated across pages and languages: one
   request per URL per run, and one fetch per page for all the anchors on it. HEAD
   first, GET when HEAD is refused or anchors must be read (bodies read only up to a
   cap). Concurrency is limited overall and per host; ``Retry-After`` is honoured on
   429/503 with bounded retries; every request has a timeout. Addresses that resolve
   to loopback, private, link-local or reserved networks are not fetched unless
   ``allow_private`` is set, so a pull request cannot make CI probe its own network.
4. Results of working URLs are cached with a time to live (plus jitter); failures are
   always checked again.

Verdicts: working, redirected, broken, timeout, rate-limited, ignored. Only broken
links fail the run.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import ipaddress
import json
import random
import re
import socket
import time
import tomllib
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

import httpx

USER_AGENT = "osh-handbook-linkcheck/1.0 (+https://github.com)"
FAILING = {"broken"}
WARNING = {"timeout", "rate-limited"}


class UsageError(Exception):
    """Bad input the user must fix; the message says where and what was expected."""


@dataclass
class Settings:
    timeout: float = 10.0
    concurrency: int = 8
    per_host: int = 2
    retries: int = 3
    max_retry_after: float = 30.0
    max_body_bytes: int = 2 * 1024 * 1024
    ttl_days: float = 7.0
    ttl_jitter: float = 0.2
    ignore: list[tuple[re.Pattern[str], str]] = field(default_factory=list)
    allowed_redirects: list[tuple[re.Pattern[str], re.Pattern[str]]] = field(default_factory=list)
    anchors_ignore: list[re.Pattern[str]] = field(default_factory=list)
    allow_private: bool = False


def load_settings(pyproject: Path | None) -> Settings:
    settings = Settings()
    if pyproject is None or not pyproject.is_file():
        return settings
    try:
        table = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("tool", {}).get("handbook", {})
    except tomllib.TOMLDecodeError as error:
        raise UsageError(f"{pyproject}: not valid TOML: {error}") from None
    table = table.get("linkcheck", {})
    where = f"{pyproject}: [tool.handbook.linkcheck]"
    try:
        for key in ("timeout", "max_retry_after", "ttl_days", "ttl_jitter"):
            if key in table:
                setattr(settings, key, float(table[key]))
        for key in ("concurrency", "per_host", "retries", "max_body_bytes"):
            if key in table:
                setattr(settings, key, int(table[key]))
        for entry in table.get("ignore", []):
            settings.ignore.append((re.compile(entry["pattern"]), str(entry["reason"])))
        for entry in table.get("allowed_redirects", []):
            settings.allowed_redirects.append((re.compile(entry["from"]), re.compile(entry["to"])))
        settings.anchors_ignore = [re.compile(p) for p in table.get("anchors_ignore", [])]
    except (KeyError, TypeError, ValueError, re.error) as error:
        raise UsageError(f"{where}: {error!r}; see docs/contributing for the expected settings") from None
    return settings


# -- results ----------------------------------------------------------------------------


@dataclass
class Result:
    status: str
    code: int = 0
    info: str = ""


@dataclass
class Occurrence:
    language: str
    filename: str
    lineno: int
    uri: str
    kind: str


@dataclass
class Report:
    rows: list[dict[str, Any]] = field(default_factory=list)

    def add(self, occurrence: Occurrence, result: Result) -> None:
        row = {
            "filename": occurrence.filename,
            "lineno": occurrence.lineno,
            "status": result.status,
            "code": result.code,
            "uri": occurrence.uri,
            "info": result.info,
            "language": occurrence.language,
        }
        self.rows.append(row)

    @property
    def broken(self) -> list[dict[str, Any]]:
        return [r for r in self.rows if r["status"] in FAILING]


# -- internal links ----------------------------------------------------------------------


def check_internal(collected: dict[str, Any], srcdir: Path) -> list[tuple[Occurrence, Result]]:
    language = collected["language"]
    ids = {page: set(values) for page, values in collected["ids"].items()}
    generated = set(collected.get("generated", []))  # files the build writes, such as .ics feeds
    results = []
    for link in collected["links"]:
        occurrence = Occurrence(language, link["filename"], link["lineno"], link["uri"], link["kind"])
        kind = link["kind"]
        if kind == "internal":
            page, _, anchor = link["uri"].partition("#")
            if page in generated and not anchor:
                result = Result("working")
            elif page not in ids:
                result = Result("broken", 0, f"no page {page} in {language}")
            elif anchor and unquote(anchor) not in ids[page]:
                result = Result("broken", 0, f"no anchor #{anchor} on {page} in {language}")
            else:
                result = Result("working")
        elif kind in {"image", "download"}:
            exists = (srcdir / link["uri"]).is_file()
            result = Result("working") if exists else Result("broken", 0, f"no file docs/{link['uri']}")
        else:
            continue
        results.append((occurrence, result))
    return results


# -- external links -----------------------------------------------------------------------


def normalise(url: str) -> tuple[str, str]:
    """(URL without fragment, normalised) and the fragment."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    port = parts.port
    if port and not ((parts.scheme == "http" and port == 80) or (parts.scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    path = parts.path or "/"
    return urlunsplit((parts.scheme.lower(), host, path, parts.query, "")), parts.fragment


def is_private(host: str) -> str | None:
    """Why *host* must not be fetched (loopback, private, ...), or None."""
    try:
        infos = socket.getaddrinfo(host, None)
    except socket.gaierror:
        return None  # unresolvable: the request will report it as broken
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if (
            address.is_loopback
            or address.is_private
            or address.is_link_local
            or address.is_reserved
            or address.is_multicast
            or address.is_unspecified
            or str(address) == "169.254.169.254"
        ):
            return f"{host} resolves to {address}, a non-public address"
    return None


class _Anchors(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and (name == "id" or (name == "name" and tag == "a")):
                self.ids.add(value)


def anchors_in(html: str) -> set[str]:
    parser = _Anchors()
    parser.feed(html)
    found = set(parser.ids)
    # GitHub renders headings as id="user-content-<slug>" and links to #<slug>.
    found |= {i.removeprefix("user-content-") for i in parser.ids if i.startswith("user-content-")}
    return found


class Cache:
    def __init__(self, path: Path | None, settings: Settings) -> None:
        self.path = path
        self.settings = settings
        self.entries: dict[str, dict[str, Any]] = {}
        if path and path.is_file():
            try:
                self.entries = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self.entries = {}

    def get(self, url: str, anchors: frozenset[str]) -> Result | None:
        entry = self.entries.get(url)
        if not entry or entry["status"] not in {"working", "redirected"} or time.time() > entry["expires"]:
            return None
        if not anchors <= set(entry.get("anchors_ok", [])):
            return None
        return Result(entry["status"], entry["code"], entry["info"])

    def put(self, url: str, result: Result, anchors_ok: set[str]) -> None:
        if result.status not in {"working", "redirected"}:
            self.entries.pop(url, None)
            return
        ttl = self.settings.ttl_days * 86400 * (1 + random.uniform(-self.settings.ttl_jitter, self.settings.ttl_jitter))
        self.entries[url] = {
            "status": result.status,
            "code": result.code,
            "info": result.info,
            "expires": time.time() + ttl,
            "anchors_ok": sorted(anchors_ok),
        }

    def save(self) -> None:
        if self.path:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(json.dumps(self.entries, indent=1, sort_keys=True), encoding="utf-8")


class ExternalChecker:
    def __init__(self, settings: Settings, cache: Cache, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.settings = settings
        self.cache = cache
        self.transport = transport
        self.requests = 0

    async def check_all(self, pages: dict[str, set[str]]) -> dict[str, tuple[Result, dict[str, Result]]]:
        """Check each page URL once, with all the anchors asked of it."""
        overall = asyncio.Semaphore(self.settings.concurrency)
        per_host: dict[str, asyncio.Semaphore] = defaultdict(lambda: asyncio.Semaphore(self.settings.per_host))
        limits = httpx.Limits(max_connections=self.settings.concurrency)
        async with httpx.AsyncClient(
            timeout=self.settings.timeout,
            follow_redirects=True,
            max_redirects=10,
            limits=limits,
            headers={"User-Agent": USER_AGENT},
            transport=self.transport,
        ) as client:

            async def one(url: str, anchors: set[str]) -> tuple[str, tuple[Result, dict[str, Result]]]:
                async with overall, per_host[urlsplit(url).netloc]:
                    return url, await self._check(client, url, anchors)

            done = await asyncio.gather(*(one(url, anchors) for url, anchors in pages.items()))
        return dict(done)

    async def _check(self, client: httpx.AsyncClient, url: str, anchors: set[str]):
        for pattern, reason in self.settings.ignore:
            if pattern.search(url):
                return Result("ignored", 0, reason), {}
        if any(p.search(url) for p in self.settings.anchors_ignore):
            anchors = set()
        cached = self.cache.get(url, frozenset(anchors))
        if cached:
            return cached, {a: Result(cached.status, cached.code, "cached") for a in anchors}
        host = urlsplit(url).hostname or ""
        if not self.settings.allow_private:
            reason = await asyncio.to_thread(is_private, host)
            if reason:
                return Result("ignored", 0, f"not fetched: {reason}"), {}
        result, body = await self._fetch(client, url, need_body=bool(anchors))
        anchor_results: dict[str, Result] = {}
        found: set[str] = set()
        if anchors and result.status in {"working", "redirected"}:
            present = anchors_in(body)
            for anchor in anchors:
                if unquote(anchor) in present:
                    anchor_results[anchor] = result
                    found.add(anchor)
                else:
                    anchor_results[anchor] = Result("broken", result.code, f"anchor #{anchor} not found")
        else:
            anchor_results = {a: result for a in anchors}
        self.cache.put(url, result, found)
        return result, anchor_results

    async def _fetch(self, client: httpx.AsyncClient, url: str, need_body: bool) -> tuple[Result, str]:
        attempt = 0
        method = "GET" if need_body else "HEAD"
        while True:
            attempt += 1
            try:
                self.requests += 1
                async with client.stream(method, url) as response:
                    if method == "HEAD" and response.status_code in {405, 403, 501, 400}:
                        method = "GET"
                        continue
                    if response.status_code in {429, 503} and attempt <= self.settings.retries:
                        wait = _retry_after(response.headers.get("Retry-After"), attempt)
                        if wait <= self.settings.max_retry_after:
                            await asyncio.sleep(wait)
                            continue
                    body = ""
                    if method == "GET" and need_body and response.status_code < 400:
                        chunks, size = [], 0
                        async for chunk in response.aiter_bytes():
                            chunks.append(chunk)
                            size += len(chunk)
                            if size >= self.settings.max_body_bytes:
                                break
                        body = b"".join(chunks)[: self.settings.max_body_bytes].decode(
                            response.encoding or "utf-8", errors="replace"
                        )
                    return self._verdict(url, response), body
            except httpx.TooManyRedirects:
                return Result("broken", 0, "redirect loop or too many redirects"), ""
            except httpx.TimeoutException:
                return Result("timeout", 0, f"no answer within {self.settings.timeout:g} s"), ""
            except httpx.ConnectError as error:
                return Result("broken", 0, f"cannot connect: {error}"), ""
            except httpx.HTTPError as error:
                return Result("broken", 0, f"{type(error).__name__}: {error}"), ""

    def _verdict(self, url: str, response: httpx.Response) -> Result:
        code = response.status_code
        if code in {429, 503}:
            return Result("rate-limited", code, "the server asked to slow down; not decided")
        if code >= 400:
            return Result("broken", code, response.reason_phrase)
        final = str(response.url)
        if response.history and normalise(final)[0] != normalise(url)[0]:
            for source, target in self.settings.allowed_redirects:
                if source.search(url) and target.search(final):
                    return Result("working", code, f"allowed redirect to {final}")
            return Result("redirected", response.history[0].status_code, final)
        return Result("working", code)


def _retry_after(value: str | None, attempt: int) -> float:
    if value:
        try:
            return max(0.0, float(value))
        except ValueError:
            pass
    return min(2.0**attempt * 0.5, 30.0)


# -- the run --------------------------------------------------------------------------------


def check(
    collections: list[dict[str, Any]],
    srcdir: Path,
    settings: Settings,
    *,
    offline: bool,
    cache_path: Path | None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> tuple[Report, int]:
    report = Report()
    for collected in collections:
        for occurrence, result in check_internal(collected, srcdir):
            report.add(occurrence, result)
    external: list[Occurrence] = []
    for collected in collections:
        for link in collected["links"]:
            if link["kind"] == "external":
                external.append(
                    Occurrence(collected["language"], link["filename"], link["lineno"], link["uri"], "external")
                )
    if offline:
        return report, 0
    pages: dict[str, set[str]] = defaultdict(set)
    for occurrence in external:
        url, fragment = normalise(occurrence.uri)
        pages.setdefault(url, set())
        if fragment:
            pages[url].add(fragment)
    cache = Cache(cache_path, settings)
    checker = ExternalChecker(settings, cache, transport)
    # In a thread of its own: the caller may already run an event loop (a test's browser).
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        results = pool.submit(asyncio.run, checker.check_all(pages)).result()
    cache.save()
    for occurrence in external:
        url, fragment = normalise(occurrence.uri)
        page_result, anchors = results[url]
        report.add(occurrence, anchors.get(fragment, page_result) if fragment else page_result)
    return report, checker.requests


def write_outputs(report: Report, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "output.json").open("w", encoding="utf-8") as out:
        for row in report.rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    counts: dict[str, int] = defaultdict(int)
    for row in report.rows:
        counts[row["status"]] += 1
    lines = ["## Link check", "", "| status | links |", "| --- | --- |"]
    lines += [f"| {status} | {count} |" for status, count in sorted(counts.items())]
    problems = [r for r in report.rows if r["status"] in FAILING | WARNING]
    if problems:
        lines += ["", "| language | file | line | status | link | info |", "| --- | --- | --- | --- | --- | --- |"]
        lines += [
            f"| {r['language']} | {r['filename']} | {r['lineno']} | {r['status']} | {r['uri']} | {r['info']} |"
            for r in problems
        ]
    (folder / "summary.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
