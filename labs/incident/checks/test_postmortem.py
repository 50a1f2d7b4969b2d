"""Task postmortem: the named sections are there; its facts (incident, severity, impact window,
detection, root cause) match what really happened; action items have owners and due dates;
and it blames no one."""

import contextlib
import datetime as dt
import re

import _incident as lab
import pytest

SECTIONS = {
    "summary": ("summary",),
    "impact": ("impact",),
    "timeline": ("timeline",),
    "root cause": ("root cause", "root causes", "cause"),
    "trigger": ("trigger",),
    "detection": ("detection",),
    "resolution": ("resolution", "mitigation and resolution"),
    "action items": ("action items", "action item", "follow-ups", "follow-up actions"),
    "lessons learned": ("lessons learned", "lessons"),
}
TOLERANCE = 180  # s
BLAME = (r"human error", r"\bfault of\b", r"['’]s fault\b", r"\bat fault\b", r"\bto blame\b", r"\bblamed\b",
         r"\bblame (?:on|for)\b", r"\bcareless", r"\bnegligen", r"\bincompeten", r"should have known better",
         r"\bscrewed up\b", r"\bidiot", r"\blazy\b", r"\bsloppy\b")


@pytest.fixture
def shop(host, http, env, params):
    return lab.Lab(host, http, env, params)


def sections(text):
    """Known section -> its text. A heading deeper than the section's own (a subsection such
    as "What went well" under "Lessons learned") stays part of it."""
    found, current, level = {}, None, 0
    for line in text.splitlines():
        m = re.match(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$", line)
        if m:
            depth = len(m.group(1))
            title = re.sub(r"[^a-z ]+", " ", m.group(2).lower())
            title = re.sub(r"\s+", " ", title).strip()
            match = next((key for key, names in SECTIONS.items()
                          if key not in found and any(title == n or title.startswith(n + " ") for n in names)), None)
            if match:
                current, level = match, depth
                found[match] = []
                continue
            if current is None or depth <= level:
                current = None
                continue
        if current:
            found[current].append(line)
    return {k: "\n".join(v).strip() for k, v in found.items()}


def document(env):
    text = lab.read_text(env, lab.POSTMORTEM, "your postmortem")
    return text, sections(text)


def field(text, name):
    m = re.search(rf"^[\s>*_\-|]*{name}\s*[*_]*\s*[:|]\s*[*_]*\s*(.+?)\s*[*_|]*\s*$", text, re.I | re.M)
    return m.group(1).strip() if m else None


def duration_seconds(text):
    value = text.strip().lower()
    m = re.fullmatch(r"(\d+):(\d{2})(?::(\d{2}))?", value)
    if m:
        h, mi, s = int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)
        return h * 3600 + mi * 60 + s  # h:mm or h:mm:ss
    m = re.fullmatch(r"pt(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?", value)
    if m and any(m.groups()):
        return int(m.group(1) or 0) * 3600 + int(m.group(2) or 0) * 60 + int(m.group(3) or 0)
    total, seen = 0.0, False
    for num, unit in re.findall(r"(\d+(?:\.\d+)?)\s*(hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s)\b", value):
        seen = True
        total += float(num) * (3600 if unit.startswith("h") else 60 if unit.startswith("m") else 1)
    return total if seen else None


@pytest.mark.points(3)
def test_sections(env):
    _, found = document(env)
    missing = [k for k in SECTIONS if k not in found]
    assert not missing, ("the postmortem lacks these sections (Markdown headings): "
                         + ", ".join(m.capitalize() for m in missing))
    empty = [k for k in SECTIONS if not found[k]]
    assert not empty, "these sections are empty: " + ", ".join(e.capitalize() for e in empty)


@pytest.mark.points(5)
def test_facts(shop, env, params):
    rec = shop.require_incident()
    page = shop.require_page(rec)
    text, found = document(env)
    incident = field(text, "incident")
    assert incident and page["id"].upper() in incident.upper(), (
        f"expected a line `Incident: {page['id']}` (the pager's number); found {incident or 'none'}")
    severity = (field(text, "severity") or "").upper().replace(" ", "").replace("-", "")
    want = lab.expected_severity(params)
    assert severity.startswith(want), (
        f"expected `Severity: {want}` (the triage table's severity for this incident); found {severity or 'none'}")
    impact = found.get("impact") or text
    start_s, end_s, dur_s = field(impact, "start"), field(impact, "end"), field(impact, "duration")
    assert start_s and end_s and dur_s, "the Impact section should have `Start:`, `End:` and `Duration:` lines"
    start, end = lab.parse_time(start_s, "Impact, Start:"), lab.parse_time(end_s, "Impact, End:")
    began, resolved = rec["injected_at"], page["resolved_ts"]
    assert abs(start - began) <= TOLERANCE, (
        f"`Start: {start_s}` is not when customers were first affected: the fault hit at about {lab.iso(began)} "
        "(the customers' error and latency graphs show it)")
    if resolved:
        assert abs(end - resolved) <= TOLERANCE, (
            f"`End: {end_s}` is not when the incident ended: the page resolved at {lab.iso(resolved)}")
    else:  # a draft written before the page resolved: End cannot be checked yet, only its sense
        assert end > start, f"`End: {end_s}` should come after `Start: {start_s}`"
    seconds = duration_seconds(dur_s)
    assert seconds is not None, f"`Duration: {dur_s}` is not a duration such as `12 minutes` or `1h 5m`"
    assert abs(seconds - (end - start)) <= 60, (
        f"`Duration: {dur_s}` does not match End - Start ({(end - start) / 60:.0f} minutes)")
    detection = found.get("detection", "")
    assert any(a in detection for a in page["alerts"]), (
        f"the Detection section should name the alert that paged ({' or '.join(page['alerts'])})")
    cause = found.get("root cause", "")
    fault, component = lab.expected_fault(params), lab.expected_component(params)
    assert lab.mentions_fault(cause, fault) and lab.mentions_component(cause, component), (
        "the Root cause section should say what the fault was and which component it hit "
        "(the link, or the machine); it does not name both")


@pytest.mark.points(4)
def test_action_items(shop, env):
    rec = shop.require_incident()
    _, found = document(env)
    body = found.get("action items", "")
    items = []
    rows = [ln for ln in body.splitlines() if ln.strip().startswith("|")]
    if rows:
        header = [c.strip().lower() for c in rows[0].strip().strip("|").split("|")]
        owner_col = next((i for i, c in enumerate(header) if "owner" in c), None)
        due_col = next((i for i, c in enumerate(header) if "due" in c), None)
        for row in rows[1:]:
            cells = [c.strip() for c in row.strip().strip("|").split("|")]
            if all(re.fullmatch(r":?-+:?", c) for c in cells if c):
                continue
            owner = cells[owner_col] if owner_col is not None and owner_col < len(cells) else ""
            due = cells[due_col] if due_col is not None and due_col < len(cells) else ""
            items.append((row, bool(owner), due))
    for line in body.splitlines():
        if re.match(r"^\s*(?:[-*+]|\d+[.)])\s+", line):
            owner = bool(re.search(r"owner\s*[*_]*\s*[:=]\s*[*_]*\s*\S", line, re.I))
            m = re.search(r"due\s*[*_]*\s*[:=]\s*[*_]*\s*(\S+)", line, re.I)
            items.append((line, owner, m.group(1) if m else ""))
    assert len(items) >= 2, "the Action items section should list at least two items (list items or table rows)"
    day = dt.datetime.fromtimestamp(rec["injected_at"], dt.UTC).date()
    good = 0
    for _line, owner, due in items:
        m = re.search(r"\d{4}-\d{2}-\d{2}", due or "")
        if owner and m:
            with contextlib.suppress(ValueError):
                good += dt.date.fromisoformat(m.group(0)) >= day
    assert good >= 2, (
        f"at least two action items need an owner (`owner: ...`) and a due date on or after the incident "
        f"(`due: YYYY-MM-DD`); {good} of {len(items)} have both")


@pytest.mark.points(3)
def test_blameless(env):
    text, _ = document(env)
    hits = []
    for pattern in BLAME:
        m = re.search(pattern, text, re.I)
        if m:
            hits.append(text[max(0, m.start() - 30):m.end() + 30].replace("\n", " ").strip())
    assert not hits, ("a blameless postmortem explains what in the system allowed the failure, not who is at "
                      "fault; rewrite: ..." + " / ...".join(hits[:3]) + " ...")
