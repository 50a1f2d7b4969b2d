#!/usr/bin/env bash
# expect: pass
# why: a base stage with python3, a build stage FROM base that adds the compiler, and the final stage FROM base
# run_in: host
# include: _lib/stack.sh
# include: _lib/build-stage.sh
set -euo pipefail
cat > Dockerfile <<DOCKERFILE
${RUN_FROM/FROM debian:bookworm-slim/FROM debian:bookworm-slim AS base}

FROM base AS build
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \\
      gcc libc6-dev python3-dev python3-setuptools \\
    && rm -rf /var/lib/apt/lists/*
COPY app /app
RUN cd /app && python3 setup.py build_ext --inplace

FROM base
RUN useradd -r -u 999 app
COPY --from=build /app/counter /app/counter
WORKDIR /app
USER app
HEALTHCHECK CMD python3 -c "import urllib.request as r; r.urlopen('http://localhost:8000/healthz')"
CMD ["python3", "-m", "counter.server"]
DOCKERFILE
printf '*.env\n.env\n' > .dockerignore
build
