#!/usr/bin/env bash
# expect: fail
# why: a build stage compiles the extension, but the final stage copies the sources from the context, not the built .so
# run_in: host
# include: _lib/stack.sh
# include: _lib/build-stage.sh
# feedback: cannot load the app
# alone: true
set -euo pipefail
cat > Dockerfile <<DOCKERFILE
$BUILD_FROM
WORKDIR /src
COPY app/ ./
RUN python3 setup.py -q build_ext --inplace

$RUN_FROM
RUN useradd --system --uid 10001 counter
COPY --from=build /src/setup.py /app/setup.py
COPY app/counter /app/counter
WORKDIR /app
USER counter
CMD ["python3", "-m", "counter.server"]
DOCKERFILE
printf '*.env\n.env\n' > .dockerignore
build
