#!/usr/bin/env bash
# expect: pass
# why: one `git push --follow-tags origin main` (the tag is annotated, so it goes along)
# needs: pipeline, changelog, version
# include: _lib/release.sh
set -euo pipefail
git push -q --follow-tags origin main
