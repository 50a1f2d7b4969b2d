"""Task outputs: infra/'s outputs name the real resources."""

import phase4_infra as p


def _output(tf, name):
    outputs = p.tf_outputs(tf)
    assert name in outputs, (
        f"expected an output {name} in infra/ (after terraform apply); its outputs: "
        f"{', '.join(sorted(outputs)) or 'none'}"
    )
    return outputs[name]

def test_output_vpc_id(aws, tf, params):
    got = _output(tf, "vpc_id")
    vpc = p.find_vpc(aws, params)
    assert got == vpc["VpcId"], f"expected output vpc_id = {vpc['VpcId']}; it is {got!r}"

def test_output_subnet_ids(aws, tf, params):
    got = _output(tf, "subnet_ids")
    vpc = p.find_vpc(aws, params)
    ids = sorted(s["SubnetId"] for s in p.subnets(aws, vpc["VpcId"]))
    assert isinstance(got, list) and sorted(got) == ids, (
        f"expected output subnet_ids to be the list of the VPC's subnets {ids}; it is {got!r}"
    )

def test_output_security_group_id(aws, tf, params):
    got = _output(tf, "security_group_id")
    group = p.web_group(aws, params, p.find_vpc(aws, params)["VpcId"])
    assert got == group["GroupId"], f"expected output security_group_id = {group['GroupId']}; it is {got!r}"

def test_output_instance_id(aws, tf, params):
    got = _output(tf, "instance_id")
    inst = p.the_instance(aws, params)
    assert got == inst["InstanceId"], f"expected output instance_id = {inst['InstanceId']}; it is {got!r}"

def test_output_instance_private_ip(aws, tf, params):
    got = _output(tf, "instance_private_ip")
    inst = p.the_instance(aws, params)
    want = inst.get("PrivateIpAddress")
    assert got == want, f"expected output instance_private_ip = {want}; it is {got!r}"
