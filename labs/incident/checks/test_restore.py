"""Task restore: a data-loss drill. The grader finds the newest intact backup and its orders'
fingerprint, drops the orders table (the lab's bad migration), runs /lab/runbooks/restore.sh
and measures when the orders are back and a customer can check out again, against the RTO.
One drill per grading run, shared by the three checks."""

import time

import _incident as lab
import pytest

FINGERPRINT = ("SELECT count(*) || ' ' || coalesce(max(id), 0) || ' ' || coalesce(md5(string_agg("
               "id || ':' || product_id || ':' || quantity || ':' || amount_cents || ':' || customer, ',' "
               "ORDER BY id)), '-') FROM orders")

# On db: the newest backup (by time) whose checksum matches and that pg_restore can read,
# restored into a scratch database for its fingerprint.
NEWEST_INTACT = r"""
set -u
cd /var/backups/shop 2>/dev/null || { echo "no /var/backups/shop"; exit 3; }
for f in $(ls -t -- *.dump 2>/dev/null); do
  if [ -e "$f.sha256" ]; then
    want=$(awk '{print $1; exit}' "$f.sha256"); have=$(sha256sum "$f" | awk '{print $1}')
    [ "$want" = "$have" ] || continue
  fi
  su postgres -c "pg_restore --list '$PWD/$f'" >/dev/null 2>&1 || continue
  su postgres -c "dropdb --if-exists grader_verify && createdb grader_verify" || exit 4
  su postgres -c "pg_restore --no-owner -d grader_verify '$PWD/$f'" >/dev/null 2>&1
  fp=$(su postgres -c "psql -XAtqd grader_verify -c \"$1\"")
  su postgres -c "dropdb --if-exists grader_verify"
  echo "$PWD/$f|$fp"; exit 0
done
echo "no intact backup"; exit 5
"""


@pytest.fixture(scope="module")
def drill(host, http, env):
    from labctl.grading.context import current

    params = dict(current().params)
    shop = lab.Lab(host, http, env, params)
    path = env.workspace_file(lab.RESTORE)
    if not path.is_file():
        return {"error": f"expected your restore script in /lab/{lab.RESTORE}; there is no such file"}
    if shop.sh("workspace", f"test -x /lab/{lab.RESTORE}", timeout=10).rc != 0:
        return {"error": f"/lab/{lab.RESTORE} is not executable: chmod +x it (and give it a #! line)"}
    ready = shop.sh("db", "pg_isready -q -h 127.0.0.1 -t 10 && su postgres -c "
                          "\"psql -XAtqd shop -c 'SELECT 1 FROM orders LIMIT 1'\"", timeout=30)
    if ready.rc != 0:
        return {"error": "the grader's data-loss drill needs PostgreSQL on db running with its orders table "
                         f"(finish task mitigate first): {ready.tail or 'it does not answer'}"}
    r = shop.host("db").run("bash -c %s intact %s", NEWEST_INTACT, FINGERPRINT)
    if r.rc != 0 or "|" not in r.stdout:
        return {"error": f"the grader found no intact backup in db's /var/backups/shop ({r.stdout.strip() or r.stderr.strip()}): "
                         "did something delete or change them?"}
    backup, fingerprint = r.stdout.strip().splitlines()[-1].split("|", 1)
    count, max_id, _ = fingerprint.split(" ")
    rto = int(params["rto_seconds"])
    started = time.time()
    shop.chaos("data-loss")
    result = shop.sh("workspace", f"cd /lab && /lab/{lab.RESTORE} </dev/null", timeout=rto + 30)
    outcome = {"backup": backup, "want": fingerprint, "rto": rto, "rc": result.rc, "tail": result.tail,
               "data_at": None, "service_at": None, "got": None}
    live = FINGERPRINT.replace("FROM orders", f"FROM orders WHERE id <= {int(max_id)}")
    while True:
        now = time.time()
        if outcome["data_at"] is None:
            got = shop.sh("db", f"su postgres -c {lab._q('psql -XAtqd shop -c ' + lab._q(live))}", timeout=20)
            outcome["got"] = got.out.strip() or got.err.strip()[:200]
            if got.rc == 0 and got.out.strip() == fingerprint:
                outcome["data_at"] = now - started
        if outcome["data_at"] is not None and outcome["service_at"] is None:
            issues = checkout_issues(shop)
            outcome["issues"] = issues
            if not issues:
                outcome["service_at"] = time.time() - started
        if (outcome["service_at"] is not None) or now - started > rto + 15:
            break
        time.sleep(1)
    if outcome["data_at"] is None or outcome["service_at"] is None:
        fix = (f"su postgres -c \"pg_restore --clean --if-exists -d shop '{backup}'\" >/dev/null 2>&1; "
               "su postgres -c \"psql -XAtqd shop -c 'select 1 from orders limit 1'\"")
        shop.sh("db", fix, timeout=120)
        shop.heal()
    outcome["count"] = int(count)
    return outcome


def checkout_issues(shop):
    import requests

    issues = []
    try:
        resp = requests.get(shop.http.url("web", "/api/orders?limit=3"), timeout=15)
        if resp.status_code != 200:
            issues.append(f"listing orders answers HTTP {resp.status_code}")
        resp = requests.post(shop.http.url("web", "/api/orders"), json={"product_id": 2, "customer": "drill"},
                             timeout=15)
        if resp.status_code != 201:
            issues.append(f"a checkout answers HTTP {resp.status_code}: {resp.text.strip()[:120]}")
        else:
            oid = resp.json().get("id")
            back = requests.get(shop.http.url("web", f"/api/orders/{oid}"), timeout=15)
            if back.status_code != 200:
                issues.append(f"the new order {oid} cannot be read back (HTTP {back.status_code})")
    except requests.RequestException as exc:
        issues.append(f"the shop does not answer ({type(exc).__name__})")
    return issues


def require(drill):
    if "error" in drill:
        raise AssertionError(drill["error"])


def script_note(drill):
    return (f" Your script exited {drill['rc']}" + (f"; its last output: {drill['tail']}" if drill["tail"] else
                                                    " and printed nothing"))


@pytest.mark.points(6)
@pytest.mark.timeout(400)
def test_restore_recovers_the_data(drill):
    require(drill)
    got = (drill["got"] or "").split()
    race = (len(got) == 3 and got[1] == drill["want"].split()[1] and got[0] != drill["want"].split()[0])
    assert drill["data_at"] is not None, (
        f"after the drill the orders table does not hold the orders of the newest intact backup, "
        f"{drill['backup'].rsplit('/', 1)[-1]} ({drill['count']} orders): expected count/max id/checksum "
        f"{drill['want']}, found {drill['got'] or 'nothing'}."
        + (" The same ids, but other rows: customers' checkouts landed in the table while it was being "
           "restored (restore in one transaction, or keep the API away from the database meanwhile)."
           if race else "") + script_note(drill))


@pytest.mark.points(5)
@pytest.mark.timeout(400)
def test_restore_lets_customers_order(drill):
    require(drill)
    assert drill["data_at"] is not None, "the orders did not come back (see the data check)"
    assert drill["service_at"] is not None, (
        "the orders are back, but customers cannot use them: " + "; ".join(drill.get("issues") or ["?"])
        + ". Restore the whole database as it was (the table with its id sequence, keys and indexes); if "
        "checkouts fail for another reason, mitigate your incident first." + script_note(drill))


@pytest.mark.points(4)
@pytest.mark.timeout(400)
def test_restore_meets_the_rto(drill):
    require(drill)
    assert drill["service_at"] is not None, "the restore did not bring the shop back (see the checks above)"
    took = drill["service_at"]
    assert took <= drill["rto"], (
        f"the shop was back {took:.0f} s after the data was lost; the recovery-time objective is "
        f"{drill['rto']} s." + script_note(drill))

