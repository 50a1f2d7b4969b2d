#!/usr/bin/python3
"""pager: the on-call pager of the lab (a small PagerDuty). Alertmanager posts its
notifications here; each new alert group opens an incident that the on-call acknowledges
and that resolves when Alertmanager says the alerts resolved (or by hand).

POST /webhook                          Alertmanager's webhook (send_resolved: true)
GET  /api/incidents                    every incident, oldest first (JSON)
GET  /api/incidents/INC-N              one incident
POST /api/incidents/INC-N/ack          acknowledge   (JSON or form: by=NAME)
POST /api/incidents/INC-N/resolve      resolve by hand (JSON or form: by=NAME)
GET  /                                 the same as text
"""
import datetime as dt
import json
import os
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT = int(os.environ.get("PAGER_PORT", "9095"))
FIRST = int(os.environ.get("PAGER_FIRST_INCIDENT", "1000"))
STATE = os.environ.get("PAGER_STATE", "/var/lib/pager/state.json")
lock = threading.Lock()


def iso(t: float) -> str:
    return dt.datetime.fromtimestamp(t, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def load() -> list:
    try:
        with open(STATE) as fh:
            return json.load(fh)
    except (OSError, ValueError):
        return []


incidents = load()


def save() -> None:
    tmp = STATE + ".tmp"
    with open(tmp, "w") as fh:
        json.dump(incidents, fh, indent=1)
    os.replace(tmp, STATE)


def event(inc: dict, what: str) -> None:
    now = time.time()
    inc["log"].append({"at": iso(now), "ts": now, "event": what})
    print(f"{iso(now)} {inc['id']} {what}", flush=True)


def find(inc_id: str):
    for inc in incidents:
        if inc["id"].lower() == inc_id.lower():
            return inc
    return None


def webhook(payload: dict) -> None:
    key = str(payload.get("groupKey", ""))
    status = payload.get("status")
    alerts = payload.get("alerts") or []
    names = sorted({a.get("labels", {}).get("alertname", "?") for a in alerts if a.get("status") == "firing"})
    with lock:
        open_inc = next((i for i in incidents if i["group_key"] == key and i["status"] != "resolved"), None)
        if status == "firing":
            if open_inc is None:
                now = time.time()
                common = payload.get("commonLabels") or {}
                open_inc = {
                    "id": f"INC-{FIRST + len(incidents)}", "status": "triggered",
                    "title": ", ".join(names) or "alert", "service": common.get("service", "?"),
                    "severity": common.get("severity", "?"), "group_key": key, "alerts": names,
                    "triggered_at": iso(now), "triggered_ts": now,
                    "acknowledged_at": None, "acknowledged_ts": None, "acknowledged_by": None,
                    "resolved_at": None, "resolved_ts": None, "resolved_by": None, "log": [],
                }
                incidents.append(open_inc)
                event(open_inc, f"triggered by Alertmanager: {', '.join(names)}")
            else:
                new = [n for n in names if n not in open_inc["alerts"]]
                if new:
                    open_inc["alerts"] += new
                    open_inc["title"] = ", ".join(open_inc["alerts"])
                    event(open_inc, f"more alerts firing: {', '.join(new)}")
        elif status == "resolved" and open_inc is not None:
            resolve(open_inc, "alertmanager")
        save()


def resolve(inc: dict, by: str) -> None:
    now = time.time()
    inc.update(status="resolved", resolved_at=iso(now), resolved_ts=now, resolved_by=by)
    event(inc, f"resolved by {by}")


def text() -> str:
    lines = [f"{'INCIDENT':10} {'STATUS':13} {'TRIGGERED':21} {'ACKED BY':12} ALERTS"]
    for inc in incidents:
        lines.append(f"{inc['id']:10} {inc['status']:13} {inc['triggered_at']:21} "
                     f"{inc['acknowledged_by'] or '-':12} {', '.join(inc['alerts'])}")
    return "\n".join(lines) + "\n"


class Handler(BaseHTTPRequestHandler):
    def _send(self, code: int, body, content_type="application/json") -> None:
        data = (json.dumps(body, indent=1) if content_type == "application/json" else body).encode()
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _body(self) -> dict:
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode(errors="replace")
        if not raw.strip():
            return {}
        try:
            data = json.loads(raw)
            return data if isinstance(data, dict) else {}
        except ValueError:
            return {k: v[-1] for k, v in urllib.parse.parse_qs(raw).items()}

    def do_GET(self) -> None:
        path = urllib.parse.urlparse(self.path).path.rstrip("/")
        with lock:
            if path in ("", "/"):
                self._send(200, text(), "text/plain")
            elif path == "/healthz":
                self._send(200, {"ok": True})
            elif path == "/api/incidents":
                self._send(200, incidents)
            elif path.startswith("/api/incidents/"):
                inc = find(path.rsplit("/", 1)[1])
                self._send(200 if inc else 404, inc or {"error": "no such incident"})
            else:
                self._send(404, {"error": "see GET / or /api/incidents"})

    def do_POST(self) -> None:
        path = urllib.parse.urlparse(self.path).path.rstrip("/")
        body = self._body()
        if path == "/webhook":
            webhook(body)
            self._send(200, {"ok": True})
            return
        parts = path.split("/")
        if len(parts) == 5 and parts[1:3] == ["api", "incidents"] and parts[4] in ("ack", "acknowledge", "resolve"):
            by = str(body.get("by") or self.headers.get("X-Pager-User") or "on-call")[:40]
            with lock:
                inc = find(parts[3])
                if inc is None:
                    self._send(404, {"error": f"no incident {parts[3]}"})
                    return
                if parts[4] == "resolve":
                    if inc["status"] != "resolved":
                        resolve(inc, by)
                elif inc["status"] == "resolved":
                    self._send(409, {"error": f"{inc['id']} is already resolved", "incident": inc})
                    return
                elif inc["acknowledged_ts"] is None:
                    now = time.time()
                    inc.update(status="acknowledged", acknowledged_at=iso(now), acknowledged_ts=now,
                               acknowledged_by=by)
                    event(inc, f"acknowledged by {by}")
                save()
                self._send(200, inc)
            return
        self._send(404, {"error": "POST /api/incidents/INC-N/ack or /resolve"})

    def log_message(self, *args) -> None:
        pass


if __name__ == "__main__":
    print(f"pager listening on :{PORT}", file=sys.stderr, flush=True)
    ThreadingHTTPServer(("0.0.0.0", PORT), Handler).serve_forever()
