"""Task mitigate: the cause gone (measured from inside the shop), customers served within
the objectives, the alerts and the page resolved with no silence left behind, and the
record updated. Nothing here passes before the incident has happened."""

import time

import _incident as lab
import pytest

ALERTS_SETTLE = 90  # s: the alert windows are 30 s; the pager hears of it a few seconds later


@pytest.fixture
def shop(host, http, env, params):
    return lab.Lab(host, http, env, params)


@pytest.mark.points(7)
def test_cause_removed(shop):
    shop.require_page(shop.require_incident())
    problems = shop.settled_problems(wait=15)
    assert not problems, "the shop is not healthy yet: " + "; ".join(problems)


@pytest.mark.points(4)
def test_customers_served(shop):
    shop.require_page(shop.require_incident())
    deadline = time.time() + 20
    while True:
        issues = shop.customer_round()
        if not issues or time.time() > deadline:
            break
        time.sleep(3)
    assert not issues, "customers are not served well through the front door: " + "; ".join(issues[:4])


@pytest.mark.points(5)
@pytest.mark.timeout(240)
def test_alerts_resolved(shop):
    rec = shop.require_incident()
    page = shop.require_page(rec)
    problems = shop.problems()
    assert not problems, ("the alerts cannot resolve while the shop is unhealthy (see the first check): "
                          + "; ".join(problems))
    deadline = time.time() + ALERTS_SETTLE
    while True:
        alerts = shop.shop_alerts()
        if not alerts or time.time() > deadline:
            break
        time.sleep(3)
    silences = shop.active_silences()
    if alerts:
        which = ", ".join(f"{a['labels']['alertname']} ({a['state']})" for a in alerts)
        note = " (a silence only hides it from the pager)" if silences else ""
        raise AssertionError(f"the shop's alerts have not resolved after {ALERTS_SETTLE} s: {which}{note}")
    assert not silences, (
        f"{len(silences)} Alertmanager silence(s) still cover the shop's alerts (e.g. "
        f"'{silences[0].get('comment', '')[:60]}', until {silences[0].get('endsAt', '?')[:19]}): expire them "
        "(`amtool silence expire ID --alertmanager.url=http://alertmanager:9093`), or the next incident pages nobody")
    while True:
        page = next(i for i in shop.incidents() if i["id"] == page["id"])
        if page["status"] == "resolved" or time.time() > deadline + 30:
            break
        time.sleep(3)
    assert page["status"] == "resolved", (
        f"{page['id']} is still {page['status']} in the pager although the alerts cleared: Alertmanager sends "
        "the resolution within seconds unless something (a silence?) holds it back")


@pytest.mark.points(4)
def test_record_updated(shop, env):
    page = shop.require_page(shop.require_incident())
    doc = lab.read_record(env)
    status = lab.field_text(doc, "status").lower()
    assert status in ("mitigated", "resolved"), (
        f"`status:` in /lab/{lab.RECORD} should say mitigated or resolved once the shop is healthy; it says {status}")
    entries = lab.timeline(doc, lenient=True)
    paged = page["triggered_ts"]
    after = [e for e in entries if paged + 5 < e.ts <= time.time() + 60]
    assert after, (f"expected a timeline entry for the mitigation, later than the page ({lab.iso(paged)}), "
                   "with its time in ISO 8601 with a time zone")
