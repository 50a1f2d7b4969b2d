"""Helpers shared by phase4's Terraform checks: the learner's resources as AWS has them.

Resources are found by what they are (the VPC by its CIDR, the instance by its
Project tag, the security group by what it allows), never by Terraform addresses,
so any layout of the learner's code passes. Terraform's own view (state, outputs,
plan) is read through the `tf` fixture, from the infra/ folder of the workspace.
Results of slow calls are cached for the grading session.
"""

from __future__ import annotations

import ipaddress
import json
from typing import Any

INFRA = "infra"
_cache: dict[str, Any] = {}


def vpc_cidr(params: dict[str, Any]) -> str:
    return f"10.{params['vpc_octet']}.0.0/16"


def admin_cidr(params: dict[str, Any]) -> str:
    return f"203.0.113.{params['admin_octet']}/32"


def state_key(params: dict[str, Any]) -> str:
    return f"{params['project']}/infra.tfstate"


def ec2(aws: Any) -> Any:
    return aws.client("ec2")


def find_vpc(aws: Any, params: dict[str, Any]) -> dict[str, Any]:
    cidr = vpc_cidr(params)
    vpcs = ec2(aws).describe_vpcs(Filters=[{"Name": "cidr-block", "Values": [cidr]}])["Vpcs"]
    assert vpcs, f"expected a VPC with CIDR {cidr}; there is none (has infra/ been applied?)"
    assert len(vpcs) == 1, (
        f"expected one VPC with CIDR {cidr}; there are {len(vpcs)} ({', '.join(v['VpcId'] for v in vpcs)}): "
        "destroy the extra one (was the stack applied from two folders, or its state lost?)"
    )
    return vpcs[0]


def subnets(aws: Any, vpc_id: str) -> list[dict[str, Any]]:
    return ec2(aws).describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}])["Subnets"]


def security_groups(aws: Any, vpc_id: str) -> list[dict[str, Any]]:
    groups = ec2(aws).describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}])
    return [g for g in groups["SecurityGroups"] if g.get("GroupName") != "default"]


def covers_port(perm: dict[str, Any], port: int) -> bool:
    proto = str(perm.get("IpProtocol"))
    if proto == "-1":
        return True
    if proto not in ("tcp", "6"):
        return False
    lo, hi = perm.get("FromPort"), perm.get("ToPort")
    if lo is None or hi is None:
        return True
    return int(lo) <= port <= int(hi)


def sources(perm: dict[str, Any]) -> list[str]:
    out = [r["CidrIp"] for r in perm.get("IpRanges", [])]
    out += [r["CidrIpv6"] for r in perm.get("Ipv6Ranges", [])]
    return out


def open_to(group: dict[str, Any], port: int) -> list[str]:
    """CIDRs a security group lets in on a TCP port."""
    return [cidr for perm in group.get("IpPermissions", []) if covers_port(perm, port) for cidr in sources(perm)]


def _contains(cidr: str, inner: str) -> bool:
    try:
        return ipaddress.ip_network(inner).subnet_of(ipaddress.ip_network(cidr, strict=False))
    except (ValueError, TypeError):
        return False


def web_group(aws: Any, params: dict[str, Any], vpc_id: str) -> dict[str, Any]:
    """The security group of the web tier: the one that lets the admin network in by SSH
    (even if it lets others in too: that is graded separately), else the one open on HTTP."""
    admin = admin_cidr(params)
    groups = security_groups(aws, vpc_id)
    for g in groups:
        if any(_contains(c, admin) for c in open_to(g, 22)):
            return g
    for g in groups:
        if "0.0.0.0/0" in open_to(g, 80):
            return g
    listing = "; ".join(
        f"{g['GroupName']}: SSH from {', '.join(open_to(g, 22)) or 'nowhere'}" for g in groups
    )
    raise AssertionError(
        f"expected a security group in the VPC that allows SSH (22) from {admin}; "
        f"found: {listing or 'no security group besides the default one'}"
    )


def project_instances(aws: Any, params: dict[str, Any]) -> list[dict[str, Any]]:
    resp = ec2(aws).describe_instances(Filters=[
        {"Name": "tag:Project", "Values": [params["project"]]},
        {"Name": "instance-state-name", "Values": ["pending", "running"]},
    ])
    return [i for r in resp["Reservations"] for i in r["Instances"]]


def the_instance(aws: Any, params: dict[str, Any]) -> dict[str, Any]:
    found = project_instances(aws, params)
    if not found:
        resp = ec2(aws).describe_instances(Filters=[
            {"Name": "instance-state-name", "Values": ["pending", "running"]}])
        others = [i for r in resp["Reservations"] for i in r["Instances"]]
        tags = ["{" + ", ".join(f"{t['Key']}={t['Value']}" for t in i.get("Tags", [])) + "}" for i in others]
        raise AssertionError(
            f"expected a running instance tagged Project={params['project']}; running instances: "
            f"{len(others)}" + (f", tagged {'; '.join(tags)}" if others else "")
        )
    assert len(found) == 1, (
        f"expected one instance tagged Project={params['project']}; there are {len(found)}: "
        f"{', '.join(i['InstanceId'] for i in found)}"
    )
    return found[0]


def tags(resource: dict[str, Any]) -> dict[str, str]:
    return {t["Key"]: t["Value"] for t in resource.get("Tags") or []}


def inside(cidr: str, outer: str) -> bool:
    return ipaddress.ip_network(cidr).subnet_of(ipaddress.ip_network(outer))


# -- Terraform's view ------------------------------------------------------------


def tf_resources(tf: Any) -> list[dict[str, Any]]:
    if "resources" not in _cache:
        _cache["resources"] = tf.resources(INFRA)
    return _cache["resources"]


def tf_plan(tf: Any) -> dict[str, Any]:
    """A plan of infra/ as JSON: its parsed configuration (module calls, variables, outputs,
    expressions) and planned changes."""
    if "plan" not in _cache:
        _cache["plan"] = tf.plan_json(INFRA)
    return _cache["plan"]


def module_path(address: str) -> list[str]:
    """['net'] for module.net.aws_vpc.main; [] for a root resource."""
    parts = address.split(".")
    return [parts[i + 1] for i, p in enumerate(parts[:-1]) if p == "module"]


def module_config(plan: dict[str, Any], path: list[str]) -> dict[str, Any]:
    """The configuration of the module at `path` (module names, outermost first)."""
    mod = plan.get("configuration", {}).get("root_module", {})
    for name in path:
        mod = (mod.get("module_calls", {}).get(name) or {}).get("module") or {}
    return mod


def constants(expr: Any) -> list[str]:
    """Every constant string in a configuration expression (blocks and lists included)."""
    out: list[str] = []
    if isinstance(expr, dict):
        if "constant_value" in expr:
            value = expr["constant_value"]
            stack = [value]
            while stack:
                item = stack.pop()
                if isinstance(item, str):
                    out.append(item)
                elif isinstance(item, dict):
                    stack.extend(item.values())
                elif isinstance(item, list):
                    stack.extend(item)
        for key, value in expr.items():
            if key not in ("constant_value", "references"):
                out += constants(value)
    elif isinstance(expr, list):
        for item in expr:
            out += constants(item)
    return out


def references(expr: Any) -> list[str]:
    """Every reference (var.x, aws_vpc.this.id, ...) in a configuration expression."""
    out: list[str] = []
    if isinstance(expr, dict):
        out += [r for r in expr.get("references") or [] if isinstance(r, str)]
        for key, value in expr.items():
            if key not in ("constant_value", "references"):
                out += references(value)
    elif isinstance(expr, list):
        for item in expr:
            out += references(item)
    return out


def tf_outputs(tf: Any) -> dict[str, Any]:
    if "outputs" not in _cache:
        _cache["outputs"] = tf.outputs(INFRA)
    return _cache["outputs"]


def state_object(aws: Any, params: dict[str, Any]) -> dict[str, Any]:
    bucket, key = params["state_bucket"], state_key(params)
    s3 = aws.client("s3")
    try:
        body = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
    except s3.exceptions.NoSuchBucket:
        raise AssertionError(f"the state bucket {bucket} does not exist (task state-backend)") from None
    except s3.exceptions.NoSuchKey:
        keys = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", [])]
        raise AssertionError(
            f"expected the state of infra/ at s3://{bucket}/{key}; the bucket holds: "
            f"{', '.join(keys) or 'nothing'}"
        ) from None
    try:
        return json.loads(body)
    except ValueError:
        raise AssertionError(f"s3://{bucket}/{key} is not a Terraform state (not JSON)") from None
