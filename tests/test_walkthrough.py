"""The KubeVirt walkthrough as a script: extracted from the page, run with stub commands.

The stubs record their arguments instead of doing anything, so these tests check the
order and the exact commands a reader would run on an x86_64 and an aarch64 host,
with and without KVM, on Fedora and on Debian, without touching this machine.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from handbook.lint.commands import lint_text
from handbook.walkthrough import WalkthroughError, main, script, steps

REPO = Path(__file__).resolve().parent.parent
PAGE = REPO / "docs" / "tutorials" / "kubevirt-minikube.md"
KUBEVIRT_VERSION = "v1.9.0"

RECORD = (
    'printf "%s" "$(basename "$0")" >> "$STUB_LOG"; '
    'for a in "$@"; do printf "\\t%s" "$a" >> "$STUB_LOG"; done; echo >> "$STUB_LOG"\n'
)
STUBS = {
    "uname": RECORD + 'case "$1" in -m) echo "$STUB_ARCH" ;; -s) echo Linux ;; *) echo Linux ;; esac\n',
    "sudo": RECORD + 'exec "$@"\n',
    "curl": RECORD
    + """out=""; remote=0; url=""
while [ $# -gt 0 ]; do
  case "$1" in
    -o|--output) out="$2"; shift ;;
    -*O*) remote=1 ;;
    -*) ;;
    *) url="$1" ;;
  esac
  shift
done
case "$url" in *stable.txt) echo "$STUB_KUBEVIRT_VERSION"; exit 0 ;; esac
[ -n "$out" ] && echo stub > "$out"
[ "$remote" = 1 ] && echo stub > "${url##*/}"
exit 0
""",
    "minikube": RECORD
    + 'case "$1" in status) exit "${STUB_MINIKUBE_STATUS:-7}" ;; version) echo "minikube version: v1.39.0" ;; esac\n',
}
RECORD_ONLY = ["dnf", "apt-get", "systemctl", "usermod", "install", "virtctl"]
REAL_TOOLS = ["tr", "sed", "rm", "cat", "basename", "dirname", "env"]


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    calls: list[list[str]]

    def commands(self, name: str) -> list[list[str]]:
        return [call for call in self.calls if call[0] == name]

    def index(self, *prefix: str) -> int:
        for number, call in enumerate(self.calls):
            if call[: len(prefix)] == list(prefix):
                return number
        raise AssertionError(f"no call starting with {prefix}: {self.calls}")

    def has(self, *prefix: str) -> bool:
        return any(call[: len(prefix)] == list(prefix) for call in self.calls)


@pytest.fixture(scope="module")
def stub_bin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("stubs")
    bin_dir = root / "bin"
    bin_dir.mkdir()
    for name, body in {**STUBS, **{n: RECORD for n in RECORD_ONLY}}.items():
        path = bin_dir / name
        path.write_text("#!/bin/bash\n" + body, encoding="utf-8")
        path.chmod(0o755)
    for tool in REAL_TOOLS:
        found = shutil.which(tool)
        assert found, tool
        (bin_dir / tool).symlink_to(found)
    return bin_dir


def run_walkthrough(
    tmp_path: Path, stub_bin: Path, *, os_name: str, arch: str, kvm: bool, cluster: bool = False
) -> Run:
    code = script(PAGE.relative_to(REPO), PAGE.read_text(encoding="utf-8"), os_name)
    (tmp_path / "walkthrough.sh").write_text(code, encoding="utf-8")
    log = tmp_path / "calls.log"
    log.touch()
    kvm_device = tmp_path / "kvm"
    if kvm:
        kvm_device.touch()
    env = {
        "PATH": str(stub_bin),
        "HOME": str(tmp_path),
        "USER": "student",
        "STUB_LOG": str(log),
        "STUB_ARCH": arch,
        "STUB_KUBEVIRT_VERSION": KUBEVIRT_VERSION,
        "KVM_DEVICE": str(kvm_device),
        **({"STUB_MINIKUBE_STATUS": "0"} if cluster else {}),
    }
    bash = shutil.which("bash")
    result = subprocess.run(
        [bash, "walkthrough.sh"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60, check=False
    )
    calls = [line.split("\t") for line in log.read_text(encoding="utf-8").splitlines()]
    return Run(result.returncode, result.stdout, result.stderr, calls)


@pytest.mark.parametrize(("arch", "asset"), [("x86_64", "amd64"), ("aarch64", "arm64")])
@pytest.mark.parametrize("os_name", ["fedora", "debian"])
def test_downloads_name_the_right_asset(tmp_path, stub_bin, os_name, arch, asset) -> None:
    run = run_walkthrough(tmp_path, stub_bin, os_name=os_name, arch=arch, kvm=True)
    assert run.returncode == 0, run.stderr
    urls = [call[-1] for call in run.commands("curl")]
    assert f"https://storage.googleapis.com/minikube/releases/latest/minikube-linux-{asset}" in urls
    assert (
        f"https://github.com/kubevirt/kubevirt/releases/download/{KUBEVIRT_VERSION}/"
        f"virtctl-{KUBEVIRT_VERSION}-linux-{asset}"
    ) in urls
    assert not any("x86_64" in url or "aarch64" in url or "windows" in url for url in urls)
    assert run.has("sudo", "install", "-m", "0755", "virtctl", "/usr/local/bin")


def test_every_download_fails_on_http_errors(tmp_path, stub_bin) -> None:
    run = run_walkthrough(tmp_path, stub_bin, os_name="debian", arch="x86_64", kvm=True)
    curls = run.commands("curl")
    assert len(curls) == 3
    for call in curls:
        flags = [arg for arg in call[1:] if arg.startswith("-") and not arg.startswith("--")]
        assert any("f" in flag for flag in flags) or "--fail" in call, call


@pytest.mark.parametrize(("kvm", "patched"), [(True, False), (False, True)])
def test_emulation_is_switched_on_only_without_kvm(tmp_path, stub_bin, kvm, patched) -> None:
    run = run_walkthrough(tmp_path, stub_bin, os_name="fedora", arch="x86_64", kvm=kvm)
    assert run.returncode == 0, run.stderr
    patch = ("minikube", "kubectl", "--", "-n", "kubevirt", "patch", "kubevirt", "kubevirt", "--type=merge")
    assert run.has(*patch) is patched
    if patched:
        call = run.calls[run.index(*patch)]
        assert '"useEmulation":true' in call[-1]
        assert (
            run.index(
                "minikube",
                "kubectl",
                "--",
                "apply",
                "-f",
                f"https://github.com/kubevirt/kubevirt/releases/download/{KUBEVIRT_VERSION}/kubevirt-cr.yaml",
            )
            < run.index(*patch)
            < run.index("minikube", "kubectl", "--", "-n", "kubevirt", "wait")
        )


def test_the_cluster_is_started_once_with_the_final_flags(tmp_path, stub_bin) -> None:
    run = run_walkthrough(tmp_path, stub_bin, os_name="debian", arch="aarch64", kvm=False)
    starts = [call for call in run.commands("minikube") if call[1:2] == ["start"]]
    assert starts == [["minikube", "start", "--driver=docker", "--cni=flannel"]]
    assert [c for c in run.commands("minikube") if c[1:2] == ["delete"]] == [["minikube", "delete"]]


def test_steps_come_in_a_sensible_order(tmp_path, stub_bin) -> None:
    run = run_walkthrough(tmp_path, stub_bin, os_name="fedora", arch="x86_64", kvm=False)
    base = f"https://github.com/kubevirt/kubevirt/releases/download/{KUBEVIRT_VERSION}"
    order = [
        run.index("dnf", "config-manager", "addrepo"),
        run.index("dnf", "install", "-y", "docker-ce"),
        run.index("systemctl", "enable", "--now", "docker"),
        run.index("usermod", "-aG", "docker", "student"),
        run.index("install", "-m", "0755", "minikube-linux-amd64", "/usr/local/bin/minikube"),
        run.index("minikube", "status"),
        run.index("minikube", "start"),
        run.index("minikube", "kubectl", "--", "apply", "-f", f"{base}/kubevirt-operator.yaml"),
        run.index("minikube", "kubectl", "--", "apply", "-f", f"{base}/kubevirt-cr.yaml"),
        run.index("minikube", "kubectl", "--", "-n", "kubevirt", "patch"),
        run.index("minikube", "kubectl", "--", "-n", "kubevirt", "wait", "kv", "kubevirt"),
        run.index("curl", "-fL", "-o", "virtctl"),
        run.index("minikube", "kubectl", "--", "apply", "-f", "https://kubevirt.io/labs/manifests/vm.yaml"),
        run.index("virtctl", "start", "testvm"),
        run.index("virtctl", "stop", "testvm"),
        run.index("minikube", "kubectl", "--", "delete", "vm", "testvm"),
        run.index("minikube", "delete"),
    ]
    assert order == sorted(order)


def test_debian_uses_apt_and_fedora_uses_dnf(tmp_path, stub_bin) -> None:
    debian = run_walkthrough(tmp_path, stub_bin, os_name="debian", arch="x86_64", kvm=True)
    assert debian.has("apt-get", "install", "-y", "docker.io") and not debian.commands("dnf")


def test_an_existing_cluster_stops_the_walkthrough_before_anything_is_deployed(tmp_path, stub_bin) -> None:
    run = run_walkthrough(tmp_path, stub_bin, os_name="debian", arch="x86_64", kvm=True, cluster=True)
    assert run.returncode == 1
    assert "minikube delete" in run.stderr
    assert not run.has("minikube", "start") and not run.has("minikube", "delete")


def test_an_unsupported_architecture_stops_at_once(tmp_path, stub_bin) -> None:
    run = run_walkthrough(tmp_path, stub_bin, os_name="debian", arch="riscv64", kvm=True)
    assert run.returncode == 1
    assert "not riscv64" in run.stderr
    assert not run.commands("curl") and not run.commands("sudo")


def test_the_script_is_strict_bash_and_lints_clean() -> None:
    for os_name in ("fedora", "debian"):
        code = script(PAGE.relative_to(REPO), PAGE.read_text(encoding="utf-8"), os_name)
        assert code.startswith("#!/usr/bin/env bash\n") and "set -euo pipefail" in code
        assert subprocess.run(["bash", "-n"], input=code, text=True, check=False).returncode == 0
        assert lint_text("walkthrough.md", f"```bash\n{code}```\n") == []


def test_the_page_lints_clean() -> None:
    assert lint_text(str(PAGE), PAGE.read_text(encoding="utf-8")) == []


def test_the_page_has_no_seed_errata() -> None:
    text = PAGE.read_text(encoding="utf-8")
    code = "\n".join(s.code for s in steps(PAGE, text))
    for wrong in [
        "|| windows-amd64.exe",
        "kubectl create -f",
        "tr A-Z a-z",
        "kubernetes1.32",
        "kubevirt-config",
        "curl -L -o",
        "chmod +x virtctl",
        "sudo dnf install docker -y",
    ]:
        assert wrong not in code, wrong
    assert "# minikube delete" not in text


def test_steps_must_be_bash(tmp_path) -> None:
    page = tmp_path / "page.md"
    page.write_text("% step: oops\n```console\n$ ls\n```\n", encoding="utf-8")
    with pytest.raises(WalkthroughError, match=r"page.md:3: step 'oops' is a console block"):
        script(page, page.read_text(encoding="utf-8"), "fedora")


def test_cli(tmp_path, capsys) -> None:
    assert main([str(PAGE), "--os", "debian"]) == 0
    assert "apt-get install -y docker.io" in capsys.readouterr().out
    assert main([str(tmp_path / "missing.md")]) == 2
    assert "cannot read" in capsys.readouterr().err
    empty = tmp_path / "empty.md"
    empty.write_text("# Nothing\n", encoding="utf-8")
    assert main([str(empty)]) == 2
    assert "no steps found" in capsys.readouterr().err


def test_nothing_outside_the_stubs_ran(tmp_path, stub_bin) -> None:
    run = run_walkthrough(tmp_path, stub_bin, os_name="fedora", arch="x86_64", kvm=True)
    assert run.returncode == 0, run.stderr
    assert os.path.exists(tmp_path / "calls.log")
    assert {call[0] for call in run.calls} <= set(STUBS) | set(RECORD_ONLY)
