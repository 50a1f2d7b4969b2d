"""Task network: the VPC with its CIDR and a subnet, the web server in it, and its
security group letting in HTTPS from anywhere and SSH from the admin address only."""

import ipaddress

import pytest

HTTPS, SSH = 443, 22
ANYWHERE = "0.0.0.0/0"


def _cidr(params):
    return f"10.{int(params['vpc_octet'])}.0.0/16"


def _admin(params):
    return f"198.51.100.{int(params['admin_octet'])}/32"


def _vpc(ec2, params):
    cidr = _cidr(params)
    vpcs = [v for v in ec2.describe_vpcs()["Vpcs"]
            if v.get("CidrBlock") == cidr or any(a.get("CidrBlock") == cidr for a in v.get("CidrBlockAssociationSet", []))]
    if not vpcs:
        seen = [v["CidrBlock"] for v in ec2.describe_vpcs()["Vpcs"] if not v.get("IsDefault")]
        pytest.fail(f"there is no VPC with CIDR {cidr}" + (f" (your VPCs: {', '.join(seen)})" if seen else ""))
    return vpcs[0]


def _instance(ec2, params):
    name = params["instance_name"]
    found = []
    for page in ec2.get_paginator("describe_instances").paginate(
            Filters=[{"Name": "tag:Name", "Values": [name]}]):
        for reservation in page["Reservations"]:
            found += [i for i in reservation["Instances"]
                      if i["State"]["Name"] not in ("terminated", "shutting-down")]
    if not found:
        pytest.fail(f"there is no instance named {name} (tag Name={name}) that is not terminated")
    if len(found) > 1:
        pytest.fail(f"there are {len(found)} instances named {name}: keep one")
    return found[0]


@pytest.mark.points(1)
def test_vpc_with_a_subnet(aws, params):
    ec2 = aws.client("ec2")
    vpc = _vpc(ec2, params)
    network = ipaddress.ip_network(_cidr(params))
    subnets = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}])["Subnets"]
    inside = [s for s in subnets if ipaddress.ip_network(s["CidrBlock"]).subnet_of(network)]
    assert inside, f"VPC {vpc['VpcId']} ({_cidr(params)}) has no subnet yet: add one inside {_cidr(params)}"


@pytest.mark.points(2)
def test_web_server_instance(aws, params):
    ec2 = aws.client("ec2")
    vpc = _vpc(ec2, params)
    inst = _instance(ec2, params)
    name, wanted = params["instance_name"], params["instance_type"]
    assert inst.get("VpcId") == vpc["VpcId"], (
        f"instance {name} runs in {inst.get('VpcId') or 'no VPC'}, not in your VPC {vpc['VpcId']} ({_cidr(params)}): "
        "launch it into a subnet of that VPC"
    )
    assert inst["InstanceType"] == wanted, f"instance {name} is a {inst['InstanceType']}: it should be a {wanted}"
    state = inst["State"]["Name"]
    assert state in ("running", "pending"), f"instance {name} is {state}: it should be running"


def _describe_rule(perm, source):
    proto = perm.get("IpProtocol")
    if proto in ("-1", "all"):
        return f"all traffic from {source}"
    ports = perm.get("FromPort"), perm.get("ToPort")
    span = str(ports[0]) if ports[0] == ports[1] else f"{ports[0]}-{ports[1]}"
    return f"{proto} {span} from {source}"


def attached_groups(inst):
    """Ids of every security group on the instance: real AWS lists them under SecurityGroups
    and on each network interface; the emulator fills only the interfaces' Groups when the
    instance was launched with its groups on a network interface (boto3's
    NetworkInterfaces=[{..., "Groups": [...]}], Terraform's network_interface block)."""
    ids = [g["GroupId"] for g in inst.get("SecurityGroups") or []]
    for eni in inst.get("NetworkInterfaces") or []:
        ids += [g["GroupId"] for g in eni.get("Groups") or []]
    return list(dict.fromkeys(ids))


@pytest.mark.points(2)
def test_security_group_rules(aws, params):
    ec2 = aws.client("ec2")
    inst = _instance(ec2, params)
    group_ids = attached_groups(inst)
    assert group_ids, f"instance {params['instance_name']} has no security group"
    groups = ec2.describe_security_groups(GroupIds=group_ids)["SecurityGroups"]
    admin = _admin(params)
    https_open = ssh_admin = False
    extra = []
    for group in groups:
        for perm in group.get("IpPermissions", []):
            proto = perm.get("IpProtocol")
            lo, hi = perm.get("FromPort"), perm.get("ToPort")
            sources = [r["CidrIp"] for r in perm.get("IpRanges", [])] + \
                      [r["CidrIpv6"] for r in perm.get("Ipv6Ranges", [])] + \
                      [p.get("GroupId", "?") for p in perm.get("UserIdGroupPairs", [])] + \
                      [p.get("PrefixListId", "?") for p in perm.get("PrefixListIds", [])]
            for source in sources:
                single_tcp = proto in ("tcp", "6") and lo == hi
                if single_tcp and lo == HTTPS and source == ANYWHERE:
                    https_open = True
                elif single_tcp and lo == SSH and source == admin:
                    ssh_admin = True
                elif single_tcp and lo == HTTPS and source == "::/0":
                    continue  # HTTPS from anywhere over IPv6 too: fine
                else:
                    extra.append(f"{_describe_rule(perm, source)} ({group['GroupId']})")
    name = params["instance_name"]
    assert not extra, f"the security groups of {name} let in more than HTTPS from anywhere and SSH from {admin}: {', '.join(extra[:3])}"
    assert https_open, f"the security groups of {name} do not let HTTPS (tcp 443) in from anywhere ({ANYWHERE})"
    assert ssh_admin, f"the security groups of {name} do not let SSH (tcp 22) in from the admin address {admin}"
