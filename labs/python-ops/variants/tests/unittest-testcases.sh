#!/usr/bin/env bash
# expect: pass
# why: unittest.TestCase classes (run by pytest), functions tested directly, CliRunner for the commands
# needs: config, fanout, logging, health
set -euo pipefail
rm -f /lab/tests/test_version.py
cat > /lab/tests/test_units.py <<'PY'
import json
import logging
import os
import tempfile
import unittest
from pathlib import Path

from typer.testing import CliRunner

from opsctl import fanout, health, inventory, logs
from opsctl.cli import app


class InventoryTests(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.addCleanup(self.dir.cleanup)

    def file(self, text):
        path = Path(self.dir.name) / "inv.yaml"
        path.write_text(text)
        return path

    def test_good_file_loads_with_defaults(self):
        doc = inventory.load(self.file("defaults: {port: 2200}\nhosts: [{name: a, address: b}]\n"))
        self.assertEqual(inventory.hosts(doc)[0]["port"], 2200)

    def test_bad_port_is_an_error(self):
        with self.assertRaises(inventory.InventoryError) as ctx:
            inventory.load(self.file("hosts: [{name: a, address: b, port: 0}]\n"))
        self.assertIn("hosts/0/port", str(ctx.exception))

    def test_cli_exit_codes(self):
        runner = CliRunner(mix_stderr=False)
        ok = runner.invoke(app, ["validate", str(self.file("hosts: [{name: a, address: b}]\n"))])
        bad = runner.invoke(app, ["validate", str(self.file("hosts: [{name: a}]\n"))])
        broken = runner.invoke(app, ["validate", str(self.file("hosts: [\n"))])
        self.assertEqual((ok.exit_code, bad.exit_code, broken.exit_code), (0, 2, 2))
        self.assertEqual(runner.invoke(app, ["version"]).exit_code, 0)

    def test_run_with_an_invalid_inventory(self):
        result = CliRunner(mix_stderr=False).invoke(app, ["run", "--inventory", str(self.file("hosts: []\n")), "true"])
        self.assertEqual(result.exit_code, 2)


class FanoutTests(unittest.TestCase):
    def test_refused_connection(self):
        row = fanout.run_on_host({"name": "x", "address": "127.0.0.1", "port": 9, "timeout": 1}, "true")
        self.assertEqual(row["status"], "unreachable")

    def test_all_hosts_are_counted(self):
        rows = fanout.run_everywhere([{"name": n, "address": "127.0.0.1", "port": 9, "timeout": 1}
                                      for n in ("a", "b")], "true")
        self.assertEqual(fanout.summarize(rows)["unreachable"], 2)

    def test_report_file(self):
        with tempfile.TemporaryDirectory() as d:
            inv, rep = Path(d) / "i.yaml", Path(d) / "r.json"
            inv.write_text("hosts: [{name: a, address: 127.0.0.1, port: 9, timeout: 1}]\n")
            result = CliRunner(mix_stderr=False).invoke(app, ["run", "--inventory", str(inv), "--report", str(rep), "true"])
            self.assertEqual(result.exit_code, 1)
            self.assertEqual(json.loads(rep.read_text())["summary"]["unreachable"], 1)


class LogAndHealthTests(unittest.TestCase):
    def test_formatter(self):
        rec = logging.LogRecord("t", logging.ERROR, __file__, 1, "boom", (), None)
        rec.host = "h"
        self.assertEqual(json.loads(logs.JsonFormatter().format(rec))["host"], "h")

    def test_setup_logging_installs_one_handler(self):
        logs.setup_logging()
        self.assertEqual(len(logging.getLogger().handlers), 1)

    def test_collector(self):
        with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as fh:
            fh.write("disks: [/]\nmax_disk_used_ratio: 0\n")
        self.addCleanup(os.unlink, fh.name)
        names = {f.name: f.samples[0].value for f in health.HealthCollector(health.load_config(Path(fh.name))).collect()}
        self.assertEqual(names["opsctl_healthy"], 0)
PY
cd /lab && python3 -m pytest -q -p no:cacheprovider --cov=opsctl tests | tail -3
