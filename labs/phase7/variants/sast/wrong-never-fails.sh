#!/usr/bin/env bash
# expect: fail
# why: the code fixed, but `|| true` after bandit "so the pipeline stays green"
# feedback: passed on a copy
# include: _lib/sast-fixes.sh
add_stage "bandit -q -r app -lll || true"
