#!/usr/bin/env bash
# expect: fail
# why: one stage that "cleans up" the apt lists but keeps gcc and the headers it built with
# run_in: host
# include: _lib/stack.sh
# include: _lib/build-stage.sh
# feedback: must be multi-stage
# feedback: tool: gcc
set -euo pipefail
cat > Dockerfile <<DOCKERFILE
${BUILD_FROM/ AS build/}
COPY app /app
WORKDIR /app
RUN python3 setup.py build_ext --inplace
RUN useradd --system --uid 10001 counter
USER counter
HEALTHCHECK --interval=4s CMD python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=5)"
CMD ["python3", "-m", "counter.server"]
DOCKERFILE
printf '*.env\n.env\n' > .dockerignore
build
