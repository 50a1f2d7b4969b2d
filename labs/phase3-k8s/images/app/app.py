#!/usr/bin/env python3
"""The lab's "shop" web app: a tiny JSON service on the standard library.

GET /         {"app", "version", "greeting", "token_sha256", "pod"}
GET /healthz  200 while the process is healthy (for a liveness probe)
GET /readyz   503 during a short warm-up, then 200 (for a readiness probe)
GET /checkout 200 in v1; v2 ships a regression: 500 (the reason to roll back)

Settings come from the environment (GREETING, API_TOKEN) or, when a
ConfigMap/Secret is mounted as files, from a file of that name anywhere
under /etc/app. The API token itself is never served, only its SHA-256.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import socket
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

VERSION = os.environ.get("APP_VERSION", "v1")
PORT = int(os.environ.get("PORT", "8080"))
WARMUP = float(os.environ.get("WARMUP_SECONDS", "3"))
CONFIG_ROOT = os.environ.get("CONFIG_ROOT", "/etc/app")
STARTED = time.monotonic()


def setting(key: str) -> str | None:
    value = os.environ.get(key)
    if value:
        return value.strip()
    for root, _dirs, files in os.walk(CONFIG_ROOT):
        for name in (key, key.lower()):
            if name in files:
                try:
                    with open(os.path.join(root, name), encoding="utf-8") as fh:
                        return fh.read().strip()
                except OSError:
                    continue
    return None


class Handler(BaseHTTPRequestHandler):
    server_version = f"shop/{VERSION}"

    def _send(self, status: int, body: dict[str, object]) -> None:
        data = (json.dumps(body) + "\n").encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if path == "/healthz":
            self._send(200, {"status": "ok"})
        elif path == "/readyz":
            warm = time.monotonic() - STARTED >= WARMUP
            self._send(200 if warm else 503, {"ready": warm})
        elif path == "/checkout":
            if VERSION == "v2":
                self._send(500, {"error": "checkout is broken in v2 (a regression)"})
            else:
                self._send(200, {"ok": True})
        elif path == "/":
            token = setting("API_TOKEN")
            self._send(200, {
                "app": "shop",
                "version": VERSION,
                "greeting": setting("GREETING"),
                "token_sha256": hashlib.sha256(token.encode()).hexdigest() if token else None,
                "pod": socket.gethostname(),
            })
        else:
            self._send(404, {"error": f"no route {path}"})

    def log_message(self, fmt: str, *args: object) -> None:
        if "/healthz" in str(args[:1]) or "/readyz" in str(args[:1]):
            return  # probes would drown the log
        sys.stdout.write(f"{self.address_string()} {fmt % args}\n")


def main() -> None:
    server = ThreadingHTTPServer(("0.0.0.0", PORT), Handler)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(f"shop {VERSION} listening on :{PORT}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
