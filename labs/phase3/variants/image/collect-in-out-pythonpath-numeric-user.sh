#!/usr/bin/env bash
# expect: pass
# why: the package collected in /out in the build stage, run from /opt/app via PYTHONPATH, a numeric USER, an exec-form HEALTHCHECK with http.client
# run_in: host
# include: _lib/stack.sh
# include: _lib/build-stage.sh
set -euo pipefail
cat > Dockerfile <<DOCKERFILE
$BUILD_FROM
COPY app /build
RUN cd /build && python3 setup.py build_ext --inplace && mkdir /out && cp -r counter /out/

$RUN_FROM
RUN groupadd --gid 2000 svc && useradd --uid 2000 --gid 2000 --no-create-home svc
COPY --from=build /out/ /opt/app/
ENV PYTHONPATH=/opt/app LOG_FILE=/dev/stdout
USER 2000:2000
HEALTHCHECK --interval=4s --timeout=10s --start-period=10s CMD ["python3", "-c", "import http.client as h; c = h.HTTPConnection('localhost', 8000, timeout=5); c.request('GET', '/healthz'); exit(c.getresponse().status != 200)"]
ENTRYPOINT ["python3", "-m", "counter.server"]
DOCKERFILE
printf 'app.env\n.env\n*.yml\n*.yaml\n' > .dockerignore
build
