"""Task config: schema/inventory.schema.json is a JSON Schema of the inventory, and
`opsctl validate FILE` accepts valid inventories and rejects each kind of mistake the task
names with exit code 2, naming where it is, every problem at once, never a traceback."""

from __future__ import annotations

import re

import _pyops as lab
import pytest

D = lab.GRADER_DIR

MINIMAL = "hosts:\n  - name: solo\n    address: 10.1.2.3\n"
OVERRIDES = """defaults:
  user: deploy
  timeout: 2.5
hosts:
  - name: web-a
    address: web1
    port: 2222
    user: admin
    key_file: /root/.ssh/other
    timeout: 1
  - name: web-b
    address: web2
"""
BASE = """defaults:
  user: deploy
  port: 22
hosts:
  - name: a
    address: web1
  - name: b
    address: web2
  - name: c
    address: web3
"""


def _case(index: int, host_index: int, key: str, value: str) -> str:
    """BASE with `key: value` set on host `host_index` (value None removes the key)."""
    lines = BASE.splitlines()
    out, seen = [], -1
    for line in lines:
        if line.startswith("  - name:"):
            seen += 1
        if seen == host_index and line.strip().startswith(f"{key}:") and value == "":
            continue
        out.append(line)
        if seen == host_index and line.startswith("  - name:") and value:
            out.append(f"    {key}: {value}")
    return "\n".join(out) + "\n"


# (what the learner is told, file text, regexes one output line must all match)
TYPE_CASES = [
    ("a port that is not a number (hosts[1].port: \"twenty-two\")",
     _case(0, 1, "port", '"twenty-two"'), [r"hosts\W{0,5}1\W{0,5}port"]),
    ("a port above 65535 (hosts[0].port: 70000)", _case(0, 0, "port", "70000"), [r"hosts\W{0,5}0\W{0,5}port"]),
    ("a timeout of 0 in defaults", BASE.replace("  port: 22\n", "  port: 22\n  timeout: 0\n"),
     [r"defaults\W{0,5}timeout"]),
    ("an empty host name (hosts[2].name: \"\")", BASE.replace('name: c', 'name: ""'), [r"hosts\W{0,5}2\W{0,5}name"]),
]
SHAPE_CASES = [
    ("a host without address (hosts[2])", BASE.replace("    address: web3\n", ""), [r"hosts\W{0,5}2", r"address"]),
    ("a misspelt key (hosts[0].adress)", BASE.replace("address: web1", "adress: web1"), [r"hosts\W{0,5}0", r"adress"]),
    ("an unknown top-level key (hostz)", BASE + "hostz: []\n", [r"hostz"]),
    ("an empty host list (hosts: [])", "defaults:\n  port: 22\nhosts: []\n", [r"hosts"]),
]


def _validate(host, name: str, text: str):
    lab.put(host, f"{D}/{name}.yaml", text)
    return lab.opsctl(host, f"validate {D}/{name}.yaml")


def _grade_cases(host, cases, prefix: str) -> list[str]:
    wrong = []
    for i, (what, text, patterns) in enumerate(cases):
        r = _validate(host, f"{prefix}-{i}", text)
        out = r.stdout + "\n" + r.stderr
        lines = [ln for ln in out.splitlines() if all(re.search(p, ln) for p in patterns)]
        if lab.traceback_in(out):
            wrong.append(f"{what}: a Python traceback instead of a message")
        elif r.rc != 2:
            wrong.append(f"{what}: exit code {r.rc}, expected 2{lab.no_module_note(r)}")
        elif not lines:
            wrong.append(f"{what}: no line of the output names where the mistake is; it said: "
                         f"{lab.tail(out, 3)!r}")
    return wrong


@pytest.mark.points(3)
def test_schema_is_a_json_schema(host):
    r = lab.sh(host, "test -f schema/inventory.schema.json && python3 - <<'PY'\n"
               "import json, jsonschema\n"
               "doc = json.load(open('schema/inventory.schema.json'))\n"
               "assert isinstance(doc, dict), 'the schema must be a JSON object'\n"
               "jsonschema.validators.validator_for(doc).check_schema(doc)\n"
               "PY")
    if r.rc != 0:
        lines = (r.stderr or "").strip().splitlines()
        reason = lines[-1] if lines else "the file is missing"
        pytest.fail(f"schema/inventory.schema.json should be a valid JSON Schema; {reason}")


@pytest.mark.points(3)
def test_valid_inventories_pass(host):
    problems = []
    for name, text in (("lab-hosts", None), ("minimal", MINIMAL), ("overrides", OVERRIDES)):
        if text is None:
            r = lab.opsctl(host, "validate hosts.yaml")
            what = "your hosts.yaml"
        else:
            r = _validate(host, name, text)
            what = {"minimal": "an inventory with only hosts (name + address)",
                    "overrides": "an inventory with per-host user, port, key_file and timeout"}[name]
        if r.rc != 0 or lab.traceback_in(r.stdout + r.stderr):
            problems.append(f"{what}: exit code {r.rc}{lab.no_module_note(r)}: {lab.tail(r.stdout + r.stderr, 3)!r}")
    assert not problems, "valid inventories must pass `opsctl validate` (exit 0); " + "; ".join(problems)


@pytest.mark.points(4)
def test_wrong_types_and_ranges_are_reported_where_they_are(host):
    wrong = _grade_cases(host, TYPE_CASES, "types")
    assert not wrong, "expected exit code 2 and a line naming the field for each mistake; " + "; ".join(wrong)


@pytest.mark.points(4)
def test_missing_and_unknown_keys_are_reported_where_they_are(host):
    wrong = _grade_cases(host, SHAPE_CASES, "shape")
    assert not wrong, "expected exit code 2 and a line naming the field for each mistake; " + "; ".join(wrong)


@pytest.mark.points(3)
def test_every_problem_is_reported(host):
    text = BASE.replace("    address: web2\n", "    address: web2\n    port: many\n").replace(
        "    address: web3\n", "")
    r = _validate(host, "two-problems", text)
    out = r.stdout + "\n" + r.stderr
    port = any(re.search(r"hosts\W{0,5}1\W{0,5}port", ln) for ln in out.splitlines())
    address = any(re.search(r"hosts\W{0,5}2", ln) and "address" in ln for ln in out.splitlines())
    assert r.rc == 2 and port and address, (
        "an inventory with two mistakes (hosts[1].port is 'many', hosts[2] has no address) should "
        f"exit 2 and report both; exit code {r.rc}, port reported: {'yes' if port else 'no'}, "
        f"missing address reported: {'yes' if address else 'no'}{lab.no_module_note(r)}"
    )


@pytest.mark.points(3)
def test_broken_yaml_and_missing_file(host):
    r = _validate(host, "broken", "hosts:\n  - name: a\n    address: [web1\n  - name: b\n")
    out = r.stdout + "\n" + r.stderr
    problems = []
    if lab.traceback_in(out) or r.rc != 2:
        problems.append(f"a file that is not valid YAML gave exit code {r.rc}"
                        + (" and a traceback" if lab.traceback_in(out) else "") + lab.no_module_note(r))
    elif not re.search(r"line\D{0,3}\d+", out, re.I) and not re.search(r":\d+:\d+", out):
        problems.append(f"the message for invalid YAML should give the line number; it said {lab.tail(out, 2)!r}")
    r = lab.opsctl(host, f"validate {D}/no-such-inventory.yaml")
    out = r.stdout + "\n" + r.stderr
    if lab.traceback_in(out) or r.rc != 2:
        problems.append(f"a missing file gave exit code {r.rc}" + (" and a traceback" if lab.traceback_in(out) else ""))
    elif "no-such-inventory" not in out:
        problems.append(f"the message for a missing file should name the file; it said {lab.tail(out, 2)!r}")
    assert not problems, "expected exit code 2 and a one-line message, no traceback: " + "; ".join(problems)
