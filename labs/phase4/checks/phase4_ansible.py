"""Helpers shared by phase4's Ansible checks: run Ansible in the control node, read its recap."""

from __future__ import annotations

import re
import shlex
from typing import Any

SERVERS = ("web1", "web2")
ANSIBLE_DIR = "/lab/ansible"
PLAYBOOK = "site.yml"
_ENV = "ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0 ANSIBLE_CONFIG=/lab/ansible/ansible.cfg"
_RECAP = re.compile(
    r"^(?P<host>\S+)\s*:\s*ok=(?P<ok>\d+)\s+changed=(?P<changed>\d+)\s+unreachable=(?P<unreachable>\d+)"
    r"\s+failed=(?P<failed>\d+)", re.MULTILINE)


def run(host: Any, command: str, timeout: int = 150) -> Any:
    """Run a shell command in /lab/ansible of the control node (the workspace service)."""
    script = f"cd {ANSIBLE_DIR} && {_ENV} timeout {timeout} {command}"
    return host("workspace").run(f"bash -c {shlex.quote(script)}")


def last_error(output: str) -> str:
    """The most telling line of a failed Ansible run."""
    if "Unable to parse" in output and "inventory source" in output:
        return ("Ansible finds no inventory: write /lab/ansible/inventory.ini (the file "
                "ansible.cfg names), or point ansible.cfg's inventory at yours")
    if "No hosts matched" in output or "provided hosts list is empty" in output:
        return "the inventory has no group web (or it is empty)"
    lines = [ln.strip() for ln in output.splitlines() if ln.strip()]
    for pattern in (r"^(fatal|ERROR!|\[ERROR\])", r"^failed:", r"UNREACHABLE", r"^\[WARNING\]"):
        for ln in lines:
            if re.search(pattern, ln):
                return ln[:220]
    return lines[-1][:220] if lines else "no output"


def playbook(host: Any, *args: str) -> tuple[Any, dict[str, dict[str, int]]]:
    """ansible-playbook site.yml: (result, recap per host)."""
    res = run(host, f"ansible-playbook {PLAYBOOK} {' '.join(shlex.quote(a) for a in args)}")
    out = res.stdout + "\n" + res.stderr
    assert "could not be found" not in out or res.rc == 0, (
        f"expected a playbook {ANSIBLE_DIR}/{PLAYBOOK}; ansible-playbook says: {last_error(out)}"
    )
    recap = {m.group("host"): {k: int(m.group(k)) for k in ("ok", "changed", "unreachable", "failed")}
             for m in _RECAP.finditer(res.stdout)}
    return res, recap


def require_clean_run(res: Any, recap: dict[str, dict[str, int]], what: str) -> None:
    out = res.stdout + "\n" + res.stderr
    assert recap, f"{what}: ansible-playbook {PLAYBOOK} did not run: {last_error(out)}"
    bad = {h: r for h, r in recap.items() if r["failed"] or r["unreachable"]}
    assert not bad, (
        f"{what}: the playbook failed on {', '.join(sorted(bad))}: {last_error(res.stdout)}"
    )


def served_hosts(recap: dict[str, dict[str, int]]) -> set[str]:
    return set(recap)
