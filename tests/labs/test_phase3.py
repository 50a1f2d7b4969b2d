"""phase3 (containers): an alternative correct solution scores full marks; plausible wrong ones
lose the related points.

The learner drives the host's Docker engine, so these tests build images and run a Compose
project of their own. Everything they make carries the env's io.labctl labels (images through
`--label`/build labels, containers, network and volume through the compose file), so the
LabEnv's `down` removes it; the images are also removed by name at the end, in case.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator

import pytest

from labctl.testing import LabEnv

pytestmark = [pytest.mark.docker, pytest.mark.slow]

# Build stages use the same apt lines as the reference solution, so Docker's cache shares them.
BUILD_STAGE = r"""FROM debian:bookworm-slim AS build
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      gcc libc6-dev python3-dev python3-setuptools \
    && rm -rf /var/lib/apt/lists/*
"""
RUN_STAGE = r"""FROM debian:bookworm-slim
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      python3 \
    && rm -rf /var/lib/apt/lists/*
"""

# An alternative, correct solution: the package collected in /out and run from /opt/app via
# PYTHONPATH, a numeric USER, a healthcheck with http.client, logs to /dev/stdout set in the
# image (not a secret), the settings through .env variable substitution instead of env_file,
# restart: always, mem_limit in bytes with a capital M, a compose file named docker-compose.yaml.
ALTERNATIVE = (
    r"""
set -euo pipefail
project=$(sed -n 's/^COMPOSE_PROJECT_NAME=//p' .env)
image="${project%-app}/counter:1.0"
redis_image=$(docker ps -a --filter "label=io.labctl.lab=$LABCTL_LAB" --filter "label=io.labctl.env=$LABCTL_ENV" \
  --filter label=io.labctl.service=toolbox --format '{{.Image}}' | head -1)
cat > Dockerfile <<'DOCKERFILE'
"""
    + BUILD_STAGE
    + r"""COPY app /build
RUN cd /build && python3 setup.py build_ext --inplace && mkdir /out && cp -r counter /out/

"""
    + RUN_STAGE
    + r"""RUN groupadd --gid 2000 svc && useradd --uid 2000 --gid 2000 --no-create-home svc
COPY --from=build /out/ /opt/app/
ENV PYTHONPATH=/opt/app LOG_FILE=/dev/stdout
USER 2000:2000
HEALTHCHECK --interval=4s --timeout=10s --start-period=10s CMD ["python3", "-c", "import http.client as h; c = h.HTTPConnection('localhost', 8000, timeout=5); c.request('GET', '/healthz'); exit(c.getresponse().status != 200)"]
ENTRYPOINT ["python3", "-m", "counter.server"]
DOCKERFILE
rm -f docker-compose.yml
cat >> .env <<ENV
COUNTER_KEY=$LAB_PARAM_COUNTER_KEY
APP_SECRET=$LAB_PARAM_API_TOKEN
ENV
cat > docker-compose.yaml <<YAML
x-labctl-labels: &labctl-labels
  io.labctl.lab: $LABCTL_LAB
  io.labctl.env: "$LABCTL_ENV"
services:
  redis:
    image: $redis_image
    restart: always
    networks: {backend: {}}
    volumes: ["counter-redis:/data"]
    labels: *labctl-labels
  web:
    image: $image
    build: {context: ., labels: *labctl-labels}
    environment:
      COUNTER_KEY: \${COUNTER_KEY}
      APP_SECRET: \${APP_SECRET}
    ports: ["$LAB_PARAM_APP_PORT:8000"]
    networks: {backend: {}}
    mem_limit: $((LAB_PARAM_MEMORY_MB * 1024 * 1024))
    restart: on-failure
    logging: {driver: json-file, options: {max-size: "$LAB_PARAM_LOG_MAX_SIZE"}}
    labels: *labctl-labels
networks:
  backend: {driver: bridge, labels: *labctl-labels}
volumes:
  counter-redis: {labels: *labctl-labels}
YAML
if docker compose version >/dev/null 2>&1; then dc=(docker compose); else dc=(docker-compose); fi
"${dc[@]}" build -q web
"${dc[@]}" up -d
for _ in $(seq 1 90); do
  [ "$(docker inspect --format '{{.State.Health.Status}}' "$("${dc[@]}" ps -q web)")" = healthy ] && exit 0
  sleep 1
done
echo "web never became healthy" >&2; exit 1
"""
)

# Plausible wrong solutions on top of it: a single-stage image that keeps gcc and the headers,
# with the secret baked in as ENV; and no restart policy on either service.
WRONG = (
    r"""
set -euo pipefail
cat > Dockerfile <<DOCKERFILE
"""
    + BUILD_STAGE.replace(" AS build", "")
    + r"""COPY app /app
WORKDIR /app
RUN python3 setup.py build_ext --inplace
RUN useradd --system --uid 10001 counter
USER counter
ENV LOG_FILE=- APP_SECRET=$LAB_PARAM_API_TOKEN
HEALTHCHECK --interval=4s --timeout=10s CMD python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=5)"
CMD ["python3", "-m", "counter.server"]
DOCKERFILE
sed -i '/restart:/d' docker-compose.yaml
if docker compose version >/dev/null 2>&1; then dc=(docker compose); else dc=(docker-compose); fi
"${dc[@]}" build -q web
"${dc[@]}" up -d
for _ in $(seq 1 90); do
  [ "$(docker inspect --format '{{.State.Health.Status}}' "$("${dc[@]}" ps -q web)")" = healthy ] && exit 0
  sleep 1
done
echo "web never became healthy" >&2; exit 1
"""
)


@pytest.fixture(scope="module")
def lab() -> Iterator[LabEnv]:
    env = LabEnv("phase3")
    try:
        with env:
            yield env
    finally:
        project = f"labctl-phase3-{env.env}"
        subprocess.run(["docker", "image", "rm", "-f", f"{project}/counter:1.0"], capture_output=True, check=False)


def _failed(report, task: str) -> dict[str, str]:
    return {c.name: c.message for c in report.task(task).checks if not c.passed}


def test_alternative_solution_scores_full_marks(lab: LabEnv) -> None:
    lab.host_run(ALTERNATIVE)
    report = lab.grade()
    failed = {t.id: _failed(report, t.id) for t in report.tasks if not t.passed}
    assert report.score == report.max_score, failed


def test_plausible_wrong_solutions_lose_the_related_points(lab: LabEnv) -> None:
    lab.host_run(WRONG)
    report = lab.grade()

    image = _failed(report, "image")
    assert set(image) == {"test_dockerfile_is_multi_stage", "test_no_build_tools_in_final_image",
                          "test_image_size_within_budget"}, image
    assert "gcc" in image["test_no_build_tools_in_final_image"]

    config = _failed(report, "config")
    assert list(config) == ["test_secret_is_not_baked_into_the_image"], config
    assert "image config" in config["test_secret_is_not_baked_into_the_image"]
    assert lab.params["api_token"] not in config["test_secret_is_not_baked_into_the_image"]

    limits = _failed(report, "limits")
    assert list(limits) == ["test_restart_policies"], limits
    assert 0 < report.task("limits").score < report.task("limits").max_score

    for task in ("hardening", "compose", "logs"):
        assert report.task(task).passed, _failed(report, task)
