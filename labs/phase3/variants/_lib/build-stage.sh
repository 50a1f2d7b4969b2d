# The build and runtime apt lines of the reference Dockerfile, so Docker's cache shares them.
BUILD_FROM='FROM debian:bookworm-slim AS build
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      gcc libc6-dev python3-dev python3-setuptools \
    && rm -rf /var/lib/apt/lists/*'
RUN_FROM='FROM debian:bookworm-slim
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      python3 \
    && rm -rf /var/lib/apt/lists/*'
