"""Task pipeline: a GitHub Actions workflow lint -> test -> build, on push and pull_request,
committed, whose test job really passes and whose lint job really stops a lint error when
their `run:` steps are replayed in a clean runner on the committed repository."""

import re

import _phase2 as lab  # the lab's shared helpers, beside this file
import pytest
import yaml

JOBS = ("lint", "test", "build")
LINTERS = re.compile(r"\b(flake8|pre-commit|ruff|pylint|pycodestyle|pyflakes)\b")
BUILDERS = re.compile(r"(-m\s+build\b|pipx\s+run\s+build|pip3?\s+wheel|\b(hatch|poetry|uv|flit|pdm)\s+build\b|"
                      r"setup\.py\s+(sdist|bdist))")
#: added to the runner's copy of the repo: the lint job must fail on it
PLANT_LINT_ERROR = "printf '\\nimport os\\n' >> inventory/__init__.py"


@pytest.fixture(scope="module")
def workflow(host, env):
    """(path, parsed document, its committed text or None, its text) of the workflow that
    defines the pipeline, read from the working tree (committing it is checked on its own)."""
    params = env.params
    ws = host("workspace")
    repo = lab.repo_dir(params)
    files = lab.read_workflows(ws, repo)
    if not files:
        pytest.fail("no workflow found: add one to .github/workflows/ (a .yml or .yaml file)")
    parsed, errors = [], []
    for path, text in files:
        try:
            doc = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            errors.append(f"{path} is not valid YAML: {str(exc).splitlines()[0]}")
            continue
        if isinstance(doc, dict):
            parsed.append((path, doc))
        else:
            errors.append(f"{path} is not a YAML mapping")
    if not parsed:
        pytest.fail("; ".join(errors))

    def score(item):
        jobs = item[1].get("jobs") if isinstance(item[1].get("jobs"), dict) else {}
        return sum(j in jobs for j in JOBS)

    path, doc = max(parsed, key=score)
    committed = ws.run("git -C %s show %s", repo, f"HEAD:{path}")
    return path, doc, (committed.stdout if committed.rc == 0 else None), files_text(files, path)


def files_text(files, path):
    return next(text for p, text in files if p == path)


def _jobs(workflow):
    path, doc = workflow[:2]
    jobs = doc.get("jobs")
    assert isinstance(jobs, dict) and jobs, f"{path} has no jobs: mapping"
    return jobs


def test_workflow_runs_on_push_and_pull_request(workflow):
    path, doc = workflow[:2]
    found = lab.triggers(doc)
    missing = [t for t in ("push", "pull_request") if t not in found]
    assert not missing, (
        f"{path} must be triggered by push and pull_request events; its triggers (on:) are "
        f"{', '.join(sorted(found)) or 'none'}, missing {', '.join(missing)}"
    )


@pytest.mark.points(2)
def test_jobs_lint_test_build_in_order(workflow):
    path = workflow[0]
    jobs = _jobs(workflow)
    missing = [j for j in JOBS if j not in jobs]
    assert not missing, (
        f"{path} needs jobs with the ids lint, test and build; it has {', '.join(jobs)}, missing {', '.join(missing)}"
    )
    for job_id in JOBS:
        job = jobs[job_id]
        assert isinstance(job, dict) and job.get("runs-on"), f"job {job_id} in {path} has no runs-on"
        assert isinstance(job.get("steps"), list) and job["steps"], f"job {job_id} in {path} has no steps"
    assert "lint" in lab.all_needs(jobs, "test"), (
        f"job test must wait for lint (needs: lint); it needs: {', '.join(lab.needs(jobs['test'])) or 'nothing'}"
    )
    assert "test" in lab.all_needs(jobs, "build"), (
        f"job build must wait for test (needs: test); it needs: {', '.join(lab.needs(jobs['build'])) or 'nothing'}"
    )
    lint_runs = " ".join(str(s["run"]) for s in lab.run_steps(jobs["lint"]))
    assert LINTERS.search(lint_runs), (
        "job lint must run the linter in a run: step (e.g. `flake8 .` or `pre-commit run --all-files`); "
        f"its run steps are: {lint_runs.strip() or 'none'}"
    )
    test_runs = " ".join(str(s["run"]) for s in lab.run_steps(jobs["test"]))
    assert "pytest" in test_runs, (
        f"job test must run the tests with pytest in a run: step; its run steps are: {test_runs.strip() or 'none'}"
    )
    build_runs = " ".join(str(s["run"]) for s in lab.run_steps(jobs["build"]))
    assert BUILDERS.search(build_runs), (
        "job build must build the package in a run: step (e.g. `python -m build`); its run steps are: "
        f"{build_runs.strip() or 'none'}"
    )
    for job_id in JOBS:
        steps = [s for s in jobs[job_id]["steps"] if isinstance(s, dict)]
        first_run = next((i for i, s in enumerate(steps) if "run" in s), len(steps))
        checkout = any("actions/checkout" in str(s.get("uses", "")) for s in steps[:first_run])
        assert checkout, (
            f"job {job_id} does not check the code out before its run: steps (uses: actions/checkout@v4): "
            "on GitHub every job starts on an empty runner"
        )


def test_workflow_is_committed(workflow):
    path, _, committed, text = workflow
    assert committed is not None, f"{path} is not committed: git add it and commit (CI only sees commits)"
    assert committed == text, (
        f"{path} has changes that are not committed: commit them (CI runs the committed workflow)"
    )


def _image(env):
    image = env.data.get("images", {}).get("ci")
    assert image, "the env's runner image is unknown: recreate the env with `labctl reset phase2`"
    return image


@pytest.mark.timeout(300)  # two replays of the job in a fresh container
def test_lint_job_stops_a_lint_error(workflow, host, params, env, docker):
    """Replayed on the committed repo, the lint job passes; with an unused import added, it fails."""
    path, doc = workflow[:2]
    jobs = _jobs(workflow)
    if not isinstance(jobs.get("lint"), dict) or not lab.run_steps(jobs["lint"]):
        pytest.fail(f"{path} has no job lint with run: steps to replay")
    repo = lab.repo_dir(params)
    tar = lab.copy_repo_tar(docker.containers.get(env.containers["workspace"]), repo)
    clean, planted = lab.run_job_variants(docker, env, _image(env), tar, params["repo"], doc, "lint",
                                          ["", PLANT_LINT_ERROR])
    assert clean.ok, (
        f"job lint fails on your committed code in a clean runner: {clean.failed_step}. Its last lines:\n"
        + lab.tail(clean.output, 12)
    )
    assert not planted.ok, (
        "job lint passed on a copy of your repository with an unused import added to inventory/__init__.py: "
        "it must fail when the linter finds something (no --exit-zero, no `|| true`)"
    )


@pytest.mark.points(3)
@pytest.mark.timeout(240)  # a replay of the job in a fresh container
def test_test_job_passes_in_a_clean_runner(workflow, host, params, env, docker):
    path, doc = workflow[:2]
    jobs = _jobs(workflow)
    if "test" not in jobs or not isinstance(jobs["test"], dict):
        pytest.fail(f"{path} has no job with the id test to run")
    steps = lab.run_steps(jobs["test"])
    if not any("pytest" in str(s["run"]) for s in steps):
        pytest.fail("job test has no run: step that runs pytest, so it tests nothing")
    repo = lab.repo_dir(params)
    ws_container = docker.containers.get(env.containers["workspace"])
    tar = lab.copy_repo_tar(ws_container, repo)
    result = lab.run_job_in_clean_runner(docker, env, _image(env), tar, params["repo"], doc, "test")
    assert result.ok, (
        f"job test failed in a clean runner (a fresh container, a copy of your committed repo, no network): "
        f"{result.failed_step}. Its last lines:\n{lab.tail(result.output, 15)}"
    )
