#!/usr/bin/env python3
"""One app instance: a release of the shop (or search, or catalog) service on one port.

Started by fleetd as `app.py NAME PORT VERSION SERVICE WARMUP`, with the listening socket
fleetd keeps for the instance in LISTEN_FD (socket activation). It serves at once but
answers 503 until it has warmed up (WARMUP seconds, "loading caches"); then it prints
`ready` on stdout, which is how fleetd learns that the instance is available.

Routes: `/` (the service's page: JSON with service, instance and version), `/healthz`
(200 once warm) and `/api/items` (a JSON list). A release's behaviour comes from the
`profile` file in its folder under /srv/releases; anything but `good` is a broken build.

Profile `turnsbad` (used by the checks) is healthy until it serves real users: from the
first request that carries the checker's load header (X-Lab-Load) on, every request but
/healthz fails with 500, until the checker disarms it (/run/fleet/disarm-NAME).
"""

from __future__ import annotations

import json
import os
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

RELEASES = "/srv/releases"
FAULTS = "/run/fleet"

name, port, version, service = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
warmup = float(sys.argv[5]) if len(sys.argv) > 5 else 1.0
try:
    with open(os.path.join(RELEASES, version, "profile"), encoding="utf-8") as fh:
        profile = fh.read().strip() or "good"
except OSError:
    profile = "good"

ITEMS = [
    {"id": 1, "name": "trail shoes", "price": 89.0},
    {"id": 2, "name": "rain jacket", "price": 129.0},
    {"id": 3, "name": "headlamp", "price": 24.5},
]
state = {"ready": False, "served": 0}
lock = threading.Lock()
disarm_file = os.path.join(FAULTS, f"disarm-{name}")


class Handler(BaseHTTPRequestHandler):
    server_version = f"{service}/{version}"
    sys_version = ""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send(self, code: int, body: object, ctype: str = "application/json") -> None:
        data = (json.dumps(body) + "\n").encode() if ctype == "application/json" else str(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Instance", name)
        self.send_header("X-Version", reported_version())
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if path == "/healthz":
            if state["ready"]:
                self.send(200, "ok\n", "text/plain")
            else:
                self.send(503, "warming up\n", "text/plain")
            return
        if not state["ready"]:
            self.send(503, {"error": "warming up"})
            return
        with lock:
            state["served"] += 1
        if profile == "turnsbad":
            if self.headers.get("X-Lab-Load"):
                state["turned"] = True
            if state.get("turned") and not os.path.exists(disarm_file):
                self.send(500, {"error": "internal server error: connection pool exhausted"})
                return
        if path == "/":
            time.sleep(0.02)
            self.send(200, {"service": service, "instance": name, "version": reported_version()})
        elif path == "/api/items":
            time.sleep(0.01)
            if profile == "api500":
                self.send(500, {"error": "database schema mismatch"})
            elif profile == "badjson":
                self.send(200, "<html><body>Down for maintenance</body></html>\n", "text/html")
            else:
                self.send(200, ITEMS)
        else:
            self.send(404, {"error": f"no route {path}"})


def reported_version() -> str:
    # a build that shipped a stale artifact: it says it is the old version
    return "v1" if profile == "wrongversion" else version


def warm() -> None:
    if profile == "crash":
        time.sleep(0.2)
        print("Traceback (most recent call last):\nImportError: cannot import name 'Cart'", file=sys.stderr, flush=True)
        os._exit(1)
    if profile == "unhealthy":
        return  # never becomes ready
    time.sleep(warmup)
    state["ready"] = True
    print("ready", flush=True)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128


if __name__ == "__main__":
    if os.environ.get("LISTEN_FD"):
        httpd = Server(("0.0.0.0", port), Handler, bind_and_activate=False)
        httpd.socket = socket.socket(fileno=int(os.environ["LISTEN_FD"]))
    else:
        httpd = Server(("0.0.0.0", port), Handler)
    threading.Thread(target=warm, daemon=True).start()
    httpd.serve_forever()
