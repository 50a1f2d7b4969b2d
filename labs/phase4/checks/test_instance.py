"""Task instance: one running instance, tagged, in the network, behind the web group."""

import phase4_infra as p
import pytest


@pytest.mark.points(3)
def test_instance_tagged(aws, params):
    inst = p.the_instance(aws, params)
    name = p.tags(inst).get("Name", "")
    assert name.strip(), f"expected the instance {inst['InstanceId']} to have a Name tag; it has none"


@pytest.mark.points(1)
def test_instance_type(aws, params):
    inst = p.the_instance(aws, params)
    assert inst["InstanceType"] == params["instance_type"], (
        f"expected instance type {params['instance_type']}; {inst['InstanceId']} is {inst['InstanceType']}"
    )


@pytest.mark.points(3)
def test_instance_in_a_subnet_of_the_vpc(aws, params):
    inst = p.the_instance(aws, params)
    vpc = p.find_vpc(aws, params)
    ids = [s["SubnetId"] for s in p.subnets(aws, vpc["VpcId"])]
    assert inst.get("SubnetId") in ids, (
        f"expected the instance in one of the VPC's subnets ({', '.join(ids)}); it is in {inst.get('SubnetId')}"
    )


@pytest.mark.points(3)
def test_instance_behind_the_web_group(aws, params):
    inst = p.the_instance(aws, params)
    vpc = p.find_vpc(aws, params)
    group = p.web_group(aws, params, vpc["VpcId"])
    # real AWS lists the groups in both places; the emulator only on the network interface
    # when the instance was launched with its groups there (a network_interface block)
    groups = list(inst.get("SecurityGroups") or [])
    for eni in inst.get("NetworkInterfaces") or []:
        groups += eni.get("Groups") or []
    attached = {g["GroupId"]: g.get("GroupName", g["GroupId"]) for g in groups}
    assert group["GroupId"] in attached, (
        f"expected the security group {group['GroupName']} ({group['GroupId']}) on the instance; "
        f"it has: {', '.join(attached.values()) or 'none'}"
    )


@pytest.mark.points(1)
def test_instance_managed_by_infra(aws, tf, params):
    inst = p.the_instance(aws, params)
    managed = {r.get("values", {}).get("id") for r in p.tf_resources(tf) if r["type"] == "aws_instance"}
    assert inst["InstanceId"] in managed, (
        f"expected the instance {inst['InstanceId']} to be managed by the Terraform of infra/ (an aws_instance "
        "resource there, applied); infra/'s state does not hold it"
    )
