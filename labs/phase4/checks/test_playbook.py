"""Task playbook: a role installs nginx on both servers, listening on nginx_port and
serving a templated page that names each host.

Graded on a real run of the playbook (it must succeed, and its tasks must come from a
role), on a dry run with another nginx_port (the templated configuration follows the
variable and notifies a handler), and on the servers themselves (testinfra).
"""

import re

import phase4_ansible as a
import pytest

_ROLE_TASK = re.compile(r"^TASK \[(\S[^\]]*?) : [^\]]*\]", re.MULTILINE)
_HANDLER = re.compile(r"^RUNNING HANDLER \[([^\]]*)\]", re.MULTILINE)


@pytest.mark.points(2)
def test_playbook_runs_and_applies_a_role(host):
    """The servers' state must come from the playbook as it is now: run it (it converges, so
    a run on configured servers changes nothing) and read which role its tasks came from.
    Tasks of a role show as `TASK [role : name]` whether it is applied with `roles:`,
    `import_role` or `include_role`."""
    res, recap = a.playbook(host)
    a.require_clean_run(res, recap, "the check's run of site.yml")
    missing = [s for s in a.SERVERS if s not in recap]
    assert not missing, (
        f"expected site.yml to configure {', '.join(a.SERVERS)} (hosts: web); its run configured: "
        f"{', '.join(sorted(recap)) or 'no host'}"
    )
    roles = sorted(set(_ROLE_TASK.findall(res.stdout)))
    assert roles, (
        f"expected {a.PLAYBOOK} to apply a role (roles/<name>/tasks/main.yml, applied with `roles:`, "
        "`import_role` or `include_role`); every task it ran is written in the playbook itself"
    )


@pytest.mark.points(2)
def test_config_follows_nginx_port_and_notifies_a_handler(host, params):
    """A dry run (--check --diff) on web1 with another nginx_port: the templated configuration
    must change to the new port, and that change must notify a handler."""
    other = 18000 + int(params["http_port"]) % 1000
    res, recap = a.playbook(host, "--check", "--diff", "--limit", "web1", "-e", f"nginx_port={other}")
    a.require_clean_run(res, recap, f"a dry run of site.yml with nginx_port={other}")
    assert re.search(rf"^\+.*\blisten\b[^;\n]*\b{other}\b", res.stdout, re.MULTILINE), (
        f"a dry run of site.yml with nginx_port={other} would not change nginx's configuration to listen on "
        f"{other}: configure the port from a Jinja2 template that uses the variable nginx_port "
        "({{ nginx_port }}), not a fixed number"
    )
    assert _HANDLER.search(res.stdout), (
        "a dry run with another nginx_port changes nginx's configuration but notifies no handler: "
        "the template task needs `notify:` naming a handler (handlers/main.yml) that reloads nginx"
    )


@pytest.mark.parametrize("server", a.SERVERS)
@pytest.mark.points(2)
def test_nginx_installed(host, server):
    pkg = host(server).package("nginx")
    assert pkg.is_installed, f"expected the nginx package installed on {server}; it is not"


@pytest.mark.parametrize("server", a.SERVERS)
@pytest.mark.points(2)
def test_nginx_listens_on_port(host, params, server):
    port = params["http_port"]
    h = host(server)
    assert h.process.filter(comm="nginx"), f"expected nginx running on {server}; no nginx process"
    listening = [s for s in h.socket.get_listening_sockets() if s.endswith(f":{port}")]
    assert listening, (
        f"expected nginx on {server} to listen on port {port} (nginx_port); it listens on: "
        f"{', '.join(s for s in h.socket.get_listening_sockets() if s.startswith('tcp')) or 'nothing'}"
    )
    conf = h.run("nginx -t 2>&1")
    lines = [ln for ln in conf.stdout.splitlines() if ln.strip()]
    why = next((ln for ln in lines if "[emerg]" in ln), lines[0] if lines else f"exit {conf.rc}")
    assert conf.rc == 0, (
        f"nginx on {server} runs an older configuration: the one on disk does not load "
        f"(`nginx -t`: {why.strip()[:200]})"
    )


@pytest.mark.parametrize("server", a.SERVERS)
@pytest.mark.points(3)
def test_page_names_the_host(http, params, server):
    port = params["http_port"]
    status, body = http.inside(server, f"http://localhost:{port}/")
    assert status == 200, f"expected http://{server}:{port}/ to answer HTTP 200; it answered {status or 'nothing'}"
    assert params["project"] in body, (
        f"expected the page on {server} to mention the project {params['project']}; it reads: {body.strip()[:100]!r}"
    )
    assert re.search(rf"\b{server}\b", body), (
        f"expected the page on {server} to name its host, {server} (a template variable such as "
        f"inventory_hostname); it reads: {body.strip()[:100]!r}"
    )
    others = [s for s in a.SERVERS if s != server and re.search(rf"\b{s}\b", body)]
    assert not others, f"the page on {server} names {', '.join(others)}: each page should name its own host"
