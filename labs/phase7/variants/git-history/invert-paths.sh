#!/usr/bin/env bash
# expect: pass
# why: the file that held the password removed from every commit (filter-repo --invert-paths) instead of replacing the text
set -euo pipefail
cd /workspace/repo
git filter-repo --force --quiet --invert-paths --path config/database.ini
