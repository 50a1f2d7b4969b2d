"""Task inventory: the group `web` reaches both servers, and sets nginx_port.

Graded by asking Ansible itself (ad-hoc commands from the control node), so INI or YAML
inventories, host names or addresses, [web:vars] or group_vars/ all pass.
"""

import contextlib
import json
import re

import phase4_ansible as a
import pytest


@pytest.mark.points(3)
def test_web_group_reaches_both_servers(host):
    res = a.run(host, "ansible web -m ansible.builtin.command -a hostname -o")
    out = res.stdout + "\n" + res.stderr
    reached = set(re.findall(r"\|\s*CHANGED\s*\|\s*rc=0\s*\|\s*\(stdout\)\s*(\S+)", res.stdout))
    assert reached, f"expected `ansible web` to reach web1 and web2; {a.last_error(out)}"
    assert reached == set(a.SERVERS), (
        f"expected the group web to reach exactly the servers {', '.join(a.SERVERS)}; it reached: "
        f"{', '.join(sorted(reached)) or 'none'} ({a.last_error(out)})"
    )


@pytest.mark.points(2)
def test_group_sets_nginx_port(host, params):
    res = a.run(host, "ansible web -m ansible.builtin.debug -a var=nginx_port -o")
    values = {}
    for line in res.stdout.splitlines():
        m = re.match(r"^(\S+)\s*\|\s*SUCCESS\s*=>\s*(\{.*\})\s*$", line.strip())
        if m:
            with contextlib.suppress(ValueError):
                values[m.group(1)] = json.loads(m.group(2)).get("nginx_port")
    assert values, f"expected hosts in the group web; Ansible says: {a.last_error(res.stdout + res.stderr)}"
    want = params["http_port"]
    wrong = {h: v for h, v in values.items() if str(v) != str(want)}
    assert not wrong, (
        f"expected the variable nginx_port = {want} for every host of web; "
        + ", ".join(f"{h} has {v}" for h, v in sorted(wrong.items()))
    )
    # a variable of the group, not one repeated on each host (or set for every group)
    exported = a.run(host, "ansible-inventory --list --export")
    try:
        groups = json.loads(exported.stdout)
    except ValueError:
        groups = {}
    group_vars = (groups.get("web") or {}).get("vars") or {}
    if str(group_vars.get("nginx_port")) != str(want):
        where = ("on each host" if any("nginx_port" in v for v in (groups.get("_meta") or {}).get("hostvars", {}).values())
                 else "for another group" if any("nginx_port" in (g.get("vars") or {}) for g in groups.values()
                                                  if isinstance(g, dict)) else "outside the inventory")
        raise AssertionError(
            f"every host of web has nginx_port = {want}, but it is set {where}: make it a variable of the "
            "group web ([web:vars] in the inventory, or group_vars/web.yml beside it)"
        )
