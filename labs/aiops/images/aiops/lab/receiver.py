#!/usr/bin/env python3
"""A webhook receiver that records what Alertmanager sends it.

POST /alerts (any path) records the JSON body; GET /alerts lists every notification received,
oldest first, each as {"received_at": epoch seconds, "payload": {...}}.
"""

import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

RECEIVED: list = []
LOCK = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        try:
            payload = json.loads(body or b"{}")
        except ValueError:
            payload = {"raw": body.decode("utf-8", "replace")}
        with LOCK:
            RECEIVED.append({"received_at": time.time(), "path": self.path, "payload": payload})
            del RECEIVED[:-500]
        self.send_response(200)
        self.end_headers()

    def do_GET(self):
        with LOCK:
            body = json.dumps(RECEIVED).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("0.0.0.0", int(sys.argv[1])), Handler).serve_forever()
