"""Task secrets: the API token reaches the app only as a Compose secret file.

The token (a per-learner parameter) must work, must come from a file mounted under
/run/secrets/, and must be nowhere else: not in the container's environment, not in
the image's config or build history, not in any file of any image layer.
"""

import pytest
from phase7_support import SERVICE, fetch, find_in_image, working_container

SECRETS_DIR = "/run/secrets/"


def _token_works(container, token):
    status, _ = fetch(container, "/items", f"Bearer {token}")
    assert status == 200, (
        f"GET /items with your API token answered HTTP {status}: the service must still accept the "
        "token (it reads /run/secrets/api_token when that file exists)"
    )


def _secret_mounts(container):
    return [m for m in container.attrs.get("Mounts") or [] if str(m.get("Destination", "")).startswith(SECRETS_DIR)]


@pytest.mark.points(2)
def test_token_is_served_from_a_secret_file(docker, env, params):
    token = params["api_token"]
    container = working_container(docker, env)
    _token_works(container, token)
    mounts = _secret_mounts(container)
    holding = []
    for mount in mounts:
        result = container.exec_run(["cat", mount["Destination"]])
        if result.exit_code == 0 and result.output.decode(errors="replace").strip() == token:
            holding.append(mount["Destination"])
    if not holding:
        if mounts:
            pytest.fail(
                f"{', '.join(m['Destination'] for m in mounts)} is mounted, but no file under {SECRETS_DIR} "
                f"holds the API token that the {SERVICE} user can read: check the secret's source file and its permissions"
            )
        pytest.fail(
            f"nothing is mounted under {SECRETS_DIR} in the {SERVICE} container: declare a Compose secret "
            "(top-level `secrets:` with a `file:`) and give it to the service (`secrets: [api_token]`)"
        )


@pytest.mark.points(1)
def test_token_not_in_the_environment(docker, env, params):
    token = params["api_token"]
    container = working_container(docker, env)
    _token_works(container, token)
    leaking = [item.split("=", 1)[0] for item in container.attrs["Config"].get("Env") or [] if token in item]
    assert not leaking, (
        f"the API token is still in the {SERVICE} container's environment ({', '.join(leaking)}): anyone "
        "who can run `docker inspect` reads it. Remove it from compose.yaml's `environment:` and the Dockerfile's ENV"
    )


@pytest.mark.points(2)
def test_token_not_in_the_image(docker, env, params):
    token = params["api_token"]
    container = working_container(docker, env)
    _token_works(container, token)
    places = find_in_image(docker, container.image.id, token)
    assert not places, (
        f"the API token is still in the {SERVICE} image, in {places[0]}"
        + (f" (and {len(places) - 1} more place{'s' if len(places) > 2 else ''})" if len(places) > 1 else "")
        + ": whoever pulls the image reads it. Rebuild the image without it (`docker-compose up -d --build`)"
    )
