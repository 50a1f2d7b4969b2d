"""The per-env AWS emulator: moto's server, plus what labctl needs to own it.

    python -m labctl.aws.serve --workdir ENV_WORKDIR --host 127.0.0.1 --port N

- The env's workdir is on the command line, so `down` and `doctor` find the
  process even when state and pidfile are lost (never by name alone).
- `GET /__labctl__/health` answers with that workdir, so a health check can
  tell our server from another one that grabbed the port.
- A watchdog exits when the workdir disappears (an env removed by hand), so an
  emulator never outlives its env for long.
- AWS-managed IAM policies (`arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess`, ...)
  exist, as on real AWS: moto loads them only when MOTO_IAM_LOAD_MANAGED_POLICIES is
  true (about 0.3 s, once per account, at its first IAM call). Without them a learner's
  `attach-role-policy` of a managed policy fails with NoSuchEntity.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

HEALTH_PATH = "/__labctl__/health"
WATCHDOG_INTERVAL = 2.0
#: moto's setting that loads the AWS-managed IAM policies (moto.settings)
LOAD_MANAGED_POLICIES = "MOTO_IAM_LOAD_MANAGED_POLICIES"

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def health_middleware(app: WsgiApp, workdir: str) -> WsgiApp:
    body = json.dumps({"service": "labctl-aws-emulator", "workdir": workdir, "pid": os.getpid()}).encode()

    def wrapped(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == HEALTH_PATH:
            start_response("200 OK", [("Content-Type", "application/json"),
                                      ("Content-Length", str(len(body)))])
            return [body]
        return app(environ, start_response)

    return wrapped


def watchdog(workdir: str, interval: float = WATCHDOG_INTERVAL) -> threading.Thread:
    def watch() -> None:
        while os.path.isdir(workdir):
            time.sleep(interval)
        os._exit(0)

    thread = threading.Thread(target=watch, name="labctl-workdir-watchdog", daemon=True)
    thread.start()
    return thread


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="labctl.aws.serve", description=__doc__)
    parser.add_argument("--workdir", required=True, help="the env's workdir (identifies the owner)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args(argv)

    os.environ["MOTO_PORT"] = str(args.port)
    os.environ.setdefault(LOAD_MANAGED_POLICIES, "true")
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    from moto.moto_server.werkzeug_app import (
        DomainDispatcherApplication,
        MotoRequestHandler,
        create_backend_app,
    )
    from werkzeug.serving import run_simple

    watchdog(args.workdir)
    app = DomainDispatcherApplication(create_backend_app)
    run_simple(args.host, args.port, health_middleware(app, args.workdir), threaded=True,
               request_handler=MotoRequestHandler)


if __name__ == "__main__":
    main()
