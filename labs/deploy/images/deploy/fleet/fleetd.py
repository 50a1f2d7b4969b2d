#!/usr/bin/env python3
"""fleetd: the app server's deployment agent (think: a tiny systemd plus an artifact store).

It runs every app instance as a child process (app.py) and offers an HTTP API on :9000:

  GET  /instances                     every instance: name, port, service, version, state, since
  GET  /instances/NAME                one instance
  POST /instances/NAME/deploy?version=V   replace NAME's process with release V (returns at once;
                                      the instance is unavailable until the new one has warmed up)
  POST /instances/NAME/stop           stop NAME
  GET  /releases                      the versions under /srv/releases
  GET  /events?since=EPOCH            state changes (stopped / starting / ready / crashed), oldest first

Instances come from FLEET_INSTANCES: "name:port:version:service ..." (version "-" = stopped).
States: `ready` serves traffic; `starting` is warming up (answers 503); `stopped`; `crashed`.
An instance that is not `ready` is unavailable. The event log is what the lab's checks read to
see how many instances were unavailable at once during a rolling update.

Like systemd's socket activation, fleetd owns each deployed instance's listening socket and
hands it to every new process: a restart never refuses a connection (it waits in the backlog
until the new version accepts it, then gets the warming 503). So a load balancer does not
notice a restarting instance by itself; the deployment has to take it out of rotation.
The socket is closed by `stop` and when the process crashes.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

RELEASES = "/srv/releases"
RUN = "/run/fleet"
APP = os.path.join(os.path.dirname(os.path.abspath(__file__)), "app.py")
WARMUP = float(os.environ.get("FLEET_WARMUP", "3.0"))
MAX_EVENTS = 20000


class Instance:
    def __init__(self, name: str, port: int, service: str):
        self.name, self.port, self.service = name, port, service
        self.version = "-"
        self.state = "stopped"
        self.since = time.time()
        self.proc: subprocess.Popen[str] | None = None
        self.sock: socket.socket | None = None
        self.lock = threading.Lock()

    def listen(self) -> socket.socket:
        if self.sock is None:
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(("0.0.0.0", self.port))
            sock.listen(256)
            self.sock = sock
        return self.sock

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()
            self.sock = None

    def view(self) -> dict[str, object]:
        return {"name": self.name, "address": f"apps:{self.port}", "port": self.port,
                "service": self.service, "version": self.version, "state": self.state,
                "since": round(self.since, 3)}


class Fleet:
    def __init__(self, spec: str):
        self.instances: dict[str, Instance] = {}
        self.events: list[dict[str, object]] = []
        self.events_lock = threading.Lock()
        initial = []
        for entry in spec.split():
            name, port, version, service = entry.split(":")
            self.instances[name] = Instance(name, int(port), service)
            if version != "-":
                initial.append((name, version))
        for name, version in initial:
            self.deploy(name, version, warmup=0.0)

    def set_state(self, inst: Instance, state: str) -> None:
        inst.state, inst.since = state, time.time()
        with self.events_lock:
            self.events.append({"t": inst.since, "instance": inst.name, "state": state,
                                "version": inst.version})
            del self.events[:-MAX_EVENTS]

    def stop(self, inst: Instance, close: bool = True) -> None:
        """Stop the instance's process; `close` also closes its port (not for a redeploy)."""
        proc, inst.proc = inst.proc, None
        if proc is not None and proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(3)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if close:
            inst.close()
        if inst.state != "stopped":
            self.set_state(inst, "stopped")

    def deploy(self, name: str, version: str, warmup: float | None = None) -> Instance:
        inst = self.instances[name]
        with inst.lock:
            self.stop(inst, close=False)
            with contextlib.suppress(FileNotFoundError):
                os.unlink(os.path.join(RUN, f"disarm-{name}"))
            inst.version = version
            fd = inst.listen().fileno()
            proc = subprocess.Popen(
                [sys.executable, APP, name, str(inst.port), version, inst.service,
                 str(WARMUP if warmup is None else warmup)],
                stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True,
                pass_fds=(fd,), env={**os.environ, "LISTEN_FD": str(fd)},
            )
            inst.proc = proc
            self.set_state(inst, "starting")
        threading.Thread(target=self.watch, args=(inst, proc), daemon=True).start()
        return inst

    def watch(self, inst: Instance, proc: subprocess.Popen[str]) -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.strip() == "ready":
                with inst.lock:
                    if inst.proc is proc:
                        self.set_state(inst, "ready")
        proc.wait()
        with inst.lock:
            if inst.proc is proc:  # it died on its own, not through stop()
                inst.proc = None
                inst.close()
                self.set_state(inst, "crashed")


def releases() -> list[str]:
    try:
        names = [d for d in os.listdir(RELEASES) if os.path.isdir(os.path.join(RELEASES, d))]
    except OSError:
        return []
    return sorted(names, key=lambda v: (len(v), v))


class Api(BaseHTTPRequestHandler):
    fleet: Fleet

    def log_message(self, format: str, *args: object) -> None:
        pass

    def reply(self, code: int, body: object) -> None:
        data = (json.dumps(body, indent=1) + "\n").encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def instance(self, name: str) -> Instance | None:
        inst = self.fleet.instances.get(name)
        if inst is None:
            self.reply(404, {"error": f"no instance '{name}'; instances: {', '.join(self.fleet.instances)}"})
        return inst

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        parts = [p for p in url.path.split("/") if p]
        query = parse_qs(url.query)
        if parts == ["instances"]:
            self.reply(200, [i.view() for i in self.fleet.instances.values()])
        elif len(parts) == 2 and parts[0] == "instances":
            inst = self.instance(parts[1])
            if inst:
                self.reply(200, inst.view())
        elif parts == ["releases"]:
            self.reply(200, releases())
        elif parts == ["events"]:
            since = float(query.get("since", ["0"])[0])
            with self.fleet.events_lock:
                self.reply(200, [e for e in self.fleet.events if float(e["t"]) >= since])  # type: ignore[arg-type]
        elif parts == ["healthz"]:
            self.reply(200, {"ok": True})
        else:
            self.reply(404, {"error": "unknown path; see GET /instances, /releases, /events"})

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        parts = [p for p in url.path.split("/") if p]
        params = {k: v[0] for k, v in parse_qs(url.query).items()}
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            raw = self.rfile.read(length).decode("utf-8", "replace")
            try:
                body = json.loads(raw)
                if isinstance(body, dict):
                    params.update({k: str(v) for k, v in body.items()})
            except ValueError:
                params.update({k: v[0] for k, v in parse_qs(raw).items()})
        if len(parts) == 3 and parts[0] == "instances" and parts[2] in ("deploy", "stop"):
            inst = self.instance(parts[1])
            if inst is None:
                return
            if parts[2] == "stop":
                with inst.lock:
                    self.fleet.stop(inst)
                self.reply(202, inst.view())
                return
            version = params.get("version", "")
            if version not in releases():
                self.reply(400, {"error": f"no release '{version}'; releases: {', '.join(releases())}"})
                return
            self.reply(202, self.fleet.deploy(inst.name, version).view())
        else:
            self.reply(404, {"error": "unknown path; see POST /instances/NAME/deploy?version=V"})


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def main() -> None:
    os.makedirs(RUN, exist_ok=True)
    fleet = Fleet(os.environ.get("FLEET_INSTANCES", ""))
    Api.fleet = fleet
    server = Server(("0.0.0.0", 9000), Api)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    # ready for `labctl up` once every instance that should run does
    deadline = time.time() + 60
    while time.time() < deadline:
        if all(i.state in ("ready", "stopped") for i in fleet.instances.values()):
            break
        time.sleep(0.05)
    open(os.path.join(RUN, "ready"), "w").close()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        while True:
            time.sleep(3600)
    finally:
        for inst in fleet.instances.values():
            if inst.proc is not None:
                inst.proc.kill()


if __name__ == "__main__":
    main()
