"""Run a locustfile's users in virtual time, and report the requests they would send.

Usage (in the workspace, with Locust's Python): locust_sim.py LOCUSTFILE USERS SECONDS

The users are Locust's own classes, spawned at once as `-u USERS -r USERS` would, with
Locust's task choice, TaskSets and wait_time functions (constant_throughput, constant_pacing,
between, custom ones); only the clock is virtual and the HTTP client answers at once, like
the shop would (200 for the catalogue, 201 for a checkout with items, 400 without, 404
elsewhere). So the rate and mix it reports are the load test's own, whatever the machine's
load: a busy host cannot slow a virtual clock. Random choices are seeded, so the same file
always gives the same numbers.

Prints one JSON object: requests by kind, the users per class, and the first errors.
"""

import heapq
import json
import random
import sys
import time
import traceback
from urllib.parse import urlsplit

path, USERS, SECONDS = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
HOST = "http://app:8000"


class Clock:
    now = 1_000_000.0


clock = Clock()

from locust import TaskSet  # noqa: E402  (imports gevent; the clock is patched after it)
from locust.env import Environment  # noqa: E402
from locust.exception import InterruptTaskSet, RescheduleTask, RescheduleTaskImmediately, StopUser  # noqa: E402
from locust.user import wait_time as wait_time_module  # noqa: E402
from locust.user.task import DefaultTaskSet  # noqa: E402
from locust.util.load_locustfile import load_locustfile  # noqa: E402

for name in ("time", "monotonic", "perf_counter"):
    setattr(time, name, lambda: clock.now)
wait_time_module.perf_counter = lambda: clock.now
random.seed(20260517)

log = {"browse": 0, "checkout_ok": 0, "checkout_refused": 0, "other": {}}
errors = []


def checkout_ok(kwargs):
    body = kwargs.get("json")
    if body is None and kwargs.get("data") is not None:
        headers = {k.lower(): v for k, v in (kwargs.get("headers") or {}).items()}
        if "json" in str(headers.get("content-type", "")):
            try:
                body = json.loads(kwargs["data"])
            except (TypeError, ValueError):
                body = None
    items = body.get("items") if isinstance(body, dict) else None
    return isinstance(items, list) and len(items) > 0


class Response:
    def __init__(self, status):
        self.status_code = status
        self.ok = status < 400
        self.text = "{}"
        self.content = b"{}"
        self.headers = {"Content-Type": "application/json"}
        self.url = HOST
        self.elapsed = 0

    def json(self):
        return {}

    def raise_for_status(self):
        pass

    def success(self):
        pass

    def failure(self, *args, **kwargs):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *args):
        return False


class Client:
    """What HttpSession and FastHttpSession offer a locustfile, answering like the shop."""

    def request(self, method, url, **kwargs):
        method = method.upper()
        where = urlsplit(url).path or "/"
        if clock.now - START < SECONDS:
            if method == "GET" and (where == "/api/products" or where.startswith("/api/products/")):
                log["browse"] += 1
            elif method == "POST" and where == "/api/checkout":
                log["checkout_ok" if checkout_ok(kwargs) else "checkout_refused"] += 1
            else:
                key = f"{method} {where}"
                log["other"][key] = log["other"].get(key, 0) + 1
        if method == "GET" and (where == "/api/products" or where.startswith("/api/products/")):
            return Response(200)
        if method == "POST" and where == "/api/checkout":
            return Response(201 if checkout_ok(kwargs) else 400)
        return Response(404)

    def get(self, url, **kw):
        return self.request("GET", url, **kw)

    def post(self, url, data=None, json=None, **kw):
        return self.request("POST", url, data=data, json=json, **kw)

    def put(self, url, **kw):
        return self.request("PUT", url, **kw)

    def patch(self, url, **kw):
        return self.request("PATCH", url, **kw)

    def delete(self, url, **kw):
        return self.request("DELETE", url, **kw)

    def head(self, url, **kw):
        return self.request("HEAD", url, **kw)

    def options(self, url, **kw):
        return self.request("OPTIONS", url, **kw)


def distribute(classes, n):
    """Users per class as Locust spawns them: fixed counts first, the rest by weight."""
    counts = {c: int(getattr(c, "fixed_count", 0) or 0) for c in classes}
    rest = max(0, n - sum(counts.values()))
    weighted = [c for c in classes if not counts[c]]
    total = sum(max(0, getattr(c, "weight", 1)) for c in weighted) or 1
    shares = {c: rest * max(0, getattr(c, "weight", 1)) / total for c in weighted}
    for c in weighted:
        counts[c] = int(shares[c])
    left = rest - sum(counts[c] for c in weighted)
    for c in sorted(weighted, key=lambda c: shares[c] - int(shares[c]), reverse=True)[:left]:
        counts[c] += 1
    return counts


def note(exc):
    if len(errors) < 3:
        errors.append("".join(traceback.format_exception_only(type(exc), exc)).strip())


user_classes, _shapes = load_locustfile(path)
classes = [c for c in user_classes.values() if not getattr(c, "abstract", False)]
if not classes:
    print(json.dumps({"error": "the locustfile defines no User class"}))
    sys.exit(0)
env = Environment(user_classes=classes, host=HOST, catch_exceptions=True)
START = clock.now
queue = []
users = {}
for cls, count in distribute(classes, USERS).items():
    for _ in range(count):
        if cls.host is None:
            cls.host = HOST
        try:
            user = cls(env)
        except Exception as exc:  # a constructor that needs more than the environment
            note(exc)
            continue
        user.client = Client()
        user._cp_last_run = clock.now
        stack = [DefaultTaskSet(user)]
        users[id(user)] = (user, stack)
        try:
            user.on_start()
        except Exception as exc:
            note(exc)
        heapq.heappush(queue, (clock.now, id(user)))

events = 0
while queue and events < 200_000:
    at, key = heapq.heappop(queue)
    if at - START >= SECONDS:
        break
    clock.now = at
    user, stack = users[key]
    events += 1
    frame = stack[-1]
    wait = True
    try:
        if not frame._task_queue:
            frame.schedule_task(frame.get_next_task())
        task = frame._task_queue.popleft()
        if isinstance(task, type) and issubclass(task, TaskSet):
            child = task(frame.user if isinstance(frame, DefaultTaskSet) else frame)
            child.on_start()
            stack.append(child)
            wait = False
        else:
            frame.execute_task(task)
    except InterruptTaskSet as exc:
        if len(stack) > 1:
            stack.pop().on_stop()
        wait = not exc.reschedule
    except RescheduleTaskImmediately:
        wait = False
    except RescheduleTask:
        pass
    except StopUser:
        continue
    except Exception as exc:
        note(exc)
    pause = 0.0
    if wait:
        try:
            pause = max(0.0, float(stack[-1].wait_time()))
        except Exception as exc:
            note(exc)
            pause = 1.0
    heapq.heappush(queue, (clock.now + pause, key))

print(json.dumps({
    "seconds": SECONDS, "requests": log, "errors": errors,
    "users": {c.__name__: n for c, n in distribute(classes, USERS).items()},
}))
