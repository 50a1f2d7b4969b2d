"""The service's behaviour, shared by the service itself (shop.py) and the history that
Prometheus starts with (history.py), so both describe the same series.

Everything per learner comes from the environment of the containers:
SERVICE (metric prefix), LATENCY_THRESHOLD_MS, CAPACITY_RPS, AVAILABILITY_TARGET.
"""

import collections
import os

SERVICE = os.environ.get("SERVICE", "shop")
THRESHOLD = int(os.environ.get("LATENCY_THRESHOLD_MS", "300")) / 1000.0
CAPACITY = float(os.environ.get("CAPACITY_RPS", "30"))
AVAILABILITY_TARGET = float(os.environ.get("AVAILABILITY_TARGET", "99.5")) / 100.0

# Routes as they appear in the `route` label, and the share of background traffic.
PRODUCTS = "/api/products"
PRODUCT = "/api/products/<id>"
CHECKOUT = "/api/checkout"
ROUTES = (PRODUCTS, PRODUCT, CHECKOUT)
METHODS = {PRODUCTS: "GET", PRODUCT: "GET", CHECKOUT: "POST"}

BACKGROUND_RPS = 5.0          # the lab's simulated users (the `users` service)
BASE_ERROR_RATE = 0.001       # 5xx on a normal day
RATE_WINDOW = 10.0            # seconds over which the service measures its arrival rate

# Latency, as a multiple X of the threshold. Below capacity 1.5% of requests are slower than
# the threshold (1.2% between 1x and 1.5x, 0.3% beyond); above it many more are.
SLOW_SHARE = 0.015
BAND_SHARE_OF_SLOW = 0.8
FAST_MAX = 0.85


def bucket_bounds():
    """Histogram buckets in seconds: multiples of the threshold, so `le="<threshold>"` exists."""
    return [round(THRESHOLD * m, 4) for m in (0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 4, 8)]


def slow_share(rate):
    """Share of requests slower than the threshold at an arrival rate (requests/second):
    flat up to the capacity, then climbing steeply (10% more of them per 4% over capacity)."""
    return min(0.5, SLOW_SHARE + 2.5 * max(0.0, rate - CAPACITY) / CAPACITY)


def latency_multiple(u1, u2, u3, rate):
    """X for one request from three uniform random numbers in [0, 1)."""
    if u1 < slow_share(rate):
        if u2 < BAND_SHARE_OF_SLOW:
            return 1.02 + 0.43 * u3          # (1, 1.5]
        return 1.6 + 1.4 * u3                # beyond 1.5x
    return 0.05 + (FAST_MAX - 0.05) * u2 * u2


def fast_share_below(multiple):
    """P(X <= multiple) among fast requests, for the history (X = 0.05 + 0.8 u^2)."""
    if multiple <= 0.05:
        return 0.0
    if multiple >= FAST_MAX:
        return 1.0
    return ((multiple - 0.05) / (FAST_MAX - 0.05)) ** 0.5


class ArrivalRate:
    """The sustained arrival rate the shop goes by: requests per second over the last `window`
    seconds, as a learner (and Prometheus' rate()) measures it. A mean over the whole window,
    not per-slice counts: Locust users spawned at once fire in lockstep, bursts a few seconds
    apart, and a burst must not count as more load than the shop really had. Not thread-safe:
    the shop holds its lock around it."""

    def __init__(self, window=RATE_WINDOW):
        self.window = window
        self._times = collections.deque()

    def add(self, now):
        """Count an arrival at `now` and return the rate it sees."""
        self._times.append(now)
        return self.rate(now)

    def rate(self, now):
        while self._times and self._times[0] < now - self.window:
            self._times.popleft()
        return len(self._times) / self.window
