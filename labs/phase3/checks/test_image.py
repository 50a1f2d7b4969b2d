"""Task image: a multi-stage build whose final image holds no build tools and stays small."""


import _phase3 as lab  # the lab's shared helpers, beside this file
import pytest

BASE = "debian:bookworm-slim"


@pytest.mark.points(2)
def test_dockerfile_is_multi_stage(env, docker):
    lab.get_image(docker, env)
    files = lab.dockerfiles(env.workspace)
    assert files, f"no Dockerfile in the workspace ({env.workspace})"
    report = []
    for path in files:
        steps = lab.instructions(path.read_text(encoding="utf-8", errors="replace"))
        stages = sum(1 for word, _ in steps if word == "FROM")
        copies = [args for word, args in steps if word == "COPY" and "--from=" in args.lower()]
        if stages >= 2 and copies:
            return
        report.append(f"{path.name}: {stages} stage(s), {len(copies)} COPY --from")
    pytest.fail(
        "the Dockerfile must be multi-stage: a build stage with the compiler, and a final stage that "
        "copies only the built app from it (COPY --from=...). Found: " + "; ".join(report)
    )


@pytest.mark.points(2)
def test_no_build_tools_in_final_image(env, docker):
    image = lab.get_image(docker, env)
    tools = " ".join(lab.BUILD_TOOLS)
    script = (
        f"for t in {tools}; do command -v $t >/dev/null 2>&1 && echo \"tool: $t\"; done; "
        "for h in /usr/include/python3*/Python.h; do [ -e \"$h\" ] && echo \"headers: $h\"; done; "
        "for d in /root/.cache/pip /home/*/.cache/pip /tmp/pip-*; do [ -e \"$d\" ] && echo \"pip cache: $d\"; done; "
        "true"
    )
    code, out = lab.run_in_image(docker, env, image.id, ["-c", script], user="root", entrypoint="/bin/sh")
    assert code == 0, f"could not look inside the image (exit {code}): {out.strip()[-300:]}"
    found = [ln for ln in out.splitlines() if ln.strip()]
    assert not found, (
        "the final image must not contain build tools, headers or caches (build them in an earlier stage "
        "and copy only the result); found: " + ", ".join(found)
    )


@pytest.mark.points(2)
def test_image_runs_the_app(env, docker):
    """The final image can load the app, with its compiled extension."""
    image = lab.get_image(docker, env)
    code, out = lab.run_in_image(docker, env, image.id, ["-c", "import counter.server"], entrypoint="python3")
    last = [ln for ln in out.strip().splitlines() if ln.strip()][-1:] or [f"exit {code}"]
    assert code == 0, (
        f"a container of {lab.image_name(env)} cannot load the app (python3 -c 'import counter.server': "
        f"{last[0]}): the final stage must hold the built package, its compiled _native*.so included"
    )


def test_image_size_within_budget(env, docker, params):
    image = lab.get_image(docker, env)
    base = docker.images.get(BASE)
    budget = int(params["size_budget_mb"])
    added = (image.attrs["Size"] - base.attrs["Size"]) / 1e6
    assert added <= budget, (
        f"the image adds {added:.0f} MB to {BASE}; the budget is {budget} MB. A compiler and headers "
        "alone are hundreds of MB: leave them in the build stage"
    )
