"""The command linter: each rule failing and passing, exact source locations, safety."""

from __future__ import annotations

import json
import os
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handbook.lint.cli import lint_commands_main
from handbook.lint.commands import Config, UsageError, did_you_mean, lint_text, load_config

REPO = Path(__file__).resolve().parent.parent


def lint(markdown: str, config: Config | None = None) -> list[tuple[int, int, str, str]]:
    findings = lint_text("page.md", textwrap.dedent(markdown), config)
    return [(f.line, f.column, f.severity, f.rule) for f in findings]


def rules(markdown: str, config: Config | None = None) -> set[str]:
    return {rule for *_, rule in lint(markdown, config)}


def bash(code: str) -> str:
    return "```bash\n" + textwrap.dedent(code).strip("\n") + "\n```\n"


# -- one failing and one passing example per rule ----------------------------------

RULE_CASES = [
    ("shell-syntax", "if true; then echo x\n", "if true; then echo x; fi\n"),
    ("SC2046", "docker rm $(docker ps -aq)\n", "docker ps -aq | xargs -r docker rm\n"),
    ("unknown-command", "kubeclt get pods\n", "kubectl get pods\n"),
    ("prompt-in-block", "$ kubectl get pods\n", "kubectl get pods\n"),
    (
        "curl-pipe-shell",
        "curl -fsSL https://get.example.com | sh\n",
        "curl -fsSL -o get.sh https://get.example.com\nsh get.sh\n",
    ),
    (
        "curl-no-fail",
        "curl -L -o virtctl https://example.com/virtctl\n",
        "curl -fL -o virtctl https://example.com/virtctl\n",
    ),
    ("sudo-pip", "sudo pip install kubernetes\n", "pipx install kubernetes\n"),
    (
        "sudo-redirect",
        "sudo echo 'x' > /etc/modules-load.d/kvm.conf\n",
        "echo 'x' | sudo tee /etc/modules-load.d/kvm.conf\n",
    ),
]


@pytest.mark.parametrize(("rule", "bad", "good"), RULE_CASES, ids=[c[0] for c in RULE_CASES])
def test_rule_fails_and_passes(rule: str, bad: str, good: str) -> None:
    assert rule in rules(bash(bad))
    assert rules(bash(good)) == set()


def test_unknown_command_suggests_the_right_name() -> None:
    findings = lint_text("page.md", bash("kubeclt get pods"))
    assert "did you mean 'kubectl'?" in findings[0].message
    assert did_you_mean("minikub", {"minikube", "kubectl"}) == "minikube"
    assert did_you_mean("zzzzzz", {"minikube", "kubectl"}) is None


def test_the_seeds_dead_windows_fallback_is_caught() -> None:
    found = lint(bash("curl -fL -o virtctl https://example.com/virtctl || windows-amd64.exe"))
    assert (2, 52, "error", "unknown-command") in found


def test_shell_reader_ignores_heredoc_bodies_case_patterns_and_functions() -> None:
    code = """
    cat <<EOF | kubectl apply -f -
    apiVersion: v1
    kind: Namespace
    EOF
    case "$(uname -m)" in
      x86_64) ARCH=amd64 ;;
      aarch64|arm64) ARCH=arm64 ;;
      *) echo "unsupported" >&2; exit 1 ;;
    esac
    greet() { echo "hi $ARCH"; }
    greet
    """
    assert lint(bash(code)) == []


def test_commands_inside_substitutions_are_checked() -> None:
    assert rules(bash('VERSION="$(curll -fsSL https://example.com/stable.txt)"\necho "$VERSION"')) == {
        "unknown-command"
    }


def test_placeholders_are_not_errors() -> None:
    assert lint(bash('kubectl delete vm <vm-name>\necho "<your-name>"')) == []


def test_console_blocks_check_commands_only() -> None:
    markdown = """
    ```console
    $ minikube start --driver=docker
    😄  minikube v1.37.0 on Debian 12
    some output | with pipes > and redirects
    $ kubeclt get pods \\
        -A
    NAME   READY
    ```
    """
    assert lint(markdown) == [(6, 3, "error", "unknown-command")]


@pytest.mark.parametrize("language", ["yaml", "yml"])
def test_yaml_syntax(language: str) -> None:
    assert lint(f"```{language}\na: [1, 2\n```\n")[0][2:] == ("error", "yaml-syntax")
    assert lint(f"```{language}\na: [1, 2]\n```\n") == []


def test_kubernetes_objects_are_validated_strictly() -> None:
    markdown = """
    ```yaml
    apiVersion: v1
    kind: Namespace
    metadata:
      name: kubevirt
      labelz: {}
    ```
    """
    found = lint(markdown)
    assert found == [(7, 3, "error", "k8s-schema")]
    assert lint(markdown.replace("  labelz: {}\n", "")) == []


def test_kinds_without_a_schema_are_reported_as_not_validated() -> None:
    markdown = "```yaml\napiVersion: kubevirt.io/v1\nkind: VirtualMachine\nmetadata:\n  name: testvm\n```\n"
    findings = lint_text("page.md", markdown)
    assert [(f.severity, f.rule) for f in findings] == [("warning", "k8s-unvalidated")]
    assert "not validated" in findings[0].message


def test_json_syntax() -> None:
    assert lint('```json\n{"a": 1,}\n```\n') == [(2, 9, "error", "json-syntax")]
    assert lint('```json\n{"a": 1}\n```\n') == []


# -- where findings point ------------------------------------------------------------


def test_line_and_column_in_a_fenced_block_inside_a_list() -> None:
    markdown = "# T\n\n1. Step\n\n   ```bash\n   echo ok\n   kubeclt get pods\n   ```\n"
    assert lint(markdown) == [(7, 4, "error", "unknown-command")]


def test_line_and_column_in_a_code_block_directive() -> None:
    markdown = (
        "# T\n\n```{code-block} bash\n:caption: Start\n:emphasize-lines: 1\n\nminikube start\nkubeclt get pods\n```\n"
    )
    assert lint(markdown) == [(8, 1, "error", "unknown-command")]


def test_line_and_column_in_nested_tabs_with_colon_fences() -> None:
    markdown = textwrap.dedent("""\
        # T

        ::::{tab-set}
        :::{tab-item} Fedora
        :sync: fedora

        ```bash
        sudo dnf install -y moby-engine
        ```
        :::
        :::{tab-item} Debian
        :sync: debian

        ```{code-block} bash
        sudo apt-get install -y docker.io && dockr ps
        ```
        :::
        ::::
        """)
    assert lint(markdown) == [(15, 38, "error", "unknown-command")]


def test_blocks_of_one_page_are_checked_together_in_order() -> None:
    """A variable set in an earlier step is known in a later one (one ShellCheck run)."""
    markdown = bash('ARCH="$(uname -m)"') + "\ntext\n\n" + bash('echo "$ARCH"')
    assert lint(markdown) == []
    # ... and a variable used before it is set, in another block, is still reported.
    assert "SC2154" in rules(bash('echo "$unset_variable"'))


def test_a_syntax_error_in_one_block_does_not_hide_the_others() -> None:
    markdown = bash("if true; then") + "\n" + bash("kubeclt version")
    assert {rule for _, _, _, rule in lint(markdown)} == {"shell-syntax", "unknown-command"}


# -- suppression ------------------------------------------------------------------------


def test_suppression_on_the_line() -> None:
    assert lint(bash("mytool --help  # lint: disable=unknown-command")) == []
    assert rules(bash("mytool --help  # lint: disable=curl-no-fail")) == {"unknown-command"}


def test_suppression_for_a_block_with_a_myst_comment() -> None:
    markdown = "% lint: disable=unknown-command,SC2046\n" + bash("mytool $(ls)")
    assert lint(markdown) == []
    assert lint("% lint: disable=unknown-command\n\ntext\n\n" + bash("mytool")) != []


def test_suppression_project_wide_and_per_file(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(
        textwrap.dedent("""
        [tool.handbook.lint-commands]
        known-commands = ["mytool"]
        per-file-disable = {"legacy/*.md" = ["curl-no-fail"]}
        """),
        encoding="utf-8",
    )
    config = load_config(pyproject)
    assert lint(bash("mytool"), config) == []
    code = bash("curl -o f https://example.com/f")
    assert lint_text("legacy/old.md", code, config) == []
    assert lint_text("docs/new.md", code, config) != []


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('disable = "SC2086"', "pyproject.toml:3: [tool.handbook.lint-commands] disable must be a list of strings"),
        ('colour = "red"', "pyproject.toml:3: [tool.handbook.lint-commands] has no setting 'colour'"),
        ('kubernetes-version = "latest"', 'kubernetes-version must be a version such as "1.34.0"'),
    ],
)
def test_bad_configuration_is_a_clear_usage_error(tmp_path: Path, capsys, toml: str, message: str) -> None:
    (tmp_path / "pyproject.toml").write_text(f"\n[tool.handbook.lint-commands]\n{toml}\n", encoding="utf-8")
    with pytest.raises(UsageError, match=message.replace("[", r"\[").replace("]", r"\]").replace(".", r"\.")):
        load_config(tmp_path / "pyproject.toml")
    (tmp_path / "page.md").write_text("# T\n", encoding="utf-8")
    status = lint_commands_main([str(tmp_path / "page.md"), "--config", str(tmp_path / "pyproject.toml")])
    assert status == 2
    err = capsys.readouterr().err
    assert message.split(": ", 1)[-1].split(" ")[0] in err and "Traceback" not in err


# -- the command line ----------------------------------------------------------------------


@pytest.fixture
def page(tmp_path: Path) -> Path:
    path = tmp_path / "page.md"
    path.write_text(
        "# T\n\n" + bash("kubeclt get pods") + "\n```yaml\napiVersion: kubevirt.io/v1\nkind: VirtualMachine\n```\n",
        encoding="utf-8",
    )
    return path


def test_cli_text_output_and_exit_status(page: Path, capsys) -> None:
    assert lint_commands_main([str(page), "--config", "/nonexistent.toml"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"{page}:4:1: error unknown-command unknown command 'kubeclt'")
    assert out[1].startswith(f"{page}:8:1: warning k8s-unvalidated ")


def test_cli_json_and_github_formats(page: Path, capsys) -> None:
    lint_commands_main([str(page), "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert {"path", "line", "column", "rule", "severity", "message"} <= set(data[0])
    assert data[0]["line"] == 4 and data[0]["rule"] == "unknown-command"
    lint_commands_main([str(page), "--format", "github"])
    assert capsys.readouterr().out.startswith(f"::error file={page},line=4,col=1,title=unknown-command::")


def test_cli_strict_fails_on_warnings(tmp_path: Path) -> None:
    path = tmp_path / "page.md"
    path.write_text("```yaml\napiVersion: kubevirt.io/v1\nkind: VirtualMachine\n```\n", encoding="utf-8")
    assert lint_commands_main([str(path)]) == 0
    assert lint_commands_main([str(path), "--strict"]) == 1


def test_cli_missing_and_unreadable_files_exit_2(tmp_path: Path, capsys) -> None:
    assert lint_commands_main([str(tmp_path / "missing.md")]) == 2
    assert "missing.md: no such file or folder" in capsys.readouterr().err
    binary = tmp_path / "binary.md"
    binary.write_bytes(b"\xff\xfe\x00bad")
    assert lint_commands_main([str(binary)]) == 2
    assert "binary.md: cannot read" in capsys.readouterr().err


def test_nothing_is_ever_executed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    markdown = bash("touch SOMEFILE\necho $(touch SUBSTITUTED)") + "```console\n$ touch CONSOLEFILE\n```\n"
    lint_text("page.md", markdown)
    assert sorted(os.listdir(tmp_path)) == []


def test_the_handbook_docs_have_no_errors() -> None:
    assert lint_commands_main([str(REPO / "docs"), "--config", str(REPO / "pyproject.toml")]) == 0


# -- robustness ------------------------------------------------------------------------------

shell_pieces = st.sampled_from(
    list("ab $()`'\"\\|&;<>#{}[]=*\n\t-_./:")
    + ["EOF", "<<", "case", "esac", "if", "fi", "in", ")", "$(", "<x-y>", "sudo", "curl -o"]
)
shell_text = st.lists(shell_pieces, max_size=40).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    shell=shell_text,
    language=st.sampled_from(["bash", "console", "yaml", "json", "sh", "text"]),
    noise=st.text(max_size=40),
)
def test_random_input_never_crashes(shell: str, language: str, noise: str) -> None:
    markdown = f"{noise}\n\n```{language}\n{shell}\n```\n\n:::{{note}}\n```bash\n{shell}\n```\n:::\n"
    for finding in lint_text("page.md", markdown):
        assert finding.line >= 1 and finding.column >= 1
