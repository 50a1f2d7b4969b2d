"""A cache of validated lab specs, so most commands skip YAML parsing and pydantic validation.

Every labctl command loads its lab. Validating a lab.yaml costs little once pydantic has
built its validators, but building them is most of what importing the models costs
(~0.1 s of CPU on each command). The models defer that build (`defer_build`), and a spec
whose lab.yaml bytes were validated before by this labctl and pydantic is read back from
a pickle instead. The key is a hash of the file's bytes and both versions, so an edited
lab.yaml or an upgrade never reads a stale entry; a cache that cannot be read or written
is simply not used.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

from labctl import __version__, paths


def _key(text: str) -> str:
    import pydantic

    h = hashlib.sha256()
    h.update(f"{__version__}\0{pydantic.VERSION}\0".encode())
    h.update(text.encode("utf-8", "surrogatepass"))
    return h.hexdigest()[:32]


def _folder() -> Path:
    return paths.cache_dir() / "specs"


def get(text: str) -> Any | None:
    """The spec validated from exactly this text before, or None."""
    path = _folder() / f"{_key(text)}.pickle"
    try:
        with open(path, "rb") as fh:
            return pickle.load(fh)
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return None


def put(text: str, spec: Any) -> None:
    folder = _folder()
    with contextlib.suppress(OSError, pickle.PickleError):
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(spec, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, folder / f"{_key(text)}.pickle")
