"""The counter service: every GET / counts a visit in Redis.

Configuration comes from the environment:

    PORT          port to listen on (default 8000)
    REDIS_HOST    Redis host name (default redis)
    REDIS_PORT    Redis port (default 6379)
    COUNTER_KEY   the Redis key holding the count (default visits)
    APP_SECRET    token that POST /admin/reset requires (admin is disabled without it)
    LOG_FILE      where request logs go (default /var/log/counter/app.log; "-" = stdout)
"""

import json
import logging
import os
import socket
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from counter import __version__
from counter._native import etag
from counter.redisclient import Redis, RedisError

log = logging.getLogger("counter")


def setup_logging():
    target = os.environ.get("LOG_FILE", "/var/log/counter/app.log")
    if target == "-":
        handler = logging.StreamHandler(sys.stdout)
    else:
        os.makedirs(os.path.dirname(target) or ".", exist_ok=True)
        handler = logging.FileHandler(target)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return target


class Handler(BaseHTTPRequestHandler):
    server_version = f"counter/{__version__}"
    redis = None
    key = "visits"
    secret = ""

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        try:
            if path == "/":
                visits = self.redis.incr(self.key)
                self.reply(200, {"visits": visits, "served_by": socket.gethostname()})
            elif path == "/healthz":
                self.reply(200 if self.redis.ping() else 503, {"status": "ok"})
            elif path == "/info":
                self.reply(200, {"version": __version__, "counter_key": self.key,
                                 "redis": "{}:{}".format(*self.redis.address),
                                 "admin": "enabled" if self.secret else "disabled"})
            else:
                self.reply(404, {"error": f"no route for {path}"})
        except (OSError, RedisError) as exc:
            self.reply(503, {"error": f"redis unavailable: {exc}"})

    def do_POST(self):
        if self.path != "/admin/reset":
            self.reply(404, {"error": f"no route for {self.path}"})
        elif not self.secret:
            self.reply(403, {"error": "admin is disabled: APP_SECRET is not set"})
        elif self.headers.get("Authorization") != f"Bearer {self.secret}":
            self.reply(401, {"error": "bad or missing token"})
        else:
            try:
                self.redis.set(self.key, 0)
                self.reply(200, {"visits": 0})
            except (OSError, RedisError) as exc:
                self.reply(503, {"error": f"redis unavailable: {exc}"})

    def reply(self, status, payload):
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag(body.decode()))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, fmt, *args):
        log.info("%s %s", self.address_string(), fmt % args)


def main():
    target = setup_logging()
    Handler.redis = Redis(os.environ.get("REDIS_HOST", "redis"), os.environ.get("REDIS_PORT", "6379"))
    Handler.key = os.environ.get("COUNTER_KEY", "visits")
    Handler.secret = os.environ.get("APP_SECRET", "")
    port = int(os.environ.get("PORT", "8000"))
    server = ThreadingHTTPServer(("", port), Handler)
    log.info("counter %s listening on :%d (logs to %s)", __version__, port, target)
    server.serve_forever()


if __name__ == "__main__":
    main()
