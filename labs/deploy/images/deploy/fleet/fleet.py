#!/usr/bin/env python3
"""fleet: talk to the app server's deployment agent (fleetd, http://apps:9000).

  fleet status [NAME] [--json]   instances: address, version, state (ready/starting/stopped/crashed)
  fleet releases [--json]        versions you can deploy
  fleet deploy NAME VERSION      replace NAME's running version with VERSION. Returns at once:
                                 the instance is unavailable (503) until the new version has warmed up
  fleet stop NAME                stop NAME

The same API answers plain HTTP (curl http://apps:9000/instances), for scripts in any language.
"""
import json
import os
import sys
import urllib.error
import urllib.request

URL = os.environ.get("FLEET_URL", "http://apps:9000")


def call(method, path):
    req = urllib.request.Request(URL + path, method=method, data=b"" if method == "POST" else None)
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return json.load(resp)
    except urllib.error.HTTPError as exc:
        try:
            message = json.load(exc).get("error", exc.reason)
        except ValueError:
            message = exc.reason
        sys.exit(f"fleet: {message}")
    except OSError as exc:
        sys.exit(f"fleet: cannot reach fleetd at {URL}: {exc}")


def main(argv):
    as_json = "--json" in argv
    args = [a for a in argv if a != "--json"]
    if not args or args[0] in ("-h", "--help", "help"):
        print(__doc__.strip())
        return 0
    cmd, rest = args[0], args[1:]
    if cmd == "status" and len(rest) <= 1:
        data = call("GET", "/instances" + (f"/{rest[0]}" if rest else ""))
        rows = data if isinstance(data, list) else [data]
        if as_json:
            print(json.dumps(data, indent=1))
        else:
            print(f"{'NAME':<8} {'ADDRESS':<11} {'SERVICE':<8} {'VERSION':<8} STATE")
            for r in rows:
                print(f"{r['name']:<8} {r['address']:<11} {r['service']:<8} {r['version']:<8} {r['state']}")
        return 0
    if cmd == "releases" and not rest:
        data = call("GET", "/releases")
        print(json.dumps(data) if as_json else "\n".join(data))
        return 0
    if cmd == "deploy" and len(rest) == 2:
        data = call("POST", f"/instances/{rest[0]}/deploy?version={rest[1]}")
        print(json.dumps(data) if as_json else f"{data['name']}: deploying {data['version']} (state {data['state']})")
        return 0
    if cmd == "stop" and len(rest) == 1:
        data = call("POST", f"/instances/{rest[0]}/stop")
        print(json.dumps(data) if as_json else f"{data['name']}: {data['state']}")
        return 0
    print(f"fleet: unknown command or wrong arguments: {' '.join(args)}\n\n{__doc__.strip()}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
