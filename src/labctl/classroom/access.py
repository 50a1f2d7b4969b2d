"""Student access: SSH into their own workspace, and the handout that says how.

Each student's workspace publishes its sshd (the lab's `scheme: ssh` port) on
the class address; every other port of the env stays on the host's loopback,
so a student reaches their own web services through an SSH tunnel and nobody
else's. At `class up` labctl sets the login user's password and authorized
key inside the running container with `docker exec` (stdin, never argv or
the environment, so neither `ps` nor `docker inspect` shows them).
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from labctl.classroom.classes import Classroom, public_key
from labctl.env.record import EnvRecord
from labctl.errors import LabctlError, UserInputError
from labctl.spec.loader import Lab
from labctl.state import Store, StudentRecord

#: runs as root in the workspace: password and public key arrive on stdin
INSTALL_SCRIPT = r"""
set -eu
user="$1"
IFS= read -r pw
IFS= read -r key
home=$(getent passwd "$user" | cut -d: -f6) || true
if [ -z "$home" ]; then echo "no user '$user' in this image" >&2; exit 3; fi
printf '%s:%s\n' "$user" "$pw" | chpasswd
umask 077
if [ ! -d "$home/.ssh" ]; then mkdir -p "$home/.ssh" && chown "$user": "$home/.ssh"; fi
keys="$home/.ssh/authorized_keys"
# add the key, never replace the file: the lab may keep keys of its own there
grep -qxF "$key" "$keys" 2>/dev/null || printf '%s\n' "$key" >> "$keys"
chown "$user": "$keys"
"""


@dataclass
class HandoutRow:
    student_id: str
    name: str
    email: str
    host: str
    port: int | None
    user: str
    password: str
    ssh_command: str
    key_file: str
    tunnels: str
    #: the student's personal link to `labctl serve` (only when it was made now: shown once)
    web_link: str = ""


def ssh_user(lab: Lab) -> str:
    part = lab.spec.environment.compose
    return part.ssh_user if part else "learner"


def install_credentials(lab: Lab, record: EnvRecord, student: StudentRecord) -> None:
    """Set the student's password and key in their running workspace (idempotent)."""
    from labctl.backends.base import backends_for, container_backend
    from labctl.core.environment import context

    port = lab.spec.ssh_port()
    if port is None:
        return
    backend = container_backend(backends_for(context(lab, record)), port.service)
    if backend is None:
        raise LabctlError(f"the {port.service} container of {student.id}'s env is not running.")
    container = backend.containers()[port.service]
    user = ssh_user(lab)
    secret = f"{student.secret}\n{public_key(student.ssh_key, f'{student.id}@labctl')}\n"
    result = backend.exec(port.service, ["sh", "-c", INSTALL_SCRIPT, "labctl-access", user],
                          input=secret, user="root", timeout=60)
    if result.returncode == 3:
        raise LabctlError(
            f"lab {lab.id}'s {port.service} image has no user '{user}' to log students in as.",
            hint="Create it in the image (useradd) or set environment.compose.ssh_user in lab.yaml.",
        )
    if not result.ok:
        tail = (result.stderr or result.stdout).strip().splitlines()[-5:]
        raise LabctlError(
            f"setting {student.id}'s SSH password in container {container} failed (exit {result.returncode}).",
            hint="The workspace image needs chpasswd and getent (Debian's passwd and libc-bin).",
            details="\n".join(tail) or None,
        )


def write_keys(cls: Classroom, folder: Path | None = None) -> dict[str, Path]:
    """Write each student's private key (mode 0600) into a folder; student id -> file."""
    chosen = folder is not None
    folder = folder or cls.keys_dir
    out: dict[str, Path] = {}
    try:
        folder.mkdir(parents=True, exist_ok=True)
        os.chmod(folder, 0o700)
        for s in cls.students:
            path = folder / f"{s.env}.key"
            if not path.exists() or path.read_text() != s.ssh_key:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                with os.fdopen(fd, "w") as fh:
                    fh.write(s.ssh_key)
            out[s.id] = path
    except OSError as exc:
        error = UserInputError if chosen else LabctlError
        raise error(f"cannot write the students' keys to {'--keys-dir ' if chosen else ''}{folder}: "
                    f"{exc.strerror or exc}.") from None
    return out


def handout(store: Store, cls: Classroom, keys_dir: Path | None = None,
            web_links: dict[str, str] | None = None) -> list[HandoutRow]:
    """One row per student: where and how to log in (ports come from their env record), and
    their browser link when `web_links` (student id -> link or note) are given."""
    port = cls.lab.spec.ssh_port()
    if port is None and web_links is None:
        raise UserInputError(
            f"lab {cls.lab.id} gives students no SSH access (it publishes no `scheme: ssh` port), "
            "so there is no handout to print.",
            hint=f"Students can work in their browser: `labctl serve --class {cls.name}` and "
            f"`labctl class access {cls.name} --web-url URL` for their links.",
        )
    if port is None:
        return [HandoutRow(s.id, s.name, s.email, str(cls.settings.get("host") or "localhost"), None, "", "",
                           "(this lab gives no SSH access)", "", "", (web_links or {}).get(s.id, ""))
                for s in cls.students]
    keys = write_keys(cls, keys_dir)
    host = str(cls.settings.get("host") or "localhost")
    hosts = _node_hosts(cls, host)
    user = ssh_user(cls.lab)
    others = [p for p in cls.lab.spec.all_ports() if p.name != port.name]
    rows: list[HandoutRow] = []
    for s in cls.students:
        record = cls.env_record(store, s)
        number = record.ports.get(port.name) if record else None
        where = hosts.get(record.data.swarm.node, host) if record is not None else host
        target = f"{user}@{where}"
        command = f"ssh -p {number} {target}" if number else "(not provisioned: run `labctl class up`)"
        tunnels = " ".join(
            f"-L {p.target}:{'localhost' if p.service == port.service else p.service}:{p.target}"
            for p in others
        )
        rows.append(HandoutRow(
            student_id=s.id, name=s.name, email=s.email, host=where, port=number, user=user,
            password=s.secret, ssh_command=command, key_file=str(keys[s.id]), tunnels=tunnels,
            web_link=(web_links or {}).get(s.id, ""),
        ))
    return rows


def _node_hosts(cls: Classroom, host: str) -> dict[str, str]:
    """Swarm classes publishing on each student's node: node id -> what students connect to
    (the class's --host for the node labctl runs on; the node's configured address, else the
    address it joined the swarm with, for the others). Empty otherwise: every student uses
    the class's --host (the routing mesh answers on every node)."""
    if cls.engine != "swarm" or cls.settings.get("publish", "host") != "host":
        return {}
    from labctl.swarm import cluster

    return {n.id: host if n.is_self else n.address for n in cluster.nodes()}


def handout_csv(rows: list[HandoutRow]) -> str:
    buf = io.StringIO()
    fields = list(HandoutRow.__dataclass_fields__)
    writer = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        data = asdict(row)
        data["port"] = "" if row.port is None else row.port
        writer.writerow(data)
    return buf.getvalue()


def handout_markdown(cls: Classroom, rows: list[HandoutRow]) -> str:
    """One printable slip per student, separated by rules."""
    spec = cls.lab.spec
    lines = [f"# {spec.title}: class {cls.name}", ""]
    for row in rows:
        who = f"{row.name} ({row.student_id})" if row.name else row.student_id
        lines += [
            f"## {who}", "",
            f"- Host: `{row.host}`",
            f"- Port: `{row.port if row.port is not None else 'not provisioned yet'}`",
            f"- User: `{row.user}`",
            f"- Password: `{row.password}`",
            "",
        ]
        if row.web_link:
            lines += ["In your browser (tasks, a terminal and Check buttons; keep this link to yourself):", "",
                      f"<{row.web_link}>" if row.web_link.startswith("http") else row.web_link, ""]
        if row.port is None and not row.user:
            lines += ["---", ""]
            continue
        lines += [
            "Log in with:", "", "```", row.ssh_command, "```", "",
        ]
        if row.port is not None:
            lines += [
                f"Or with your key file `{Path(row.key_file).name}` (from your instructor):", "",
                "```", f"ssh -i {Path(row.key_file).name} -p {row.port} {row.user}@{row.host}", "```", "",
            ]
            if row.tunnels:
                lines += [
                    "To open the lab's web pages on your laptop, add tunnels, then browse "
                    "http://localhost:PORT:", "",
                    "```", f"ssh -p {row.port} {row.tunnels} {row.user}@{row.host}", "```", "",
                ]
        lines += ["---", ""]
    return "\n".join(lines)
