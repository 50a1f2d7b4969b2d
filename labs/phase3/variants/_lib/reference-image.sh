# Build the reference image (same Dockerfile as solution/image.sh) unless an image is already there.
if ! docker image inspect "$image" >/dev/null 2>&1; then
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
  printf '*.env\n.env\ndocker-compose.yml\n' > .dockerignore
  build
fi
