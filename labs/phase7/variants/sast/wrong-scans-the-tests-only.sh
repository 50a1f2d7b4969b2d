#!/usr/bin/env bash
# expect: fail
# why: the stage runs bandit on the tests file only (`bandit app/test_app.py`), so new findings in app.py pass
# feedback: passed on a copy
# include: _lib/sast-fixes.sh
add_stage "bandit -q -lll app/test_app.py"
