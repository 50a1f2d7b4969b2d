#!/usr/bin/env python3
"""Write yesterday's nginx access log of the shop, generated from a seed.

usage: genlog.py OUTPUT   (seed from $LAB_LOG_SEED)

The shop sits behind two load balancers: the first field of every line is a
balancer, the real client is the last field ("$http_x_forwarded_for"). The
balancers' own health checks carry no client ("-"). The six busiest clients
have distinct request counts, so the top 5 is well defined.
"""

import datetime as dt
import os
import random
import sys

BALANCERS = ["10.20.0.11", "10.20.0.12"]
PATHS = [
    "/", "/", "/", "/products.html", "/products.html", "/css/site.css", "/css/site.css",
    "/img/boots.jpg", "/img/packs.jpg", "/img/tents.jpg", "/cart", "/cart/add?sku=B-104",
    "/cart/add?sku=P-22", "/checkout", "/search?q=tent", "/search?q=boots+size+44",
    "/account/login", "/favicon.ico", "/robots.txt", "/wp-login.php",
]
AGENTS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36",
    "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.4 Safari/605.1.15",
    "curl/7.88.1",
    "Googlebot/2.1 (+http://www.google.com/bot.html)",
]
REFERERS = ["-", "-", "https://shop.pebble.example/", "https://www.google.com/", "https://shop.pebble.example/products.html"]


def clients(rng: random.Random) -> list[str]:
    nets = ["192.0.2", "198.51.100", "203.0.113"]
    ips: set[str] = set()
    while len(ips) < 48:
        ips.add(f"{rng.choice(nets)}.{rng.randint(1, 254)}")
    return sorted(ips)


def main() -> int:
    out = sys.argv[1]
    seed = os.environ.get("LAB_LOG_SEED", "5eed")
    rng = random.Random(f"phase1-log:{seed}")
    ips = clients(rng)
    rng.shuffle(ips)
    # The six busiest clients: distinct counts, a clear gap between each.
    counts = {}
    top = rng.randint(150, 210)
    for ip in ips[:6]:
        counts[ip] = top
        top -= rng.randint(4, 19)
    for ip in ips[6:]:
        counts[ip] = rng.randint(1, top - 6)
    day = dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1)
    start = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    events = []
    for ip, n in counts.items():
        agent = rng.choice(AGENTS)
        for _ in range(n):
            t = start + dt.timedelta(seconds=rng.randint(0, 86399))
            path = rng.choice(PATHS)
            status = rng.choices([200, 304, 404, 302], weights=[80, 10, 6, 4])[0]
            if path == "/wp-login.php":
                status = 404
            size = 0 if status == 304 else rng.randint(180, 48000)
            method = "POST" if path.startswith(("/cart/add", "/checkout")) else "GET"
            events.append((t, rng.choice(BALANCERS), method, path, status, size,
                           rng.choice(REFERERS), agent, ip))
    # Health checks of the balancers: every 5 minutes each, no client behind them.
    for lb in BALANCERS:
        for k in range(288):
            t = start + dt.timedelta(seconds=k * 300 + rng.randint(0, 3))
            events.append((t, lb, "GET", "/healthz", 200, 2, "-", "lb-healthcheck/1.4", "-"))
    events.sort(key=lambda e: e[0])
    with open(out, "w", encoding="utf-8") as fh:
        for t, lb, method, path, status, size, ref, agent, xff in events:
            stamp = t.strftime("%d/%b/%Y:%H:%M:%S +0000")
            fh.write(f'{lb} - - [{stamp}] "{method} {path} HTTP/1.1" {status} {size} '
                     f'"{ref}" "{agent}" "{xff}"\n')
    return 0


if __name__ == "__main__":
    sys.exit(main())
