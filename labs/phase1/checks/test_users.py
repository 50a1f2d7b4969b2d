"""Task users: the deploy account on web01, its groups, key-only SSH, the shared app folder."""

import re

import pytest

APP_DIR = "/srv/shop"
# The key the lab gave the learner (the same as ~/.ssh/deploy_ed25519 on the
# workstation, kept where a learner's cleanup cannot remove it).
DEPLOY_KEY = "/opt/lab/keys/deploy_ed25519"
# Key exchange: curve25519 first. OpenSSH 9's default, sntrup761x25519, costs the client
# ~140 ms of CPU per connection here against ~20 ms (a class of 30 grades 60 logins at once);
# the rest of the default list follows, so an sshd restricted to any of them still answers.
KEX = (
    "curve25519-sha256,curve25519-sha256@libssh.org,sntrup761x25519-sha512@openssh.com,"
    "ecdh-sha2-nistp256,ecdh-sha2-nistp384,ecdh-sha2-nistp521,diffie-hellman-group-exchange-sha256,"
    "diffie-hellman-group16-sha512,diffie-hellman-group18-sha512,diffie-hellman-group14-sha256"
)
SSH_OPTS = (
    "-F /dev/null -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null "
    f"-o ConnectTimeout=15 -o LogLevel=ERROR -o KexAlgorithms={KEX}"
)
# ssh "$@", tried again (3 times in all) when the connection itself failed (exit 255 without
# an authentication verdict), so that a busy machine is not mistaken for a wrong answer.
SSH_RETRY = r"""
err=$(mktemp)
for attempt in 1 2 3; do
  ssh "$@" 2>"$err"; rc=$?
  if [ "$rc" -ne 255 ] || grep -q "Permission denied" "$err"; then break; fi
  sleep 2
done
cat "$err" >&2
exit "$rc"
"""

# One exec gathers what three checks need: passwd entry, groups, home folder.
ACCOUNT = r"""
name="$1"
ent=$(getent passwd "$name") || { echo "exists=no"; exit 0; }
home=$(printf '%s' "$ent" | cut -d: -f6)
shell=$(printf '%s' "$ent" | cut -d: -f7)
echo "exists=yes"
echo "home=$home"
echo "shell=$shell"
if grep -qxF -- "$shell" /etc/shells && [ -x "$shell" ]; then echo "login_shell=yes"; fi
echo "groups=$(id -Gn "$name")"
if [ -d "$home" ]; then echo "home_owner=$(stat -c %U "$home")"; else echo "home_owner="; fi
"""


def _facts(text):
    return dict(line.partition("=")[::2] for line in text.splitlines() if "=" in line)


@pytest.fixture(scope="module")
def account(host, env):
    name = env.params["deploy_user"]
    facts = _facts(host("web").run("sh -c %s account %s", ACCOUNT, name).stdout)
    facts["name"] = name
    return facts


def _require_user(account):
    name = account["name"]
    assert account.get("exists") == "yes", f"there is no user {name} on web01 (getent passwd {name} finds nothing)"


@pytest.mark.points(2)
def test_deploy_user_has_a_home(account):
    _require_user(account)
    name, home = account["name"], account["home"]
    assert home == f"/home/{name}", f"{name}'s home should be /home/{name}; it is {home or 'not set'}"
    assert account["home_owner"], f"{name}'s home folder {home} does not exist"
    assert account["home_owner"] == name, f"{home} should belong to {name}; it belongs to {account['home_owner']}"


def test_deploy_user_has_a_login_shell(account):
    _require_user(account)
    name, shell = account["name"], account.get("shell", "")
    assert account.get("login_shell") == "yes", (
        f"{name} should have a login shell (one listed in /etc/shells, e.g. /bin/bash); its shell is "
        f"{shell or 'not set'}" + (", which refuses logins" if shell.endswith(("nologin", "false")) else "")
    )


@pytest.mark.points(2)
def test_deploy_user_groups(account, params):
    _require_user(account)
    groups = account["groups"].split()
    missing = [g for g in ("sudo", params["app_group"]) if g not in groups]
    assert not missing, (
        f"{account['name']} should be in the groups sudo and {params['app_group']}; "
        f"missing: {', '.join(missing)} (it is in: {', '.join(groups)})"
    )


@pytest.mark.points(5)
def test_deploy_key_login(host, params):
    name = params["deploy_user"]
    result = host("workspace").run(
        f"sh -c %s ssh {SSH_OPTS} -i {DEPLOY_KEY} -o IdentitiesOnly=yes -o PasswordAuthentication=no "
        "-o KbdInteractiveAuthentication=no %s id -un",
        SSH_RETRY, f"{name}@web01",
    )
    err = result.stderr.strip().splitlines()[-1] if result.stderr.strip() else ""
    assert result.rc == 0, (
        f"ssh -i ~/.ssh/deploy_ed25519 {name}@web01 from the workstation failed "
        f"(exit {result.rc}): {err or 'no message'}"
    )
    who = result.stdout.strip()
    assert who == name, f"the SSH login with the deploy key landed as '{who}', expected {name}"


@pytest.mark.points(3)
def test_password_login_is_off(host, params):
    name = params["deploy_user"]
    # Without a key to offer, sshd's refusal lists the methods it would still accept.
    result = host("workspace").run(
        f"sh -c %s ssh {SSH_OPTS} -o PubkeyAuthentication=no "
        "-o PreferredAuthentications=keyboard-interactive,password %s true",
        SSH_RETRY, f"{name}@web01",
    )
    match = re.search(r"Permission denied \(([^)]*)\)", result.stderr)
    if match is None:
        detail = result.stderr.strip().splitlines()[-1] if result.stderr.strip() else f"exit {result.rc}"
        raise AssertionError(f"could not ask sshd on web01 which logins it offers {name}: {detail}")
    methods = [m.strip() for m in match.group(1).split(",") if m.strip()]
    bad = [m for m in methods if m in ("password", "keyboard-interactive")]
    assert not bad, (
        f"sshd on web01 still offers {name} password logins ({', '.join(bad)}); only publickey should be "
        "left (look at `sshd -T`, then reload sshd)"
    )
    # The running sshd is right; the configuration on disk must say the same, or the next
    # restart brings passwords back (or, if it does not even load, takes SSH down).
    disk = host("web").run("sh -c %s disk %s", ON_DISK, name)
    facts = _facts(disk.stdout)
    if facts.get("test_rc") != "0":
        raise AssertionError(
            "the running sshd offers only keys, but its configuration on disk does not load "
            f"(`sshd -t`: {facts.get('test_err') or 'failed'}): the next restart of sshd would fail"
        )
    still = [k for k in ("passwordauthentication", "kbdinteractiveauthentication") if facts.get(k) == "yes"]
    assert not still, (
        f"the running sshd offers {name} only keys, but the configuration on disk still turns on "
        f"{' and '.join(still)} for {name} (`sshd -T`): the next restart would bring password logins back"
    )


# What sshd would do after a restart: its config test, and the effective settings for the user.
ON_DISK = r"""
name="$1"
err=$(sshd -t 2>&1); echo "test_rc=$?"; echo "test_err=$(printf '%s' "$err" | tail -n1)"
ws=$(getent ahostsv4 workstation | awk 'NR == 1 { print $1 }')
me=$(hostname -i | awk '{ print $1 }')
sshd -T -C "user=$name,host=workstation,addr=${ws:-127.0.0.1},laddr=${me:-127.0.0.1},lport=22" 2>/dev/null   | awk '$1 == "passwordauthentication" || $1 == "kbdinteractiveauthentication" { print $1 "=" $2 }'
"""


@pytest.mark.points(2)
def test_app_folder_belongs_to_the_group(host, params):
    group = params["app_group"]
    result = host("web").run(
        "test -d %s || exit 3; getent group %s >/dev/null || exit 4; find %s ! -type l \\( ! -group %s -o ! -perm -g=w -o -perm -o=w \\) "
        "-printf '%%p %%g %%M\\n'",
        APP_DIR, group, APP_DIR, group,
    )
    assert result.rc != 3, f"{APP_DIR} is missing on web01"
    assert result.rc != 4, f"there is no group {group} on web01 yet"
    assert result.rc == 0, f"could not list {APP_DIR}: {result.stderr.strip()}"
    wrong = result.stdout.strip().splitlines()
    if wrong:
        path, grp, mode = [*wrong[0].rsplit(" ", 2), "", ""][:3]
        more = f" (and {len(wrong) - 1} more)" if len(wrong) > 1 else ""
        raise AssertionError(
            f"everything under {APP_DIR} should be group {group}, group-writable and not world-writable; "
            f"{path} is group {grp}, mode {mode}{more}"
        )


def test_nginx_can_still_read_the_site(host, params):
    # nginx runs as www-data: the site's files must stay readable (and its folders passable) for it.
    group = params["app_group"]
    owner = host("web").run("stat -c %%G %s", APP_DIR).stdout.strip()
    assert owner == group, f"{APP_DIR} does not belong to the group {group} yet (its group is {owner or 'unknown'})"
    result = host("web").run(
        "runuser -u www-data -- sh -c %s",
        f"cat {APP_DIR}/public/index.html >/dev/null || exit 3; "
        rf"find {APP_DIR}/public \( -type f ! -readable \) -o \( -type d ! -executable \) | head -n 3",
    )
    assert result.rc != 3, (
        f"nginx (user www-data) cannot read {APP_DIR}/public/index.html any more "
        f"({result.stderr.strip().splitlines()[-1] if result.stderr.strip() else 'permission denied'}): "
        "nobody else may write there, but the web server must still read the site"
    )
    unreadable = result.stdout.split()
    assert result.rc == 0 and not unreadable, (
        f"nginx (user www-data) cannot read {', '.join(unreadable) or APP_DIR + '/public'}: nobody else may "
        "write there, but the web server must still read the site"
    )


@pytest.mark.points(1)
def test_deploy_user_can_write_releases(host, account):
    _require_user(account)
    name = account["name"]
    result = host("web").run(
        "test -z \"$(find %s -maxdepth 0 -perm -o=w)\" || exit 7; runuser -u %s -- sh -c %s",
        f"{APP_DIR}/public",
        name,
        f'f={APP_DIR}/public/.labctl-write-test-$$ && touch "$f" && rm -f "$f"',
    )
    assert result.rc != 7, (
        f"{name} can write in {APP_DIR}/public only because everybody can: give the group write access instead"
    )
    assert result.rc == 0, (
        f"{name} cannot create files in {APP_DIR}/public: {result.stderr.strip() or 'permission denied'}"
    )
