#!/usr/bin/env bash
# expect: fail
# why: `git push` of main only: the tag stays on the laptop
# needs: pipeline, changelog, version
# include: _lib/release.sh
# feedback: has no tag for the release
set -euo pipefail
git push -q origin main
