"""Run the app with uvicorn: the owner's link, TLS, a warning on open addresses, no tokens in logs."""

from __future__ import annotations

import ipaddress
import logging
import re
import socket
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from labctl.classroom.tokens import issue_owner_token, revoke
from labctl.errors import UserInputError
from labctl.state import Store
from labctl.web.app import WebSettings, create_app

TOKEN_IN_TEXT = re.compile(r"(token=)[^&\s\"']+")


class RedactTokens(logging.Filter):
    """Access log lines show `/login?token=***`, never a token."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(TOKEN_IN_TEXT.sub(r"\1***", a) if isinstance(a, str) else a for a in record.args)
        if isinstance(record.msg, str):
            record.msg = TOKEN_IN_TEXT.sub(r"\1***", record.msg)
        return True


def is_loopback(host: str) -> bool:
    if host in ("localhost", ""):
        return host == "localhost"
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def public_host(host: str) -> str:
    """The host name to put in links: the machine's name when listening on every address."""
    if host in ("0.0.0.0", "::"):
        return socket.getfqdn() or socket.gethostname()
    return f"[{host}]" if ":" in host else host


@dataclass
class ServeOptions:
    settings: WebSettings
    tls_cert: Path | None = None
    tls_key: Path | None = None
    log_level: str = "warning"


def check_options(opts: ServeOptions) -> list[str]:
    """Refuse what cannot work; return warnings to print."""
    if (opts.tls_cert is None) != (opts.tls_key is None):
        raise UserInputError("--tls-cert and --tls-key go together: give both (a PEM certificate and its key).")
    for path in (opts.tls_cert, opts.tls_key):
        if path is not None and not path.is_file():
            raise UserInputError(f"TLS file {path} does not exist or is not a file.")
    warnings = []
    if not is_loopback(opts.settings.host) and opts.tls_cert is None:
        warnings.append(
            f"listening on {opts.settings.host} without TLS: anyone on the network can read the tokens and "
            "terminals passing by. Give --tls-cert and --tls-key, or put a TLS proxy in front."
        )
    return warnings


def serve(store: Store, opts: ServeOptions, say: Callable[[str], None]) -> None:
    """Run until interrupted. The owner token made here is revoked when the server stops."""
    import uvicorn

    settings = opts.settings
    settings.tls = opts.tls_cert is not None
    for name in settings.classes:
        if store.get_class(name) is None:
            raise UserInputError(f"class '{name}' not found.", hint="See the classes with `labctl class list`.")
    app = create_app(store, settings)
    logging.getLogger("uvicorn.access").addFilter(RedactTokens())
    config = uvicorn.Config(
        app, host=settings.host, port=settings.port, log_level=opts.log_level, ws="websockets-sansio",
        ssl_certfile=str(opts.tls_cert) if opts.tls_cert else None,
        ssl_keyfile=str(opts.tls_key) if opts.tls_key else None,
        timeout_graceful_shutdown=3, ws_ping_interval=20, ws_ping_timeout=20,
    )
    server = uvicorn.Server(config)
    token, token_id = issue_owner_token(store)
    scheme = "https" if settings.tls else "http"
    base = f"{scheme}://{public_host(settings.host)}:{settings.port}"
    say(f"labctl serve: {base}/")
    say(f"Your link (owner of this labctl home; keep it private, valid until this server stops):\n"
        f"  {base}/login?token={token}")
    if settings.classes or store.list_classes():
        say("Students' links: `labctl class access CLASS` (made once per student; --rotate replaces them).")
    try:
        server.run()
    finally:
        revoke(store, token_id)
