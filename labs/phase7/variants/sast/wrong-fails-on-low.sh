#!/usr/bin/env bash
# expect: fail
# why: the code fixed, but the stage is plain `bandit -r app`, which also fails on low and medium findings
# feedback: fails on your workspace as it is
# include: _lib/sast-fixes.sh
add_stage "bandit -q -r app"
