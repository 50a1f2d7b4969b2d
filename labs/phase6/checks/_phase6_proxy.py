"""A recording HTTP proxy in front of the env's AWS emulator (not a check file).

The inventory check runs the learner's script with AWS_ENDPOINT_URL pointing here and a
grader-chosen AWS_ACCESS_KEY_ID: if the script takes its settings from the environment,
as the task asks, its requests arrive here, signed with that key. A script with a
hard-coded endpoint never comes here; one with hard-coded credentials signs with others.
"""

from __future__ import annotations

import http.client
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlparse

_CREDENTIAL = re.compile(r"Credential=([^/,\s]+)/")
_HOP = {"connection", "keep-alive", "transfer-encoding", "proxy-connection", "te", "upgrade"}


class RecordingProxy:
    """`with RecordingProxy(upstream) as proxy:` ... `proxy.url`, `proxy.requests`, `proxy.keys`."""

    def __init__(self, upstream: str):
        target = urlparse(upstream)
        self.host, self.port = target.hostname or "127.0.0.1", target.port or 80
        self.requests = 0
        self.keys: set[str] = set()
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def _record(self, authorization: str) -> None:
        with self._lock:
            self.requests += 1
            self.keys.update(_CREDENTIAL.findall(authorization or ""))

    def __enter__(self) -> RecordingProxy:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def _forward(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                proxy._record(self.headers.get("Authorization", ""))
                headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP}
                conn = http.client.HTTPConnection(proxy.host, proxy.port, timeout=30)
                try:
                    conn.request(self.command, self.path, body=body, headers=headers)
                    resp = conn.getresponse()
                    data = resp.read()
                    self.send_response(resp.status, resp.reason)
                    for key, value in resp.getheaders():
                        if key.lower() not in _HOP and key.lower() != "content-length":
                            self.send_header(key, value)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                finally:
                    conn.close()

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _forward

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, name="inventory-proxy", daemon=True).start()
        return self

    def __exit__(self, *exc: Any) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
