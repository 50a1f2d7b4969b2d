"""Helpers shared by the slo lab's checks: Prometheus' HTTP API, the shop's lab endpoints,
and comparing a learner's recording rule with the truth at the same instants.

Recording rules are compared sample by sample: Prometheus stamps each recorded sample with
its evaluation time, and the true expression evaluated at that time over the same data gives
the same value, so any correct expression (rate or increase, sum or sum by job, good/total or
1 - bad/total) matches. Not always to the last digit: a scrape that started before an
evaluation may be stored just after it, so tolerances allow one scrape's worth of difference,
and the majority of the last three samples decides. Wrong expressions are far further off.
"""

from __future__ import annotations

import math
import time
from pathlib import Path
from typing import Any

import yaml

REPORT = "capacity/report.yaml"


# -- names and numbers derived from the parameters ---------------------------------------


def total(params: dict[str, Any]) -> str:
    return f"{params['service']}_http_requests_total"


def hist(params: dict[str, Any]) -> str:
    return f"{params['service']}_http_request_duration_seconds"


def threshold_s(params: dict[str, Any]) -> float:
    return int(params["latency_threshold_ms"]) / 1000


def le(params: dict[str, Any]) -> str:
    return f"{threshold_s(params):g}"


def objective(params: dict[str, Any]) -> float:
    return float(params["availability_target"]) / 100


def budget(params: dict[str, Any]) -> float:
    return round(1 - objective(params), 6)


def availability_truth(params: dict[str, Any], window: str) -> str:
    t = total(params)
    return f'sum(rate({t}{{code!~"5.."}}[{window}])) / sum(rate({t}[{window}]))'


def latency_truth(params: dict[str, Any], window: str) -> str:
    h = hist(params)
    return f'sum(rate({h}_bucket{{le="{le(params)}"}}[{window}])) / sum(rate({h}_count[{window}]))'


def budget_truth(params: dict[str, Any]) -> str:
    return f"1 - (1 - ({availability_truth(params, '1h')})) / {budget(params)}"


# -- Prometheus --------------------------------------------------------------------------


def api(http: Any, path: str, **params: Any) -> Any:
    resp = http.get("prometheus", f"/api/v1/{path}", params=params, timeout=20)
    body = resp.json() if resp.headers.get("content-type", "").startswith("application/json") else {}
    if resp.status_code != 200 or body.get("status") != "success":
        raise AssertionError(f"Prometheus answered {resp.status_code} to /api/v1/{path}: "
                             f"{body.get('error') or resp.text[:200]}")
    return body["data"]


def query(http: Any, expr: str, at: float | None = None) -> list[dict[str, Any]]:
    params: dict[str, Any] = {"query": expr}
    if at is not None:
        params["time"] = f"{at:.3f}"
    return list(api(http, "query", **params)["result"])


def scalar(http: Any, expr: str, at: float | None = None) -> float | None:
    rows = query(http, expr, at)
    return float(rows[0]["value"][1]) if len(rows) == 1 else None


def rule_groups(http: Any) -> list[dict[str, Any]]:
    return list(api(http, "rules")["groups"])


def find_rule(http: Any, kind: str, name: str) -> dict[str, Any]:
    """The loaded rule (kind 'recording' or 'alerting') with that name, or a clear failure."""
    names = []
    for group in rule_groups(http):
        for rule in group["rules"]:
            names.append(rule["name"])
            if rule["type"] == kind and rule["name"] == name:
                if rule.get("health") == "err":
                    raise AssertionError(f"Prometheus cannot evaluate rule {name}: {rule.get('lastError')}")
                return dict(rule)
    loaded = ", ".join(names[:12]) or "none"
    raise AssertionError(
        f"Prometheus has no {kind} rule named {name} (rules it has loaded: {loaded}). Put it in a "
        "file under /lab/prometheus/rules/, check it with promtool check rules, and reload Prometheus "
        "(curl -X POST http://prometheus:9090/-/reload)"
    )


def alert_state(http: Any, name: str) -> str:
    """'firing', 'pending' or 'inactive' for an alerting rule."""
    states = [a.get("state", "") for a in api(http, "alerts")["alerts"] if a["labels"].get("alertname") == name]
    if "firing" in states:
        return "firing"
    return "pending" if "pending" in states else "inactive"


# -- the shop's lab endpoints ------------------------------------------------------------


def fault(http: Any, error_rate: float = 0.0, slow_rate: float = 0.0, seconds: float = 0.0) -> dict[str, Any]:
    if seconds <= 0:
        resp = http.request("DELETE", "shop", "/lab/fault")
    else:
        resp = http.post("shop", "/lab/fault", params={"error_rate": error_rate, "slow_rate": slow_rate,
                                                     "seconds": seconds})
    assert resp.status_code == 200, f"the shop's fault switch answered {resp.status_code}: {resp.text[:200]}"
    return dict(resp.json())


def stats(http: Any) -> dict[str, Any]:
    resp = http.get("shop", "/lab/stats")
    assert resp.status_code == 200, f"the shop answered {resp.status_code} to /lab/stats"
    return dict(resp.json())


# -- comparing recorded series with the truth --------------------------------------------


def _one_series(http: Any, record: str) -> dict[str, str]:
    rows = query(http, record)
    if not rows:
        raise AssertionError(f"the recording rule {record} exists but returns no data yet; does its "
                             "expression return anything in Prometheus' expression browser?")
    if len(rows) > 1:
        labels = "; ".join(", ".join(f"{k}={v}" for k, v in r["metric"].items() if k != "__name__")
                           for r in rows[:4])
        raise AssertionError(f"{record} should be one series for the whole service, but it has {len(rows)} "
                             f"({labels}): aggregate the other labels away with sum")
    return dict(rows[0]["metric"])


def recorded_samples(http: Any, record: str, since: float) -> list[tuple[float, float]]:
    rows = query(http, f"{record}[1m]")
    if len(rows) != 1:
        return []
    return [(float(t), float(v)) for t, v in rows[0]["values"] if float(t) > since]


def compare_record(http: Any, record: str, truth: str, *, tol: float, since: float, what: str,
                   wait: float = 20.0) -> None:
    """Every recorded sample after `since` (at least two) must equal `truth` at its instant."""
    _one_series(http, record)
    deadline = time.monotonic() + wait
    samples = recorded_samples(http, record, since)
    while len(samples) < 2 and time.monotonic() < deadline:
        time.sleep(1)
        samples = recorded_samples(http, record, since)
    assert samples, f"{record} has recorded nothing for {wait:.0f} s: is the rule group being evaluated?"
    mismatches = []
    for at, value in samples[-3:]:
        expected = scalar(http, truth, at)
        if expected is None or math.isnan(expected):
            continue
        if math.isnan(value) or abs(value - expected) > tol:
            mismatches.append((value, expected))
    if len(mismatches) * 2 > len(samples[-3:]):
        value, expected = mismatches[-1]
        raise AssertionError(f"{record} is {value:.4f}, but {what} at that moment was {expected:.4f}")


# -- the capacity report -------------------------------------------------------------------


def report(env: Any) -> dict[str, Any]:
    path = env.workspace_file(REPORT)
    if not Path(path).is_file():
        raise AssertionError(f"there is no report at /lab/{REPORT}: write a YAML file there")
    try:
        data = yaml.safe_load(Path(path).read_text())
    except yaml.YAMLError as exc:
        raise AssertionError(f"/lab/{REPORT} is not valid YAML: {str(exc).splitlines()[0]}") from None
    if not isinstance(data, dict):
        raise AssertionError(f"/lab/{REPORT} should be a YAML mapping of fields (capacity_rps: ..., ...)")
    return data


def number(data: dict[str, Any], key: str) -> float:
    if key not in data:
        raise AssertionError(f"/lab/{REPORT} has no {key} field (it has: {', '.join(map(str, data)) or 'none'})")
    value = data[key]
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise AssertionError(f"{key} in /lab/{REPORT} should be a number, found {value!r}")
    try:
        result = float(str(value).strip().rstrip("%"))
    except ValueError:
        raise AssertionError(f"{key} in /lab/{REPORT} should be a number, found {value!r}") from None
    if math.isnan(result) or math.isinf(result):
        raise AssertionError(f"{key} in /lab/{REPORT} should be a finite number, found {value!r}")
    return result
