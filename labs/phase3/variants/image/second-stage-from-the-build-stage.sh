#!/usr/bin/env bash
# expect: fail
# why: two stages, but the final one starts FROM build, so the compiler and headers are all still there
# run_in: host
# include: _lib/stack.sh
# include: _lib/build-stage.sh
# feedback: must not contain build tools
set -euo pipefail
cat > Dockerfile <<DOCKERFILE
$BUILD_FROM
WORKDIR /src
COPY app/ ./
RUN python3 setup.py -q build_ext --inplace

FROM build AS final
RUN useradd --system --uid 10001 counter
COPY --from=build /src/counter /app/counter
WORKDIR /app
USER counter
CMD ["python3", "-m", "counter.server"]
DOCKERFILE
printf '*.env\n.env\n' > .dockerignore
build
