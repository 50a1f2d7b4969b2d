"""Task pipeline: a GitHub Actions workflow lint -> test -> build, on push and pull_request,
whose test job really passes when its `run:` steps are replayed in a clean runner."""

import re

import _phase2 as lab  # the lab's shared helpers, beside this file
import pytest
import yaml

JOBS = ("lint", "test", "build")
LINTERS = re.compile(r"\b(flake8|pre-commit|ruff|pylint|pycodestyle|pyflakes)\b")


@pytest.fixture(scope="module")
def workflow(host, env):
    """(path, parsed document) of the workflow that defines the pipeline."""
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

    return max(parsed, key=score)


def _jobs(workflow):
    path, doc = workflow
    jobs = doc.get("jobs")
    assert isinstance(jobs, dict) and jobs, f"{path} has no jobs: mapping"
    return jobs


def test_workflow_runs_on_push_and_pull_request(workflow):
    path, doc = workflow
    found = lab.triggers(doc)
    missing = [t for t in ("push", "pull_request") if t not in found]
    assert not missing, (
        f"{path} must be triggered by push and pull_request events; its triggers (on:) are "
        f"{', '.join(sorted(found)) or 'none'}, missing {', '.join(missing)}"
    )


@pytest.mark.points(2)
def test_jobs_lint_test_build_in_order(workflow):
    path, _ = workflow
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


@pytest.mark.points(3)
def test_test_job_passes_in_a_clean_runner(workflow, host, params, env, docker):
    path, doc = workflow
    jobs = _jobs(workflow)
    if "test" not in jobs or not isinstance(jobs["test"], dict):
        pytest.fail(f"{path} has no job with the id test to run")
    steps = lab.run_steps(jobs["test"])
    if not any("pytest" in str(s["run"]) for s in steps):
        pytest.fail("job test has no run: step that runs pytest, so it tests nothing")
    repo = lab.repo_dir(params)
    image = env.data.get("images", {}).get("ci")
    assert image, "the env's runner image is unknown: recreate the env with `labctl reset phase2`"
    ws_container = docker.containers.get(env.containers["workspace"])
    tar = lab.copy_repo_tar(ws_container, repo)
    result = lab.run_job_in_clean_runner(docker, env, image, tar, params["repo"], doc, "test")
    assert result.ok, (
        f"job test failed in a clean runner (a fresh container, a copy of your repo, no network): "
        f"{result.failed_step}. Its last lines:\n{lab.tail(result.output, 15)}"
    )
