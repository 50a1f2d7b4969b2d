"""Host settings kind clusters need, checked by `labctl doctor`.

Every kind node runs systemd and a kubelet that watch many files; with
Linux's default inotify limits the second or third cluster on a host fails
with "too many open files". kind's known-issues page asks for these minimums.
"""

from __future__ import annotations

from pathlib import Path

INOTIFY_MINIMUMS: dict[str, int] = {
    "fs.inotify.max_user_watches": 524288,
    "fs.inotify.max_user_instances": 512,
}
PROC_SYS = Path("/proc/sys")


def read_sysctl(name: str, root: Path = PROC_SYS) -> int | None:
    """An integer sysctl, or None where it cannot be read (not Linux, no /proc)."""
    try:
        return int((root / name.replace(".", "/")).read_text().strip())
    except (OSError, ValueError):
        return None


def inotify_findings(root: Path = PROC_SYS) -> list[str]:
    """One finding if the inotify limits are below what several kind clusters need."""
    low = {}
    for name, minimum in INOTIFY_MINIMUMS.items():
        value = read_sysctl(name, root)
        if value is not None and value < minimum:
            low[name] = value
    if not low:
        return []
    found = ", ".join(f"{name} = {value} (needs >= {INOTIFY_MINIMUMS[name]})" for name, value in low.items())
    settings = " ".join(f"{name}={INOTIFY_MINIMUMS[name]}" for name in low)
    return [
        f"inotify limits too low for kind clusters: {found}. Pods of kind labs fail with "
        f"'too many open files' once a few clusters run. Raise them with `sudo sysctl -w {settings}`, "
        "and keep them across reboots with a file in /etc/sysctl.d/ (e.g. 99-kind.conf) holding "
        + "; ".join(f"{name} = {INOTIFY_MINIMUMS[name]}" for name in low) + "."
    ]
