#!/usr/bin/env python3
"""Run the learner's service and restart it whenever a .py file under its folder changes.

Usage: run-app /lab/app/app.py
A crash (a typo while editing) is not fatal: the service starts again on the next save.
"""
import contextlib
import os
import subprocess
import sys
import time

script = sys.argv[1] if len(sys.argv) > 1 else "/lab/app/app.py"
folder = os.path.dirname(script)


def snapshot():
    state = {}
    for root, _dirs, files in os.walk(folder):
        for name in files:
            if name.endswith(".py"):
                path = os.path.join(root, name)
                with contextlib.suppress(OSError):
                    state[path] = os.stat(path).st_mtime_ns
    return state


def log(msg):
    print(f"[run-app] {msg}", flush=True)


proc = None
seen = None
crashed_at = None
while True:
    current = snapshot()
    if proc is not None and current != seen:
        log("code changed: restarting the service")
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        proc = None
    if proc is not None and proc.poll() is not None:
        if crashed_at is None:
            log(f"the service exited with code {proc.returncode}; fix {script} and save it")
        crashed_at = crashed_at or time.monotonic()
        if current == seen:
            time.sleep(0.5)
            continue
        proc = None
    if proc is None:
        seen = current
        crashed_at = None
        if os.path.exists(script):
            log(f"starting python3 {script}")
            proc = subprocess.Popen([sys.executable, "-u", script])
    time.sleep(0.5)
