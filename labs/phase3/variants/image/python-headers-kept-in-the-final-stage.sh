#!/usr/bin/env bash
# expect: fail
# why: multi-stage, but the final stage installs python3-dev "in case something needs compiling"
# run_in: host
# include: _lib/stack.sh
# include: _lib/build-stage.sh
# feedback: headers: /usr/include/python3
set -euo pipefail
cat > Dockerfile <<DOCKERFILE
$BUILD_FROM
WORKDIR /src
COPY app/ ./
RUN python3 setup.py -q build_ext --inplace

FROM debian:bookworm-slim
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \\
      python3 python3-dev \\
    && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 counter
COPY --from=build /src/counter /app/counter
WORKDIR /app
USER counter
CMD ["python3", "-m", "counter.server"]
DOCKERFILE
printf '*.env\n.env\n' > .dockerignore
build
