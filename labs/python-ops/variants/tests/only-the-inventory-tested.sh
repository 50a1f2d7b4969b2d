#!/usr/bin/env bash
# expect: fail
# why: six good tests, all of the inventory code; run, health and logging are never exercised
# needs: config, fanout, logging, health
# feedback: line coverage of the opsctl package is
set -euo pipefail
cat > /lab/tests/test_inventory.py <<'PY'
import pytest
import yaml

from opsctl.inventory import InventoryError, hosts, load


def write(tmp_path, text):
    p = tmp_path / "h.yaml"
    p.write_text(text)
    return p


def test_load_good(tmp_path):
    assert load(write(tmp_path, "hosts: [{name: a, address: b}]"))["hosts"][0]["name"] == "a"


def test_defaults_apply():
    doc = yaml.safe_load("defaults: {user: u}\nhosts: [{name: a, address: b}]")
    assert hosts(doc)[0]["user"] == "u"


def test_host_wins():
    doc = yaml.safe_load("defaults: {user: u}\nhosts: [{name: a, address: b, user: v}]")
    assert hosts(doc)[0]["user"] == "v"


@pytest.mark.parametrize("text", ["hosts: []", "hosts: [{name: a}]", "hosts: [{name: a, address: b, port: 0}]"])
def test_bad(tmp_path, text):
    with pytest.raises(InventoryError):
        load(write(tmp_path, text))
PY
