"""Helpers shared by phase2's checks.

Loaded by path from each check module (`_load()` there), never imported by
name, so two labs' helper modules can never shadow each other.
"""

from __future__ import annotations

import contextlib
import json
import re
import shlex
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

SEMVER = re.compile(r"^v?(\d+)\.(\d+)\.(\d+)$")
CONVENTIONAL = re.compile(r"^(?P<type>[a-z]+)(?:\((?P<scope>[^)]*)\))?(?P<bang>!)?: (?P<desc>.+)$")
#: the entry of the previous release, which must not reappear in the new section
OLD_ENTRIES = ("keep zero-stock items out of the SKU list",)


# -- the repo in the workspace ------------------------------------------------


def repo_dir(params: dict[str, Any]) -> str:
    return f"/workspace/{params['repo']}"


def prev_version(params: dict[str, Any]) -> str:
    return f"{params['prev_major']}.{params['prev_minor']}.{params['prev_patch']}"


def expected_version(params: dict[str, Any]) -> str:
    major, minor, patch = params["prev_major"], params["prev_minor"], params["prev_patch"]
    bump = params["bump"]
    if bump == "major":
        return f"{major + 1}.0.0"
    if bump == "minor":
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"


def sh(host: Any, script: str) -> Any:
    """Run a bash script in a testinfra host (the workspace or the git server)."""
    return host.run("bash -c %s", script)


def git(host: Any, gitdir_or_repo: str, *args: str, bare: bool = False) -> Any:
    flag = "--git-dir" if bare else "-C"
    return host.run(" ".join(["git", flag, shlex.quote(gitdir_or_repo), *(shlex.quote(a) for a in args)]))


def show_file(host: Any, repo: str, rev: str, path: str) -> str | None:
    result = git(host, repo, "show", f"{rev}:{path}")
    return result.stdout if result.rc == 0 else None


_SEED: dict[str, dict[str, Any]] = {}


def seed_info(host: Any) -> dict[str, Any]:
    """The pristine seeded history (head, previous tag, the commits to release), rebuilt
    deterministically in a temp dir by the image's own seeding script."""
    key = "seed"
    if key not in _SEED:
        result = host.run("python3 /usr/local/lib/lab/seed_repo.py --describe")
        if result.rc != 0:
            raise AssertionError(f"the workspace could not describe its seeded history: {result.stderr.strip()}")
        _SEED[key] = json.loads(result.stdout)
    return _SEED[key]


def parse_commit(message: str) -> dict[str, Any] | None:
    header, _, body = message.partition("\n")
    m = CONVENTIONAL.match(header.strip())
    if m is None:
        return None
    return {"type": m["type"], "scope": m["scope"], "desc": m["desc"].strip(),
            "breaking": bool(m["bang"]) or "BREAKING CHANGE" in body or "BREAKING-CHANGE" in body}


def tags(host: Any, repo: str, bare: bool = False) -> dict[str, str]:
    """tag name -> the commit it points to (peeled)."""
    fmt = "%(refname:short) %(objectname) %(*objectname)"
    result = git(host, repo, "for-each-ref", f"--format={fmt}", "refs/tags", bare=bare)
    out: dict[str, str] = {}
    for line in result.stdout.splitlines():
        parts = line.split()
        if len(parts) >= 2:
            out[parts[0]] = parts[2] if len(parts) > 2 else parts[1]
    return out


def find_tag(all_tags: dict[str, str], version: str) -> str | None:
    """The release tag: `vX.Y.Z`, like the previous one (a bare `X.Y.Z` is not it)."""
    name = f"v{version}"
    return name if name in all_tags else None


def newer_semver_tags(all_tags: dict[str, str], prev: str) -> list[str]:
    prev_t = tuple(int(x) for x in prev.split("."))
    out = []
    for name in all_tags:
        m = SEMVER.match(name)
        if m and tuple(int(x) for x in m.groups()) > prev_t:
            out.append(name)
    return sorted(out)


# -- text matching ------------------------------------------------------------


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def mentions(section: str, description: str) -> bool:
    """Does some line of `section` carry this commit description (give or take
    punctuation, markup, a scope prefix or a commit id)?"""
    wanted = [w for w in words(description) if len(w) >= 3] or words(description)
    for line in section.splitlines():
        have = set(words(line))
        if sum(w in have for w in wanted) >= max(1, round(0.8 * len(wanted))):
            return True
    return False


HEADING_SEMVER = re.compile(r"(?<![\d.])(\d+\.\d+\.\d+)(?![\d.]*\d)")


def heading_version(line: str) -> str | None:
    """The version a markdown heading names: the first X.Y.Z of its text, link targets left out
    (`## [2.0.0](https://.../compare/v1.8.0...v2.0.0) (2024-06-01)` names 2.0.0)."""
    if not line.lstrip().startswith("#"):
        return None
    text = re.sub(r"\]\([^)]*\)", "]", line)   # [label](target) -> [label]
    text = re.sub(r"<https?://[^>]*>|https?://\S+", "", text)
    match = HEADING_SEMVER.search(text)
    return match.group(1) if match else None


def version_section(text: str, version: str) -> tuple[str | None, int]:
    """(the section of a changelog under the heading naming `version`, its line index)."""
    lines = text.splitlines()
    start = next((i for i, ln in enumerate(lines) if heading_version(ln) == version), None)
    if start is None:
        return None, -1
    end = len(lines)
    for j in range(start + 1, len(lines)):
        if heading_version(lines[j]) is not None:
            end = j
            break
    return "\n".join(lines[start + 1:end]), start


# -- workflows ------------------------------------------------------------------


def read_workflows(host: Any, repo: str) -> list[tuple[str, str]]:
    """(path, text) of every .github/workflows/*.yml|*.yaml in the repo."""
    result = sh(host, f"cd {shlex.quote(repo)} && for f in .github/workflows/*.yml .github/workflows/*.yaml; "
                      "do [ -f \"$f\" ] && printf '%s\\0' \"$f\"; done; true")
    out = []
    for path in filter(None, result.stdout.split("\0")):
        out.append((path, host.file(f"{repo}/{path}").content_string))
    return out


def triggers(doc: dict[str, Any]) -> set[str]:
    # YAML 1.1 reads a bare `on:` key as the boolean True.
    on = doc.get("on", doc.get(True))
    if isinstance(on, str):
        return {on}
    if isinstance(on, list):
        return {str(x) for x in on}
    if isinstance(on, dict):
        return {str(k) for k in on}
    return set()


def needs(job: Any) -> list[str]:
    value = job.get("needs") if isinstance(job, dict) else None
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [str(v) for v in value]
    return []


def all_needs(jobs: dict[str, Any], job_id: str) -> set[str]:
    """Every job `job_id` waits for, directly or through others."""
    seen: set[str] = set()
    todo = needs(jobs.get(job_id))
    while todo:
        j = todo.pop()
        if j not in seen:
            seen.add(j)
            todo += needs(jobs.get(j))
    return seen


def run_steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    return [s for s in (job.get("steps") or []) if isinstance(s, dict) and "run" in s]


def step_label(step: dict[str, Any], index: int) -> str:
    if step.get("name"):
        return f"step {index} ({step['name']})"
    first = str(step.get("run", step.get("uses", ""))).strip().splitlines()
    return f"step {index} (`{first[0][:60] if first else ''}`)"


@dataclass
class RunnerResult:
    ok: bool
    failed_step: str = ""
    output: str = ""
    skipped: list[str] = field(default_factory=list)
    ran: int = 0


def _matrix_first(job: dict[str, Any]) -> dict[str, str]:
    matrix = ((job.get("strategy") or {}).get("matrix")) or {}
    out = {}
    if isinstance(matrix, dict):
        for key, value in matrix.items():
            if key in ("include", "exclude"):
                continue
            if isinstance(value, list) and value:
                out[str(key)] = _scalar(value[0])
            elif not isinstance(value, list | dict):
                out[str(key)] = _scalar(value)
    return out


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def substitute(text: str, ctx: dict[str, Any]) -> str:
    """Evaluate the `${{ ... }}` expressions a run step typically holds: matrix.*,
    env.*, github.workspace, runner.*; anything else (secrets, ...) is empty."""

    def one(m: re.Match[str]) -> str:
        expr = m.group(1).strip()
        for prefix, values in (("matrix.", ctx["matrix"]), ("env.", ctx["env"]), ("runner.", ctx["runner"]),
                               ("github.", ctx["github"])):
            if expr.startswith(prefix):
                return str(values.get(expr[len(prefix):], ""))
        m2 = re.fullmatch(r"'([^']*)'", expr)
        return m2.group(1) if m2 else ""

    return re.sub(r"\$\{\{(.*?)\}\}", one, text)


def copy_repo_tar(ws_container: Any, repo: str) -> bytes:
    """The repo as committed (a clone at the branch checked out: what a push would send)."""
    script = (f"cd {shlex.quote(repo)} && d=$(mktemp -d) && git clone -q \"$PWD\" \"$d/c\" >/dev/null 2>&1 && "
              "tar -C \"$d/c\" -cf - . 2>/dev/null; rm -rf \"$d\"")
    code, out = ws_container.exec_run(["bash", "-c", script], demux=True)
    stdout = out[0] if isinstance(out, tuple) else out
    if not stdout:
        raise AssertionError(f"could not copy the repo {repo} out of the workspace (exit {code})")
    return stdout


def run_job_in_clean_runner(docker: Any, env: Any, image: str, repo_tar: bytes, repo_name: str,
                            doc: dict[str, Any], job_id: str, timeout: int = 150) -> RunnerResult:
    """Run a job's `run:` steps, in order, with bash -eo pipefail (GitHub's default shell),
    in a fresh container of `image` with no network, from a copy of the repo."""
    return run_job_variants(docker, env, image, repo_tar, repo_name, doc, job_id, [""], timeout)[0]


def run_job_variants(docker: Any, env: Any, image: str, repo_tar: bytes, repo_name: str,
                     doc: dict[str, Any], job_id: str, plants: list[str], timeout: int = 150) -> list[RunnerResult]:
    """The job run once per entry of `plants` in one runner container: each time on a fresh copy of
    the repo, changed first by that bash snippet (run in the checkout; "" changes nothing)."""
    job = doc["jobs"][job_id]
    workspace = f"/home/runner/work/{repo_name}/{repo_name}"
    name = f"{env.project}-ci-runner-{uuid.uuid4().hex[:8]}"
    labels = {"io.labctl.lab": env.lab, "io.labctl.env": env.name, "io.labctl.service": "ci-runner"}
    container = docker.containers.run(
        image, command=["sleep", str(timeout * len(plants) + 60)], name=name, detach=True, network_mode="none",
        labels=labels, mem_limit="768m", pids_limit=512, working_dir="/",
    )
    results = []
    try:
        for plant in plants:
            container.exec_run(["bash", "-c", f"rm -rf {workspace} /home/runner/_temp; "
                                              f"mkdir -p {workspace} /home/runner/_temp"])
            if not container.put_archive(workspace, repo_tar):
                raise AssertionError("could not copy the repo into the clean runner")
            if plant:
                container.exec_run(["bash", "-c", plant], workdir=workspace)
            results.append(_run_job(container, job, doc, workspace, repo_name, timeout))
    finally:
        with contextlib.suppress(Exception):
            container.remove(force=True)
    return results


def _run_job(container: Any, job: dict[str, Any], doc: dict[str, Any], workspace: str, repo_name: str,
             timeout: int) -> RunnerResult:
    result = RunnerResult(ok=True)
    ctx: dict[str, Any] = {
        "matrix": _matrix_first(job),
        "runner": {"os": "Linux", "arch": "X64", "temp": "/home/runner/_temp"},
        "github": {"workspace": workspace, "event_name": "push", "ref": "refs/heads/main",
                   "ref_name": "main", "sha": "", "repository": f"team/{repo_name}"},
        "env": {},
    }
    base_env = {"CI": "true", "GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": workspace,
                "RUNNER_OS": "Linux", "RUNNER_TEMP": "/home/runner/_temp", "HOME": "/root",
                "GITHUB_EVENT_NAME": "push", "GITHUB_REF": "refs/heads/main",
                "GITHUB_ENV": "/home/runner/_temp/github_env",
                "GITHUB_PATH": "/home/runner/_temp/github_path",
                "GITHUB_OUTPUT": "/home/runner/_temp/github_output",
                "GITHUB_STEP_SUMMARY": "/home/runner/_temp/step_summary"}
    for scope in (doc.get("env"), job.get("env")):
        if isinstance(scope, dict):
            for k, v in scope.items():
                ctx["env"][str(k)] = substitute(_scalar(v), ctx)
    defaults: dict[str, Any] = {}
    for scope in (doc.get("defaults"), job.get("defaults")):
        if isinstance(scope, dict) and isinstance(scope.get("run"), dict):
            defaults.update(scope["run"])
    extra_path: list[str] = []
    log: list[str] = []
    started = time.monotonic()
    for index, step in enumerate(job.get("steps") or [], 1):
        if not isinstance(step, dict):
            continue
        if "run" not in step:
            result.skipped.append(str(step.get("uses", "?")))
            continue
        step_env = dict(ctx["env"])
        if isinstance(step.get("env"), dict):
            for k, v in step["env"].items():
                step_env[str(k)] = substitute(_scalar(v), {**ctx, "env": step_env})
        script = substitute(str(step["run"]), {**ctx, "env": step_env})
        wd = substitute(str(step.get("working-directory") or defaults.get("working-directory") or "."), ctx)
        workdir = wd if wd.startswith("/") else f"{workspace}/{wd}".rstrip("/.") or workspace
        shell = str(step.get("shell") or defaults.get("shell") or "bash")
        if shell.startswith("python"):
            argv = ["python", "-c", script]
        elif shell.startswith("sh"):
            argv = ["sh", "-e", "-c", script]
        else:
            argv = ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script]
        left = max(5, int(timeout - (time.monotonic() - started)))
        environment = {**base_env, **step_env}
        if extra_path:
            environment["PATH"] = ":".join(extra_path) + ":/opt/ci/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
        code, out = container.exec_run(["timeout", str(left), *argv], workdir=workdir, environment=environment)
        text = out.decode("utf-8", "replace") if isinstance(out, bytes) else str(out)
        result.ran += 1
        label = step_label(step, index)
        log.append(f"$ {label}\n{text}")
        if code != 0:
            result.ok = False
            result.failed_step = label + (" (timed out)" if code == 124 else f" exited with code {code}")
            break
        # GITHUB_ENV / GITHUB_PATH written by this step apply to the next ones
        _, env_file = container.exec_run(["bash", "-c", "cat /home/runner/_temp/github_env 2>/dev/null; "
                                                        "echo '\0'; cat /home/runner/_temp/github_path 2>/dev/null"])
        env_part, _, path_part = env_file.decode("utf-8", "replace").partition("\0")
        for line in env_part.splitlines():
            if "=" in line and "<<" not in line:
                k, _, v = line.partition("=")
                ctx["env"][k.strip()] = v
        extra_path = [p for p in reversed(path_part.split()) if p]
    result.output = "\n".join(log)
    return result


def tail(text: str, lines: int = 15) -> str:
    kept = [ln for ln in text.strip().splitlines() if ln.strip()]
    return "\n".join(kept[-lines:])
