"""Task triage: the page acknowledged in the pager, and an incident record that names it,
with the right severity and a timeline that matches what the pager recorded."""

import itertools
import time

import _incident as lab
import pytest

TOLERANCE = 120  # seconds between a timeline entry and the pager's own time for it


@pytest.fixture
def shop(host, http, env, params):
    return lab.Lab(host, http, env, params)


@pytest.mark.points(4)
def test_page_acknowledged(shop):
    page = shop.require_page(shop.require_incident())
    if page["acknowledged_ts"] is None:
        if page["status"] == "resolved":
            raise AssertionError(
                f"{page['id']} resolved without being acknowledged: on call, acknowledge a page when "
                "you take it, before you work on it (`labctl reset incident` starts a new incident)")
        raise AssertionError(f"{page['id']} has not been acknowledged in the pager: `pager ack {page['id']} "
                             "--by YOUR-NAME` in your workstation")


@pytest.mark.points(3)
def test_record_names_the_page(shop, env):
    page = shop.require_page(shop.require_incident())
    doc = lab.read_record(env)
    incident = lab.field_text(doc, "incident")
    assert incident.upper() == page["id"].upper(), (
        f"`incident:` should be the pager's number for this incident, {page['id']}; the record says {incident}")
    alert = lab.field_text(doc, "alert")
    assert alert in page["alerts"], (
        f"`alert:` should name an alert of {page['id']} ({', '.join(page['alerts'])}); the record says {alert}")
    for key in ("title", "commander"):
        lab.field_text(doc, key)
    status = lab.field_text(doc, "status").lower()
    allowed = ("acknowledged", "investigating", "identified", "mitigated", "resolved")
    assert status in allowed, f"`status:` should be one of {', '.join(allowed)}; the record says {status}"


@pytest.mark.points(4)
def test_severity(shop, env, params):
    shop.require_page(shop.require_incident())
    doc = lab.read_record(env)
    said = lab.field_text(doc, "severity").upper().replace(" ", "").replace("-", "")
    assert said in ("SEV1", "SEV2", "SEV3"), f"`severity:` should be SEV1, SEV2 or SEV3; the record says {said}"
    want = lab.expected_severity(params)
    if said != want:
        why = ("customers cannot check out (most checkouts fail)" if want == "SEV1"
               else "checkouts mostly succeed, but the shop is slow or some requests fail")
        raise AssertionError(
            f"`severity: {said}` does not match the triage table for this incident: {why}, which makes it "
            f"{want}. Try a checkout yourself and look at shop:client_error_ratio:rate30s and "
            "shop:client_latency_p95_by_endpoint:rate30s")


@pytest.mark.points(4)
def test_timeline(shop, env):
    rec = shop.require_incident()
    page = shop.require_page(rec)
    entries = lab.timeline(lab.read_record(env))
    assert len(entries) >= 3, f"the timeline should have at least 3 entries (page, acknowledgement, triage); it has {len(entries)}"
    for before, after in itertools.pairwise(entries):
        assert after.ts >= before.ts, (
            f"the timeline should be in time order: entry {after.index} ({lab.iso(after.ts)}) comes before "
            f"entry {before.index} ({lab.iso(before.ts)})")
    now = time.time()
    future = [e for e in entries if e.ts > now + 60]
    assert not future, f"timeline entry {future[0].index} is in the future ({lab.iso(future[0].ts)}; now is {lab.iso(now)})"
    early = [e for e in entries if e.ts < rec["injected_at"] - 600]
    assert not early, (f"timeline entry {early[0].index} ({lab.iso(early[0].ts)}) is long before this incident "
                       f"began: is its time zone right? (the lab's clocks run in UTC)")
    paged = page["triggered_ts"]
    assert any(abs(e.ts - paged) <= TOLERANCE for e in entries), (
        f"expected a timeline entry for the page: the pager opened {page['id']} at {lab.iso(paged)}; your entries "
        f"are at {', '.join(lab.iso(e.ts) for e in entries)} (is the time zone right?)")
    acked = page["acknowledged_ts"]
    assert acked is not None, f"{page['id']} has not been acknowledged in the pager yet (see the first check)"
    assert any(abs(e.ts - acked) <= TOLERANCE for e in entries), (
        f"expected a timeline entry for your acknowledgement: the pager recorded it at {lab.iso(acked)}; your "
        f"entries are at {', '.join(lab.iso(e.ts) for e in entries)}")
