#!/usr/bin/env python3
"""A webhook receiver that records every notification Alertmanager sends it.

POST <any path>  records the JSON body (with the path and arrival time)
GET  /alerts     returns everything received so far, oldest first
GET  /healthz    ok
"""
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 9095
LOG = "/var/log/alerts.jsonl"
received = []
lock = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    def _send(self, code, body):
        data = json.dumps(body, indent=1).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode(errors="replace")
        try:
            payload = json.loads(raw)
        except ValueError:
            payload = {"unparsed": raw}
        entry = {"path": self.path, "received_at": time.time(), "payload": payload}
        with lock:
            received.append(entry)
            with open(LOG, "a") as f:
                f.write(json.dumps(entry) + "\n")
        names = [a.get("labels", {}).get("alertname") for a in payload.get("alerts", [])] \
            if isinstance(payload, dict) else []
        print(f"received {payload.get('status') if isinstance(payload, dict) else '?'} "
              f"notification on {self.path}: {names}", flush=True)
        self._send(200, {"ok": True})

    def do_GET(self):
        if self.path.startswith("/alerts"):
            with lock:
                self._send(200, list(received))
        elif self.path.startswith("/healthz"):
            self._send(200, {"ok": True})
        else:
            self._send(404, {"error": "GET /alerts lists what was received"})

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("0.0.0.0", PORT), Handler).serve_forever()
