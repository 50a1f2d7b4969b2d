"""An env's folders on its swarm node: the bind-mount sources of its services.

A compose service that bind-mounts a folder of the env's workdir (phase5's prometheus/ and
app/, phase4's workspace) expects the folder on the machine that runs it; on a swarm node
there is no such folder. labctl keeps the env's folders in one labelled volume on the env's
node (`<stack>_labctl-files`), seeds it once from the workdir before the stack is deployed,
and the services bind-mount folders inside it (several services can share one folder, as
they did on this machine). Before grading, labctl copies the folders back into the workdir,
so checks that read the learner's files there see what the learner wrote on the node. The
volume carries the env's labels, so `down` and `class down` remove it from any node.
"""

from __future__ import annotations

import io
import shutil
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from labctl.errors import LabctlError

VOLUME_SUFFIX = "labctl-files"
MOUNT = "/labctl-files"


def volume_name(stack: str) -> str:
    return f"{stack}_{VOLUME_SUFFIX}"


def outermost(rels: list[str]) -> list[str]:
    """The folders not inside another one of the list (copying those copies everything)."""
    chosen = sorted(set(rels), key=lambda r: (r.count("/"), r))
    out: list[str] = []
    for rel in chosen:
        if rel in (".", "") or not any(rel.startswith(o + "/") for o in out):
            out.append(rel)
    return out


def _tar_of(folders: list[tuple[str, Path]]) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        wanted = outermost([rel for rel, _ in folders])
        for rel, source in folders:
            if rel not in wanted:
                continue
            if source.is_dir():
                tar.add(source, arcname=rel)
            else:  # compose makes a missing bind source as an empty folder: so does labctl
                info = tarfile.TarInfo(rel)
                info.type, info.mode = tarfile.DIRTYPE, 0o755
                tar.addfile(info)
    return buf.getvalue()


def _helper(client: Any, image: str, volume: str, labels: dict[str, str]) -> Any:
    """A container that is never started: the engine copies files in and out of its mounts."""
    from docker.errors import ImageNotFound
    from docker.types import Mount

    try:
        client.images.get(image)
    except ImageNotFound:
        repo, _, tag = image.rpartition(":")
        client.images.pull(repo, tag=tag)
    return client.containers.create(image, command=["true"], labels=labels,
                                    mounts=[Mount(MOUNT, volume, type="volume")])


def ensure(client: Any, stack: str, labels: dict[str, str], folders: list[tuple[str, Path]],
           image: str) -> str:
    """The node-side root of the env's folders (the volume's mount point); the volume is made
    and seeded from the workdir on first use, and left as it is afterwards (it holds the
    learner's work)."""
    from docker.errors import NotFound

    name = volume_name(stack)
    try:
        volume = client.volumes.get(name)
    except NotFound:
        volume = client.volumes.create(name, labels=labels)
        helper = _helper(client, image, name, labels)
        try:
            if folders and not helper.put_archive(MOUNT, _tar_of(folders)):
                raise LabctlError(f"copying the env's folders into volume {name} failed.")
        except BaseException:
            helper.remove(force=True)
            volume.remove(force=True)
            raise
        helper.remove(force=True)
    return str(volume.attrs["Mountpoint"])


def exists(client: Any, stack: str) -> bool:
    from docker.errors import NotFound

    try:
        client.volumes.get(volume_name(stack))
        return True
    except NotFound:
        return False


def fetch(client: Any, stack: str, rels: list[str], workdir: Path, image: str, labels: dict[str, str]) -> None:
    """Copy the env's folders from its node back into the workdir (what the learner wrote there
    wins). The archive comes from a learner's folder: only regular files and folders inside
    the workdir are written (tarfile's `data` filter)."""
    if not rels or not exists(client, stack):
        return
    helper = _helper(client, image, volume_name(stack), labels)
    try:
        for rel in outermost(rels):
            if rel in (".", ""):
                continue  # the workdir itself is labctl's, not the learner's
            target = (workdir / rel).resolve()
            if target != workdir.resolve() and workdir.resolve() not in target.parents:
                continue
            stream, _ = helper.get_archive(f"{MOUNT}/{rel}")
            with tempfile.TemporaryDirectory(prefix="labctl-fetch-") as tmp:
                spool = Path(tmp) / "a.tar"
                with spool.open("wb") as fh:
                    for chunk in stream:
                        fh.write(chunk)
                staging = Path(tmp) / "out"
                staging.mkdir()
                with tarfile.open(spool) as tar:
                    tar.extractall(staging, filter="data")
                got = next(staging.iterdir(), None)
                if got is None:
                    continue
                if target.exists():
                    shutil.rmtree(target) if target.is_dir() and not target.is_symlink() else target.unlink()
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(str(got), str(target))
    finally:
        helper.remove(force=True)
