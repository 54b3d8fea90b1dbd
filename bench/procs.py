"""What the measured processes use: resident memory and CPU time of a process with its
children (the service's workers), read from /proc, and when they have settled."""

from __future__ import annotations

import os
import time
from pathlib import Path


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, MiB."""
    total = 0
    for p in [pid, *_children(pid)]:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return round(total / 1024, 1)


def _children(pid: int) -> list[int]:
    try:
        kids = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    out = [int(k) for k in kids]
    return out + [g for k in out for g in _children(k)]


def tree_cpu_s(pid: int) -> float:
    """CPU time of a process and its live children (the service's workers), s."""
    return sum(cpu_s(p) for p in [pid, *_children(pid)])


def cpu_s(pid: int) -> float:
    try:
        f = Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1].split()
    except OSError:
        return 0.0
    return (int(f[11]) + int(f[12]) + int(f[13]) + int(f[14])) / os.sysconf("SC_CLK_TCK")


def settled(pid: int, timeout: float = 300.0, below: float = 0.1, still: int = 6) -> float:
    """Wait until the service's processes have used less than ``below`` of a core in each
    of ``still`` seconds in a row; the seconds until that quiet began.

    Why: after its first answer the service still has start-up work: the other worker
    loads its projection, then each prepares today's coverage reports (~20 s of CPU a
    worker at 100k). Measured on 27 November, that work fell in the first workload's run
    (the directory's). The workloads measure the service as it then runs; the start-up
    work is this figure, beside the start and the projection's load. Six quiet seconds,
    because a worker's preparer waits for 3 s of an unchanged snapshot before it starts
    (a one-second window found the service quiet just before it began, in run p)."""
    t = time.perf_counter()
    quiet_since = t
    while time.perf_counter() - t < timeout:
        c0 = tree_cpu_s(pid)
        time.sleep(1.0)
        if tree_cpu_s(pid) - c0 >= below:
            quiet_since = time.perf_counter()
        elif time.perf_counter() - quiet_since >= still:
            break
    return round(quiet_since - t, 1)
