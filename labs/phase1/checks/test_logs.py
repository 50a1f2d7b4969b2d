"""Task logs: the top-5 clients of yesterday's access log, computed from this env's own log."""

import re
from collections import Counter

import pytest

LOG = "/var/log/nginx/access.log.1"
REPORT = "/root/reports/top-clients.txt"
IP = re.compile(r"(?<![\d.])(\d{1,3}(?:\.\d{1,3}){3})(?![\d.])")
NUMBER = re.compile(r"(?<!\d)\d+(?!\d)")
HEALTH_CHECK = re.compile(r'(^|[\s",:])"?-"?([\s",:]|$)')


@pytest.fixture(scope="module")
def log(host):
    """(top 5 as [(ip, count)] busiest first, the balancers' addresses) from this env's own log.

    The real client is the last quoted field (X-Forwarded-For); "-" is a health check."""
    result = host("web").run("cat %s", LOG)
    assert result.rc == 0, f"cannot read {LOG} on web01 (was it deleted?); recreate the env with `labctl reset`"
    counts = Counter()
    balancers = set()
    for line in result.stdout.splitlines():
        parts = line.split('"')
        if len(parts) < 3:
            continue
        balancers.add(line.split(" ", 1)[0])
        client = parts[-2].strip()
        if IP.fullmatch(client):
            counts[client] += 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:5], balancers


def read_report(host):
    """[(ip, count or None)] from the learner's file; lines without an IP (headers) are skipped."""
    result = host("web").run("cat %s", REPORT)
    assert result.rc == 0, f"{REPORT} does not exist on web01"
    rows = []
    for n, raw in enumerate(result.stdout.splitlines(), 1):
        ips = IP.findall(raw)
        if not ips:
            assert not (HEALTH_CHECK.search(raw) and NUMBER.search(raw)), (
                f"line {n} of {REPORT} counts '-' as a client: those are the balancers' health checks, "
                "which have no client behind them"
            )
            continue
        assert len(ips) == 1, f"line {n} of {REPORT} holds several IP addresses: one client per line, please"
        numbers = NUMBER.findall(IP.sub(" ", raw))
        if len(numbers) == 2 and numbers[0] == str(len(rows) + 1):
            numbers = numbers[1:]  # a rank column: "1. 203.0.113.7 187"
        count = int(numbers[0]) if len(numbers) == 1 else None
        rows.append((ips[0], count, n))
    assert rows, f"{REPORT} holds no IP addresses"
    return rows


@pytest.mark.points(3)
def test_top_five_clients(host, log):
    top, balancers = log
    expected = [ip for ip, _ in top]
    rows = read_report(host)
    ips = [ip for ip, _, _ in rows]
    lbs = sorted(set(ips) & balancers)
    assert not lbs, (
        f"{', '.join(lbs)} in your report {'is a load balancer' if len(lbs) == 1 else 'are the load balancers'}, "
        "not a client: the client is the last field of each line"
    )
    assert len(ips) == 5, f"{REPORT} should list 5 clients, one per line; it lists {len(ips)}"
    strangers = [ip for ip in ips if ip not in expected]
    assert not strangers, (
        f"{len(strangers)} of the addresses in {REPORT} are not among yesterday's 5 busiest clients: "
        f"{', '.join(strangers)}"
    )
    assert len(set(ips)) == 5, f"{REPORT} lists the same client more than once"
    assert ips == expected, f"{REPORT} has the right 5 clients, but not busiest first"


@pytest.mark.points(2)
def test_request_counts(host, log):
    expected = dict(log[0])
    rows = read_report(host)
    known = [(ip, count, n) for ip, count, n in rows if ip in expected]
    assert len(known) == 5, f"{REPORT} does not list yesterday's 5 busiest clients yet, so their counts cannot be right"
    for ip, count, n in known:
        assert count is not None, f"line {n} of {REPORT} should hold {ip} and its request count, one number"
        if count != expected[ip]:
            hint = " (a grep for an address also matches longer ones that start the same way)" if count > expected[ip] else ""
            raise AssertionError(f"the request count of {ip} in {REPORT} is wrong: you wrote {count}{hint}")
