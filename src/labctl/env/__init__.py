"""The ground floor: the vocabulary every layer above shares about one environment.

- `record`: the typed env record (what the state store keeps) and its status enum;
- `naming`: the names an env's things get on shared engines, scoped by the store id;
- `labels`: the Docker labels that mark what an env owns;
- `context`: what a backend is handed to serve one env (`EnvContext`, `Progress`);
- `status`: a row of `labctl status` and how the env's overall state is observed.

It imports only the spec layer and the utilities below it.
"""
