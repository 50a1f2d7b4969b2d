"""Grading: pytest-testinfra checks run by a pytest plugin, scored per task.

Layout:
    context    what the checks may know about the env (a JSON file the grader writes)
    mapping    which task a check belongs to (spec `checks` entries and `task` markers)
    messages   learner-facing failure messages from exceptions
    plugin     the pytest plugin: collects outcomes through hooks, per-check timeouts
    fixtures   host, http, params, env, docker (+ fixtures_aws / fixtures_k8s if present)
    dockerapi  a testinfra backend on the Docker exec API (`labctl-docker://`)
    engine     runs the checks in an isolated pytest subprocess with a watchdog
    worker     the entry point of that subprocess
    scoring    reports: per check, per task, overall; hint penalties
    reports    JSON, JUnit XML and Gradescope renderings of a report

Only `engine`, `scoring` and `reports` are imported by the rest of labctl;
everything else runs inside the pytest subprocess.
"""
