"""Benchmarks: build, lint and link-check speed, each beside its alternative.

Every figure is the median of several runs measured in the same session, so that
the machine's speed cancels out of each comparison. Results are printed as a table
and written to ``_build/bench/results.json``. Nothing here asserts a speed.
"""

from __future__ import annotations

import argparse
import http.server
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from handbook.languages import discover
from handbook.sphinxrun import sphinx_build

REPO = Path.cwd()


def median_time(action: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def sphinx(builder: str, language: str, src: Path, out: Path, doctrees: Path, *extra: str, conf: Path = REPO) -> None:
    result = sphinx_build(builder, src, out, doctrees, conf=conf, language=language, extra=extra)
    if result.returncode not in (0, 1):
        raise RuntimeError(result.stderr[-2000:])


# -- 1. builds --------------------------------------------------------------------------------


def bench_builds(repeats: int, work: Path) -> dict:
    results = {}
    for language in discover(REPO / "locales"):
        out, doctrees = work / "b" / "html" / language, work / "b" / "doctrees" / language

        def clean(language=language, out=out, doctrees=doctrees):
            shutil.rmtree(out, ignore_errors=True)
            shutil.rmtree(doctrees, ignore_errors=True)
            sphinx("html", language, REPO / "docs", out, doctrees)

        clean_time = median_time(clean, repeats)
        page = REPO / "docs" / "how-to" / "choose-a-project.md"
        original = page.read_text(encoding="utf-8")

        def incremental(language=language, out=out, doctrees=doctrees, page=page, original=original):
            page.write_text(original + "\n<!-- bench -->\n", encoding="utf-8")
            try:
                sphinx("html", language, REPO / "docs", out, doctrees)
            finally:
                page.write_text(original, encoding="utf-8")

        incremental_time = median_time(incremental, repeats)
        results[language] = {
            "clean_s": clean_time,
            "incremental_s": incremental_time,
            "ratio": incremental_time / clean_time,
        }
    return results


# -- 2. growth ---------------------------------------------------------------------------------

SYNTHETIC = """---
project:
  programme: ospp
  year: 2025
  community: Synthetic {n}
  difficulty: basic
  skills: [Go, Python]
  repository: https://example.org/repo/{n}
  reference: https://example.org/issue/{n}
  outcome: unknown
  checked: 2026-11-22
---

# 合成项目 {n}

这是用于基准测试的合成项目页面，编号 {n}。它有几段正文，让页面大小接近真实的项目页面。

问题：在 Kubernetes 上实现第 {n} 个功能，并为它编写测试和文档。

- 技能：Go、Python。
- 入手：阅读仓库的 README 和贡献指南。
"""


def make_tree(count: int, target: Path) -> int:
    shutil.copytree(REPO / "docs", target / "docs")
    folder = target / "docs" / "reference" / "projects"
    names = []
    for n in range(count):
        (folder / f"synthetic-{n:04d}.md").write_text(SYNTHETIC.format(n=n), encoding="utf-8")
        names.append(f"synthetic-{n:04d}")
    index = folder / "index.md"
    text = index.read_text(encoding="utf-8")
    index.write_text(
        text.replace(
            "datenlord-parallel-computing\n```", "datenlord-parallel-computing\n" + "\n".join(names) + "\n```"
        ),
        encoding="utf-8",
    )
    shutil.copytree(REPO / "locales", target / "locales")
    conf = (REPO / "conf.py").read_text(encoding="utf-8")
    (target / "conf.py").write_text(conf, encoding="utf-8")
    return len(list((target / "docs").rglob("*.md")))


def bench_growth(sizes: list[int], work: Path, language: str) -> dict:
    results = {}
    for depth, label in [(2, "collapsed sidebar (handbook)"), (-1, "full sidebar (Furo default)")]:
        rows = {}
        for count in sizes:
            tree = work / f"grow-{count}"
            shutil.rmtree(tree, ignore_errors=True)
            pages = make_tree(count, tree)
            started = time.perf_counter()
            sphinx(
                "html",
                language,
                tree / "docs",
                tree / "_build" / "html",
                tree / "_build" / "doctrees",
                "-D",
                f"handbook_navigation_maxdepth={depth}",
                conf=tree,
            )
            elapsed = time.perf_counter() - started
            rows[count] = {"pages": pages, "build_s": elapsed, "ms_per_page": 1000 * elapsed / pages}
            shutil.rmtree(tree, ignore_errors=True)
        first, last = rows[sizes[0]]["ms_per_page"], rows[sizes[-1]]["ms_per_page"]
        results[label] = {"sizes": rows, "growth": last / first}
    return results


# -- 3. command linter ----------------------------------------------------------------------------


def bench_linter(repeats: int) -> dict:
    from handbook.lint.blocks import find_blocks
    from handbook.lint.commands import SHELL_LANGUAGES, shellcheck_binary

    blocks = []
    for path in sorted((REPO / "docs").rglob("*.md")):
        blocks += [b for b in find_blocks(path.read_text(encoding="utf-8")) if b.language in SHELL_LANGUAGES]
    all_blocks = sum(len(find_blocks(p.read_text(encoding="utf-8"))) for p in (REPO / "docs").rglob("*.md"))
    shellcheck = shellcheck_binary()

    def ours():
        subprocess.run([sys.executable, "scripts/lint_commands.py", "docs"], capture_output=True, check=False)

    def per_block():
        for block in blocks:
            subprocess.run(
                [shellcheck, "--shell=bash", "-"],
                input="\n".join(block.lines),
                text=True,
                capture_output=True,
                check=False,
            )

    def startup():
        subprocess.run([shellcheck, "--shell=bash", "-"], input="true\n", text=True, capture_output=True, check=False)

    def python_startup():
        subprocess.run([sys.executable, "-c", "import handbook.lint.commands"], capture_output=True, check=False)

    ours_s = median_time(ours, repeats)
    per_block_s = median_time(per_block, repeats)
    startup_s = median_time(startup, repeats)
    python_s = median_time(python_startup, repeats)
    beyond = max(ours_s - python_s - startup_s, 0.0)
    return {
        "blocks": all_blocks,
        "shell_blocks": len(blocks),
        "lint_commands_s": ours_s,
        "shellcheck_per_block_s": per_block_s,
        "shellcheck_startup_s": startup_s,
        "python_startup_s": python_s,
        "s_per_100_blocks_beyond_startup": 100 * beyond / max(all_blocks, 1),
    }


# -- 4. link checker -----------------------------------------------------------------------------


class _SlowHandler(http.server.BaseHTTPRequestHandler):
    delay = 0.1

    def _answer(self, body: bool) -> None:
        time.sleep(self.delay)
        page = f'<html><body><h1 id="top">{self.path}</h1><h2 id="a1">A</h2><h2 id="a2">B</h2></body></html>'.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(page)))
        self.end_headers()
        if body:
            self.wfile.write(page)

    def do_GET(self) -> None:  # noqa: N802 - stdlib API
        self._answer(True)

    def do_HEAD(self) -> None:  # noqa: N802 - stdlib API
        self._answer(False)

    def log_message(self, *args) -> None:
        pass


def link_project(folder: Path, base: str, count: int) -> None:
    (folder / "docs").mkdir(parents=True)
    (folder / "locales" / "en" / "LC_MESSAGES").mkdir(parents=True)
    links = [f"- [链接 {n}]({base}/page/{n})" for n in range(count)]
    links += [f"- [锚点 {n}]({base}/page/{n % 10}#a{1 + n % 2})" for n in range(20)]
    (folder / "docs" / "index.md").write_text("# 链接\n\n" + "\n".join(links) + "\n", encoding="utf-8")
    (folder / "conf.py").write_text(
        'extensions = ["handbook.sphinxext", "myst_parser"]\nlanguage = "zh_CN"\nlocale_dirs = ["../locales"]\n'
        "linkcheck_anchors = True\nlinkcheck_workers = 5\nlinkcheck_timeout = 10\n",
        encoding="utf-8",
    )


def bench_links(count: int, work: Path) -> dict:
    from handbook.linkcheck import Settings, check

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _SlowHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    folder = work / "links"
    shutil.rmtree(folder, ignore_errors=True)
    link_project(folder, base, count)
    try:
        collections = []
        for language in ("zh_CN", "en"):
            out = folder / "_build" / "collect" / language
            sphinx(
                "handbook-links", language, folder / "docs", out, folder / "_build" / "doctrees" / language, conf=folder
            )
            collections.append(json.loads((out / "links.json").read_text(encoding="utf-8")))
        settings = Settings(allow_private=True, concurrency=8, per_host=8)
        cache = folder / "cache.json"
        started = time.perf_counter()
        report, cold_requests = check(collections, folder / "docs", settings, offline=False, cache_path=cache)
        cold = time.perf_counter() - started
        started = time.perf_counter()
        _, cached_requests = check(collections, folder / "docs", settings, offline=False, cache_path=cache)
        cached = time.perf_counter() - started

        def sphinx_linkcheck():
            for language in ("zh_CN", "en"):
                sphinx(
                    "linkcheck",
                    language,
                    folder / "docs",
                    folder / "_build" / "lc" / language,
                    folder / "_build" / "doctrees" / language,
                    conf=folder,
                )

        sphinx_time = median_time(sphinx_linkcheck, 1)
        broken = len(report.broken)
    finally:
        server.shutdown()
        server.server_close()
    unique = len({row["uri"].split("#")[0] for row in report.rows})
    return {
        "unique_urls": unique,
        "links_per_language": count + 20,
        "latency_ms": 100,
        "cold_s": cold,
        "cold_requests": cold_requests,
        "cached_s": cached,
        "cached_requests": cached_requests,
        "sphinx_linkcheck_both_languages_s": sphinx_time,
        "broken": broken,
        "cold_vs_sphinx": cold / sphinx_time,
        "cached_vs_sphinx": cached / sphinx_time,
    }


# -- 5. weight ---------------------------------------------------------------------------------------


def bench_weight(html: Path) -> dict:
    results = {}
    for language in discover(REPO / "locales"):
        pages = [p for p in (html / language).rglob("*.html") if "_static" not in p.parts]
        sizes = sorted(p.stat().st_size for p in pages)
        results[language] = {
            "pages": len(pages),
            "html_median_bytes": statistics.median(sizes),
            "html_max_bytes": sizes[-1],
            "search_index_bytes": (html / language / "searchindex.js").stat().st_size,
        }
    report = REPO / "test-artifacts" / "page-weight.json"
    if report.is_file():
        weights = json.loads(report.read_text(encoding="utf-8"))["pages"]
        results["first_visit_bytes_max"] = max(weights.values())
        results["first_visit_bytes_median"] = statistics.median(weights.values())
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.py", description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--sizes", default="30,300,1000", help="synthetic project pages for the growth runs")
    parser.add_argument("--links", type=int, default=100, help="unique URLs for the link-check runs")
    parser.add_argument("--out", type=Path, default=Path("_build/bench/results.json"))
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    machine = {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count()}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        results = {"machine": machine}
        print("builds ...", file=sys.stderr)
        results["builds"] = bench_builds(args.repeats, work)
        print("growth ...", file=sys.stderr)
        results["growth"] = bench_growth(sizes, work, "zh_CN")
        print("command linter ...", file=sys.stderr)
        results["linter"] = bench_linter(args.repeats)
        print("link checker ...", file=sys.stderr)
        results["links"] = bench_links(args.links, work)
        html = work / "b" / "html"
        results["weight"] = bench_weight(html if html.is_dir() else REPO / "_build" / "html")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(table(results))
    return 0


def table(r: dict) -> str:
    lines = [f"machine: {r['machine']['platform']}, Python {r['machine']['python']}, {r['machine']['cpus']} CPUs", ""]
    lines.append("| measure | value | beside |")
    lines.append("| --- | --- | --- |")
    for language, b in r["builds"].items():
        lines.append(
            f"| build {language}: clean | {b['clean_s']:.1f} s | incremental {b['incremental_s']:.1f} s "
            f"({b['ratio']:.0%} of clean) |"
        )
    for label, g in r["growth"].items():
        cells = ", ".join(
            f"N={n}: {v['ms_per_page']:.0f} ms/page ({v['build_s']:.0f} s)" for n, v in g["sizes"].items()
        )
        lines.append(f"| growth, {label} | {cells} | per-page growth ×{g['growth']:.2f} |")
    li = r["linter"]
    lines.append(
        f"| command linter, {li['blocks']} blocks ({li['shell_blocks']} shell) | {li['lint_commands_s']:.2f} s "
        f"| ShellCheck once per block {li['shellcheck_per_block_s']:.2f} s; "
        f"{li['s_per_100_blocks_beyond_startup']:.2f} s per 100 blocks beyond start-up |"
    )
    lk = r["links"]
    lines.append(
        f"| link check, {lk['unique_urls']} URLs × 2 languages, 100 ms latency | cold {lk['cold_s']:.1f} s "
        f"({lk['cold_requests']} requests), cached {lk['cached_s']:.2f} s ({lk['cached_requests']} requests) "
        f"| sphinx linkcheck, both languages {lk['sphinx_linkcheck_both_languages_s']:.1f} s |"
    )
    for language, w in r["weight"].items():
        if isinstance(w, dict):
            lines.append(
                f"| weight {language} | HTML median {w['html_median_bytes'] / 1024:.0f} KB, "
                f"max {w['html_max_bytes'] / 1024:.0f} KB | search index {w['search_index_bytes'] / 1024:.0f} KB |"
            )
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
