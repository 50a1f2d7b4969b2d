"""Task plan-clean: infra/ manages the web tier, and a second plan changes nothing."""

import phase4_infra as p
import pytest


@pytest.mark.points(1)
def test_stack_manages_the_web_tier(tf):
    types = {r["type"] for r in p.tf_resources(tf)}
    missing = [t for t in ("aws_vpc", "aws_subnet", "aws_security_group", "aws_instance") if t not in types]
    assert not missing, (
        f"expected infra/ to manage the whole web tier; its state has no {', '.join(missing)}"
    )


@pytest.mark.points(4)
def test_second_plan_is_clean(tf):
    types = {r["type"] for r in p.tf_resources(tf)}
    assert "aws_instance" in types and "aws_vpc" in types, (
        "a plan of infra/ can only prove convergence once it manages the web tier: apply it first"
    )
    plan = tf.plan(p.INFRA)
    assert plan.clean, (
        f"expected terraform plan in infra/ to find nothing to change; it plans: "
        f"{', '.join(plan.changes) or plan.summary}"
    )
