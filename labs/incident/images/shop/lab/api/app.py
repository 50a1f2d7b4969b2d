#!/usr/bin/env python3
"""shop-api: the orders API of the shop, behind the nginx front (web) and in front of
PostgreSQL (db) and Redis (cache).

Configuration: /etc/shop/api.yaml (a symlink into /etc/shop/releases/, managed by
`shop-config`), re-read on SIGHUP (`service shop-api reload`).
Every request opens its own connections to the database and the cache.
Checkouts are also written to a journal under journal_dir (a small disk of its own).
Logs: /var/log/shop/api.log. Metrics: /metrics.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import signal
import threading
import time

import psycopg2
import redis
import yaml
from flask import Flask, Response, jsonify, request
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Gauge, Histogram, generate_latest

CONFIG = os.environ.get("SHOP_API_CONFIG", "/etc/shop/api.yaml")
LOG_FILE = os.environ.get("SHOP_API_LOG", "/var/log/shop/api.log")
CATALOG_KEY = "shop:catalog"

log = logging.getLogger("shop-api")


class UTCFormatter(logging.Formatter):
    def formatTime(self, record, datefmt=None):
        t = dt.datetime.fromtimestamp(record.created, dt.UTC)
        return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{int(record.msecs):03d}Z"


def setup_logging() -> None:
    handler = logging.FileHandler(LOG_FILE) if LOG_FILE != "-" else logging.StreamHandler()
    handler.setFormatter(UTCFormatter("%(asctime)s %(levelname)s %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    logging.getLogger("werkzeug").setLevel(logging.ERROR)


# -- metrics ---------------------------------------------------------------------------

BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5)
REQUESTS = Counter("shop_api_requests_total", "API requests by endpoint and HTTP status",
                   ["endpoint", "code"])
LATENCY = Histogram("shop_api_request_duration_seconds", "API request duration (server side)",
                    ["endpoint"], buckets=BUCKETS)
DEP_LATENCY = Histogram("shop_api_dependency_duration_seconds",
                        "Duration of calls to dependencies (connect included)", ["dependency"],
                        buckets=BUCKETS)
DEP_ERRORS = Counter("shop_api_dependency_errors_total", "Failed calls to dependencies",
                     ["dependency", "error"])
DEP_UP = Gauge("shop_api_dependency_up", "1 if the last probe of the dependency succeeded",
               ["dependency"])
CONFIG_INFO = Gauge("shop_api_config_info", "The configuration release in use", ["release", "checksum"])
CACHE_RESULTS = Counter("shop_api_cache_requests_total", "Catalog lookups by result", ["result"])


# -- configuration ------------------------------------------------------------------------

class Settings:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.data: dict = {}
        self.release = "?"
        self.checksum = ""

    def load(self) -> None:
        with open(CONFIG, "rb") as fh:
            raw = fh.read()
        data = yaml.safe_load(raw) or {}
        release = os.path.basename(os.path.realpath(CONFIG)).split(".")[0]
        checksum = hashlib.sha256(raw).hexdigest()[:12]
        with self.lock:
            old = (self.release, self.checksum)
            self.data, self.release, self.checksum = data, release, checksum
        CONFIG_INFO.clear()
        CONFIG_INFO.labels(release, checksum).set(1)
        if old != (release, checksum):
            log.info("config release %s loaded from %s (checksum %s)", release, CONFIG, checksum)

    def get(self, *path, default=None):
        with self.lock:
            node = self.data
        for key in path:
            if not isinstance(node, dict) or key not in node:
                return default
            node = node[key]
        return node


settings = Settings()


# -- dependencies -------------------------------------------------------------------------

class DependencyError(Exception):
    def __init__(self, dependency: str, error: Exception):
        super().__init__(f"{dependency}: {error}")
        self.dependency = dependency
        self.error = error


def _slow(dependency: str, started: float, what: str) -> None:
    ms = (time.perf_counter() - started) * 1000
    if ms > float(settings.get("slow_call_ms", default=1000)):
        log.warning("slow %s call: %.0f ms (%s)", dependency, ms, what)


def _error_name(exc: Exception) -> str:
    return type(exc).__name__


def db_query(sql: str, args: tuple = (), fetch: str = "all"):
    started = time.perf_counter()
    try:
        conn = psycopg2.connect(
            host=settings.get("database", "host"), port=settings.get("database", "port"),
            dbname=settings.get("database", "name"), user=settings.get("database", "user"),
            password=settings.get("database", "password"),
            connect_timeout=settings.get("database", "connect_timeout_s", default=10),
            application_name="shop-api", sslmode="disable", gssencmode="disable")
        try:
            conn.autocommit = True
            with conn.cursor() as cur:
                cur.execute(sql, args)
                if fetch == "one":
                    return cur.fetchone()
                if fetch == "all":
                    return cur.fetchall()
                return None
        finally:
            conn.close()
    except psycopg2.Error as exc:
        DEP_ERRORS.labels("db", _error_name(exc)).inc()
        raise DependencyError("db", exc) from exc
    finally:
        DEP_LATENCY.labels("db").observe(time.perf_counter() - started)
        _slow("db", started, sql.split()[0])


def cache_client() -> redis.Redis:
    return redis.Redis(host=settings.get("cache", "host"), port=settings.get("cache", "port"),
                       socket_connect_timeout=settings.get("cache", "timeout_s", default=10),
                       socket_timeout=settings.get("cache", "timeout_s", default=10))


def cache_call(what: str, fn):
    started = time.perf_counter()
    client = cache_client()
    try:
        return fn(client)
    except redis.RedisError as exc:
        DEP_ERRORS.labels("cache", _error_name(exc)).inc()
        raise DependencyError("cache", exc) from exc
    finally:
        client.close()
        DEP_LATENCY.labels("cache").observe(time.perf_counter() - started)
        _slow("cache", started, what)


def load_catalog() -> list[dict]:
    """Products with prices; the database query is expensive, so it is cached."""
    try:
        cached = cache_call("GET catalog", lambda c: c.get(CATALOG_KEY))
    except DependencyError as exc:
        CACHE_RESULTS.labels("error").inc()
        log.warning("cache unavailable (%s): serving the catalog from the database", exc.error)
        cached = None
        skip_store = True
    else:
        skip_store = False
    if cached:
        CACHE_RESULTS.labels("hit").inc()
        return json.loads(cached)
    if not skip_store:
        CACHE_RESULTS.labels("miss").inc()
    cost = float(settings.get("catalog_query_cost_s", default=4.0))
    # the catalog query is slow by nature (pg_sleep stands in for its big joins)
    rows = db_query("SELECT id, name, price_cents FROM products, pg_sleep(%s) ORDER BY id", (cost,))
    catalog = [{"id": r[0], "name": r[1], "price_cents": r[2]} for r in rows]
    if not skip_store:
        ttl = int(settings.get("cache", "ttl_s", default=300))
        try:
            cache_call("SET catalog", lambda c: c.set(CATALOG_KEY, json.dumps(catalog), ex=ttl))
        except DependencyError as exc:
            log.warning("cache unavailable (%s): catalog not cached", exc.error)
    return catalog


def journal(order: dict) -> None:
    """Append the order to today's journal (fsync'd): the audit trail of every checkout."""
    started = time.perf_counter()
    directory = settings.get("journal_dir", default="/var/lib/shop/journal")
    path = os.path.join(directory, dt.datetime.now(dt.UTC).strftime("orders-%Y%m%d.log"))
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
        try:
            os.write(fd, (json.dumps(order) + "\n").encode())
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        DEP_ERRORS.labels("journal", _error_name(exc)).inc()
        raise DependencyError("journal", exc) from exc
    finally:
        DEP_LATENCY.labels("journal").observe(time.perf_counter() - started)


# -- the app ------------------------------------------------------------------------------

app = Flask("shop-api")


@app.before_request
def _start() -> None:
    request.environ["shop.started"] = time.perf_counter()


@app.after_request
def _measure(response):
    endpoint = request.environ.get("shop.endpoint")
    if endpoint:
        LATENCY.labels(endpoint).observe(time.perf_counter() - request.environ["shop.started"])
        REQUESTS.labels(endpoint, str(response.status_code)).inc()
    return response


def endpoint(name: str) -> None:
    request.environ["shop.endpoint"] = name


@app.errorhandler(DependencyError)
def _dependency_failed(exc: DependencyError):
    if exc.dependency == "journal":
        log.error("journal write failed: %s", exc.error)
        return jsonify(error=f"cannot record the order: {exc.error}"), 507
    message = str(exc.error).strip().splitlines()[0] if str(exc.error).strip() else _error_name(exc.error)
    log.error("%s unavailable: %s", exc.dependency, message)
    return jsonify(error=f"{exc.dependency} unavailable"), 503


@app.get("/healthz")
def healthz():
    return "ok\n"


@app.get("/readyz")
def readyz():
    """Deep health: can this API use each of its dependencies with its current configuration?"""
    report, ok = {"release": settings.release,
                  "database": "{}:{}/{}".format(settings.get("database", "host"), settings.get("database", "port"),
                                                settings.get("database", "name")),
                  "cache_server": "{}:{}".format(settings.get("cache", "host"), settings.get("cache", "port"))}, True
    try:
        db_query("SELECT 1", fetch="one")
        report["db"] = "ok"
    except DependencyError as exc:
        report["db"], ok = f"error: {str(exc.error).strip().splitlines()[0]}", False
    try:
        cache_call("PING", lambda c: c.ping())
        report["cache"] = "ok"
    except DependencyError as exc:
        report["cache"], ok = f"error: {exc.error}", False
    st = os.statvfs(settings.get("journal_dir", default="/var/lib/shop/journal"))
    free = st.f_bavail * st.f_frsize
    report["journal_free_bytes"] = free
    if free < 1024 * 1024:
        report["journal"], ok = "error: less than 1 MiB free", False
    else:
        report["journal"] = "ok"
    return jsonify(report), (200 if ok else 503)


@app.get("/api/products")
def products():
    endpoint("products")
    return jsonify(products=load_catalog())


@app.get("/api/orders")
def orders():
    endpoint("orders")
    limit = max(1, min(int(request.args.get("limit", 10)), 100))
    rows = db_query("SELECT id, product_id, quantity, amount_cents, customer, created_at FROM orders "
                    "ORDER BY id DESC LIMIT %s", (limit,))
    return jsonify(orders=[_order(r) for r in rows])


@app.get("/api/orders/<int:order_id>")
def order(order_id: int):
    endpoint("order")
    row = db_query("SELECT id, product_id, quantity, amount_cents, customer, created_at FROM orders "
                   "WHERE id = %s", (order_id,), fetch="one")
    if row is None:
        return jsonify(error=f"no order {order_id}"), 404
    return jsonify(_order(row))


@app.post("/api/orders")
def checkout():
    endpoint("checkout")
    body = request.get_json(silent=True) or {}
    catalog = {p["id"]: p for p in load_catalog()}
    product = catalog.get(int(body.get("product_id", 0) or 0))
    if product is None:
        return jsonify(error="unknown product_id"), 400
    quantity = max(1, min(int(body.get("quantity", 1) or 1), 10))
    customer = str(body.get("customer") or "guest")[:40]
    amount = product["price_cents"] * quantity
    row = db_query("INSERT INTO orders (product_id, quantity, amount_cents, customer) VALUES "
                   "(%s, %s, %s, %s) RETURNING id, product_id, quantity, amount_cents, customer, created_at",
                   (product["id"], quantity, amount, customer), fetch="one")
    order = _order(row)
    journal(order)
    return jsonify(order), 201


def _order(r) -> dict:
    return {"id": r[0], "product_id": r[1], "quantity": r[2], "amount_cents": r[3],
            "customer": r[4], "created_at": r[5].isoformat() if r[5] else None}


@app.get("/metrics")
def metrics():
    return Response(generate_latest(), mimetype=CONTENT_TYPE_LATEST)


# -- background ---------------------------------------------------------------------------

def probe_dependencies() -> None:
    """Every 2 s: is each dependency usable? (shop_api_dependency_up)"""
    while True:
        for name, probe in (("db", lambda: db_query("SELECT 1", fetch="one")),
                            ("cache", lambda: cache_call("PING", lambda c: c.ping()))):
            try:
                probe()
                DEP_UP.labels(name).set(1)
            except DependencyError:
                DEP_UP.labels(name).set(0)
            except Exception:  # a probe must never kill the thread
                DEP_UP.labels(name).set(0)
        time.sleep(2)


def main() -> None:
    setup_logging()
    settings.load()

    def reload(*_):
        try:
            settings.load()
        except Exception as exc:  # keep the old configuration running
            log.error("config reload failed, keeping release %s: %s", settings.release, exc)

    signal.signal(signal.SIGHUP, reload)
    threading.Thread(target=probe_dependencies, daemon=True).start()
    listen = str(settings.get("listen", default="0.0.0.0:8000"))
    host, _, port = listen.rpartition(":")
    log.info("shop-api starting on %s (pid %d)", listen, os.getpid())
    from werkzeug.serving import make_server

    server = make_server(host or "0.0.0.0", int(port), app, threaded=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
