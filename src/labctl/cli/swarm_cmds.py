"""`labctl registry ...` and `labctl swarm ...`: classes on Docker Swarm."""

from __future__ import annotations

from typing import Annotated

import typer

from labctl.cli.common import FormatOpt, OutputFormat, store

registry_app = typer.Typer(help="The class registry every swarm node pulls lab images from.",
                           no_args_is_help=True)
swarm_app = typer.Typer(help="The swarm classes run on: its nodes and how labctl reaches their engines.",
                        no_args_is_help=True)


@registry_app.command("up")
def registry_up(
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port the registry listens on, on "
                                      "every node (127.0.0.1:PORT from each node).")] = 5000,
) -> None:
    """Run the class registry as swarm services (built offline; safe to repeat)."""
    from labctl.cli.output import console, err_console
    from labctl.swarm import registry

    address = registry.up(store().store_id, port=port,
                          progress=lambda m: err_console.print(m, highlight=False, soft_wrap=True))
    console.print(f"the class registry answers at {address} on every node; swarm classes push lab images there.")


@registry_app.command("down")
def registry_down(
    keep_data: Annotated[bool, typer.Option("--keep-data", help="Keep the volume with the pushed images.")] = False,
) -> None:
    """Remove the class registry (its services, password and, unless --keep-data, its images)."""
    from labctl.cli.output import console, err_console
    from labctl.swarm import registry

    count = registry.down(store().store_id, lambda m: err_console.print(m, highlight=False), keep_data=keep_data)
    console.print(f"the class registry is gone ({count} object(s) removed).")


@registry_app.command("status")
def registry_status(fmt: FormatOpt = OutputFormat.table) -> None:
    """The registry's services, and whether every node's engine reaches it."""
    from dataclasses import asdict

    from labctl.cli.output import console, print_json
    from labctl.swarm import registry

    st = registry.status(store().store_id)
    if fmt is OutputFormat.json:
        print_json(asdict(st))
        return
    if st.address is None:
        console.print("No class registry: start one with `labctl registry up` (or give classes --registry).")
    else:
        console.print(f"registry: {st.address} (on every node)")
    for name, state in st.services.items():
        console.print(f"  service {name}: {state}")
    for node in st.nodes:
        console.print(f"  node {node.node}: reachable {node.reachable}")


@swarm_app.command("nodes")
def nodes(fmt: FormatOpt = OutputFormat.table) -> None:
    """The swarm's nodes: role, state, resources, and whether labctl reaches their engines."""
    from dataclasses import asdict

    from labctl.cli.output import console, print_json
    from labctl.swarm import cluster

    found = cluster.nodes()
    used = cluster.reservations()
    if fmt is OutputFormat.json:
        print_json([{**asdict(n), "endpoint": n.endpoint.describe() if n.endpoint else None,
                     "reserved_memory": used.get(n.id, cluster.Usage()).memory} for n in found])
        return
    from rich.table import Table

    table = Table("node", "id", "role", "state", "availability", "cpus", "memory", "reserved", "engine", "address")
    for n in found:
        reserved = used.get(n.id, cluster.Usage()).memory
        table.add_row(n.hostname + (" (this one)" if n.is_self else ""), n.id[:12], n.role, n.state,
                      n.availability, f"{n.cpus:g}", f"{n.memory / 2**30:.1f} GiB",
                      f"{reserved / 2**30:.1f} GiB",
                      n.endpoint.describe() if n.endpoint else "[yellow]none: `labctl swarm endpoint`[/]",
                      n.address)
    console.print(table)


@swarm_app.command("endpoint")
def endpoint(
    node: Annotated[str, typer.Argument(help="Node id (or host name, if unique).")],
    url: Annotated[str | None, typer.Argument(help="ssh://USER@HOST, tcp://HOST:2376 or unix:///PATH; "
                                              "omit to only set --address.")] = None,
    cert_path: Annotated[str | None, typer.Option("--cert-path", help="tcp://: folder with ca.pem, cert.pem "
                                                  "and key.pem.")] = None,
    address: Annotated[str | None, typer.Option("--address", help="What students connect to for envs on "
                                                "this node (default: its swarm address).")] = None,
    remove: Annotated[bool, typer.Option("--remove", help="Forget this node's settings.")] = False,
) -> None:
    """Tell labctl how to reach a node's Docker engine (grading, shells, files on that node)."""
    from pydantic import ValidationError

    from labctl.cli.output import console
    from labctl.errors import UserInputError
    from labctl.swarm import config as config_mod

    settings = config_mod.load()
    if remove:
        settings.nodes.pop(node, None)
        config_mod.save(settings)
        console.print(f"forgot node {node}.")
        return
    current = settings.nodes.get(node, config_mod.NodeSettings())
    try:
        settings.nodes[node] = config_mod.NodeSettings(
            endpoint=url or current.endpoint, cert_path=cert_path or current.cert_path,
            address=address or current.address)
    except ValidationError as exc:
        raise UserInputError(f"endpoint '{url}' {exc.errors()[0]['msg']}.") from None
    path = config_mod.save(settings)
    console.print(f"node {node}: {settings.nodes[node].endpoint or 'no endpoint'} (saved in {path}).")
