"""Docker Swarm for classes that outgrow one machine: one stack per student.

What the swarm backends (labctl.backends.swarm, swarm_terraform) drive:

- `config`: the swarm settings file (node engine endpoints, the class registry);
- `cluster`: the swarm as labctl sees it: nodes, their engines, what they have reserved;
- `stack`: the compose -> `docker stack deploy` translation (pure, unit-tested);
- `placement`: which node a student's stack goes to, by free capacity;
- `registry`: the class registry (a master on the manager, pull-through mirrors on the
  other nodes, all at 127.0.0.1:PORT from each node's point of view) and image publishing;
- `files`: an env's folders on its node (bind-mount sources labctl seeds and reads back);
- `tunnel`: a port forward into a container through its node's engine (no extra daemon);
- `emulator`: the AWS emulator image (moto) that runs inside a student's stack.
"""
