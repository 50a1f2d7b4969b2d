"""The hour before the lab started, written as OpenMetrics for `promtool tsdb
create-blocks-from openmetrics`: the shop's traffic at its everyday rate, with a 10-minute
incident 40 minutes ago that burned half of the error budget. Prometheus starts with it,
so hour-long SLO windows have data (and a story) from the first minute.

Usage: history.py JOB INSTANCE > history.om
"""

import sys
import time

from prometheus_client.utils import floatToGoString

import slomodel as m

STEP = 10                   # seconds between history samples
HOUR = 3600
SHARES = {m.PRODUCTS: 0.6, m.PRODUCT: 0.15, m.CHECKOUT: 0.25}
CLIENT_ERRORS = {m.PRODUCTS: ("200", 0.0), m.PRODUCT: ("404", 2 / 22), m.CHECKOUT: ("400", 0.08)}
OK_CODE = {m.PRODUCTS: "200", m.PRODUCT: "200", m.CHECKOUT: "201"}


def clip(x):
    return max(0.0, min(1.0, x))


def below(multiple):
    """Share of requests answered within `multiple` x the threshold, on a normal day."""
    fast = 1 - m.SLOW_SHARE
    band = m.SLOW_SHARE * m.BAND_SHARE_OF_SLOW
    beyond = m.SLOW_SHARE - band
    return (fast * m.fast_share_below(multiple) + band * clip((multiple - 1.02) / 0.43)
            + beyond * clip((multiple - 1.6) / 1.4))


def main():
    job, instance = sys.argv[1], sys.argv[2]
    end = int(time.time()) - 5
    start = end - HOUR - 120
    incident = (end - 40 * 60, end - 30 * 60)
    incident_errors = 3 * (1 - m.AVAILABILITY_TARGET)  # over 10 of 60 minutes: half the budget
    bounds = m.bucket_bounds()
    counts = {}
    buckets = {}
    lines = []
    for ts in range(start, end + 1, STEP):
        per_step = m.BACKGROUND_RPS * STEP
        errors = m.BASE_ERROR_RATE + (incident_errors if incident[0] <= ts < incident[1] else 0.0)
        for route, share in SHARES.items():
            n = per_step * share
            method = m.METHODS[route]
            client_code, client_share = CLIENT_ERRORS[route]
            split = {"503": n * errors, client_code: n * (1 - errors) * client_share}
            split[OK_CODE[route]] = split.get(OK_CODE[route], 0.0) + n * (1 - errors) * (1 - client_share)
            for code, value in split.items():
                if value <= 0:
                    continue
                key = (route, method, code)
                counts[key] = counts.get(key, 0.0) + value
            for bound in [*bounds, float("inf")]:
                key = (route, method, bound)
                share_below = 1.0 if bound == float("inf") else below(bound / m.THRESHOLD)
                buckets[key] = buckets.get(key, 0.0) + n * share_below
            skey = (route, method, "sum")
            buckets[skey] = buckets.get(skey, 0.0) + n * 0.5 * m.THRESHOLD
        common = f'instance="{instance}",job="{job}"'
        for (route, method, code), value in counts.items():
            lines.append(f'{m.SERVICE}_http_requests_total{{code="{code}",{common},method="{method}",'
                         f'route="{route}"}} {value:.3f} {ts}')
        for (route, method, bound), value in buckets.items():
            labels = f'{common},method="{method}",route="{route}"'
            if bound == "sum":
                lines.append(f"{m.SERVICE}_http_request_duration_seconds_sum{{{labels}}} {value:.3f} {ts}")
                continue
            lines.append(f'{m.SERVICE}_http_request_duration_seconds_bucket{{{labels},le="{floatToGoString(bound)}"}}'
                         f" {value:.3f} {ts}")
            if bound == float("inf"):
                lines.append(f"{m.SERVICE}_http_request_duration_seconds_count{{{labels}}} {value:.3f} {ts}")
    # promtool wants each series' samples together and in time order.
    lines.sort(key=lambda line: (line.rsplit(" ", 2)[0], int(line.rsplit(" ", 1)[1])))
    sys.stdout.write("\n".join(lines) + "\n# EOF\n")


if __name__ == "__main__":
    main()
