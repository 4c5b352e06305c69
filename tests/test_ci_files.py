"""The Read the Docs and GitHub Actions files, validated since nothing here can run them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import REPO
from handbook.cifiles import check_all, main


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    shutil.copy(REPO / ".readthedocs.yaml", tmp_path / ".readthedocs.yaml")
    shutil.copytree(REPO / ".github", tmp_path / ".github")
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_project_files_pass(capsys) -> None:
    assert main(["--root", str(REPO)]) == 0
    assert capsys.readouterr().out == ""


def test_readthedocs_builds_from_docs_with_the_root_conf(tree: Path) -> None:
    edit(tree / ".readthedocs.yaml", "-c . ", "")
    problems = [str(p) for p in check_all(tree)]
    assert any("lacks '-c .'" in p for p in problems), problems


def test_readthedocs_schema_errors_are_reported(tree: Path) -> None:
    edit(tree / ".readthedocs.yaml", "version: 2", "version: 2\nformats: sometimes")
    problems = [str(p) for p in check_all(tree)]
    assert any(p.startswith(f"{tree / '.readthedocs.yaml'}:") and "formats" in p for p in problems), problems


def test_unpinned_actions_are_reported_with_their_line(tree: Path) -> None:
    workflow = tree / ".github" / "workflows" / "docs.yml"
    edit(workflow, "actions/setup-python@0b93645e9fea7318ecaed2b359559ac225c90a2b", "actions/setup-python@v5")
    problems = [str(p) for p in check_all(tree)]
    line = next(n for n, text in enumerate(workflow.read_text().splitlines(), 1) if "setup-python@v5" in text)
    assert f"{workflow}:{line}: pin 'actions/setup-python@v5' to a full commit SHA" in problems


def test_workflow_schema_errors_are_reported(tree: Path) -> None:
    edit(tree / ".github" / "workflows" / "docs.yml", "runs-on: ubuntu-24.04", "runs_on: ubuntu-24.04")
    assert any("runs_on" in str(p) or "runs-on" in str(p) for p in check_all(tree))


def test_checkout_must_not_keep_credentials(tree: Path) -> None:
    edit(tree / ".github" / "workflows" / "docs.yml", "persist-credentials: false", "fetch-depth: 1")
    assert any("persist-credentials" in str(p) for p in check_all(tree))


def test_broken_yaml_is_a_clear_usage_error(tree: Path, capsys) -> None:
    (tree / ".readthedocs.yaml").write_text("version: 2\nbuild: [unclosed\n", encoding="utf-8")
    assert main(["--root", str(tree)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{tree / '.readthedocs.yaml'}:")
    assert "not valid YAML" in err and "Traceback" not in err


def test_the_walkthrough_workflow_runs_the_extracted_script() -> None:
    import yaml

    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "walkthrough.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["kubevirt-minikube"]["steps"]
    commands = "\n".join(step.get("run", "") for step in steps)
    assert "scripts/extract_walkthrough.py docs/tutorials/kubevirt-minikube.md" in commands
    assert "bash walkthrough.sh" in commands
    assert "/dev/kvm" in commands or "kvm" in commands
    assert workflow[True]["schedule"]  # `on:` reads as True in YAML 1.1


def test_the_link_workflow_runs_weekly_and_keeps_its_cache() -> None:
    import yaml

    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "links.yml").read_text(encoding="utf-8"))
    assert workflow[True]["schedule"] and "pull_request" in workflow[True]
    steps = workflow["jobs"]["linkcheck"]["steps"]
    cache = next(step for step in steps if step.get("uses", "").startswith("actions/cache@"))
    assert cache["with"]["path"] == "_build/linkcheck/cache.json"
    assert any(step.get("run") == "make linkcheck" for step in steps)
