"""Task alert: an alerting rule that fires when the error ratio is above the threshold.

Graded by behaviour: the check makes the service's real error ratio clearly low, then
clearly high, with its own traffic, and evaluates the rule's condition each time; then
it waits (bounded) for the alert to fire in Prometheus. The rule may use the recording
rule or compute the ratio itself.
"""

import phase5_prom as p
import pytest


@pytest.mark.points(3)
def test_alert_rule_loaded(http, host, params):
    prom = p.Prom(http)
    rule = p.alert_rule(prom, params, host)
    team = params["team"]
    labels = rule.get("labels") or {}
    assert labels.get("team") == team, (
        f"expected the alert {rule['name']} to carry the label team={team} (Alertmanager routes "
        f"on it); its labels: {', '.join(f'{k}={v}' for k, v in labels.items()) or 'none'}"
    )
    duration = float(rule.get("duration") or 0)
    assert duration <= p.MAX_FOR_SECONDS, (
        f"expected `for:` of at most {p.MAX_FOR_SECONDS}s (this lab's traffic is short); "
        f"the rule waits {duration:g}s"
    )
    annotations = rule.get("annotations") or {}
    assert str(annotations.get("summary") or "").strip(), (
        "expected a `summary` annotation telling the on-call what is wrong; the rule has "
        f"annotations: {', '.join(annotations) or 'none'}"
    )
    assert rule.get("health") != "err", (
        f"the alert's expression fails when Prometheus evaluates it: {rule.get('lastError')}"
    )


@pytest.mark.points(3)
def test_alert_is_quiet_when_few_requests_fail(http, host, params):
    prom = p.Prom(http)
    rule = p.alert_rule(prom, params, host)
    label = p.require_label(prom, params)
    window = p.alert_window(prom, rule)
    ratio, at = p.historic_low_point(prom, params, label, window, rule)
    if ratio is not None:
        quiet = not p.alert_condition(prom, rule, at)
    else:
        ratio, at = p.drive_ratio(http, prom, params, label, window, high=False)
        if ratio is None:
            return  # the window still holds too many errors from an earlier grading: cannot tell
        quiet = p.condition_settles(prom, rule, False, at)
    assert quiet, (
        f"with only {p.fmt_pct(ratio)} of requests failing over {window}, below the threshold of "
        f"{params['error_threshold_pct']}%, the alert's condition `{rule['query']}` is true"
    )


@pytest.mark.points(4)
def test_alert_condition_when_many_requests_fail(http, host, params):
    prom = p.Prom(http)
    rule = p.alert_rule(prom, params, host)
    label = p.require_label(prom, params)
    window = p.alert_window(prom, rule)
    ratio, at = p.drive_ratio(http, prom, params, label, window, high=True)
    assert ratio is not None, (
        f"the check could not make the service's error ratio over {window} exceed the "
        "threshold: does /api/orders?fail=1 still answer HTTP 500?"
    )
    assert p.condition_settles(prom, rule, True, at), (
        f"with {p.fmt_pct(ratio)} of requests failing over {window}, above the threshold of "
        f"{params['error_threshold_pct']}%, the alert's condition `{rule['query']}` is false "
        "(compare the ratio with a fraction: 10% is 0.1)"
    )


@pytest.mark.points(1)
def test_alert_looks_at_the_last_minute(http, host, params):
    prom = p.Prom(http)
    rule = p.alert_rule(prom, params, host)
    wrong = p.wrong_windows(prom, rule["query"])
    assert not wrong, (
        f"the task asks for an alert on the share of failing requests over 1 minute; `{rule['query']}` "
        f"looks at {', '.join(wrong)}: use [1m] (or the recording rule, which is over 1m)"
    )


@pytest.mark.points(2)
def test_alert_fires(http, params):
    prom = p.Prom(http)
    note = p.make_it_fire(http, prom, params)
    assert not note, f"expected {params['alert_name']} to fire in Prometheus: {note}"
