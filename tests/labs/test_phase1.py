"""The phase1 lab graded for real: alternative correct solutions score full marks, plausible
wrong ones lose exactly the related points.

One env for the whole module (`up` is the slow part); the tests run in file order, each
building on the state the previous one left:

1. the fresh env scores nothing;
2. a first set of wrong solutions, one per task, on the fresh env;
3. each is undone and replaced by an alternative correct solution (not the reference one):
   full marks;
4. a second set of wrong solutions, small mutations of that correct state.

The reference solutions are proven by `labctl test phase1` (fresh env fails, solved env
scores full).
"""

from __future__ import annotations

import shlex
from collections.abc import Iterator

import pytest

from labctl.testing import GradeReport, LabEnv

pytestmark = [pytest.mark.docker, pytest.mark.slow]


@pytest.fixture(scope="module")
def lab(docker_engine: object) -> Iterator[LabEnv]:
    with LabEnv("phase1") as env:
        yield env


def failed(report: GradeReport, task: str) -> dict[str, str]:
    """check name -> message, for the failed checks of a task."""
    return {c.name: c.message for c in report.task(task).checks if not c.passed}


def partial(report: GradeReport, task: str) -> bool:
    t = report.task(task)
    return bool(0 < t.score < t.max_score)


def test_fresh_env_scores_nothing(lab: LabEnv) -> None:
    report = lab.grade()
    scored = {t.id: t.score for t in report.tasks if t.score}
    assert not scored, f"an untouched env must score 0 everywhere; it scored {scored}"
    passing = [f"{t.id}::{c.name}" for t in report.tasks for c in t.checks if c.passed]
    assert not passing, f"no check may pass on an untouched env; these did: {passing}"


# -- 2. wrong solutions on the fresh env ---------------------------------------

WRONG_ON_WEB = r"""
set -euo pipefail
u="$LAB_PARAM_DEPLOY_USER" g="$LAB_PARAM_APP_GROUP"

# users: account, groups and shared folder right, but no key installed and passwords still on
groupadd -f "$g"
useradd -m -s /bin/bash -G "sudo,$g" "$u"
chgrp -R "$g" /srv/shop && chmod -R g+w /srv/shop

# backup: `|| echo` swallows the failure (exit 0) and tar leaves an empty archive behind
cat > /usr/local/bin/shop-backup <<'EOF'
#!/bin/bash
mkdir -p /var/backups/shop
tar -czf "/var/backups/shop/shop-$(date +%F).tar.gz" -C /srv shop || echo "backup failed"
EOF
chmod +x /usr/local/bin/shop-backup

# cron: one hour late
echo "$LAB_PARAM_BACKUP_MINUTE $(( (LAB_PARAM_BACKUP_HOUR + 1) % 24 )) * * * root /usr/local/bin/shop-backup" \
  > /etc/cron.d/shop-backup
service cron start

# logs: counted the first field, which is the load balancer
mkdir -p /root/reports
awk '{ print $1 }' /var/log/nginx/access.log.1 | sort | uniq -c | sort -rn | head -n 5 \
  > /root/reports/top-clients.txt

# network: fixed the syntax error but left the site on port 80; the alias is right
sed -i 's/listen 80 default_server$/listen 80;/' /etc/nginx/sites-available/shop
nginx
echo "$(getent ahostsv4 backup01 | awk 'NR == 1 { print $1 }') $LAB_PARAM_BACKUP_ALIAS" >> /etc/hosts
"""

WRONG_ON_WORKSPACE = r"""
set -euo pipefail
cd /root/shop-site
branch="feature/OPS-$LAB_PARAM_TICKET-maintenance-page"
git init -q -b main
git config user.name "Sam Ops"
git config user.email "$LAB_PARAM_GIT_EMAIL"
git add -A && git commit -q -m "Import the site"
git checkout -q -b "$branch"
echo '<h1>Back soon</h1>' > maintenance.html
git add maintenance.html && git commit -q -m "OPS-$LAB_PARAM_TICKET: maintenance page"
git checkout -q main
# git: a hook that only looks for trailing spaces, not tabs
cat > .git/hooks/pre-commit <<'EOF'
#!/bin/sh
if git diff --cached | grep -q '^+.* $'; then
  echo "trailing spaces" >&2
  exit 1
fi
EOF
chmod +x .git/hooks/pre-commit
"""


def test_plausible_wrong_solutions_lose_the_related_points(lab: LabEnv) -> None:
    lab.exec("web", WRONG_ON_WEB)
    lab.exec("workspace", WRONG_ON_WORKSPACE)
    report = lab.grade()
    p = lab.params

    users = failed(report, "users")
    assert set(users) == {"test_deploy_key_login", "test_password_login_is_off"}, users
    assert partial(report, "users")

    backup = failed(report, "backup")
    assert set(backup) == {"test_backup_fails_loudly", "test_failed_run_leaves_no_archive"}, backup
    assert "exited with status 0" in backup["test_backup_fails_loudly"]

    cron = failed(report, "cron")
    assert set(cron) == {"test_backup_scheduled_daily"}, cron
    late = f"{(p['backup_hour'] + 1) % 24:02d}:{p['backup_minute']:02d}"
    assert late in cron["test_backup_scheduled_daily"], cron

    logs = failed(report, "logs")
    assert report.task("logs").score == 0, logs
    assert "load balancer" in logs["test_top_five_clients"], logs

    network = failed(report, "network")
    assert set(network) == {"test_storefront_on_its_port"}, network
    assert "connection refused" in network["test_storefront_on_its_port"], network

    git = failed(report, "git")
    assert set(git) == {"test_hook_rejects_trailing_whitespace"}, git
    assert "tab" in git["test_hook_rejects_trailing_whitespace"], git


# -- 3. alternative correct solutions ------------------------------------------

ALT_USERS = r"""
set -euo pipefail
u="$LAB_PARAM_DEPLOY_USER" g="$LAB_PARAM_APP_GROUP"
userdel -r "$u" 2>/dev/null || true
# adduser instead of useradd; the key written as root; the migration drop-in flipped in place
adduser --disabled-password --gecos "" --quiet "$u"
adduser --quiet "$u" sudo
adduser --quiet "$u" "$g"
install -d -m 0700 -o "$u" -g "$u" "/home/$u/.ssh"
printf '%s\n' "$PUB" > "/home/$u/.ssh/authorized_keys"
chmod 0644 "/home/$u/.ssh/authorized_keys"
sed -i 's/^PasswordAuthentication yes/PasswordAuthentication no/' /etc/ssh/sshd_config.d/10-migration.conf
kill -HUP "$(cat /run/sshd.pid)"
# numeric modes with find instead of chmod -R g+w
chown -R root:"$g" /srv/shop
find /srv/shop -type d -exec chmod 2775 {} +
find /srv/shop -type f -exec chmod 0664 {} +
"""

ALT_WEB = r"""
set -euo pipefail
# backup: a Python script (tarfile, temporary file renamed on success)
cat > /usr/local/bin/shop-backup <<'EOF'
#!/usr/bin/env python3
import datetime, os, sys, tarfile, tempfile

SRC, DEST = "/srv/shop", "/var/backups/shop"


def main():
    if not os.path.isdir(SRC):
        print(f"shop-backup: {SRC} does not exist", file=sys.stderr)
        return 1
    os.makedirs(DEST, exist_ok=True)
    final = os.path.join(DEST, f"shop-{datetime.date.today():%Y-%m-%d}.tar.gz")
    fd, tmp = tempfile.mkstemp(dir=DEST, prefix=".partial-")
    os.close(fd)
    try:
        with tarfile.open(tmp, "w:gz") as tar:
            tar.add(SRC, arcname="shop")
        os.replace(tmp, final)
    except OSError as exc:
        os.path.exists(tmp) and os.unlink(tmp)
        print(f"shop-backup: {exc}", file=sys.stderr)
        return 1
    return 0


sys.exit(main())
EOF
chmod 0755 /usr/local/bin/shop-backup

# cron: root's crontab, equivalent ranges and steps, a zero-padded minute; the daemon started directly
rm -f /etc/cron.d/shop-backup
printf 'MAILTO=""\n%02d %s 1-31 */1 0-7 /usr/local/bin/shop-backup >>/var/log/shop-backup.log 2>&1\n' \
  "$LAB_PARAM_BACKUP_MINUTE" "$LAB_PARAM_BACKUP_HOUR" | crontab -
pgrep -x cron >/dev/null || /usr/sbin/cron

# logs: one awk program, "ip,count" with a header line
awk -F'"' '$8 != "-" { n[$8]++ } END { for (ip in n) printf "%s,%d\n", ip, n[ip] }' /var/log/nginx/access.log.1 \
  | sort -t, -k2,2nr | head -n 5 | sed '1i client,requests' > /root/reports/top-clients.txt

# network: a new server block in conf.d instead of fixing the old site; the alias on a
# line with several names, /etc/hosts rewritten in place (it is bind-mounted)
rm -f /etc/nginx/sites-enabled/shop
cat > /etc/nginx/conf.d/storefront.conf <<EOF
server {
    listen $LAB_PARAM_WEB_PORT;
    root /srv/shop/public;
    location / { try_files \$uri \$uri/ =404; }
}
EOF
nginx -t
nginx -s reload
grep -v -- "$LAB_PARAM_BACKUP_ALIAS" /etc/hosts > /tmp/hosts.new
cat /tmp/hosts.new > /etc/hosts
echo "$(getent ahostsv4 backup01 | awk 'NR == 1 { print $1 }') backup01.internal $LAB_PARAM_BACKUP_ALIAS" \
  | tee -a /etc/hosts >/dev/null
"""

ALT_WORKSPACE = r"""
set -euo pipefail
cd /root/shop-site
rm -rf .git
# identity in the global config; master renamed to main; a Python hook in a committed
# folder named by core.hooksPath; git switch instead of checkout
git config --global user.name "Alex Ops"
git config --global user.email "$LAB_PARAM_GIT_EMAIL"
git init -q
git add -A && git commit -q -m "Initial import"
git branch -m main
mkdir -p .githooks
cat > .githooks/pre-commit <<'EOF'
#!/usr/bin/env python3
# Reject staged lines that end in whitespace.
import subprocess
import sys

diff = subprocess.run(["git", "diff", "--cached", "-U0", "--no-color"],
                      capture_output=True, text=True, check=True).stdout
bad = [line for line in diff.splitlines()
       if line.startswith("+") and not line.startswith("+++") and line != line.rstrip()]
if bad:
    print("trailing whitespace in:", *bad, sep="\n  ", file=sys.stderr)
    sys.exit(1)
EOF
chmod +x .githooks/pre-commit
git config core.hooksPath .githooks
git add .githooks && git commit -q -m "Add the whitespace guard"
git switch -q -c "feature/OPS-$LAB_PARAM_TICKET-maintenance-page"
printf '<!doctype html>\n<title>Maintenance</title>\n<p>Back soon.</p>\n' > maintenance.html
git add maintenance.html && git commit -q -m "Add a maintenance page"
git switch -q main
"""


def test_alternative_correct_solutions_score_full(lab: LabEnv) -> None:
    pub = lab.exec("workspace", "cat /root/.ssh/deploy_ed25519.pub").stdout.strip()
    lab.exec("web", f"PUB={shlex.quote(pub)}\n{ALT_USERS}")
    lab.exec("web", ALT_WEB)
    lab.exec("workspace", ALT_WORKSPACE)
    report = lab.grade()
    problems = {t.id: t.feedback for t in report.tasks if not t.passed}
    assert not problems, problems
    assert report.score == report.max_score


# -- 4. more wrong solutions: small mutations of the correct state --------------

MUTATE_WEB = r"""
set -euo pipefail
# users: "it did not work, so I made it world-writable"
chmod o+w /srv/shop/public
# backup: the error message goes to stdout
cat > /usr/local/bin/shop-backup <<'EOF'
#!/bin/bash
set -e
[ -d /srv/shop ] || { echo "shop-backup: /srv/shop is missing"; exit 1; }
mkdir -p /var/backups/shop
tmp=$(mktemp /var/backups/shop/.tmp.XXXXXX)
tar -czf "$tmp" -C /srv shop
mv "$tmp" "/var/backups/shop/shop-$(date +%F).tar.gz"
EOF
# cron: the right line, in a cron.d file whose name cron ignores
crontab -r
echo "$LAB_PARAM_BACKUP_MINUTE $LAB_PARAM_BACKUP_HOUR * * * root /usr/local/bin/shop-backup" \
  > /etc/cron.d/shop-backup.cron
# logs: the right five, but `sort -n | tail` left them in ascending order
awk -F'"' '$8 != "-" { print $8 }' /var/log/nginx/access.log.1 | sort | uniq -c | sort -n | tail -n 5 \
  > /root/reports/top-clients.txt
# network: the alias points at web01 itself
grep -v -- "$LAB_PARAM_BACKUP_ALIAS" /etc/hosts > /tmp/hosts.new
echo "$(hostname -i | awk '{ print $1 }') $LAB_PARAM_BACKUP_ALIAS" >> /tmp/hosts.new
cat /tmp/hosts.new > /etc/hosts
"""

# git: the hook lost its executable bit (e.g. written with an editor, never chmod'ed)
MUTATE_WORKSPACE = "chmod -x /root/shop-site/.githooks/pre-commit"


def test_more_wrong_solutions_lose_the_related_points(lab: LabEnv) -> None:
    lab.exec("web", MUTATE_WEB)
    lab.exec("workspace", MUTATE_WORKSPACE)
    report = lab.grade()

    users = failed(report, "users")
    assert set(users) == {"test_app_folder_belongs_to_the_group", "test_deploy_user_can_write_releases"}, users
    assert "/srv/shop/public" in users["test_app_folder_belongs_to_the_group"], users
    assert "only because everybody can" in users["test_deploy_user_can_write_releases"], users

    backup = failed(report, "backup")
    assert set(backup) == {"test_backup_fails_loudly"}, backup
    assert "stdout" in backup["test_backup_fails_loudly"], backup

    cron = failed(report, "cron")
    assert set(cron) == {"test_backup_scheduled_daily"}, cron
    assert "cron ignores /etc/cron.d/shop-backup.cron" in cron["test_backup_scheduled_daily"], cron

    logs = failed(report, "logs")
    assert set(logs) == {"test_top_five_clients"}, logs
    assert "busiest first" in logs["test_top_five_clients"], logs
    assert partial(report, "logs")

    network = failed(report, "network")
    assert set(network) == {"test_backup_alias_resolves"}, network

    git = failed(report, "git")
    assert set(git) == {"test_hook_rejects_trailing_whitespace", "test_hook_accepts_clean_commits"}, git
    assert "not executable" in git["test_hook_rejects_trailing_whitespace"], git


def test_every_env_has_its_own_keys_and_the_workstation_takes_no_admin_login(lab: LabEnv) -> None:
    # In a class every student holds their env's admin key: it must open nothing of anyone else's.
    script = ("cat /root/.ssh/id_ed25519.pub /root/.ssh/deploy_ed25519.pub; "
              "ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub | cut -d' ' -f2")
    with LabEnv("phase1") as other:
        mine = lab.exec("workspace", script).stdout.split("\n")
        theirs = other.exec("workspace", script).stdout.split("\n")
        assert len(mine) >= 3 and not set(mine[:3]) & set(theirs[:3]), (mine, theirs)
        web_host_keys = {env.exec("web", "ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub").stdout
                         for env in (lab, other)}
        assert len(web_host_keys) == 2
        # the other env's admin key does not open this env's web01
        key = other.exec("workspace", "cat /root/.ssh/id_ed25519").stdout
        login = ("install -m 0600 /dev/stdin /tmp/theirs <<'KEY'\n" + key + "KEY\n"
                 "ssh -F /dev/null -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null "
                 "-o IdentitiesOnly=yes -i /tmp/theirs admin@web01 true")
        assert lab.exec("workspace", login, check=False).returncode != 0
    # while its own admin key does, and the workstation itself takes no admin login at all
    ssh = ("ssh -F /dev/null -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null "
           "-o IdentitiesOnly=yes -i /root/.ssh/id_ed25519")
    assert lab.exec("workspace", f"{ssh} admin@web01 true", check=False).returncode == 0
    assert lab.exec("workspace", f"{ssh} admin@localhost true", check=False).returncode != 0
