#!/bin/bash
# Reference solution, task publish: main, then the release tag(s), to origin.
set -euo pipefail
cd "/workspace/$LAB_PARAM_REPO"
git push -q origin main
git push -q --follow-tags origin main
