"""Task vault: the database password in OpenBao, a least-privilege policy, and the app's
token that carries only it.

Graded through OpenBao's own HTTP API with the env's root token: the secret's value, the
policy's existence, and OpenBao's evaluation of what the app's token may do
(`sys/capabilities`), so any way of writing the policy that grants exactly that passes.
"""

import phase7_bao as b
import pytest


@pytest.fixture
def bao(http, params):
    return b.Bao(http, params["bao_root_token"])


@pytest.mark.points(1)
def test_password_is_stored(bao, params):
    value = bao.secret()
    assert value is not None, (
        f"expected the database password in OpenBao at secret/{b.SECRET_PATH} (key password, KV v2 at secret/); "
        "there is no such secret"
    )
    assert value == params["app_db_password"], (
        f"secret/{b.SECRET_PATH} holds a password, but not the service's database password "
        f"({len(value)} characters, expected the {len(params['app_db_password'])} of the task's value)"
    )


@pytest.mark.points(1)
def test_policy_exists(bao):
    status, _ = bao.call("GET", f"sys/policies/acl/{b.POLICY}")
    assert status == 200, f"expected an ACL policy named {b.POLICY} in OpenBao; `bao policy list` does not have it"


@pytest.mark.points(3)
def test_app_token_reads_only_its_secret(bao, env):
    token = b.read_token_file(env)
    b.judge_token(bao, token, b.TOKEN_FILE)
    status, body = bao.call("GET", b.DATA_PATH, auth=token)
    assert status == 200, f"the token in {b.TOKEN_FILE} cannot read secret/{b.SECRET_PATH}: {body.get('errors')}"


@pytest.mark.points(1)
def test_app_token_lasts(bao, env):
    token = b.read_token_file(env)
    info = bao.lookup(token)
    if info is None:
        pytest.fail(f"the token in {b.TOKEN_FILE} is not a valid OpenBao token: create one with the {b.POLICY} policy")
    created, period = int(info.get("creation_ttl") or 0), int(info.get("period") or 0)
    assert period or created == 0 or created >= 24 * 3600, (
        f"the token in {b.TOKEN_FILE} was made to live {created // 60} minutes: the service would lose its "
        "password at a restart after that. Make it periodic (-period=24h) or give it a TTL of a day or more"
    )
