#!/usr/bin/env bash
# expect: pass
# why: a stage named compile, the final stage copies the Python sources and the compiled .so with two COPY --from lines into /srv
# run_in: host
# include: _lib/stack.sh
# include: _lib/build-stage.sh
set -euo pipefail
build_from=${BUILD_FROM/ AS build/ AS compile}
cat > Dockerfile <<DOCKERFILE
$build_from
WORKDIR /src
COPY app/ ./
RUN python3 setup.py -q build_ext --inplace && cp counter/_native*.so /tmp/

$RUN_FROM
RUN useradd --system --uid 10001 --home-dir /srv counter
WORKDIR /srv
COPY --from=compile /src/counter/*.py ./counter/
COPY --from=compile /tmp/_native*.so ./counter/
USER counter
HEALTHCHECK CMD python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=3)"
CMD ["python3", "-m", "counter.server"]
DOCKERFILE
printf '*.env\n.env\n' > .dockerignore
build
