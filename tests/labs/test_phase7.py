"""The phase7 lab (DevSecOps) graded for real, in one env (`up` is the slow part):

1. what `labctl test phase7` proves: the fresh env fails every check, the reference
   solutions score full marks;
2. plausible wrong solutions lose the related points, with the message a learner needs;
3. an alternative correct solution of every task scores full marks;
4. `down` leaves nothing (containers, networks, volumes, the learner-built images).

From 2 on, every test writes the whole state it needs (the service's compose.yaml and
Dockerfile, app.py from the lab's pristine copy, a freshly seeded git repo, the IAM
user's policies), so the tests do not depend on each other's leftovers.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from labctl.testing import GradeReport, LabEnv

pytestmark = [pytest.mark.docker, pytest.mark.terraform, pytest.mark.slow]

COMPOSE = "if docker compose version >/dev/null 2>&1; then dc='docker compose'; else dc=docker-compose; fi; $dc"


@pytest.fixture(scope="module")
def lab(docker_engine: object) -> Iterator[LabEnv]:
    with LabEnv("phase7") as env:
        yield env


CHECK_TIMEOUT = 240  # generous: CI machines are shared; the lab's own budget is 90 s


def grade(lab: LabEnv, task: str | None = None) -> GradeReport:
    return lab.grade(task=task, check_timeout=CHECK_TIMEOUT)


def failed(report: GradeReport, task: str) -> dict[str, str]:
    """check name -> message, for the failed checks of a task."""
    return {c.name: c.message for c in report.task(task).checks if not c.passed}


def pristine(lab: LabEnv, rel: str) -> str:
    return (lab.lab.path / "workspace" / rel).read_text()


# -- writing the learner's service -------------------------------------------------


def dockerfile(lab: LabEnv, *, user: str | None = None, token_env: bool = False, extra: str = "") -> str:
    """The lab's Dockerfile with its first lines kept (the build cache), variations after them."""
    head = pristine(lab, "app/Dockerfile.j2").split("# The token clients send")[0]
    lines = [head.rstrip("\n"), ""]
    if token_env:
        lines.append(f"ENV API_TOKEN={lab.params['api_token']}")
    lines += ["WORKDIR /app", "COPY app.py settings.yaml /app/", extra, "EXPOSE 8080"]
    if user:
        lines.append(f"USER {user}")
    lines.append('CMD ["python3", "/app/app.py"]')
    return "\n".join(lines) + "\n"


def compose(lab: LabEnv, service: str, top: str = "") -> str:
    """compose.yaml: the `api` service keys given (YAML) plus the lab's build, image, ports
    and labels; `top` adds top-level keys (YAML)."""
    labels = {"io.labctl.lab": "phase7", "io.labctl.env": lab.env}
    api = {
        "build": {"context": "./app", "labels": labels},
        "image": f"labctl-phase7-{lab.env}-api:dev",
        "ports": [f"127.0.0.1:{lab.params['api_port']}:8080"],
        "labels": labels,
        **(yaml.safe_load(textwrap.dedent(service)) or {}),
    }
    doc = {"services": {"api": api}, "networks": {"default": {"labels": labels}},
           **(yaml.safe_load(textwrap.dedent(top)) or {})}
    return yaml.safe_dump(doc, sort_keys=False)


def deploy(lab: LabEnv, compose_text: str, dockerfile_text: str, files: dict[str, str] | None = None) -> None:
    ws = lab.workspace
    (ws / "app" / "Dockerfile").write_text(dockerfile_text)
    for rel, text in (files or {}).items():
        path = ws / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        path.chmod(0o444 if rel.startswith("secrets/") else 0o644)
    (ws / "compose.yaml").write_text(compose_text)
    lab.host_run(f"{COMPOSE} up -d --build --force-recreate >/dev/null 2>&1 || {{ {COMPOSE} up -d --build; exit 1; }}")
    # wait until the (re)created container answers and, if it has a healthcheck, is healthy
    lab.host_run(
        f"cid=$({COMPOSE} ps -q api); for i in $(seq 90); do "
        "s=$(docker inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}' $cid); "
        "[ \"$s\" = healthy ] && exit 0; [ \"$s\" = none ] && docker exec $cid curl -fs http://127.0.0.1:8080/healthz "
        ">/dev/null 2>&1 && exit 0; sleep 1; done; echo not ready >&2; exit 1"
    )


HARDENED = """\
read_only: true
tmpfs: [/tmp]
cap_drop: [ALL]
security_opt: ["no-new-privileges:true"]
mem_limit: 96m
pids_limit: 32
healthcheck:
  test: ["CMD", "curl", "-fsS", "http://127.0.0.1:8080/healthz"]
  interval: 2s
  timeout: 3s
  retries: 3
"""


# -- the app, the repo, the IAM user -----------------------------------------------


def write_app(lab: LabEnv, replacements: list[tuple[str, str]], pipeline_stage: str) -> None:
    app = pristine(lab, "app/app.py")
    for old, new in replacements:
        assert old in app, old
        app = app.replace(old, new)
    (lab.workspace / "app" / "app.py").write_text(app)
    pipeline = pristine(lab, "ci/pipeline.sh").replace(
        'echo "== stage 2: SAST"\n', 'echo "== stage 2: SAST"\n' + pipeline_stage + "\n")
    (lab.workspace / "ci" / "pipeline.sh").write_text(pipeline)


SAST_FIXES = [
    ('out = subprocess.check_output(f"getent hosts {name}", shell=True, text=True)',
     'out = subprocess.check_output(["getent", "hosts", "--", name], text=True)'),
    ("Environment(autoescape=False)", "Environment(autoescape=select_autoescape(default=True))"),
    ("from jinja2 import Environment", "from jinja2 import Environment, select_autoescape"),
    ('app.run(host="0.0.0.0", port=8080, debug=True)',
     'app.run(host="0.0.0.0", port=8080, debug=os.environ.get("FLASK_DEBUG") == "1")'),
]


def reseed_repo(lab: LabEnv) -> None:
    lab.exec("toolbox", "rm -rf /workspace/repo && /opt/lab/seed-repo.sh /workspace/repo")


def git(lab: LabEnv, script: str) -> None:
    lab.exec("toolbox", "set -euo pipefail; cd /workspace/repo; " + script)


def iam_client(lab: LabEnv) -> Any:
    from labctl.aws.modes import AwsConnection

    conn = AwsConnection.from_data(lab.record.data.aws)
    assert conn is not None
    return conn.session().client("iam")


def set_policies(lab: LabEnv, statements: list[dict[str, Any]] | None, *, managed: bool = False) -> None:
    """Replace everything that applies to the service user by one policy (inline or managed)."""
    iam = iam_client(lab)
    user = lab.params["service_user"]
    for name in iam.list_user_policies(UserName=user)["PolicyNames"]:
        iam.delete_user_policy(UserName=user, PolicyName=name)
    for pol in iam.list_attached_user_policies(UserName=user)["AttachedPolicies"]:
        iam.detach_user_policy(UserName=user, PolicyArn=pol["PolicyArn"])
    if statements is None:
        return
    doc = json.dumps({"Version": "2012-10-17", "Statement": statements})
    if managed:
        name = f"inventory-api-{len(statements)}-{abs(hash(doc)) % 10**8}"
        arn = iam.create_policy(PolicyName=name, PolicyDocument=doc)["Policy"]["Arn"]
        iam.attach_user_policy(UserName=user, PolicyArn=arn)
    else:
        iam.put_user_policy(UserName=user, PolicyName="inventory-api", PolicyDocument=doc)


def db_secret_arn(lab: LabEnv) -> str:
    from labctl.aws.modes import AwsConnection

    conn = AwsConnection.from_data(lab.record.data.aws)
    assert conn is not None
    sm = conn.session().client("secretsmanager")
    return str(sm.describe_secret(SecretId="inventory-api/db-password")["ARN"])


# -- 1. what `labctl test` proves ---------------------------------------------------


def test_fresh_env_fails_every_check(lab: LabEnv) -> None:
    report = grade(lab)
    passing = [f"{t.id}::{c.name}" for t in report.tasks for c in t.checks if c.passed]
    assert not passing, f"no check may pass on an untouched env; these did: {passing}"
    assert report.score == 0


def test_reference_solutions_score_full_marks(lab: LabEnv) -> None:
    lab.solve()
    lab.solve("git-history")  # solutions must be idempotent
    report = grade(lab)
    problems = {t.id: failed(report, t.id) for t in report.tasks if not t.passed}
    assert report.score == report.max_score, problems


# -- 2. wrong solutions --------------------------------------------------------------
# Round 1 puts a wrong solution of every task in place and grades once; rounds 2 and 3
# try two more wrong solutions of the cheap-to-change tasks (sast, git-history, iam).

NOSEC = [
    ("shell=True, text=True)", "shell=True, text=True)  # nosec"),
    ("Environment(autoescape=False).from_string(", "Environment(autoescape=False).from_string(  # nosec"),
    ("debug=True)", "debug=True)  # nosec"),
]


def test_wrong_solutions_round_1(lab: LabEnv) -> None:
    token, bucket, password = lab.params["api_token"], lab.params["bucket"], lab.params["db_password"]
    # The service: hardened but still root; the token is a proper Compose secret, but also
    # (a) in compose's environment (docker inspect shows it) and (b) COPY'd into the image and
    # deleted by the next layer (still in the image); the healthcheck is `true`.
    service = HARDENED.replace('["CMD", "curl", "-fsS", "http://127.0.0.1:8080/healthz"]', '["CMD", "true"]')
    service += f'secrets: [api_token]\nenvironment:\n  API_TOKEN: "{token}"\n'
    top = "secrets:\n  api_token:\n    file: ./secrets/api_token.txt\n"
    extra = "COPY seed-token.txt /etc/inventory/token\nRUN rm /etc/inventory/token"
    deploy(lab, compose(lab, service, top), dockerfile(lab, extra=extra),
           {"secrets/api_token.txt": token + "\n", "app/seed-token.txt": token + "\n"})
    (lab.workspace / "app" / "seed-token.txt").unlink()
    # sast: findings silenced with `# nosec`; a SAST stage that fails on low findings too
    write_app(lab, NOSEC, "bandit -q -r app")
    # git-history: only main rewritten (release/1.x and the tag still carry the password)
    reseed_repo(lab)
    git(lab, f"printf '%s==>REMOVED\\n' {password} > /tmp/r.txt; "
             "git filter-repo --force --quiet --refs main --replace-text /tmp/r.txt")
    # iam: s3:* on the bucket's objects: the service can do its job, and much more
    set_policies(lab, [
        {"Effect": "Allow", "Action": "s3:*", "Resource": f"arn:aws:s3:::{bucket}/*"},
        {"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": db_secret_arn(lab)},
    ])

    report = grade(lab)
    for task in report.tasks:
        assert 0 <= task.score < task.max_score, (task.id, task.checks)

    wrong = failed(report, "harden")
    assert set(wrong) == {"test_runs_as_non_root"}, wrong
    assert "uid 0" in wrong["test_runs_as_non_root"]
    wrong = failed(report, "limits")
    assert set(wrong) == {"test_healthcheck_probes_the_app"}, wrong
    assert "does not probe the app" in wrong["test_healthcheck_probes_the_app"]
    wrong = failed(report, "secrets")
    assert set(wrong) == {"test_token_not_in_the_environment", "test_token_not_in_the_image"}, wrong
    assert "API_TOKEN" in wrong["test_token_not_in_the_environment"]
    assert "/etc/inventory/token" in wrong["test_token_not_in_the_image"], wrong
    wrong = failed(report, "sast")
    assert set(wrong) == {"test_no_high_severity_findings", "test_pipeline_fails_on_high_severity"}, wrong
    assert "B602" in wrong["test_no_high_severity_findings"]
    assert "fails on your workspace as it is" in wrong["test_pipeline_fails_on_high_severity"]
    wrong = failed(report, "git-history")
    assert report.task("git-history").score == 0
    assert "release/1.x" in wrong["test_password_in_no_reachable_commit"] \
        or "v1.0.0" in wrong["test_password_in_no_reachable_commit"], wrong
    wrong = failed(report, "iam")
    assert set(wrong) == {"test_no_wildcards_where_narrower_fits", "test_nothing_beyond_what_the_service_needs"}, wrong
    assert '"s3:*"' in wrong["test_no_wildcards_where_narrower_fits"]
    assert "s3:DeleteObject" in wrong["test_nothing_beyond_what_the_service_needs"]


def test_wrong_solutions_round_2(lab: LabEnv) -> None:
    # sast: the code fixed, but the SAST stage can never fail the pipeline
    write_app(lab, SAST_FIXES, "bandit -q -r app -lll || true")
    wrong = failed(grade(lab, task="sast"), "sast")
    assert set(wrong) == {"test_pipeline_fails_on_high_severity"}, wrong
    assert "passed on a copy of your code with a high-severity finding" in wrong["test_pipeline_fails_on_high_severity"]

    # git-history: filter-branch over every ref; its refs/original/ backups still reach the old commits
    reseed_repo(lab)
    git(lab, "FILTER_BRANCH_SQUELCH_WARNING=1 git filter-branch -f --index-filter "
             "'git rm -q --cached --ignore-unmatch config/database.ini' --tag-name-filter cat -- --all >/dev/null 2>&1")
    wrong = failed(grade(lab, task="git-history"), "git-history")
    assert "refs/original" in wrong["test_password_in_no_reachable_commit"], wrong

    # iam: the exact actions, but on every resource
    set_policies(lab, [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject", "secretsmanager:GetSecretValue"],
                        "Resource": "*"}])
    wrong = failed(grade(lab, task="iam"), "iam")
    assert set(wrong) == {"test_no_wildcards_where_narrower_fits", "test_nothing_beyond_what_the_service_needs"}, wrong
    assert 'Resource "*"' in wrong["test_no_wildcards_where_narrower_fits"]


def test_wrong_solutions_round_3(lab: LabEnv) -> None:
    # sast: "fixing" by deleting the vulnerable endpoint: bandit is clean, the app's tests are not
    app = pristine(lab, "app/app.py")
    start, end = app.index('@app.get("/resolve")'), app.index("REPORT = Environment(")
    app = app[:start] + app[end:]
    app = app.replace("Environment(autoescape=False)", "Environment(autoescape=True)").replace("debug=True", "debug=False")
    (lab.workspace / "app" / "app.py").write_text(app)
    message = failed(grade(lab, task="sast"), "sast")["test_no_high_severity_findings"]
    assert "no longer passes its unit tests" in message and "test_resolve" in message, message

    # git-history: main rewritten, the rest "solved" by deleting the release branch and its tag
    reseed_repo(lab)
    git(lab, f"printf '%s==>REMOVED\\n' {lab.params['db_password']} > /tmp/r.txt; "
             "git filter-repo --force --quiet --refs main --replace-text /tmp/r.txt; "
             "git branch -D release/1.x; git tag -d v1.0.0")
    report = grade(lab, task="git-history")
    wrong = failed(report, "git-history")
    assert set(wrong) == {"test_rest_of_history_kept"}, wrong
    assert "release/1.x" in wrong["test_rest_of_history_kept"]

    # iam: the old policy removed and nothing put in its place: the service cannot work
    set_policies(lab, None)
    assert grade(lab, task="iam").task("iam").score == 0


# -- 3. an alternative correct solution of every task: full marks ------------------


def test_alternative_correct_solution_scores_full_marks(lab: LabEnv) -> None:
    # harden + limits + secrets: USER in the Dockerfile instead of compose's `user:`, a python
    # healthcheck, tighter limits, the bare no-new-privileges option, and the token as a secret
    # with another name, found by the app through API_TOKEN_FILE.
    token = lab.params["api_token"]
    service = """\
        read_only: true
        cap_drop: [all]
        security_opt: [no-new-privileges]
        mem_limit: 64m
        pids_limit: 24
        environment:
          API_TOKEN_FILE: /run/secrets/inventory_token
        secrets:
          - inventory_token
        healthcheck:
          test: ["CMD-SHELL", "python3 -c \\"import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/healthz')\\""]
          interval: 2s
          retries: 5
        """
    top = "secrets:\n  inventory_token:\n    file: ./secrets/inventory_token\n"
    deploy(lab, compose(lab, service, top), dockerfile(lab, user="65534:65534"),
           {"secrets/inventory_token": token})

    # sast: other fixes of the same findings (see SAST_FIXES) and a JSON-based gate
    write_app(lab, SAST_FIXES, textwrap.dedent("""\
        bandit -q -r app -f json -o /tmp/bandit.json || true
        python3 - <<'PY'
        import json, sys
        high = [r for r in json.load(open("/tmp/bandit.json"))["results"] if r["issue_severity"] == "HIGH"]
        for r in high:
            print(f"{r['filename']}:{r['line_number']} {r['test_id']} {r['issue_text']}")
        sys.exit(1 if high else 0)
        PY"""))

    # git-history: drop the file from every commit instead of replacing the password
    reseed_repo(lab)
    git(lab, "git filter-repo --force --quiet --invert-paths --path config/database.ini")

    # iam: a customer-managed policy (boto3), the secret matched by its documented suffix pattern
    bucket = lab.params["bucket"]
    set_policies(lab, [
        {"Sid": "Catalogue", "Effect": "Allow", "Action": "s3:GetObject",
         "Resource": f"arn:aws:s3:::{bucket}/catalog/*"},
        {"Sid": "Reports", "Effect": "Allow", "Action": ["s3:PutObject"],
         "Resource": [f"arn:aws:s3:::{bucket}/reports/*"]},
        {"Sid": "DbPassword", "Effect": "Allow", "Action": "secretsmanager:GetSecretValue",
         "Resource": db_secret_arn(lab).rsplit("-", 1)[0] + "-??????"},
        {"Sid": "NeverDelete", "Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*"},
    ], managed=True)

    report = grade(lab)
    problems = {t.id: failed(report, t.id) for t in report.tasks if not t.passed}
    assert report.score == report.max_score, problems


def test_down_leaves_nothing(lab: LabEnv, docker_engine: Any) -> None:
    labels = ["io.labctl.lab=phase7", f"io.labctl.env={lab.env}"]
    assert docker_engine.containers.list(filters={"label": labels}), "the learner's service should be running"
    workdir = lab.workdir
    lab.down()
    for kind in ("containers", "networks", "volumes", "images"):
        collection = getattr(docker_engine, kind)
        found = collection.list(**({"all": True} if kind == "containers" else {}), filters={"label": labels})
        assert not found, f"labctl down left {kind}: {found}"
    assert not Path(workdir).exists()
