"""Task harden: the api container runs without privileges it does not need.

Each check grades the running container (its processes and their kernel view, or
the engine's record of how it was created), and counts only while the service
still answers: hardening that breaks the app is not hardening.
"""

import pytest
from phase7_support import SERVICE, proc_status, process_uids, working_container

ALL_CAPS_DROPPED = 0


def _caps(value: str) -> int:
    try:
        return int(value, 16)
    except ValueError:
        return -1


@pytest.mark.points(2)
def test_runs_as_non_root(docker, env):
    container = working_container(docker, env)
    status = proc_status(container, 1)
    uids = [int(u) for u in status.get("Uid", "0 0 0 0").split()]
    assert all(uid != 0 for uid in uids), (
        f"the {SERVICE} service's main process (PID 1) runs as uid {uids[1]}: run it as a "
        "non-root user (a USER in the Dockerfile, or `user:` in compose.yaml)"
    )
    rooted = [f"{cmd.split()[0] if cmd else '?'} (pid {pid})" for pid, uid, cmd in process_uids(container) if uid == 0]
    assert not rooted, f"the main process is non-root, but these processes still run as root: {', '.join(rooted)}"


@pytest.mark.points(2)
def test_root_filesystem_is_read_only(docker, env):
    container = working_container(docker, env)
    read_only = bool(container.attrs["HostConfig"].get("ReadonlyRootfs"))
    assert read_only, (
        f"the {SERVICE} container's root filesystem is writable: make it read-only "
        "(`read_only: true`), with a tmpfs for any directory the app must write to"
    )


@pytest.mark.points(2)
def test_all_capabilities_dropped(docker, env):
    container = working_container(docker, env)
    status = proc_status(container, 1)
    bounding = _caps(status.get("CapBnd", ""))
    effective = _caps(status.get("CapEff", ""))
    assert bounding == ALL_CAPS_DROPPED and effective == ALL_CAPS_DROPPED, (
        f"the {SERVICE} service still holds Linux capabilities (bounding set "
        f"0x{max(bounding, 0):x}, added: {', '.join(container.attrs['HostConfig'].get('CapAdd') or []) or 'none'}): "
        "drop all of them (`cap_drop: [ALL]`) and add none back"
    )


@pytest.mark.points(2)
def test_no_new_privileges(docker, env):
    container = working_container(docker, env)
    status = proc_status(container, 1)
    assert status.get("NoNewPrivs") == "1", (
        f"the {SERVICE} service's processes may still gain privileges (setuid binaries such as "
        "sudo work in it): set the no-new-privileges security option "
        "(`security_opt: [\"no-new-privileges:true\"]`)"
    )
