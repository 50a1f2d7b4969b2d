"""Classroom sessions: a roster, one isolated env per student, access, gradebook, reaping.

    roster      read and check the roster CSV (errors with line numbers)
    classes     create / open a class; credentials; the lab's ssh port
    safety      refuse labs that would give students the host (docker socket, host_docker)
    network     per-env subnets from the class's own pool
    provision   class up (bounded parallel, convergent), reset of one student, class down
    access      set each student's SSH password and key; the handout
    gradebook   grade everyone through labctl.core.grade; CSV/JSON/HTML/Gradescope exports
    status      per-student state and last grade; the list of classes
    reaper      bring down the envs of classes past their TTL

The CLI is labctl.cli.class_cmds; nothing here prints.
"""
