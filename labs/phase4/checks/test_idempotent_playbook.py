"""Task idempotent-playbook: configuration drift is repaired and nginx reloaded (a handler),
and a second run of the playbook changes nothing.

The check drifts the nginx configuration the playbook manages on web1 (a comment added to
the file that holds `listen <nginx_port>`), runs the playbook, and expects the file
restored and nginx's workers replaced (reloaded or restarted). Then it runs the playbook
once more and requires changed=0 on every host.
"""

import shlex
import time

import phase4_ansible as a
import pytest

DRIFT = "# drift added by the labctl check"


def _workers(h):
    return sorted(p.pid for p in h.process.filter(comm="nginx") if "worker" in (p.args or ""))


@pytest.mark.points(2)
def test_drift_is_repaired_and_nginx_reloaded(host, params):
    port = params["http_port"]
    h = host("web1")
    found = h.run(f"grep -rlE 'listen[[:space:]]+([^;]*:)?{port}([^0-9]|$)' /etc/nginx/ | xargs -r -n1 realpath | sort -u")
    files = [f for f in found.stdout.split() if f]
    assert files, (
        f"expected an nginx configuration file on web1 that listens on {port} (written by your role's "
        "template); there is none"
    )
    conf = files[0]
    before = _workers(h)
    assert before, "expected nginx running on web1 before the check's run; it is not"
    h.run(f"printf '%s\\n' {shlex.quote(DRIFT)} >> {shlex.quote(conf)}")
    assert DRIFT in h.file(conf).content_string, f"the check could not change {conf} on web1"
    res, recap = a.playbook(host)
    a.require_clean_run(res, recap, "after drifting web1's nginx configuration")
    assert DRIFT not in h.file(conf).content_string, (
        f"the check added a line to {conf} on web1 and ran the playbook; the line is still there: "
        "the playbook should manage that file with the template module"
    )
    after, deadline = _workers(h), time.time() + 5
    while not (after and set(after).isdisjoint(before)) and time.time() < deadline:
        time.sleep(0.5)  # old workers finish their requests before they exit
        after = _workers(h)
    assert after and set(after).isdisjoint(before), (
        f"the playbook restored {conf} on web1, but nginx kept its old worker processes: a changed "
        "configuration must reload nginx (a handler notified by the template task)"
    )


@pytest.mark.points(3)
def test_second_run_changes_nothing(host):
    res, recap = a.playbook(host)
    a.require_clean_run(res, recap, "the check's run of the playbook")
    assert len(recap) >= len(a.SERVERS), (
        f"expected the playbook to configure {', '.join(a.SERVERS)}; its recap lists: {', '.join(sorted(recap))}"
    )
    changed = {h: r["changed"] for h, r in recap.items() if r["changed"]}
    assert not changed, (
        "expected a second run to change nothing (changed=0); it reports "
        + ", ".join(f"changed={n} on {h}" for h, n in sorted(changed.items()))
        + ": use modules that check state (apt, template, service) instead of shell/command"
    )
