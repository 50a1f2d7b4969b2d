"""`labctl serve`: terminal echo latency, a page's Check vs `labctl grade`, the class view's liveness.

    python bench/bench_web.py [--keys 200] [--checks 3] [--students 30] [--no-class]

In a fresh labctl home, as a user runs it:
1. `labctl up phase1 --env bench`, then `labctl serve` (a subprocess);
2. keystroke-to-echo: one character at a time over the page's WebSocket to a shell in the
   workspace, waiting for its echo, against the same through a raw Docker exec socket (no web in
   between), interleaved in blocks of 20;
3. a page's "Check all" (POST, warm grading process) against `labctl grade phase1 --env bench`
   on the same env, interleaved;
4. a class of N on the `classlab` fixture lab: an instructor's event stream open, students press
   Check one after another; the time from a check's answer (and from its start) to the
   instructor's row event.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import FIXTURE_LABS, LABCTL, REPO, machine


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def start_server(env: dict[str, str], port: int) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen([*LABCTL, "--labs-path", str(FIXTURE_LABS), "serve", "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    assert proc.stdout is not None
    token = ""
    for line in proc.stdout:
        found = re.search(r"token=(\S+)", line)
        if found:
            token = found.group(1)
            break
    threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()  # type: ignore[union-attr]
    import requests

    for _ in range(600):
        try:
            requests.get(f"http://127.0.0.1:{port}/", timeout=2)
            break
        except requests.ConnectionError:
            time.sleep(0.2)
    return proc, token


async def echo_web(url: str, token: str, keys: int) -> list[float]:
    import websockets

    out: list[float] = []
    async with websockets.connect(url, additional_headers={"Authorization": f"Bearer {token}"}) as ws:
        await asyncio.sleep(1.0)
        while True:  # drain the replay and the prompt
            try:
                await asyncio.wait_for(ws.recv(), 0.5)
            except TimeoutError:
                break
        for i in range(keys):
            ch = "abcdefghijklmnopqrstuvwxyz"[i % 26]
            started = time.perf_counter()
            await ws.send(ch)
            while ch.encode() not in await ws.recv():
                pass
            out.append((time.perf_counter() - started) * 1000)
            if i % 40 == 39:
                await ws.send("\x15")  # ctrl-u: clear the line
                await asyncio.sleep(0.1)
                while True:
                    try:
                        await asyncio.wait_for(ws.recv(), 0.2)
                    except TimeoutError:
                        break
            await asyncio.sleep(0.01)
        await ws.send("\x15")
    return out


def echo_raw(container: str, keys: int) -> list[float]:
    from labctl.backends.dockertty import TtyChannel

    channel = TtyChannel.open(container, ["bash", "-l"], env={"TERM": "xterm-256color"})
    sock = channel.sock
    sock.settimeout(0.5)
    time.sleep(1.0)
    try:
        while sock.recv(65536):
            pass
    except TimeoutError:
        pass
    sock.settimeout(10)
    out: list[float] = []
    for i in range(keys):
        ch = "abcdefghijklmnopqrstuvwxyz"[i % 26].encode()
        started = time.perf_counter()
        sock.sendall(ch)
        while ch not in sock.recv(65536):
            pass
        out.append((time.perf_counter() - started) * 1000)
        if i % 40 == 39:
            sock.sendall(b"\x15")
            time.sleep(0.1)
            sock.settimeout(0.2)
            try:
                while sock.recv(65536):
                    pass
            except TimeoutError:
                pass
            sock.settimeout(10)
        time.sleep(0.01)
    channel.close()
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--keys", type=int, default=200)
    ap.add_argument("--checks", type=int, default=3)
    ap.add_argument("--students", type=int, default=30)
    ap.add_argument("--class-checks", type=int, default=10)
    ap.add_argument("--no-class", action="store_true")
    args = ap.parse_args()

    import requests

    from labctl.ports import free_port

    home = tempfile.mkdtemp(prefix="labctl-bench-web-")
    env = {**os.environ, "LABCTL_HOME": home}
    os.environ["LABCTL_HOME"] = home
    results: dict[str, Any] = {"machine": machine(), "load_before": os.getloadavg()}
    print(f"machine: {results['machine']}; load average {os.getloadavg()[0]:.1f}")
    subprocess.run([*LABCTL, "up", "phase1", "--env", "bench"], check=True, env=env, capture_output=True)
    port = free_port("127.0.0.1", set())
    proc, token = start_server(env, port)
    base = f"http://127.0.0.1:{port}"
    auth = {"Authorization": f"Bearer {token}"}
    try:
        # -- 2. echo latency -------------------------------------------------------------
        tab = requests.post(f"{base}/api/envs/phase1/bench/terminals", headers=auth, timeout=120).json()["tab"]
        from labctl.state import Store

        record = Store().get_env("phase1", "bench")
        assert record is not None
        from labctl.backends.base import backends_for
        from labctl.core.environment import context
        from labctl.spec.loader import find_lab

        lab = find_lab("phase1")
        container = next(b for b in backends_for(context(lab, record)) if b.containers()).containers()["workspace"]
        web: list[float] = []
        raw: list[float] = []
        url = f"ws://127.0.0.1:{port}/ws/envs/phase1/bench/terminals/{tab}"
        for _ in range(max(1, args.keys // 20)):
            web += asyncio.run(echo_web(url, token, 20))
            raw += echo_raw(container, 20)
        results["echo_ms"] = {
            "web": {"p50": statistics.median(web), "p95": pct(web, 95), "p99": pct(web, 99), "n": len(web)},
            "raw_docker_exec": {"p50": statistics.median(raw), "p95": pct(raw, 95), "p99": pct(raw, 99), "n": len(raw)},
        }
        print("echo ms:", json.dumps(results["echo_ms"]))

        # -- 3. a page's Check all vs labctl grade ------------------------------------------------
        requests.post(f"{base}/api/envs/phase1/bench/check", headers=auth, json={}, timeout=600)  # warm-up
        page, cli = [], []
        for _ in range(args.checks):
            started = time.perf_counter()
            got = requests.post(f"{base}/api/envs/phase1/bench/check", headers=auth, json={}, timeout=600)
            got.raise_for_status()
            page.append(time.perf_counter() - started)
            started = time.perf_counter()
            subprocess.run([*LABCTL, "grade", "phase1", "--env", "bench", "-f", "json"], env=env,
                           capture_output=True, check=True)
            cli.append(time.perf_counter() - started)
        results["check_s"] = {"page": page, "labctl_grade": cli,
                              "page_median": statistics.median(page), "cli_median": statistics.median(cli)}
        print("check s:", json.dumps(results["check_s"]))
        subprocess.run([*LABCTL, "down", "phase1", "--env", "bench"], env=env, capture_output=True)

        # -- 4. the class view with N students ------------------------------------------------
        if not args.no_class:
            results["class"] = class_view(base, token, env, args.students, args.class_checks)
            print("class:", json.dumps(results["class"]))
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        subprocess.run([*LABCTL, "down", "phase1", "--env", "bench"], env=env, capture_output=True)
    results["load_after"] = os.getloadavg()
    out = REPO / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "web.json").write_text(json.dumps(results, indent=2))
    return 0


def class_view(base: str, owner: str, env: dict[str, str], students: int, checks: int) -> dict[str, Any]:
    import csv
    import io

    import requests

    name = "benchweb"
    roster = Path(env["LABCTL_HOME"]) / "roster.csv"
    lines = "".join(f"s{i:02d},Student {i},s{i}@example.org\n" for i in range(students))
    roster.write_text("id,name,email\n" + lines)
    lab = ["--labs-path", str(FIXTURE_LABS)]
    subprocess.run([*LABCTL, *lab, "class", "create", name, "--lab", "classlab", "--roster", str(roster),
                    "--host", "127.0.0.1"], check=True, env=env, capture_output=True)
    try:
        started = time.perf_counter()
        subprocess.run([*LABCTL, *lab, "class", "up", name, "--parallel", "6"], check=True, env=env,
                       capture_output=True)
        up = time.perf_counter() - started
        handout = subprocess.run([*LABCTL, *lab, "class", "access", name, "-f", "csv", "--web-url", base],
                                 check=True, env=env, capture_output=True, text=True).stdout
        tokens = {r["student_id"]: r["web_link"].split("token=", 1)[1] for r in csv.DictReader(io.StringIO(handout))}
        seen: dict[str, float] = {}
        ready = threading.Event()

        stored_to_row: list[float] = []

        def listen() -> None:
            try:
                with requests.get(f"{base}/events/classes/{name}", headers={"Authorization": f"Bearer {owner}"},
                                  stream=True, timeout=600) as stream:
                    for line in stream.iter_lines(decode_unicode=True):
                        if line.startswith("event: snapshot"):
                            ready.set()
                        if line.startswith("data: ") and '"type":"row"' in line:
                            row = json.loads(line[6:])["row"]
                            key = f"{row['student_id']}:{row['last_grade_id']}"
                            if row["last_grade_id"] is not None and key not in seen:
                                seen[key] = time.perf_counter()
                                # the grade's stored time -> the row on the instructor's stream
                                stored_to_row.append((time.time() - row["last_graded"]) * 1000)
            except requests.RequestException:
                pass  # the server stopped

        threading.Thread(target=listen, daemon=True).start()
        ready.wait(120)
        after_answer, after_start, check_s = [], [], []
        for i, (student, token) in enumerate(list(tokens.items())[:checks]):
            env_name = f"{name}-{student}"
            t0 = time.perf_counter()
            got = requests.post(f"{base}/api/envs/classlab/{env_name}/check", json={"task": "codeword"},
                                headers={"Authorization": f"Bearer {token}"}, timeout=600)
            t1 = time.perf_counter()
            got.raise_for_status()
            key = f"{student}:{got.json()['standing']['last_grade_id']}"
            deadline = time.perf_counter() + 30
            while key not in seen and time.perf_counter() < deadline:
                time.sleep(0.002)
            if key in seen:
                after_answer.append((seen[key] - t1) * 1000)
                after_start.append((seen[key] - t0) * 1000)
                check_s.append(t1 - t0)
            lag = (seen.get(key, float("nan")) - t1) * 1000
            print(f"  check {i + 1}: {t1 - t0:.2f}s, row event {lag:+.0f} ms after the answer")
        return {"students": students, "class_up_s": up, "checks": len(after_start),
                "grade_stored_to_row_ms": {"median": statistics.median(stored_to_row), "max": max(stored_to_row)},
                "row_after_answer_ms": {"median": statistics.median(after_answer), "max": max(after_answer)},
                "row_after_start_s": {"median": statistics.median(after_start) / 1000, "max": max(after_start) / 1000},
                "check_s_median": statistics.median(check_s)}
    finally:
        subprocess.run([*LABCTL, *lab, "class", "down", name], env=env, capture_output=True)


if __name__ == "__main__":
    sys.exit(main())
