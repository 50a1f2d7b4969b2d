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
    attached = [g["GroupId"] for g in inst.get("SecurityGroups", [])]
    assert group["GroupId"] in attached, (
        f"expected the security group {group['GroupName']} ({group['GroupId']}) on the instance; "
        f"it has: {', '.join(g['GroupName'] for g in inst.get('SecurityGroups', [])) or 'none'}"
    )
