"""`labctl --help` wall time (target: median <= 0.3 s). Heavy SDKs must stay lazy."""

from __future__ import annotations

import sys

from common import LABCTL, machine, median, timed

RUNS = 15


def main() -> int:
    timed([*LABCTL, "--help"])  # warm the page cache and .pyc files
    times = [timed([*LABCTL, "--help"]) for _ in range(RUNS)]
    med = median(times)
    print(f"labctl --help: median {med * 1000:.0f} ms, min {min(times) * 1000:.0f} ms, "
          f"max {max(times) * 1000:.0f} ms over {RUNS} runs; target <= 300 ms")
    print(f"machine: {machine()}")
    return 0 if med <= 0.3 else 1


if __name__ == "__main__":
    sys.exit(main())
