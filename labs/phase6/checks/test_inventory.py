"""Task inventory: the learner's inventory.py lists exactly the instances with the tag.

The check seeds its own fleet in a region of the emulator the learner does not use
(so nothing of theirs can be confused with it): tagged instances in two reservations,
one of them stopped, one tagged and then terminated, one with another value of the
tag key, one without tags. It runs `inventory.py` with labctl's Python (which has
boto3) and the env's AWS settings, pointed at that region by AWS_REGION /
AWS_DEFAULT_REGION, and compares the JSON it prints with what it seeded.
"""

import json
import os
import subprocess
import sys

import pytest
from _phase6_proxy import RecordingProxy

SCRIPT = "inventory.py"
#: the access key the grader gives the script (any key works on the emulator)
GRADER_KEY_ID = "AKIALABCTLGRADER0001"
SEED_NAME = "labctl-grader-seed"
AMI = "ami-04681a1dbd79675a5"
RUN_TIMEOUT = 40
FIELDS = ("id", "name", "type", "state", "private_ip")


def grader_region(aws):
    return "ap-southeast-2" if aws.region != "ap-southeast-2" else "eu-west-3"


def _live(ec2):
    out = []
    for page in ec2.get_paginator("describe_instances").paginate():
        for reservation in page["Reservations"]:
            out += [i for i in reservation["Instances"] if i["State"]["Name"] not in ("terminated", "shutting-down")]
    return out


def _run(ec2, count, itype, tags):
    spec = [{"ResourceType": "instance", "Tags": tags}] if tags else []
    resp = ec2.run_instances(ImageId=AMI, MinCount=count, MaxCount=count, InstanceType=itype,
                             TagSpecifications=spec)
    return [i["InstanceId"] for i in resp["Instances"]]


@pytest.fixture(scope="module")
def fleet(aws, env):
    """Seed the grader's region; yield {id: expected record}; terminate it all afterwards."""
    region = grader_region(aws)
    ec2 = aws.client("ec2", region_name=region)
    leftovers = [i["InstanceId"] for i in _live(ec2)]
    if leftovers:
        ec2.terminate_instances(InstanceIds=leftovers)
    key, value = env.params["inventory_tag_key"], env.params["inventory_tag_value"]
    tag = {"Key": key, "Value": value}
    seeded = []
    listed = _run(ec2, 2, "t3.micro", [tag, {"Key": "Name", "Value": f"{SEED_NAME}-a"}])
    listed += _run(ec2, 1, "t3.small", [tag, {"Key": "Owner", "Value": "grader"}])  # no Name tag
    ec2.stop_instances(InstanceIds=listed[-1:])
    seeded += listed
    seeded += _run(ec2, 1, "t3.micro", [{"Key": key, "Value": value + "-old"}, {"Key": "Name", "Value": f"{SEED_NAME}-b"}])
    seeded += _run(ec2, 1, "t3.nano", [])
    gone = _run(ec2, 1, "t3.micro", [tag, {"Key": "Name", "Value": f"{SEED_NAME}-c"}])
    ec2.terminate_instances(InstanceIds=gone)
    expected = {}
    for page in ec2.get_paginator("describe_instances").paginate(InstanceIds=listed):
        for reservation in page["Reservations"]:
            for inst in reservation["Instances"]:
                name = next((t["Value"] for t in inst.get("Tags", []) if t["Key"] == "Name"), None)
                expected[inst["InstanceId"]] = {
                    "id": inst["InstanceId"], "name": name, "type": inst["InstanceType"],
                    "state": inst["State"]["Name"], "private_ip": inst.get("PrivateIpAddress"),
                }
    known = {i["InstanceId"] for page in ec2.get_paginator("describe_instances").paginate()
             for r in page["Reservations"] for i in r["Instances"]}
    try:
        yield {"region": region, "expected": expected, "known": known}
    finally:
        ec2.terminate_instances(InstanceIds=seeded)


class Run:
    """One run of the learner's script (per grading session): its parsed output or the
    reason it has none, and what the proxy saw of its requests."""

    def __init__(self, data=None, problem=None, requests=0, keys=()):
        self.data, self.problem, self.requests, self.keys = data, problem, requests, set(keys)

    def output(self):
        if self.problem:
            pytest.fail(self.problem)
        return self.data


def _run_script(env, region, key_id):
    script = env.workspace / SCRIPT
    if not script.is_file():
        return Run(problem=f"{SCRIPT} is missing from your workspace ({env.workspace})")
    upstream = env.env_vars.get("AWS_ENDPOINT_URL", "")
    child_env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    child_env.update(env.env_vars)
    child_env.update({"AWS_REGION": region, "AWS_DEFAULT_REGION": region, "PYTHONDONTWRITEBYTECODE": "1",
                      "AWS_ACCESS_KEY_ID": key_id})
    with RecordingProxy(upstream) as proxy:
        if upstream:
            child_env["AWS_ENDPOINT_URL"] = proxy.url
        try:
            proc = subprocess.run([sys.executable, SCRIPT], cwd=env.workspace, env=child_env, capture_output=True,
                                  text=True, timeout=RUN_TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            return Run(problem=f"python3 {SCRIPT} did not finish within {RUN_TIMEOUT} s")
        seen = (proxy.requests, proxy.keys)
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["no error output"])[-1]
        return Run(problem=f"python3 {SCRIPT} failed (exit {proc.returncode}): {last[:200]}", requests=seen[0],
                   keys=seen[1])
    try:
        data = json.loads(proc.stdout)
    except ValueError:
        first = (proc.stdout.strip().splitlines() or ["nothing"])[0]
        return Run(problem=f"{SCRIPT} must print one JSON array on stdout (nothing else); it printed: {first[:120]}",
                   requests=seen[0], keys=seen[1])
    if not isinstance(data, list) or not all(isinstance(x, dict) for x in data):
        return Run(problem=f"{SCRIPT} must print a JSON array of objects; it printed a {type(data).__name__}",
                   requests=seen[0], keys=seen[1])
    return Run(data=data, requests=seen[0], keys=seen[1])


@pytest.fixture(scope="module")
def run(env, fleet):
    return _run_script(env, fleet["region"], GRADER_KEY_ID)


@pytest.mark.points(3)
def test_lists_exactly_the_tagged_instances(params, fleet, run):
    data = run.output()
    tag = f"{params['inventory_tag_key']}={params['inventory_tag_value']}"
    got = [str(item.get("id")) for item in data]
    expected = fleet["expected"]
    foreign = [i for i in got if i not in fleet["known"]]
    assert not foreign, (
        f"{SCRIPT} listed instances the grader did not create in region {fleet['region']} ({', '.join(foreign[:3])}): "
        "take the region (and endpoint) from the environment, AWS_REGION, instead of hard-coding them"
    )
    missing = [i for i in expected if i not in got]
    if missing:
        states = sorted({expected[i]["state"] for i in missing})
        where = (" (it listed nothing at all: does it read the region from AWS_REGION, and filter on exactly "
                 f"the tag {tag}?)") if not got else ""
        pytest.fail(f"{SCRIPT} missed {len(missing)} of the {len(expected)} instances tagged {tag} "
                    f"(states: {', '.join(states)}): list every instance of every reservation, running or stopped"
                    + where)
    extra = [i for i in got if i not in expected]
    assert not extra, (
        f"{SCRIPT} listed {len(extra)} instance(s) that should not be there ({', '.join(extra[:3])}): only instances "
        f"tagged exactly {tag}, and none that is terminated"
    )
    assert len(got) == len(set(got)), f"{SCRIPT} listed some instances more than once"


@pytest.mark.points(1)
def test_reports_each_instance(fleet, run):
    data = run.output()
    expected = fleet["expected"]
    by_id = {str(item.get("id")): item for item in data}
    if set(by_id) != set(expected):
        pytest.fail(f"{SCRIPT} does not list exactly the tagged instances yet (see the other check of this task)")
    for inst_id, want in expected.items():
        item = by_id[inst_id]
        missing = [f for f in FIELDS if f not in item]
        assert not missing, f"the entry of {inst_id} lacks {', '.join(missing)}: each entry needs {', '.join(FIELDS)}"
        wrong = [f"{f} is {item[f]!r}, expected {want[f]!r}" for f in FIELDS if item[f] != want[f]]
        assert not wrong, f"the entry of {inst_id} is wrong: {'; '.join(wrong)}"


@pytest.mark.points(1)
def test_takes_aws_settings_from_the_environment(fleet, run):
    run.output()
    assert run.requests, (
        f"{SCRIPT} printed its list without sending a request to the endpoint in AWS_ENDPOINT_URL: it must take "
        "the endpoint from the environment (boto3.client(\"ec2\") does), not hard-code one"
    )
    assert run.keys <= {GRADER_KEY_ID}, (
        f"{SCRIPT} signed its requests with the access key {sorted(run.keys)[0]}, not the one in AWS_ACCESS_KEY_ID: "
        "take the credentials from the environment, never hard-code them"
    )
