"""Task config: the app's settings come from an env file at run time; the secret is in no
layer, config or build history of the image."""


import _phase3 as lab  # the lab's shared helpers, beside this file
import pytest
import requests


def _env_of(container):
    return dict(item.split("=", 1) for item in container.attrs["Config"].get("Env") or [] if "=" in item)


@pytest.mark.points(2)
def test_app_runs_with_your_configuration(env, docker, params):
    web = lab.container(docker, env, "web")
    values = _env_of(web)
    problems = []
    if values.get("COUNTER_KEY") != params["counter_key"]:
        problems.append(f"COUNTER_KEY is {values.get('COUNTER_KEY')!r}, expected {params['counter_key']!r}")
    if values.get("APP_SECRET") != params["api_token"]:
        problems.append("APP_SECRET is " + ("not set" if "APP_SECRET" not in values else "not the token of the instructions"))
    assert not problems, "the web container's environment: " + "; ".join(problems)
    url = f"http://127.0.0.1:{params['app_port']}/info"
    try:
        info = requests.get(url, timeout=5).json()
    except (requests.RequestException, ValueError) as exc:
        pytest.fail(f"GET {url} gave no JSON ({type(exc).__name__})")
    assert info.get("counter_key") == params["counter_key"] and info.get("admin") == "enabled", (
        f"GET {url} shows the app runs with counter_key={info.get('counter_key')!r}, admin={info.get('admin')!r}; "
        f"expected {params['counter_key']!r} and 'enabled'"
    )


def test_settings_come_from_an_env_file(env, docker, params):
    web = lab.container(docker, env, "web")
    secret = params["api_token"]
    compose = lab.compose_file(env.workspace, web)
    assert compose is not None, f"no compose file found in {env.workspace}"
    assert secret not in compose.read_text(encoding="utf-8", errors="replace"), (
        f"{compose.name} contains the secret itself: keep it in an env file (env_file: app.env) instead"
    )
    holders = {"APP_SECRET": [], "COUNTER_KEY": []}
    wanted = {"APP_SECRET": secret, "COUNTER_KEY": params["counter_key"]}
    for path in sorted(env.workspace.rglob("*")):
        if path.is_file() and not path.is_symlink() and path != compose \
                and "app" not in path.relative_to(env.workspace).parts[:-1] \
                and path.stat().st_size < 65536 and "dockerfile" not in path.name.lower():
            text = path.read_text(encoding="utf-8", errors="replace")
            for key, value in wanted.items():
                if any(line.strip().removeprefix("export ").startswith(f"{key}=") and value in line
                       for line in text.splitlines()):
                    holders[key].append(path.name)
    missing = [key for key, files in holders.items() if not files]
    assert not missing, (
        f"no env file in the workspace sets {' and '.join(missing)} (lines like {missing[0]}=... in e.g. app.env, "
        "referenced by the web service's env_file:): put the settings in an env file"
    )


def test_your_files_keep_the_configuration(env, docker, params):
    """What the next `docker compose up -d` would run has the same settings as the running web."""
    web = lab.container(docker, env, "web")
    values = lab.config_env(lab.config_service(lab.compose_config(env, web), "web"))
    problems = []
    if values.get("COUNTER_KEY") != params["counter_key"]:
        problems.append(f"COUNTER_KEY {values.get('COUNTER_KEY')!r}")
    if values.get("APP_SECRET") != params["api_token"]:
        problems.append("APP_SECRET " + ("not set" if "APP_SECRET" not in values else "set to another value"))
    assert not problems, (
        "your compose and env files, as `docker compose config` loads them, give web "
        + " and ".join(problems) + ": the running container has other settings than your files, and the next "
        "`docker compose up -d` would run with these"
    )


@pytest.mark.points(3)
def test_secret_is_not_baked_into_the_image(env, docker, params):
    image = lab.get_image(docker, env)
    where = lab.find_secret_in_image(image, params["api_token"])
    assert not where, (
        f"the secret is baked into {lab.image_name(env)}, where anyone who pulls the image can read it: "
        f"found in {'; '.join(sorted(set(where))[:5])}. Pass it at run time (env_file) and keep secret files "
        "out of the build context (.dockerignore)"
    )
