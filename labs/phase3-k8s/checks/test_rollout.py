"""Task `rollout`: maxUnavailable 0, v2 rolled out, then rolled back to v1."""

import pytest

from labctl.grading.k8s_inspect import containers_of

V1 = "labctl/phase3-k8s-app:v1"
V2 = "labctl/phase3-k8s-app:v2"


@pytest.mark.points(2)
def test_rolling_update_with_zero_unavailable(k8s, params):
    app = params["app_name"]
    deployment = k8s.require("Deployment", app, params["namespace"])
    strategy = deployment["spec"].get("strategy") or {}
    kind = strategy.get("type", "RollingUpdate")
    assert kind == "RollingUpdate", f"Deployment {app} uses the {kind} strategy; it should use RollingUpdate"
    unavailable = (strategy.get("rollingUpdate") or {}).get("maxUnavailable", "25%")
    assert str(unavailable) in ("0", "0%"), (
        f"Deployment {app} allows maxUnavailable {unavailable} during a rollout; it should be 0")


@pytest.mark.points(1)
def test_v2_was_rolled_out(k8s, params):
    k8s.assert_revision_with_image(params["app_name"], V2, params["namespace"])


@pytest.mark.points(2)
def test_rolled_back_to_v1(k8s, params):
    app, ns = params["app_name"], params["namespace"]
    deployment = k8s.require("Deployment", app, ns)
    images = [str(c.get("image")) for c in containers_of(deployment)]
    assert V2 not in images, f"Deployment {app} still runs {V2}: roll it back"
    assert V1 in images, f"Deployment {app} should run {V1} again; it runs {', '.join(images)}"
    history = k8s.rollout_history(app, ns)
    v2 = [r.number for r in history if V2 in r.images]
    assert v2, f"Deployment {app} runs {V1}, but {V2} is not in its rollout history: roll v2 out first"
    current = max(history, key=lambda r: r.number)
    assert V1 in current.images and current.number > max(v2), (
        f"the newest revision of Deployment {app} (revision {current.number}) should be v1, after "
        f"v2 (revision {max(v2)})")
    k8s.assert_deployment_ready(app, 3, ns)
