"""Task vault-app: the service reads its database password from OpenBao when it starts, with
its own limited token, and nothing in its environment holds the password.

Graded on the running api container: its environment, the fingerprint of the password it
holds (GET /db/fingerprint), the token it has under /run/secrets/ (OpenBao's lookup and
capability check), and a rotation: the check writes a new password in OpenBao, restarts
the container, expects the new fingerprint, then puts the old password back.
"""

import hashlib
import secrets
import time

import phase7_bao as b
import pytest
from phase7_support import HEALTH_PATH, SERVICE, fetch, working_container

SECRETS_DIR = "/run/secrets/"
RESTART_WAIT = 45.0


@pytest.fixture
def bao(http, params):
    return b.Bao(http, params["bao_root_token"])


def _fingerprint(value):
    return hashlib.sha256(value.encode()).hexdigest()[:16]


def _held(container):
    import json

    status, body = fetch(container, "/db/fingerprint")
    assert status == 200, f"GET /db/fingerprint answered HTTP {status or 'nothing'}: keep that endpoint of app.py"
    try:
        return str(json.loads(body).get("sha256_16", ""))
    except ValueError:
        pytest.fail(f"GET /db/fingerprint did not answer JSON: {body[:80]!r}")


def _stored(bao):
    value = bao.secret()
    if value is None:
        pytest.fail(f"OpenBao has no secret at secret/{b.SECRET_PATH}: store the password there first (task vault)")
    return value


def _tokens_in(container):
    """(where, token) of every file under /run/secrets/ and every env variable that is a valid
    OpenBao token... candidates only; validity is judged by the caller."""
    found = []
    mounts = [m["Destination"] for m in container.attrs.get("Mounts") or []
              if str(m.get("Destination", "")).startswith(SECRETS_DIR)]
    for path in mounts:
        res = container.exec_run(["cat", path])
        if res.exit_code == 0:
            text = res.output.decode(errors="replace").strip()
            if text and len(text) < 200 and "\n" not in text:
                found.append((path, text))
    return found


@pytest.mark.points(1)
def test_password_not_in_the_environment(docker, env, params, bao):
    container = working_container(docker, env)
    values = {params["app_db_password"]}
    current = bao.secret()
    if current:
        values.add(current)
    leaking = [item.split("=", 1)[0] for item in container.attrs["Config"].get("Env") or []
               if any(v in item for v in values)]
    assert not leaking, (
        f"the database password is still in the {SERVICE} container's environment ({', '.join(leaking)}): anyone "
        "who can run `docker inspect` reads it. Remove DB_PASSWORD from compose.yaml's environment"
    )


@pytest.mark.points(2)
def test_holds_the_password_from_openbao(docker, env, bao):
    container = working_container(docker, env)
    stored = _stored(bao)
    held = _held(container)
    assert held == _fingerprint(stored), (
        f"the service holds a database password whose fingerprint is {held or 'empty'}; the password in OpenBao "
        f"has {_fingerprint(stored)}: read it from OpenBao (secret/data/{b.SECRET_PATH}) when the service starts"
    )


@pytest.mark.points(2)
def test_uses_a_limited_token_given_as_a_secret(docker, env, bao):
    container = working_container(docker, env)
    in_env = [item.split("=", 1)[0] for item in container.attrs["Config"].get("Env") or []
              if "=" in item and bao.lookup(item.split("=", 1)[1].strip()) is not None]
    assert not in_env, (
        f"the {SERVICE} container has an OpenBao token in its environment ({', '.join(in_env)}): give it the token "
        "as a Compose secret (a file under /run/secrets/), like the API token"
    )
    valid = [(where, token) for where, token in _tokens_in(container) if bao.lookup(token) is not None]
    if not valid:
        pytest.fail(f"the {SERVICE} container has no valid OpenBao token under {SECRETS_DIR}: give it the token of "
                    "task vault as a Compose secret (file: ./secrets/bao_token.txt)")
    for where, token in valid:
        b.judge_token(bao, token, f"the container's {where}")


def _restart_and_wait(container):
    container.restart(timeout=3)
    deadline = time.monotonic() + RESTART_WAIT
    while time.monotonic() < deadline:
        container.reload()
        if container.status == "running":
            status, _ = fetch(container, HEALTH_PATH)
            if status == 200:
                return ""
        elif container.status in ("exited", "dead"):
            break
        time.sleep(0.5)
    logs = container.logs(tail=5).decode(errors="replace").strip().splitlines()
    return (f"after a restart the {SERVICE} service did not answer {HEALTH_PATH} within {RESTART_WAIT:.0f} s"
            + (f" (its last log line: {logs[-1][:160]})" if logs else ""))


@pytest.mark.timeout(240)
@pytest.mark.points(3)
def test_reads_it_again_at_each_start(docker, env, bao):
    container = working_container(docker, env)
    before = _stored(bao)
    rotated = secrets.token_hex(12)
    problem, held = "", ""
    try:
        bao.write_secret(rotated)
        problem = _restart_and_wait(container)
        if not problem:
            held = _held(container)
    finally:
        bao.write_secret(before)
        restored = _restart_and_wait(container)
    assert not problem, problem + ": it should start with the password from OpenBao"
    assert held == _fingerprint(rotated), (
        f"the check rotated the password in OpenBao and restarted the service; it still holds the old one "
        f"(fingerprint {held or 'empty'}, the new one is {_fingerprint(rotated)}): read the password from "
        "OpenBao each time the service starts, not from a file or the environment"
    )
    assert not restored, restored
