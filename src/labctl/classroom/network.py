"""Subnets for class envs.

Docker's default address pools hold about 30 bridge networks (172.17-31/16 and
192.168/16 in /20s), fewer than a class of 30 with a network or two each
needs. A class therefore takes its students' subnets from a pool of its own
(10.213.0.0/16 in /26 blocks by default: 1024 networks), skipping every
subnet Docker networks, other envs and the host's routes already use.
"""

from __future__ import annotations

import ipaddress
import socket
import struct
from pathlib import Path
from typing import Any

import yaml

from labctl.env.record import EnvRecord
from labctl.errors import LabctlError, UserInputError
from labctl.spec.loader import Lab
from labctl.state import Store

BLOCK_PREFIX = 26
Net = ipaddress.IPv4Network


def parse_pool(text: str) -> Net:
    try:
        pool = ipaddress.IPv4Network(text, strict=True)
    except ValueError as exc:
        raise UserInputError(f"subnet pool '{text}' is not an IPv4 network like 10.213.0.0/16: {exc}.") from None
    if pool.prefixlen > BLOCK_PREFIX:
        raise UserInputError(f"subnet pool '{text}' is too small; it needs at least a /{BLOCK_PREFIX}.")
    if not pool.is_private:
        raise UserInputError(f"subnet pool '{text}' is not a private range (10/8, 172.16/12, 192.168/16).")
    return pool


def network_names(lab: Lab, record: EnvRecord) -> list[str]:
    """Networks the env's compose file makes (rendered with this record's values)."""
    from labctl.env.context import EnvContext
    from labctl.render import render_template

    part = lab.spec.environment.compose
    if part is None:
        return []
    ctx = EnvContext(lab=lab, record=record)
    doc = yaml.safe_load(render_template(lab, part.template, ctx.template_context())) or {}
    services: dict[str, Any] = doc.get("services") or {}
    declared: dict[str, Any] = doc.get("networks") or {}
    names: list[str] = []
    for svc in services.values():
        svc = svc or {}
        nets = svc.get("networks")
        if svc.get("network_mode"):
            continue
        used = ["default"] if not nets else list(nets)
        names += [n for n in used if n not in names]
    return [
        n for n in names
        if not (declared.get(n) or {}).get("external")
        and (declared.get(n) or {}).get("driver", "bridge") == "bridge"
        and not (declared.get(n) or {}).get("ipam")
    ]


def host_routes() -> list[Net]:
    """IPv4 routes of this host (Linux), so a class subnet never hides a real network."""
    routes: list[Net] = []
    try:
        lines = Path("/proc/net/route").read_text().splitlines()[1:]
    except OSError:
        return routes
    for line in lines:
        fields = line.split()
        if len(fields) < 8:
            continue
        dest, mask = (socket.inet_ntoa(struct.pack("<L", int(x, 16))) for x in (fields[1], fields[7]))
        if mask == "0.0.0.0":
            continue  # the default route
        try:
            routes.append(ipaddress.IPv4Network(f"{dest}/{mask}", strict=False))
        except ValueError:
            continue
    return routes


def used_subnets(store: Store) -> list[Net]:
    from labctl import docker_engine

    used: list[Net] = []
    for net in docker_engine.client().networks.list():
        for cfg in (net.attrs.get("IPAM") or {}).get("Config") or []:
            try:
                used.append(ipaddress.IPv4Network(cfg.get("Subnet", ""), strict=False))
            except ValueError:
                continue
    for env in store.list_envs():
        for cidr in env.data.subnets.values():
            used.append(ipaddress.IPv4Network(cidr))
    return used + host_routes()


def allocate(pool: Net, count: int, used: list[Net], start: int = 0) -> list[Net]:
    """`count` free /26 blocks of the pool, first fit from block `start` (wrapping around);
    `used` is extended with them."""
    found: list[Net] = []
    blocks = list(pool.subnets(new_prefix=BLOCK_PREFIX))
    for block in blocks[start % len(blocks):] + blocks[:start % len(blocks)]:
        if len(found) == count:
            break
        if any(block.overlaps(u) for u in used):
            continue
        found.append(block)
        used.append(block)
    if len(found) < count:
        raise LabctlError(
            f"the class subnet pool {pool} has no free /{BLOCK_PREFIX} left.",
            hint="Create the class with a larger --subnet-pool, or bring down unused envs.",
        )
    return found


def assign_subnets(lab: Lab, record: EnvRecord, pool: Net, used: list[Net], start: int = 0) -> None:
    """Give each of the env's networks a subnet (kept in the record; the compose backend applies it)."""
    current = dict(record.data.subnets)
    missing = [n for n in network_names(lab, record) if n not in current]
    for name, block in zip(missing, allocate(pool, len(missing), used, start), strict=True):
        current[name] = str(block)
    record.data.subnets = current
