#!/bin/bash
# Reference solution, task image (and hardening): a multi-stage Dockerfile whose final
# stage has python3 and the built package only, a non-root user and a HEALTHCHECK.
# Runs on the host, in the env's workspace folder, with the learner's Docker engine.
set -euo pipefail
project=$(sed -n 's/^COMPOSE_PROJECT_NAME=//p' .env)
image="${project%-app}/counter:1.0"

cat > Dockerfile <<'DOCKERFILE'
# Build stage: everything needed to compile the C extension.
FROM debian:bookworm-slim AS build
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      gcc libc6-dev python3-dev python3-setuptools \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY app/ ./
RUN python3 setup.py -q build_ext --inplace

# Final stage: python3 and the built package, nothing else.
FROM debian:bookworm-slim
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      python3 \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 --home-dir /app counter
WORKDIR /app
COPY --from=build /src/counter ./counter
USER counter
EXPOSE 8000
HEALTHCHECK --interval=5s --timeout=10s --start-period=10s --retries=5 \
  CMD python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2)"
CMD ["python3", "-m", "counter.server"]
DOCKERFILE

cat > .dockerignore <<'IGNORE'
*.env
.env
docker-compose.yml
IGNORE

# (twice if need be: on a busy engine a cached stage can vanish under a build)
build=(docker build -q --label "io.labctl.lab=$LABCTL_LAB" --label "io.labctl.env=$LABCTL_ENV" -t "$image" .)
"${build[@]}" >/dev/null 2>&1 || "${build[@]}" >/dev/null
