"""Task playbook: a role installs nginx on both servers, listening on nginx_port and
serving a templated page that names each host.

Graded on the servers themselves (testinfra), and on Ansible's own listing of the
playbook for the role.
"""

import re

import phase4_ansible as a
import pytest


@pytest.mark.points(2)
def test_playbook_applies_a_role(host):
    res = a.run(host, f"ansible-playbook {a.PLAYBOOK} --list-tasks")
    out = res.stdout + "\n" + res.stderr
    assert res.rc == 0, f"expected a playbook {a.ANSIBLE_DIR}/{a.PLAYBOOK}; ansible-playbook says: {a.last_error(out)}"
    roles = sorted(set(re.findall(r"^\s+(\S+) : ", res.stdout, re.MULTILINE)))
    assert roles, (
        f"expected {a.PLAYBOOK} to apply a role (roles/<name>/tasks/main.yml, listed under `roles:`); "
        "its tasks are all in the playbook"
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
