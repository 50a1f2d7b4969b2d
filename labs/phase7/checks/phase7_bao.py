"""Helpers of the phase7 OpenBao checks (not a check file): the lab's OpenBao server through
its published port, as its administrator (the env's root token), and the app's token.

OpenBao answers the same HTTP API as Vault: `sys/capabilities` says what a token may do on
a path (OpenBao's own evaluation of its policies), `auth/token/lookup` what a token is.
"""

from __future__ import annotations

from typing import Any

import pytest

SECRET_PATH = "inventory-api/db"          # as the task names it (KV v2 mounted at secret/)
DATA_PATH = f"secret/data/{SECRET_PATH}"   # where KV v2 keeps it, as policies name it
POLICY = "inventory-api"
TOKEN_FILE = "secrets/bao_token.txt"
ALLOWED_POLICIES = {POLICY, "default"}

#: paths (and what on them) the app's token must not be able to do
MUST_NOT = [
    (DATA_PATH, ("create", "update", "delete", "sudo")),
    (f"secret/metadata/{SECRET_PATH}", ("read", "list", "update", "delete")),
    (f"secret/delete/{SECRET_PATH}", ("update",)),
    (f"secret/destroy/{SECRET_PATH}", ("update",)),
    ("secret/data/inventory-api/admin", ("read",)),
    ("secret/data/billing/db", ("read",)),
    ("secret/metadata/", ("list",)),
    ("sys/policies/acl/inventory-api", ("read", "update")),
    ("sys/mounts", ("read",)),
    ("auth/token/create", ("update",)),
    ("sys/auth", ("read",)),
]


class Bao:
    def __init__(self, http: Any, root_token: str):
        self.http = http
        self.root = root_token

    def call(self, method: str, path: str, *, auth: str | None = None,
             body: dict[str, Any] | None = None) -> tuple[int, dict[str, Any]]:
        import requests

        url = self.http.url("bao", f"/v1/{path}")
        headers = {"X-Vault-Token": auth or self.root}
        try:
            resp = requests.request(method, url, headers=headers, json=body, timeout=10)
        except requests.RequestException as exc:
            pytest.fail(f"the lab's OpenBao server does not answer ({exc.__class__.__name__}): bring it back "
                        "with `labctl up phase7`")
        try:
            answer = resp.json() if resp.content else {}
        except ValueError:
            answer = {}
        return resp.status_code, answer if isinstance(answer, dict) else {}

    def secret(self) -> str | None:
        status, body = self.call("GET", DATA_PATH)
        if status != 200:
            return None
        return str(((body.get("data") or {}).get("data") or {}).get("password", "")) or None

    def write_secret(self, password: str) -> None:
        status, body = self.call("POST", DATA_PATH, body={"data": {"password": password}})
        assert status in (200, 204), f"the check could not write {DATA_PATH} in OpenBao: {body.get('errors')}"

    def lookup(self, token: str) -> dict[str, Any] | None:
        status, body = self.call("POST", "auth/token/lookup", body={"token": token})
        return (body.get("data") or None) if status == 200 else None

    def capabilities(self, token: str, paths: list[str]) -> dict[str, list[str]]:
        status, body = self.call("POST", "sys/capabilities", body={"token": token, "paths": paths})
        assert status == 200, f"OpenBao's capability check failed: {body.get('errors')}"
        return {p: list(body.get(p) or body.get("data", {}).get(p) or []) for p in paths}


def read_token_file(env: Any) -> str:
    try:
        path = env.workspace_file(TOKEN_FILE)
        token = path.read_text(encoding="utf-8").strip()
    except (OSError, ValueError):
        token = ""
    if not token:
        pytest.fail(f"expected the app's OpenBao token in {TOKEN_FILE} of your workspace; there is none")
    return token


def judge_token(bao: Bao, token: str, where: str) -> None:
    """Fail unless `token` is valid, carries only the app's policy, and OpenBao lets it read
    the secret and nothing on the MUST_NOT list."""
    info = bao.lookup(token)
    if info is None:
        pytest.fail(f"the token in {where} is not a valid OpenBao token (expired, revoked, or from an OpenBao "
                    "that was reset): create a new one")
    policies = set(info.get("policies") or [])
    extra = sorted(policies - ALLOWED_POLICIES)
    assert not extra, (
        f"the token in {where} carries the {', '.join(extra)} polic{'ies' if len(extra) > 1 else 'y'}: the app's "
        f"token must carry only {POLICY} (and default)"
    )
    assert POLICY in policies, (
        f"the token in {where} carries {', '.join(sorted(policies)) or 'no policy'}, not {POLICY}"
    )
    paths = [DATA_PATH] + [p for p, _ in MUST_NOT]
    caps = bao.capabilities(token, sorted(set(paths)))
    assert "read" in caps.get(DATA_PATH, []) or "root" in caps.get(DATA_PATH, []), (
        f"the token in {where} cannot read {DATA_PATH} (OpenBao says: {', '.join(caps.get(DATA_PATH, [])) or 'deny'}): "
        f"the {POLICY} policy must grant read on that path (KV v2 keeps data under secret/data/)"
    )
    too_much = []
    for path, forbidden in MUST_NOT:
        got = set(caps.get(path, []))
        bad = sorted(got & set(forbidden)) or (["root"] if "root" in got else [])
        if bad:
            too_much.append(f"{'/'.join(bad)} on {path}")
    assert not too_much, (
        f"the token in {where} may do more than read its secret: OpenBao allows it {'; '.join(too_much[:4])}"
        + (f" (and {len(too_much) - 4} more)" if len(too_much) > 4 else "")
        + f": give the {POLICY} policy read on {DATA_PATH} only"
    )
