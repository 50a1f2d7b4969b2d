#!/usr/bin/env bash
# expect: pass
# why: the shared suite, plus `# pragma: no cover` on api.main(), which no unit test can run
# include: _lib/release.sh
# include: _lib/good-tests.sh
set -euo pipefail
sed -i 's/^def main():$/def main():  # pragma: no cover/' inventory/api.py
git add -A tests inventory
git commit -q -m "test: cover the package; main() is the server loop"
