"""Task network: nginx serves the shop on the env's port; web01 resolves the backup alias."""

import re

import pytest

INDEX = "/srv/shop/public/index.html"
CURL_ERRORS = {
    6: "the name web01 does not resolve",
    7: "connection refused: nothing listens on that port (is nginx running? `ss -ltnp` on web01)",
    28: "no answer within 8 s",
    52: "the server closed the connection without answering",
    56: "the connection was reset",
}


def _title(body):
    match = re.search(r"<title>(.*?)</title>", body, re.I | re.S)
    if match:
        return f"a page titled '{match.group(1).strip()}'"
    first = body.strip().splitlines()[0][:60] if body.strip() else ""
    return f"'{first}'" if first else "an empty page"


@pytest.mark.points(3)
def test_storefront_on_its_port(host, params):
    url = f"http://web01:{params['web_port']}/"
    result = host("workspace").run("curl -sS -i -m 8 %s", url)
    assert result.rc == 0, (
        f"GET {url} from your workstation failed: {CURL_ERRORS.get(result.rc, result.stderr.strip())}"
    )
    head, _, body = result.stdout.replace("\r\n", "\n").partition("\n\n")
    status_line = head.splitlines()[0] if head else ""
    status = status_line.split()[1] if len(status_line.split()) > 1 else "?"
    server = next((ln.split(":", 1)[1].strip() for ln in head.splitlines() if ln.lower().startswith("server:")), "")
    assert server.lower().startswith("nginx"), (
        f"{url} is answered by '{server or 'an unnamed server'}', not by nginx"
    )
    assert status == "200", f"GET {url} answered HTTP {status}, expected 200 with the shop's home page"
    index = host("web").file(INDEX)
    assert index.exists, f"{INDEX} is missing on web01"
    assert body.strip() == index.content_string.strip(), (
        f"{url} serves {_title(body)}, not the shop's home page ({INDEX})"
    )


# What nginx would load on its next start or reload: its config test, and the ports it listens on.
ON_DISK = r"""
out=$(nginx -t 2>&1); echo "test_rc=$?"
echo "test_err=$(printf '%s\n' "$out" | grep -v 'test is successful\|syntax is ok' | grep . | tail -n1)"
nginx -T 2>/dev/null | sed -n 's/^[[:space:]]*listen[[:space:]]\{1,\}\([^;[:space:]]*\).*/listen=\1/p'
"""


def test_nginx_configuration_on_disk_loads(host, params):
    port = str(params["web_port"])
    result = host("web").run("sh -c %s", ON_DISK)
    facts = {}
    listens = []
    for line in result.stdout.splitlines():
        key, _, value = line.partition("=")
        if key == "listen":
            listens.append(value.rsplit(":", 1)[-1])
        else:
            facts.setdefault(key, value)
    assert facts.get("test_rc") == "0", (
        f"nginx's configuration on disk does not load (`nginx -t`: {facts.get('test_err') or 'failed'}): "
        "even if nginx answers now, its next start or reload would fail"
    )
    assert port in listens, (
        f"nginx's configuration on disk has no server listening on port {port} (it listens on "
        f"{', '.join(sorted(set(listens))) or 'nothing'}): the next start or reload would move the shop"
    )


@pytest.mark.points(2)
def test_backup_alias_resolves(host, params):
    name = params["backup_alias"]
    backup_ips = host("backup").run("hostname -I").stdout.split()
    result = host("web").run("getent ahostsv4 %s", name)
    lines = result.stdout.strip().splitlines()
    assert result.rc == 0 and lines, f"{name} does not resolve on web01 (getent hosts {name} finds nothing)"
    resolved = lines[0].split()[0]
    assert resolved in backup_ips, (
        f"on web01 {name} resolves to {resolved}, but backup01's address is {', '.join(backup_ips)}"
    )
