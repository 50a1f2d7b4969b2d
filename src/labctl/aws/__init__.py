"""AWS for terraform labs: where an env's AWS lives and how to reach it.

    modes      `--aws emulator|localstack|profile:NAME` and the connection an env records
    emulator   the per-env moto server: start, health-check, find (even without state), stop
    serve      the emulator's entry point (`python -m labctl.aws.serve --workdir ...`)
    procs      the few process-table helpers orphan detection needs
    tfconfig   terraform settings: provider mirror detection, shared plugin cache, CLI config

boto3 and moto are imported lazily (only when an env really talks to AWS).
"""
