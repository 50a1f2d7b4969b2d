#!/usr/bin/env python3
"""Generate the aiops lab's metric history from the env's seed (standard library only).

    gen.py SEED END OUT.om TRUTH.json LABELLED.csv

Writes 10 days of one-minute samples ending at END (unix seconds) in the OpenMetrics text
format (for `promtool tsdb create-blocks-from openmetrics`), the planted truth (anomalies,
incidents, when each disk fills) for the grader, and the labelled incidents for the learner.

Series (all with job="lab"):
  lab_request_latency_seconds{service=search|catalog|cart}   daily + weekly seasonality, noise,
                                                             planted anomalies (spikes, dips, shifts)
  lab_requests_per_second, lab_error_ratio, lab_request_latency_seconds, lab_cpu_utilization,
  lab_memory_used_bytes, lab_deploys_total {service="checkout"}   incidents of four classes
  lab_disk_used_bytes, lab_disk_capacity_bytes {volume=data|backups|logs}   trends to forecast
  lab_history_end_timestamp_seconds   the history's last sample time (unix seconds), in every sample
"""

from __future__ import annotations

import csv
import json
import math
import random
import sys

STEP = 60
DAYS = 10
DETECT = ("search", "catalog", "cart")
CLASSES = ("overload", "dependency_failure", "bad_deploy", "memory_leak")
GIB = 1024 ** 3


def daily(t: float, phase: float) -> float:
    return math.sin(2 * math.pi * (t / 86400.0 - phase))


class Gen:
    def __init__(self, seed: int, end: int):
        self.rng = random.Random(f"aiops:{seed}")
        self.end = end - end % STEP
        self.start = self.end - DAYS * 86400
        self.times = list(range(self.start, self.end + 1, STEP))
        self.n = len(self.times)
        self.series: list[tuple[str, dict[str, str], list[float], str]] = []
        self.truth: dict = {"start": self.start, "end": self.end, "step": STEP}

    # -- windows -----------------------------------------------------------------------

    def place(self, count: int, lo: int, hi: int, durations: tuple[int, int], gap: int,
              taken: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
        """`count` non-overlapping windows (index ranges) between lo and hi, `gap` samples apart."""
        taken = list(taken or [])
        out: list[tuple[int, int]] = []
        tries = 0
        while len(out) < count:
            tries += 1
            if tries > 100000:
                raise RuntimeError("cannot place windows")
            d = self.rng.randint(*durations)
            s = self.rng.randint(lo, hi - d)
            if all(s + d + gap <= a or b + gap <= s for a, b in taken + out):
                out.append((s, s + d))
        return sorted(out)

    # -- detection series --------------------------------------------------------------

    def detection(self) -> None:
        rng = self.rng
        anomalies: dict[str, list[list[int]]] = {}
        live = rng.choice(DETECT)
        for svc in DETECT:
            base = rng.uniform(0.08, 0.3)
            phase = rng.uniform(0, 1)
            wphase = rng.uniform(0, 7)
            values = []
            for t in self.times:
                weekly = 0.08 * math.sin(2 * math.pi * (t / 86400.0 - wphase) / 7)
                values.append(base * (1 + 0.35 * daily(t, phase) + weekly))
            windows = self.place(7, 12 * 60, self.n - 6 * 60, (8, 30), 6 * 60)
            kinds = ["spike", "spike", "shift", "shift", "dip", "dip", rng.choice(["spike", "shift", "dip"])]
            rng.shuffle(kinds)
            if svc == live:
                d = rng.randint(15, 30)
                windows.append((self.n - 1 - d, self.n - 1))
                kinds.append("shift")
            for (s, e), kind in zip(windows, kinds, strict=True):
                factor = {"spike": rng.uniform(2.2, 3.2), "shift": rng.uniform(1.7, 2.1),
                          "dip": rng.uniform(0.35, 0.5)}[kind]
                for i in range(s, e + 1):
                    values[i] *= factor
            noisy = [max(0.001, v * (1 + rng.gauss(0, 0.04))) for v in values]
            self.series.append(("lab_request_latency_seconds", {"service": svc}, noisy, "gauge"))
            anomalies[svc] = [[self.times[s], self.times[e]] for s, e in windows]
        self.truth["anomalies"] = anomalies
        self.truth["live"] = live
        # an anomaly of another service, long enough to be caught in the middle of it
        others = [(svc, w) for svc in DETECT if svc != live for w in anomalies[svc] if w[1] - w[0] >= 15 * 60]
        svc, w = rng.choice(others)
        self.truth["ongoing"] = {"service": svc, "at": w[0] + 10 * 60}
        # a quiet moment: nothing within 3 hours for any service
        every = [w for ws in anomalies.values() for w in ws]
        while True:
            at = self.times[rng.randint(12 * 60, self.n - 6 * 60)]
            if all(at + 3 * 3600 < a or b + 3 * 3600 < at for a, b in every):
                self.truth["quiet"] = at
                break

    # -- incidents of the checkout service ---------------------------------------------

    def incidents(self) -> list[dict]:
        rng = self.rng
        classes = [c for c in CLASSES for _ in range(4)]
        rng.shuffle(classes)
        windows = self.place(len(classes), 12 * 60, self.n - 3 * 60, (25, 60), 8 * 60)
        incidents = [{"start": self.times[s], "end": self.times[e], "class": c, "i0": s, "i1": e}
                     for (s, e), c in zip(windows, classes, strict=True)]
        for c in CLASSES:  # the earliest two of each class are labelled, the later two held out
            mine = [inc for inc in incidents if inc["class"] == c]
            for k, inc in enumerate(mine):
                inc["labelled"] = k < 2
        n = self.n
        rps_base, phase = rng.uniform(80, 150), rng.uniform(0, 1)
        rps = [rps_base * (1 + 0.5 * daily(t, phase)) for t in self.times]
        err = [0.002] * n
        lat = [0.12 * (1 + 0.15 * daily(t, phase)) for t in self.times]
        mem = [640e6] * n
        cpu_extra = [0.0] * n
        deploy_at: list[int] = []
        i = rng.randint(60, 20 * 60)
        while i < n:  # routine deploys, every 20-40 hours
            deploy_at.append(i)
            i += rng.randint(20 * 60, 40 * 60)
        for inc in incidents:
            s, e, c = inc["i0"], inc["i1"], inc["class"]
            deploy_at = [d for d in deploy_at if not (s - 120 <= d <= e + 120)]
            if c == "overload":
                f, lf, ev = rng.uniform(2.5, 3.5), rng.uniform(2.0, 3.0), rng.uniform(0.01, 0.03)
                for j in range(s, e + 1):
                    rps[j] *= f
                    lat[j] *= lf
                    err[j] = ev
            elif c == "dependency_failure":
                lf, ev = rng.uniform(3.0, 5.0), rng.uniform(0.15, 0.35)
                for j in range(s, e + 1):
                    lat[j] *= lf
                    err[j] = ev
                    cpu_extra[j] = -0.3
            elif c == "bad_deploy":
                lf, ev = rng.uniform(1.1, 1.4), rng.uniform(0.08, 0.25)
                deploy_at += [s, e]  # the bad release, then the rollback
                for j in range(s, e + 1):
                    lat[j] *= lf
                    err[j] = ev
            else:  # memory_leak
                grow = rng.uniform(600e6, 900e6)
                for j in range(s, e + 1):
                    p = (j - s) / (e - s)
                    mem[j] += grow * p
                    lat[j] *= 1 + 0.8 * p
                    cpu_extra[j] = 0.1 * p
        deploy_at.sort()
        peak = rps_base * 1.5
        cpu = [min(0.98, max(0.02, (0.15 + 0.5 * rps[j] / peak) * (1 + cpu_extra[j]))) for j in range(n)]
        g = rng.gauss
        self.series += [
            ("lab_requests_per_second", {"service": "checkout"}, [max(0, v * (1 + g(0, 0.03))) for v in rps], "gauge"),
            ("lab_error_ratio", {"service": "checkout"}, [min(1, max(0, v + g(0, 0.0008))) for v in err], "gauge"),
            ("lab_request_latency_seconds", {"service": "checkout"},
             [max(0.001, v * (1 + g(0, 0.04))) for v in lat], "gauge"),
            ("lab_cpu_utilization", {"service": "checkout"}, [min(1, max(0, v + g(0, 0.015))) for v in cpu], "gauge"),
            ("lab_memory_used_bytes", {"service": "checkout"}, [max(0, v + g(0, 6e6)) for v in mem], "gauge"),
        ]
        count, k, deploys = 0.0, 0, []
        for j in range(n):
            while k < len(deploy_at) and deploy_at[k] <= j:
                count += 1
                k += 1
            deploys.append(count)
        self.series.append(("lab_deploys", {"service": "checkout"}, deploys, "counter"))
        for inc in incidents:
            del inc["i0"], inc["i1"]
        self.truth["incidents"] = incidents
        return incidents

    # -- disks -------------------------------------------------------------------------

    def disks(self) -> None:
        rng, n, end = self.rng, self.n, self.end
        truth = {}
        for vol, cap in (("data", 500 * GIB), ("backups", 2048 * GIB), ("logs", 100 * GIB)):
            phase = rng.uniform(0, 1)
            if vol == "logs":  # rotated every midnight: grows by day, never fills
                base = rng.uniform(0.35, 0.45) * cap
                used = [base + 0.05 * cap * ((t % 86400) / 86400.0) for t in self.times]
                full_at = None
            else:
                days_left = rng.uniform(3, 12) if vol == "data" else rng.uniform(8, 20)
                # At the end it is 60-78% full, or fuller when it fills fast: its trend, run back
                # over the whole history, never falls below 5% (usage clamped at an empty disk
                # for days would be a pattern change this volume does not plant).
                back = DAYS / days_left
                lowest = (0.05 + back) / (1 + back)
                u_end = rng.uniform(max(0.6, lowest), max(0.78, lowest + 0.04)) * cap
                rate = (cap - u_end) / (days_left * 86400)
                full_at = end + days_left * 86400
                cut = end - rng.uniform(4.5, 6.0) * 86400 if vol == "backups" else None
                if cut is not None:  # before last week's cleanup: fuller, and growing more slowly
                    after = u_end - rate * (end - cut)
                    drop = min(rng.uniform(0.15, 0.25) * cap, 0.92 * cap - after)
                    slower = rng.uniform(0.4, 0.7)
                used = []
                for t in self.times:
                    if cut is not None and t < cut:
                        v = after + drop - slower * rate * (cut - t)
                    else:
                        v = u_end - rate * (end - t)
                    used.append(v)
                used = [u + 0.003 * cap * daily(t, phase) for u, t in zip(used, self.times, strict=True)]
            used = [min(cap, max(0, u + rng.gauss(0, 0.001 * cap))) for u in used]
            self.series.append(("lab_disk_used_bytes", {"volume": vol}, used, "gauge"))
            self.series.append(("lab_disk_capacity_bytes", {"volume": vol}, [float(cap)] * n, "gauge"))
            truth[vol] = {"capacity": cap, "full_at": full_at}
        self.truth["disks"] = truth

    # -- output ------------------------------------------------------------------------

    def write(self, out: str) -> None:
        self.series.append(("lab_history_end_timestamp_seconds", {}, [float(self.end)] * self.n, "gauge"))
        with open(out, "w") as fh:
            families: dict[str, str] = {}
            for name, _, _, kind in self.series:
                families.setdefault(name, kind)
            for family, kind in families.items():
                fh.write(f"# TYPE {family} {kind}\n")
                sample = f"{family}_total" if kind == "counter" else family
                for name, labels, values, _ in self.series:
                    if name != family:
                        continue
                    lab = ",".join(f'{k}="{v}"' for k, v in {"job": "lab", **labels}.items())
                    for t, v in zip(self.times, values, strict=True):
                        fh.write(f"{sample}{{{lab}}} {v:.10g} {t}\n")
            fh.write("# EOF\n")


def main() -> None:
    seed, end, out, truth_path, labelled_path = sys.argv[1:6]
    gen = Gen(int(seed), int(end))
    gen.detection()
    incidents = gen.incidents()
    gen.disks()
    gen.write(out)
    with open(truth_path, "w") as fh:
        json.dump(gen.truth, fh, indent=1)
    with open(labelled_path, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["start", "end", "class"])
        for inc in incidents:
            if inc["labelled"]:
                w.writerow([inc["start"], inc["end"], inc["class"]])


if __name__ == "__main__":
    main()
